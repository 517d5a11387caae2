// Transposed convs with several taps per phase in the sub-pixel strategy's
// depth-to-space form (on request): a kernel the stride does not divide
// (3x3 s2 p1 op1: phases of 1 and 2 taps, the input read one position
// before and after), with bias and two images; a row of several chunks
// (with k3 s2 p1 and with k4 s2 p1, whose first chunk reads before the row); 4x4 s2 p1 and 5x5 s2 p2 op1;
// rows of 21 and 37 outputs; 1-D k16 s8 p4; 3-D k3 s2 p1 op1; stride 1 with
// unequal padding; padding larger than the stride (k5 s2 p3).
func.func @k3s2_bias(%x: tensor<2x5x7x13xf32>, %w: tensor<5x6x3x3xf32>, %b: tensor<6xf32>) -> tensor<2x6x14x26xf32> {
  %y = deconv.conv_transpose %x, %w, %b strides = [2, 2] dilations = [1, 1] padding = [1, 1, 1, 1] output_padding = [1, 1] groups = 1 : (tensor<2x5x7x13xf32>, tensor<5x6x3x3xf32>, tensor<6xf32>) -> tensor<2x6x14x26xf32>
  return %y : tensor<2x6x14x26xf32>
}
func.func @k3s2_long(%x: tensor<1x8x6x100xf32>, %w: tensor<8x4x3x3xf32>) -> tensor<1x4x12x200xf32> {
  %y = deconv.conv_transpose %x, %w strides = [2, 2] dilations = [1, 1] padding = [1, 1, 1, 1] output_padding = [1, 1] groups = 1 : (tensor<1x8x6x100xf32>, tensor<8x4x3x3xf32>) -> tensor<1x4x12x200xf32>
  return %y : tensor<1x4x12x200xf32>
}
func.func @k4s2(%x: tensor<1x6x5x21xf32>, %w: tensor<6x5x4x4xf32>, %b: tensor<5xf32>) -> tensor<1x5x10x42xf32> {
  %y = deconv.conv_transpose %x, %w, %b strides = [2, 2] dilations = [1, 1] padding = [1, 1, 1, 1] output_padding = [0, 0] groups = 1 : (tensor<1x6x5x21xf32>, tensor<6x5x4x4xf32>, tensor<5xf32>) -> tensor<1x5x10x42xf32>
  return %y : tensor<1x5x10x42xf32>
}
func.func @k5s2(%x: tensor<1x3x4x37xf32>, %w: tensor<3x4x5x5xf32>) -> tensor<1x4x8x74xf32> {
  %y = deconv.conv_transpose %x, %w strides = [2, 2] dilations = [1, 1] padding = [2, 2, 2, 2] output_padding = [1, 1] groups = 1 : (tensor<1x3x4x37xf32>, tensor<3x4x5x5xf32>) -> tensor<1x4x8x74xf32>
  return %y : tensor<1x4x8x74xf32>
}
func.func @k16s8_1d(%x: tensor<1x8x40xf32>, %w: tensor<8x4x16xf32>, %b: tensor<4xf32>) -> tensor<1x4x320xf32> {
  %y = deconv.conv_transpose %x, %w, %b strides = [8] dilations = [1] padding = [4, 4] output_padding = [0] groups = 1 : (tensor<1x8x40xf32>, tensor<8x4x16xf32>, tensor<4xf32>) -> tensor<1x4x320xf32>
  return %y : tensor<1x4x320xf32>
}
func.func @k3s2_3d(%x: tensor<1x4x3x4x9xf32>, %w: tensor<4x2x3x3x3xf32>) -> tensor<1x2x6x8x18xf32> {
  %y = deconv.conv_transpose %x, %w strides = [2, 2, 2] dilations = [1, 1, 1] padding = [1, 1, 1, 1, 1, 1] output_padding = [1, 1, 1] groups = 1 : (tensor<1x4x3x4x9xf32>, tensor<4x2x3x3x3xf32>) -> tensor<1x2x6x8x18xf32>
  return %y : tensor<1x2x6x8x18xf32>
}
func.func @s1(%x: tensor<1x4x6x30xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x3x6x31xf32> {
  %y = deconv.conv_transpose %x, %w strides = [1, 1] dilations = [1, 1] padding = [1, 0, 1, 1] output_padding = [0, 0] groups = 1 : (tensor<1x4x6x30xf32>, tensor<4x3x3x3xf32>) -> tensor<1x3x6x31xf32>
  return %y : tensor<1x3x6x31xf32>
}
func.func @k5s2p3(%x: tensor<1x3x6x20xf32>, %w: tensor<3x2x5x5xf32>) -> tensor<1x2x10x38xf32> {
  %y = deconv.conv_transpose %x, %w strides = [2, 2] dilations = [1, 1] padding = [3, 3, 3, 3] output_padding = [1, 1] groups = 1 : (tensor<1x3x6x20xf32>, tensor<3x2x5x5xf32>) -> tensor<1x2x10x38xf32>
  return %y : tensor<1x2x10x38xf32>
}
func.func @k4s2_long(%x: tensor<1x8x6x100xf32>, %w: tensor<8x4x4x4xf32>) -> tensor<1x4x12x200xf32> {
  %y = deconv.conv_transpose %x, %w strides = [2, 2] dilations = [1, 1] padding = [1, 1, 1, 1] output_padding = [0, 0] groups = 1 : (tensor<1x8x6x100xf32>, tensor<8x4x4x4xf32>) -> tensor<1x4x12x200xf32>
  return %y : tensor<1x4x12x200xf32>
}
