func.func @f(%x: tensor<1x4x5xf32>, %w: tensor<4x2x3xf32>) {
  %0 = deconv.conv_transpose %x, %w strides = [