//===- Passes.td - deconv dialect passes -------------------*- tablegen -*-===//

#ifndef DECONV_TRANSFORMS_PASSES_TD
#define DECONV_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def DeconvInferShapes : Pass<"deconv-infer-shapes", "ModuleOp"> {
  let summary = "Refine unranked or dynamic result types through functions";
  let description = [{
    Propagates the types that `deconv.conv` and `deconv.conv_transpose` infer
    (from their operand shapes and attributes) through each function, in the
    spirit of the Toy tutorial's shape inference but with dynamic dims:

    - deconv ops get the most precise result type compatible with both the
      declared and the inferred one (`tensor<*xf32>` or `tensor<?x?x?x?xf32>`
      become static where the operands allow it);
    - `tensor.cast` ops that only lose information are refined (and vanish);
    - elementwise ops (`Elementwise` trait, all operands tensors) take the
      refined shape of their operands;
    - `func.return` operands are refined and the function's result types
      follow (and so do the result types of `func.call`s to it), unless
      `refine-function-types=false`.

    Users that cannot take a more precise operand type keep the old type
    through a `tensor.cast`, so the IR stays valid at every step. Dynamic dims
    that cannot be resolved statically stay dynamic; they remain reifiable
    through `ReifyRankedShapedTypeOpInterface`.

    Example:

    ```mlir
    func.func @f(%x: tensor<1x4x5x5xf32>, %w: tensor<4x2x3x3xf32>) -> tensor<*xf32> {
      %y = deconv.conv_transpose %x, %w strides = [2, 2]
          : (tensor<1x4x5x5xf32>, tensor<4x2x3x3xf32>) -> tensor<*xf32>
      %z = math.tanh %y : tensor<*xf32>
      return %z : tensor<*xf32>
    }
    ```

    becomes a function returning `tensor<1x2x11x11xf32>` with every value
    typed `tensor<1x2x11x11xf32>`.
  }];
  let options = [
    Option<"refineFunctionTypes", "refine-function-types", "bool",
           /*default=*/"true",
           "Refine function result types (and their call sites) from the "
           "refined operands of func.return">
  ];
  let dependentDialects = ["::mlir::tensor::TensorDialect"];
}

#endif // DECONV_TRANSFORMS_PASSES_TD
