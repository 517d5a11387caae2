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
      with the op's strides and dilations when `groups = 1`; otherwise, on
      the group-expanded operands (`tensor.expand_shape` /
      `collapse_shape`), `linalg.conv_2d_ngchw_gfchw` for 2-D and a
      `linalg.generic` over [N, G, Cout/G, O..., Cin/G, K...] for 1-D and
      3-D.

    The result type must be ranked (run `--deconv-infer-shapes` first for
    unranked results). Grouped convolutions may have a dynamic channel
    count: the group split is then `[G, ?]`.
    `deconv.conv_transpose` is left alone: one of the conv_transpose
    strategies rewrites it first.
  }];
  let dependentDialects = [
    "::mlir::affine::AffineDialect", "::mlir::arith::ArithDialect",
    "::mlir::linalg::LinalgDialect", "::mlir::tensor::TensorDialect"
  ];
}

def DeconvImportTosa : Pass<"deconv-import-tosa"> {
  let summary = "Rewrite TOSA convolutions into deconv ops";
  let description = [{
    Hands a TOSA program's convolutions to deconv-opt. Each float
    `tosa.conv2d`, `tosa.conv3d`, `tosa.depthwise_conv2d` and
    `tosa.transpose_conv2d` (zero points 0, accumulator type equal to the
    element type) becomes a `deconv.conv` / `deconv.conv_transpose` between
    explicit `linalg.transpose`s: NHWC/NDHWC activations to channels-first
    and back, and the TOSA weight layouts to deconv's:

    | TOSA op | TOSA weight | deconv filter |
    |---------|-------------|---------------|
    | `conv2d` | [OC, KH, KW, IC] | [OC, IC, KH, KW] |
    | `conv3d` | [OC, KD, KH, KW, IC] | [OC, IC, KD, KH, KW] |
    | `depthwise_conv2d` | [KH, KW, C, M] | [C*M, 1, KH, KW], `groups = C` |
    | `transpose_conv2d` | [OC, KH, KW, IC] | [IC, OC, KH, KW] |

    `pad` ([top, bottom, left, right], and front/back first in 3-D) becomes
    ONNX-order `padding`. `transpose_conv2d`'s `out_pad` adds (or, when
    negative, crops) output rows and columns: negative values become
    `padding`, positive ones a zero `tensor.pad` of the result with the bias
    added after it. A bias of one element is broadcast to all channels.

    Two transposes that undo each other (one layer's output going into the
    next) fold away, so a chain of convolutions stays channels-first. Ops
    this pass cannot express (integer/quantized convolutions, non-zero zero
    points, a wider accumulator) are left to TOSA's own lowering.
  }];
  let dependentDialects = [
    "::mlir::deconv::DeconvDialect", "::mlir::arith::ArithDialect",
    "::mlir::linalg::LinalgDialect", "::mlir::tensor::TensorDialect"
  ];
}

#endif // DECONV_CONVERSION_PASSES_TD
