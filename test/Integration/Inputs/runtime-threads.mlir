// An up-conv with bias, for objects whose thread count is picked at run time.
func.func @up(%x: tensor<2x24x12x10xf32>, %w: tensor<24x16x4x4xf32>, %b: tensor<16xf32>) -> tensor<2x16x24x20xf32> {
  %y = deconv.conv_transpose %x, %w, %b strides = [2, 2] padding = [1, 1, 1, 1]
      : (tensor<2x24x12x10xf32>, tensor<24x16x4x4xf32>, tensor<16xf32>) -> tensor<2x16x24x20xf32>
  return %y : tensor<2x16x24x20xf32>
}
