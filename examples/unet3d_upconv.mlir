// 3-D U-Net (Cicek et al. 2016) up-convolution: 2x2x2 stride-2 transposed
// conv, 64 -> 32 channels, 16^3 -> 32^3, with bias.
//
// EXPECT: func.func @unet3d_upconv({{.*}}) -> tensor<1x32x32x32x32xf32>
// EXPECT: deconv.conv_transpose {{.*}} -> tensor<1x32x32x32x32xf32>
func.func @unet3d_upconv(%x: tensor<1x64x16x16x16xf32>, %w: tensor<64x32x2x2x2xf32>,
                         %b: tensor<32xf32>) -> tensor<*xf32> {
  %y = deconv.conv_transpose %x, %w, %b strides = [2, 2, 2]
      : (tensor<1x64x16x16x16xf32>, tensor<64x32x2x2x2xf32>, tensor<32xf32>) -> tensor<*xf32>
  return %y : tensor<*xf32>
}
