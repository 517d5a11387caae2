// A U-Net-style up-conv with dynamic batch and spatial dims.
func.func @up(%x: tensor<?x4x?x?xf32>, %w: tensor<4x2x2x2xf32>, %b: tensor<2xf32>) -> tensor<?x2x?x?xf32> {
  %y = deconv.conv_transpose %x, %w, %b strides = [2, 2]
      : (tensor<?x4x?x?xf32>, tensor<4x2x2x2xf32>, tensor<2xf32>) -> tensor<?x2x?x?xf32>
  return %y : tensor<?x2x?x?xf32>
}
