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
  // expected-remark @below {{conv_transpose strategy: zero-insertion (2-D depthwise with row stride 2 >= 2 and column stride 2..4: the kernel skips the inserted zero rows)}}
  %y = deconv.conv_transpose %x, %w strides = [2, 2] padding = [1, 1, 1, 1] groups = 8
    : (tensor<1x8x5x5xf32>, tensor<8x1x4x4xf32>) -> tensor<1x8x10x10xf32>
  return %y : tensor<1x8x10x10xf32>
}

// -----

// Depthwise, stride 4x4: zero insertion still (a quarter of the rows hold
// input, the others are skipped).
// CHECK-LABEL: func.func @depthwise_s4
// CHECK: deconv.conv {{.*}} groups = 4
func.func @depthwise_s4(%x: tensor<1x4x5x5xf32>, %w: tensor<4x1x8x8xf32>) -> tensor<1x4x20x20xf32> {
  // expected-remark @below {{conv_transpose strategy: zero-insertion (2-D depthwise with row stride 4 >= 2 and column stride 2..4: the kernel skips the inserted zero rows)}}
  %y = deconv.conv_transpose %x, %w strides = [4, 4] padding = [2, 2, 2, 2] groups = 4
    : (tensor<1x4x5x5xf32>, tensor<4x1x8x8xf32>) -> tensor<1x4x20x20xf32>
  return %y : tensor<1x4x20x20xf32>
}

// -----

// A channel multiplier (one input channel, two output channels per group)
// counts as depthwise.
// CHECK-LABEL: func.func @multiplier
// CHECK: deconv.conv {{.*}} groups = 4
func.func @multiplier(%x: tensor<1x4x5x5xf32>, %w: tensor<4x2x4x4xf32>) -> tensor<1x8x10x10xf32> {
  // expected-remark @below {{conv_transpose strategy: zero-insertion (2-D depthwise with row stride 2 >= 2 and column stride 2..4: the kernel skips the inserted zero rows)}}
  %y = deconv.conv_transpose %x, %w strides = [2, 2] padding = [1, 1, 1, 1] groups = 4
    : (tensor<1x4x5x5xf32>, tensor<4x2x4x4xf32>) -> tensor<1x8x10x10xf32>
  return %y : tensor<1x8x10x10xf32>
}

// -----

// Depthwise without rows of inserted zeros (1-D; row stride 1) or with a
// column stride above 4: sub-pixel phases.
// CHECK-LABEL: func.func @depthwise_1d
// CHECK-NOT: deconv.conv_transpose
// CHECK: return
func.func @depthwise_1d(%x: tensor<1x4x9xf32>, %w: tensor<4x1x4xf32>) -> tensor<1x4x18xf32> {
  // expected-remark @below {{conv_transpose strategy: subpixel (no multiplications of inserted zeros), per-phase form (the batched form needs strides that divide the kernel, one group and static shapes)}}
  %y = deconv.conv_transpose %x, %w strides = [2] padding = [1, 1] groups = 4
    : (tensor<1x4x9xf32>, tensor<4x1x4xf32>) -> tensor<1x4x18xf32>
  return %y : tensor<1x4x18xf32>
}

// -----

// CHECK-LABEL: func.func @depthwise_row_stride_1
// CHECK-NOT: deconv.conv_transpose
// CHECK: return
func.func @depthwise_row_stride_1(%x: tensor<1x4x5x5xf32>, %w: tensor<4x1x3x4xf32>) -> tensor<1x4x5x10xf32> {
  // expected-remark @below {{conv_transpose strategy: subpixel (no multiplications of inserted zeros), per-phase form (the batched form needs strides that divide the kernel, one group and static shapes)}}
  %y = deconv.conv_transpose %x, %w strides = [1, 2] padding = [1, 1, 1, 1] groups = 4
    : (tensor<1x4x5x5xf32>, tensor<4x1x3x4xf32>) -> tensor<1x4x5x10xf32>
  return %y : tensor<1x4x5x10xf32>
}

// -----

// CHECK-LABEL: func.func @depthwise_wide_columns
// CHECK-NOT: deconv.conv_transpose
// CHECK: return
func.func @depthwise_wide_columns(%x: tensor<1x4x5x5xf32>, %w: tensor<4x1x4x16xf32>) -> tensor<1x4x10x40xf32> {
  // expected-remark @below {{conv_transpose strategy: subpixel (no multiplications of inserted zeros), per-phase form (the batched form needs strides that divide the kernel, one group and static shapes)}}
  %y = deconv.conv_transpose %x, %w strides = [2, 8] padding = [1, 4, 1, 4] groups = 4
    : (tensor<1x4x5x5xf32>, tensor<4x1x4x16xf32>) -> tensor<1x4x10x40xf32>
  return %y : tensor<1x4x10x40xf32>
}
