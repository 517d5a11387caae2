// RUN: deconv-opt %s --deconv-configure-kernels="bf16-dot=1 print-config" --verify-diagnostics -o /dev/null
// RUN: deconv-opt %s --deconv-configure-kernels=bf16-dot=1 | FileCheck %s --check-prefix=DOT
// RUN: deconv-opt %s --deconv-configure-kernels | FileCheck %s --check-prefix=NODOT

// bf16 input and filter summed in f32: with the dot product, input channels
// go in pairs, so 6 channels are one step of 3 pairs (the same as f32's 6);
// without it there is no bf16 kernel (the pipeline computes on f32 copies).
// DOT-LABEL: func.func @pairs
// DOT: deconv.kernel = {bf16_pairs, kind = "channels-last", padded_width = 6 : i64, tile = array<i64: 3, 6, 16, 6>}
// NODOT-LABEL: func.func @pairs
// NODOT: deconv.kernel = {kind = "none", reason = "bf16 operands without the dot product's pairs
func.func @pairs(%x: tensor<1x6x8x8xbf16>, %w: tensor<16x6x3x3xbf16>, %acc: tensor<1x16x6x6xf32>) -> tensor<1x16x6x6xf32> {
  // expected-remark @below {{channels-last kernel, tile 3 row(s) x 6 pixel(s) x 16 channel(s), 6 input channel(s) per step, bf16 channel pairs on the dot product}}
  %y = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x6x8x8xbf16>, tensor<16x6x3x3xbf16>) outs(%acc : tensor<1x16x6x6xf32>) -> tensor<1x16x6x6xf32>
  return %y : tensor<1x16x6x6xf32>
}

// 10 input channels: f32 steps of 5, bf16 pairs steps of one pair.
// DOT-LABEL: func.func @ten_channels
// DOT: tile = array<i64: 3, 6, 16, 2>
func.func @ten_channels(%x: tensor<1x10x8x8xbf16>, %w: tensor<16x10x3x3xbf16>, %acc: tensor<1x16x6x6xf32>) -> tensor<1x16x6x6xf32> {
  // expected-remark @below {{channels-last kernel, tile 3 row(s) x 6 pixel(s) x 16 channel(s), 2 input channel(s) per step, bf16 channel pairs on the dot product}}
  %y = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x10x8x8xbf16>, tensor<16x10x3x3xbf16>) outs(%acc : tensor<1x16x6x6xf32>) -> tensor<1x16x6x6xf32>
  return %y : tensor<1x16x6x6xf32>
}

// An odd number of input channels has no pairs, 12 output channels no whole
// vector.
// DOT-LABEL: func.func @part_vector
// DOT: deconv.kernel = {kind = "none", reason = "bf16 operands without the dot product's pairs
// DOT-LABEL: func.func @odd_channels
// DOT: deconv.kernel = {kind = "none", reason = "bf16 operands without the dot product's pairs (no AVX512_BF16, an odd number of input channels, or output channels that are not whole vectors)"}
func.func @part_vector(%x: tensor<1x6x8x8xbf16>, %w: tensor<12x6x3x3xbf16>, %acc: tensor<1x12x6x6xf32>) -> tensor<1x12x6x6xf32> {
  // expected-remark @below {{scalar loops: bf16 operands without the dot product's pairs}}
  %y = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x6x8x8xbf16>, tensor<12x6x3x3xbf16>) outs(%acc : tensor<1x12x6x6xf32>) -> tensor<1x12x6x6xf32>
  return %y : tensor<1x12x6x6xf32>
}
func.func @odd_channels(%x: tensor<1x5x8x8xbf16>, %w: tensor<16x5x3x3xbf16>, %acc: tensor<1x16x6x6xf32>) -> tensor<1x16x6x6xf32> {
  // expected-remark @below {{scalar loops: bf16 operands without the dot product's pairs}}
  %y = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x5x8x8xbf16>, tensor<16x5x3x3xbf16>) outs(%acc : tensor<1x16x6x6xf32>) -> tensor<1x16x6x6xf32>
  return %y : tensor<1x16x6x6xf32>
}

