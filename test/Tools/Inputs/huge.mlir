func.func @f(%x: tensor<9223372036854775807x4x9223372036854775807xf32>, %w: tensor<4x2x3xf32>) {
  %0 = deconv.conv_transpose %x, %w strides = [9223372036854775807] : (tensor<9223372036854775807x4x9223372036854775807xf32>, tensor<4x2x3xf32>) -> tensor<*xf32>
  return
}
