// Two layers with an intermediate of 128 KiB: an up-conv and a 3x3 conv.
func.func @net(%x: tensor<1x32x16x16xf32>, %w1: tensor<32x32x4x4xf32>, %w2: tensor<8x32x3x3xf32>) -> tensor<1x8x32x32xf32> {
  %h = deconv.conv_transpose %x, %w1 strides = [2, 2] padding = [1, 1, 1, 1]
      : (tensor<1x32x16x16xf32>, tensor<32x32x4x4xf32>) -> tensor<1x32x32x32xf32>
  %y = deconv.conv %h, %w2 padding = [1, 1, 1, 1]
      : (tensor<1x32x32x32xf32>, tensor<8x32x3x3xf32>) -> tensor<1x8x32x32xf32>
  return %y : tensor<1x8x32x32xf32>
}

// The same network with a dynamic batch: its intermediates have run-time
// sizes.
func.func @net_dyn(%x: tensor<?x32x16x16xf32>, %w1: tensor<32x32x4x4xf32>, %w2: tensor<8x32x3x3xf32>) -> tensor<?x8x32x32xf32> {
  %h = deconv.conv_transpose %x, %w1 strides = [2, 2] padding = [1, 1, 1, 1]
      : (tensor<?x32x16x16xf32>, tensor<32x32x4x4xf32>) -> tensor<?x32x32x32xf32>
  %y = deconv.conv %h, %w2 padding = [1, 1, 1, 1]
      : (tensor<?x32x32x32xf32>, tensor<8x32x3x3xf32>) -> tensor<?x8x32x32xf32>
  return %y : tensor<?x8x32x32xf32>
}
