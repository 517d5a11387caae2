// One up-convolution per element type (and a mixed f16 -> f32 one, a dynamic
// batch, a conv), for deconv-run and deconv-compile.
func.func @up_f16(%x: tensor<2x6x5x7xf16>, %w: tensor<6x4x4x3xf16>, %b: tensor<4xf16>) -> tensor<2x4x10x13xf16> {
  %y = deconv.conv_transpose %x, %w, %b strides = [2, 2] padding = [1, 1, 1, 1] output_padding = [0, 0] : (tensor<2x6x5x7xf16>, tensor<6x4x4x3xf16>, tensor<4xf16>) -> tensor<2x4x10x13xf16>
  return %y : tensor<2x4x10x13xf16>
}

func.func @up_bf16(%x: tensor<2x6x5x7xbf16>, %w: tensor<6x4x4x3xbf16>, %b: tensor<4xbf16>) -> tensor<2x4x10x13xbf16> {
  %y = deconv.conv_transpose %x, %w, %b strides = [2, 2] padding = [1, 1, 1, 1] output_padding = [0, 0] : (tensor<2x6x5x7xbf16>, tensor<6x4x4x3xbf16>, tensor<4xbf16>) -> tensor<2x4x10x13xbf16>
  return %y : tensor<2x4x10x13xbf16>
}

func.func @up_f64(%x: tensor<2x6x5x7xf64>, %w: tensor<6x4x4x3xf64>, %b: tensor<4xf64>) -> tensor<2x4x10x13xf64> {
  %y = deconv.conv_transpose %x, %w, %b strides = [2, 2] padding = [1, 1, 1, 1] output_padding = [0, 0] : (tensor<2x6x5x7xf64>, tensor<6x4x4x3xf64>, tensor<4xf64>) -> tensor<2x4x10x13xf64>
  return %y : tensor<2x4x10x13xf64>
}

// f16 operands, the f32 sums returned.
func.func @up_f16_to_f32(%x: tensor<2x6x5x7xf16>, %w: tensor<6x4x4x3xf16>, %b: tensor<4xf32>) -> tensor<2x4x10x13xf32> {
  %y = deconv.conv_transpose %x, %w, %b strides = [2, 2] padding = [1, 1, 1, 1] output_padding = [0, 0] : (tensor<2x6x5x7xf16>, tensor<6x4x4x3xf16>, tensor<4xf32>) -> tensor<2x4x10x13xf32>
  return %y : tensor<2x4x10x13xf32>
}

// A dynamic batch and width, then a conv: a small bf16 network.
func.func @net_bf16(%x: tensor<?x6x5x?xbf16>, %w: tensor<6x4x4x3xbf16>, %v: tensor<3x4x3x3xbf16>) -> tensor<?x3x?x?xbf16> {
  %y = deconv.conv_transpose %x, %w strides = [2, 2] padding = [1, 1, 1, 1] : (tensor<?x6x5x?xbf16>, tensor<6x4x4x3xbf16>) -> tensor<?x4x10x?xbf16>
  %z = deconv.conv %y, %v padding = [1, 1, 1, 1] : (tensor<?x4x10x?xbf16>, tensor<3x4x3x3xbf16>) -> tensor<?x3x?x?xbf16>
  return %z : tensor<?x3x?x?xbf16>
}

func.func @net_f64(%x: tensor<?x6x5x?xf64>, %w: tensor<6x4x4x3xf64>, %v: tensor<3x4x3x3xf64>) -> tensor<?x3x?x?xf64> {
  %y = deconv.conv_transpose %x, %w strides = [2, 2] padding = [1, 1, 1, 1] : (tensor<?x6x5x?xf64>, tensor<6x4x4x3xf64>) -> tensor<?x4x10x?xf64>
  %z = deconv.conv %y, %v padding = [1, 1, 1, 1] : (tensor<?x4x10x?xf64>, tensor<3x4x3x3xf64>) -> tensor<?x3x?x?xf64>
  return %z : tensor<?x3x?x?xf64>
}
