// RUN: deconv-opt %s --deconv-transpose-to-subpixel --canonicalize --cse --deconv-bufferize --cse --canonicalize | FileCheck %s

// After bufferization each phase convolution writes straight into a strided
// view (offset r, stride 2) of the one output buffer: no phase buffer, no
// interleave copy into the output.
// CHECK-LABEL: func.func @k4s2
// CHECK: %[[OUT:.*]] = memref.alloc() {{.*}} : memref<1x2x6x6xf32>
// CHECK-NOT: linalg.copy {{.*}} outs(%[[OUT]] :
// CHECK: %[[V00:.*]] = memref.subview %[[OUT]][0, 0, 0, 0] [1, 2, 3, 3] [1, 1, 2, 2]
// CHECK: linalg.conv_2d_nchw_fchw {{.*}} outs(%[[V00]] : memref<1x2x3x3xf32, strided<[72, 36, 12, 2]>>)
// CHECK: %[[V01:.*]] = memref.subview %[[OUT]][0, 0, 0, 1] [1, 2, 3, 3] [1, 1, 2, 2]
// CHECK: linalg.conv_2d_nchw_fchw {{.*}} outs(%[[V01]] : memref<1x2x3x3xf32, strided<[72, 36, 12, 2], offset: 1>>)
// CHECK: %[[V10:.*]] = memref.subview %[[OUT]][0, 0, 1, 0]
// CHECK: linalg.conv_2d_nchw_fchw {{.*}} outs(%[[V10]]
// CHECK: %[[V11:.*]] = memref.subview %[[OUT]][0, 0, 1, 1]
// CHECK: linalg.conv_2d_nchw_fchw {{.*}} outs(%[[V11]]
// CHECK-NOT: linalg.copy ins(%{{.*}} : memref<1x2x3x3xf32
// CHECK: return %[[OUT]]
func.func @k4s2(%x: tensor<1x4x3x3xf32>, %w: tensor<4x2x4x4xf32>, %b: tensor<2xf32>) -> tensor<1x2x6x6xf32> {
  %y = deconv.conv_transpose %x, %w, %b strides = [2, 2] padding = [1, 1, 1, 1]
    : (tensor<1x4x3x3xf32>, tensor<4x2x4x4xf32>, tensor<2xf32>) -> tensor<1x2x6x6xf32>
  return %y : tensor<1x2x6x6xf32>
}
