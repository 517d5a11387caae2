// RUN: deconv-opt %s --deconv-configure-kernels="vector-width=16 print-config" --verify-diagnostics -o /dev/null
// RUN: deconv-opt %s --deconv-configure-kernels=vector-width=8 | FileCheck %s
// RUN: not deconv-opt %s --deconv-configure-kernels=vector-width=12 2>&1 | FileCheck %s --check-prefix=BADWIDTH

// BADWIDTH: error: --deconv-configure-kernels: vector-width must be 8 or 16, got 12

// With 16 lanes the 16 output channels are one vector, so a short row
// segment of 6 pixels leaves room for 3 rows (8 lanes: 2 vectors, 1 row).
// CHECK-LABEL: func.func @channels_last
// CHECK: deconv.kernel = {kind = "channels-last", padded_width = 6 : i64, tile = array<i64: 1, 6, 16, 8>}
func.func @channels_last(%x: tensor<1x8x8x8xf32>, %w: tensor<16x8x3x3xf32>, %acc: tensor<1x16x6x6xf32>) -> tensor<1x16x6x6xf32> {
  // expected-remark @below {{channels-last kernel, tile 3 row(s) x 6 pixel(s) x 16 channel(s), 8 input channel(s) per step}}
  %y = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x8x8x8xf32>, tensor<16x8x3x3xf32>) outs(%acc : tensor<1x16x6x6xf32>) -> tensor<1x16x6x6xf32>
  return %y : tensor<1x16x6x6xf32>
}

// 17 has no divisor near the register budget: with 8 lanes the width is
// padded to 18 and tiled by 6.
// CHECK-LABEL: func.func @odd_width
// CHECK: deconv.kernel = {kind = "channels-last", padded_width = 18 : i64, tile = array<i64: 1, 6, 16, 8>}
func.func @odd_width(%x: tensor<1x8x3x19xf32>, %w: tensor<16x8x3x3xf32>, %acc: tensor<1x16x1x17xf32>) -> tensor<1x16x1x17xf32> {
  // expected-remark @below {{channels-last kernel, tile 1 row(s) x 17 pixel(s) x 16 channel(s), 8 input channel(s) per step}}
  %y = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x8x3x19xf32>, tensor<16x8x3x3xf32>) outs(%acc : tensor<1x16x1x17xf32>) -> tensor<1x16x1x17xf32>
  return %y : tensor<1x16x1x17xf32>
}

// A 1x1 conv of one image: a matrix product with the pixels in the lanes.
// CHECK-LABEL: func.func @pointwise
// CHECK: deconv.kernel = {filter_outer, kind = "pointwise-nchw", padded_width = 32 : i64, tile = array<i64: 1, 4, 16, 8>}
func.func @pointwise(%x: tensor<1x8x4x8xf32>, %w: tensor<32x8x1x1xf32>, %acc: tensor<1x32x4x8xf32>) -> tensor<1x32x4x8xf32> {
  // expected-remark @below {{pointwise-nchw kernel, tile 8 output channel(s) x 32 pixel(s), 8 input channel(s) per step, channel tiles outermost}}
  %y = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x8x4x8xf32>, tensor<32x8x1x1xf32>) outs(%acc : tensor<1x32x4x8xf32>) -> tensor<1x32x4x8xf32>
  return %y : tensor<1x32x4x8xf32>
}

// An 8 MiB filter: blocks of input channels that fit a quarter of the L2,
// channel tiles outermost.
// CHECK-LABEL: func.func @large_filter
// CHECK: deconv.kernel = {channel_block = 64 : i64, filter_outer, kind = "channels-last", padded_width = 2 : i64, tile = array<i64: 2, 2, 16, 8>}
func.func @large_filter(%x: tensor<1x1024x2x2xf32>, %w: tensor<2048x1024x1x1xf32>, %acc: tensor<1x2048x2x2xf32>) -> tensor<1x2048x2x2xf32> {
  // expected-remark @below {{channels-last kernel, tile 2 row(s) x 2 pixel(s) x 32 channel(s), 8 input channel(s) per step, filter in blocks of 64 input channels, channel tiles outermost}}
  %y = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x1024x2x2xf32>, tensor<2048x1024x1x1xf32>) outs(%acc : tensor<1x2048x2x2xf32>) -> tensor<1x2048x2x2xf32>
  return %y : tensor<1x2048x2x2xf32>
}

