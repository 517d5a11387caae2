// Functions for the deconv-compile C ABI tests (c-abi.c calls them).

// Static shapes, bias, stride 2 with output_padding: gets a deconv_ wrapper.
func.func @upsample(%x: tensor<2x4x5x5xf32>, %w: tensor<4x3x3x3xf32>,
                    %b: tensor<3xf32>) -> tensor<2x3x10x10xf32> {
  %y = deconv.conv_transpose %x, %w, %b strides = [2, 2]
      padding = [1, 1, 1, 1] output_padding = [1, 1]
      : (tensor<2x4x5x5xf32>, tensor<4x3x3x3xf32>, tensor<3xf32>)
      -> tensor<2x3x10x10xf32>
  return %y : tensor<2x3x10x10xf32>
}

// Dynamic batch and height, two results: the same value twice (the caller
// frees two buffers) and a grouped conv of the input.
func.func @dynamic(%x: tensor<?x4x?x5xf32>, %w: tensor<4x1x3x3xf32>,
                   %v: tensor<2x2x1x3xf32>)
    -> (tensor<?x2x?x?xf32>, tensor<?x2x?x?xf32>, tensor<?x2x?x?xf32>) {
  %y = deconv.conv_transpose %x, %w strides = [2, 1] dilations = [1, 2]
      padding = [0, 1, 1, 0] groups = 2
      : (tensor<?x4x?x5xf32>, tensor<4x1x3x3xf32>) -> tensor<?x2x?x?xf32>
  %z = deconv.conv %x, %v strides = [1, 2] padding = [0, 1, 0, 1] groups = 2
      : (tensor<?x4x?x5xf32>, tensor<2x2x1x3xf32>) -> tensor<?x2x?x?xf32>
  return %y, %y, %z
      : tensor<?x2x?x?xf32>, tensor<?x2x?x?xf32>, tensor<?x2x?x?xf32>
}

// 1-D with a constant filter (transformed at compile time) and no inputs
// besides the signal.
func.func @const1d(%x: tensor<1x2x7xf32>) -> tensor<1x2x21xf32> {
  %w = arith.constant dense<[[[1.0, -2.0, 0.5], [0.25, 3.0, -1.0]],
                             [[-0.5, 1.5, 2.0], [1.0, -1.0, 0.75]]]>
      : tensor<2x2x3xf32>
  %y = deconv.conv_transpose %x, %w strides = [3]
      : (tensor<1x2x7xf32>, tensor<2x2x3xf32>) -> tensor<1x2x21xf32>
  return %y : tensor<1x2x21xf32>
}
