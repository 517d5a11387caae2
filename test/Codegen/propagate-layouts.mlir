// RUN: deconv-opt %s --deconv-propagate-layouts | FileCheck %s

// Zero padding moves after the transpose: the transpose runs on the
// unpadded input and is inserted into a zero fill.
// CHECK-LABEL: func.func @pad
// CHECK:         %[[T:.*]] = linalg.transpose ins(%{{.*}} : tensor<1x8x6x6xf32>) outs(%{{.*}} : tensor<1x6x6x8xf32>) permutation = [0, 2, 3, 1]
// CHECK:         %[[Z:.*]] = linalg.fill {{.*}} -> tensor<1x8x8x8xf32>
// CHECK:         tensor.insert_slice %[[T]] into %[[Z]][0, 1, 1, 0] [1, 6, 6, 8] [1, 1, 1, 1]
// CHECK-NOT:     tensor.pad
func.func @pad(%x: tensor<1x8x6x6xf32>) -> tensor<1x8x8x8xf32> {
  %cst = arith.constant 0.0 : f32
  %p = tensor.pad %x low[0, 0, 1, 1] high[0, 0, 1, 1] {
  ^bb0(%a: index, %b: index, %c: index, %d: index):
    tensor.yield %cst : f32
  } : tensor<1x8x6x6xf32> to tensor<1x8x8x8xf32>
  %e = tensor.empty() : tensor<1x8x8x8xf32>
  %t = linalg.transpose ins(%p : tensor<1x8x8x8xf32>) outs(%e : tensor<1x8x8x8xf32>) permutation = [0, 2, 3, 1]
  return %t : tensor<1x8x8x8xf32>
}

// A transposed broadcast is a broadcast in the new layout.
// CHECK-LABEL: func.func @bias
// CHECK:         linalg.broadcast ins(%{{.*}} : tensor<16xf32>) outs(%{{.*}} : tensor<1x6x6x16xf32>) dimensions = [0, 1, 2]
// CHECK-NOT:     linalg.transpose
func.func @bias(%b: tensor<16xf32>) -> tensor<1x6x6x16xf32> {
  %e = tensor.empty() : tensor<1x16x6x6xf32>
  %bc = linalg.broadcast ins(%b : tensor<16xf32>) outs(%e : tensor<1x16x6x6xf32>) dimensions = [0, 2, 3]
  %e2 = tensor.empty() : tensor<1x6x6x16xf32>
  %t = linalg.transpose ins(%bc : tensor<1x16x6x6xf32>) outs(%e2 : tensor<1x6x6x16xf32>) permutation = [0, 2, 3, 1]
  return %t : tensor<1x6x6x16xf32>
}

// The bias of a 1-D conv lifted to 2-D: the reshape that adds the unit
// height folds into the broadcast, and so does the transpose after it.
// CHECK-LABEL: func.func @bias_1d
// CHECK:         linalg.broadcast ins(%{{.*}} : tensor<16xf32>) outs(%{{.*}} : tensor<1x1x20x16xf32>) dimensions = [0, 1, 2]
// CHECK-NOT:     tensor.expand_shape
// CHECK-NOT:     linalg.transpose
func.func @bias_1d(%b: tensor<16xf32>) -> tensor<1x1x20x16xf32> {
  %e = tensor.empty() : tensor<1x16x20xf32>
  %bc = linalg.broadcast ins(%b : tensor<16xf32>) outs(%e : tensor<1x16x20xf32>) dimensions = [0, 2]
  %x = tensor.expand_shape %bc [[0], [1], [2, 3]] output_shape [1, 16, 1, 20] : tensor<1x16x20xf32> into tensor<1x16x1x20xf32>
  %e2 = tensor.empty() : tensor<1x1x20x16xf32>
  %t = linalg.transpose ins(%x : tensor<1x16x1x20xf32>) outs(%e2 : tensor<1x1x20x16xf32>) permutation = [0, 2, 3, 1]
  return %t : tensor<1x1x20x16xf32>
}