// With 16 lanes, 4 output channels would fill a quarter of a vector
// channels-last: the rows kernel keeps NCHW with a row in the lanes, all 4
// channels per tile, the 56-pixel row as 4 vectors. With 8 lanes they fill
// half a vector: channels-last.
// CHECK-LABEL: func.func @few_channels
// CHECK: deconv.kernel = {kind = "channels-last"
func.func @few_channels(%x: tensor<1x4x8x58xf32>, %w: tensor<4x4x3x3xf32>, %acc: tensor<1x4x6x56xf32>) -> tensor<1x4x6x56xf32> {
  // expected-remark @below {{rows kernel, tile 4 channel(s) x 1 row(s) x 64 pixel(s)}}
  %y = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x4x8x58xf32>, tensor<4x4x3x3xf32>) outs(%acc : tensor<1x4x6x56xf32>) -> tensor<1x4x6x56xf32>
  return %y : tensor<1x4x6x56xf32>
}

// The same channels with a stride along the row (a tap's inputs are no
// longer one vector load): channels-last.
// CHECK-LABEL: func.func @few_channels_strided
// CHECK: deconv.kernel = {kind = "channels-last"
func.func @few_channels_strided(%x: tensor<1x4x8x113xf32>, %w: tensor<4x4x3x3xf32>, %acc: tensor<1x4x6x56xf32>) -> tensor<1x4x6x56xf32> {
  // expected-remark @below {{channels-last kernel, tile 1 row(s) x 28 pixel(s) x 4 channel(s)}}
  %y = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<[1, 2]> : tensor<2xi64>} ins(%x, %w : tensor<1x4x8x113xf32>, tensor<4x4x3x3xf32>) outs(%acc : tensor<1x4x6x56xf32>) -> tensor<1x4x6x56xf32>
  return %y : tensor<1x4x6x56xf32>
}

// Unit-stride depthwise: NCHW rows in the lanes.
// CHECK-LABEL: func.func @depthwise
// CHECK: deconv.kernel = {kind = "depthwise-rows", padded_width = 8 : i64, tile = array<i64: 4, 8, 1, 1>}
func.func @depthwise(%x: tensor<1x16x1x10x10xf32>, %w: tensor<16x1x1x3x3xf32>, %acc: tensor<1x16x1x8x8xf32>) -> tensor<1x16x1x8x8xf32> {
  // expected-remark @below {{depthwise-rows kernel, tile 4 row(s) x 8 pixel(s)}}
  %y = linalg.conv_2d_ngchw_gfchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x16x1x10x10xf32>, tensor<16x1x1x3x3xf32>) outs(%acc : tensor<1x16x1x8x8xf32>) -> tensor<1x16x1x8x8xf32>
  return %y : tensor<1x16x1x8x8xf32>
}

// Strided depthwise: channels-last, channels in the lanes.
// CHECK-LABEL: func.func @depthwise_strided
// CHECK: deconv.kernel = {kind = "depthwise-channels-last", padded_width = 4 : i64, tile = array<i64: 1, 4, 8, 1>}
func.func @depthwise_strided(%x: tensor<1x16x1x9x9xf32>, %w: tensor<16x1x1x3x3xf32>, %acc: tensor<1x16x1x4x4xf32>) -> tensor<1x16x1x4x4xf32> {
  // expected-remark @below {{depthwise-channels-last kernel, tile 4 pixel(s) x 16 channel(s)}}
  %y = linalg.conv_2d_ngchw_gfchw {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%x, %w : tensor<1x16x1x9x9xf32>, tensor<16x1x1x3x3xf32>) outs(%acc : tensor<1x16x1x4x4xf32>) -> tensor<1x16x1x4x4xf32>
  return %y : tensor<1x16x1x4x4xf32>
}

