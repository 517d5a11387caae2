// RUN: deconv-opt %s --deconv-normalize-conv-rank --split-input-file | FileCheck %s

// A static 1-D conv becomes a 2-D conv of height 1 between reshapes.
// CHECK-LABEL: func.func @conv1d
// CHECK-DAG:     %[[Y:.*]] = tensor.expand_shape %{{.*}} {{\[\[}}0], [1], [2, 3]] output_shape [1, 8, 1, 16]
// CHECK-DAG:     %[[X:.*]] = tensor.expand_shape %{{.*}} {{\[\[}}0], [1], [2, 3]] output_shape [1, 4, 1, 20]
// CHECK-DAG:     %[[W:.*]] = tensor.expand_shape %{{.*}} {{\[\[}}0], [1], [2, 3]] output_shape [8, 4, 1, 3]
// CHECK:         %[[C:.*]] = linalg.conv_2d_nchw_fchw {dilations = dense<[1, 2]> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%[[X]], %[[W]] : tensor<1x4x1x20xf32>, tensor<8x4x1x3xf32>) outs(%[[Y]] : tensor<1x8x1x16xf32>)
// CHECK:         tensor.collapse_shape %[[C]] {{\[\[}}0], [1], [2, 3]] : tensor<1x8x1x16xf32> into tensor<1x8x16xf32>
// CHECK-NOT:     linalg.conv_1d
func.func @conv1d(%x: tensor<1x4x20xf32>, %w: tensor<8x4x3xf32>) -> tensor<1x8x16xf32> {
  %cst = arith.constant 0.0 : f32
  %0 = tensor.empty() : tensor<1x8x16xf32>
  %1 = linalg.fill ins(%cst : f32) outs(%0 : tensor<1x8x16xf32>) -> tensor<1x8x16xf32>
  %2 = linalg.conv_1d_ncw_fcw {dilations = dense<2> : tensor<1xi64>, strides = dense<1> : tensor<1xi64>} ins(%x, %w : tensor<1x4x20xf32>, tensor<8x4x3xf32>) outs(%1 : tensor<1x8x16xf32>) -> tensor<1x8x16xf32>
  return %2 : tensor<1x8x16xf32>
}

// -----

// The windows of one zero-padded input (the sub-pixel phases of a 1-D
// transposed conv) are taken from one padded tensor rebuilt in 4-D, so that
// the padding stays visible to the layout passes.
// CHECK-LABEL: func.func @windows
// CHECK:         %[[F:.*]] = linalg.fill {{.*}} -> tensor<1x4x1x20xf32>
// CHECK:         %[[P:.*]] = tensor.insert_slice %{{.*}} into %[[F]][0, 0, 0, 2] [1, 4, 1, 16] [1, 1, 1, 1]
// CHECK:         tensor.extract_slice %[[P]][0, 0, 0, 0] [1, 4, 1, 18]
// CHECK:         linalg.conv_2d_nchw_fchw
// CHECK:         tensor.extract_slice %[[P]][0, 0, 0, 2] [1, 4, 1, 18]
// CHECK:         linalg.conv_2d_nchw_fchw
func.func @windows(%x: tensor<1x4x16xf32>, %w: tensor<8x4x3xf32>, %acc: tensor<1x8x16xf32>) -> (tensor<1x8x16xf32>, tensor<1x8x16xf32>) {
  %cst = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x4x20xf32>
  %z = linalg.fill ins(%cst : f32) outs(%e : tensor<1x4x20xf32>) -> tensor<1x4x20xf32>
  %p = tensor.insert_slice %x into %z[0, 0, 2] [1, 4, 16] [1, 1, 1] : tensor<1x4x16xf32> into tensor<1x4x20xf32>
  %a = tensor.extract_slice %p[0, 0, 0] [1, 4, 18] [1, 1, 1] : tensor<1x4x20xf32> to tensor<1x4x18xf32>
  %b = tensor.extract_slice %p[0, 0, 2] [1, 4, 18] [1, 1, 1] : tensor<1x4x20xf32> to tensor<1x4x18xf32>
  %y0 = linalg.conv_1d_ncw_fcw {dilations = dense<1> : tensor<1xi64>, strides = dense<1> : tensor<1xi64>} ins(%a, %w : tensor<1x4x18xf32>, tensor<8x4x3xf32>) outs(%acc : tensor<1x8x16xf32>) -> tensor<1x8x16xf32>
  %y1 = linalg.conv_1d_ncw_fcw {dilations = dense<1> : tensor<1xi64>, strides = dense<1> : tensor<1xi64>} ins(%b, %w : tensor<1x4x18xf32>, tensor<8x4x3xf32>) outs(%acc : tensor<1x8x16xf32>) -> tensor<1x8x16xf32>
  return %y0, %y1 : tensor<1x8x16xf32>, tensor<1x8x16xf32>
}

