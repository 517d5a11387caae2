// RUN: deconv-opt %s --deconv-tile-convs --split-input-file | FileCheck %s

// The tile comes from the deconv.kernel attribute, here 2 rows x 3 pixels x
// 16 channels with 4 input channels per step: the conv runs channels-last
// between transposes, the filter is packed into blocks of 16 output
// channels, each parallel tile fills its own accumulator, and the row steps
// are marked for unrolling.
// CHECK-LABEL: func.func @channels_last
// CHECK:         %[[X:.*]] = linalg.transpose ins(%{{.*}} : tensor<1x8x8x8xf32>) {{.*}} permutation = [0, 2, 3, 1]
// CHECK:         %[[B:.*]] = tensor.expand_shape %{{.*}} {{\[\[}}0, 1], [2], [3], [4]] output_shape [2, 16, 8, 3, 3]
// CHECK:         %[[P:.*]] = linalg.transpose ins(%[[B]] : tensor<2x16x8x3x3xf32>) {{.*}} permutation = [0, 3, 4, 2, 1]
// CHECK:         scf.forall ({{.*}}) = (0, 0, 0, 0) to (1, 6, 6, 32) step (1, 2, 3, 16) shared_outs(%{{.*}} = %{{.*}}) -> (tensor<1x6x6x32xf32>)
// CHECK:           tensor.extract_slice %[[P]]
// CHECK:           linalg.fill {{.*}} -> tensor<1x2x3x16xf32>
// CHECK:           scf.for {{.*}} step %c4
// CHECK:             linalg.conv_2d_nhwc_hwcf {{.*}} ins(%{{.*}}, %{{.*}} : tensor<1x1x3x4xf32>, tensor<1x1x4x16xf32>) outs(%{{.*}} : tensor<1x1x3x16xf32>)
// CHECK:           } {deconv.unroll}
// CHECK:         linalg.transpose ins(%{{.*}} : tensor<1x6x6x32xf32>) {{.*}} permutation = [0, 3, 1, 2]
// CHECK-NOT:     linalg.conv_2d_nchw_fchw
func.func @channels_last(%x: tensor<1x8x8x8xf32>, %w: tensor<32x8x3x3xf32>) -> tensor<1x32x6x6xf32> {
  %cst = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x32x6x6xf32>
  %acc = linalg.fill ins(%cst : f32) outs(%e : tensor<1x32x6x6xf32>) -> tensor<1x32x6x6xf32>
  %y = linalg.conv_2d_nchw_fchw {deconv.kernel = {kind = "channels-last", padded_width = 6 : i64, tile = array<i64: 2, 3, 16, 4>}, dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x8x8x8xf32>, tensor<32x8x3x3xf32>) outs(%acc : tensor<1x32x6x6xf32>) -> tensor<1x32x6x6xf32>
  return %y : tensor<1x32x6x6xf32>
}

// -----

// A width padded to whole tiles: zero columns are appended to the input and
// to the accumulator and dropped from the result.
// CHECK-LABEL: func.func @padded_width
// CHECK:         scf.forall ({{.*}}) = (0, 0, 0, 0) to (1, 1, 18, 16) step (1, 1, 6, 16)
// CHECK:         tensor.extract_slice %{{.*}}[0, 0, 0, 0] [1, 1, 17, 16] [1, 1, 1, 1] : tensor<1x1x18x16xf32> to tensor<1x1x17x16xf32>
func.func @padded_width(%x: tensor<1x8x3x19xf32>, %w: tensor<16x8x3x3xf32>, %acc: tensor<1x16x1x17xf32>) -> tensor<1x16x1x17xf32> {
  %y = linalg.conv_2d_nchw_fchw {deconv.kernel = {kind = "channels-last", padded_width = 18 : i64, tile = array<i64: 1, 6, 16, 8>}, dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x8x3x19xf32>, tensor<16x8x3x3xf32>) outs(%acc : tensor<1x16x1x17xf32>) -> tensor<1x16x1x17xf32>
  return %y : tensor<1x16x1x17xf32>
}

// -----

// The pointwise kernel keeps NCHW: reshapes, no layout transpose, the pixel
// tiles outermost.
// CHECK-LABEL: func.func @pointwise
// CHECK-NOT:     linalg.transpose
// CHECK:         scf.forall ({{.*}}) = (0, 0, 0, 0) to (32, 1, 1, 32) step (16, 1, 1, 4)
// CHECK:           linalg.conv_2d_nhwc_hwcf
// CHECK-NOT:     linalg.transpose
func.func @pointwise(%x: tensor<1x8x4x8xf32>, %w: tensor<32x8x1x1xf32>, %acc: tensor<1x32x4x8xf32>) -> tensor<1x32x4x8xf32> {
  %y = linalg.conv_2d_nchw_fchw {deconv.kernel = {filter_outer, kind = "pointwise-nchw", padded_width = 32 : i64, tile = array<i64: 1, 4, 16, 8>}, dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x8x4x8xf32>, tensor<32x8x1x1xf32>) outs(%acc : tensor<1x32x4x8xf32>) -> tensor<1x32x4x8xf32>
  return %y : tensor<1x32x4x8xf32>
}