// The rows and depthwise-rows kernels unroll every filter tap of a step: a
// filter of 2^40 rows (the struct fuzzer's, which unrolled without end)
// takes the channels-last kernels, whose taps are loops.
// CHECK-LABEL: func.func @huge_filter
// CHECK: kind = "channels-last"
func.func @huge_filter(%x: tensor<1x1x2199023255553x16xf64>, %w: tensor<3x1x1099511627776x1xf64>, %acc: tensor<1x3x1099511627778x16xf64>) -> tensor<1x3x1099511627778x16xf64> {
  // expected-remark @below {{channels-last kernel, tile 1 row(s) x 16 pixel(s) x 3 channel(s)}}
  %y = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x1x2199023255553x16xf64>, tensor<3x1x1099511627776x1xf64>) outs(%acc : tensor<1x3x1099511627778x16xf64>) -> tensor<1x3x1099511627778x16xf64>
  return %y : tensor<1x3x1099511627778x16xf64>
}

// CHECK-LABEL: func.func @depthwise_huge_filter
// CHECK: deconv.kernel = {kind = "depthwise-channels-last"
func.func @depthwise_huge_filter(%x: tensor<1x3x1x2199023255553x16xf64>, %w: tensor<3x1x1x1099511627776x1xf64>, %acc: tensor<1x3x1x1099511627778x16xf64>) -> tensor<1x3x1x1099511627778x16xf64> {
  // expected-remark @below {{depthwise-channels-last kernel}}
  %y = linalg.conv_2d_ngchw_gfchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x3x1x2199023255553x16xf64>, tensor<3x1x1x1099511627776x1xf64>) outs(%acc : tensor<1x3x1x1099511627778x16xf64>) -> tensor<1x3x1x1099511627778x16xf64>
  return %y : tensor<1x3x1x1099511627778x16xf64>
}

// A 9x9 depthwise filter (81 taps, more than a step unrolls) takes the
// channels-last depthwise kernel; 7x7 keeps the rows kernel, 2 rows a step.
// CHECK-LABEL: func.func @depthwise_9x9
// CHECK: deconv.kernel = {kind = "depthwise-channels-last"
func.func @depthwise_9x9(%x: tensor<1x16x1x16x16xf32>, %w: tensor<16x1x1x9x9xf32>, %acc: tensor<1x16x1x8x8xf32>) -> tensor<1x16x1x8x8xf32> {
  // expected-remark @below {{depthwise-channels-last kernel}}
  %y = linalg.conv_2d_ngchw_gfchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x16x1x16x16xf32>, tensor<16x1x1x9x9xf32>) outs(%acc : tensor<1x16x1x8x8xf32>) -> tensor<1x16x1x8x8xf32>
  return %y : tensor<1x16x1x8x8xf32>
}

// CHECK-LABEL: func.func @depthwise_7x7
// CHECK: deconv.kernel = {kind = "depthwise-rows", padded_width = 8 : i64, tile = array<i64: 4, 8, 1, 1>}
func.func @depthwise_7x7(%x: tensor<1x16x1x14x14xf32>, %w: tensor<16x1x1x7x7xf32>, %acc: tensor<1x16x1x8x8xf32>) -> tensor<1x16x1x8x8xf32> {
  // expected-remark @below {{depthwise-rows kernel, tile 4 row(s) x 8 pixel(s)}}
  %y = linalg.conv_2d_ngchw_gfchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x16x1x14x14xf32>, tensor<16x1x1x7x7xf32>) outs(%acc : tensor<1x16x1x8x8xf32>) -> tensor<1x16x1x8x8xf32>
  return %y : tensor<1x16x1x8x8xf32>
}

// Grouped convs that are not depthwise have no kernel yet.
// CHECK-LABEL: func.func @grouped
// CHECK: deconv.kernel = {kind = "none", reason = "grouped conv with 4 input and 4 output channels per group (only depthwise convs have a kernel)"}
func.func @grouped(%x: tensor<1x4x4x10x10xf32>, %w: tensor<4x4x4x3x3xf32>, %acc: tensor<1x4x4x8x8xf32>) -> tensor<1x4x4x8x8xf32> {
  // expected-remark @below {{scalar loops: grouped conv with 4 input and 4 output channels per group (only depthwise convs have a kernel)}}
  %y = linalg.conv_2d_ngchw_gfchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x4x4x10x10xf32>, tensor<4x4x4x3x3xf32>) outs(%acc : tensor<1x4x4x8x8xf32>) -> tensor<1x4x4x8x8xf32>
  return %y : tensor<1x4x4x8x8xf32>
}

