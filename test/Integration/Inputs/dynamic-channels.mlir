// Grouped convolutions whose input channel count is only known at run time
// (the group split of a dynamic channel dim once came out as kDynamic / G).
func.func @convt(%x: tensor<?x?x?x?xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<6xf32>) -> tensor<?x6x?x?xf32> {
  %y = deconv.conv_transpose %x, %w, %b strides = [2, 2] padding = [1, 1, 1, 1] groups = 2
      : (tensor<?x?x?x?xf32>, tensor<4x3x3x3xf32>, tensor<6xf32>) -> tensor<?x6x?x?xf32>
  return %y : tensor<?x6x?x?xf32>
}

func.func @conv(%x: tensor<?x?x?x?xf32>, %w: tensor<6x2x3x3xf32>) -> tensor<?x6x?x?xf32> {
  %y = deconv.conv %x, %w strides = [2, 1] padding = [1, 0, 1, 2] groups = 2
      : (tensor<?x?x?x?xf32>, tensor<6x2x3x3xf32>) -> tensor<?x6x?x?xf32>
  return %y : tensor<?x6x?x?xf32>
}

// A bias of run-time length (4 here) for a static channel count.
func.func @bias(%x: tensor<?x?x?x?xf32>, %w: tensor<4x2x3x3xf32>, %b: tensor<?xf32>, %v: tensor<4x2x3x3xf32>) -> (tensor<?x4x?x?xf32>, tensor<?x4x?x?xf32>) {
  %y = deconv.conv %x, %w, %b padding = [1, 1, 1, 1] groups = 2
      : (tensor<?x?x?x?xf32>, tensor<4x2x3x3xf32>, tensor<?xf32>) -> tensor<?x4x?x?xf32>
  %z = deconv.conv_transpose %x, %v, %b strides = [2, 2] groups = 2
      : (tensor<?x?x?x?xf32>, tensor<4x2x3x3xf32>, tensor<?xf32>) -> tensor<?x4x?x?xf32>
  return %y, %z : tensor<?x4x?x?xf32>, tensor<?x4x?x?xf32>
}
