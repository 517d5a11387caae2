// RUN: deconv-opt %s --deconv-assemble-phases | FileCheck %s

// The channel-major interleave (stride 8: runs of 8 adjacent outputs per
// phase grid row), cut at offset 4: each output row is one parallel tile of
// vector copies, a run clipped to 4 at either edge. No transposed grid is
// built.
// CHECK-LABEL: func.func @runs
// CHECK:         scf.forall (%[[N:.*]], %[[C:.*]]) in (1, 4)
// CHECK:           vector.transfer_read %{{.*}}[%[[N]], %c0, %[[C]], %c4], {{.*}} : tensor<1x7x4x8xf32>, vector<4xf32>
// CHECK:           vector.transfer_read %{{.*}}[%[[N]], %c1, %[[C]], %c0{{.*}}], {{.*}} : tensor<1x7x4x8xf32>, vector<8xf32>
// CHECK-COUNT-4:   vector.transfer_read {{.*}} vector<8xf32>
// CHECK:           vector.transfer_read %{{.*}}[%[[N]], %c6, %[[C]], %c0{{.*}}], {{.*}} : tensor<1x7x4x8xf32>, vector<4xf32>
// CHECK:           vector.transfer_write %{{.*}}[%c44] {{.*}} : vector<4xf32>, tensor<48xf32>
// CHECK-NOT:     linalg.transpose
func.func @runs(%g: tensor<1x7x4x8xf32>) -> tensor<1x4x48xf32> {
  %e = tensor.empty() : tensor<1x4x7x8xf32>
  %t = linalg.transpose ins(%g : tensor<1x7x4x8xf32>) outs(%e : tensor<1x4x7x8xf32>) permutation = [0, 2, 1, 3]
  %c = tensor.collapse_shape %t [[0], [1], [2, 3]] : tensor<1x4x7x8xf32> into tensor<1x4x56xf32>
  %s = tensor.extract_slice %c[0, 0, 4] [1, 4, 48] [1, 1, 1] : tensor<1x4x56xf32> to tensor<1x4x48xf32>
  return %s : tensor<1x4x48xf32>
}

// Four NCHW phases covering every residue of a stride-2 output: they are
// stacked contiguously and interleaved by one transpose.
// CHECK-LABEL: func.func @stack
// CHECK:         %[[S:.*]] = tensor.empty() : tensor<2x2x1x4x4x8xf32>
// CHECK:         %[[S0:.*]] = tensor.insert_slice %{{.*}} into %[[S]][0, 0, 0, 0, 0, 0] [1, 1, 1, 4, 4, 8]
// CHECK:         %[[S1:.*]] = tensor.insert_slice %{{.*}} into %[[S0]][0, 1, 0, 0, 0, 0]
// CHECK:         %[[S2:.*]] = tensor.insert_slice %{{.*}} into %[[S1]][1, 0, 0, 0, 0, 0]
// CHECK:         %[[S3:.*]] = tensor.insert_slice %{{.*}} into %[[S2]][1, 1, 0, 0, 0, 0]
// CHECK:         %[[T:.*]] = linalg.transpose ins(%[[S3]] : tensor<2x2x1x4x4x8xf32>) outs(%{{.*}} : tensor<1x4x4x2x8x2xf32>) permutation = [2, 3, 4, 0, 5, 1]
// CHECK:         %[[R:.*]] = tensor.collapse_shape %[[T]] {{\[\[}}0], [1], [2, 3], [4, 5]] : tensor<1x4x4x2x8x2xf32> into tensor<1x4x8x16xf32>
// CHECK:         return %[[R]]
func.func @stack(%p0: tensor<1x4x4x8xf32>, %p1: tensor<1x4x4x8xf32>, %p2: tensor<1x4x4x8xf32>, %p3: tensor<1x4x4x8xf32>) -> tensor<1x4x8x16xf32> {
  %e = tensor.empty() : tensor<1x4x8x16xf32>
  %o0 = tensor.insert_slice %p0 into %e[0, 0, 0, 0] [1, 4, 4, 8] [1, 1, 2, 2] : tensor<1x4x4x8xf32> into tensor<1x4x8x16xf32>
  %o1 = tensor.insert_slice %p1 into %o0[0, 0, 0, 1] [1, 4, 4, 8] [1, 1, 2, 2] : tensor<1x4x4x8xf32> into tensor<1x4x8x16xf32>
  %o2 = tensor.insert_slice %p2 into %o1[0, 0, 1, 0] [1, 4, 4, 8] [1, 1, 2, 2] : tensor<1x4x4x8xf32> into tensor<1x4x8x16xf32>
  %o3 = tensor.insert_slice %p3 into %o2[0, 0, 1, 1] [1, 4, 4, 8] [1, 1, 2, 2] : tensor<1x4x4x8xf32> into tensor<1x4x8x16xf32>
  return %o3 : tensor<1x4x8x16xf32>
}
