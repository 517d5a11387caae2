// RUN: deconv-opt %s --deconv-transpose-to-subpixel=subpixel-form=batched --canonicalize --cse --split-input-file | FileCheck %s
// RUN: deconv-opt %s --deconv-transpose-to-subpixel --canonicalize --cse --split-input-file | FileCheck %s --check-prefix=AUTO
// RUN: not deconv-opt %s --deconv-transpose-to-subpixel=subpixel-form=sideways 2>&1 | FileCheck %s --check-prefix=BADFORM
// RUN: deconv-opt %s --deconv-transpose-to-subpixel=subpixel-form=batched --canonicalize --cse --deconv-vectorize-convs=vector-width=8 --split-input-file | FileCheck %s --check-prefix=MERGED

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
// Auto takes the depth-to-space form there (one contraction, no conv).
// AUTO-LABEL: func.func @kernel_is_stride
// AUTO: tensor.collapse_shape %{{.*}} : tensor<1x2x3x2x3x2xf32> into tensor<1x2x6x6xf32>
// AUTO-NOT: linalg.conv
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
func.func @wide(%x: tensor<1x2x3x3xf32>, %w: tensor<2x128x4x4xf32>) -> tensor<1x128x6x6xf32> {
  %y = deconv.conv_transpose %x, %w strides = [2, 2] padding = [1, 1, 1, 1]
    : (tensor<1x2x3x3xf32>, tensor<2x128x4x4xf32>) -> tensor<1x128x6x6xf32>
  return %y : tensor<1x128x6x6xf32>
}

// -----

// Auto takes the batched form, wide or not, above 16 phases: the per-phase
// form's bufferization grows about 4x per doubling of the phases (32 phases
// here). At 16 phases it keeps the per-phase form for a wide layer.
// AUTO-LABEL: func.func @many_phases_wide
// AUTO-COUNT-1: linalg.conv_2d_nchw_fchw
// AUTO-NOT: linalg.conv_2d_nchw_fchw
// AUTO-LABEL: func.func @sixteen_phases_wide
// AUTO-COUNT-16: linalg.conv_2d_nchw_fchw
// AUTO-NOT: linalg.conv_2d_nchw_fchw
// AUTO: return
func.func @many_phases_wide(%x: tensor<1x2x3x3xf32>, %w: tensor<2x32x4x8xf32>) -> tensor<1x32x12x24xf32> {
  %y = deconv.conv_transpose %x, %w strides = [4, 8]
    : (tensor<1x2x3x3xf32>, tensor<2x32x4x8xf32>) -> tensor<1x32x12x24xf32>
  return %y : tensor<1x32x12x24xf32>
}
func.func @sixteen_phases_wide(%x: tensor<1x2x3x3xf32>, %w: tensor<2x32x4x4xf32>) -> tensor<1x32x12x12xf32> {
  %y = deconv.conv_transpose %x, %w strides = [4, 4]
    : (tensor<1x2x3x3xf32>, tensor<2x32x4x4xf32>) -> tensor<1x32x12x12xf32>
  return %y : tensor<1x32x12x12xf32>
}

// BADFORM: for the --subpixel-form option: Cannot find option named 'sideways'!

// -----

