// RUN: deconv-opt %s --deconv-transpose-to-subpixel --split-input-file | FileCheck %s
// RUN: deconv-opt %s --deconv-transpose-to-subpixel=subpixel-form=depth-to-space --split-input-file | FileCheck %s --check-prefix=FORCED
// RUN: deconv-opt %s --deconv-select-strategy=print-decisions --split-input-file -o /dev/null 2>&1 | FileCheck %s --check-prefix=REMARK

// Kernel = stride, no padding: out[n, co, 2q + r, 2p + t] = sum_ci
// x[n, ci, q, p] * w[ci, co, r, t], one contraction into [N, Co, Q, 2, P, 2]
// (started from the bias), whose merged (q, r) and (p, t) pairs are the
// output.
// CHECK-DAG: #[[X:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d6, d2, d4)>
// CHECK-DAG: #[[W:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d6, d1, d3, d5)>
// CHECK-DAG: #[[Y:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1, d2, d3, d4, d5)>
// CHECK-LABEL: func.func @k2s2_bias
// CHECK: %[[INIT:.*]] = linalg.broadcast ins(%arg2 : tensor<6xf32>) outs(%{{.*}} : tensor<2x6x7x2x13x2xf32>) dimensions = [0, 2, 3, 4, 5]
// CHECK: %[[Z:.*]] = linalg.generic {indexing_maps = [#[[X]], #[[W]], #[[Y]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "parallel", "reduction"]} ins(%arg0, %arg1 : tensor<2x5x7x13xf32>, tensor<5x6x2x2xf32>) outs(%[[INIT]] : tensor<2x6x7x2x13x2xf32>)
// CHECK: arith.mulf
// CHECK: arith.addf
// CHECK: tensor.collapse_shape %[[Z]] {{\[}}[0], [1], [2, 3], [4, 5]] : tensor<2x6x7x2x13x2xf32> into tensor<2x6x14x26xf32>
// CHECK-NOT: linalg.conv
// REMARK: depth-to-space form (kernel = stride, no padding, 2-D or 3-D, at most 128 input channels and 8 phases)
func.func @k2s2_bias(%x: tensor<2x5x7x13xf32>, %w: tensor<5x6x2x2xf32>, %b: tensor<6xf32>) -> tensor<2x6x14x26xf32> {
  %y = deconv.conv_transpose %x, %w, %b strides = [2, 2] dilations = [1, 1] padding = [0, 0, 0, 0] output_padding = [0, 0] groups = 1 : (tensor<2x5x7x13xf32>, tensor<5x6x2x2xf32>, tensor<6xf32>) -> tensor<2x6x14x26xf32>
  return %y : tensor<2x6x14x26xf32>
}

// -----

// 3-D, strides (2, 1, 2), no bias: the accumulator starts from zero.
// CHECK-LABEL: func.func @k_eq_s_3d
// CHECK: linalg.fill
// CHECK: linalg.generic {{.*}} ins(%arg0, %arg1 : tensor<1x3x4x5x6xf32>, tensor<3x2x2x1x2xf32>) outs(%{{.*}} : tensor<1x2x4x2x5x1x6x2xf32>)
// CHECK: tensor.collapse_shape %{{.*}} {{\[}}[0], [1], [2, 3], [4, 5], [6, 7]] : tensor<1x2x4x2x5x1x6x2xf32> into tensor<1x2x8x5x12xf32>
// REMARK: depth-to-space form
func.func @k_eq_s_3d(%x: tensor<1x3x4x5x6xf32>, %w: tensor<3x2x2x1x2xf32>) -> tensor<1x2x8x5x12xf32> {
  %y = deconv.conv_transpose %x, %w strides = [2, 1, 2] dilations = [1, 1, 1] padding = [0, 0, 0, 0, 0, 0] output_padding = [0, 0, 0] groups = 1 : (tensor<1x3x4x5x6xf32>, tensor<3x2x2x1x2xf32>) -> tensor<1x2x8x5x12xf32>
  return %y : tensor<1x2x8x5x12xf32>
}

// -----

// Padding crops the phases: not this form, even when requested.
// CHECK-LABEL: func.func @padded
// CHECK-NOT: tensor<1x2x4x2x4x2xf32>
// CHECK: linalg.conv_2d_nchw_fchw
// FORCED-LABEL: func.func @padded
// FORCED: linalg.conv_2d_nchw_fchw
// REMARK: per-phase form
func.func @padded(%x: tensor<1x3x4x4xf32>, %w: tensor<3x2x2x2xf32>) -> tensor<1x2x6x6xf32> {
  %y = deconv.conv_transpose %x, %w strides = [2, 2] dilations = [1, 1] padding = [1, 1, 1, 1] output_padding = [0, 0] groups = 1 : (tensor<1x3x4x4xf32>, tensor<3x2x2x2xf32>) -> tensor<1x2x6x6xf32>
  return %y : tensor<1x2x6x6xf32>
}

// -----

// More input channels than the form pays for: auto keeps the per-phase form,
// a request takes it.
// CHECK-LABEL: func.func @wide
// CHECK: linalg.conv_2d_nchw_fchw
// FORCED-LABEL: func.func @wide
// FORCED: tensor.collapse_shape %{{.*}} : tensor<1x2x3x2x3x2xf32> into tensor<1x2x6x6xf32>
// FORCED-NOT: linalg.conv
// REMARK: {{(batched|per-phase)}} form
func.func @wide(%x: tensor<1x256x3x3xf32>, %w: tensor<256x2x2x2xf32>) -> tensor<1x2x6x6xf32> {
  %y = deconv.conv_transpose %x, %w strides = [2, 2] dilations = [1, 1] padding = [0, 0, 0, 0] output_padding = [0, 0] groups = 1 : (tensor<1x256x3x3xf32>, tensor<256x2x2x2xf32>) -> tensor<1x2x6x6xf32>
  return %y : tensor<1x2x6x6xf32>
}

// -----

// 1-D: auto keeps the other forms (one row per image: the kernel's parallel
// tiles would be channel groups, each packing the input again); a request
// takes it.
// CHECK-LABEL: func.func @one_d
// CHECK: linalg.conv_1d_ncw_fcw
// FORCED-LABEL: func.func @one_d
// FORCED: tensor.collapse_shape %{{.*}} {{\[}}[0], [1], [2, 3]] : tensor<1x4x16x2xf32> into tensor<1x4x32xf32>
// FORCED-NOT: linalg.conv
// REMARK: {{(batched|per-phase)}} form
func.func @one_d(%x: tensor<1x8x16xf32>, %w: tensor<8x4x2xf32>) -> tensor<1x4x32xf32> {
  %y = deconv.conv_transpose %x, %w strides = [2] dilations = [1] padding = [0, 0] output_padding = [0] groups = 1 : (tensor<1x8x16xf32>, tensor<8x4x2xf32>) -> tensor<1x4x32xf32>
  return %y : tensor<1x4x32xf32>
}
