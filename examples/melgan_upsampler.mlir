// MelGAN vocoder (Kumar et al. 2019) upsampling stack, 1-D: 80 mel channels
// -> 7-tap conv to 512, then transposed convs x8, x8, x2, x2 (kernel = 2 *
// stride, padding = stride / 2) halving the channels, and a 7-tap conv to one
// audio channel: 32 frames -> 8192 samples.
//
// EXPECT: func.func @melgan_upsampler({{.*}}) -> tensor<1x1x8192xf32>
// EXPECT: deconv.conv {{.*}} -> tensor<1x512x32xf32>
// EXPECT: deconv.conv_transpose {{.*}} -> tensor<1x256x256xf32>
// EXPECT: deconv.conv_transpose {{.*}} -> tensor<1x128x2048xf32>
// EXPECT: deconv.conv_transpose {{.*}} -> tensor<1x64x4096xf32>
// EXPECT: deconv.conv_transpose {{.*}} -> tensor<1x32x8192xf32>
// EXPECT: deconv.conv {{.*}} -> tensor<1x1x8192xf32>
func.func @melgan_upsampler(%mel: tensor<1x80x32xf32>, %w0: tensor<512x80x7xf32>,
                            %w1: tensor<512x256x16xf32>, %w2: tensor<256x128x16xf32>,
                            %w3: tensor<128x64x4xf32>, %w4: tensor<64x32x4xf32>,
                            %w5: tensor<1x32x7xf32>) -> tensor<*xf32> {
  %h0 = deconv.conv %mel, %w0 padding = [3, 3]
      : (tensor<1x80x32xf32>, tensor<512x80x7xf32>) -> tensor<*xf32>
  %c0 = tensor.cast %h0 : tensor<*xf32> to tensor<?x?x?xf32>
  %h1 = deconv.conv_transpose %c0, %w1 strides = [8] padding = [4, 4]
      : (tensor<?x?x?xf32>, tensor<512x256x16xf32>) -> tensor<?x?x?xf32>
  %h2 = deconv.conv_transpose %h1, %w2 strides = [8] padding = [4, 4]
      : (tensor<?x?x?xf32>, tensor<256x128x16xf32>) -> tensor<?x?x?xf32>
  %h3 = deconv.conv_transpose %h2, %w3 strides = [2] padding = [1, 1]
      : (tensor<?x?x?xf32>, tensor<128x64x4xf32>) -> tensor<?x?x?xf32>
  %h4 = deconv.conv_transpose %h3, %w4 strides = [2] padding = [1, 1]
      : (tensor<?x?x?xf32>, tensor<64x32x4xf32>) -> tensor<?x?x?xf32>
  %h5 = deconv.conv %h4, %w5 padding = [3, 3]
      : (tensor<?x?x?xf32>, tensor<1x32x7xf32>) -> tensor<*xf32>
  %y = math.tanh %h5 : tensor<*xf32>
  return %y : tensor<*xf32>
}
