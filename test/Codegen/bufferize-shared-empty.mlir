// RUN: deconv-opt %s --deconv-bufferize | FileCheck %s

// One tensor.empty that many ops write into (CSE merges the inits of every
// layer of a network into one) is split into groups of 16 uses with their
// own copy: the in-place analysis compares the writers of one alias set
// pairwise, and groups keep its time linear in the number of layers, while
// the writers within a group still share one buffer.

// CHECK-LABEL: func.func @chain(
// CHECK-SAME: %[[X:.*]]: memref<64xf32>)
// CHECK: %[[A:.*]] = memref.alloc()
// CHECK: %[[B:.*]] = memref.alloc()
// CHECK-NOT: memref.alloc
// CHECK: linalg.exp ins(%[[X]] : memref<64xf32>) outs(%[[A]] : memref<64xf32>)
// CHECK-NEXT: linalg.exp ins(%[[A]] : memref<64xf32>) outs(%[[A]] : memref<64xf32>)
// CHECK-NEXT: linalg.exp ins(%[[A]] : memref<64xf32>) outs(%[[A]] : memref<64xf32>)
// CHECK-NEXT: linalg.exp ins(%[[A]] : memref<64xf32>) outs(%[[A]] : memref<64xf32>)
// CHECK-NEXT: linalg.exp ins(%[[A]] : memref<64xf32>) outs(%[[A]] : memref<64xf32>)
// CHECK-NEXT: linalg.exp ins(%[[A]] : memref<64xf32>) outs(%[[A]] : memref<64xf32>)
// CHECK-NEXT: linalg.exp ins(%[[A]] : memref<64xf32>) outs(%[[A]] : memref<64xf32>)
// CHECK-NEXT: linalg.exp ins(%[[A]] : memref<64xf32>) outs(%[[A]] : memref<64xf32>)
// CHECK-NEXT: linalg.exp ins(%[[A]] : memref<64xf32>) outs(%[[A]] : memref<64xf32>)
// CHECK-NEXT: linalg.exp ins(%[[A]] : memref<64xf32>) outs(%[[A]] : memref<64xf32>)
// CHECK-NEXT: linalg.exp ins(%[[A]] : memref<64xf32>) outs(%[[A]] : memref<64xf32>)
// CHECK-NEXT: linalg.exp ins(%[[A]] : memref<64xf32>) outs(%[[A]] : memref<64xf32>)
// CHECK-NEXT: linalg.exp ins(%[[A]] : memref<64xf32>) outs(%[[A]] : memref<64xf32>)
// CHECK-NEXT: linalg.exp ins(%[[A]] : memref<64xf32>) outs(%[[A]] : memref<64xf32>)
// CHECK-NEXT: linalg.exp ins(%[[A]] : memref<64xf32>) outs(%[[A]] : memref<64xf32>)
// CHECK-NEXT: linalg.exp ins(%[[A]] : memref<64xf32>) outs(%[[A]] : memref<64xf32>)
// CHECK-NEXT: linalg.exp ins(%[[A]] : memref<64xf32>) outs(%[[B]] : memref<64xf32>)
// CHECK-NEXT: return %[[B]]
func.func @chain(%x: tensor<64xf32>) -> tensor<64xf32> {
  %e = tensor.empty() : tensor<64xf32>
  %r0 = linalg.exp ins(%x : tensor<64xf32>) outs(%e : tensor<64xf32>) -> tensor<64xf32>
  %r1 = linalg.exp ins(%r0 : tensor<64xf32>) outs(%e : tensor<64xf32>) -> tensor<64xf32>
  %r2 = linalg.exp ins(%r1 : tensor<64xf32>) outs(%e : tensor<64xf32>) -> tensor<64xf32>
  %r3 = linalg.exp ins(%r2 : tensor<64xf32>) outs(%e : tensor<64xf32>) -> tensor<64xf32>
  %r4 = linalg.exp ins(%r3 : tensor<64xf32>) outs(%e : tensor<64xf32>) -> tensor<64xf32>
  %r5 = linalg.exp ins(%r4 : tensor<64xf32>) outs(%e : tensor<64xf32>) -> tensor<64xf32>
  %r6 = linalg.exp ins(%r5 : tensor<64xf32>) outs(%e : tensor<64xf32>) -> tensor<64xf32>
  %r7 = linalg.exp ins(%r6 : tensor<64xf32>) outs(%e : tensor<64xf32>) -> tensor<64xf32>
  %r8 = linalg.exp ins(%r7 : tensor<64xf32>) outs(%e : tensor<64xf32>) -> tensor<64xf32>
  %r9 = linalg.exp ins(%r8 : tensor<64xf32>) outs(%e : tensor<64xf32>) -> tensor<64xf32>
  %r10 = linalg.exp ins(%r9 : tensor<64xf32>) outs(%e : tensor<64xf32>) -> tensor<64xf32>
  %r11 = linalg.exp ins(%r10 : tensor<64xf32>) outs(%e : tensor<64xf32>) -> tensor<64xf32>
  %r12 = linalg.exp ins(%r11 : tensor<64xf32>) outs(%e : tensor<64xf32>) -> tensor<64xf32>
  %r13 = linalg.exp ins(%r12 : tensor<64xf32>) outs(%e : tensor<64xf32>) -> tensor<64xf32>
  %r14 = linalg.exp ins(%r13 : tensor<64xf32>) outs(%e : tensor<64xf32>) -> tensor<64xf32>
  %r15 = linalg.exp ins(%r14 : tensor<64xf32>) outs(%e : tensor<64xf32>) -> tensor<64xf32>
  %r16 = linalg.exp ins(%r15 : tensor<64xf32>) outs(%e : tensor<64xf32>) -> tensor<64xf32>
  return %r16 : tensor<64xf32>
}
