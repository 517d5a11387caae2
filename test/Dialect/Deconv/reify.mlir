// RUN: deconv-opt %s --resolve-ranked-shaped-type-result-dims --canonicalize --split-input-file | FileCheck %s

// Dynamic result dims are reified with the verifier's formula:
//   conv_transpose: O = (I-1)*s - padLo - padHi + d*(K-1) + outPad + 1
//   here s=2, pads 1/0, d=1, outPad=1: O = 2*I + K - 2.

// CHECK-DAG: #[[TMAP:.*]] = affine_map<()[s0, s1] -> (s0 * 2 + s1 - 2)>
// CHECK-LABEL: func.func @conv_transpose_dims
// CHECK-SAME: (%[[X:.*]]: tensor<?x4x?xf32>, %[[W:.*]]: tensor<4x?x?xf32>)
// CHECK-DAG: %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG: %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG: %[[C2:.*]] = arith.constant 2 : index
// CHECK-DAG: %[[N:.*]] = tensor.dim %[[X]], %[[C0]]
// CHECK-DAG: %[[CPG:.*]] = tensor.dim %[[W]], %[[C1]]
// CHECK-DAG: %[[COUT:.*]] = affine.apply #{{.*}}()[%[[CPG]]]
// CHECK-DAG: %[[I:.*]] = tensor.dim %[[X]], %[[C2]]
// CHECK-DAG: %[[K:.*]] = tensor.dim %[[W]], %[[C2]]
// CHECK-DAG: %[[O:.*]] = affine.apply #[[TMAP]]()[%[[I]], %[[K]]]
// CHECK: return %[[N]], %[[COUT]], %[[O]]
func.func @conv_transpose_dims(%x: tensor<?x4x?xf32>, %w: tensor<4x?x?xf32>) -> (index, index, index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %y = deconv.conv_transpose %x, %w strides = [2] padding = [1, 0] output_padding = [1] groups = 2 : (tensor<?x4x?xf32>, tensor<4x?x?xf32>) -> tensor<?x?x?xf32>
  %n = tensor.dim %y, %c0 : tensor<?x?x?xf32>
  %co = tensor.dim %y, %c1 : tensor<?x?x?xf32>
  %o = tensor.dim %y, %c2 : tensor<?x?x?xf32>
  return %n, %co, %o : index, index, index
}

// -----

// conv: O = floor((I + padLo + padHi - d*(K-1) - 1) / s) + 1; here s=3, pads
// 2/1, d=2: O = (I - 2*K + 4) floordiv 3 + 1. Static dims fold to constants (dim 3: (7 + 0 + 2 - 4 - 1) floordiv 3 + 1 = 2).

// CHECK-DAG: #[[CMAP:.*]] = affine_map<()[s0, s1] -> ((s0 - s1 * 2 + 4) floordiv 3 + 1)>
// CHECK-LABEL: func.func @conv_dims
// CHECK-SAME: (%[[X:.*]]: tensor<1x4x?x7xf32>, %[[W:.*]]: tensor<?x4x?x3xf32>)
// CHECK-DAG: %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG: %[[C2:.*]] = arith.constant 2 : index
// CHECK-DAG: %[[COUT:.*]] = tensor.dim %[[W]], %[[C0]]
// CHECK-DAG: %[[I:.*]] = tensor.dim %[[X]], %[[C2]]
// CHECK-DAG: %[[K:.*]] = tensor.dim %[[W]], %[[C2]]
// CHECK-DAG: %[[O:.*]] = affine.apply #[[CMAP]]()[%[[I]], %[[K]]]
// CHECK: return %[[COUT]], %[[O]], %[[C2]]
func.func @conv_dims(%x: tensor<1x4x?x7xf32>, %w: tensor<?x4x?x3xf32>) -> (index, index, index) {
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %y = deconv.conv %x, %w strides = [3, 3] dilations = [2, 2] padding = [2, 0, 1, 2] : (tensor<1x4x?x7xf32>, tensor<?x4x?x3xf32>) -> tensor<1x?x?x2xf32>
  %co = tensor.dim %y, %c1 : tensor<1x?x?x2xf32>
  %o = tensor.dim %y, %c2 : tensor<1x?x?x2xf32>
  %s = tensor.dim %y, %c3 : tensor<1x?x?x2xf32>
  return %co, %o, %s : index, index, index
}
