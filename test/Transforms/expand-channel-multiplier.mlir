// RUN: deconv-opt %s --deconv-expand-channel-multiplier --split-input-file | FileCheck %s

// Two output channels per input channel: the input repeated twice, then a
// depthwise conv with one group per output channel and the same filter.
// CHECK-LABEL: func.func @conv
// CHECK-SAME:    (%[[X:.*]]: tensor<1x4x6x6xf32>, %[[W:.*]]: tensor<8x1x3x3xf32>)
// CHECK:         %[[E:.*]] = tensor.empty() : tensor<1x4x2x6x6xf32>
// CHECK:         %[[R:.*]] = linalg.broadcast ins(%[[X]] : tensor<1x4x6x6xf32>) outs(%[[E]] : tensor<1x4x2x6x6xf32>) dimensions = [2]
// CHECK:         %[[C:.*]] = tensor.collapse_shape %[[R]] {{\[\[}}0], [1, 2], [3], [4]] : tensor<1x4x2x6x6xf32> into tensor<1x8x6x6xf32>
// CHECK:         deconv.conv %[[C]], %[[W]] groups = 8 : (tensor<1x8x6x6xf32>, tensor<8x1x3x3xf32>) -> tensor<1x8x4x4xf32>
func.func @conv(%x: tensor<1x4x6x6xf32>, %w: tensor<8x1x3x3xf32>) -> tensor<1x8x4x4xf32> {
  %y = deconv.conv %x, %w groups = 4 : (tensor<1x4x6x6xf32>, tensor<8x1x3x3xf32>) -> tensor<1x8x4x4xf32>
  return %y : tensor<1x8x4x4xf32>
}

// -----

// A conv_transpose's filter [G, M, K...] becomes [G*M, 1, K...].
// CHECK-LABEL: func.func @transpose
// CHECK:         %[[F:.*]] = tensor.collapse_shape %{{.*}} {{\[\[}}0, 1], [2], [3]] : tensor<4x3x2x2xf32> into tensor<12x2x2xf32>
// CHECK:         %[[W:.*]] = tensor.expand_shape %[[F]] {{\[\[}}0, 1], [2], [3]] output_shape [12, 1, 2, 2] : tensor<12x2x2xf32> into tensor<12x1x2x2xf32>
// CHECK:         deconv.conv_transpose %{{.*}}, %[[W]] strides = [2, 2] groups = 12 : (tensor<1x12x3x3xf32>, tensor<12x1x2x2xf32>) -> tensor<1x12x6x6xf32>
func.func @transpose(%x: tensor<1x4x3x3xf32>, %w: tensor<4x3x2x2xf32>) -> tensor<1x12x6x6xf32> {
  %y = deconv.conv_transpose %x, %w strides = [2, 2] groups = 4 : (tensor<1x4x3x3xf32>, tensor<4x3x2x2xf32>) -> tensor<1x12x6x6xf32>
  return %y : tensor<1x12x6x6xf32>
}

// -----

// Depthwise layers (one output channel per group) and dynamic shapes are
// left alone.
// CHECK-LABEL: func.func @left_alone
// CHECK-NOT:     linalg.broadcast
func.func @left_alone(%x: tensor<1x4x6x6xf32>, %w: tensor<4x1x3x3xf32>, %xd: tensor<?x4x6x6xf32>, %wm: tensor<8x1x3x3xf32>) -> (tensor<1x4x4x4xf32>, tensor<?x8x4x4xf32>) {
  %y = deconv.conv %x, %w groups = 4 : (tensor<1x4x6x6xf32>, tensor<4x1x3x3xf32>) -> tensor<1x4x4x4xf32>
  %d = deconv.conv %xd, %wm groups = 4 : (tensor<?x4x6x6xf32>, tensor<8x1x3x3xf32>) -> tensor<?x8x4x4xf32>
  return %y, %d : tensor<1x4x4x4xf32>, tensor<?x8x4x4xf32>
}