// Sums rounded to bf16 at every step are not what the kernels compute.
// DOT-LABEL: func.func @bf16_sums
// DOT: deconv.kernel = {kind = "none", reason = "element types bf16 x bf16 -> bf16 (the kernels take f32 or f64, or bf16 summed in f32)"}
func.func @bf16_sums(%x: tensor<1x6x8x8xbf16>, %w: tensor<16x6x3x3xbf16>, %acc: tensor<1x16x6x6xbf16>) -> tensor<1x16x6x6xbf16> {
  // expected-remark @below {{scalar loops: element types bf16 x bf16 -> bf16 (the kernels take f32 or f64, or bf16 summed in f32)}}
  %y = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x6x8x8xbf16>, tensor<16x6x3x3xbf16>) outs(%acc : tensor<1x16x6x6xbf16>) -> tensor<1x16x6x6xbf16>
  return %y : tensor<1x16x6x6xbf16>
}

// Mixed operand types.
// DOT-LABEL: func.func @mixed
// DOT: reason = "element types bf16 x f32 -> f32 (the kernels take f32 or f64, or bf16 summed in f32)"
func.func @mixed(%x: tensor<1x6x8x8xbf16>, %w: tensor<16x6x3x3xf32>, %acc: tensor<1x16x6x6xf32>) -> tensor<1x16x6x6xf32> {
  // expected-remark @below {{scalar loops: element types bf16 x f32 -> f32}}
  %y = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x6x8x8xbf16>, tensor<16x6x3x3xf32>) outs(%acc : tensor<1x16x6x6xf32>) -> tensor<1x16x6x6xf32>
  return %y : tensor<1x16x6x6xf32>
}

// Depthwise convs of bf16 have no kernel (the pipeline widens them to f32).
// DOT-LABEL: func.func @depthwise
// DOT: reason = "bf16 operands (only ungrouped convs take them in a kernel)"
func.func @depthwise(%x: tensor<1x16x8x8xbf16>, %w: tensor<16x3x3xbf16>, %acc: tensor<1x16x6x6xf32>) -> tensor<1x16x6x6xf32> {
  // expected-remark @below {{scalar loops: bf16 operands (only ungrouped convs take them in a kernel)}}
  %y = linalg.depthwise_conv_2d_nchw_chw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x16x8x8xbf16>, tensor<16x3x3xbf16>) outs(%acc : tensor<1x16x6x6xf32>) -> tensor<1x16x6x6xf32>
  return %y : tensor<1x16x6x6xf32>
}

// A 1x1 conv of one image keeps the NCHW pointwise kernel (pixels in the
// lanes) on the dot product, with the filter's channel pairs broadcast.
// DOT-LABEL: func.func @pointwise
// DOT: deconv.kernel = {bf16_pairs, filter_outer, kind = "pointwise-nchw"
func.func @pointwise(%x: tensor<1x24x16x16xbf16>, %w: tensor<32x24x1x1xbf16>, %acc: tensor<1x32x16x16xf32>) -> tensor<1x32x16x16xf32> {
  // expected-remark @below {{pointwise-nchw kernel, tile 8 output channel(s) x 32 pixel(s), 8 input channel(s) per step, channel tiles outermost, bf16 channel pairs on the dot product}}
  %y = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x24x16x16xbf16>, tensor<32x24x1x1xbf16>) outs(%acc : tensor<1x32x16x16xf32>) -> tensor<1x32x16x16xf32>
  return %y : tensor<1x32x16x16xf32>
}

// Few output channels over long rows: in f32 the rows kernel, which has no
// bf16 form; channels-last has no whole vector of 4 channels either.
// DOT-LABEL: func.func @rows
// DOT: deconv.kernel = {kind = "none", reason = "bf16 operands without the dot product's pairs
func.func @rows(%x: tensor<1x8x34x66xbf16>, %w: tensor<4x8x3x3xbf16>, %acc: tensor<1x4x32x64xf32>) -> tensor<1x4x32x64xf32> {
  // expected-remark @below {{scalar loops: bf16 operands without the dot product's pairs}}
  %y = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x8x34x66xbf16>, tensor<4x8x3x3xbf16>) outs(%acc : tensor<1x4x32x64xf32>) -> tensor<1x4x32x64xf32>
  return %y : tensor<1x4x32x64xf32>
}
