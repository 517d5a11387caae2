// Edge cases of the passes that prepare layers for the kernels
// (--deconv-tile-dynamic-spatial, --deconv-split-dynamic-batch,
// --deconv-split-groups, --deconv-expand-channel-multiplier): empty dims,
// strides and dilations whose windows would not fit, large padding. They
// are left to the paths that handle them and lower without error.
// RUN: deconv-opt %s --deconv-lower-to-llvm | FileCheck %s
// RUN: deconv-opt %s --deconv-tile-dynamic-spatial --deconv-split-dynamic-batch --deconv-split-groups --deconv-expand-channel-multiplier | FileCheck %s --check-prefix=PREP

// CHECK-COUNT-6: llvm.func @{{(huge_stride|huge_dil|zero_ch|zero_out|big_pad|groups_zero)}}(
// PREP-LABEL: func.func @huge_stride
// PREP-NOT:   scf.forall
// PREP-LABEL: func.func @huge_dil
// PREP-NOT:   scf.forall
// PREP-LABEL: func.func @zero_ch
// PREP-NOT:   scf.forall
// PREP-LABEL: func.func @zero_out
// PREP-NOT:   scf.forall
// PREP-LABEL: func.func @big_pad
// PREP:       scf.forall
// PREP-LABEL: func.func @groups_zero
// PREP-NOT:   tensor.extract_slice

func.func @huge_stride(%x: tensor<1x2x?xf32>, %w: tensor<2x2x3xf32>) -> tensor<1x2x?xf32> {
  %y = deconv.conv_transpose %x, %w strides = [1000000000] : (tensor<1x2x?xf32>, tensor<2x2x3xf32>) -> tensor<1x2x?xf32>
  return %y : tensor<1x2x?xf32>
}
func.func @huge_dil(%x: tensor<1x2x?xf32>, %w: tensor<2x2x3xf32>) -> tensor<1x2x?xf32> {
  %y = deconv.conv %x, %w dilations = [4611686018427387903] : (tensor<1x2x?xf32>, tensor<2x2x3xf32>) -> tensor<1x2x?xf32>
  return %y : tensor<1x2x?xf32>
}
func.func @zero_ch(%x: tensor<1x0x?xf32>, %w: tensor<2x0x3xf32>) -> tensor<1x2x?xf32> {
  %y = deconv.conv %x, %w : (tensor<1x0x?xf32>, tensor<2x0x3xf32>) -> tensor<1x2x?xf32>
  return %y : tensor<1x2x?xf32>
}
func.func @zero_out(%x: tensor<1x2x?xf32>, %w: tensor<0x2x3xf32>) -> tensor<1x0x?xf32> {
  %y = deconv.conv %x, %w : (tensor<1x2x?xf32>, tensor<0x2x3xf32>) -> tensor<1x0x?xf32>
  return %y : tensor<1x0x?xf32>
}
func.func @big_pad(%x: tensor<1x2x?xf32>, %w: tensor<2x2x3xf32>) -> tensor<1x2x?xf32> {
  %y = deconv.conv_transpose %x, %w strides = [3] padding = [100, 100] : (tensor<1x2x?xf32>, tensor<2x2x3xf32>) -> tensor<1x2x?xf32>
  return %y : tensor<1x2x?xf32>
}
func.func @groups_zero(%x: tensor<1x4x6xf32>, %w: tensor<0x2x3xf32>) -> tensor<1x0x4xf32> {
  %y = deconv.conv %x, %w groups = 2 : (tensor<1x4x6xf32>, tensor<0x2x3xf32>) -> tensor<1x0x4xf32>
  return %y : tensor<1x0x4xf32>
}
