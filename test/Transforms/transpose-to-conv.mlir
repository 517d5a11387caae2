// RUN: deconv-opt %s --deconv-transpose-to-conv --canonicalize --split-input-file | FileCheck %s

// K=4, s=2, pad 1: the input goes with stride 2 into a zero tensor padded by
// K-1-pad = 2 on each side ((3-1)*2+1 + 2 + 2 = 9); the filter is per-group
// in/out swapped and flipped; then a stride-1 deconv.conv with the bias.
// CHECK-DAG: #[[FLIP:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d2, d1, -d3 + 3, -d4 + 3)>
// CHECK-LABEL: func.func @k4s2
// CHECK-SAME: (%[[X:.*]]: tensor<1x4x3x3xf32>, %[[W:.*]]: tensor<4x2x4x4xf32>, %[[B:.*]]: tensor<2xf32>)
// CHECK: %[[Z:.*]] = linalg.fill {{.*}} -> tensor<1x4x9x9xf32>
// CHECK: %[[D:.*]] = tensor.insert_slice %[[X]] into %[[Z]][0, 0, 2, 2] [1, 4, 3, 3] [1, 1, 2, 2]
// CHECK: %[[G:.*]] = linalg.generic {indexing_maps = [#[[FLIP]], {{.*}}]
// CHECK: %[[F:.*]] = tensor.collapse_shape %[[G]] {{.*}} into tensor<2x4x4x4xf32>
// CHECK: deconv.conv %[[D]], %[[F]], %[[B]] : (tensor<1x4x9x9xf32>, tensor<2x4x4x4xf32>, tensor<2xf32>) -> tensor<1x2x6x6xf32>
func.func @k4s2(%x: tensor<1x4x3x3xf32>, %w: tensor<4x2x4x4xf32>, %b: tensor<2xf32>) -> tensor<1x2x6x6xf32> {
  %y = deconv.conv_transpose %x, %w, %b strides = [2, 2] padding = [1, 1, 1, 1]
    : (tensor<1x4x3x3xf32>, tensor<4x2x4x4xf32>, tensor<2xf32>) -> tensor<1x2x6x6xf32>
  return %y : tensor<1x2x6x6xf32>
}

// -----

// Padding beyond the kernel reach crops: pad_lo 5 with K=2 gives 1-5 = -4,
// i.e. the first two input elements (stride 2) are sliced off and the rest
// lands at offset 0; the end is padded by K-1-0+1 = 2.
// CHECK-LABEL: func.func @crop
// CHECK-DAG: %[[S:.*]] = tensor.extract_slice %{{.*}}[0, 0, 2] [1, 1, 4] [1, 1, 1]
// CHECK-DAG: %[[Z:.*]] = linalg.fill {{.*}} -> tensor<1x1x9xf32>
// CHECK: tensor.insert_slice %[[S]] into %[[Z]][0, 0, 0] [1, 1, 4] [1, 1, 2]
// CHECK: deconv.conv {{.*}} : (tensor<1x1x9xf32>, tensor<1x1x2xf32>) -> tensor<1x1x8xf32>
func.func @crop(%x: tensor<1x1x6xf32>, %w: tensor<1x1x2xf32>) -> tensor<1x1x8xf32> {
  %y = deconv.conv_transpose %x, %w strides = [2] padding = [5, 0] output_padding = [1]
    : (tensor<1x1x6xf32>, tensor<1x1x2xf32>) -> tensor<1x1x8xf32>
  return %y : tensor<1x1x8xf32>
}

// -----

// Groups: the filter is regrouped to [Cout, Cin/g, K] and the conv keeps the
// groups and the dilation.
// CHECK-LABEL: func.func @grouped_dilated
// CHECK: tensor.expand_shape %{{.*}} {{\[}}[0, 1], [2], [3]] output_shape [2, 2, 3, 3] : tensor<4x3x3xf32> into tensor<2x2x3x3xf32>
// CHECK: tensor.collapse_shape {{.*}} into tensor<6x2x3xf32>
// CHECK: deconv.conv {{.*}} dilations = [2] groups = 2 : (tensor<1x4x{{[0-9]+}}xf32>, tensor<6x2x3xf32>) -> tensor<1x6x11xf32>
func.func @grouped_dilated(%x: tensor<1x4x4xf32>, %w: tensor<4x3x3xf32>) -> tensor<1x6x11xf32> {
  %y = deconv.conv_transpose %x, %w strides = [2] dilations = [2] padding = [0, 0] groups = 2
    : (tensor<1x4x4xf32>, tensor<4x3x3xf32>) -> tensor<1x6x11xf32>
  return %y : tensor<1x6x11xf32>
}

// -----

// Dynamic spatial dims: the zero tensor's size is computed from tensor.dim.
// CHECK-LABEL: func.func @dynamic
// CHECK: tensor.dim
// CHECK: affine.apply
// CHECK: tensor.empty({{.*}}) : tensor<?x4x?xf32>
// CHECK: deconv.conv {{.*}} -> tensor<?x2x?xf32>
func.func @dynamic(%x: tensor<?x4x?xf32>, %w: tensor<4x2x3xf32>) -> tensor<?x2x?xf32> {
  %y = deconv.conv_transpose %x, %w strides = [3]
    : (tensor<?x4x?xf32>, tensor<4x2x3xf32>) -> tensor<?x2x?xf32>
  return %y : tensor<?x2x?xf32>
}

// -----

// An input zero-padded by tensor.pad: the pad's zeros would land on the
// inserted zeros, so its source goes in directly, 2 * 3 positions further
// (the low padding times the stride) than the unpadded input's first
// element. Canonicalization must not see a strided insert of the pad
// itself: upstream's fold of such an insert shifts by the low padding alone.
// CHECK-LABEL: func.func @padded_input
// CHECK-SAME:    (%[[X:.*]]: tensor<1x2x4xf32>
// CHECK-NOT:     tensor.pad
// CHECK:         %[[Z:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<1x2x25xf32>)
// CHECK:         tensor.insert_slice %[[X]] into %[[Z]][0, 0, 8] [1, 2, 4] [1, 1, 2]
func.func @padded_input(%x: tensor<1x2x4xf32>, %w: tensor<2x3x3xf32>) -> tensor<1x3x23xf32> {
  %zero = arith.constant 0.0 : f32
  %p = tensor.pad %x low[0, 0, 3] high[0, 0, 4] {
  ^bb0(%i: index, %j: index, %k: index):
    tensor.yield %zero : f32
  } : tensor<1x2x4xf32> to tensor<1x2x11xf32>
  %y = deconv.conv_transpose %p, %w strides = [2] : (tensor<1x2x11xf32>, tensor<2x3x3xf32>) -> tensor<1x3x23xf32>
  return %y : tensor<1x3x23xf32>
}
