func.func @f(%x: tensor<1024x1024x1024x64xf32>, %w: tensor<1024x2x1x1xf32>) -> tensor<*xf32> {
  %y = deconv.conv_transpose %x, %w : (tensor<1024x1024x1024x64xf32>, tensor<1024x2x1x1xf32>) -> tensor<*xf32>
  return %y : tensor<*xf32>
}
