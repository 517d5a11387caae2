// The struct fuzzer's input: the conv_transpose's constant filter, transposed
// at compile time, is a splat of 2^49 bytes.
func.func @f(%x: tensor<1x4x5x5x5xf32>) -> tensor<*xf32> {
  %w = arith.constant dense<1.0> : tensor<4x1099511627776x4x4x4xf32>
  %y = "deconv.conv_transpose"(%x, %w) : (tensor<1x4x5x5x5xf32>, tensor<4x1099511627776x4x4x4xf32>) -> tensor<*xf32>
  return %y : tensor<*xf32>
}
