// Transposed convs in the batched sub-pixel form, whose phases reach the
// output through one gather per output plane: row strides 2 to 4, offsets
// from the padding, bias, 1-D, 2-D and 3-D, odd sizes.
func.func @s2_bias(%x: tensor<2x8x13x11xf32>, %w: tensor<8x3x4x4xf32>, %b: tensor<3xf32>) -> tensor<2x3x26x22xf32> {
  %y = deconv.conv_transpose %x, %w, %b strides = [2, 2] padding = [1, 1, 1, 1]
      : (tensor<2x8x13x11xf32>, tensor<8x3x4x4xf32>, tensor<3xf32>) -> tensor<2x3x26x22xf32>
  return %y : tensor<2x3x26x22xf32>
}
func.func @s3(%x: tensor<1x6x9x10xf32>, %w: tensor<6x4x6x6xf32>) -> tensor<1x4x27x30xf32> {
  %y = deconv.conv_transpose %x, %w strides = [3, 3] padding = [2, 2, 2, 2] output_padding = [1, 1]
      : (tensor<1x6x9x10xf32>, tensor<6x4x6x6xf32>) -> tensor<1x4x27x30xf32>
  return %y : tensor<1x4x27x30xf32>
}
func.func @s2x3_asym(%x: tensor<1x5x7x9xf32>, %w: tensor<5x2x4x6xf32>) -> tensor<1x2x15x27xf32> {
  %y = deconv.conv_transpose %x, %w strides = [2, 3] padding = [1, 0, 0, 3]
      : (tensor<1x5x7x9xf32>, tensor<5x2x4x6xf32>) -> tensor<1x2x15x27xf32>
  return %y : tensor<1x2x15x27xf32>
}
func.func @s4_1d(%x: tensor<1x4x37xf32>, %w: tensor<4x2x8xf32>, %b: tensor<2xf32>) -> tensor<1x2x148xf32> {
  %y = deconv.conv_transpose %x, %w, %b strides = [4] padding = [2, 2]
      : (tensor<1x4x37xf32>, tensor<4x2x8xf32>, tensor<2xf32>) -> tensor<1x2x148xf32>
  return %y : tensor<1x2x148xf32>
}
func.func @s2_3d(%x: tensor<1x4x5x6x7xf32>, %w: tensor<4x3x2x2x2xf32>) -> tensor<1x3x10x12x14xf32> {
  %y = deconv.conv_transpose %x, %w strides = [2, 2, 2]
      : (tensor<1x4x5x6x7xf32>, tensor<4x3x2x2x2xf32>) -> tensor<1x3x10x12x14xf32>
  return %y : tensor<1x3x10x12x14xf32>
}
