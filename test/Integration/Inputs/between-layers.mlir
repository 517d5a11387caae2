// A decoder stage written by hand with the ops users put between layers: a
// ReLU against a filled zero tensor, a skip concatenation, explicit padding,
// a broadcast bias with LeakyReLU in a linalg.generic, and depth-to-space.
#id = affine_map<(n, c, h, w) -> (n, c, h, w)>
#chan = affine_map<(n, c, h, w) -> (c)>
func.func @decoder(%x: tensor<1x8x6x6xf32>, %w: tensor<8x4x4x4xf32>,
                   %skip: tensor<1x4x12x12xf32>, %w2: tensor<8x8x3x3xf32>,
                   %bias: tensor<8xf32>) -> tensor<1x2x24x24xf32> {
  %up = deconv.conv_transpose %x, %w strides = [2, 2] padding = [1, 1, 1, 1]
      : (tensor<1x8x6x6xf32>, tensor<8x4x4x4xf32>) -> tensor<1x4x12x12xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x4x12x12xf32>
  %zeros = linalg.fill ins(%zero : f32) outs(%e : tensor<1x4x12x12xf32>) -> tensor<1x4x12x12xf32>
  %relu = arith.maximumf %up, %zeros : tensor<1x4x12x12xf32>
  %cat = tensor.concat dim(1) %relu, %skip
      : (tensor<1x4x12x12xf32>, tensor<1x4x12x12xf32>) -> tensor<1x8x12x12xf32>
  %pad = tensor.pad %cat low[0, 0, 1, 1] high[0, 0, 1, 1] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %zero : f32
  } : tensor<1x8x12x12xf32> to tensor<1x8x14x14xf32>
  %conv = deconv.conv %pad, %w2 : (tensor<1x8x14x14xf32>, tensor<8x8x3x3xf32>) -> tensor<1x8x12x12xf32>
  %e2 = tensor.empty() : tensor<1x8x12x12xf32>
  %act = linalg.generic {indexing_maps = [#id, #chan, #id],
                         iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%conv, %bias : tensor<1x8x12x12xf32>, tensor<8xf32>) outs(%e2 : tensor<1x8x12x12xf32>) {
  ^bb0(%v: f32, %b: f32, %o: f32):
    %s = arith.addf %v, %b : f32
    %slope = arith.constant 0.2 : f32
    %neg = arith.mulf %s, %slope : f32
    %lt = arith.cmpf olt, %s, %zero : f32
    %r = arith.select %lt, %neg, %s : f32
    linalg.yield %r : f32
  } -> tensor<1x8x12x12xf32>
  %ex = tensor.expand_shape %act [[0], [1, 2, 3], [4], [5]] output_shape [1, 2, 2, 2, 12, 12]
      : tensor<1x8x12x12xf32> into tensor<1x2x2x2x12x12xf32>
  %e3 = tensor.empty() : tensor<1x2x12x2x12x2xf32>
  %t = linalg.transpose ins(%ex : tensor<1x2x2x2x12x12xf32>) outs(%e3 : tensor<1x2x12x2x12x2xf32>)
      permutation = [0, 1, 4, 2, 5, 3]
  %y = tensor.collapse_shape %t [[0], [1], [2, 3], [4, 5]]
      : tensor<1x2x12x2x12x2xf32> into tensor<1x2x24x24xf32>
  return %y : tensor<1x2x24x24xf32>
}
