// RUN: deconv-opt %s --deconv-tile-dynamic-spatial=tile-sizes=32 --canonicalize --cse --split-input-file | FileCheck %s

// Tiles of 32 input positions. A stride-2 conv of dynamic length in tiles
// of 16 outputs: the whole tiles first, each written in place; then the
// remaining outputs (fewer than 16) in one tile whose valid part is
// inserted. Tile t reads the 33 inputs from 32 * t - 1 (the op's low
// padding): the part inside the input, zero-extended to 33 by a pad of
// run-time amounts. Each tile is the same conv on static shapes without
// padding.
// CHECK-DAG:   #[[WHOLE:.*]] = affine_map<()[s0] -> (((s0 - 3) floordiv 2 + 2) floordiv 16)>
// CHECK-DAG:   #[[FIRST:.*]] = affine_map<()[s0] -> (0, s0 * 32 - 1)>
// CHECK-DAG:   #[[VALID:.*]] = affine_map<()[s0, s1] -> (16, s1 * -16 + (s0 - 3) floordiv 2 - (((s0 - 3) floordiv 2 + 2) floordiv 16) * 16 + 2)>
// CHECK-LABEL: func.func @conv1d
// CHECK-SAME:    (%[[X:.*]]: tensor<1x4x?xf32>, %[[W:.*]]: tensor<8x4x3xf32>)
// CHECK:         %[[I:.*]] = tensor.dim %[[X]], %c2
// CHECK:         %[[N:.*]] = affine.apply #[[WHOLE]]()[%[[I]]]
// CHECK:         %[[R:.*]] = affine.apply
// CHECK:         %[[E:.*]] = tensor.empty
// CHECK:         %[[A:.*]] = scf.forall (%[[T:.*]]) in (%[[N]]) shared_outs(%[[ACC:.*]] = %[[E]]) -> (tensor<1x8x?xf32>)
// CHECK:           affine.max #[[FIRST]]()[%[[T]]]
// CHECK:           %[[S:.*]] = tensor.extract_slice %[[X]][0, 0, %{{.*}}] [1, 4, %{{.*}}] [1, 1, 1] : tensor<1x4x?xf32> to tensor<1x4x?xf32>
// CHECK:           %[[WIN:.*]] = tensor.pad %[[S]] low[0, 0, %{{.*}}] high[0, 0, %{{.*}}]
// CHECK:           } : tensor<1x4x?xf32> to tensor<1x4x33xf32>
// CHECK:           %[[Y:.*]] = deconv.conv %[[WIN]], %[[W]] strides = [2] padding = [0, 0] : (tensor<1x4x33xf32>, tensor<8x4x3xf32>) -> tensor<1x8x16xf32>
// CHECK:           tensor.parallel_insert_slice %[[Y]] into %[[ACC]][0, 0, %{{.*}}] [1, 8, 16] [1, 1, 1]
// CHECK:         %[[B:.*]] = scf.forall (%[[T2:.*]]) in (%[[R]]) shared_outs(%[[ACC2:.*]] = %[[A]]) -> (tensor<1x8x?xf32>)
// CHECK:           %[[V:.*]] = affine.min #[[VALID]]()[%[[I]], %[[T2]]]
// CHECK:           %[[Y2:.*]] = deconv.conv %{{.*}}, %[[W]] strides = [2] padding = [0, 0] : (tensor<1x4x33xf32>, tensor<8x4x3xf32>) -> tensor<1x8x16xf32>
// CHECK:           %[[P:.*]] = tensor.extract_slice %[[Y2]][0, 0, 0] [1, 8, %[[V]]] [1, 1, 1]
// CHECK:           tensor.parallel_insert_slice %[[P]] into %[[ACC2]][0, 0, %{{.*}}] [1, 8, %[[V]]] [1, 1, 1]
// CHECK:         return %[[B]]
func.func @conv1d(%x: tensor<1x4x?xf32>, %w: tensor<8x4x3xf32>) -> tensor<1x8x?xf32> {
  %y = deconv.conv %x, %w strides = [2] padding = [1, 1] : (tensor<1x4x?xf32>, tensor<8x4x3xf32>) -> tensor<1x8x?xf32>
  return %y : tensor<1x8x?xf32>
}

// -----

// A transposed conv (kernel 4, stride 2, padding 1) in tiles of 64 outputs:
// tile t gathers the 34 inputs from 32 * t - 1, each tile a conv_transpose
// with padding [3, 3] and no output padding; the static dim keeps its
// padding and output padding. The remaining outputs run in tiles of 16
// (a quarter, a multiple of the stride) that gather 10 inputs each.
// CHECK-LABEL: func.func @transpose
// CHECK:         scf.forall
// CHECK:           tensor.pad %{{.*}} low[0, 0, %{{.*}}, 0] high[0, 0, %{{.*}}, 0]
// CHECK:           } : tensor<1x8x?x5xf32> to tensor<1x8x34x5xf32>
// CHECK:           deconv.conv_transpose %{{.*}}, %{{.*}} strides = [2, 2] padding = [3, 1, 3, 1] output_padding = [0, 1] : (tensor<1x8x34x5xf32>, tensor<8x4x4x4xf32>) -> tensor<1x4x64x11xf32>
// CHECK:           tensor.parallel_insert_slice %{{.*}} [1, 4, 64, 11] [1, 1, 1, 1]
// CHECK:         scf.forall
// CHECK:           } : tensor<1x8x?x5xf32> to tensor<1x8x10x5xf32>
// CHECK:           deconv.conv_transpose %{{.*}}, %{{.*}} strides = [2, 2] padding = [3, 1, 3, 1] output_padding = [0, 1] : (tensor<1x8x10x5xf32>, tensor<8x4x4x4xf32>) -> tensor<1x4x16x11xf32>
// CHECK:           tensor.parallel_insert_slice %{{.*}} [1, 4, %{{.*}}, 11] [1, 1, 1, 1]
func.func @transpose(%x: tensor<1x8x?x5xf32>, %w: tensor<8x4x4x4xf32>) -> tensor<1x4x?x11xf32> {
  %y = deconv.conv_transpose %x, %w strides = [2, 2] padding = [1, 1, 1, 1] output_padding = [1, 1] : (tensor<1x8x?x5xf32>, tensor<8x4x4x4xf32>) -> tensor<1x4x?x11xf32>
  return %y : tensor<1x4x?x11xf32>
}

