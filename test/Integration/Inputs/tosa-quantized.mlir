// Convolutions --deconv-import-tosa leaves to TOSA's own lowering, next to one
// it imports.
func.func @mixed(%x: tensor<1x4x4x2xf32>, %w: tensor<2x3x3x2xf32>, %b: tensor<2xf32>) -> (tensor<1x4x4x2xf32>, tensor<1x9x9x2xf32>) {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %0 = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<2x3x3x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32>
  %xi = "tosa.const"() <{values = dense<3> : tensor<1x4x4x2xi8>}> : () -> tensor<1x4x4x2xi8>
  %wi = "tosa.const"() <{values = dense<-2> : tensor<2x3x3x2xi8>}> : () -> tensor<2x3x3x2xi8>
  %bi = "tosa.const"() <{values = dense<7> : tensor<2xi32>}> : () -> tensor<2xi32>
  %izp = "tosa.const"() <{values = dense<1> : tensor<1xi8>}> : () -> tensor<1xi8>
  %1 = tosa.transpose_conv2d %xi, %wi, %bi, %izp, %izp {acc_type = i32, out_pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x4x4x2xi8>, tensor<2x3x3x2xi8>, tensor<2xi32>, tensor<1xi8>, tensor<1xi8>) -> tensor<1x9x9x2xi32>
  %2 = tosa.cast %1 : (tensor<1x9x9x2xi32>) -> tensor<1x9x9x2xf32>
  return %0, %2 : tensor<1x4x4x2xf32>, tensor<1x9x9x2xf32>
}
