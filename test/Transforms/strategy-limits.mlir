// Strategies that unroll per-phase work at compile time have limits: the
// loops rewrite tabulates `stride` entries per dim, the sub-pixel rewrite
// emits one convolution per phase with taps. Beyond them the strategy reports
// why, and the automatic choice falls back to the next strategy within its
// limits (sub-pixel, loops, zero insertion), in time proportional to the
// kernel, never to the stride.

// RUN: deconv-opt %s --deconv-select-strategy=print-decisions --split-input-file --verify-diagnostics | FileCheck %s
// RUN: not deconv-opt %s --deconv-transpose-to-loops --split-input-file 2>&1 | FileCheck %s --check-prefix=LOOPS
// RUN: not deconv-opt %s --deconv-transpose-to-subpixel --split-input-file 2>/dev/null | FileCheck %s --check-prefix=SUBPIXEL
// RUN: not deconv-opt %s --deconv-transpose-to-subpixel --split-input-file 2>&1 >/dev/null | FileCheck %s --check-prefix=SUBPIXEL-ERR
// RUN: deconv-opt %s --deconv-transpose-to-conv --split-input-file | FileCheck %s --check-prefix=ZERO

// LOOPS: strategy-limits.mlir:24:8: error: cannot be lowered to loops: stride 1073741824 is above the loops strategy's limit of 65536 (it tabulates the first tap of every phase); use zero-insertion or subpixel
// ZERO-COUNT-4: = deconv.conv %
// ZERO-NOT: deconv.conv_transpose

// Depthwise-shaped, huge stride (not the rule's zero-insertion case): three
// phases have taps, out of 2^30, so sub-pixel takes it.
// CHECK-LABEL: func.func @huge_stride
// CHECK-NOT: deconv.conv_transpose
func.func @huge_stride(%x: tensor<1x1x?xf32>, %w: tensor<1x1x3xf32>) -> tensor<1x1x?xf32> {
  // expected-remark @below {{conv_transpose strategy: subpixel}}
  %y = deconv.conv_transpose %x, %w strides = [1073741824] : (tensor<1x1x?xf32>, tensor<1x1x3xf32>) -> tensor<1x1x?xf32>
  return %y : tensor<1x1x?xf32>
}

// SUBPIXEL-LABEL: func.func @huge_stride
// SUBPIXEL-COUNT-3: linalg.conv_1d_ncw_fcw
// SUBPIXEL-NOT: linalg.conv_1d_ncw_fcw
// SUBPIXEL: return
// SUBPIXEL-ERR: strategy-limits.mlir:42:8: error: cannot be lowered by sub-pixel decomposition: the sub-pixel decomposition would emit more than 32 phase convolutions; use loops or zero-insertion

// -----

// 32^3 phases, each with a tap: loops.
// CHECK-LABEL: func.func @many_phases
// CHECK-NOT: deconv.conv_transpose
// SUBPIXEL-NOT: func.func @many_phases
func.func @many_phases(%x: tensor<1x2x?x?x?xf32>, %w: tensor<2x2x32x32x32xf32>) -> tensor<1x2x?x?x?xf32> {
  // expected-remark @below {{conv_transpose strategy: loops (subpixel: the sub-pixel decomposition would emit more than 32 phase convolutions; use loops or zero-insertion)}}
  %y = deconv.conv_transpose %x, %w strides = [32, 32, 32] : (tensor<1x2x?x?x?xf32>, tensor<2x2x32x32x32xf32>) -> tensor<1x2x?x?x?xf32>
  return %y : tensor<1x2x?x?x?xf32>
}

// -----

// Above the loops' stride limit and the sub-pixel phase limit: zero insertion.
// CHECK-LABEL: func.func @both_limits
// CHECK-NOT: deconv.conv_transpose
func.func @both_limits(%x: tensor<1x2x?x?xf32>, %w: tensor<2x2x3x100xf32>) -> tensor<1x2x?x?xf32> {
  // expected-remark @below {{conv_transpose strategy: zero-insertion (the other strategies are beyond their limits)}}
  %y = deconv.conv_transpose %x, %w strides = [1073741824, 100] : (tensor<1x2x?x?xf32>, tensor<2x2x3x100xf32>) -> tensor<1x2x?x?xf32>
  return %y : tensor<1x2x?x?xf32>
}

// -----

// 2^31 taps on 2^31 phases: counted, not enumerated (the struct fuzzer ran
// the enumeration out of memory).
// CHECK-LABEL: func.func @huge_kernel
// CHECK-NOT: deconv.conv_transpose
func.func @huge_kernel(%x: tensor<1x2x?xf32>, %w: tensor<2x2x2147483648xf32>) -> tensor<1x2x?xf32> {
  // expected-remark @below {{conv_transpose strategy: zero-insertion (the other strategies are beyond their limits)}}
  %y = deconv.conv_transpose %x, %w strides = [4294967296] : (tensor<1x2x?xf32>, tensor<2x2x2147483648xf32>) -> tensor<1x2x?xf32>
  return %y : tensor<1x2x?xf32>
}