// -----

// Depthwise rows: one channel per parallel tile, which pads its own input;
// steps of 4 rows x 8 pixels; each row and filter tap a linalg.conv_1d.
// CHECK-LABEL: func.func @depthwise_rows
// CHECK-NOT:     linalg.transpose
// CHECK:         scf.forall ({{.*}}) in (1, 16)
// CHECK:           %[[Z:.*]] = linalg.fill {{.*}} -> tensor<1x1x10x10xf32>
// CHECK:           tensor.insert_slice %{{.*}} into %[[Z]][0, 0, 1, 1] [1, 1, 8, 8]
// CHECK:           scf.for {{.*}} step %c4
// CHECK:             scf.for {{.*}} step %c8
// CHECK:               linalg.conv_1d ins(%{{.*}}, %{{.*}} : tensor<8xf32>, tensor<1xf32>) outs(%{{.*}} : tensor<8xf32>)
func.func @depthwise_rows(%x: tensor<1x16x8x8xf32>, %w: tensor<16x1x1x3x3xf32>) -> tensor<1x16x1x8x8xf32> {
  %cst = arith.constant 0.0 : f32
  %p = tensor.pad %x low[0, 0, 1, 1] high[0, 0, 1, 1] {
  ^bb0(%a: index, %b: index, %c: index, %d: index):
    tensor.yield %cst : f32
  } : tensor<1x16x8x8xf32> to tensor<1x16x10x10xf32>
  %xe = tensor.expand_shape %p [[0], [1, 2], [3], [4]] output_shape [1, 16, 1, 10, 10] : tensor<1x16x10x10xf32> into tensor<1x16x1x10x10xf32>
  %e = tensor.empty() : tensor<1x16x1x8x8xf32>
  %acc = linalg.fill ins(%cst : f32) outs(%e : tensor<1x16x1x8x8xf32>) -> tensor<1x16x1x8x8xf32>
  %y = linalg.conv_2d_ngchw_gfchw {deconv.kernel = {kind = "depthwise-rows", padded_width = 8 : i64, tile = array<i64: 4, 8, 1, 1>}, dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%xe, %w : tensor<1x16x1x10x10xf32>, tensor<16x1x1x3x3xf32>) outs(%acc : tensor<1x16x1x8x8xf32>) -> tensor<1x16x1x8x8xf32>
  return %y : tensor<1x16x1x8x8xf32>
}

// -----

// The same with a bias broadcast as the accumulator: each row step starts
// from its channel's bias value broadcast into its own accumulators, and the
// loops share an empty tensor (the whole-output broadcast is left unused).
// CHECK-LABEL: func.func @depthwise_rows_bias
// CHECK:         tensor.collapse_shape %arg1
// CHECK-NEXT:    %[[E:.*]] = tensor.empty() : tensor<1x16x8x8xf32>
// CHECK-NEXT:    scf.forall ({{.*}}) in (1, 16) shared_outs(%{{.*}} = %[[E]])
// CHECK:           scf.for {{.*}} step %c4
// CHECK:             scf.for {{.*}} step %c8
// CHECK:               %[[B:.*]] = tensor.extract_slice %{{.*}}[0] [1] [1] : tensor<1xf32> to tensor<1xf32>
// CHECK:               %[[S:.*]] = linalg.broadcast ins(%[[B]] : tensor<1xf32>) outs(%{{.*}} : tensor<1x1x4x8xf32>) dimensions = [0, 2, 3]
// CHECK:               scf.for {{.*}} iter_args(%{{.*}} = %[[S]])
func.func @depthwise_rows_bias(%x: tensor<1x16x8x8xf32>, %w: tensor<16x1x1x3x3xf32>, %b: tensor<16xf32>) -> tensor<1x16x1x8x8xf32> {
  %cst = arith.constant 0.0 : f32
  %p = tensor.pad %x low[0, 0, 1, 1] high[0, 0, 1, 1] {
  ^bb0(%a: index, %b0: index, %c: index, %d: index):
    tensor.yield %cst : f32
  } : tensor<1x16x8x8xf32> to tensor<1x16x10x10xf32>
  %xe = tensor.expand_shape %p [[0], [1, 2], [3], [4]] output_shape [1, 16, 1, 10, 10] : tensor<1x16x10x10xf32> into tensor<1x16x1x10x10xf32>
  %e = tensor.empty() : tensor<1x16x8x8xf32>
  %bc = linalg.broadcast ins(%b : tensor<16xf32>) outs(%e : tensor<1x16x8x8xf32>) dimensions = [0, 2, 3]
  %acc = tensor.expand_shape %bc [[0], [1, 2], [3], [4]] output_shape [1, 16, 1, 8, 8] : tensor<1x16x8x8xf32> into tensor<1x16x1x8x8xf32>
  %y = linalg.conv_2d_ngchw_gfchw {deconv.kernel = {kind = "depthwise-rows", padded_width = 8 : i64, tile = array<i64: 4, 8, 1, 1>}, dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%xe, %w : tensor<1x16x1x10x10xf32>, tensor<16x1x1x3x3xf32>) outs(%acc : tensor<1x16x1x8x8xf32>) -> tensor<1x16x1x8x8xf32>
  return %y : tensor<1x16x1x8x8xf32>
}

