// TOSA programs for tosa-import.test: each function is run once lowered by
// upstream's TOSA pipeline and once through --deconv-import-tosa.

func.func @conv2d(%x: tensor<2x9x7x3xf32>, %w: tensor<4x3x2x3xf32>, %b: tensor<4xf32>) -> tensor<2x4x5x4xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %0 = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, pad = array<i64: 2, 0, 2, 1>, stride = array<i64: 2, 2>, dilation = array<i64: 2, 1>} : (tensor<2x9x7x3xf32>, tensor<4x3x2x3xf32>, tensor<4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<2x4x5x4xf32>
  return %0 : tensor<2x4x5x4xf32>
}

func.func @conv3d(%x: tensor<1x5x6x4x2xf32>, %w: tensor<3x2x3x2x2xf32>, %b: tensor<1xf32>) -> tensor<1x6x3x4x3xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %0 = tosa.conv3d %x, %w, %b, %zp, %zp {acc_type = f32, pad = array<i64: 1, 1, 0, 1, 1, 0>, stride = array<i64: 1, 2, 1>, dilation = array<i64: 1, 1, 1>} : (tensor<1x5x6x4x2xf32>, tensor<3x2x3x2x2xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x6x3x4x3xf32>
  return %0 : tensor<1x6x3x4x3xf32>
}

func.func @depthwise(%x: tensor<1x8x8x3xf32>, %w: tensor<3x3x3x2xf32>, %b: tensor<6xf32>) -> tensor<1x4x4x6xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %0 = tosa.depthwise_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, pad = array<i64: 1, 0, 1, 0>, stride = array<i64: 2, 2>, dilation = array<i64: 1, 1>} : (tensor<1x8x8x3xf32>, tensor<3x3x3x2xf32>, tensor<6xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x6xf32>
  return %0 : tensor<1x4x4x6xf32>
}

// out_pad: negative crops (PyTorch padding), zero, positive grows.
func.func @transpose_conv(%x: tensor<2x5x4x3xf32>, %w: tensor<4x3x4x3xf32>, %b: tensor<4xf32>) -> (tensor<2x9x9x4xf32>, tensor<2x14x14x4xf32>) {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %0 = tosa.transpose_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, out_pad = array<i64: -1, -1, 0, -1>, stride = array<i64: 2, 2>} : (tensor<2x5x4x3xf32>, tensor<4x3x4x3xf32>, tensor<4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<2x9x9x4xf32>
  %1 = tosa.transpose_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, out_pad = array<i64: 1, 2, 0, 1>, stride = array<i64: 2, 3>} : (tensor<2x5x4x3xf32>, tensor<4x3x4x3xf32>, tensor<4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<2x14x14x4xf32>
  return %0, %1 : tensor<2x9x9x4xf32>, tensor<2x14x14x4xf32>
}

// A decoder-like chain: the layout transposes between the layers fold.
func.func @chain(%x: tensor<1x6x6x8xf32>, %w1: tensor<4x3x3x8xf32>, %b1: tensor<4xf32>, %w2: tensor<2x4x4x4xf32>, %b2: tensor<1xf32>) -> tensor<1x12x12x2xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %0 = tosa.conv2d %x, %w1, %b1, %zp, %zp {acc_type = f32, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x6x6x8xf32>, tensor<4x3x3x8xf32>, tensor<4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x6x6x4xf32>
  %1 = tosa.clamp %0 {min_val = 0.0 : f32, max_val = 3.4028235e+38 : f32} : (tensor<1x6x6x4xf32>) -> tensor<1x6x6x4xf32>
  %2 = tosa.transpose_conv2d %1, %w2, %b2, %zp, %zp {acc_type = f32, out_pad = array<i64: -1, -1, -1, -1>, stride = array<i64: 2, 2>} : (tensor<1x6x6x4xf32>, tensor<2x4x4x4xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x12x12x2xf32>
  return %2 : tensor<1x12x12x2xf32>
}
