// Layers whose only dynamic dim is the batch, and a chain of them.
func.func @up(%x: tensor<?x32x7x9xf32>, %w: tensor<32x16x4x4xf32>, %b: tensor<16xf32>) -> tensor<?x16x14x18xf32> {
  %y = deconv.conv_transpose %x, %w, %b strides = [2, 2] padding = [1, 1, 1, 1]
      : (tensor<?x32x7x9xf32>, tensor<32x16x4x4xf32>, tensor<16xf32>) -> tensor<?x16x14x18xf32>
  return %y : tensor<?x16x14x18xf32>
}
func.func @conv(%x: tensor<?x16x10x10xf32>, %w: tensor<32x16x3x3xf32>) -> tensor<?x32x10x10xf32> {
  %y = deconv.conv %x, %w padding = [1, 1, 1, 1]
      : (tensor<?x16x10x10xf32>, tensor<32x16x3x3xf32>) -> tensor<?x32x10x10xf32>
  return %y : tensor<?x32x10x10xf32>
}
func.func @vocoder(%x: tensor<?x32x50xf32>, %w: tensor<32x16x16xf32>) -> tensor<?x16x400xf32> {
  %y = deconv.conv_transpose %x, %w strides = [8] padding = [4, 4]
      : (tensor<?x32x50xf32>, tensor<32x16x16xf32>) -> tensor<?x16x400xf32>
  return %y : tensor<?x16x400xf32>
}
func.func @chain(%x: tensor<?x16x6x6xf32>, %w1: tensor<16x16x4x4xf32>, %w2: tensor<8x16x3x3xf32>) -> tensor<?x8x12x12xf32> {
  %y = deconv.conv_transpose %x, %w1 strides = [2, 2] padding = [1, 1, 1, 1]
      : (tensor<?x16x6x6xf32>, tensor<16x16x4x4xf32>) -> tensor<?x16x12x12xf32>
  %c = arith.constant dense<0.0> : tensor<16xf32>
  %z = deconv.conv %y, %w2 padding = [1, 1, 1, 1]
      : (tensor<?x16x12x12xf32>, tensor<8x16x3x3xf32>) -> tensor<?x8x12x12xf32>
  %r = math.tanh %z : tensor<?x8x12x12xf32>
  return %r : tensor<?x8x12x12xf32>
}