// -----

// Strided depthwise: channels-last, tiles of 4 pixels x 8 channels.
// CHECK-LABEL: func.func @depthwise_channels_last
// CHECK:         linalg.transpose
// CHECK:         scf.forall ({{.*}}) = (0, 0, 0, 0) to (1, 4, 4, 16) step (1, 1, 4, 8)
// CHECK:           linalg.depthwise_conv_2d_nhwc_hwc
func.func @depthwise_channels_last(%x: tensor<1x16x1x9x9xf32>, %w: tensor<16x1x1x3x3xf32>, %acc: tensor<1x16x1x4x4xf32>) -> tensor<1x16x1x4x4xf32> {
  %y = linalg.conv_2d_ngchw_gfchw {deconv.kernel = {kind = "depthwise-channels-last", padded_width = 4 : i64, tile = array<i64: 1, 4, 8, 1>}, dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%x, %w : tensor<1x16x1x9x9xf32>, tensor<16x1x1x3x3xf32>) outs(%acc : tensor<1x16x1x4x4xf32>) -> tensor<1x16x1x4x4xf32>
  return %y : tensor<1x16x1x4x4xf32>
}

// -----

// Convs without a kernel, or whose configuration does not fit their shape
// (a padded width short of the output width), are left alone.
// CHECK-LABEL: func.func @left_alone
// CHECK-NOT:     scf.forall
// CHECK:         linalg.conv_2d_nchw_fchw {deconv.kernel = {kind = "none"
// CHECK:         linalg.conv_2d_nchw_fchw {deconv.kernel = {kind = "channels-last", padded_width = 4
// CHECK:         linalg.conv_2d_nchw_fchw {dilations
func.func @left_alone(%x: tensor<1x8x8x8xf32>, %w: tensor<16x8x3x3xf32>, %acc: tensor<1x16x6x6xf32>) -> (tensor<1x16x6x6xf32>, tensor<1x16x6x6xf32>, tensor<1x16x6x6xf32>) {
  %y0 = linalg.conv_2d_nchw_fchw {deconv.kernel = {kind = "none", reason = "test"}, dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x8x8x8xf32>, tensor<16x8x3x3xf32>) outs(%acc : tensor<1x16x6x6xf32>) -> tensor<1x16x6x6xf32>
  %y1 = linalg.conv_2d_nchw_fchw {deconv.kernel = {kind = "channels-last", padded_width = 4 : i64, tile = array<i64: 1, 2, 16, 8>}, dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x8x8x8xf32>, tensor<16x8x3x3xf32>) outs(%acc : tensor<1x16x6x6xf32>) -> tensor<1x16x6x6xf32>
  %y2 = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x8x8x8xf32>, tensor<16x8x3x3xf32>) outs(%acc : tensor<1x16x6x6xf32>) -> tensor<1x16x6x6xf32>
  return %y0, %y1, %y2 : tensor<1x16x6x6xf32>, tensor<1x16x6x6xf32>, tensor<1x16x6x6xf32>
}

// -----

// Rows: no layout transposes; parallel tiles of 4 channels x 2 rows x 16
// pixels, each filled once; a sequential step per input channel, inside it
// the taps, channels and rows unrolled, each a linalg.conv_1d of one row
// segment and one filter value.
// CHECK-LABEL: func.func @rows
// CHECK-NOT:     linalg.transpose
// CHECK:         scf.forall ({{.*}}) = (0, 0, 0, 0) to (1, 4, 8, 16) step (1, 4, 2, 16)
// CHECK:           linalg.fill {{.*}} -> tensor<1x4x2x16xf32>
// CHECK:           scf.for %{{.*}} = %c0 to %c4 step %c1
// CHECK-COUNT-4:     scf.for
// CHECK:               linalg.conv_1d ins(%{{.*}}, %{{.*}} : tensor<16xf32>, tensor<1xf32>) outs(%{{.*}} : tensor<16xf32>)
// CHECK-COUNT-4:     } {deconv.unroll}
// CHECK-NOT:     linalg.conv_2d
func.func @rows(%x: tensor<1x4x10x18xf32>, %w: tensor<4x4x3x3xf32>) -> tensor<1x4x8x16xf32> {
  %cst = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x4x8x16xf32>
  %acc = linalg.fill ins(%cst : f32) outs(%e : tensor<1x4x8x16xf32>) -> tensor<1x4x8x16xf32>
  %y = linalg.conv_2d_nchw_fchw {deconv.kernel = {kind = "rows", padded_width = 16 : i64, tile = array<i64: 2, 16, 4, 1>}, dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x4x10x18xf32>, tensor<4x4x3x3xf32>) outs(%acc : tensor<1x4x8x16xf32>) -> tensor<1x4x8x16xf32>
  return %y : tensor<1x4x8x16xf32>
}
