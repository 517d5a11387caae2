// A decoder layer for the re-entrancy test: up-conv with bias, then ReLU.
func.func @layer(%x: tensor<2x16x9x7xf32>, %w: tensor<16x8x4x4xf32>, %b: tensor<8xf32>) -> tensor<2x8x18x14xf32> {
  %y = deconv.conv_transpose %x, %w, %b strides = [2, 2] padding = [1, 1, 1, 1]
      : (tensor<2x16x9x7xf32>, tensor<16x8x4x4xf32>, tensor<8xf32>) -> tensor<2x8x18x14xf32>
  %zero = arith.constant dense<0.0> : tensor<2x8x18x14xf32>
  %r = arith.maximumf %y, %zero : tensor<2x8x18x14xf32>
  return %r : tensor<2x8x18x14xf32>
}
