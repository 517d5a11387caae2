// RUN: deconv-opt %s --deconv-bufferize --split-input-file | FileCheck %s

// After bufferization, copies, fills and identity-map elementwise ops run on
// views whose contiguous trailing dims are collapsed into one.

// A whole buffer is contiguous: the fill and the elementwise op become 1-D.
// CHECK-LABEL: func.func @fill_relu
// CHECK: %[[A:.*]] = memref.alloc() {{.*}} : memref<2x3x4x5xf32>
// CHECK: %[[C:.*]] = memref.collapse_shape %[[A]] {{\[\[}}0, 1, 2, 3]] : memref<2x3x4x5xf32> into memref<120xf32>
// CHECK: linalg.fill ins(%{{.*}} : f32) outs(%[[C]] : memref<120xf32>)
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel"]
// CHECK-SAME: ins(%{{.*}} : memref<120xf32>) outs(%{{.*}} : memref<120xf32>)
// CHECK: arith.maximumf
func.func @fill_relu(%x: tensor<2x3x4x5xf32>) -> (tensor<2x3x4x5xf32>, tensor<2x3x4x5xf32>) {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<2x3x4x5xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<2x3x4x5xf32>) -> tensor<2x3x4x5xf32>
  %e2 = tensor.empty() : tensor<2x3x4x5xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(a, b, c, d) -> (a, b, c, d)>, affine_map<(a, b, c, d) -> (a, b, c, d)>],
                       iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%x : tensor<2x3x4x5xf32>) outs(%e2 : tensor<2x3x4x5xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.maximumf %in, %zero : f32
    linalg.yield %m : f32
  } -> tensor<2x3x4x5xf32>
  return %f, %r : tensor<2x3x4x5xf32>, tensor<2x3x4x5xf32>
}

// -----

// A copy into the interior of a padded buffer: only the last two dims of the
// destination are contiguous (row stride 6 * 7 = 42 is not 5 * 7), so the
// copy becomes 3-D.
// CHECK-LABEL: func.func @pad_interior
// CHECK: %[[SV:.*]] = memref.subview %{{.*}}[0, 1, 1, 0] [2, 4, 5, 7] [1, 1, 1, 1]
// CHECK-DAG: %[[SRC:.*]] = memref.collapse_shape %{{.*}} {{\[\[}}0], [1], [2, 3]] : memref<2x4x5x7xf32> into memref<2x4x35xf32>
// CHECK-DAG: %[[DST:.*]] = memref.collapse_shape %[[SV]] {{\[\[}}0], [1], [2, 3]] : memref<2x4x5x7xf32, strided<[252, 42, 7, 1], offset: 49>> into memref<2x4x35xf32, strided<[252, 42, 1], offset: 49>>
// CHECK: linalg.copy ins(%[[SRC]] : memref<2x4x35xf32>) outs(%[[DST]] : memref<2x4x35xf32, strided<[252, 42, 1], offset: 49>>)
func.func @pad_interior(%x: tensor<2x4x5x7xf32>) -> tensor<2x6x6x7xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<2x6x6x7xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<2x6x6x7xf32>) -> tensor<2x6x6x7xf32>
  %i = tensor.insert_slice %x into %f[0, 1, 1, 0] [2, 4, 5, 7] [1, 1, 1, 1] : tensor<2x4x5x7xf32> into tensor<2x6x6x7xf32>
  return %i : tensor<2x6x6x7xf32>
}

// -----

// Nothing to collapse when the innermost dim is strided, or for maps that
// are not the identity.
// CHECK-LABEL: func.func @strided
// CHECK-NOT: memref.collapse_shape
// CHECK: linalg.generic
// CHECK-NOT: memref.collapse_shape
func.func @strided(%x: tensor<3x4xf32>) -> tensor<4x3xf32> {
  %e = tensor.empty() : tensor<4x3xf32>
  %t = linalg.generic {indexing_maps = [affine_map<(a, b) -> (b, a)>, affine_map<(a, b) -> (a, b)>],
                       iterator_types = ["parallel", "parallel"]}
      ins(%x : tensor<3x4xf32>) outs(%e : tensor<4x3xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<4x3xf32>
  return %t : tensor<4x3xf32>
}

// -----

// A fill or broadcast used by several writers gets one clone per use: each
// writer initializes its own buffer, no buffer is copied.
// CHECK-LABEL: func.func @shared_initial_values
// CHECK-NOT: linalg.copy
// CHECK-COUNT-2: linalg.fill
// CHECK-COUNT-2: linalg.broadcast
// CHECK-NOT: linalg.copy
func.func @shared_initial_values(%b: tensor<4xf32>) -> (tensor<4x4xf32>, tensor<4x4xf32>, tensor<4x4xf32>, tensor<4x4xf32>) {
  %zero = arith.constant 0.0 : f32
  %one = arith.constant 1.0 : f32
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %e = tensor.empty() : tensor<4x4xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<4x4xf32>) -> tensor<4x4xf32>
  %i0 = tensor.insert %one into %f[%c0, %c0] : tensor<4x4xf32>
  %i1 = tensor.insert %one into %f[%c1, %c1] : tensor<4x4xf32>
  %e2 = tensor.empty() : tensor<4x4xf32>
  %g = linalg.broadcast ins(%b : tensor<4xf32>) outs(%e2 : tensor<4x4xf32>) dimensions = [0]
  %j0 = tensor.insert %one into %g[%c0, %c0] : tensor<4x4xf32>
  %j1 = tensor.insert %one into %g[%c1, %c1] : tensor<4x4xf32>
  return %i0, %i1, %j0, %j1 : tensor<4x4xf32>, tensor<4x4xf32>, tensor<4x4xf32>, tensor<4x4xf32>
}

// -----

// A buffer with a zero-size dim is left alone (collapsing it with a dynamic
// dim would infer an invalid static size; the fuzzer found it).
// CHECK-LABEL: func.func @zero_dim
// CHECK-NOT: memref.collapse_shape
// CHECK: linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : memref<?x0x4xf32>)
func.func @zero_dim(%d: index) -> tensor<?x0x4xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty(%d) : tensor<?x0x4xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<?x0x4xf32>) -> tensor<?x0x4xf32>
  return %f : tensor<?x0x4xf32>
}

// -----

// A constant of rank > 1 becomes a 1-D global viewed through expand_shape:
// the nested array of its LLVM global would have one constant per innermost
// row. Splats stay as they are.
// CHECK: memref.global "private" constant @{{.*}} : memref<6xf32> = dense<[1.000000e+00, 2.000000e+00, 3.000000e+00, 4.000000e+00, 5.000000e+00, 6.000000e+00]>
// CHECK-LABEL: func.func @flatten_constant
// CHECK: memref.get_global @{{.*}} : memref<6xf32>
// CHECK: memref.expand_shape %{{.*}} {{\[\[}}0, 1]] output_shape [2, 3] : memref<6xf32> into memref<2x3xf32>
func.func @flatten_constant(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %c = arith.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>
  %e = tensor.empty() : tensor<2x3xf32>
  %y = linalg.add ins(%x, %c : tensor<2x3xf32>, tensor<2x3xf32>) outs(%e : tensor<2x3xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}
