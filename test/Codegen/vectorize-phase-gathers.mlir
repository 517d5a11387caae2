// RUN: deconv-opt %s --deconv-vectorize-phase-gathers=vector-width=16 --split-input-file | FileCheck %s

// The gather of a stride-2 transposed conv's output plane with padding 1
// (offset 1) and a bias, as bufferization leaves it: rows of 12 outputs in
// steps of 32 (16 positions of each phase). Phase 1's positions start at
// (o + 1) floordiv 2 and phase 0's one later; output i takes phase
// (1 + i) mod 2: 16 + 0, 1, 16 + 1, 2, ...
// CHECK-DAG:     #[[PHASE:.*]] = affine_map<(d0) -> ((d0 + 1) mod 2)>
// CHECK-DAG:     #[[AT:.*]] = affine_map<(d0) -> ((d0 + 1) floordiv 2)>
// CHECK-DAG:     #[[LATER:.*]] = affine_map<(d0) -> ((d0 + 1) floordiv 2 + 1)>
// CHECK-LABEL: func.func @stride2_bias
// CHECK-NOT:     linalg.generic
// CHECK:         %[[B:.*]] = memref.load %{{.*}}[%c0] : memref<1xf32>
// CHECK:         %[[BV:.*]] = vector.broadcast %[[B]] : f32 to vector<32xf32>
// CHECK:         scf.for %[[R:.*]] = %c0 to %c10 step %c1
// CHECK:           scf.for %[[C:.*]] = %c0 to %c12 step %c32
// CHECK:             %[[PH:.*]] = affine.apply #[[PHASE]](%[[R]])
// CHECK:             %[[POS:.*]] = affine.apply #[[AT]](%[[R]])
// CHECK:             %[[Q0:.*]] = affine.apply #[[LATER]](%[[C]])
// CHECK:             %[[V0:.*]] = vector.transfer_read %{{.*}}[%c0, %[[PH]], %{{.*}}, %c0, %[[POS]], %[[Q0]]], %{{.*}} : memref<1x2x2x1x6x7xf32>, vector<16xf32>
// CHECK:             %[[Q1:.*]] = affine.apply #[[AT]](%[[C]])
// CHECK:             %[[V1:.*]] = vector.transfer_read %{{.*}}[%c0, %[[PH]], %{{.*}}, %c0, %[[POS]], %[[Q1]]], %{{.*}} : memref<1x2x2x1x6x7xf32>, vector<16xf32>
// CHECK:             %[[ALL:.*]] = vector.shuffle %[[V0]], %[[V1]] [0, 1, 2, {{.*}}, 30, 31] : vector<16xf32>, vector<16xf32>
// CHECK:             %[[OUT:.*]] = vector.shuffle %[[ALL]], %[[ALL]] [16, 0, 17, 1, 18, 2, {{.*}}, 31, 15] : vector<32xf32>, vector<32xf32>
// CHECK:             %[[SUM:.*]] = arith.addf %[[OUT]], %[[BV]] : vector<32xf32>
// CHECK:             vector.transfer_write %[[SUM]], %{{.*}}[%c0, %c0, %[[R]], %[[C]]] : vector<32xf32>, memref<1x1x10x12xf32>
func.func @stride2_bias(%z: memref<1x2x2x1x6x7xf32>, %b: memref<1xf32>, %out: memref<1x1x10x12xf32>) {
  linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, (d2 + 1) mod 2, (d3 + 1) mod 2, d1, (d2 + 1) floordiv 2, (d3 + 1) floordiv 2)>, affine_map<(d0, d1, d2, d3) -> (d1)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%z, %b : memref<1x2x2x1x6x7xf32>, memref<1xf32>) outs(%out : memref<1x1x10x12xf32>) {
  ^bb0(%in: f32, %in_0: f32, %o: f32):
    %s = arith.addf %in, %in_0 : f32
    linalg.yield %s : f32
  }
  return
}

// -----

// A 1-D row, stride 3, no offset: one step loop, three phases side by side
// (48 lanes), output i from phase i mod 3 at position i floordiv 3.
// CHECK-LABEL: func.func @stride3_row
// CHECK-NOT:     linalg.generic
// CHECK:         scf.for %[[C:.*]] = %c0 to %c40 step %c48
// CHECK-COUNT-3:   vector.transfer_read {{.*}} : memref<1x3x1x14xf32, strided<[42, 14, 14, 1], offset: ?>>, vector<16xf32>
// CHECK:           vector.shuffle {{.*}} : vector<16xf32>, vector<16xf32>
// CHECK:           vector.shuffle {{.*}} : vector<32xf32>, vector<16xf32>
// CHECK:           vector.shuffle %{{.*}}, %{{.*}} [0, 16, 32, 1, 17, 33, {{.*}}] : vector<48xf32>, vector<48xf32>
// CHECK:           vector.transfer_write {{.*}} : vector<48xf32>, memref<1x1x40xf32, strided<[80, 40, 1], offset: ?>>
func.func @stride3_row(%z: memref<1x3x1x14xf32, strided<[42, 14, 14, 1], offset: ?>>, %out: memref<1x1x40xf32, strided<[80, 40, 1], offset: ?>>) {
  linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2 mod 3, d1, d2 floordiv 3)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]} ins(%z : memref<1x3x1x14xf32, strided<[42, 14, 14, 1], offset: ?>>) outs(%out : memref<1x1x40xf32, strided<[80, 40, 1], offset: ?>>) {
  ^bb0(%in: f32, %o: f32):
    linalg.yield %in : f32
  }
  return
}

// -----

// Left alone: a row stride above 8, and a generic that is not a gather.
// CHECK-LABEL: func.func @left_alone
// CHECK-COUNT-2: linalg.generic
// CHECK-NOT:     vector.shuffle
func.func @left_alone(%z: memref<1x16x1x4xf32>, %out: memref<1x1x64xf32>, %a: memref<1x1x64xf32>) {
  linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2 mod 16, d1, d2 floordiv 16)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]} ins(%z : memref<1x16x1x4xf32>) outs(%out : memref<1x1x64xf32>) {
  ^bb0(%in: f32, %o: f32):
    linalg.yield %in : f32
  }
  linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]} ins(%a : memref<1x1x64xf32>) outs(%out : memref<1x1x64xf32>) {
  ^bb0(%in: f32, %o: f32):
    linalg.yield %in : f32
  }
  return
}
