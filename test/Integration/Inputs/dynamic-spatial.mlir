// Layers with dynamic spatial lengths: computed in static tiles
// (--deconv-tile-dynamic-spatial), each tile on the vector kernels.
func.func @up3(%x: tensor<?x32x?x?x?xf32>, %w: tensor<32x16x2x2x2xf32>, %b: tensor<16xf32>) -> tensor<?x16x?x?x?xf32> {
  %y = deconv.conv_transpose %x, %w, %b strides = [2, 2, 2] : (tensor<?x32x?x?x?xf32>, tensor<32x16x2x2x2xf32>, tensor<16xf32>) -> tensor<?x16x?x?x?xf32>
  return %y : tensor<?x16x?x?x?xf32>
}
func.func @mixed(%x: tensor<2x16x?x12xf32>, %w: tensor<16x8x3x3xf32>) -> tensor<2x8x?x24xf32> {
  %y = deconv.conv_transpose %x, %w strides = [2, 2] padding = [1, 1, 1, 1] output_padding = [1, 1] : (tensor<2x16x?x12xf32>, tensor<16x8x3x3xf32>) -> tensor<2x8x?x24xf32>
  return %y : tensor<2x8x?x24xf32>
}
func.func @dil(%x: tensor<1x8x?x?xf32>, %w: tensor<8x8x3x3xf32>) -> tensor<1x8x?x?xf32> {
  %y = deconv.conv_transpose %x, %w strides = [3, 2] dilations = [2, 2] padding = [2, 1, 0, 3] output_padding = [1, 0] : (tensor<1x8x?x?xf32>, tensor<8x8x3x3xf32>) -> tensor<1x8x?x?xf32>
  return %y : tensor<1x8x?x?xf32>
}
func.func @convs(%x: tensor<1x8x?x?xf32>, %w: tensor<12x4x3x5xf32>, %b: tensor<12xf32>) -> tensor<1x12x?x?xf32> {
  %y = deconv.conv %x, %w, %b strides = [2, 3] dilations = [1, 2] padding = [0, 2, 1, 3] groups = 2 : (tensor<1x8x?x?xf32>, tensor<12x4x3x5xf32>, tensor<12xf32>) -> tensor<1x12x?x?xf32>
  return %y : tensor<1x12x?x?xf32>
}
func.func @vocoder(%x: tensor<1x16x?xf32>, %w: tensor<16x8x16xf32>) -> tensor<1x8x?xf32> {
  %y = deconv.conv_transpose %x, %w strides = [8] padding = [4, 4] : (tensor<1x16x?xf32>, tensor<16x8x16xf32>) -> tensor<1x8x?xf32>
  return %y : tensor<1x8x?xf32>
}
