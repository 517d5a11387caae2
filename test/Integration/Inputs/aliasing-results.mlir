// Functions whose results alias their arguments (see aliasing-results.test).
func.func @ident(%a: tensor<2x3xf32>) -> tensor<2x3xf32> { return %a : tensor<2x3xf32> }
func.func @two(%a: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>) { return %a, %a : tensor<2x3xf32>, tensor<2x3xf32> }
func.func @resh(%a: tensor<2x3xf32>) -> tensor<6xf32> {
  %r = tensor.collapse_shape %a [[0, 1]] : tensor<2x3xf32> into tensor<6xf32>
  return %r : tensor<6xf32> }
func.func @slice(%a: tensor<4x6xf32>) -> tensor<2x3xf32> {
  %r = tensor.extract_slice %a[1, 1] [2, 3] [2, 2] : tensor<4x6xf32> to tensor<2x3xf32>
  return %r : tensor<2x3xf32> }
func.func @dyn(%a: tensor<?x3xf32>) -> tensor<?x3xf32> { return %a : tensor<?x3xf32> }
