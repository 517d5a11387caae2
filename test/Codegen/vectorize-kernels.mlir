// RUN: deconv-opt %s --deconv-vectorize-kernels | FileCheck %s
// RUN: deconv-opt %s --deconv-vectorize-kernels=bf16-dot=1 | FileCheck %s --check-prefix=DOT

// A unit-height channels-last tile (6 pixels x 16 channels, one input
// channel): one broadcast-FMA outer product per pixel, the 16 output
// channels in the lanes.
// CHECK-LABEL: func.func @nhwc_tile
// CHECK:         %[[W:.*]] = vector.extract %{{.*}}[0, 0] : vector<16xf32> from vector<1x1x16xf32>
// CHECK-COUNT-6: vector.fma %{{.*}}, %[[W]], %{{.*}} : vector<16xf32>
// CHECK:         vector.transfer_write {{.*}} : vector<1x6x16xf32>, tensor<1x6x16xf32>
// CHECK-NOT:     linalg.conv
func.func @nhwc_tile(%x: tensor<1x1x6x1xf32>, %w: tensor<1x1x1x16xf32>, %acc: tensor<1x1x6x16xf32>) -> tensor<1x1x6x16xf32> {
  %y = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x1x6x1xf32>, tensor<1x1x1x16xf32>) outs(%acc : tensor<1x1x6x16xf32>) -> tensor<1x1x6x16xf32>
  return %y : tensor<1x1x6x16xf32>
}

// One row and one tap of a depthwise row kernel: a vector load of the row,
// the tap broadcast, one FMA.
// CHECK-LABEL: func.func @row_tap
// CHECK:         %[[X:.*]] = vector.transfer_read %{{.*}} : tensor<8xf32>, vector<8xf32>
// CHECK:         %[[T:.*]] = vector.broadcast %{{.*}} : f32 to vector<8xf32>
// CHECK:         vector.fma %[[X]], %[[T]], %{{.*}} : vector<8xf32>
// CHECK-NOT:     linalg.conv
func.func @row_tap(%x: tensor<8xf32>, %w: tensor<1xf32>, %acc: tensor<8xf32>) -> tensor<8xf32> {
  %y = linalg.conv_1d ins(%x, %w : tensor<8xf32>, tensor<1xf32>) outs(%acc : tensor<8xf32>) -> tensor<8xf32>
  return %y : tensor<8xf32>
}

// A unit-height channels-last depthwise tile: the channels in the lanes.
// CHECK-LABEL: func.func @depthwise_tile
// CHECK:         vector.fma %{{.*}}, %{{.*}}, %{{.*}} : vector<1x4x16xf32>
// CHECK-NOT:     linalg.depthwise
func.func @depthwise_tile(%x: tensor<1x1x4x16xf32>, %w: tensor<1x1x16xf32>, %acc: tensor<1x1x4x16xf32>) -> tensor<1x1x4x16xf32> {
  %y = linalg.depthwise_conv_2d_nhwc_hwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x1x4x16xf32>, tensor<1x1x16xf32>) outs(%acc : tensor<1x1x4x16xf32>) -> tensor<1x1x4x16xf32>
  return %y : tensor<1x1x4x16xf32>
}

// A channels-last tile of bf16 summed in f32, 6 pixels x 32 channels x 2
// input channels: with the dot product, one pixel's pair of values is
// broadcast as a 32-bit word, the filter's two rows are interleaved per
// vector of 16 output channels, and each accumulator takes one dot product.
// Without it, the vectors are extended and multiplied-added in f32.
// DOT-LABEL: func.func @bf16_pairs
// DOT:         %[[X:.*]] = vector.transfer_read {{.*}} : tensor<1x6x2xbf16>, vector<1x6x2xbf16>
// DOT:         %[[W:.*]] = vector.transfer_read {{.*}} : tensor<1x2x32xbf16>, vector<1x2x32xbf16>
// DOT:         %[[PIX:.*]] = vector.extract %[[X]][0, 0] : vector<2xbf16> from vector<1x6x2xbf16>
// DOT:         %[[WORD:.*]] = vector.bitcast %[[PIX]] : vector<2xbf16> to vector<1xi32>
// DOT:         %[[SPLAT:.*]] = vector.broadcast %{{.*}} : i32 to vector<16xi32>
// DOT:         %[[A:.*]] = vector.bitcast %[[SPLAT]] : vector<16xi32> to vector<32xbf16>
// DOT:         %[[EVEN:.*]] = vector.extract %[[W]][0, 0] : vector<32xbf16> from vector<1x2x32xbf16>
// DOT:         %[[ODD:.*]] = vector.extract %[[W]][0, 1] : vector<32xbf16> from vector<1x2x32xbf16>
// DOT:         %[[E0:.*]] = vector.extract_strided_slice %[[EVEN]] {offsets = [0], sizes = [16], strides = [1]}
// DOT:         %[[O0:.*]] = vector.extract_strided_slice %[[ODD]] {offsets = [0], sizes = [16], strides = [1]}
// DOT:         %[[B0:.*]] = vector.interleave %[[E0]], %[[O0]] : vector<16xbf16> -> vector<32xbf16>
// DOT:         x86vector.avx512.dot %{{.*}}, %[[A]], %[[B0]] : vector<32xbf16> -> vector<16xf32>
// DOT-COUNT-11: x86vector.avx512.dot
// DOT-NOT:     x86vector.avx512.dot
// DOT-NOT:     vector.fma
// DOT:         vector.transfer_write {{.*}} : vector<1x6x32xf32>, tensor<1x6x32xf32>
// CHECK-LABEL: func.func @bf16_pairs
// CHECK:         arith.extf {{.*}} : vector<1x6x2xbf16> to vector<1x6x2xf32>
// CHECK-COUNT-12: vector.fma {{.*}} : vector<32xf32>
// CHECK-NOT:     x86vector
func.func @bf16_pairs(%x: tensor<1x1x6x2xbf16>, %w: tensor<1x1x2x32xbf16>, %acc: tensor<1x1x6x32xf32>) -> tensor<1x1x6x32xf32> {
  %y = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x1x6x2xbf16>, tensor<1x1x2x32xbf16>) outs(%acc : tensor<1x1x6x32xf32>) -> tensor<1x1x6x32xf32>
  return %y : tensor<1x1x6x32xf32>
}

// One input channel has no pair, and 8 output channels no whole 16-lane
// vector: both stay FMAs on extended vectors.
// DOT-LABEL: func.func @bf16_no_pairs
// DOT-NOT:     x86vector
// DOT:         vector.fma
// DOT-LABEL: func.func @bf16_part_vector
// DOT-NOT:     x86vector
// DOT:         vector.fma
func.func @bf16_no_pairs(%x: tensor<1x1x6x1xbf16>, %w: tensor<1x1x1x32xbf16>, %acc: tensor<1x1x6x32xf32>) -> tensor<1x1x6x32xf32> {
  %y = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x1x6x1xbf16>, tensor<1x1x1x32xbf16>) outs(%acc : tensor<1x1x6x32xf32>) -> tensor<1x1x6x32xf32>
  return %y : tensor<1x1x6x32xf32>
}
func.func @bf16_part_vector(%x: tensor<1x1x6x2xbf16>, %w: tensor<1x1x2x8xbf16>, %acc: tensor<1x1x6x8xf32>) -> tensor<1x1x6x8xf32> {
  %y = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x1x6x2xbf16>, tensor<1x1x2x8xbf16>) outs(%acc : tensor<1x1x6x8xf32>) -> tensor<1x1x6x8xf32>
  return %y : tensor<1x1x6x8xf32>
}
