//===- DeconvOps.td - deconv.conv and deconv.conv_transpose -*- tablegen -*-===//

#ifndef DECONV_OPS_TD
#define DECONV_OPS_TD

include "deconv/Dialect/Deconv/IR/DeconvDialect.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

def Deconv_FloatTensor : RankedTensorOf<[F16, BF16, F32, F64]>;
def Deconv_AnyFloatTensor : TensorOf<[F16, BF16, F32, F64]>;

class Deconv_ConvLikeOp<string mnemonic> : Deconv_Op<mnemonic, [
    Pure,
    DeclareOpInterfaceMethods<InferTypeOpInterface, ["refineReturnTypes"]>,
    DeclareOpInterfaceMethods<ReifyRankedShapedTypeOpInterface,
                              ["reifyResultShapes"]>]> {
  let results = (outs Deconv_AnyFloatTensor:$output);
  let hasVerifier = 1;

  code commonExtraClassDeclaration = [{
    /// A declared result type may be less precise than the inferred one.
    static bool isCompatibleReturnTypes(::mlir::TypeRange l,
                                        ::mlir::TypeRange r);
    /// Parameters with defaults filled in (verified ops only).
    ::mlir::deconv::ConvParams getParams();
    /// Number of spatial dims.
    unsigned getSpatialRank() {
      return ::llvm::cast<::mlir::RankedTensorType>(getInput().getType())
                 .getRank() - 2;
    }
  }];
}

def Deconv_ConvOp : Deconv_ConvLikeOp<"conv"> {
  let summary = "N-d convolution (PyTorch Conv{1,2,3}d, ONNX Conv)";
  let description = [{
    Channels-first convolution with 1 to 3 spatial dims:

    ```
    input  [N, Cin, I_1..I_k]   filter [Cout, Cin/g, K_1..K_k]   bias [Cout]
    O_i = floor((I_i + padLo_i + padHi_i - dil_i*(K_i-1) - 1) / s_i) + 1
    y[n, co, o] = bias[co] + sum_{c, k} x[n, grp(co)*Cin/g + c, o*s - padLo + k*dil] * w[co, c, k]
    ```

    Attributes (all optional; defaults in brackets): `strides` [1 each],
    `dilations` [1 each], `padding` (ONNX order: all begins, then all ends)
    [0 each], `groups` [1]. Padding may be asymmetric; positions outside the
    input read zero. Any other attribute without a dialect prefix is an
    error that names the closest valid one.

    Syntax (the keywords in any order, each at most once; printed in this
    order, `groups` only when it is not 1):

    ```
    operation ::= `deconv.conv` $input `,` $filter (`,` $bias)?
                  (`strides` `=` `[` int-list `]`)?
                  (`dilations` `=` `[` int-list `]`)?
                  (`padding` `=` `[` int-list `]`)?
                  (`groups` `=` integer)?
                  attr-dict `:` functional-type(operands, results)
    ```

    The result type is inferred; a declared result type may be less precise
    (dynamic dims, unranked) but must not contradict the inferred one.

    Element types: input and filter share one of f32, f64, f16 and bf16,
    and so do the bias and the result, except that an f16 or bf16 op may
    take an f32 bias and return f32. Sums of f16 and bf16 products are
    formed in f32 and rounded once, to nearest even, to the result type;
    f32 and f64 ops sum in their own type.

    Example:

    ```mlir
    %y = deconv.conv %x, %w, %b strides = [2, 2] padding = [1, 1, 1, 1]
        : (tensor<1x3x32x32xf32>, tensor<16x3x3x3xf32>, tensor<16xf32>)
        -> tensor<1x16x16x16xf32>
    ```
  }];
  let arguments = (ins
    Deconv_FloatTensor:$input,
    Deconv_FloatTensor:$filter,
    Optional<Deconv_FloatTensor>:$bias,
    OptionalAttr<DenseI64ArrayAttr>:$strides,
    OptionalAttr<DenseI64ArrayAttr>:$dilations,
    OptionalAttr<DenseI64ArrayAttr>:$padding,
    DefaultValuedAttr<I64Attr, "1">:$groups);
  // $input `,` $filter (`,` $bias)? then `strides = [..]`, `dilations =
  // [..]`, `padding = [..]`, `groups = N` in any order, attr-dict `:`
  // functional-type(operands, results).
  let hasCustomAssemblyFormat = 1;
  let extraClassDeclaration = commonExtraClassDeclaration;
}

def Deconv_ConvTransposeOp : Deconv_ConvLikeOp<"conv_transpose"> {
  let summary = "N-d transposed convolution (PyTorch ConvTranspose{1,2,3}d, "
                "ONNX ConvTranspose)";
  let description = [{
    Channels-first transposed convolution ("deconvolution") with 1 to 3
    spatial dims, the adjoint of `deconv.conv` in its input:

    ```
    input  [N, Cin, I_1..I_k]   filter [Cin, Cout/g, K_1..K_k]   bias [Cout]
    O_i = (I_i - 1)*s_i - padLo_i - padHi_i + dil_i*(K_i-1) + outPad_i + 1
    y[n, co, o] = bias[co] + sum over (ci in co's group, i, k) with
                  i*s - padLo + k*dil == o of x[n, ci, i] * w[ci, co mod (Cout/g), k]
    ```

    Attributes (all optional; defaults in brackets): `strides` [1 each],
    `dilations` [1 each], `padding` (ONNX order: all begins, then all ends;
    crops the full output) [0 each], `output_padding` (extra positions at
    the end; each must be < max(stride, dilation)) [0 each], `groups` [1].
    Any other attribute without a dialect prefix is an error that names the
    closest valid one.

    Syntax (the keywords in any order, each at most once; printed in this
    order, `groups` only when it is not 1):

    ```
    operation ::= `deconv.conv_transpose` $input `,` $filter (`,` $bias)?
                  (`strides` `=` `[` int-list `]`)?
                  (`dilations` `=` `[` int-list `]`)?
                  (`padding` `=` `[` int-list `]`)?
                  (`output_padding` `=` `[` int-list `]`)?
                  (`groups` `=` integer)?
                  attr-dict `:` functional-type(operands, results)
    ```

    The result type is inferred; a declared result type may be less precise
    (dynamic dims, unranked) but must not contradict the inferred one.

    Element types: input and filter share one of f32, f64, f16 and bf16,
    and so do the bias and the result, except that an f16 or bf16 op may
    take an f32 bias and return f32. Sums of f16 and bf16 products are
    formed in f32 and rounded once, to nearest even, to the result type;
    f32 and f64 ops sum in their own type.

    Example (a DCGAN generator layer):

    ```mlir
    %y = deconv.conv_transpose %x, %w strides = [2, 2] padding = [1, 1, 1, 1]
        : (tensor<16x256x8x8xf32>, tensor<256x128x4x4xf32>)
        -> tensor<16x128x16x16xf32>
    ```
  }];
  let arguments = (ins
    Deconv_FloatTensor:$input,
    Deconv_FloatTensor:$filter,
    Optional<Deconv_FloatTensor>:$bias,
    OptionalAttr<DenseI64ArrayAttr>:$strides,
    OptionalAttr<DenseI64ArrayAttr>:$dilations,
    OptionalAttr<DenseI64ArrayAttr>:$padding,
    OptionalAttr<DenseI64ArrayAttr>:$output_padding,
    DefaultValuedAttr<I64Attr, "1">:$groups);
  // As deconv.conv's, with `output_padding = [..]` too.
  let hasCustomAssemblyFormat = 1;
  let extraClassDeclaration = commonExtraClassDeclaration;
}

#endif // DECONV_OPS_TD
