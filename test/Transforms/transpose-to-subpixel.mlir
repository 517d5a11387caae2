// RUN: deconv-opt %s --deconv-transpose-to-subpixel=subpixel-form=per-phase --canonicalize --cse --split-input-file | FileCheck %s

// K=3, s=2, pad 1: phase 0 takes tap 1 only, phase 1 taps 0 and 2, so the four
// 2-D phases have 1x1, 1x2, 2x1 and 2x2 sub-filters (9 taps in all, no zero
// tap). Each phase convolves the ORIGINAL input and is inserted into a strided
// slice (offset r, stride 2) of the output. The phases cover every output
// position, so the output starts empty and each phase accumulates into its
// own zeros.
// CHECK-DAG: #[[P00:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d2, d1, d3 * -2 + 1, d4 * -2 + 1)>
// CHECK-DAG: #[[P11:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d2, d1, d3 * -2 + 2, d4 * -2 + 2)>
// CHECK-LABEL: func.func @k3s2
// CHECK-SAME: (%[[X:.*]]: tensor<1x4x5x5xf32>, %[[W:.*]]: tensor<4x2x3x3xf32>)
// CHECK: %[[OUT:.*]] = tensor.empty() : tensor<1x2x9x9xf32>
// CHECK-NOT: linalg.fill {{.*}} tensor<1x2x9x9xf32>
// CHECK: linalg.generic {indexing_maps = [#[[P00]],
// CHECK: %[[Z0:.*]] = linalg.fill {{.*}} -> tensor<1x2x5x5xf32>
// CHECK: %[[C0:.*]] = linalg.conv_2d_nchw_fchw {{.*}} ins(%[[X]], %{{.*}} : tensor<1x4x5x5xf32>, tensor<2x4x1x1xf32>) outs(%[[Z0]] : tensor<1x2x5x5xf32>)
// CHECK: %[[A0:.*]] = tensor.insert_slice %[[C0]] into %[[OUT]][0, 0, 0, 0] [1, 2, 5, 5] [1, 1, 2, 2]
// CHECK: linalg.conv_2d_nchw_fchw {{.*}} ins(%[[X]], %{{.*}} : tensor<1x4x5x5xf32>, tensor<2x4x1x2xf32>)
// CHECK: tensor.insert_slice %{{.*}} into %[[A0]][0, 0, 0, 1] [1, 2, 5, 4] [1, 1, 2, 2]
// CHECK: linalg.conv_2d_nchw_fchw {{.*}} ins(%[[X]], %{{.*}} : tensor<1x4x5x5xf32>, tensor<2x4x2x1xf32>)
// CHECK: tensor.insert_slice %{{.*}}[0, 0, 1, 0] [1, 2, 4, 5] [1, 1, 2, 2]
// CHECK: linalg.generic {indexing_maps = [#[[P11]],
// CHECK: linalg.conv_2d_nchw_fchw {{.*}} ins(%[[X]], %{{.*}} : tensor<1x4x5x5xf32>, tensor<2x4x2x2xf32>)
// CHECK: %[[R:.*]] = tensor.insert_slice {{.*}}[0, 0, 1, 1] [1, 2, 4, 4] [1, 1, 2, 2] : tensor<1x2x4x4xf32> into tensor<1x2x9x9xf32>
// CHECK-NOT: linalg.conv
// CHECK: return %[[R]]
func.func @k3s2(%x: tensor<1x4x5x5xf32>, %w: tensor<4x2x3x3xf32>) -> tensor<1x2x9x9xf32> {
  %y = deconv.conv_transpose %x, %w strides = [2, 2] padding = [1, 1, 1, 1]
    : (tensor<1x4x5x5xf32>, tensor<4x2x3x3xf32>) -> tensor<1x2x9x9xf32>
  return %y : tensor<1x2x9x9xf32>
}

// -----

