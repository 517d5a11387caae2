// An explicit zero pad (spatial, asymmetric) feeding a stride-2 and a
// stride-3 transposed convolution.
func.func @padded(%x: tensor<1x3x5x4xf32>, %w: tensor<3x2x3x4xf32>) -> tensor<1x2x23x29xf32> {
  %zero = arith.constant 0.0 : f32
  %pad = tensor.pad %x low[0, 0, 3, 1] high[0, 0, 2, 4] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %zero : f32
  } : tensor<1x3x5x4xf32> to tensor<1x3x10x9xf32>
  %y = deconv.conv_transpose %pad, %w strides = [2, 3] padding = [0, 0, 0, 0]
      : (tensor<1x3x10x9xf32>, tensor<3x2x3x4xf32>) -> tensor<1x2x21x28xf32>
  %e = tensor.empty() : tensor<1x2x23x29xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x2x23x29xf32>) -> tensor<1x2x23x29xf32>
  %r = tensor.insert_slice %y into %f[0, 0, 1, 0] [1, 2, 21, 28] [1, 1, 1, 1]
      : tensor<1x2x21x28xf32> into tensor<1x2x23x29xf32>
  return %r : tensor<1x2x23x29xf32>
}
