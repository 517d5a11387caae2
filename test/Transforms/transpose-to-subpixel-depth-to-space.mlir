// RUN: deconv-opt %s --deconv-transpose-to-subpixel --split-input-file | FileCheck %s
// RUN: deconv-opt %s --deconv-transpose-to-subpixel=subpixel-form=depth-to-space --split-input-file | FileCheck %s --check-prefix=FORCED
// RUN: deconv-opt %s --deconv-select-strategy=print-decisions --split-input-file -o /dev/null 2>&1 | FileCheck %s --check-prefix=REMARK

// Kernel = stride, no padding: out[n, co, 2m + r, 2p + q] = sum_ci
// x[n, ci, m, p] * w[ci, co, r, q], one contraction into [N, Co, M, 2, P, 2]
// (started from the bias), whose merged (m, r) and (p, q) pairs are the
// output. Each phase has one tap (the unit t loops d7, d8; the filter
// reshaped to [Ci, Co, 1, 2, 1, 2]).
// CHECK-DAG: #[[X:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7, d8) -> (d0, d6, d2 - d7, d4 - d8)>
// CHECK-DAG: #[[W:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7, d8) -> (d6, d1, d7, d3, d8, d5)>
// CHECK-DAG: #[[Y:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7, d8) -> (d0, d1, d2, d3, d4, d5)>
// CHECK-LABEL: func.func @k2s2_bias
// CHECK: %[[WE:.*]] = tensor.expand_shape %arg1 {{\[}}[0], [1], [2, 3], [4, 5]] output_shape [5, 6, 1, 2, 1, 2]
// CHECK: %[[INIT:.*]] = linalg.broadcast ins(%arg2 : tensor<6xf32>) outs(%{{.*}} : tensor<2x6x7x2x13x2xf32>) dimensions = [0, 2, 3, 4, 5]
// CHECK: %[[Z:.*]] = linalg.generic {indexing_maps = [#[[X]], #[[W]], #[[Y]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]} ins(%arg0, %[[WE]] : tensor<2x5x7x13xf32>, tensor<5x6x1x2x1x2xf32>) outs(%[[INIT]] : tensor<2x6x7x2x13x2xf32>)
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
// CHECK: %[[WE:.*]] = tensor.expand_shape %arg1 {{\[}}[0], [1], [2, 3], [4, 5], [6, 7]] output_shape [3, 2, 1, 2, 1, 1, 1, 2]
// CHECK: linalg.fill
// CHECK: linalg.generic {{.*}} ins(%arg0, %[[WE]] : tensor<1x3x4x5x6xf32>, tensor<3x2x1x2x1x1x1x2xf32>) outs(%{{.*}} : tensor<1x2x4x2x5x1x6x2xf32>)
// CHECK: tensor.collapse_shape %{{.*}} {{\[}}[0], [1], [2, 3], [4, 5], [6, 7]] : tensor<1x2x4x2x5x1x6x2xf32> into tensor<1x2x8x5x12xf32>
// REMARK: depth-to-space form
func.func @k_eq_s_3d(%x: tensor<1x3x4x5x6xf32>, %w: tensor<3x2x2x1x2xf32>) -> tensor<1x2x8x5x12xf32> {
  %y = deconv.conv_transpose %x, %w strides = [2, 1, 2] dilations = [1, 1, 1] padding = [0, 0, 0, 0, 0, 0] output_padding = [0, 0, 0] groups = 1 : (tensor<1x3x4x5x6xf32>, tensor<3x2x2x1x2xf32>) -> tensor<1x2x8x5x12xf32>
  return %y : tensor<1x2x8x5x12xf32>
}

// -----

// Padding 1 shifts the phases: output 2m + r takes tap 1 - r of input
// m + (r + 1) floordiv 2 (the filter phase (r + 1) mod 2). Auto keeps the
// per-phase form; a request takes this one.
// CHECK-LABEL: func.func @padded
// CHECK: linalg.conv_2d_nchw_fchw
// FORCED-DAG: #[[PX:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7, d8) -> (d0, d6, d2 - d7 + (d3 + 1) floordiv 2, d4 - d8 + (d5 + 1) floordiv 2)>
// FORCED-DAG: #[[PW:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7, d8) -> (d6, d1, d7, (d3 + 1) mod 2, d8, (d5 + 1) mod 2)>
// FORCED-LABEL: func.func @padded
// FORCED: linalg.generic {indexing_maps = [#[[PX]], #[[PW]], #{{.*}}]{{.*}} ins(%arg0, %{{.*}} : tensor<1x3x4x4xf32>, tensor<3x2x1x2x1x2xf32>) outs(%{{.*}} : tensor<1x2x3x2x3x2xf32>)
// FORCED-NOT: linalg.conv
// REMARK: per-phase form
func.func @padded(%x: tensor<1x3x4x4xf32>, %w: tensor<3x2x2x2xf32>) -> tensor<1x2x6x6xf32> {
  %y = deconv.conv_transpose %x, %w strides = [2, 2] dilations = [1, 1] padding = [1, 1, 1, 1] output_padding = [0, 0] groups = 1 : (tensor<1x3x4x4xf32>, tensor<3x2x2x2xf32>) -> tensor<1x2x6x6xf32>
  return %y : tensor<1x2x6x6xf32>
}

// -----