// K=4, s=2, pad 1 (DCGAN): every phase has a 2x2 sub-filter and reads a 4x4
// window of ONE zero-padded input (padded by one on every side, the most any
// phase needs), shifted by the phase; each accumulates into the bias.
// CHECK-LABEL: func.func @k4s2
// CHECK: %[[OUT:.*]] = tensor.empty() : tensor<1x2x6x6xf32>
// CHECK: %[[P:.*]] = tensor.insert_slice %{{.*}} into %{{.*}}[0, 0, 1, 1] [1, 4, 3, 3] [1, 1, 1, 1] : tensor<1x4x3x3xf32> into tensor<1x4x5x5xf32>
// CHECK-NOT: tensor.insert_slice {{.*}} tensor<1x4x5x5xf32>
// CHECK: %[[W0:.*]] = tensor.extract_slice %[[P]][0, 0, 0, 0] [1, 4, 4, 4] [1, 1, 1, 1]
// CHECK: %[[B:.*]] = linalg.broadcast
// CHECK: linalg.conv_2d_nchw_fchw {{.*}} ins(%[[W0]], %{{.*}} : tensor<1x4x4x4xf32>, tensor<2x4x2x2xf32>) outs(%[[B]]
// CHECK: tensor.insert_slice %{{.*}} into %[[OUT]][0, 0, 0, 0] [1, 2, 3, 3] [1, 1, 2, 2]
// CHECK: tensor.extract_slice %[[P]][0, 0, 0, 1] [1, 4, 4, 4]
// CHECK: [0, 0, 0, 1] [1, 2, 3, 3] [1, 1, 2, 2]
// CHECK: tensor.extract_slice %[[P]][0, 0, 1, 0] [1, 4, 4, 4]
// CHECK: [0, 0, 1, 0] [1, 2, 3, 3] [1, 1, 2, 2]
// CHECK: tensor.extract_slice %[[P]][0, 0, 1, 1] [1, 4, 4, 4]
// CHECK: [0, 0, 1, 1] [1, 2, 3, 3] [1, 1, 2, 2]
// CHECK-NOT: linalg.conv
func.func @k4s2(%x: tensor<1x4x3x3xf32>, %w: tensor<4x2x4x4xf32>, %b: tensor<2xf32>) -> tensor<1x2x6x6xf32> {
  %y = deconv.conv_transpose %x, %w, %b strides = [2, 2] padding = [1, 1, 1, 1]
    : (tensor<1x4x3x3xf32>, tensor<4x2x4x4xf32>, tensor<2xf32>) -> tensor<1x2x6x6xf32>
  return %y : tensor<1x2x6x6xf32>
}

// -----

// Dilation 2 with stride 2: all taps land on even outputs, the odd phase has
// no tap and keeps the bias only (one convolution, not two).
// CHECK-LABEL: func.func @dilation_shares_stride
// CHECK: linalg.broadcast
// CHECK: tensor.extract_slice %{{.*}}[0, 0, 0] [1, 2, 6] [1, 1, 2]
// CHECK: linalg.conv_1d_ncw_fcw {dilations = dense<1> : tensor<1xi64>, strides = dense<1> : tensor<1xi64>} ins(%{{.*}}, %{{.*}} : tensor<1x3x8xf32>, tensor<2x3x3xf32>)
// CHECK-NOT: linalg.conv
func.func @dilation_shares_stride(%x: tensor<1x3x4xf32>, %w: tensor<3x2x3xf32>, %b: tensor<2xf32>) -> tensor<1x2x12xf32> {
  %y = deconv.conv_transpose %x, %w, %b strides = [2] dilations = [2] padding = [0, 0] output_padding = [1]
    : (tensor<1x3x4xf32>, tensor<3x2x3xf32>, tensor<2xf32>) -> tensor<1x2x12xf32>
  return %y : tensor<1x2x12xf32>
}

// -----

// Constant filters are split into phases at compile time: no linalg.generic
// for the filter, one constant per phase.
// CHECK-LABEL: func.func @constant_filter
// CHECK-DAG: arith.constant dense<{{\[}}{{\[}}[4.000000e+00, 2.000000e+00]]]> : tensor<1x1x2xf32>
// CHECK-DAG: arith.constant dense<{{\[}}{{\[}}[3.000000e+00, 1.000000e+00]]]> : tensor<1x1x2xf32>
// CHECK-NOT: linalg.generic
func.func @constant_filter(%x: tensor<1x1x5xf32>) -> tensor<1x1x10xf32> {
  %w = arith.constant dense<[[[1.0, 2.0, 3.0, 4.0]]]> : tensor<1x1x4xf32>
  %y = deconv.conv_transpose %x, %w strides = [2] padding = [1, 1]
    : (tensor<1x1x5xf32>, tensor<1x1x4xf32>) -> tensor<1x1x10xf32>
  return %y : tensor<1x1x10xf32>
}

// -----

// Dynamic batch and spatial dims: phase sizes are affine in the output size.
// CHECK-LABEL: func.func @dynamic
// CHECK: affine.apply
// CHECK: linalg.conv_2d_nchw_fchw {{.*}} -> tensor<?x2x?x?xf32>
func.func @dynamic(%x: tensor<?x4x?x?xf32>, %w: tensor<4x2x3x3xf32>) -> tensor<?x2x?x?xf32> {
  %y = deconv.conv_transpose %x, %w strides = [2, 2]
    : (tensor<?x4x?x?xf32>, tensor<4x2x3x3xf32>) -> tensor<?x2x?x?xf32>
  return %y : tensor<?x2x?x?xf32>
}
