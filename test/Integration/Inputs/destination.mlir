// Layers of several kinds whose dense-buffer wrappers write straight into
// the caller's arrays (destination.c compares them with _mlir_ciface_*).
func.func @up2d(%x: tensor<2x32x6x6xf32>, %w: tensor<32x16x4x4xf32>, %b: tensor<16xf32>) -> tensor<2x16x12x12xf32> {
  %y = deconv.conv_transpose %x, %w, %b strides = [2, 2] padding = [1, 1, 1, 1] : (tensor<2x32x6x6xf32>, tensor<32x16x4x4xf32>, tensor<16xf32>) -> tensor<2x16x12x12xf32>
  return %y : tensor<2x16x12x12xf32>
}

func.func @up3d(%x: tensor<1x16x4x4x4xf32>, %w: tensor<16x8x2x2x2xf32>) -> tensor<1x8x8x8x8xf32> {
  %y = deconv.conv_transpose %x, %w strides = [2, 2, 2] : (tensor<1x16x4x4x4xf32>, tensor<16x8x2x2x2xf32>) -> tensor<1x8x8x8x8xf32>
  return %y : tensor<1x8x8x8x8xf32>
}

func.func @pointwise(%x: tensor<1x64x7x9xf32>, %w: tensor<32x64x1x1xf32>) -> tensor<1x32x7x9xf32> {
  %y = deconv.conv %x, %w : (tensor<1x64x7x9xf32>, tensor<32x64x1x1xf32>) -> tensor<1x32x7x9xf32>
  return %y : tensor<1x32x7x9xf32>
}

func.func @up1d(%x: tensor<1x32x20xf32>, %w: tensor<32x16x16xf32>) -> tensor<1x16x160xf32> {
  %y = deconv.conv_transpose %x, %w strides = [8] padding = [4, 4] : (tensor<1x32x20xf32>, tensor<32x16x16xf32>) -> tensor<1x16x160xf32>
  return %y : tensor<1x16x160xf32>
}

func.func @grouped(%x: tensor<1x32x7x7xf32>, %w: tensor<32x4x4x4xf32>) -> tensor<1x16x14x14xf32> {
  %y = deconv.conv_transpose %x, %w strides = [2, 2] padding = [1, 1, 1, 1] groups = 4 : (tensor<1x32x7x7xf32>, tensor<32x4x4x4xf32>) -> tensor<1x16x14x14xf32>
  return %y : tensor<1x16x14x14xf32>
}

// Two results, one of them a layer's input returned as is.
func.func @two(%x: tensor<1x8x5x5xf32>, %w: tensor<8x8x3x3xf32>) -> (tensor<1x8x5x5xf32>, tensor<1x8x5x5xf32>) {
  %y = deconv.conv %x, %w padding = [1, 1, 1, 1] : (tensor<1x8x5x5xf32>, tensor<8x8x3x3xf32>) -> tensor<1x8x5x5xf32>
  %z = arith.maximumf %y, %x : tensor<1x8x5x5xf32>
  return %z, %x : tensor<1x8x5x5xf32>, tensor<1x8x5x5xf32>
}
