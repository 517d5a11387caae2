// U-Net (Ronneberger et al. 2015) first decoder stage: 2x2 stride-2 up-conv
// 1024 -> 512 channels (28 -> 56), then two unpadded 3x3 convs with ReLU
// (56 -> 54 -> 52), as in the paper. Dynamic batch.
//
// EXPECT: func.func @unet_decoder_stage({{.*}}) -> tensor<?x512x52x52xf32>
// EXPECT: deconv.conv_transpose {{.*}} -> tensor<?x512x56x56xf32>
// EXPECT: deconv.conv {{.*}} -> tensor<?x512x54x54xf32>
// EXPECT: deconv.conv {{.*}} -> tensor<?x512x52x52xf32>
func.func @unet_decoder_stage(%x: tensor<?x1024x28x28xf32>,
                              %wu: tensor<1024x512x2x2xf32>, %bu: tensor<512xf32>,
                              %w1: tensor<512x512x3x3xf32>, %b1: tensor<512xf32>,
                              %w2: tensor<512x512x3x3xf32>, %b2: tensor<512xf32>)
    -> tensor<?x?x?x?xf32> {
  %u = deconv.conv_transpose %x, %wu, %bu strides = [2, 2]
      : (tensor<?x1024x28x28xf32>, tensor<1024x512x2x2xf32>, tensor<512xf32>) -> tensor<?x?x?x?xf32>
  %c1 = deconv.conv %u, %w1, %b1
      : (tensor<?x?x?x?xf32>, tensor<512x512x3x3xf32>, tensor<512xf32>) -> tensor<?x?x?x?xf32>
  %c2 = deconv.conv %c1, %w2, %b2
      : (tensor<?x?x?x?xf32>, tensor<512x512x3x3xf32>, tensor<512xf32>) -> tensor<?x?x?x?xf32>
  return %c2 : tensor<?x?x?x?xf32>
}
