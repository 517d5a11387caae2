// RUN: deconv-opt %s --deconv-vectorize-copies=vector-width=16 --split-input-file | FileCheck %s

// A copy of rows of run-time length (a tile's valid part written into the
// output, as bufferization leaves it): a loop over the rows around a loop of
// masked 16-lane vectors, the mask all ones but at the row's end.
// CHECK-DAG:   #[[REST:.*]] = affine_map<()[s0, s1] -> (s0 - s1, 16)>
// CHECK-LABEL: func.func @copy
// CHECK-SAME:    (%[[SRC:.*]]: memref<4x?xf32, strided<[16, 1]>>, %[[DST:.*]]: memref<4x?xf32, strided<[?, 1], offset: ?>>)
// CHECK-DAG:     %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG:     %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG:     %[[C16:.*]] = arith.constant 16 : index
// CHECK-DAG:     %[[ROWS:.*]] = memref.dim %[[DST]], %[[C0]]
// CHECK-DAG:     %[[LEN:.*]] = memref.dim %[[DST]], %[[C1]]
// CHECK:         scf.for %[[R:.*]] = %[[C0]] to %[[ROWS]] step %[[C1]]
// CHECK:           scf.for %[[C:.*]] = %[[C0]] to %[[LEN]] step %[[C16]]
// CHECK:             %[[N:.*]] = affine.min #[[REST]]()[%[[LEN]], %[[C]]]
// CHECK:             %[[M:.*]] = vector.create_mask %[[N]] : vector<16xi1>
// CHECK:             %[[V:.*]] = vector.maskedload %[[SRC]][%[[R]], %[[C]]], %[[M]]
// CHECK:             vector.maskedstore %[[DST]][%[[R]], %[[C]]], %[[M]], %[[V]]
// CHECK-NOT:     linalg.copy
func.func @copy(%src: memref<4x?xf32, strided<[16, 1]>>, %dst: memref<4x?xf32, strided<[?, 1], offset: ?>>) {
  linalg.copy ins(%src : memref<4x?xf32, strided<[16, 1]>>) outs(%dst : memref<4x?xf32, strided<[?, 1], offset: ?>>)
  return
}

// -----

// A fill, and the constant linalg.map of a lowered tensor.pad, store a
// broadcast value; a one-dim buffer needs no row loop.
// CHECK-LABEL: func.func @fills
// CHECK-SAME:    (%[[A:.*]]: memref<?xf32>, %[[B:.*]]: memref<2x?xf32>, %[[X:.*]]: f32)
// CHECK:         %[[S:.*]] = vector.broadcast %[[X]] : f32 to vector<16xf32>
// CHECK:         scf.for
// CHECK:           vector.create_mask
// CHECK:           vector.maskedstore %[[A]][%{{.*}}], %{{.*}}, %[[S]]
// CHECK:         %[[Z:.*]] = vector.broadcast %{{.*}} : f32 to vector<16xf32>
// CHECK:         scf.for
// CHECK:           scf.for
// CHECK:             vector.maskedstore %[[B]][%{{.*}}, %{{.*}}], %{{.*}}, %[[Z]]
// CHECK-NOT:     linalg.fill
// CHECK-NOT:     linalg.map
func.func @fills(%a: memref<?xf32>, %b: memref<2x?xf32>, %x: f32) {
  linalg.fill ins(%x : f32) outs(%a : memref<?xf32>)
  %zero = arith.constant 0.0 : f32
  linalg.map outs(%b : memref<2x?xf32>)
    (%init: f32) {
      %i = linalg.index 0 : index
      linalg.yield %zero : f32
    }
  return
}

// -----

// Rows of static length are LLVM's to vectorize; rows of non-unit stride,
// tensors, and maps that compute their value are left alone too.
// CHECK-LABEL: func.func @left_alone
// CHECK-NOT:     vector.
// CHECK-COUNT-3: linalg.copy
// CHECK:         linalg.map
// CHECK-NOT:     vector.
func.func @left_alone(%a: memref<4x16xf32>, %b: memref<4x16xf32, strided<[?, 1], offset: ?>>, %c: memref<4x?xf32, strided<[?, 2]>>, %d: memref<4x?xf32>, %t: tensor<?xf32>, %u: tensor<?xf32>, %x: f32) -> tensor<?xf32> {
  linalg.copy ins(%a : memref<4x16xf32>) outs(%b : memref<4x16xf32, strided<[?, 1], offset: ?>>)
  linalg.copy ins(%c : memref<4x?xf32, strided<[?, 2]>>) outs(%d : memref<4x?xf32>)
  %r = linalg.copy ins(%t : tensor<?xf32>) outs(%u : tensor<?xf32>) -> tensor<?xf32>
  linalg.map outs(%d : memref<4x?xf32>)
    (%init: f32) {
      %i = linalg.index 1 : index
      %f = arith.index_cast %i : index to i32
      %v = arith.sitofp %f : i32 to f32
      linalg.yield %v : f32
    }
  return %r : tensor<?xf32>
}
