// Grouped layers that are not depthwise: each group runs the ungrouped
// kernels (--deconv-split-groups).
func.func @conv_g4(%x: tensor<2x32x9x11xf32>, %w: tensor<48x8x3x3xf32>, %b: tensor<48xf32>) -> tensor<2x48x9x11xf32> {
  %y = deconv.conv %x, %w, %b padding = [1, 1, 1, 1] groups = 4
      : (tensor<2x32x9x11xf32>, tensor<48x8x3x3xf32>, tensor<48xf32>) -> tensor<2x48x9x11xf32>
  return %y : tensor<2x48x9x11xf32>
}
func.func @conv_g16(%x: tensor<1x64x12x12xf32>, %w: tensor<64x4x3x3xf32>) -> tensor<1x64x6x6xf32> {
  %y = deconv.conv %x, %w strides = [2, 2] padding = [1, 1, 1, 0] groups = 16
      : (tensor<1x64x12x12xf32>, tensor<64x4x3x3xf32>) -> tensor<1x64x6x6xf32>
  return %y : tensor<1x64x6x6xf32>
}
func.func @up_g2(%x: tensor<1x32x7x7xf32>, %w: tensor<32x8x4x4xf32>, %b: tensor<16xf32>) -> tensor<1x16x14x14xf32> {
  %y = deconv.conv_transpose %x, %w, %b strides = [2, 2] padding = [1, 1, 1, 1] groups = 2
      : (tensor<1x32x7x7xf32>, tensor<32x8x4x4xf32>, tensor<16xf32>) -> tensor<1x16x14x14xf32>
  return %y : tensor<1x16x14x14xf32>
}
func.func @up1d_g4(%x: tensor<?x16x20xf32>, %w: tensor<16x6x5xf32>) -> tensor<?x24x42xf32> {
  %y = deconv.conv_transpose %x, %w strides = [2] padding = [1, 1] output_padding = [1] groups = 4
      : (tensor<?x16x20xf32>, tensor<16x6x5xf32>) -> tensor<?x24x42xf32>
  return %y : tensor<?x24x42xf32>
}
func.func @multiplier(%x: tensor<1x8x10x10xf32>, %w: tensor<16x1x3x3xf32>) -> tensor<1x16x8x8xf32> {
  %y = deconv.conv %x, %w groups = 8
      : (tensor<1x8x10x10xf32>, tensor<16x1x3x3xf32>) -> tensor<1x16x8x8xf32>
  return %y : tensor<1x16x8x8xf32>
}
func.func @up_multiplier(%x: tensor<1x8x9x9xf32>, %w: tensor<8x3x4x4xf32>, %b: tensor<24xf32>) -> tensor<1x24x18x18xf32> {
  %y = deconv.conv_transpose %x, %w, %b strides = [2, 2] padding = [1, 1, 1, 1] groups = 8
      : (tensor<1x8x9x9xf32>, tensor<8x3x4x4xf32>, tensor<24xf32>) -> tensor<1x24x18x18xf32>
  return %y : tensor<1x24x18x18xf32>
}
