// Layers whose micro-kernels pack their filters, for deconv-run
// --constant-input: the packing of a constant filter is folded at compile
// time (see constant-weights in deconv-run.test).

// Per-phase sub-pixel, 2x2 phase filters in blocks of 16 or 32 channels.
func.func @k4s2(%x: tensor<2x8x5x6xf32>, %w: tensor<8x64x4x4xf32>, %b: tensor<64xf32>) -> tensor<2x64x10x12xf32> {
  %y = deconv.conv_transpose %x, %w, %b strides = [2, 2] padding = [1, 1, 1, 1]
    : (tensor<2x8x5x6xf32>, tensor<8x64x4x4xf32>, tensor<64xf32>) -> tensor<2x64x10x12xf32>
  return %y : tensor<2x64x10x12xf32>
}

// Kernel = stride: 1x1 phases.
func.func @k2s2(%x: tensor<1x16x7x5xf32>, %w: tensor<16x64x2x2xf32>, %b: tensor<64xf32>) -> tensor<1x64x14x10xf32> {
  %y = deconv.conv_transpose %x, %w, %b strides = [2, 2]
    : (tensor<1x16x7x5xf32>, tensor<16x64x2x2xf32>, tensor<64xf32>) -> tensor<1x64x14x10xf32>
  return %y : tensor<1x64x14x10xf32>
}

// The batched sub-pixel form (few output channels).
func.func @batched(%x: tensor<1x8x6x6xf32>, %w: tensor<8x3x4x4xf32>, %b: tensor<3xf32>) -> tensor<1x3x12x12xf32> {
  %y = deconv.conv_transpose %x, %w, %b strides = [2, 2] padding = [1, 1, 1, 1]
    : (tensor<1x8x6x6xf32>, tensor<8x3x4x4xf32>, tensor<3xf32>) -> tensor<1x3x12x12xf32>
  return %y : tensor<1x3x12x12xf32>
}

// A direct conv, 96 output channels, and a 1-D one.
func.func @conv(%x: tensor<1x12x6x14xf32>, %w: tensor<96x12x3x3xf32>, %b: tensor<96xf32>) -> tensor<1x96x6x14xf32> {
  %y = deconv.conv %x, %w, %b padding = [1, 1, 1, 1]
    : (tensor<1x12x6x14xf32>, tensor<96x12x3x3xf32>, tensor<96xf32>) -> tensor<1x96x6x14xf32>
  return %y : tensor<1x96x6x14xf32>
}

func.func @conv1d(%x: tensor<1x8x40xf32>, %w: tensor<64x8x5xf32>, %b: tensor<64xf32>) -> tensor<1x64x18xf32> {
  %y = deconv.conv %x, %w, %b strides = [2]
    : (tensor<1x8x40xf32>, tensor<64x8x5xf32>, tensor<64xf32>) -> tensor<1x64x18xf32>
  return %y : tensor<1x64x18xf32>
}

// Over 1 MiB of filter: blocks of input channels.
func.func @blocked(%x: tensor<1x256x4x6xf32>, %w: tensor<128x256x3x3xf32>, %b: tensor<128xf32>) -> tensor<1x128x4x6xf32> {
  %y = deconv.conv %x, %w, %b padding = [1, 1, 1, 1]
    : (tensor<1x256x4x6xf32>, tensor<128x256x3x3xf32>, tensor<128xf32>) -> tensor<1x128x4x6xf32>
  return %y : tensor<1x128x4x6xf32>
}
