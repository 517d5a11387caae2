// Transposed convs whose kernel equals their stride (the sub-pixel strategy's
// depth-to-space form): bias, two images and a partial last vector; a row of
// several chunks; 3-D and unequal strides with tiles of several short rows;
// 1-D, 16 and 9 phases (taken only on request).
func.func @k2s2_bias(%x: tensor<2x5x7x13xf32>, %w: tensor<5x6x2x2xf32>, %b: tensor<6xf32>) -> tensor<2x6x14x26xf32> {
  %y = deconv.conv_transpose %x, %w, %b strides = [2, 2] dilations = [1, 1] padding = [0, 0, 0, 0] output_padding = [0, 0] groups = 1 : (tensor<2x5x7x13xf32>, tensor<5x6x2x2xf32>, tensor<6xf32>) -> tensor<2x6x14x26xf32>
  return %y : tensor<2x6x14x26xf32>
}
func.func @long_row(%x: tensor<1x8x8x100xf32>, %w: tensor<8x4x2x2xf32>) -> tensor<1x4x16x200xf32> {
  %y = deconv.conv_transpose %x, %w strides = [2, 2] dilations = [1, 1] padding = [0, 0, 0, 0] output_padding = [0, 0] groups = 1 : (tensor<1x8x8x100xf32>, tensor<8x4x2x2xf32>) -> tensor<1x4x16x200xf32>
  return %y : tensor<1x4x16x200xf32>
}
func.func @conv1d(%x: tensor<1x16x50xf32>, %w: tensor<16x8x2xf32>, %b: tensor<8xf32>) -> tensor<1x8x100xf32> {
  %y = deconv.conv_transpose %x, %w, %b strides = [2] dilations = [1] padding = [0, 0] output_padding = [0] groups = 1 : (tensor<1x16x50xf32>, tensor<16x8x2xf32>, tensor<8xf32>) -> tensor<1x8x100xf32>
  return %y : tensor<1x8x100xf32>
}
func.func @vol(%x: tensor<1x8x4x6x16xf32>, %w: tensor<8x4x2x2x2xf32>, %b: tensor<4xf32>) -> tensor<1x4x8x12x32xf32> {
  %y = deconv.conv_transpose %x, %w, %b strides = [2, 2, 2] dilations = [1, 1, 1] padding = [0, 0, 0, 0, 0, 0] output_padding = [0, 0, 0] groups = 1 : (tensor<1x8x4x6x16xf32>, tensor<8x4x2x2x2xf32>, tensor<4xf32>) -> tensor<1x4x8x12x32xf32>
  return %y : tensor<1x4x8x12x32xf32>
}
func.func @unequal(%x: tensor<1x6x5x30xf32>, %w: tensor<6x4x1x2xf32>) -> tensor<1x4x5x60xf32> {
  %y = deconv.conv_transpose %x, %w strides = [1, 2] dilations = [1, 1] padding = [0, 0, 0, 0] output_padding = [0, 0] groups = 1 : (tensor<1x6x5x30xf32>, tensor<6x4x1x2xf32>) -> tensor<1x4x5x60xf32>
  return %y : tensor<1x4x5x60xf32>
}
func.func @s4(%x: tensor<1x4x6x9xf32>, %w: tensor<4x2x4x4xf32>) -> tensor<1x2x24x36xf32> {
  %y = deconv.conv_transpose %x, %w strides = [4, 4] dilations = [1, 1] padding = [0, 0, 0, 0] output_padding = [0, 0] groups = 1 : (tensor<1x4x6x9xf32>, tensor<4x2x4x4xf32>) -> tensor<1x2x24x36xf32>
  return %y : tensor<1x2x24x36xf32>
}
func.func @s3(%x: tensor<1x4x6x19xf32>, %w: tensor<4x2x3x3xf32>) -> tensor<1x2x18x57xf32> {
  %y = deconv.conv_transpose %x, %w strides = [3, 3] dilations = [1, 1] padding = [0, 0, 0, 0] output_padding = [0, 0] groups = 1 : (tensor<1x4x6x19xf32>, tensor<4x2x3x3xf32>) -> tensor<1x2x18x57xf32>
  return %y : tensor<1x2x18x57xf32>
}
