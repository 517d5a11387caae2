// RUN: deconv-opt %s --deconv-transpose-to-subpixel=subpixel-form=per-phase --canonicalize --cse --deconv-vectorize-convs=vector-width=8 | FileCheck %s
// RUN: deconv-opt %s --deconv-transpose-to-subpixel=subpixel-form=per-phase --canonicalize --cse --deconv-vectorize-convs=vector-width=8 | FileCheck %s --check-prefix=NOREAD

// Per-phase sub-pixel convolutions under the micro-kernel: each phase's
// accumulator is its slice of the bias-initialised output, which the earlier
// phases' disjoint strided slices do not touch, so it becomes a bias
// broadcast directly in the channels-last layout (no read of the output, no
// transpose of a strided slice). The phase results still go back into their
// strided output slices.
// CHECK-LABEL: func.func @k4s2
// CHECK: linalg.broadcast ins(%arg2 : tensor<8xf32>) outs(%{{.*}} : tensor<1x3x3x8xf32>) dimensions = [0, 1, 2]
// CHECK: tensor.insert_slice %{{.*}} [1, 8, 3, 3] [1, 1, 2, 2] : tensor<1x8x3x3xf32> into tensor<1x8x6x6xf32>
// CHECK: linalg.broadcast ins(%arg2 : tensor<8xf32>) outs(%{{.*}} : tensor<1x3x3x8xf32>) dimensions = [0, 1, 2]
// CHECK: tensor.insert_slice %{{.*}} [1, 8, 3, 3] [1, 1, 2, 2] : tensor<1x8x3x3xf32> into tensor<1x8x6x6xf32>
// CHECK: linalg.broadcast ins(%arg2 : tensor<8xf32>) outs(%{{.*}} : tensor<1x3x3x8xf32>) dimensions = [0, 1, 2]
// CHECK: tensor.insert_slice %{{.*}} [1, 8, 3, 3] [1, 1, 2, 2] : tensor<1x8x3x3xf32> into tensor<1x8x6x6xf32>
// CHECK: linalg.broadcast ins(%arg2 : tensor<8xf32>) outs(%{{.*}} : tensor<1x3x3x8xf32>) dimensions = [0, 1, 2]
// CHECK: tensor.insert_slice %{{.*}} [1, 8, 3, 3] [1, 1, 2, 2] : tensor<1x8x3x3xf32> into tensor<1x8x6x6xf32>
// NOREAD-NOT: tensor.extract_slice %{{.*}} [1, 8, 3, 3] [1, 1, 2, 2]
func.func @k4s2(%x: tensor<1x4x3x3xf32>, %w: tensor<4x8x4x4xf32>, %b: tensor<8xf32>) -> tensor<1x8x6x6xf32> {
  %y = deconv.conv_transpose %x, %w, %b strides = [2, 2] padding = [1, 1, 1, 1]
    : (tensor<1x4x3x3xf32>, tensor<4x8x4x4xf32>, tensor<8xf32>) -> tensor<1x8x6x6xf32>
  return %y : tensor<1x8x6x6xf32>
}