// A reshape that would merge the bias dim with a broadcast dim of more than
// one element is not a broadcast of the bias: it stays.
// CHECK-LABEL: func.func @bias_merged
// CHECK:         tensor.collapse_shape
func.func @bias_merged(%b: tensor<16xf32>) -> tensor<1x96xf32> {
  %e = tensor.empty() : tensor<1x16x6xf32>
  %bc = linalg.broadcast ins(%b : tensor<16xf32>) outs(%e : tensor<1x16x6xf32>) dimensions = [0, 2]
  %c = tensor.collapse_shape %bc [[0], [1, 2]] : tensor<1x16x6xf32> into tensor<1x96xf32>
  return %c : tensor<1x96xf32>
}

// A transpose to NCHW and one back cancel across an elementwise op, which
// then runs channels-last.
// CHECK-LABEL: func.func @relu_between
// CHECK-NOT:     linalg.transpose
// CHECK:         linalg.generic {{.*}} ins(%{{.*}} : tensor<1x6x6x16xf32>)
// CHECK-NOT:     linalg.transpose
func.func @relu_between(%a: tensor<1x6x6x16xf32>) -> tensor<1x6x6x16xf32> {
  %cst = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x16x6x6xf32>
  %t1 = linalg.transpose ins(%a : tensor<1x6x6x16xf32>) outs(%e : tensor<1x16x6x6xf32>) permutation = [0, 3, 1, 2]
  %r = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%t1 : tensor<1x16x6x6xf32>) outs(%e : tensor<1x16x6x6xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.maximumf %in, %cst : f32
    linalg.yield %m : f32
  } -> tensor<1x16x6x6xf32>
  %e2 = tensor.empty() : tensor<1x6x6x16xf32>
  %t2 = linalg.transpose ins(%r : tensor<1x16x6x6xf32>) outs(%e2 : tensor<1x6x6x16xf32>) permutation = [0, 2, 3, 1]
  return %t2 : tensor<1x6x6x16xf32>
}

// Phases computed channels-last and inserted into strided slices of one
// output: the chain inserts the channels-last results, transposed once.
// CHECK-LABEL: func.func @phases
// CHECK:         %[[Z:.*]] = linalg.fill {{.*}} -> tensor<1x4x4x4xf32>
// CHECK:         %[[I0:.*]] = tensor.insert_slice %{{.*}} into %[[Z]][0, 0, 0, 0] [1, 2, 2, 4] [1, 2, 2, 1]
// CHECK:         %[[I1:.*]] = tensor.insert_slice %{{.*}} into %[[I0]][0, 1, 1, 0] [1, 2, 2, 4] [1, 2, 2, 1]
// CHECK:         linalg.transpose ins(%[[I1]] : tensor<1x4x4x4xf32>) {{.*}} permutation = [0, 3, 1, 2]
func.func @phases(%p0: tensor<1x2x2x4xf32>, %p1: tensor<1x2x2x4xf32>) -> tensor<1x4x4x4xf32> {
  %cst = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x4x4x4xf32>
  %acc = linalg.fill ins(%cst : f32) outs(%e : tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
  %e0 = tensor.empty() : tensor<1x4x2x2xf32>
  %r0 = linalg.transpose ins(%p0 : tensor<1x2x2x4xf32>) outs(%e0 : tensor<1x4x2x2xf32>) permutation = [0, 3, 1, 2]
  %o0 = tensor.insert_slice %r0 into %acc[0, 0, 0, 0] [1, 4, 2, 2] [1, 1, 2, 2] : tensor<1x4x2x2xf32> into tensor<1x4x4x4xf32>
  %r1 = linalg.transpose ins(%p1 : tensor<1x2x2x4xf32>) outs(%e0 : tensor<1x4x2x2xf32>) permutation = [0, 3, 1, 2]
  %o1 = tensor.insert_slice %r1 into %o0[0, 0, 1, 1] [1, 4, 2, 2] [1, 1, 2, 2] : tensor<1x4x2x2xf32> into tensor<1x4x4x4xf32>
  return %o1 : tensor<1x4x4x4xf32>
}
