// Layers followed by the activations and residual adds decoders use, for
// --deconv-fuse-epilogues: each checked against the reference.

// Bias and ReLU after a stride-2 up-conv (NCHW result: the ReLU runs in
// the output transpose's tiles).
func.func @bias_relu(%x: tensor<2x32x8x8xf32>, %w: tensor<32x24x4x4xf32>, %b: tensor<24xf32>) -> tensor<2x24x16x16xf32> {
  %y = deconv.conv_transpose %x, %w, %b strides = [2, 2] padding = [1, 1, 1, 1]
      : (tensor<2x32x8x8xf32>, tensor<32x24x4x4xf32>, tensor<24xf32>) -> tensor<2x24x16x16xf32>
  %z = arith.constant dense<0.0> : tensor<2x24x16x16xf32>
  %r = arith.maximumf %y, %z : tensor<2x24x16x16xf32>
  return %r : tensor<2x24x16x16xf32>
}

// A residual add, then LeakyReLU as compare, multiply and select.
func.func @residual_leaky(%x: tensor<1x16x9x7xf32>, %w: tensor<16x32x3x3xf32>, %res: tensor<1x32x18x14xf32>) -> tensor<1x32x18x14xf32> {
  %y = deconv.conv_transpose %x, %w strides = [2, 2] padding = [1, 1, 1, 1] output_padding = [1, 1]
      : (tensor<1x16x9x7xf32>, tensor<16x32x3x3xf32>) -> tensor<1x32x18x14xf32>
  %s = arith.addf %y, %res : tensor<1x32x18x14xf32>
  %z = arith.constant dense<0.0> : tensor<1x32x18x14xf32>
  %a = arith.constant dense<0.1> : tensor<1x32x18x14xf32>
  %m = arith.mulf %s, %a : tensor<1x32x18x14xf32>
  %c = arith.cmpf olt, %s, %z : tensor<1x32x18x14xf32>
  %r = arith.select %c, %m, %s : tensor<1x32x18x14xi1>, tensor<1x32x18x14xf32>
  return %r : tensor<1x32x18x14xf32>
}

// Clamp (ReLU6) then sigmoid, after a conv.
func.func @clamp_sigmoid(%x: tensor<1x16x12x12xf32>, %w: tensor<32x16x3x3xf32>) -> tensor<1x32x12x12xf32> {
  %y = deconv.conv %x, %w padding = [1, 1, 1, 1]
      : (tensor<1x16x12x12xf32>, tensor<32x16x3x3xf32>) -> tensor<1x32x12x12xf32>
  %lo = arith.constant dense<0.0> : tensor<1x32x12x12xf32>
  %hi = arith.constant dense<6.0> : tensor<1x32x12x12xf32>
  %one = arith.constant dense<1.0> : tensor<1x32x12x12xf32>
  %c0 = arith.maximumf %y, %lo : tensor<1x32x12x12xf32>
  %c1 = arith.minimumf %c0, %hi : tensor<1x32x12x12xf32>
  %n = arith.negf %c1 : tensor<1x32x12x12xf32>
  %e = math.exp %n : tensor<1x32x12x12xf32>
  %d = arith.addf %one, %e : tensor<1x32x12x12xf32>
  %r = arith.divf %one, %d : tensor<1x32x12x12xf32>
  return %r : tensor<1x32x12x12xf32>
}

// Two up-convs with a ReLU between (the intermediate stays in the kernels'
// layout: the ReLU moves into the phases' loops) and tanh at the end.
func.func @chain_tanh(%x: tensor<2x64x4x4xf32>, %w1: tensor<64x32x4x4xf32>, %w2: tensor<32x3x4x4xf32>) -> tensor<2x3x16x16xf32> {
  %h = deconv.conv_transpose %x, %w1 strides = [2, 2] padding = [1, 1, 1, 1]
      : (tensor<2x64x4x4xf32>, tensor<64x32x4x4xf32>) -> tensor<2x32x8x8xf32>
  %z = arith.constant dense<0.0> : tensor<2x32x8x8xf32>
  %r = arith.maximumf %h, %z : tensor<2x32x8x8xf32>
  %y = deconv.conv_transpose %r, %w2 strides = [2, 2] padding = [1, 1, 1, 1]
      : (tensor<2x32x8x8xf32>, tensor<32x3x4x4xf32>) -> tensor<2x3x16x16xf32>
  %t = math.tanh %y : tensor<2x3x16x16xf32>
  return %t : tensor<2x3x16x16xf32>
}

// A 1-D vocoder up-conv with LeakyReLU written as one linalg.generic.
func.func @leaky_1d(%x: tensor<1x32x50xf32>, %w: tensor<32x16x16xf32>) -> tensor<1x16x400xf32> {
  %y = deconv.conv_transpose %x, %w strides = [8] padding = [4, 4]
      : (tensor<1x32x50xf32>, tensor<32x16x16xf32>) -> tensor<1x16x400xf32>
  %e = tensor.empty() : tensor<1x16x400xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(n, c, l) -> (n, c, l)>, affine_map<(n, c, l) -> (n, c, l)>], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%y : tensor<1x16x400xf32>) outs(%e : tensor<1x16x400xf32>) {
  ^bb0(%v: f32, %o: f32):
    %zero = arith.constant 0.0 : f32
    %alpha = arith.constant 0.2 : f32
    %s = arith.mulf %v, %alpha : f32
    %neg = arith.cmpf olt, %v, %zero : f32
    %l = arith.select %neg, %s, %v : f32
    linalg.yield %l : f32
  } -> tensor<1x16x400xf32>
  return %r : tensor<1x16x400xf32>
}
