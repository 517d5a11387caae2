// RUN: deconv-opt %s --split-input-file --deconv-import-tosa | FileCheck %s

// CHECK-LABEL: func.func @conv2d
// CHECK-SAME: (%[[X:.*]]: tensor<2x9x7x3xf32>, %[[W:.*]]: tensor<4x3x2x3xf32>, %[[B:.*]]: tensor<4xf32>)
// CHECK: %[[XT:.*]] = linalg.transpose ins(%[[X]] : tensor<2x9x7x3xf32>) outs(%{{.*}} : tensor<2x3x9x7xf32>) permutation = [0, 3, 1, 2]
// CHECK: %[[WT:.*]] = linalg.transpose ins(%[[W]] : tensor<4x3x2x3xf32>) outs(%{{.*}} : tensor<4x3x3x2xf32>) permutation = [0, 3, 1, 2]
// CHECK: %[[Y:.*]] = deconv.conv %[[XT]], %[[WT]], %[[B]] strides = [2, 2] dilations = [2, 1] padding = [2, 2, 0, 1]
// CHECK-SAME: -> tensor<2x4x4x5xf32>
// CHECK: %[[R:.*]] = linalg.transpose ins(%[[Y]] : tensor<2x4x4x5xf32>) outs(%{{.*}} : tensor<2x4x5x4xf32>) permutation = [0, 2, 3, 1]
// CHECK: return %[[R]]
func.func @conv2d(%x: tensor<2x9x7x3xf32>, %w: tensor<4x3x2x3xf32>, %b: tensor<4xf32>) -> tensor<2x4x5x4xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %0 = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, pad = array<i64: 2, 0, 2, 1>, stride = array<i64: 2, 2>, dilation = array<i64: 2, 1>} : (tensor<2x9x7x3xf32>, tensor<4x3x2x3xf32>, tensor<4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<2x4x5x4xf32>
  return %0 : tensor<2x4x5x4xf32>
}

// -----

// 3-D: NDHWC, pad [front, back, top, bottom, left, right]; a one-element
// bias is splat to every channel.
// CHECK-LABEL: func.func @conv3d
// CHECK-DAG: linalg.transpose ins(%{{.*}} : tensor<1x5x6x4x2xf32>) {{.*}} permutation = [0, 4, 1, 2, 3]
// CHECK-DAG: linalg.transpose ins(%{{.*}} : tensor<3x2x3x2x2xf32>) {{.*}} permutation = [0, 4, 1, 2, 3]
// CHECK-DAG: %[[S:.*]] = tensor.extract %{{.*}}[%{{.*}}] : tensor<1xf32>
// CHECK-DAG: %[[BIAS:.*]] = tensor.splat %[[S]] : tensor<3xf32>
// CHECK: deconv.conv %{{.*}}, %{{.*}}, %[[BIAS]] strides = [1, 2, 1] dilations = [1, 1, 1] padding = [1, 0, 1, 1, 1, 0]
// CHECK-SAME: -> tensor<1x3x6x3x4xf32>
// CHECK: linalg.transpose {{.*}} permutation = [0, 2, 3, 4, 1]
func.func @conv3d(%x: tensor<1x5x6x4x2xf32>, %w: tensor<3x2x3x2x2xf32>, %b: tensor<1xf32>) -> tensor<1x6x3x4x3xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %0 = tosa.conv3d %x, %w, %b, %zp, %zp {acc_type = f32, pad = array<i64: 1, 1, 0, 1, 1, 0>, stride = array<i64: 1, 2, 1>, dilation = array<i64: 1, 1, 1>} : (tensor<1x5x6x4x2xf32>, tensor<3x2x3x2x2xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x6x3x4x3xf32>
  return %0 : tensor<1x6x3x4x3xf32>
}

// -----