// -----

// A pointwise 3-D conv is a 2-D conv of height 1 over the D*H*W positions.
// CHECK-LABEL: func.func @pointwise3d
// CHECK:         tensor.collapse_shape %{{.*}} {{\[\[}}0], [1], [2, 3, 4]] : tensor<1x8x2x2x4xf32> into tensor<1x8x16xf32>
// CHECK:         linalg.conv_2d_nchw_fchw {{.*}} ins(%{{.*}}, %{{.*}} : tensor<1x8x1x16xf32>, tensor<32x8x1x1xf32>) outs(%{{.*}} : tensor<1x32x1x16xf32>)
// CHECK:         tensor.expand_shape %{{.*}} {{\[\[}}0], [1], [2, 3, 4]] output_shape [1, 32, 2, 2, 4]
func.func @pointwise3d(%x: tensor<1x8x2x2x4xf32>, %w: tensor<32x8x1x1x1xf32>, %acc: tensor<1x32x2x2x4xf32>) -> tensor<1x32x2x2x4xf32> {
  %y = linalg.conv_3d_ncdhw_fcdhw {dilations = dense<1> : tensor<3xi64>, strides = dense<1> : tensor<3xi64>} ins(%x, %w : tensor<1x8x2x2x4xf32>, tensor<32x8x1x1x1xf32>) outs(%acc : tensor<1x32x2x2x4xf32>) -> tensor<1x32x2x2x4xf32>
  return %y : tensor<1x32x2x2x4xf32>
}

// -----

// Dynamic 1-D convs and 3-D convs with a real kernel are left alone.
// CHECK-LABEL: func.func @left_alone
// CHECK:         linalg.conv_1d_ncw_fcw
// CHECK:         linalg.conv_3d_ncdhw_fcdhw
func.func @left_alone(%x: tensor<?x4x18xf32>, %w: tensor<8x4x3xf32>, %acc: tensor<?x8x16xf32>, %x3: tensor<1x8x4x4x4xf32>, %w3: tensor<8x8x3x3x3xf32>, %acc3: tensor<1x8x2x2x2xf32>) -> (tensor<?x8x16xf32>, tensor<1x8x2x2x2xf32>) {
  %y = linalg.conv_1d_ncw_fcw {dilations = dense<1> : tensor<1xi64>, strides = dense<1> : tensor<1xi64>} ins(%x, %w : tensor<?x4x18xf32>, tensor<8x4x3xf32>) outs(%acc : tensor<?x8x16xf32>) -> tensor<?x8x16xf32>
  %y3 = linalg.conv_3d_ncdhw_fcdhw {dilations = dense<1> : tensor<3xi64>, strides = dense<1> : tensor<3xi64>} ins(%x3, %w3 : tensor<1x8x4x4x4xf32>, tensor<8x8x3x3x3xf32>) outs(%acc3 : tensor<1x8x2x2x2xf32>) -> tensor<1x8x2x2x2xf32>
  return %y, %y3 : tensor<?x8x16xf32>, tensor<1x8x2x2x2xf32>
}
