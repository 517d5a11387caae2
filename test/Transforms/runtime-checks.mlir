// RUN: deconv-opt %s --deconv-runtime-checks --canonicalize --split-input-file | FileCheck %s

// A dynamic input channel count is checked against the filter's (conv:
// dim 1 * groups), and a dynamic bias length against the output channel
// count; after the checks, the op takes both operands cast to the counts the
// filter fixes, so that the code generator's kernels (static channels) apply.
// CHECK-LABEL: func.func @conv
// CHECK-SAME:    (%[[X:.*]]: tensor<?x?x9x9xf32>, %[[W:.*]]: tensor<6x2x3x3xf32>, %[[B:.*]]: tensor<?xf32>)
// CHECK-DAG:     %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG:     %[[C4:.*]] = arith.constant 4 : index
// CHECK-DAG:     %[[C6:.*]] = arith.constant 6 : index
// CHECK:         %[[CIN:.*]] = tensor.dim %[[X]], %[[C1]]
// CHECK:         %[[BAD:.*]] = arith.cmpi ne, %[[CIN]], %[[C4]]
// CHECK:         scf.if %[[BAD]]
// CHECK:           llvm.call
// CHECK:         %[[LEN:.*]] = tensor.dim %[[B]]
// CHECK:         %[[BADB:.*]] = arith.cmpi ne, %[[LEN]], %[[C6]]
// CHECK:         scf.if %[[BADB]]
// CHECK:         %[[XC:.*]] = tensor.cast %[[X]] : tensor<?x?x9x9xf32> to tensor<?x4x9x9xf32>
// CHECK:         %[[BC:.*]] = tensor.cast %[[B]] : tensor<?xf32> to tensor<6xf32>
// CHECK:         deconv.conv %[[XC]], %[[W]], %[[BC]] {{.*}} : (tensor<?x4x9x9xf32>, tensor<6x2x3x3xf32>, tensor<6xf32>) -> tensor<?x6x7x7xf32>
func.func @conv(%x: tensor<?x?x9x9xf32>, %w: tensor<6x2x3x3xf32>, %b: tensor<?xf32>) -> tensor<?x6x7x7xf32> {
  %y = deconv.conv %x, %w, %b groups = 2 : (tensor<?x?x9x9xf32>, tensor<6x2x3x3xf32>, tensor<?xf32>) -> tensor<?x6x7x7xf32>
  return %y : tensor<?x6x7x7xf32>
}

// -----

// A transposed conv's input channel count is the filter's dim 0; its bias
// length is dim 1 * groups. A filter of dynamic channel counts fixes nothing:
// the operands keep their types.
// CHECK-LABEL: func.func @transpose
// CHECK:         %[[XC:.*]] = tensor.cast %{{.*}} : tensor<1x?x5x5xf32> to tensor<1x4x5x5xf32>
// CHECK:         %[[BC:.*]] = tensor.cast %{{.*}} : tensor<?xf32> to tensor<6xf32>
// CHECK:         deconv.conv_transpose %[[XC]], %{{.*}}, %[[BC]]
// CHECK-LABEL: func.func @dynamic_filter
// CHECK-NOT:     tensor.cast
// CHECK:         deconv.conv_transpose %{{.*}} : (tensor<1x?x5x5xf32>, tensor<?x3x3x3xf32>) -> tensor<1x3x11x11xf32>
func.func @transpose(%x: tensor<1x?x5x5xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<?xf32>) -> tensor<1x6x11x11xf32> {
  %y = deconv.conv_transpose %x, %w, %b strides = [2, 2] groups = 2 : (tensor<1x?x5x5xf32>, tensor<4x3x3x3xf32>, tensor<?xf32>) -> tensor<1x6x11x11xf32>
  return %y : tensor<1x6x11x11xf32>
}
func.func @dynamic_filter(%x: tensor<1x?x5x5xf32>, %w: tensor<?x3x3x3xf32>) -> tensor<1x3x11x11xf32> {
  %y = deconv.conv_transpose %x, %w strides = [2, 2] : (tensor<1x?x5x5xf32>, tensor<?x3x3x3xf32>) -> tensor<1x3x11x11xf32>
  return %y : tensor<1x3x11x11xf32>
}
