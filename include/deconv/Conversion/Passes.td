//===- Passes.td - deconv conversion passes ----------------*- tablegen -*-===//

#ifndef DECONV_CONVERSION_PASSES_TD
#define DECONV_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertDeconvToLinalg : Pass<"deconv-to-linalg"> {
  let summary = "Lower deconv.conv to tensor.pad and linalg convolutions";
  let description = [{
    Rewrites every `deconv.conv` into:

    - `tensor.pad` (zeros) of the input when any padding is non-zero;
    - an init tensor: `linalg.broadcast` of the bias over [N, Cout, O...], or
      `linalg.fill` with zero (sizes reified, so dynamic dims work);
    - the convolution: `linalg.conv_{1d_ncw_fcw,2d_nchw_fchw,3d_ncdhw_fcdhw}`
      with the op's strides and dilations when `groups = 1`, otherwise a
      `linalg.generic` over [N, G, Cout/G, O..., Cin/G, K...] on the
      group-expanded operands (`tensor.expand_shape` / `collapse_shape`).

    The result type must be ranked (run `--deconv-infer-shapes` first for
    unranked results). Grouped convolutions need static channel counts.
    `deconv.conv_transpose` is left alone: one of the conv_transpose
    strategies rewrites it first.
  }];
  let dependentDialects = [
    "::mlir::affine::AffineDialect", "::mlir::arith::ArithDialect",
    "::mlir::linalg::LinalgDialect", "::mlir::tensor::TensorDialect"
  ];
}

#endif // DECONV_CONVERSION_PASSES_TD
