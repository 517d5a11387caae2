// RUN: deconv-opt %s --deconv-transpose-to-subpixel=subpixel-form=batched --canonicalize --cse --split-input-file | FileCheck %s
// RUN: deconv-opt %s --deconv-transpose-to-subpixel --canonicalize --cse --split-input-file | FileCheck %s --check-prefix=AUTO
// RUN: not deconv-opt %s --deconv-transpose-to-subpixel=subpixel-form=sideways 2>&1 | FileCheck %s --check-prefix=BADFORM

// The batched form: the phases' filters stacked on the output channels of one
// stride-1 convolution, then one depth-to-space gather. K=4, s=2, pad 1:
// o + 1 = 2q + rho, so output o reads phase (o + 1) mod 2 at position
// (o + 1) floordiv 2; 5 positions per phase cover the 8 outputs (surplus
// 1.25 per dim, 1.56 in all: auto keeps the per-phase form).
// CHECK-DAG: #[[GATHER:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, (d2 + 1) mod 2, (d3 + 1) mod 2, d1, (d2 + 1) floordiv 2, (d3 + 1) floordiv 2)>
// CHECK-DAG: #[[BIAS:.*]] = affine_map<(d0, d1, d2, d3) -> (d1)>
// CHECK-DAG: #[[TAPS:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d3, d2, -d4 + 1, d0, -d5 + 1, d1)>
// CHECK-LABEL: func.func @bias_2d
// CHECK: tensor.insert_slice %{{.*}} into %{{.*}}[0, 0, 1, 1] [2, 3, 4, 4] [1, 1, 1, 1] : tensor<2x3x4x4xf32> into tensor<2x3x6x6xf32>
// CHECK: tensor.expand_shape %{{.*}} {{\[}}[0], [1], [2, 3], [4, 5]] output_shape [3, 5, 2, 2, 2, 2]
// CHECK: linalg.generic {indexing_maps = [#[[TAPS]], {{.*}}} {{.*}} outs(%{{.*}} : tensor<2x2x5x3x2x2xf32>)
// CHECK: tensor.collapse_shape %{{.*}} {{\[}}[0, 1, 2], [3], [4], [5]] : tensor<2x2x5x3x2x2xf32> into tensor<20x3x2x2xf32>
// CHECK: linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%{{.*}}, %{{.*}} : tensor<2x3x6x6xf32>, tensor<20x3x2x2xf32>) outs(%{{.*}} : tensor<2x20x5x5xf32>)
// CHECK: tensor.expand_shape %{{.*}} {{\[}}[0], [1, 2, 3], [4], [5]] output_shape [2, 2, 2, 5, 5, 5]
// The gather runs one (image, channel) plane per parallel tile.
// CHECK: scf.forall (%[[IMG:.*]], %[[CH:.*]]) in (2, 5) shared_outs(%[[OUT:.*]] = %{{.*}}) -> (tensor<2x5x8x8xf32>)
// CHECK: tensor.extract_slice %{{.*}}[%[[IMG]], 0, 0, %[[CH]], 0, 0] [1, 2, 2, 1, 5, 5]
// CHECK: tensor.extract_slice %arg2[%[[CH]]] [1] [1]
// CHECK: linalg.generic {indexing_maps = [#[[GATHER]], #[[BIAS]], {{.*}}} ins(%{{.*}}, %{{.*}} : tensor<1x2x2x1x5x5xf32>, tensor<1xf32>) outs(%{{.*}} : tensor<1x1x8x8xf32>)
// CHECK: arith.addf
// CHECK: tensor.parallel_insert_slice %{{.*}} into %[[OUT]][%[[IMG]], %[[CH]], 0, 0] [1, 1, 8, 8]
// CHECK-NOT: linalg.conv
// AUTO-LABEL: func.func @bias_2d
// AUTO-COUNT-4: linalg.conv_2d_nchw_fchw
func.func @bias_2d(%x: tensor<2x3x4x4xf32>, %w: tensor<3x5x4x4xf32>, %b: tensor<5xf32>) -> tensor<2x5x8x8xf32> {
  %y = deconv.conv_transpose %x, %w, %b strides = [2, 2] padding = [1, 1, 1, 1]
    : (tensor<2x3x4x4xf32>, tensor<3x5x4x4xf32>, tensor<5xf32>) -> tensor<2x5x8x8xf32>
  return %y : tensor<2x5x8x8xf32>
}

