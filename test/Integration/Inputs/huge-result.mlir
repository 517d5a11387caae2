// Small inputs whose results only the run-time sizes make huge: a stride of
// 2^40 (3 * 2^40 + 3 outputs) and one of 2^62 (the size overflows int64).
func.func @big(%x: tensor<1x1x?xf32>, %w: tensor<1x1x3xf32>) -> tensor<1x1x?xf32> {
  %y = deconv.conv_transpose %x, %w strides = [1099511627776] : (tensor<1x1x?xf32>, tensor<1x1x3xf32>) -> tensor<1x1x?xf32>
  return %y : tensor<1x1x?xf32>
}

func.func @overflow(%x: tensor<1x1x?xf32>, %w: tensor<1x1x3xf32>) -> tensor<1x1x?xf32> {
  %y = deconv.conv_transpose %x, %w strides = [4611686018427387904] : (tensor<1x1x?xf32>, tensor<1x1x3xf32>) -> tensor<1x1x?xf32>
  return %y : tensor<1x1x?xf32>
}
