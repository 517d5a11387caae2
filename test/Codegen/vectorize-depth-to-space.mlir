// RUN: deconv-opt %s --deconv-vectorize-depth-to-space=vector-width=16 --canonicalize --cse --split-input-file | FileCheck %s

// The depth-to-space contraction of a k2 s2 transposed conv (3 -> 4 channels,
// 2x20 input; one tap per phase), as --deconv-configure-kernels leaves it: tiles of 2 output
// channels x 4 phases x 2 vectors (32 pixels, the second reaching past the
// row's 20). Per parallel tile (input row x channel group) the row is packed
// once, the accumulators start from the bias and sum over the 3 input
// channels, and the two column phases are interleaved into 32 consecutive
// outputs per store; only the row's last store is masked.
// CHECK-LABEL: func.func @k2s2_bias
// The filter in panels of the tile's 2 channels, [Co/2, Ci, 2, 2, 2].
// CHECK: %[[SPLIT:.*]] = tensor.expand_shape %arg1 {{\[}}[0], [1, 2], [3], [4], [5], [6]] output_shape [3, 2, 2, 1, 2, 1, 2]
// CHECK: %[[PANELS:.*]] = linalg.transpose ins(%[[SPLIT]] : tensor<3x2x2x1x2x1x2xf32>) outs(%{{.*}} : tensor<2x3x2x1x2x1x2xf32>) permutation = [1, 0, 2, 3, 4, 5, 6]
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
// CHECK:   %[[PANEL:.*]] = arith.divui %[[CO]], %c2
// CHECK:   %[[LANE:.*]] = arith.remui %[[CO]], %c2
// CHECK:   vector.transfer_read %[[PACK]][%[[CI]], %c0]
// CHECK:   vector.transfer_read %[[PACK]][%[[CI]], %c16]
// CHECK:   tensor.extract %[[PANELS]][%[[PANEL]], %[[CI]], %[[LANE]], %c0, %c0, %c0, %c0] : tensor<2x3x2x1x2x1x2xf32>
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
#x = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7, d8) -> (d0, d6, d2 - d7, d4 - d8)>
#w = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7, d8) -> (d6, d1, d7, d3, d8, d5)>
#y = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7, d8) -> (d0, d1, d2, d3, d4, d5)>
func.func @k2s2_bias(%arg0: tensor<1x3x2x20xf32>, %arg1: tensor<3x4x1x2x1x2xf32>, %arg2: tensor<4xf32>) -> tensor<1x4x4x40xf32> {
  %0 = tensor.empty() : tensor<1x4x2x2x20x2xf32>
  %broadcasted = linalg.broadcast ins(%arg2 : tensor<4xf32>) outs(%0 : tensor<1x4x2x2x20x2xf32>) dimensions = [0, 2, 3, 4, 5]
  %1 = linalg.generic {indexing_maps = [#x, #w, #y], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]} ins(%arg0, %arg1 : tensor<1x3x2x20xf32>, tensor<3x4x1x2x1x2xf32>) outs(%broadcasted : tensor<1x4x2x2x20x2xf32>) attrs = {deconv.kernel = {channel_block = 2 : i64, kind = "depth-to-space", padded_width = 32 : i64, tile = array<i64: 1, 32, 2, 1>}} {
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
#x = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7, d8) -> (d0, d6, d2 - d7, d4 - d8)>
#w = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7, d8) -> (d6, d1, d7, d3, d8, d5)>
#y = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7, d8) -> (d0, d1, d2, d3, d4, d5)>
func.func @two_rows(%arg0: tensor<1x3x6x16xf32>, %arg1: tensor<3x2x1x2x1x2xf32>) -> tensor<1x2x6x2x16x2xf32> {
  %cst = arith.constant 0.0 : f32
  %0 = tensor.empty() : tensor<1x2x6x2x16x2xf32>
  %f = linalg.fill ins(%cst : f32) outs(%0 : tensor<1x2x6x2x16x2xf32>) -> tensor<1x2x6x2x16x2xf32>
  %1 = linalg.generic {indexing_maps = [#x, #w, #y], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]} ins(%arg0, %arg1 : tensor<1x3x6x16xf32>, tensor<3x2x1x2x1x2xf32>) outs(%f : tensor<1x2x6x2x16x2xf32>) attrs = {deconv.kernel = {channel_block = 2 : i64, kind = "depth-to-space", padded_width = 32 : i64, tile = array<i64: 2, 32, 1, 1>}} {
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
#x = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7, d8) -> (d0, d6, d2 - d7, d4 - d8)>
#w = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7, d8) -> (d6, d1, d7, d3, d8, d5)>
#y = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7, d8) -> (d0, d1, d2, d3, d4, d5)>
func.func @other_init(%arg0: tensor<1x3x2x20xf32>, %arg1: tensor<3x4x1x2x1x2xf32>, %init: tensor<1x4x2x2x20x2xf32>) -> tensor<1x4x2x2x20x2xf32> {
  %1 = linalg.generic {indexing_maps = [#x, #w, #y], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]} ins(%arg0, %arg1 : tensor<1x3x2x20xf32>, tensor<3x4x1x2x1x2xf32>) outs(%init : tensor<1x4x2x2x20x2xf32>) attrs = {deconv.kernel = {channel_block = 2 : i64, kind = "depth-to-space", padded_width = 32 : i64, tile = array<i64: 1, 32, 2, 1>}} {
  ^bb0(%in: f32, %in_0: f32, %out: f32):
    %2 = arith.mulf %in, %in_0 : f32
    %3 = arith.addf %out, %2 : f32
    linalg.yield %3 : f32
  } -> tensor<1x4x2x2x20x2xf32>
  return %1 : tensor<1x4x2x2x20x2xf32>
}
func.func @unconfigured(%arg0: tensor<1x3x2x20xf32>, %arg1: tensor<3x4x1x2x1x2xf32>) -> tensor<1x4x2x2x20x2xf32> {
  %cst = arith.constant 0.0 : f32
  %0 = tensor.empty() : tensor<1x4x2x2x20x2xf32>
  %f = linalg.fill ins(%cst : f32) outs(%0 : tensor<1x4x2x2x20x2xf32>) -> tensor<1x4x2x2x20x2xf32>
  %1 = linalg.generic {indexing_maps = [#x, #w, #y], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]} ins(%arg0, %arg1 : tensor<1x3x2x20xf32>, tensor<3x4x1x2x1x2xf32>) outs(%f : tensor<1x4x2x2x20x2xf32>) {
  ^bb0(%in: f32, %in_0: f32, %out: f32):
    %2 = arith.mulf %in, %in_0 : f32
    %3 = arith.addf %out, %2 : f32
    linalg.yield %3 : f32
  } -> tensor<1x4x2x2x20x2xf32>
  return %1 : tensor<1x4x2x2x20x2xf32>
}


// -----

// Several taps per phase (k4 s2 p1, the form's IR: a padded input, a filter
// [Ci, Co, t, s, t, s]): the kernel reads the pad's source. Per input channel
// the pack holds the three input rows the taps reach (row - 1 and row + 1
// checked against the image, zeros outside), each as 4 vectors from column
// -1: the first shifted in from a vector read at column 0, the third masked,
// the fourth (past the row) zeros.
// CHECK-LABEL: func.func @k4s2_taps
// CHECK-NOT: tensor.pad
// CHECK: scf.forall (%[[ROW:.*]]) in (3)
// CHECK: scf.for %[[CI:.*]] = %c0 to %c2
// CHECK:   %[[ABOVE:.*]] = arith.addi %[[ROW]], %c-1
// CHECK:   %[[VALID:.*]] = arith.andi
// CHECK:   %[[SAFE:.*]] = arith.select %[[VALID]], %[[ABOVE]], %c0
// CHECK:   %[[V0:.*]] = vector.transfer_read %arg0[%c0, %[[CI]], %[[SAFE]], %c0], %{{.*}} {in_bounds = [true]} : tensor<1x2x3x40xf32>
// CHECK:   %[[SH:.*]] = vector.shuffle %[[ZERO:.*]], %[[V0]] [0, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30]
// CHECK:   arith.select %[[VALID]], %[[SH]], %[[ZERO]]
// CHECK:   vector.transfer_read %arg0[%c0, %[[CI]], %[[SAFE]], %c15], %{{.*}} {in_bounds = [true]}
// CHECK:   vector.transfer_read %arg0[%c0, %[[CI]], %[[SAFE]], %c31], %{{.*}} : tensor<1x2x3x40xf32>, vector<16xf32>
// CHECK:   vector.transfer_write %[[ZERO]], %{{.*}}[%[[CI]], %c48]
// CHECK:   vector.transfer_read %arg0[%c0, %[[CI]], %[[ROW]], %c0]
#k4_map = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7, d8) -> (d0, d6, d2 - d7 + (d3 + 1) floordiv 2 + 1, d4 - d8 + (d5 + 1) floordiv 2 + 1)>
#k4_map1 = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7, d8) -> (d6, d1, d7, (d3 + 1) mod 2, d8, (d5 + 1) mod 2)>
#k4_map2 = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7, d8) -> (d0, d1, d2, d3, d4, d5)>
func.func @k4s2_taps(%arg0: tensor<1x2x3x40xf32>, %arg1: tensor<2x2x4x4xf32>) -> tensor<1x2x6x80xf32> {
  %cst = arith.constant 0.000000e+00 : f32
  %padded = tensor.pad %arg0 low[0, 0, 1, 1] high[0, 0, 1, 1] {
  ^bb0(%arg2: index, %arg3: index, %arg4: index, %arg5: index):
    tensor.yield %cst : f32
  } : tensor<1x2x3x40xf32> to tensor<1x2x5x42xf32>
  %expanded = tensor.expand_shape %arg1 [[0], [1], [2, 3], [4, 5]] output_shape [2, 2, 2, 2, 2, 2] : tensor<2x2x4x4xf32> into tensor<2x2x2x2x2x2xf32>
  %0 = tensor.empty() : tensor<1x2x3x2x40x2xf32>
  %cst_0 = arith.constant 0.000000e+00 : f32
  %1 = linalg.fill ins(%cst_0 : f32) outs(%0 : tensor<1x2x3x2x40x2xf32>) -> tensor<1x2x3x2x40x2xf32>
  %2 = linalg.generic {indexing_maps = [#k4_map, #k4_map1, #k4_map2], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]} ins(%padded, %expanded : tensor<1x2x5x42xf32>, tensor<2x2x2x2x2x2xf32>) outs(%1 : tensor<1x2x3x2x40x2xf32>) attrs =  {deconv.kernel = {channel_block = 2 : i64, kind = "depth-to-space", padded_width = 48 : i64, tile = array<i64: 1, 48, 2, 1>}} {
  ^bb0(%in: f32, %in_1: f32, %out: f32):
    %3 = arith.mulf %in, %in_1 : f32
    %4 = arith.addf %out, %3 : f32
    linalg.yield %4 : f32
  } -> tensor<1x2x3x2x40x2xf32>
  %collapsed = tensor.collapse_shape %2 [[0], [1], [2, 3], [4, 5]] : tensor<1x2x3x2x40x2xf32> into tensor<1x2x6x80xf32>
  return %collapsed : tensor<1x2x6x80xf32>
}

// -----

// A kernel the stride does not divide (k3 s2 p1, output padding 1; the filter
// padded to 2 taps x 2 phases by a zero tensor.pad): the phases' 1 and 2 taps
// per dim, 9 products per position (not 16) x 2 channels x 3 rows of one
// vector.
// CHECK-LABEL: func.func @k3s2_taps
// CHECK: scf.for
// CHECK: scf.for
// CHECK-COUNT-54: vector.fma
// CHECK-NOT: vector.fma
// CHECK: scf.yield
#k3_map = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7, d8) -> (d0, d6, d2 - d7 + (d3 + 1) floordiv 2 + 1, d4 - d8 + (d5 + 1) floordiv 2 + 1)>
#k3_map1 = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7, d8) -> (d6, d1, d7, (d3 + 1) mod 2, d8, (d5 + 1) mod 2)>
#k3_map2 = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7, d8) -> (d0, d1, d2, d3, d4, d5)>
func.func @k3s2_taps(%arg0: tensor<1x2x3x16xf32>, %arg1: tensor<2x2x3x3xf32>) -> tensor<1x2x6x32xf32> {
  %cst = arith.constant 0.000000e+00 : f32
  %padded = tensor.pad %arg0 low[0, 0, 1, 1] high[0, 0, 1, 1] {
  ^bb0(%arg2: index, %arg3: index, %arg4: index, %arg5: index):
    tensor.yield %cst : f32
  } : tensor<1x2x3x16xf32> to tensor<1x2x5x18xf32>
  %padded_0 = tensor.pad %arg1 low[0, 0, 0, 0] high[0, 0, 1, 1] {
  ^bb0(%arg2: index, %arg3: index, %arg4: index, %arg5: index):
    tensor.yield %cst : f32
  } : tensor<2x2x3x3xf32> to tensor<2x2x4x4xf32>
  %expanded = tensor.expand_shape %padded_0 [[0], [1], [2, 3], [4, 5]] output_shape [2, 2, 2, 2, 2, 2] : tensor<2x2x4x4xf32> into tensor<2x2x2x2x2x2xf32>
  %0 = tensor.empty() : tensor<1x2x3x2x16x2xf32>
  %cst_1 = arith.constant 0.000000e+00 : f32
  %1 = linalg.fill ins(%cst_1 : f32) outs(%0 : tensor<1x2x3x2x16x2xf32>) -> tensor<1x2x3x2x16x2xf32>
  %2 = linalg.generic {indexing_maps = [#k3_map, #k3_map1, #k3_map2], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]} ins(%padded, %expanded : tensor<1x2x5x18xf32>, tensor<2x2x2x2x2x2xf32>) outs(%1 : tensor<1x2x3x2x16x2xf32>) attrs =  {deconv.kernel = {channel_block = 2 : i64, kind = "depth-to-space", padded_width = 48 : i64, tile = array<i64: 3, 48, 2, 1>}} {
  ^bb0(%in: f32, %in_2: f32, %out: f32):
    %3 = arith.mulf %in, %in_2 : f32
    %4 = arith.addf %out, %3 : f32
    linalg.yield %4 : f32
  } -> tensor<1x2x3x2x16x2xf32>
  %collapsed = tensor.collapse_shape %2 [[0], [1], [2, 3], [4, 5]] : tensor<1x2x3x2x16x2xf32> into tensor<1x2x6x32xf32>
  return %collapsed : tensor<1x2x6x32xf32>
}