// An innermost stride of 8 or more stacks the phases channel-major,
// (co, rho_h, rho_w): a channels-last result then holds runs of 8 outputs
// that are adjacent in an output row. The interleave is a transpose that
// keeps those runs ([N, Cout, s, s, P, P] -> [N, Cout, P, s, P, s]), the
// merged phase grid (104 = 13 positions x 8) and the output cut from it at
// the offset 4 (the padding). The bias is the accumulator's start, per
// channel for all of its phases. (Auto takes the batched form too: 64
// phases are beyond the per-phase form's limit.)
// CHECK-LABEL: func.func @channel_major
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<3x8x8x2x2x2xf32>)
// CHECK: tensor.collapse_shape %{{.*}} {{\[}}[0, 1, 2], [3], [4], [5]] : tensor<3x8x8x2x2x2xf32> into tensor<192x2x2x2xf32>
// CHECK: %[[BIAS:.*]] = linalg.broadcast ins(%arg2 : tensor<3xf32>) outs(%{{.*}} : tensor<1x3x64x13x13xf32>) dimensions = [0, 2, 3, 4]
// CHECK: %[[INIT:.*]] = tensor.collapse_shape %[[BIAS]] {{\[}}[0], [1, 2], [3], [4]] : tensor<1x3x64x13x13xf32> into tensor<1x192x13x13xf32>
// CHECK: %[[Z:.*]] = linalg.conv_2d_nchw_fchw {{.*}} outs(%[[INIT]] : tensor<1x192x13x13xf32>)
// CHECK: %[[E:.*]] = tensor.expand_shape %[[Z]] {{\[}}[0], [1, 2, 3], [4], [5]] output_shape [1, 3, 8, 8, 13, 13]
// CHECK: %[[T:.*]] = linalg.transpose ins(%[[E]] : tensor<1x3x8x8x13x13xf32>) outs(%{{.*}} : tensor<1x3x13x8x13x8xf32>) permutation = [0, 1, 4, 2, 5, 3]
// CHECK: %[[M:.*]] = tensor.collapse_shape %[[T]] {{\[}}[0], [1], [2, 3], [4, 5]] : tensor<1x3x13x8x13x8xf32> into tensor<1x3x104x104xf32>
// CHECK: %[[OUT:.*]] = tensor.extract_slice %[[M]][0, 0, 4, 4] [1, 3, 96, 96] [1, 1, 1, 1]
// CHECK-NOT: linalg.generic
// CHECK: return %[[OUT]]
// AUTO-LABEL: func.func @channel_major
// AUTO-COUNT-1: linalg.conv_2d_nchw_fchw
// AUTO-NOT: linalg.conv_2d_nchw_fchw
// With the micro-kernel, the NCHW transpose of its channels-last result and
// the interleave merge into one transpose of the channels-last result
// [1, 13, 13, 3, 8, 8], and the output cut from it is built row by row: one
// parallel tile per output row (n, c, o_h), which reads its phase row
// (o_h + 4) floordiv 8, (o_h + 4) mod 8 and writes the row's 13 runs: 4
// outputs, eleven times 8, and 4 (the first and last run clipped at the
// offset 4). No grid is stored and copied out.
// MERGED-LABEL: func.func @channel_major
// MERGED: %[[E:.*]] = tensor.expand_shape %{{.*}} {{\[}}[0], [1], [2], [3, 4, 5]] output_shape [1, 13, 13, 3, 8, 8] : tensor<1x13x13x192xf32> into tensor<1x13x13x3x8x8xf32>
// MERGED: scf.forall (%[[N:.*]], %[[C:.*]], %[[O:.*]]) in (1, 3, 96)
// MERGED: %[[P:.*]] = affine.apply #{{.*}}(%[[O]])
// MERGED: %[[R:.*]] = affine.apply #{{.*}}(%[[O]])
// MERGED: tensor.extract_slice %{{.*}}[%[[N]], %[[C]], %[[O]], 0] [1, 1, 1, 96] [1, 1, 1, 1] : tensor<1x3x96x96xf32> to tensor<96xf32>
// MERGED: vector.transfer_read %[[E]][%[[N]], %[[P]], %c0, %[[C]], %[[R]], %c4]{{.*}} : tensor<1x13x13x3x8x8xf32>, vector<4xf32>
// MERGED: vector.transfer_write %{{.*}}[%c0] {{.*}} : vector<4xf32>, tensor<96xf32>
// MERGED: vector.transfer_read %[[E]][%[[N]], %[[P]], %c1, %[[C]], %[[R]], %c0]{{.*}} : tensor<1x13x13x3x8x8xf32>, vector<8xf32>
// MERGED: vector.transfer_write %{{.*}}[%c4] {{.*}} : vector<8xf32>, tensor<96xf32>
// MERGED-COUNT-10: vector.transfer_write %{{.*}} : vector<8xf32>, tensor<96xf32>
// MERGED: vector.transfer_read %[[E]][%[[N]], %[[P]], %c12, %[[C]], %[[R]], %c0]{{.*}} : tensor<1x13x13x3x8x8xf32>, vector<4xf32>
// MERGED: vector.transfer_write %{{.*}}[%c92] {{.*}} : vector<4xf32>, tensor<96xf32>
// MERGED: tensor.parallel_insert_slice %{{.*}} into %{{.*}}[%[[N]], %[[C]], %[[O]], 0] [1, 1, 1, 96]
// MERGED-NOT: linalg.transpose
// MERGED-NOT: tensor<1x3x104x104xf32>
// MERGED: return
func.func @channel_major(%x: tensor<1x2x12x12xf32>, %w: tensor<2x3x16x16xf32>, %b: tensor<3xf32>) -> tensor<1x3x96x96xf32> {
  %y = deconv.conv_transpose %x, %w, %b strides = [8, 8] padding = [4, 4, 4, 4]
    : (tensor<1x2x12x12xf32>, tensor<2x3x16x16xf32>, tensor<3xf32>) -> tensor<1x3x96x96xf32>
  return %y : tensor<1x3x96x96xf32>
}

// -----

// The channel-major stacking of a constant filter, w[0, co, k] = 100 co + k:
// row co * 8 + rho takes taps rho + 8 and rho, so channel 0's eight phases
// come first ([8, 0], [9, 1], ...), then channel 1's ([108, 100], ...).
// CHECK-LABEL: func.func @channel_major_filter
// CHECK: arith.constant dense<{{\[}}{{\[}}[8.000000e+00, 0.000000e+00]], {{\[}}[9.000000e+00, 1.000000e+00]], {{.*}}, {{\[}}[1.500000e+01, 7.000000e+00]], {{\[}}[1.080000e+02, 1.000000e+02]], {{.*}} : tensor<16x1x2xf32>
// CHECK: linalg.transpose {{.*}} permutation = [0, 1, 3, 2]
// CHECK: tensor.extract_slice %{{.*}}[0, 0, 4] [1, 2, 24] [1, 1, 1]
func.func @channel_major_filter(%x: tensor<1x1x3xf32>) -> tensor<1x2x24xf32> {
  %w = arith.constant dense<[[[0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0, 12.0, 13.0, 14.0, 15.0], [100.0, 101.0, 102.0, 103.0, 104.0, 105.0, 106.0, 107.0, 108.0, 109.0, 110.0, 111.0, 112.0, 113.0, 114.0, 115.0]]]> : tensor<1x2x16xf32>
  %y = deconv.conv_transpose %x, %w strides = [8] padding = [4, 4]
    : (tensor<1x1x3xf32>, tensor<1x2x16xf32>) -> tensor<1x2x24xf32>
  return %y : tensor<1x2x24xf32>
}
