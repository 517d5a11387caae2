// RUN: deconv-opt %s --deconv-vectorize-kernels | FileCheck %s

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
