// RUN: deconv-opt %s --deconv-select-strategy=strategy=zero-insertion --deconv-to-linalg | FileCheck %s
// RUN: deconv-opt %s --deconv-select-strategy=strategy=subpixel --deconv-to-linalg | FileCheck %s
// RUN: deconv-opt %s --deconv-select-strategy=strategy=loops --deconv-to-linalg | FileCheck %s
// RUN: deconv-opt %s --deconv-lower-to-llvm | FileCheck %s --check-prefix=LLVM
// RUN: deconv-opt %s --deconv-lower-to-llvm=strategy=subpixel | FileCheck %s --check-prefix=LLVM
// RUN: deconv-opt %s --deconv-lower-to-llvm=strategy=loops | FileCheck %s --check-prefix=LLVM

// A zero-size dim in the input, filter or result leaves no product to
// compute: every strategy and the conv lowering give the accumulator (bias or
// zeros). The struct fuzzer found the strategies' slices indexing into empty
// dims (tensor.insert_slice's verifier rejects offset 0 in a dim of size 0)
// and the vectorizer tiling them (a crash in linalg's tiling).

// LLVM: llvm.func @convt_batch0
// LLVM: llvm.func @conv_cout0

// CHECK-LABEL: func.func @convt_batch0
// CHECK-NEXT: tensor.empty() : tensor<0x3x7x7xf32>
// CHECK-NEXT: linalg.broadcast ins(%{{.*}} : tensor<3xf32>)
// CHECK-NEXT: return
func.func @convt_batch0(%x: tensor<0x2x3x3xf32>, %w: tensor<2x3x3x3xf32>, %b: tensor<3xf32>) -> tensor<0x3x7x7xf32> {
  %y = deconv.conv_transpose %x, %w, %b strides = [2, 2] : (tensor<0x2x3x3xf32>, tensor<2x3x3x3xf32>, tensor<3xf32>) -> tensor<0x3x7x7xf32>
  return %y : tensor<0x3x7x7xf32>
}
// CHECK-LABEL: func.func @convt_cin0
// CHECK-NEXT: tensor.empty() : tensor<1x3x7x7xf32>
// CHECK-NEXT: linalg.broadcast ins(%{{.*}} : tensor<3xf32>)
// CHECK-NEXT: return
func.func @convt_cin0(%x: tensor<1x0x3x3xf32>, %w: tensor<0x3x3x3xf32>, %b: tensor<3xf32>) -> tensor<1x3x7x7xf32> {
  %y = deconv.conv_transpose %x, %w, %b strides = [2, 2] : (tensor<1x0x3x3xf32>, tensor<0x3x3x3xf32>, tensor<3xf32>) -> tensor<1x3x7x7xf32>
  return %y : tensor<1x3x7x7xf32>
}
// CHECK-LABEL: func.func @convt_cout0
// CHECK: linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<1x0x7x7xf32>)
// CHECK-NEXT: return
func.func @convt_cout0(%x: tensor<1x2x3x3xf32>, %w: tensor<2x0x3x3xf32>) -> tensor<1x0x7x7xf32> {
  %y = deconv.conv_transpose %x, %w strides = [2, 2] : (tensor<1x2x3x3xf32>, tensor<2x0x3x3xf32>) -> tensor<1x0x7x7xf32>
  return %y : tensor<1x0x7x7xf32>
}
// The fuzzer's input: empty batch, dynamic channels, bf16, constant filter.
// CHECK-LABEL: func.func @fuzz_empty_batch
// CHECK-NOT: tensor.insert_slice
// CHECK: linalg.fill ins(%{{.*}} : bf16) outs(%{{.*}} : tensor<0x1x8xbf16>)
// CHECK-NEXT: return
func.func @fuzz_empty_batch(%x: tensor<0x?x8xbf16>) -> tensor<0x1x8xbf16> {
  %w = arith.constant dense<1.0> : tensor<1x1x1xbf16>
  %y = "deconv.conv_transpose"(%x, %w) : (tensor<0x?x8xbf16>, tensor<1x1x1xbf16>) -> tensor<0x1x8xbf16>
  return %y : tensor<0x1x8xbf16>
}

// CHECK-LABEL: func.func @conv_batch0
// CHECK-NOT: linalg.conv
// CHECK: linalg.broadcast
// CHECK-NEXT: return
func.func @conv_batch0(%x: tensor<0x2x5x5xf32>, %w: tensor<3x2x3x3xf32>, %b: tensor<3xf32>) -> tensor<0x3x3x3xf32> {
  %y = deconv.conv %x, %w, %b : (tensor<0x2x5x5xf32>, tensor<3x2x3x3xf32>, tensor<3xf32>) -> tensor<0x3x3x3xf32>
  return %y : tensor<0x3x3x3xf32>
}
// CHECK-LABEL: func.func @conv_cin0
// CHECK-NOT: linalg.conv
// CHECK: linalg.broadcast
// CHECK-NEXT: return
func.func @conv_cin0(%x: tensor<1x0x5x5xf32>, %w: tensor<3x0x3x3xf32>, %b: tensor<3xf32>) -> tensor<1x3x3x3xf32> {
  %y = deconv.conv %x, %w, %b : (tensor<1x0x5x5xf32>, tensor<3x0x3x3xf32>, tensor<3xf32>) -> tensor<1x3x3x3xf32>
  return %y : tensor<1x3x3x3xf32>
}
// CHECK-LABEL: func.func @conv_cout0
// CHECK-NOT: linalg.conv
// CHECK: linalg.fill
// CHECK-NEXT: return
func.func @conv_cout0(%x: tensor<1x2x5x5xf32>, %w: tensor<0x2x3x3xf32>) -> tensor<1x0x3x3xf32> {
  %y = deconv.conv %x, %w : (tensor<1x2x5x5xf32>, tensor<0x2x3x3xf32>) -> tensor<1x0x3x3xf32>
  return %y : tensor<1x0x3x3xf32>
}

// A result type less precise than the reified sizes gets a cast.
// CHECK-LABEL: func.func @dynamic_result
// CHECK: %[[F:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<0x2x10xf32>)
// CHECK-NEXT: %[[C:.*]] = tensor.cast %[[F]] : tensor<0x2x10xf32> to tensor<?x?x?xf32>
// CHECK: linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<0x3x6xf32>)
// CHECK-NEXT: tensor.cast
func.func @dynamic_result(%x: tensor<0x?x8xf32>, %w: tensor<3x2x3xf32>) -> (tensor<?x?x?xf32>, tensor<?x?x?xf32>) {
  %y = deconv.conv_transpose %x, %w : (tensor<0x?x8xf32>, tensor<3x2x3xf32>) -> tensor<?x?x?xf32>
  %z = deconv.conv %x, %w : (tensor<0x?x8xf32>, tensor<3x2x3xf32>) -> tensor<?x?x?xf32>
  return %y, %z : tensor<?x?x?xf32>, tensor<?x?x?xf32>
}