// -----

// Two dynamic dims: one scf.forall per pair of runs, each dim in tiles of
// 32 then 8. Only whole tiles are inserted whole.
// CHECK-LABEL: func.func @conv2d
// CHECK:         scf.forall
// CHECK:           deconv.conv {{.*}} : (tensor<1x4x34x34xf32>, tensor<8x4x3x3xf32>) -> tensor<1x8x32x32xf32>
// CHECK:           tensor.parallel_insert_slice %{{.*}} [1, 8, 32, 32] [1, 1, 1, 1]
// CHECK:         scf.forall
// CHECK:           deconv.conv {{.*}} : (tensor<1x4x10x34xf32>, tensor<8x4x3x3xf32>) -> tensor<1x8x8x32xf32>
// CHECK:           tensor.parallel_insert_slice %{{.*}} [1, 8, %{{.*}}, 32] [1, 1, 1, 1]
// CHECK:         scf.forall
// CHECK:           deconv.conv {{.*}} : (tensor<1x4x34x10xf32>, tensor<8x4x3x3xf32>) -> tensor<1x8x32x8xf32>
// CHECK:           tensor.parallel_insert_slice %{{.*}} [1, 8, 32, %{{.*}}] [1, 1, 1, 1]
// CHECK:         scf.forall
// CHECK:           deconv.conv {{.*}} : (tensor<1x4x10x10xf32>, tensor<8x4x3x3xf32>) -> tensor<1x8x8x8xf32>
// CHECK:           tensor.parallel_insert_slice %{{.*}} [1, 8, %{{.*}}, %{{.*}}] [1, 1, 1, 1]
// CHECK-NOT:     scf.forall
func.func @conv2d(%x: tensor<1x4x?x?xf32>, %w: tensor<8x4x3x3xf32>) -> tensor<1x8x?x?xf32> {
  %y = deconv.conv %x, %w padding = [1, 1, 1, 1] : (tensor<1x4x?x?xf32>, tensor<8x4x3x3xf32>) -> tensor<1x8x?x?xf32>
  return %y : tensor<1x8x?x?xf32>
}

// -----

// Three dynamic dims: the depth dim has one run of tiles of 32 (the last
// one cut), so there are four static forms, not eight.
// CHECK-LABEL: func.func @conv3d
// CHECK-COUNT-4: deconv.conv {{.*}} -> tensor<1x2x32x{{(32|8)}}x{{(32|8)}}xf32>
// CHECK-NOT:     deconv.conv
func.func @conv3d(%x: tensor<1x2x?x?x?xf32>, %w: tensor<2x2x1x1x1xf32>) -> tensor<1x2x?x?x?xf32> {
  %y = deconv.conv %x, %w : (tensor<1x2x?x?x?xf32>, tensor<2x2x1x1x1xf32>) -> tensor<1x2x?x?x?xf32>
  return %y : tensor<1x2x?x?x?xf32>
}

// -----

// A form of a 4-group stride-2 up-conv is 16 kernels (4 groups times 4
// phases): within the budget of 32 only the innermost dim gets a remainder
// run, so there are two static forms, rows in whole tiles of 64 (the last
// one cut).
// CHECK-LABEL: func.func @grouped
// CHECK-COUNT-2: deconv.conv_transpose {{.*}} -> tensor<1x8x64x{{(64|16)}}xf32>
// CHECK-NOT:     deconv.conv_transpose
func.func @grouped(%x: tensor<1x8x?x?xf32>, %w: tensor<8x2x4x4xf32>) -> tensor<1x8x?x?xf32> {
  %y = deconv.conv_transpose %x, %w strides = [2, 2] padding = [1, 1, 1, 1] groups = 4 : (tensor<1x8x?x?xf32>, tensor<8x2x4x4xf32>) -> tensor<1x8x?x?xf32>
  return %y : tensor<1x8x?x?xf32>
}

// -----

// Static spatial dims, dynamic channel counts and transposed convs whose
// stride exceeds the kernel (no tile form) are left alone.
// CHECK-LABEL: func.func @left_alone
// CHECK-NOT:     scf.forall
func.func @left_alone(%x: tensor<?x4x9xf32>, %w: tensor<8x4x3xf32>, %xc: tensor<1x?x9xf32>, %wc: tensor<8x?x3xf32>, %xs: tensor<1x4x?xf32>, %ws: tensor<4x2x1xf32>) -> (tensor<?x8x7xf32>, tensor<1x8x7xf32>, tensor<1x2x?xf32>) {
  %a = deconv.conv %x, %w : (tensor<?x4x9xf32>, tensor<8x4x3xf32>) -> tensor<?x8x7xf32>
  %b = deconv.conv %xc, %wc : (tensor<1x?x9xf32>, tensor<8x?x3xf32>) -> tensor<1x8x7xf32>
  %c = deconv.conv_transpose %xs, %ws strides = [2] : (tensor<1x4x?xf32>, tensor<4x2x1xf32>) -> tensor<1x2x?xf32>
  return %a, %b, %c : tensor<?x8x7xf32>, tensor<1x8x7xf32>, tensor<1x2x?xf32>
}
