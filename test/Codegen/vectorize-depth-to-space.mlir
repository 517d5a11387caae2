// RUN: deconv-opt %s --deconv-vectorize-depth-to-space=vector-width=16 --canonicalize --cse --split-input-file | FileCheck %s

// The depth-to-space contraction of a k2 s2 transposed conv (3 -> 4 channels,
// 2x20 input), as --deconv-configure-kernels leaves it: tiles of 2 output
// channels x 4 phases x 2 vectors (32 pixels, the second reaching past the
// row's 20). Per parallel tile (input row x channel group) the row is packed
// once, the accumulators start from the bias and sum over the 3 input
// channels, and the two column phases are interleaved into 32 consecutive
// outputs per store; only the row's last store is masked.
// CHECK-LABEL: func.func @k2s2_bias
// The filter in panels of the tile's 2 channels, [Co/2, Ci, 2, 2, 2].
// CHECK: %[[SPLIT:.*]] = tensor.expand_shape %arg1 {{\[}}[0], [1, 2], [3], [4]] output_shape [3, 2, 2, 2, 2]
// CHECK: %[[PANELS:.*]] = linalg.transpose ins(%[[SPLIT]] : tensor<3x2x2x2x2xf32>) outs(%{{.*}} : tensor<2x3x2x2x2xf32>) permutation = [1, 0, 2, 3, 4]
// CHECK: %[[OUT:.*]] = tensor.empty() : tensor<1x4x2x2x20x2xf32>
// CHECK: scf.forall (%[[ROW:.*]], %[[GRP:.*]]) in (2, 2) shared_outs(%[[SH:.*]] = %[[OUT]])
// CHECK: %[[CO:.*]] = arith.muli %[[GRP]], %c2
// CHECK: %[[TILE:.*]] = tensor.extract_slice %[[SH]][0, %[[CO]], %[[ROW]], 0, 0, 0] [1, 2, 1, 2, 20, 2] [1, 1, 1, 1, 1, 1] : tensor<1x4x2x2x20x2xf32> to tensor<2x1x2x20x2xf32>
// CHECK: %[[ROWS:.*]] = tensor.collapse_shape %[[TILE]] {{\[}}[0], [1], [2], [3, 4]] : tensor<2x1x2x20x2xf32> into tensor<2x1x2x40xf32>
// CHECK: %[[PACK:.*]] = scf.for
// CHECK:   vector.transfer_read %arg0[%c0, %{{.*}}, %[[ROW]], %c0], %{{.*}} {in_bounds = [true]} : tensor<1x3x2x20xf32>, vector<16xf32>
// CHECK:   vector.transfer_read %arg0[%c0, %{{.*}}, %[[ROW]], %c16], %{{.*}} : tensor<1x3x2x20xf32>, vector<16xf32>
// CHECK: %[[B0:.*]] = tensor.extract %arg2[%[[CO]]]
// CHECK: %[[START:.*]] = vector.broadcast %[[B0]] : f32 to vector<16xf32>
// CHECK: %[[ACC:.*]]:16 = scf.for %[[CI:.*]] = %c0 to %c3 step %c1 iter_args(%{{.*}} = %[[START]],
// CHECK:   vector.transfer_read %[[PACK]][%[[CI]], %c0]
// CHECK:   vector.transfer_read %[[PACK]][%[[CI]], %c16]
// CHECK:   %[[PANEL:.*]] = arith.divui %[[CO]], %c2
// CHECK:   %[[LANE:.*]] = arith.remui %[[CO]], %c2
// CHECK:   tensor.extract %[[PANELS]][%[[PANEL]], %[[CI]], %[[LANE]], %c0, %c0] : tensor<2x3x2x2x2xf32>
// CHECK-COUNT-16: vector.fma
// CHECK: %[[CAT:.*]] = vector.shuffle %[[ACC]]#0, %[[ACC]]#2 [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31]
// CHECK: %[[ZIP:.*]] = vector.shuffle %[[CAT]], %[[CAT]] [0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23, 8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31]
// CHECK: %[[W0:.*]] = vector.transfer_write %[[ZIP]], %[[ROWS]][%c0, %c0, %c0, %c0] {in_bounds = [true]} : vector<32xf32>, tensor<2x1x2x40xf32>
// CHECK: vector.transfer_write %{{.*}}, %[[W0]][%c0, %c0, %c0, %c32] : vector<32xf32>, tensor<2x1x2x40xf32>
// CHECK-COUNT-6: vector.transfer_write
// CHECK: %[[FULL:.*]] = tensor.expand_shape %{{.*}} {{\[}}[0], [1], [2], [3, 4]] output_shape [2, 1, 2, 20, 2]
// CHECK: tensor.parallel_insert_slice %[[FULL]] into %[[SH]][0, %[[CO]], %[[ROW]], 0, 0, 0] [1, 2, 1, 2, 20, 2]
// CHECK-NOT: linalg.generic
// CHECK: tensor.collapse_shape %{{.*}} {{\[}}[0], [1], [2, 3], [4, 5]] : tensor<1x4x2x2x20x2xf32> into tensor<1x4x4x40xf32>
#x = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d6, d2, d4)>
#w = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d6, d1, d3, d5)>
#y = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1, d2, d3, d4, d5)>
func.func @k2s2_bias(%arg0: tensor<1x3x2x20xf32>, %arg1: tensor<3x4x2x2xf32>, %arg2: tensor<4xf32>) -> tensor<1x4x4x40xf32> {
  %0 = tensor.empty() : tensor<1x4x2x2x20x2xf32>
  %broadcasted = linalg.broadcast ins(%arg2 : tensor<4xf32>) outs(%0 : tensor<1x4x2x2x20x2xf32>) dimensions = [0, 2, 3, 4, 5]
  %1 = linalg.generic {indexing_maps = [#x, #w, #y], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "parallel", "reduction"]} ins(%arg0, %arg1 : tensor<1x3x2x20xf32>, tensor<3x4x2x2xf32>) outs(%broadcasted : tensor<1x4x2x2x20x2xf32>) attrs = {deconv.kernel = {channel_block = 2 : i64, kind = "depth-to-space", padded_width = 32 : i64, tile = array<i64: 1, 32, 2, 1>}} {
  ^bb0(%in: f32, %in_0: f32, %out: f32):
    %2 = arith.mulf %in, %in_0 : f32
    %3 = arith.addf %out, %2 : f32
    linalg.yield %3 : f32
  } -> tensor<1x4x2x2x20x2xf32>
  %collapsed = tensor.collapse_shape %1 [[0], [1], [2, 3], [4, 5]] : tensor<1x4x2x2x20x2xf32> into tensor<1x4x4x40xf32>
  return %collapsed : tensor<1x4x4x40xf32>
}

// -----

// Rows of one vector (16 pixels): a tile of 2 rows (`tile` [rows, pixels,
// channels, -]) packs both rows; the parallel loop steps over row pairs.
// CHECK-LABEL: func.func @two_rows
// CHECK: scf.forall (%[[PAIR:.*]]) in (3)
// CHECK: %[[ROW0:.*]] = arith.muli %[[PAIR]], %c2
// CHECK: tensor.extract_slice %{{.*}}[0, 0, %[[ROW0]], 0, 0, 0] [1, 2, 2, 2, 16, 2] [1, 1, 1, 1, 1, 1] : tensor<1x2x6x2x16x2xf32> to tensor<2x2x2x16x2xf32>
// CHECK: vector.transfer_read %arg0[%c0, %{{.*}}, %[[ROW0]], %c0], %{{.*}} {in_bounds = [true]}
// CHECK: %[[ROW1:.*]] = arith.addi %[[ROW0]], %c1
// CHECK: vector.transfer_read %arg0[%c0, %{{.*}}, %[[ROW1]], %c0], %{{.*}} {in_bounds = [true]}
// CHECK: scf.for
// CHECK-COUNT-8: vector.fma
// CHECK: vector.transfer_write %{{.*}}[%[[CH:.*]], %c0, %c0, %c0] {in_bounds = [true]} : vector<32xf32>, tensor<2x2x2x32xf32>
// CHECK: vector.transfer_write %{{.*}}[%[[CH]], %c1, %c0, %c0] {in_bounds = [true]} : vector<32xf32>, tensor<2x2x2x32xf32>
// CHECK: vector.transfer_write %{{.*}}[%[[CH]], %c0, %c1, %c0] {in_bounds = [true]} : vector<32xf32>, tensor<2x2x2x32xf32>
#x = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d6, d2, d4)>
#w = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d6, d1, d3, d5)>
#y = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1, d2, d3, d4, d5)>
func.func @two_rows(%arg0: tensor<1x3x6x16xf32>, %arg1: tensor<3x2x2x2xf32>) -> tensor<1x2x6x2x16x2xf32> {
  %cst = arith.constant 0.0 : f32
  %0 = tensor.empty() : tensor<1x2x6x2x16x2xf32>
  %f = linalg.fill ins(%cst : f32) outs(%0 : tensor<1x2x6x2x16x2xf32>) -> tensor<1x2x6x2x16x2xf32>
  %1 = linalg.generic {indexing_maps = [#x, #w, #y], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "parallel", "reduction"]} ins(%arg0, %arg1 : tensor<1x3x6x16xf32>, tensor<3x2x2x2xf32>) outs(%f : tensor<1x2x6x2x16x2xf32>) attrs = {deconv.kernel = {channel_block = 2 : i64, kind = "depth-to-space", padded_width = 32 : i64, tile = array<i64: 2, 32, 1, 1>}} {
  ^bb0(%in: f32, %in_0: f32, %out: f32):
    %2 = arith.mulf %in, %in_0 : f32
    %3 = arith.addf %out, %2 : f32
    linalg.yield %3 : f32
  } -> tensor<1x2x6x2x16x2xf32>
  return %1 : tensor<1x2x6x2x16x2xf32>
}

// -----

// An accumulator that is neither a fill nor a bias broadcast (here the
// caller's tensor) is left alone, and so is an unconfigured contraction.
// CHECK-LABEL: func.func @other_init
// CHECK-NOT: scf.forall
// CHECK: linalg.generic
// CHECK-LABEL: func.func @unconfigured
// CHECK-NOT: scf.forall
// CHECK: linalg.generic
#x = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d6, d2, d4)>
#w = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d6, d1, d3, d5)>
#y = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1, d2, d3, d4, d5)>
func.func @other_init(%arg0: tensor<1x3x2x20xf32>, %arg1: tensor<3x4x2x2xf32>, %init: tensor<1x4x2x2x20x2xf32>) -> tensor<1x4x2x2x20x2xf32> {
  %1 = linalg.generic {indexing_maps = [#x, #w, #y], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "parallel", "reduction"]} ins(%arg0, %arg1 : tensor<1x3x2x20xf32>, tensor<3x4x2x2xf32>) outs(%init : tensor<1x4x2x2x20x2xf32>) attrs = {deconv.kernel = {channel_block = 2 : i64, kind = "depth-to-space", padded_width = 32 : i64, tile = array<i64: 1, 32, 2, 1>}} {
  ^bb0(%in: f32, %in_0: f32, %out: f32):
    %2 = arith.mulf %in, %in_0 : f32
    %3 = arith.addf %out, %2 : f32
    linalg.yield %3 : f32
  } -> tensor<1x4x2x2x20x2xf32>
  return %1 : tensor<1x4x2x2x20x2xf32>
}
func.func @unconfigured(%arg0: tensor<1x3x2x20xf32>, %arg1: tensor<3x4x2x2xf32>) -> tensor<1x4x2x2x20x2xf32> {
  %cst = arith.constant 0.0 : f32
  %0 = tensor.empty() : tensor<1x4x2x2x20x2xf32>
  %f = linalg.fill ins(%cst : f32) outs(%0 : tensor<1x4x2x2x20x2xf32>) -> tensor<1x4x2x2x20x2xf32>
  %1 = linalg.generic {indexing_maps = [#x, #w, #y], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "parallel", "reduction"]} ins(%arg0, %arg1 : tensor<1x3x2x20xf32>, tensor<3x4x2x2xf32>) outs(%f : tensor<1x4x2x2x20x2xf32>) {
  ^bb0(%in: f32, %in_0: f32, %out: f32):
    %2 = arith.mulf %in, %in_0 : f32
    %3 = arith.addf %out, %2 : f32
    linalg.yield %3 : f32
  } -> tensor<1x4x2x2x20x2xf32>
  return %1 : tensor<1x4x2x2x20x2xf32>
}
