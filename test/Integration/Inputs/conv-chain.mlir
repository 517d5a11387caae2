// A chain of 4 blocks (3x3 conv, stride-2 up-conv, stride-2 conv, tanh), 16 channels.
func.func @chain(%x: tensor<1x16x8x8xf32>, %w1_0: tensor<16x16x3x3xf32>, %w2_0: tensor<16x16x4x4xf32>, %w3_0: tensor<16x16x4x4xf32>, %w1_1: tensor<16x16x3x3xf32>, %w2_1: tensor<16x16x4x4xf32>, %w3_1: tensor<16x16x4x4xf32>, %w1_2: tensor<16x16x3x3xf32>, %w2_2: tensor<16x16x4x4xf32>, %w3_2: tensor<16x16x4x4xf32>, %w1_3: tensor<16x16x3x3xf32>, %w2_3: tensor<16x16x4x4xf32>, %w3_3: tensor<16x16x4x4xf32>) -> tensor<1x16x8x8xf32> {
  %a0 = deconv.conv %x, %w1_0 padding = [1, 1, 1, 1] : (tensor<1x16x8x8xf32>, tensor<16x16x3x3xf32>) -> tensor<1x16x8x8xf32>
  %b0 = deconv.conv_transpose %a0, %w2_0 strides = [2, 2] padding = [1, 1, 1, 1] : (tensor<1x16x8x8xf32>, tensor<16x16x4x4xf32>) -> tensor<1x16x16x16xf32>
  %c0 = deconv.conv %b0, %w3_0 strides = [2, 2] padding = [1, 1, 1, 1] : (tensor<1x16x16x16xf32>, tensor<16x16x4x4xf32>) -> tensor<1x16x8x8xf32>
  %t0 = math.tanh %c0 : tensor<1x16x8x8xf32>
  %a1 = deconv.conv %t0, %w1_1 padding = [1, 1, 1, 1] : (tensor<1x16x8x8xf32>, tensor<16x16x3x3xf32>) -> tensor<1x16x8x8xf32>
  %b1 = deconv.conv_transpose %a1, %w2_1 strides = [2, 2] padding = [1, 1, 1, 1] : (tensor<1x16x8x8xf32>, tensor<16x16x4x4xf32>) -> tensor<1x16x16x16xf32>
  %c1 = deconv.conv %b1, %w3_1 strides = [2, 2] padding = [1, 1, 1, 1] : (tensor<1x16x16x16xf32>, tensor<16x16x4x4xf32>) -> tensor<1x16x8x8xf32>
  %t1 = math.tanh %c1 : tensor<1x16x8x8xf32>
  %a2 = deconv.conv %t1, %w1_2 padding = [1, 1, 1, 1] : (tensor<1x16x8x8xf32>, tensor<16x16x3x3xf32>) -> tensor<1x16x8x8xf32>
  %b2 = deconv.conv_transpose %a2, %w2_2 strides = [2, 2] padding = [1, 1, 1, 1] : (tensor<1x16x8x8xf32>, tensor<16x16x4x4xf32>) -> tensor<1x16x16x16xf32>
  %c2 = deconv.conv %b2, %w3_2 strides = [2, 2] padding = [1, 1, 1, 1] : (tensor<1x16x16x16xf32>, tensor<16x16x4x4xf32>) -> tensor<1x16x8x8xf32>
  %t2 = math.tanh %c2 : tensor<1x16x8x8xf32>
  %a3 = deconv.conv %t2, %w1_3 padding = [1, 1, 1, 1] : (tensor<1x16x8x8xf32>, tensor<16x16x3x3xf32>) -> tensor<1x16x8x8xf32>
  %b3 = deconv.conv_transpose %a3, %w2_3 strides = [2, 2] padding = [1, 1, 1, 1] : (tensor<1x16x8x8xf32>, tensor<16x16x4x4xf32>) -> tensor<1x16x16x16xf32>
  %c3 = deconv.conv %b3, %w3_3 strides = [2, 2] padding = [1, 1, 1, 1] : (tensor<1x16x16x16xf32>, tensor<16x16x4x4xf32>) -> tensor<1x16x8x8xf32>
  %t3 = math.tanh %c3 : tensor<1x16x8x8xf32>
  return %t3 : tensor<1x16x8x8xf32>
}
