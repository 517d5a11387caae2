// RUN: deconv-opt %s --deconv-pack-constants | FileCheck %s

// A transposed constant is computed at compile time.
// CHECK-LABEL: func.func @transpose
// CHECK:         %[[C:.*]] = arith.constant dense<{{\[\[}}1.000000e+00, 3.000000e+00], [2.000000e+00, 4.000000e+00]]> : tensor<2x2xf32>
// CHECK-NOT:     linalg.transpose
// CHECK:         return %[[C]]
func.func @transpose() -> tensor<2x2xf32> {
  %w = arith.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>
  %e = tensor.empty() : tensor<2x2xf32>
  %t = linalg.transpose ins(%w : tensor<2x2xf32>) outs(%e : tensor<2x2xf32>) permutation = [1, 0]
  return %t : tensor<2x2xf32>
}

// A filter packed into blocks of output channels through a reshape, as
// the channels-last kernel packs it: [F, C, 1, 1] -> [F/2, 2, C, 1, 1] ->
// [F/2, 1, 1, C, 2].
// CHECK-LABEL: func.func @packed_filter
// CHECK:         %[[C:.*]] = arith.constant dense<{{\[\[\[\[}}[1.000000e+00, 3.000000e+00], [2.000000e+00, 4.000000e+00]]]], {{\[\[\[}}[5.000000e+00, 7.000000e+00], [6.000000e+00, 8.000000e+00]]]]]> : tensor<2x1x1x2x2xf32>
// CHECK-NOT:     linalg.transpose
// CHECK:         return %[[C]]
func.func @packed_filter() -> tensor<2x1x1x2x2xf32> {
  %w = arith.constant dense<[[[[1.0]], [[2.0]]], [[[3.0]], [[4.0]]], [[[5.0]], [[6.0]]], [[[7.0]], [[8.0]]]]> : tensor<4x2x1x1xf32>
  %b = tensor.expand_shape %w [[0, 1], [2], [3], [4]] output_shape [2, 2, 2, 1, 1] : tensor<4x2x1x1xf32> into tensor<2x2x2x1x1xf32>
  %e = tensor.empty() : tensor<2x1x1x2x2xf32>
  %t = linalg.transpose ins(%b : tensor<2x2x2x1x1xf32>) outs(%e : tensor<2x1x1x2x2xf32>) permutation = [0, 3, 4, 2, 1]
  return %t : tensor<2x1x1x2x2xf32>
}

// A transpose of a run-time value is left alone.
// CHECK-LABEL: func.func @not_constant
// CHECK:         linalg.transpose
func.func @not_constant(%w: tensor<2x2xf32>) -> tensor<2x2xf32> {
  %e = tensor.empty() : tensor<2x2xf32>
  %t = linalg.transpose ins(%w : tensor<2x2xf32>) outs(%e : tensor<2x2xf32>) permutation = [1, 0]
  return %t : tensor<2x2xf32>
}
