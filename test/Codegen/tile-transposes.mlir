// RUN: deconv-opt %s --deconv-tile-transposes=vector-width=16 | FileCheck %s

// Two transposes of one tensor into empty destinations are one; it is tiled
// into parallel 16x16 blocks of the two dims innermost on either side, each
// a vector transfer with a permutation map.
// CHECK-LABEL: func.func @shared
// CHECK:         %[[T:.*]] = scf.forall ({{.*}}) = (0, 0, 0, 0) to (1, 32, 32, 16) step (1, 1, 16, 16)
// CHECK:           vector.transfer_read {{.*}} {permutation_map = #{{.*}}} : tensor<1x16x1x16xf32>, vector<1x1x16x16xf32>
// CHECK:           vector.transfer_write {{.*}} : vector<1x1x16x16xf32>, tensor<1x1x16x16xf32>
// CHECK-NOT:     linalg.transpose
// CHECK:         return %[[T]], %[[T]]
func.func @shared(%x: tensor<1x16x32x32xf32>) -> (tensor<1x32x32x16xf32>, tensor<1x32x32x16xf32>) {
  %e0 = tensor.empty() : tensor<1x32x32x16xf32>
  %t0 = linalg.transpose ins(%x : tensor<1x16x32x32xf32>) outs(%e0 : tensor<1x32x32x16xf32>) permutation = [0, 2, 3, 1]
  %e1 = tensor.empty() : tensor<1x32x32x16xf32>
  %t1 = linalg.transpose ins(%x : tensor<1x16x32x32xf32>) outs(%e1 : tensor<1x32x32x16xf32>) permutation = [0, 2, 3, 1]
  return %t0, %t1 : tensor<1x32x32x16xf32>, tensor<1x32x32x16xf32>
}

// A 14x8 block is read and written as a 16x16 one with its extra lanes
// masked off (not in bounds).
// CHECK-LABEL: func.func @narrow
// CHECK:         scf.forall ({{.*}}) = (0, 0, 0, 0) to (1, 8, 14, 14) step (1, 8, 1, 14)
// CHECK:           vector.transfer_read {{.*}} {in_bounds = [true, false, true, false], permutation_map = #{{.*}}} : tensor<1x1x14x8xf32>, vector<1x16x1x16xf32>
// CHECK:           vector.transfer_write {{.*}} {in_bounds = [true, false, true, false]} : vector<1x16x1x16xf32>, tensor<1x8x1x14xf32>
func.func @narrow(%x: tensor<1x14x14x8xf32>) -> tensor<1x8x14x14xf32> {
  %e = tensor.empty() : tensor<1x8x14x14xf32>
  %t = linalg.transpose ins(%x : tensor<1x14x14x8xf32>) outs(%e : tensor<1x8x14x14xf32>) permutation = [0, 3, 1, 2]
  return %t : tensor<1x8x14x14xf32>
}

// A transpose that keeps the innermost dim moves whole rows: parallel tiles
// of its two innermost result dims.
// CHECK-LABEL: func.func @rows
// CHECK:         scf.forall ({{.*}}) = (0, 0, 0) to (8, 4, 32) step (1, 4, 32)
// CHECK:           linalg.transpose ins(%{{.*}} : tensor<4x1x32xf32>) outs(%{{.*}} : tensor<1x4x32xf32>) permutation = [1, 0, 2]
func.func @rows(%x: tensor<4x8x32xf32>) -> tensor<8x4x32xf32> {
  %e = tensor.empty() : tensor<8x4x32xf32>
  %t = linalg.transpose ins(%x : tensor<4x8x32xf32>) outs(%e : tensor<8x4x32xf32>) permutation = [1, 0, 2]
  return %t : tensor<8x4x32xf32>
}

// A width with no divisor near the block (29, the positions of a batched
// sub-pixel phase) takes blocks of 16 whose run-time sizes reach past the
// shape at its end: each block is still one transposing vector read and one
// write, with the run-time sized dims out of bounds (not scalar loops).
// CHECK-LABEL: func.func @ragged
// CHECK:         scf.forall ({{.*}}) = (0, 0, 0, 0) to (1, 64, 29, 29) step (1, 16, 1, 16)
// CHECK:           %[[R:.*]] = vector.transfer_read {{.*}} {in_bounds = [true, true, true, false], permutation_map = #{{.*}}} : tensor<1x1x?x16xf32>, vector<1x16x1x16xf32>
// CHECK:           vector.transfer_write %[[R]], {{.*}} {in_bounds = [true, true, true, false]} : vector<1x16x1x16xf32>, tensor<1x16x1x?xf32>
// CHECK-NOT:     linalg.transpose
func.func @ragged(%x: tensor<1x29x29x64xf32>) -> tensor<1x64x29x29xf32> {
  %e = tensor.empty() : tensor<1x64x29x29xf32>
  %t = linalg.transpose ins(%x : tensor<1x29x29x64xf32>) outs(%e : tensor<1x64x29x29xf32>) permutation = [0, 3, 1, 2]
  return %t : tensor<1x64x29x29xf32>
}
