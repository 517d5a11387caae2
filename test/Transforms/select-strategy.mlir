// RUN: deconv-opt %s --deconv-select-strategy=print-decisions --split-input-file --verify-diagnostics | FileCheck %s
// RUN: deconv-opt %s --deconv-select-strategy="strategy=loops" --split-input-file | FileCheck %s --check-prefix=LOOPS
// RUN: deconv-opt %s --deconv-select-strategy="strategy=zero-insertion" --split-input-file | FileCheck %s --check-prefix=ZERO

// CHECK-LABEL: func.func @strided
// CHECK: linalg.conv_2d_nchw_fchw
// CHECK-NOT: deconv.conv_transpose
// LOOPS-LABEL: func.func @strided
// LOOPS: linalg.generic
// LOOPS-NOT: linalg.conv
// ZERO-LABEL: func.func @strided
// ZERO: deconv.conv
// The remark says why: sub-pixel, per phase since the batched form would
// compute 1.78x the outputs (a 3x3 input's phase grids overlap the border).
func.func @strided(%x: tensor<1x4x3x3xf32>, %w: tensor<4x2x4x4xf32>) -> tensor<1x2x6x6xf32> {
  // expected-remark @below {{conv_transpose strategy: subpixel (no multiplications of inserted zeros), per-phase form (the batched form computes 1.78x the outputs)}}
  %y = deconv.conv_transpose %x, %w strides = [2, 2] padding = [1, 1, 1, 1]
    : (tensor<1x4x3x3xf32>, tensor<4x2x4x4xf32>) -> tensor<1x2x6x6xf32>
  return %y : tensor<1x2x6x6xf32>
}

// -----

// Stride 1: zero insertion inserts nothing; it is a conv with a flipped filter.
// CHECK-LABEL: func.func @unit_stride
// CHECK: deconv.conv
func.func @unit_stride(%x: tensor<1x4x5x5xf32>, %w: tensor<4x2x3x3xf32>) -> tensor<1x2x5x5xf32> {
  // expected-remark @below {{conv_transpose strategy: zero-insertion (stride 1: a convolution with the flipped filter)}}
  %y = deconv.conv_transpose %x, %w padding = [1, 1, 1, 1]
    : (tensor<1x4x5x5xf32>, tensor<4x2x3x3xf32>) -> tensor<1x2x5x5xf32>
  return %y : tensor<1x2x5x5xf32>
}

// -----

// Depthwise, stride 2x2: zero insertion, one grouped convolution.
// CHECK-LABEL: func.func @depthwise
// CHECK: deconv.conv {{.*}} groups = 8
// CHECK-NOT: deconv.conv 
func.func @depthwise(%x: tensor<1x8x5x5xf32>, %w: tensor<8x1x4x4xf32>) -> tensor<1x8x10x10xf32> {
  // expected-remark @below {{conv_transpose strategy: zero-insertion (depthwise with prod(strides) 4 <= 4)}}
  %y = deconv.conv_transpose %x, %w strides = [2, 2] padding = [1, 1, 1, 1] groups = 8
    : (tensor<1x8x5x5xf32>, tensor<8x1x4x4xf32>) -> tensor<1x8x10x10xf32>
  return %y : tensor<1x8x10x10xf32>
}
