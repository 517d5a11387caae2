// RUN: deconv-opt %s --deconv-to-linalg --deconv-bufferize --cse --canonicalize --split-input-file | FileCheck %s
// RUN: deconv-run %s --entry=conv_padded --random-inputs --check | FileCheck %s --check-prefix=EXEC
// RUN: deconv-run %s --entry=conv_padded --random-inputs --check --vector-width=8 | FileCheck %s --check-prefix=EXEC

// A fill only used as the destination of a unit-stride insert fills what
// the insert leaves: per dim, the slab below and the slab above the box (the
// dims before it limited to the box), not the whole buffer.
// CHECK-LABEL: func.func @pad_interior
// CHECK: %[[A:.*]] = memref.alloc() {{.*}} : memref<2x6x6x7xf32>
// CHECK-NOT: outs(%[[A]]
// CHECK: memref.subview %[[A]][0, 0, 0, 0] [2, 1, 6, 7]
// CHECK: linalg.fill
// CHECK: memref.subview %[[A]][0, 5, 0, 0] [2, 1, 6, 7]
// CHECK: linalg.fill
// CHECK: memref.subview %[[A]][0, 1, 0, 0] [2, 4, 1, 7]
// CHECK: linalg.fill
// CHECK-NOT: linalg.fill
// CHECK: memref.subview %[[A]][0, 1, 1, 0] [2, 4, 5, 7]
// CHECK: linalg.copy
// CHECK-NOT: linalg.copy
// CHECK: return %[[A]]
func.func @pad_interior(%x: tensor<2x4x5x7xf32>) -> tensor<2x6x6x7xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<2x6x6x7xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<2x6x6x7xf32>) -> tensor<2x6x6x7xf32>
  %i = tensor.insert_slice %x into %f[0, 1, 1, 0] [2, 4, 5, 7] [1, 1, 1, 1] : tensor<2x4x5x7xf32> into tensor<2x6x6x7xf32>
  return %i : tensor<2x6x6x7xf32>
}

// -----

// An insert that covers the whole buffer leaves nothing to fill; a strided
// insert (zero insertion) keeps the whole fill.
// CHECK-LABEL: func.func @covered
// CHECK-NOT: linalg.fill
// CHECK: return
func.func @covered(%x: tensor<4x5xf32>) -> tensor<4x5xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<4x5xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<4x5xf32>) -> tensor<4x5xf32>
  %i = tensor.insert_slice %x into %f[0, 0] [4, 5] [1, 1] : tensor<4x5xf32> into tensor<4x5xf32>
  return %i : tensor<4x5xf32>
}

// CHECK-LABEL: func.func @strided
// CHECK: %[[A:.*]] = memref.alloc() {{.*}} : memref<7x9xf32>
// CHECK: %[[C:.*]] = memref.collapse_shape %[[A]]
// CHECK: linalg.fill ins(%{{.*}} : f32) outs(%[[C]] : memref<63xf32>)
func.func @strided(%x: tensor<4x5xf32>) -> tensor<7x9xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<7x9xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<7x9xf32>) -> tensor<7x9xf32>
  %i = tensor.insert_slice %x into %f[0, 0] [4, 5] [2, 2] : tensor<4x5xf32> into tensor<7x9xf32>
  return %i : tensor<7x9xf32>
}

// -----

// Execution: a padded conv (its input padded around its layout transpose)
// against the reference.
// EXEC: check: PASS
// CHECK-LABEL: func.func @conv_padded
func.func @conv_padded(%x: tensor<1x16x9x11xf32>, %w: tensor<16x16x3x3xf32>) -> tensor<1x16x9x11xf32> {
  %y = deconv.conv %x, %w padding = [1, 1, 1, 1] : (tensor<1x16x9x11xf32>, tensor<16x16x3x3xf32>) -> tensor<1x16x9x11xf32>
  return %y : tensor<1x16x9x11xf32>
}