// CHECK-LABEL: func.func @dynamic
// CHECK: deconv.kernel = {kind = "none", reason = "dynamic shape (the kernels need static shapes)"}
func.func @dynamic(%x: tensor<?x8x8x8xf32>, %w: tensor<16x8x3x3xf32>, %acc: tensor<?x16x6x6xf32>) -> tensor<?x16x6x6xf32> {
  // expected-remark @below {{scalar loops: dynamic shape (the kernels need static shapes)}}
  %y = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<?x8x8x8xf32>, tensor<16x8x3x3xf32>) outs(%acc : tensor<?x16x6x6xf32>) -> tensor<?x16x6x6xf32>
  return %y : tensor<?x16x6x6xf32>
}

// CHECK-LABEL: func.func @f16
// CHECK: deconv.kernel = {kind = "none", reason = "element types f16 x f16 -> f16 (the kernels take f32 or f64, or bf16 summed in f32)"}
func.func @f16(%x: tensor<1x8x8x8xf16>, %w: tensor<16x8x3x3xf16>, %acc: tensor<1x16x6x6xf16>) -> tensor<1x16x6x6xf16> {
  // expected-remark @below {{scalar loops: element types f16 x f16 -> f16 (the kernels take f32 or f64, or bf16 summed in f32)}}
  %y = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x8x8x8xf16>, tensor<16x8x3x3xf16>) outs(%acc : tensor<1x16x6x6xf16>) -> tensor<1x16x6x6xf16>
  return %y : tensor<1x16x6x6xf16>
}

// A 3-D conv that rank normalization could not flatten.
// CHECK-LABEL: func.func @conv3d
// CHECK: deconv.kernel = {kind = "none", reason = "no kernel for 'linalg.conv_3d_ncdhw_fcdhw'"}
func.func @conv3d(%x: tensor<1x8x4x4x4xf32>, %w: tensor<8x8x3x3x3xf32>, %acc: tensor<1x8x2x2x2xf32>) -> tensor<1x8x2x2x2xf32> {
  // expected-remark @below {{scalar loops: no kernel for 'linalg.conv_3d_ncdhw_fcdhw'}}
  %y = linalg.conv_3d_ncdhw_fcdhw {dilations = dense<1> : tensor<3xi64>, strides = dense<1> : tensor<3xi64>} ins(%x, %w : tensor<1x8x4x4x4xf32>, tensor<8x8x3x3x3xf32>) outs(%acc : tensor<1x8x2x2x2xf32>) -> tensor<1x8x2x2x2xf32>
  return %y : tensor<1x8x2x2x2xf32>
}

// f64 accumulators fill half the lanes of f32 ones: with 16 f32 lanes the 16
// output channels are two vectors of 8 and a tile takes 2 rows of 6 pixels
// (24 accumulators); with 8 lanes a tile is 8 channels, two vectors of 4.
// CHECK-LABEL: func.func @f64_channels_last
// CHECK: deconv.kernel = {kind = "channels-last", padded_width = 6 : i64, tile = array<i64: 1, 6, 8, 8>}
func.func @f64_channels_last(%x: tensor<1x8x8x8xf64>, %w: tensor<16x8x3x3xf64>, %acc: tensor<1x16x6x6xf64>) -> tensor<1x16x6x6xf64> {
  // expected-remark @below {{channels-last kernel, tile 2 row(s) x 6 pixel(s) x 16 channel(s), 8 input channel(s) per step}}
  %y = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x8x8x8xf64>, tensor<16x8x3x3xf64>) outs(%acc : tensor<1x16x6x6xf64>) -> tensor<1x16x6x6xf64>
  return %y : tensor<1x16x6x6xf64>
}