// A kernel the stride does not divide (3x3, stride 2, padding 1, output
// padding 1): the filter padded to two taps of 2 phases (a zero tap for
// the phases with one), the input by one position on each side (phase 1's
// second tap before it, its first tap of the last position after it).
// FORCED-DAG: #[[EX:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7, d8) -> (d0, d6, d2 - d7 + (d3 + 1) floordiv 2 + 1, d4 - d8 + (d5 + 1) floordiv 2 + 1)>
// FORCED-LABEL: func.func @k3s2
// FORCED: %[[XP:.*]] = tensor.pad %arg0 low[0, 0, 1, 1] high[0, 0, 1, 1]
// FORCED: tensor<1x4x5x5xf32> to tensor<1x4x7x7xf32>
// FORCED: %[[WP:.*]] = tensor.pad %arg1 low[0, 0, 0, 0] high[0, 0, 1, 1]
// FORCED: tensor<4x3x3x3xf32> to tensor<4x3x4x4xf32>
// FORCED: %[[WE:.*]] = tensor.expand_shape %[[WP]] {{\[}}[0], [1], [2, 3], [4, 5]] output_shape [4, 3, 2, 2, 2, 2]
// FORCED: linalg.generic {indexing_maps = [#[[EX]], {{.*}} ins(%[[XP]], %[[WE]] : tensor<1x4x7x7xf32>, tensor<4x3x2x2x2x2xf32>) outs(%{{.*}} : tensor<1x3x5x2x5x2xf32>)
// FORCED: tensor.collapse_shape %{{.*}} : tensor<1x3x5x2x5x2xf32> into tensor<1x3x10x10xf32>
// REMARK: per-phase form
func.func @k3s2(%x: tensor<1x4x5x5xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x3x10x10xf32> {
  %y = deconv.conv_transpose %x, %w strides = [2, 2] dilations = [1, 1] padding = [1, 1, 1, 1] output_padding = [1, 1] groups = 1 : (tensor<1x4x5x5xf32>, tensor<4x3x3x3xf32>) -> tensor<1x3x10x10xf32>
  return %y : tensor<1x3x10x10xf32>
}

// -----

// An output that is not a whole number of strides long (k3 s2 p1, no
// output padding: 9 outputs) is the other forms' business, even on request.
// FORCED-LABEL: func.func @odd_output
// FORCED: linalg.conv_2d_nchw_fchw
// REMARK: per-phase form
func.func @odd_output(%x: tensor<1x4x5x5xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x3x9x9xf32> {
  %y = deconv.conv_transpose %x, %w strides = [2, 2] dilations = [1, 1] padding = [1, 1, 1, 1] output_padding = [0, 0] groups = 1 : (tensor<1x4x5x5xf32>, tensor<4x3x3x3xf32>) -> tensor<1x3x9x9xf32>
  return %y : tensor<1x3x9x9xf32>
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

// -----

// Taps per phase where the batched form does not apply: auto takes this
// form for at most 64 input channels and rows of at least 32 positions
// (64 outputs), and keeps the per-phase form with 65 input channels.
// CHECK-LABEL: func.func @k3s2_auto
// CHECK: linalg.generic
// CHECK-SAME: ins(%{{.*}}, %{{.*}} : tensor<1x64x6x34xf32>, tensor<64x4x2x2x2x2xf32>) outs(%{{.*}} : tensor<1x4x4x2x32x2xf32>)
// CHECK-NOT: linalg.conv
// CHECK-LABEL: func.func @k3s2_wide
// CHECK: linalg.conv_2d_nchw_fchw
// REMARK: depth-to-space form (taps per phase, 2-D or 3-D, at most 64 input channels, 8 phases, rows of at least 64 outputs)
// REMARK: per-phase form
func.func @k3s2_auto(%x: tensor<1x64x4x32xf32>, %w: tensor<64x4x3x3xf32>) -> tensor<1x4x8x64xf32> {
  %y = deconv.conv_transpose %x, %w strides = [2, 2] dilations = [1, 1] padding = [1, 1, 1, 1] output_padding = [1, 1] groups = 1 : (tensor<1x64x4x32xf32>, tensor<64x4x3x3xf32>) -> tensor<1x4x8x64xf32>
  return %y : tensor<1x4x8x64xf32>
}
func.func @k3s2_wide(%x: tensor<1x65x4x32xf32>, %w: tensor<65x4x3x3xf32>) -> tensor<1x4x8x64xf32> {
  %y = deconv.conv_transpose %x, %w strides = [2, 2] dilations = [1, 1] padding = [1, 1, 1, 1] output_padding = [1, 1] groups = 1 : (tensor<1x65x4x32xf32>, tensor<65x4x3x3xf32>) -> tensor<1x4x8x64xf32>
  return %y : tensor<1x4x8x64xf32>
}

// -----

// A stride beyond 1024 phases: the filter would be padded to whole strides;
// not this form, even on request (the output is 3 strides long).
// FORCED-LABEL: func.func @huge_stride
// FORCED-NOT: tensor.pad %arg1
// FORCED: linalg.conv_1d_ncw_fcw
func.func @huge_stride(%x: tensor<1x2x3xf32>, %w: tensor<2x2x3xf32>) -> tensor<1x2x12288xf32> {
  %y = deconv.conv_transpose %x, %w strides = [4096] dilations = [1] padding = [0, 0] output_padding = [4093] groups = 1 : (tensor<1x2x3xf32>, tensor<2x2x3xf32>) -> tensor<1x2x12288xf32>
  return %y : tensor<1x2x12288xf32>
}
