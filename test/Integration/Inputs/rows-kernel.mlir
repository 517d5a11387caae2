// Layers with few output channels (per group or per sub-pixel phase) and
// rows long enough to fill whole vectors: the rows kernel.
func.func @grouped_g32(%x: tensor<1x64x14x30xf32>, %w: tensor<64x2x3x3xf32>) -> tensor<1x64x14x30xf32> {
  %y = deconv.conv %x, %w padding = [1, 1, 1, 1] groups = 32
      : (tensor<1x64x14x30xf32>, tensor<64x2x3x3xf32>) -> tensor<1x64x14x30xf32>
  return %y : tensor<1x64x14x30xf32>
}
func.func @few_out(%x: tensor<2x16x20x57xf32>, %w: tensor<3x16x3x5xf32>, %b: tensor<3xf32>) -> tensor<2x3x20x57xf32> {
  %y = deconv.conv %x, %w, %b padding = [1, 2, 1, 2]
      : (tensor<2x16x20x57xf32>, tensor<3x16x3x5xf32>, tensor<3xf32>) -> tensor<2x3x20x57xf32>
  return %y : tensor<2x3x20x57xf32>
}
func.func @strided_rows(%x: tensor<1x6x23x26xf32>, %w: tensor<4x6x3x3xf32>) -> tensor<1x4x10x24xf32> {
  %y = deconv.conv %x, %w strides = [2, 1] dilations = [2, 1]
      : (tensor<1x6x23x26xf32>, tensor<4x6x3x3xf32>) -> tensor<1x4x10x24xf32>
  return %y : tensor<1x4x10x24xf32>
}
func.func @conv1d(%x: tensor<1x8x100xf32>, %w: tensor<4x8x7xf32>) -> tensor<1x4x94xf32> {
  %y = deconv.conv %x, %w : (tensor<1x8x100xf32>, tensor<4x8x7xf32>) -> tensor<1x4x94xf32>
  return %y : tensor<1x4x94xf32>
}
func.func @up_few(%x: tensor<1x16x30x30xf32>, %w: tensor<16x1x4x4xf32>) -> tensor<1x1x60x60xf32> {
  %y = deconv.conv_transpose %x, %w strides = [2, 2] padding = [1, 1, 1, 1]
      : (tensor<1x16x30x30xf32>, tensor<16x1x4x4xf32>) -> tensor<1x1x60x60xf32>
  return %y : tensor<1x1x60x60xf32>
}

// Half a vector of channels per group on an op of at least 512 pixels per
// channel: 8 (6 with 8 lanes would not qualify) and 6.
func.func @half_vector(%x: tensor<1x64x28x30xf32>, %w: tensor<64x8x3x3xf32>) -> tensor<1x64x28x30xf32> {
  %y = deconv.conv %x, %w padding = [1, 1, 1, 1] groups = 8 : (tensor<1x64x28x30xf32>, tensor<64x8x3x3xf32>) -> tensor<1x64x28x30xf32>
  return %y : tensor<1x64x28x30xf32>
}

func.func @six_out(%x: tensor<1x12x40x45xf32>, %w: tensor<12x6x3x3xf32>, %b: tensor<12xf32>) -> tensor<1x12x38x43xf32> {
  %y = deconv.conv %x, %w, %b groups = 2 : (tensor<1x12x40x45xf32>, tensor<12x6x3x3xf32>, tensor<12xf32>) -> tensor<1x12x38x43xf32>
  return %y : tensor<1x12x38x43xf32>
}