// Depthwise: [KH, KW, C, M] -> [C, M, KH, KW] -> [C*M, 1, KH, KW], groups = C.
// CHECK-LABEL: func.func @depthwise
// CHECK: %[[WT:.*]] = linalg.transpose ins(%{{.*}} : tensor<3x3x3x2xf32>) outs(%{{.*}} : tensor<3x2x3x3xf32>) permutation = [2, 3, 0, 1]
// CHECK: %[[C:.*]] = tensor.collapse_shape %[[WT]] {{\[}}[0, 1], [2], [3]] : tensor<3x2x3x3xf32> into tensor<6x3x3xf32>
// CHECK: %[[E:.*]] = tensor.expand_shape %[[C]] {{\[}}[0, 1], [2], [3]] output_shape [6, 1, 3, 3] : tensor<6x3x3xf32> into tensor<6x1x3x3xf32>
// CHECK: deconv.conv %{{.*}}, %[[E]], %{{.*}} strides = [2, 2] dilations = [1, 1] padding = [1, 1, 0, 0] groups = 3
func.func @depthwise(%x: tensor<1x8x8x3xf32>, %w: tensor<3x3x3x2xf32>, %b: tensor<6xf32>) -> tensor<1x4x4x6xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %0 = tosa.depthwise_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, pad = array<i64: 1, 0, 1, 0>, stride = array<i64: 2, 2>, dilation = array<i64: 1, 1>} : (tensor<1x8x8x3xf32>, tensor<3x3x3x2xf32>, tensor<6xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x6xf32>
  return %0 : tensor<1x4x4x6xf32>
}

// -----

// transpose_conv2d: weight [OC, KH, KW, IC] -> [IC, OC, KH, KW]; negative
// out_pad is padding (ONNX order), no tensor.pad.
// CHECK-LABEL: func.func @transpose_conv_crop
// CHECK: linalg.transpose ins(%{{.*}} : tensor<4x3x4x3xf32>) outs(%{{.*}} : tensor<3x4x3x4xf32>) permutation = [3, 0, 1, 2]
// CHECK: deconv.conv_transpose %{{.*}}, %{{.*}}, %{{.*}} strides = [2, 2] padding = [1, 0, 1, 1]
// CHECK-SAME: -> tensor<2x4x9x9xf32>
// CHECK-NOT: tensor.pad
// CHECK: return
func.func @transpose_conv_crop(%x: tensor<2x5x4x3xf32>, %w: tensor<4x3x4x3xf32>, %b: tensor<4xf32>) -> tensor<2x9x9x4xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %0 = tosa.transpose_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, out_pad = array<i64: -1, -1, 0, -1>, stride = array<i64: 2, 2>} : (tensor<2x5x4x3xf32>, tensor<4x3x4x3xf32>, tensor<4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<2x9x9x4xf32>
  return %0 : tensor<2x9x9x4xf32>
}

// -----

// Positive out_pad grows the output with bias-only rows and columns: the
// conv_transpose has no bias, its result is zero-padded, then the bias is
// added everywhere.
// CHECK-LABEL: func.func @transpose_conv_grow
// CHECK-SAME: %[[B:[^:]*]]: tensor<4xf32>)
// CHECK: %[[Y:.*]] = deconv.conv_transpose %{{[^,]*}}, %{{[^,]*}} strides = [2, 3] padding = [0, 0, 0, 0]
// CHECK-SAME: -> tensor<2x4x11x13xf32>
// CHECK: %[[P:.*]] = tensor.pad %[[Y]] low[0, 0, 1, 0] high[0, 0, 2, 1]
// CHECK: tensor<2x4x11x13xf32> to tensor<2x4x14x14xf32>
// CHECK: %[[BB:.*]] = linalg.broadcast ins(%[[B]] : tensor<4xf32>) outs(%{{.*}} : tensor<2x4x14x14xf32>) dimensions = [0, 2, 3]
// CHECK: arith.addf %[[P]], %[[BB]] : tensor<2x4x14x14xf32>
func.func @transpose_conv_grow(%x: tensor<2x5x4x3xf32>, %w: tensor<4x3x4x3xf32>, %b: tensor<4xf32>) -> tensor<2x14x14x4xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %0 = tosa.transpose_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, out_pad = array<i64: 1, 2, 0, 1>, stride = array<i64: 2, 3>} : (tensor<2x5x4x3xf32>, tensor<4x3x4x3xf32>, tensor<4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<2x14x14x4xf32>
  return %0 : tensor<2x14x14x4xf32>
}