// -----

// Constant filters are stacked at compile time: phase 0 takes taps 2, 0
// (values 3, 1), phase 1 taps 3, 1 (values 4, 2).
// CHECK-LABEL: func.func @constant_filter
// CHECK: arith.constant dense<{{\[}}{{\[}}[3.000000e+00, 1.000000e+00]], {{\[}}[4.000000e+00, 2.000000e+00]]]> : tensor<2x1x2xf32>
// CHECK: linalg.conv_1d_ncw_fcw {{.*}} -> tensor<1x2x6xf32>
// CHECK: linalg.generic
// CHECK-NOT: linalg.generic
func.func @constant_filter(%x: tensor<1x1x5xf32>) -> tensor<1x1x10xf32> {
  %w = arith.constant dense<[[[1.0, 2.0, 3.0, 4.0]]]> : tensor<1x1x4xf32>
  %y = deconv.conv_transpose %x, %w strides = [2] padding = [1, 1]
    : (tensor<1x1x5xf32>, tensor<1x1x4xf32>) -> tensor<1x1x10xf32>
  return %y : tensor<1x1x10xf32>
}

// -----

// Kernel = stride, no padding (U-Net up-convs): no surplus, a 1x1 conv.
// CHECK-LABEL: func.func @kernel_is_stride
// CHECK: linalg.conv_2d_nchw_fchw {{.*}} ins(%arg0, %{{.*}} : tensor<1x4x3x3xf32>, tensor<8x4x1x1xf32>) {{.*}} -> tensor<1x8x3x3xf32>
// AUTO-LABEL: func.func @kernel_is_stride
// AUTO: tensor<8x4x1x1xf32>
func.func @kernel_is_stride(%x: tensor<1x4x3x3xf32>, %w: tensor<4x2x2x2xf32>) -> tensor<1x2x6x6xf32> {
  %y = deconv.conv_transpose %x, %w strides = [2, 2]
    : (tensor<1x4x3x3xf32>, tensor<4x2x2x2xf32>) -> tensor<1x2x6x6xf32>
  return %y : tensor<1x2x6x6xf32>
}

// -----

// Auto keeps the per-phase form where the batched one would compute much
// more than the output (here 2 x 2 positions x 4 phases for 3 x 3 outputs).
// AUTO-LABEL: func.func @large_surplus
// AUTO-COUNT-4: linalg.conv_2d_nchw_fchw
// CHECK-LABEL: func.func @large_surplus
// CHECK-COUNT-1: linalg.conv_2d_nchw_fchw
func.func @large_surplus(%x: tensor<1x1x2x2xf32>, %w: tensor<1x1x2x2xf32>) -> tensor<1x1x3x3xf32> {
  %y = deconv.conv_transpose %x, %w strides = [2, 2] padding = [0, 0, 1, 1]
    : (tensor<1x1x2x2xf32>, tensor<1x1x2x2xf32>) -> tensor<1x1x3x3xf32>
  return %y : tensor<1x1x3x3xf32>
}

// -----

// Auto keeps the per-phase form for wide layers (here 128 output channels):
// their stacked weights would be 4x as large.
// AUTO-LABEL: func.func @wide
// AUTO-COUNT-4: linalg.conv_2d_nchw_fchw
// CHECK-LABEL: func.func @wide
// CHECK-COUNT-1: linalg.conv_2d_nchw_fchw
func.func @wide(%x: tensor<1x2x3x3xf32>, %w: tensor<2x128x2x2xf32>) -> tensor<1x128x6x6xf32> {
  %y = deconv.conv_transpose %x, %w strides = [2, 2]
    : (tensor<1x2x3x3xf32>, tensor<2x128x2x2xf32>) -> tensor<1x128x6x6xf32>
  return %y : tensor<1x128x6x6xf32>
}

// BADFORM: unknown sub-pixel form 'sideways'; expected auto, batched or per-phase