// Two f64 output channels fill a quarter of an 8-lane vector (16 f32
// lanes): the rows kernel, a row of 24 pixels as 3 vectors of 8. With 8 f32
// lanes they fill half of a 4-lane vector: channels-last.
// CHECK-LABEL: func.func @f64_few_channels
// CHECK: deconv.kernel = {kind = "channels-last", padded_width = 24 : i64, tile = array<i64: 1, 12, 2, 4>}
func.func @f64_few_channels(%x: tensor<1x4x8x26xf64>, %w: tensor<2x4x3x3xf64>, %acc: tensor<1x2x6x24xf64>) -> tensor<1x2x6x24xf64> {
  // expected-remark @below {{rows kernel, tile 2 channel(s) x 3 row(s) x 8 pixel(s)}}
  %y = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x4x8x26xf64>, tensor<2x4x3x3xf64>) outs(%acc : tensor<1x2x6x24xf64>) -> tensor<1x2x6x24xf64>
  return %y : tensor<1x2x6x24xf64>
}

// The depth-to-space contraction of a k2 s2 transposed conv (8 -> 32
// channels, 6x40 input) whose accumulator is a fill takes the depth-to-space
// kernel (16 lanes: 1 channel x 4 phases x two rows of 3 vectors; 8 lanes,
// 16 registers: 1 channel x 4 phases x 3 of a row's 5 vectors); 3 or 6
// parallel row tiles, so the channels are split in groups. One that starts
// from the caller's tensor does not take it.
// CHECK-LABEL: func.func @depth_to_space
// CHECK: deconv.kernel = {channel_block = 16 : i64, kind = "depth-to-space", padded_width = 24 : i64, tile = array<i64: 1, 24, 1, 1>}
// CHECK: deconv.kernel = {kind = "none", reason = "a depth-to-space contraction whose accumulator starts from neither a fill nor a bias broadcast"}
#d2s_x = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7, d8) -> (d0, d6, d2 - d7, d4 - d8)>
#d2s_w = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7, d8) -> (d6, d1, d7, d3, d8, d5)>
#d2s_y = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7, d8) -> (d0, d1, d2, d3, d4, d5)>
func.func @depth_to_space(%x: tensor<1x8x6x40xf32>, %w: tensor<8x32x1x2x1x2xf32>, %acc: tensor<1x32x6x2x40x2xf32>) -> (tensor<1x32x6x2x40x2xf32>, tensor<1x32x6x2x40x2xf32>) {
  %cst = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x32x6x2x40x2xf32>
  %f = linalg.fill ins(%cst : f32) outs(%e : tensor<1x32x6x2x40x2xf32>) -> tensor<1x32x6x2x40x2xf32>
  // expected-remark @below {{depth-to-space kernel, tile 1 output channel(s) x all phases x 96 position(s) of 2 row(s), 8 output channel(s) per parallel tile}}
  %0 = linalg.generic {indexing_maps = [#d2s_x, #d2s_w, #d2s_y], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]} ins(%x, %w : tensor<1x8x6x40xf32>, tensor<8x32x1x2x1x2xf32>) outs(%f : tensor<1x32x6x2x40x2xf32>) {
  ^bb0(%in: f32, %in_0: f32, %out: f32):
    %m = arith.mulf %in, %in_0 : f32
    %a = arith.addf %out, %m : f32
    linalg.yield %a : f32
  } -> tensor<1x32x6x2x40x2xf32>
  // expected-remark @below {{scalar loops: a depth-to-space contraction whose accumulator starts from neither a fill nor a bias broadcast}}
  %1 = linalg.generic {indexing_maps = [#d2s_x, #d2s_w, #d2s_y], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]} ins(%x, %w : tensor<1x8x6x40xf32>, tensor<8x32x1x2x1x2xf32>) outs(%acc : tensor<1x32x6x2x40x2xf32>) {
  ^bb0(%in: f32, %in_0: f32, %out: f32):
    %m = arith.mulf %in, %in_0 : f32
    %a = arith.addf %out, %m : f32
    linalg.yield %a : f32
  } -> tensor<1x32x6x2x40x2xf32>
  return %0, %1 : tensor<1x32x6x2x40x2xf32>, tensor<1x32x6x2x40x2xf32>
}