// -----

// A chain: the output transpose of the first layer and the input transpose
// of the second cancel, also across an elementwise op that is not imported
// (the clamp stays between two transposes).
// CHECK-LABEL: func.func @chain
// CHECK: %[[A:.*]] = deconv.conv
// CHECK-NOT: linalg.transpose ins(%[[A]]
// CHECK: %[[B:.*]] = deconv.conv_transpose %[[A]]
// CHECK: linalg.transpose ins(%[[B]]
func.func @chain(%x: tensor<1x6x6x8xf32>, %w1: tensor<4x3x3x8xf32>, %b1: tensor<4xf32>, %w2: tensor<2x4x4x4xf32>, %b2: tensor<2xf32>) -> tensor<1x12x12x2xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %0 = tosa.conv2d %x, %w1, %b1, %zp, %zp {acc_type = f32, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x6x6x8xf32>, tensor<4x3x3x8xf32>, tensor<4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x6x6x4xf32>
  %1 = tosa.transpose_conv2d %0, %w2, %b2, %zp, %zp {acc_type = f32, out_pad = array<i64: -1, -1, -1, -1>, stride = array<i64: 2, 2>} : (tensor<1x6x6x4xf32>, tensor<2x4x4x4xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x12x12x2xf32>
  return %1 : tensor<1x12x12x2xf32>
}

// -----

// Left to TOSA's own lowering: integer (quantized) convolutions, with or
// without zero points, and an accumulator wider than the operands.
// CHECK-LABEL: func.func @not_imported
// CHECK-NOT: deconv.
// CHECK: tosa.conv2d
// CHECK: tosa.conv2d
// CHECK: tosa.conv2d
func.func @not_imported(%xi: tensor<1x4x4x2xi8>, %wi: tensor<2x1x1x2xi8>, %bi: tensor<2xi32>,
                        %xh: tensor<1x4x4x2xf16>, %wh: tensor<2x1x1x2xf16>, %bh: tensor<2xf16>)
    -> (tensor<1x4x4x2xi32>, tensor<1x4x4x2xi32>, tensor<1x4x4x2xf16>) {
  %izp = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %0 = tosa.conv2d %xi, %wi, %bi, %izp, %izp {acc_type = i32, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x4x4x2xi8>, tensor<2x1x1x2xi8>, tensor<2xi32>, tensor<1xi8>, tensor<1xi8>) -> tensor<1x4x4x2xi32>
  %zp = "tosa.const"() <{values = dense<3> : tensor<1xi8>}> : () -> tensor<1xi8>
  %1 = tosa.conv2d %xi, %wi, %bi, %zp, %zp {acc_type = i32, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x4x4x2xi8>, tensor<2x1x1x2xi8>, tensor<2xi32>, tensor<1xi8>, tensor<1xi8>) -> tensor<1x4x4x2xi32>
  %hzp = "tosa.const"() <{values = dense<0.0> : tensor<1xf16>}> : () -> tensor<1xf16>
  %2 = tosa.conv2d %xh, %wh, %bh, %hzp, %hzp {acc_type = f32, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x4x4x2xf16>, tensor<2x1x1x2xf16>, tensor<2xf16>, tensor<1xf16>, tensor<1xf16>) -> tensor<1x4x4x2xf16>
  return %0, %1, %2 : tensor<1x4x4x2xi32>, tensor<1x4x4x2xi32>, tensor<1x4x4x2xf16>
}
