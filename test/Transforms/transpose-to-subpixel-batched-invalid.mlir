// RUN: deconv-opt %s --deconv-transpose-to-subpixel=subpixel-form=batched --split-input-file --verify-diagnostics

// A forced batched form on a layer it cannot take says why.

func.func @kernel_not_multiple_of_stride(%x: tensor<1x1x4x4xf32>, %w: tensor<1x1x3x3xf32>) -> tensor<1x1x9x9xf32> {
  // expected-error @below {{cannot be lowered by sub-pixel decomposition: the batched sub-pixel form needs one group, dilation 1, strides that divide the kernel and static shapes}}
  %y = deconv.conv_transpose %x, %w strides = [2, 2]
    : (tensor<1x1x4x4xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x9x9xf32>
  return %y : tensor<1x1x9x9xf32>
}

// -----

func.func @grouped(%x: tensor<1x2x4xf32>, %w: tensor<2x1x4xf32>) -> tensor<1x2x10xf32> {
  // expected-error @below {{the batched sub-pixel form needs one group}}
  %y = deconv.conv_transpose %x, %w strides = [2] groups = 2
    : (tensor<1x2x4xf32>, tensor<2x1x4xf32>) -> tensor<1x2x10xf32>
  return %y : tensor<1x2x10xf32>
}

// -----

func.func @dynamic(%x: tensor<1x1x?xf32>, %w: tensor<1x1x4xf32>) -> tensor<1x1x?xf32> {
  // expected-error @below {{static shapes}}
  %y = deconv.conv_transpose %x, %w strides = [2]
    : (tensor<1x1x?xf32>, tensor<1x1x4xf32>) -> tensor<1x1x?xf32>
  return %y : tensor<1x1x?xf32>
}
