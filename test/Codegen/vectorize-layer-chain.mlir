// RUN: deconv-opt %s --deconv-to-linalg --convert-elementwise-to-linalg --deconv-vectorize-convs=vector-width=16 | FileCheck %s
// RUN: deconv-run %s --entry=relu_between --random-inputs --check | FileCheck %s --check-prefix=EXEC
// RUN: deconv-run %s --entry=relu_between --random-inputs --check --threads=2 | FileCheck %s --check-prefix=EXEC
// RUN: deconv-run %s --entry=also_returned --random-inputs --check | FileCheck %s --check-prefix=EXEC
// RUN: deconv-run %s --entry=direct_chain --random-inputs --check | FileCheck %s --check-prefix=EXEC

// Two convs with a ReLU between: the first one's channels-last result is
// not transposed to NCHW and back for the second; the ReLU runs on it
// channels-last, in the first kernel's tiles (--deconv-fuse-epilogues).
// Only the network's input and output are transposed.
// CHECK-LABEL: func.func @relu_between
// CHECK: scf.forall {{.*}} -> (tensor<1x12x12x32xf32>)
// CHECK: scf.forall {{.*}} -> (tensor<1x10x10x16xf32>)
// CHECK-NOT: tensor<1x16x10x10xf32>
// CHECK: arith.maximumf {{.*}} : vector<1x2x10x16xf32>
// CHECK-NOT: tensor<1x16x10x10xf32>
// CHECK-NOT: linalg.generic
// CHECK: scf.forall {{.*}} -> (tensor<1x8x8x16xf32>)
// CHECK: scf.forall {{.*}} -> (tensor<1x16x8x8xf32>)
// CHECK: return
// EXEC: check: PASS
func.func @relu_between(%x: tensor<1x32x12x12xf32>, %w: tensor<16x32x3x3xf32>, %w2: tensor<16x16x3x3xf32>) -> tensor<1x16x8x8xf32> {
  %zero = arith.constant dense<0.0> : tensor<1x16x10x10xf32>
  %y = deconv.conv %x, %w : (tensor<1x32x12x12xf32>, tensor<16x32x3x3xf32>) -> tensor<1x16x10x10xf32>
  %r = arith.maximumf %y, %zero : tensor<1x16x10x10xf32>
  %z = deconv.conv %r, %w2 : (tensor<1x16x10x10xf32>, tensor<16x16x3x3xf32>) -> tensor<1x16x8x8xf32>
  return %z : tensor<1x16x8x8xf32>
}

// The ReLU's result is also returned (NCHW): it stays NCHW (the ReLU runs
// in the output transpose's tiles), and the second conv transposes it.
// CHECK-LABEL: func.func @also_returned
// CHECK: scf.forall {{.*}} -> (tensor<1x16x10x10xf32>)
// CHECK: arith.maximumf {{.*}} : vector<1x16x1x10xf32>
// CHECK-NOT: linalg.generic
// CHECK: scf.forall {{.*}} -> (tensor<1x10x10x16xf32>)
// CHECK: return
func.func @also_returned(%x: tensor<1x32x12x12xf32>, %w: tensor<16x32x3x3xf32>, %w2: tensor<16x16x3x3xf32>) -> (tensor<1x16x10x10xf32>, tensor<1x16x8x8xf32>) {
  %zero = arith.constant dense<0.0> : tensor<1x16x10x10xf32>
  %y = deconv.conv %x, %w : (tensor<1x32x12x12xf32>, tensor<16x32x3x3xf32>) -> tensor<1x16x10x10xf32>
  %r = arith.maximumf %y, %zero : tensor<1x16x10x10xf32>
  %z = deconv.conv %r, %w2 : (tensor<1x16x10x10xf32>, tensor<16x16x3x3xf32>) -> tensor<1x16x8x8xf32>
  return %r, %z : tensor<1x16x10x10xf32>, tensor<1x16x8x8xf32>
}

// Two convs one after the other: the transposes of the result to NCHW and
// back cancel.
// CHECK-LABEL: func.func @direct_chain
// CHECK: scf.forall {{.*}} -> (tensor<1x12x12x32xf32>)
// CHECK: scf.forall {{.*}} -> (tensor<1x10x10x16xf32>)
// CHECK-NOT: tensor<1x16x10x10xf32>
// CHECK: scf.forall {{.*}} -> (tensor<1x8x8x16xf32>)
// CHECK: scf.forall {{.*}} -> (tensor<1x16x8x8xf32>)
// CHECK: return
func.func @direct_chain(%x: tensor<1x32x12x12xf32>, %w: tensor<16x32x3x3xf32>, %w2: tensor<16x16x3x3xf32>) -> tensor<1x16x8x8xf32> {
  %y = deconv.conv %x, %w : (tensor<1x32x12x12xf32>, tensor<16x32x3x3xf32>) -> tensor<1x16x10x10xf32>
  %z = deconv.conv %y, %w2 : (tensor<1x16x10x10xf32>, tensor<16x16x3x3xf32>) -> tensor<1x16x8x8xf32>
  return %z : tensor<1x16x8x8xf32>
}

// A transposed elementwise op whose inputs do not cancel (a splat, then an
// argument) is left alone: the transpose stays, tiled, and the op reads the
// argument.
// CHECK-LABEL: func.func @not_cancelled
// CHECK: linalg.generic {{.*}} ins(%arg2 : tensor<1x16x10x10xf32>)
// CHECK: arith.subf
// CHECK: scf.forall {{.*}} -> (tensor<1x10x10x16xf32>)
// CHECK: return
func.func @not_cancelled(%x: tensor<1x32x12x12xf32>, %w: tensor<16x32x3x3xf32>, %a: tensor<1x16x10x10xf32>) -> (tensor<1x16x10x10xf32>, tensor<1x10x10x16xf32>) {
  %zero = arith.constant dense<0.0> : tensor<1x16x10x10xf32>
  %y = deconv.conv %x, %w : (tensor<1x32x12x12xf32>, tensor<16x32x3x3xf32>) -> tensor<1x16x10x10xf32>
  %m = arith.subf %zero, %a : tensor<1x16x10x10xf32>
  %e = tensor.empty() : tensor<1x10x10x16xf32>
  %t = linalg.transpose ins(%m : tensor<1x16x10x10xf32>) outs(%e : tensor<1x10x10x16xf32>) permutation = [0, 2, 3, 1]
  return %y, %t : tensor<1x16x10x10xf32>, tensor<1x10x10x16xf32>
}
