// The whole pipeline ends in the LLVM dialect for every strategy, with no
// call into the MLIR runtime library (memrefCopy): copies become loops.
// RUN: deconv-opt %s --deconv-lower-to-llvm="strategy=zero-insertion" | FileCheck %s
// RUN: deconv-opt %s --deconv-lower-to-llvm="strategy=subpixel" | FileCheck %s
// RUN: deconv-opt %s --deconv-lower-to-llvm="strategy=loops" | FileCheck %s
// RUN: deconv-opt %s --deconv-lower-to-llvm | FileCheck %s
// RUN: not deconv-opt %s --deconv-lower-to-llvm="strategy=best" 2>&1 | FileCheck %s --check-prefix=BAD

// CHECK-NOT: memrefCopy
// CHECK-LABEL: llvm.func @net
// CHECK-NOT: deconv.
// CHECK-NOT: linalg.
// CHECK-NOT: tensor.
// CHECK-NOT: memref.
// CHECK-NOT: scf.
// CHECK: llvm.return
// CHECK-NOT: memrefCopy
// BAD: for the --strategy option: Cannot find option named 'best'!
func.func @net(%x: tensor<?x4x3x3xf32>, %w: tensor<4x2x4x4xf32>, %b: tensor<2xf32>,
               %w2: tensor<3x2x3x3xf32>) -> tensor<*xf32> {
  %y = deconv.conv_transpose %x, %w, %b strides = [2, 2] padding = [1, 1, 1, 1]
    : (tensor<?x4x3x3xf32>, tensor<4x2x4x4xf32>, tensor<2xf32>) -> tensor<*xf32>
  %t = math.tanh %y : tensor<*xf32>
  %c = tensor.cast %t : tensor<*xf32> to tensor<?x2x6x6xf32>
  %z = deconv.conv %c, %w2 padding = [1, 1, 1, 1]
    : (tensor<?x2x6x6xf32>, tensor<3x2x3x3xf32>) -> tensor<*xf32>
  return %z : tensor<*xf32>
}
