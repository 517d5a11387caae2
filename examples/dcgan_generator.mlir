// DCGAN generator (Radford et al. 2016), batch 16: a 100-d latent vector
// projected to 4x4x512, then four transposed convolutions (4x4, stride 2,
// padding 1) with ReLU between and tanh at the end: 4 -> 8 -> 16 -> 32 -> 64.
// Weights are arguments; the intermediate shapes are left for
// --deconv-infer-shapes to find.
//
// EXPECT: func.func @dcgan_generator({{.*}}) -> tensor<16x3x64x64xf32>
// EXPECT: deconv.conv_transpose {{.*}} -> tensor<16x256x8x8xf32>
// EXPECT: deconv.conv_transpose {{.*}} -> tensor<16x128x16x16xf32>
// EXPECT: deconv.conv_transpose {{.*}} -> tensor<16x64x32x32xf32>
// EXPECT: deconv.conv_transpose {{.*}} -> tensor<16x3x64x64xf32>
// EXPECT: math.tanh {{.*}} : tensor<16x3x64x64xf32>
func.func @dcgan_generator(%z: tensor<16x512x4x4xf32>,
                           %w2: tensor<512x256x4x4xf32>, %w3: tensor<256x128x4x4xf32>,
                           %w4: tensor<128x64x4x4xf32>, %w5: tensor<64x3x4x4xf32>)
    -> tensor<*xf32> {
  %zero8 = arith.constant dense<0.0> : tensor<16x256x8x8xf32>
  %zero16 = arith.constant dense<0.0> : tensor<16x128x16x16xf32>
  %zero32 = arith.constant dense<0.0> : tensor<16x64x32x32xf32>
  %h2 = deconv.conv_transpose %z, %w2 strides = [2, 2] padding = [1, 1, 1, 1]
      : (tensor<16x512x4x4xf32>, tensor<512x256x4x4xf32>) -> tensor<*xf32>
  %z8 = tensor.cast %zero8 : tensor<16x256x8x8xf32> to tensor<*xf32>
  %r2 = arith.maximumf %h2, %z8 : tensor<*xf32>
  %c2 = tensor.cast %r2 : tensor<*xf32> to tensor<?x?x?x?xf32>
  %h3 = deconv.conv_transpose %c2, %w3 strides = [2, 2] padding = [1, 1, 1, 1]
      : (tensor<?x?x?x?xf32>, tensor<256x128x4x4xf32>) -> tensor<*xf32>
  %z16 = tensor.cast %zero16 : tensor<16x128x16x16xf32> to tensor<*xf32>
  %r3 = arith.maximumf %h3, %z16 : tensor<*xf32>
  %c3 = tensor.cast %r3 : tensor<*xf32> to tensor<?x?x?x?xf32>
  %h4 = deconv.conv_transpose %c3, %w4 strides = [2, 2] padding = [1, 1, 1, 1]
      : (tensor<?x?x?x?xf32>, tensor<128x64x4x4xf32>) -> tensor<*xf32>
  %z32 = tensor.cast %zero32 : tensor<16x64x32x32xf32> to tensor<*xf32>
  %r4 = arith.maximumf %h4, %z32 : tensor<*xf32>
  %c4 = tensor.cast %r4 : tensor<*xf32> to tensor<?x?x?x?xf32>
  %h5 = deconv.conv_transpose %c4, %w5 strides = [2, 2] padding = [1, 1, 1, 1]
      : (tensor<?x?x?x?xf32>, tensor<64x3x4x4xf32>) -> tensor<*xf32>
  %y = math.tanh %h5 : tensor<*xf32>
  return %y : tensor<*xf32>
}
