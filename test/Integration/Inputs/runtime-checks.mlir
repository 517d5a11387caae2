// Functions whose dynamic sizes the generated code must check at run time
// (runtime-checks.c calls them with good and bad sizes).
func.func @channels(%x: tensor<1x?x4x4xf32>, %w: tensor<4x2x3x3xf32>, %b: tensor<?xf32>) -> tensor<1x2x6x6xf32> {
  %y = deconv.conv_transpose %x, %w, %b : (tensor<1x?x4x4xf32>, tensor<4x2x3x3xf32>, tensor<?xf32>) -> tensor<1x2x6x6xf32>
  return %y : tensor<1x2x6x6xf32>
}

func.func @width(%x: tensor<1x2x?xf32>, %w: tensor<3x2x3xf32>) -> tensor<1x3x?xf32> {
  %y = deconv.conv %x, %w dilations = [2] : (tensor<1x2x?xf32>, tensor<3x2x3xf32>) -> tensor<1x3x?xf32>
  return %y : tensor<1x3x?xf32>
}

func.func @overflow(%x: tensor<1x1x?xf32>, %w: tensor<1x1x3xf32>) -> tensor<1x1x?xf32> {
  %y = deconv.conv_transpose %x, %w strides = [4611686018427387904] : (tensor<1x1x?xf32>, tensor<1x1x3xf32>) -> tensor<1x1x?xf32>
  return %y : tensor<1x1x?xf32>
}

func.func @big(%x: tensor<1x1x?xf32>, %w: tensor<1x1x3xf32>) -> tensor<1x1x?xf32> {
  %y = deconv.conv_transpose %x, %w strides = [1099511627776] : (tensor<1x1x?xf32>, tensor<1x1x3xf32>) -> tensor<1x1x?xf32>
  return %y : tensor<1x1x?xf32>
}

// Two layers: the second one's check (or allocation) fails after the first
// one's result was allocated.
func.func @chain(%x: tensor<1x2x?xf32>, %w1: tensor<3x2x3xf32>, %w2: tensor<4x3x5xf32>) -> tensor<1x4x?xf32> {
  %h = deconv.conv %x, %w1 : (tensor<1x2x?xf32>, tensor<3x2x3xf32>) -> tensor<1x3x?xf32>
  %y = deconv.conv %h, %w2 : (tensor<1x3x?xf32>, tensor<4x3x5xf32>) -> tensor<1x4x?xf32>
  return %y : tensor<1x4x?xf32>
}

func.func @chain_big(%x: tensor<1x2x?xf32>, %w1: tensor<3x2x3xf32>, %w2: tensor<3x1x3xf32>) -> tensor<1x1x?xf32> {
  %h = deconv.conv %x, %w1 : (tensor<1x2x?xf32>, tensor<3x2x3xf32>) -> tensor<1x3x?xf32>
  %y = deconv.conv_transpose %h, %w2 strides = [1099511627776] : (tensor<1x3x?xf32>, tensor<3x1x3xf32>) -> tensor<1x1x?xf32>
  return %y : tensor<1x1x?xf32>
}
