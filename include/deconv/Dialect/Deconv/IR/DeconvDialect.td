//===- DeconvDialect.td - The deconv dialect ---------------*- tablegen -*-===//

#ifndef DECONV_DIALECT_TD
#define DECONV_DIALECT_TD

include "mlir/IR/OpBase.td"

def Deconv_Dialect : Dialect {
  let name = "deconv";
  let cppNamespace = "::mlir::deconv";
  let summary = "Convolution and transposed convolution with PyTorch/ONNX semantics";
  let description = [{
    The `deconv` dialect models convolution (`deconv.conv`) and transposed
    convolution (`deconv.conv_transpose`) on channels-first tensors with 1 to 3
    spatial dims, with the exact semantics of PyTorch's `Conv{1,2,3}d` /
    `ConvTranspose{1,2,3}d` and ONNX's `Conv` / `ConvTranspose` (after
    `auto_pad` and `output_shape` are resolved into explicit padding and
    `output_padding`).

    Both ops infer their result type (`InferTypeOpInterface`) and reify dynamic
    result dims (`ReifyRankedShapedTypeOpInterface`); the output-size
    arithmetic lives in one helper (`deconv/Support/ConvGeometry.h`) shared by
    the verifier, inference and every lowering.

    Inherent attributes are stored in the attribute dictionary (not as
    properties), so the generic form is
    `"deconv.conv"(%x, %w) {strides = array<i64: 2, 2>} : (...) -> ...`.
  }];
  let dependentDialects = ["::mlir::affine::AffineDialect",
                           "::mlir::tensor::TensorDialect"];
  // The generic form `"deconv.conv"(...) {attrs}` is a documented contract.
  let usePropertiesForAttributes = 0;
}

class Deconv_Op<string mnemonic, list<Trait> traits = []> :
    Op<Deconv_Dialect, mnemonic, traits>;

#endif // DECONV_DIALECT_TD
