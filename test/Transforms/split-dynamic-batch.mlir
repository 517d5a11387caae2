// RUN: deconv-opt %s --deconv-split-dynamic-batch --split-input-file | FileCheck %s

// A conv_transpose whose only dynamic dim is the batch runs image by image:
// each iteration is the same op on static shapes.
// CHECK-LABEL: func.func @transpose
// CHECK-SAME:    (%[[X:.*]]: tensor<?x16x9x9xf32>, %[[W:.*]]: tensor<16x8x4x4xf32>, %[[B:.*]]: tensor<8xf32>)
// CHECK-DAG:     %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG:     %[[C1:.*]] = arith.constant 1 : index
// CHECK:         %[[N:.*]] = tensor.dim %[[X]], %[[C0]]
// CHECK:         %[[E:.*]] = tensor.empty(%[[N]]) : tensor<?x8x18x18xf32>
// CHECK:         %[[R:.*]] = scf.for %[[I:.*]] = %[[C0]] to %[[N]] step %[[C1]] iter_args(%[[ACC:.*]] = %[[E]]) -> (tensor<?x8x18x18xf32>)
// CHECK:           %[[XI:.*]] = tensor.extract_slice %[[X]][%[[I]], 0, 0, 0] [1, 16, 9, 9] [1, 1, 1, 1] : tensor<?x16x9x9xf32> to tensor<1x16x9x9xf32>
// CHECK:           %[[YI:.*]] = deconv.conv_transpose %[[XI]], %[[W]], %[[B]] strides = [2, 2] padding = [1, 1, 1, 1] : (tensor<1x16x9x9xf32>, tensor<16x8x4x4xf32>, tensor<8xf32>) -> tensor<1x8x18x18xf32>
// CHECK:           %[[INS:.*]] = tensor.insert_slice %[[YI]] into %[[ACC]][%[[I]], 0, 0, 0] [1, 8, 18, 18] [1, 1, 1, 1]
// CHECK:           scf.yield %[[INS]]
// CHECK:         return %[[R]]
func.func @transpose(%x: tensor<?x16x9x9xf32>, %w: tensor<16x8x4x4xf32>, %b: tensor<8xf32>) -> tensor<?x8x18x18xf32> {
  %y = deconv.conv_transpose %x, %w, %b strides = [2, 2] padding = [1, 1, 1, 1] : (tensor<?x16x9x9xf32>, tensor<16x8x4x4xf32>, tensor<8xf32>) -> tensor<?x8x18x18xf32>
  return %y : tensor<?x8x18x18xf32>
}

// -----

// The same for a 1-D conv with groups.
// CHECK-LABEL: func.func @conv1d
// CHECK:         scf.for
// CHECK:           deconv.conv %{{.*}}, %{{.*}} strides = [2] groups = 2 : (tensor<1x4x20xf32>, tensor<6x2x3xf32>) -> tensor<1x6x9xf32>
func.func @conv1d(%x: tensor<?x4x20xf32>, %w: tensor<6x2x3xf32>) -> tensor<?x6x9xf32> {
  %y = deconv.conv %x, %w strides = [2] groups = 2 : (tensor<?x4x20xf32>, tensor<6x2x3xf32>) -> tensor<?x6x9xf32>
  return %y : tensor<?x6x9xf32>
}

// -----

// Ops with other dynamic dims (spatial, channels, filter) or a static batch
// are left alone.
// CHECK-LABEL: func.func @left_alone
// CHECK-NOT:     scf.for
// CHECK-COUNT-3: deconv.conv
func.func @left_alone(%x: tensor<?x4x?xf32>, %w: tensor<6x4x3xf32>, %x2: tensor<2x4x20xf32>, %w2: tensor<?x4x3xf32>, %x3: tensor<?x4x20xf32>) -> (tensor<?x6x?xf32>, tensor<2x6x18xf32>, tensor<?x?x18xf32>) {
  %y = deconv.conv %x, %w : (tensor<?x4x?xf32>, tensor<6x4x3xf32>) -> tensor<?x6x?xf32>
  %y2 = deconv.conv %x2, %w : (tensor<2x4x20xf32>, tensor<6x4x3xf32>) -> tensor<2x6x18xf32>
  %y3 = deconv.conv %x3, %w2 : (tensor<?x4x20xf32>, tensor<?x4x3xf32>) -> tensor<?x?x18xf32>
  return %y, %y2, %y3 : tensor<?x6x?xf32>, tensor<2x6x18xf32>, tensor<?x?x18xf32>
}
