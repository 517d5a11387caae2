// RUN: deconv-opt %s --deconv-split-groups --split-input-file | FileCheck %s
// RUN: deconv-opt %s --deconv-split-groups=max-unrolled-groups=1 --split-input-file | FileCheck %s --check-prefix=LOOP

// Two groups of a conv: each group's input channels, filter rows and bias
// entries through an ungrouped op, inserted into its output channels.
// CHECK-LABEL: func.func @conv
// CHECK-SAME:    (%[[X:.*]]: tensor<1x8x6x6xf32>, %[[W:.*]]: tensor<6x4x3x3xf32>, %[[B:.*]]: tensor<6xf32>)
// CHECK:         %[[E:.*]] = tensor.empty() : tensor<1x6x4x4xf32>
// CHECK:         %[[X0:.*]] = tensor.extract_slice %[[X]][0, 0, 0, 0] [1, 4, 6, 6]
// CHECK:         %[[W0:.*]] = tensor.extract_slice %[[W]][0, 0, 0, 0] [3, 4, 3, 3]
// CHECK:         %[[B0:.*]] = tensor.extract_slice %[[B]][0] [3]
// CHECK:         %[[Y0:.*]] = deconv.conv %[[X0]], %[[W0]], %[[B0]] : (tensor<1x4x6x6xf32>, tensor<3x4x3x3xf32>, tensor<3xf32>) -> tensor<1x3x4x4xf32>
// CHECK:         %[[A0:.*]] = tensor.insert_slice %[[Y0]] into %[[E]][0, 0, 0, 0] [1, 3, 4, 4]
// CHECK:         %[[X1:.*]] = tensor.extract_slice %[[X]][0, 4, 0, 0] [1, 4, 6, 6]
// CHECK:         %[[W1:.*]] = tensor.extract_slice %[[W]][3, 0, 0, 0] [3, 4, 3, 3]
// CHECK:         %[[B1:.*]] = tensor.extract_slice %[[B]][3] [3]
// CHECK:         %[[Y1:.*]] = deconv.conv %[[X1]], %[[W1]], %[[B1]]
// CHECK:         %[[A1:.*]] = tensor.insert_slice %[[Y1]] into %[[A0]][0, 3, 0, 0] [1, 3, 4, 4]
// CHECK:         return %[[A1]]
// LOOP-LABEL:  func.func @conv
// LOOP:          scf.forall (%[[G:.*]]) in (2) shared_outs(%[[ACC:.*]] = %{{.*}}) -> (tensor<1x6x4x4xf32>)
// LOOP:            deconv.conv {{.*}} -> tensor<1x3x4x4xf32>
// LOOP:            tensor.parallel_insert_slice %{{.*}} into %[[ACC]]
func.func @conv(%x: tensor<1x8x6x6xf32>, %w: tensor<6x4x3x3xf32>, %b: tensor<6xf32>) -> tensor<1x6x4x4xf32> {
  %y = deconv.conv %x, %w, %b groups = 2 : (tensor<1x8x6x6xf32>, tensor<6x4x3x3xf32>, tensor<6xf32>) -> tensor<1x6x4x4xf32>
  return %y : tensor<1x6x4x4xf32>
}

// -----

// A conv_transpose: the filter rows are the group's input channels; a
// constant filter is sliced at compile time.
// CHECK-LABEL: func.func @transpose
// CHECK:         %[[W0:.*]] = arith.constant dense<1.000000e+00> : tensor<2x3x2x2xf32>
// CHECK:         deconv.conv_transpose %{{.*}}, %[[W0]] strides = [2, 2] : (tensor<1x2x3x3xf32>, tensor<2x3x2x2xf32>) -> tensor<1x3x6x6xf32>
// CHECK:         %[[W1:.*]] = arith.constant dense<2.000000e+00> : tensor<2x3x2x2xf32>
// CHECK:         deconv.conv_transpose %{{.*}}, %[[W1]] strides = [2, 2] : (tensor<1x2x3x3xf32>, tensor<2x3x2x2xf32>) -> tensor<1x3x6x6xf32>
// CHECK-NOT:     groups
func.func @transpose(%x: tensor<1x4x3x3xf32>) -> tensor<1x6x6x6xf32> {
  %wc = arith.constant dense<[[[[1.0, 1.0], [1.0, 1.0]], [[1.0, 1.0], [1.0, 1.0]], [[1.0, 1.0], [1.0, 1.0]]], [[[1.0, 1.0], [1.0, 1.0]], [[1.0, 1.0], [1.0, 1.0]], [[1.0, 1.0], [1.0, 1.0]]], [[[2.0, 2.0], [2.0, 2.0]], [[2.0, 2.0], [2.0, 2.0]], [[2.0, 2.0], [2.0, 2.0]]], [[[2.0, 2.0], [2.0, 2.0]], [[2.0, 2.0], [2.0, 2.0]], [[2.0, 2.0], [2.0, 2.0]]]]> : tensor<4x3x2x2xf32>
  %y = deconv.conv_transpose %x, %wc strides = [2, 2] groups = 2 : (tensor<1x4x3x3xf32>, tensor<4x3x2x2xf32>) -> tensor<1x6x6x6xf32>
  return %y : tensor<1x6x6x6xf32>
}

// -----

// Depthwise and channel-multiplier layers (one input channel per group) and
// dynamic shapes are left alone.
// CHECK-LABEL: func.func @left_alone
// CHECK-NOT:     tensor.extract_slice
// CHECK-COUNT-3: groups =
func.func @left_alone(%x: tensor<1x8x6x6xf32>, %w: tensor<8x1x3x3xf32>, %wm: tensor<16x1x3x3xf32>, %xd: tensor<1x8x?x6xf32>, %w2: tensor<8x4x3x3xf32>) -> (tensor<1x8x4x4xf32>, tensor<1x16x4x4xf32>, tensor<1x8x?x4xf32>) {
  %y = deconv.conv %x, %w groups = 8 : (tensor<1x8x6x6xf32>, tensor<8x1x3x3xf32>) -> tensor<1x8x4x4xf32>
  %m = deconv.conv %x, %wm groups = 8 : (tensor<1x8x6x6xf32>, tensor<16x1x3x3xf32>) -> tensor<1x16x4x4xf32>
  %d = deconv.conv %xd, %w2 groups = 2 : (tensor<1x8x?x6xf32>, tensor<8x4x3x3xf32>) -> tensor<1x8x?x4xf32>
  return %y, %m, %d : tensor<1x8x4x4xf32>, tensor<1x16x4x4xf32>, tensor<1x8x?x4xf32>
}
