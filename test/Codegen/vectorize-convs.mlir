// RUN: deconv-opt %s --deconv-to-linalg --deconv-vectorize-convs=vector-width=8 --split-input-file | FileCheck %s

// A static 2-D conv: channels-last between transposes, a parallel tile of
// 4 output pixels x 16 channels (divisors of 8 and 16 that fit 14 AVX2
// registers), the reduction over kh, kw and 8-channel steps,
// broadcast-FMA outer products on vectors.
// CHECK-LABEL: func.func @conv2d
// The layout transposes are tiled into 16x16 blocks of the dims innermost on
// either side and vectorized; the bias-free accumulator is neither a
// transposed fill nor a fill: each tile starts its accumulators as zeros in
// registers, and the tiles share an empty tensor.
// CHECK: %[[ZERO:.*]] = arith.constant dense<0.000000e+00> : vector<1x4x16xf32>
// CHECK-NOT: linalg.fill
// CHECK: scf.forall ({{.*}}) = (0, 0, 0, 0) to (1, 10, 10, 8) step (1, 1, 10, 8)
// CHECK: vector.transpose %{{.*}}, [0, 2, 3, 1] : vector<1x8x1x10xf32> to vector<1x1x10x8xf32>
// CHECK: vector.transpose %{{.*}}, [2, 3, 1, 0] : vector<16x1x1x3xf32> to vector<1x3x1x16xf32>
// CHECK-NOT: linalg.fill
// CHECK: %[[ACC:.*]] = tensor.empty() : tensor<1x8x8x16xf32>
// CHECK-NOT: linalg.fill
// CHECK: scf.forall ({{.*}}) = (0, 0, 0, 0) to (1, 8, 8, 16) step (1, 1, 4, 16) shared_outs(%{{.*}} = %[[ACC]])
// CHECK-NOT: linalg.fill
// CHECK: scf.for {{.*}} iter_args(%{{.*}} = %[[ZERO]]) -> (vector<1x4x16xf32>)
// CHECK: vector.fma {{.*}} : vector<16xf32>
// CHECK: scf.forall.in_parallel
// CHECK: scf.forall ({{.*}}) = (0, 0, 0, 0) to (1, 16, 8, 8) step (1, 16, 1, 8)
// CHECK: vector.transpose %{{.*}}, [0, 3, 1, 2] : vector<1x1x8x16xf32> to vector<1x16x1x8xf32>
// CHECK-NOT: linalg.transpose
// CHECK-NOT: linalg.conv_2d_nchw_fchw
// CHECK-NOT: linalg.fill
func.func @conv2d(%x: tensor<1x8x10x10xf32>, %w: tensor<16x8x3x3xf32>) -> tensor<1x16x8x8xf32> {
  %y = deconv.conv %x, %w : (tensor<1x8x10x10xf32>, tensor<16x8x3x3xf32>) -> tensor<1x16x8x8xf32>
  return %y : tensor<1x16x8x8xf32>
}

// -----

// More output channels than a tile takes: the filter is packed into blocks
// of the tile's 16 channels, [F / 16, KH, KW, C, 16], and each tile reads
// its own contiguous panel. The reduction takes one input channel per
// (unrolled) step: 8 steps of 4 pixels x 16 channels, in loops over kh and
// kw only (the single 8-channel step is no loop).
// CHECK-LABEL: func.func @conv2d_packed
// CHECK: scf.forall ({{.*}}) -> (tensor<2x3x3x8x16xf32>)
// CHECK: scf.forall ({{.*}}) = (0, 0, 0, 0) to (1, 8, 8, 32) step (1, 1, 4, 16)
// CHECK: tensor.extract_slice %{{.*}}[%{{.*}}, 0, 0, 0, 0] [1, 3, 3, 8, 16] [1, 1, 1, 1, 1] : tensor<2x3x3x8x16xf32> to tensor<3x3x8x16xf32>
// CHECK: scf.for {{.*}} = %c0 to %c3 step %c1
// CHECK-NEXT: scf.for {{.*}} = %c0 to %c3 step %c1
// CHECK-NOT: scf.for
// CHECK-COUNT-32: vector.fma {{.*}} : vector<16xf32>
// CHECK-NOT: vector.fma
// CHECK: scf.forall.in_parallel
// CHECK-NOT: tensor<3x3x8x32xf32>
func.func @conv2d_packed(%x: tensor<1x8x10x10xf32>, %w: tensor<32x8x3x3xf32>) -> tensor<1x32x8x8xf32> {
  %y = deconv.conv %x, %w : (tensor<1x8x10x10xf32>, tensor<32x8x3x3xf32>) -> tensor<1x32x8x8xf32>
  return %y : tensor<1x32x8x8xf32>
}

// -----

// A constant filter is packed at compile time: w[f, c] = 2 f + c, so the
// packed [2, 1, 1, 2, 16] filter starts with the even values (c = 0 of the
// first 16 channels), then the odd ones; no transpose of it is left. (12
// pixels: no whole pair of vectors, so the conv is not kept NCHW.)
// CHECK-LABEL: func.func @constant_filter
// CHECK: arith.constant dense<{{\[\[\[\[\[}}0.000000e+00, 2.000000e+00, 4.000000e+00, {{.*}}, 3.000000e+01], [1.000000e+00, 3.000000e+00, {{.*}}, 3.100000e+01]]]], {{\[\[\[\[}}3.200000e+01, 3.400000e+01, {{.*}} : tensor<2x1x1x2x16xf32>
// CHECK-NOT: tensor<32x2x1x1xf32>
// CHECK-NOT: tensor<1x1x2x32xf32>
// CHECK: return
func.func @constant_filter(%x: tensor<1x2x4x3xf32>) -> tensor<1x32x4x3xf32> {
  %w = arith.constant dense<[[[[ 0.0]],  [[ 1.0]]], [[[ 2.0]],  [[ 3.0]]], [[[ 4.0]],  [[ 5.0]]], [[[ 6.0]],  [[ 7.0]]], [[[ 8.0]],  [[ 9.0]]], [[[10.0]],  [[11.0]]], [[[12.0]],  [[13.0]]], [[[14.0]],  [[15.0]]], [[[16.0]],  [[17.0]]], [[[18.0]],  [[19.0]]], [[[20.0]],  [[21.0]]], [[[22.0]],  [[23.0]]], [[[24.0]],  [[25.0]]], [[[26.0]],  [[27.0]]], [[[28.0]],  [[29.0]]], [[[30.0]],  [[31.0]]], [[[32.0]],  [[33.0]]], [[[34.0]],  [[35.0]]], [[[36.0]],  [[37.0]]], [[[38.0]],  [[39.0]]], [[[40.0]],  [[41.0]]], [[[42.0]],  [[43.0]]], [[[44.0]],  [[45.0]]], [[[46.0]],  [[47.0]]], [[[48.0]],  [[49.0]]], [[[50.0]],  [[51.0]]], [[[52.0]],  [[53.0]]], [[[54.0]],  [[55.0]]], [[[56.0]],  [[57.0]]], [[[58.0]],  [[59.0]]], [[[60.0]],  [[61.0]]], [[[62.0]],  [[63.0]]]]> : tensor<32x2x1x1xf32>
  %y = deconv.conv %x, %w : (tensor<1x2x4x3xf32>, tensor<32x2x1x1xf32>) -> tensor<1x32x4x3xf32>
  return %y : tensor<1x32x4x3xf32>
}

// -----

// Over 1 MiB of filter (1.5 MiB here): blocks of 32 input channels, a
// sequential loop around the parallel tiles, each tile reading its block's
// part of its packed panel.
// CHECK-LABEL: func.func @channel_blocks
// CHECK: scf.for %[[C:.*]] = %c0 to %c96 step %c32 iter_args({{.*}}) -> (tensor<1x2x16x4096xf32>)
// CHECK: scf.forall ({{.*}}) = (0, 0, 0, 0) to (1, 2, 16, 4096) step (1, 1, 4, 16)
// CHECK: tensor.extract_slice %{{.*}}[%{{.*}}, 0, 0, %[[C]], 0] [1, 1, 1, 32, 16] [1, 1, 1, 1, 1] : tensor<256x1x1x96x16xf32> to tensor<1x1x32x16xf32>
func.func @channel_blocks(%x: tensor<1x96x2x16xf32>, %w: tensor<4096x96x1x1xf32>) -> tensor<1x4096x2x16xf32> {
  %y = deconv.conv %x, %w : (tensor<1x96x2x16xf32>, tensor<4096x96x1x1xf32>) -> tensor<1x4096x2x16xf32>
  return %y : tensor<1x4096x2x16xf32>
}

// -----

// A static 1-D conv is lifted to height 1 first, then takes the same path
// (MelGAN's 1-D layers went from scalar loops to the micro-kernel).
// CHECK-LABEL: func.func @conv1d
// CHECK: %[[Z1:.*]] = arith.constant dense<0.000000e+00> : vector<1x5x16xf32>
// CHECK-DAG: tensor.expand_shape %{{.*}} {{\[}}[0], [1], [2, 3]] output_shape [1, 8, 1, 20] : tensor<1x8x20xf32> into tensor<1x8x1x20xf32>
// CHECK-DAG: tensor.expand_shape %{{.*}} {{\[}}[0], [1], [2, 3]] output_shape [16, 8, 1, 3] : tensor<16x8x3xf32> into tensor<16x8x1x3xf32>
// Transposes of width 20 go in blocks of 10 (a divisor near 16), vectorized.
// CHECK: scf.forall ({{.*}}) = (0, 0, 0, 0) to (1, 1, 20, 8) step (1, 1, 10, 8)
// CHECK: vector.transpose
// The output width 9 has no divisor near the 7 pixels a row of accumulators
// fits: the width is padded to 10 (tile 5), the input with zero columns to
// the 21 the padded width reads, and the extra column dropped.
// CHECK: tensor.insert_slice %{{.*}} into %{{.*}}[0, 0, 0, 0] [1, 1, 20, 8] [1, 1, 1, 1] : tensor<1x1x20x8xf32> into tensor<1x1x21x8xf32>
// The accumulators start as zeros in registers, as in 2-D: the lifted
// fill is a fill of the channels-last shape, filled per tile.
// CHECK: %[[ACC1:.*]] = tensor.empty() : tensor<1x1x10x16xf32>
// CHECK: scf.forall ({{.*}}) = (0, 0, 0, 0) to (1, 1, 10, 16) step (1, 1, 5, 16) shared_outs(%{{.*}} = %[[ACC1]])
// CHECK: scf.for {{.*}} iter_args(%{{.*}} = %[[Z1]]) -> (vector<1x5x16xf32>)
// CHECK: vector.fma {{.*}} : vector<16xf32>
// CHECK: tensor.extract_slice %{{.*}}[0, 0, 0, 0] [1, 1, 9, 16] [1, 1, 1, 1] : tensor<1x1x10x16xf32> to tensor<1x1x9x16xf32>
// CHECK: tensor.collapse_shape %{{.*}} {{\[}}[0], [1], [2, 3]] : tensor<1x16x1x9xf32> into tensor<1x16x9xf32>
// CHECK-NOT: linalg.conv_1d_ncw_fcw
func.func @conv1d(%x: tensor<1x8x20xf32>, %w: tensor<16x8x3xf32>) -> tensor<1x16x9xf32> {
  %y = deconv.conv %x, %w strides = [2] : (tensor<1x8x20xf32>, tensor<16x8x3xf32>) -> tensor<1x16x9xf32>
  return %y : tensor<1x16x9xf32>
}

// -----

// A pointwise 3-D conv (the sub-pixel phases of a kernel = stride 3-D
// up-conv) runs as a 2-D conv of height 1 over the D*H*W positions. Its
// accumulators start as zeros in registers: no fill is left (unet3d_up's
// phases each filled and reloaded 512 KiB).
// CHECK-LABEL: func.func @pointwise3d
// CHECK-NOT: linalg.fill
// CHECK-DAG: tensor.collapse_shape %{{.*}} {{\[}}[0], [1], [2, 3, 4]] : tensor<1x8x2x3x4xf32> into tensor<1x8x24xf32>
// CHECK-DAG: tensor.expand_shape %{{.*}} {{\[}}[0], [1], [2, 3]] output_shape [1, 8, 1, 24] : tensor<1x8x24xf32> into tensor<1x8x1x24xf32>
// CHECK: %[[ACC3:.*]] = tensor.empty() : tensor<1x1x24x16xf32>
// CHECK-NOT: linalg.fill
// CHECK: scf.forall ({{.*}}) = (0, 0, 0, 0) to (1, 1, 24, 16) step (1, 1, 6, 16) shared_outs(%{{.*}} = %[[ACC3]])
// CHECK: vector.fma
// CHECK-NOT: linalg.fill
// CHECK: tensor.expand_shape %{{.*}} {{\[}}[0], [1], [2, 3, 4]] output_shape [1, 16, 2, 3, 4] : tensor<1x16x24xf32> into tensor<1x16x2x3x4xf32>
// CHECK-NOT: linalg.conv_3d
func.func @pointwise3d(%x: tensor<1x8x2x3x4xf32>, %w: tensor<16x8x1x1x1xf32>) -> tensor<1x16x2x3x4xf32> {
  %y = deconv.conv %x, %w : (tensor<1x8x2x3x4xf32>, tensor<16x8x1x1x1xf32>) -> tensor<1x16x2x3x4xf32>
  return %y : tensor<1x16x2x3x4xf32>
}

// -----

// A 1x1 conv of one image whose 32 pixels fill whole pairs of vectors, with
// a small filter, stays NCHW: the matrix product y[co, p] = w[co, :] x[:, p]
// runs as a channels-last conv with the roles swapped (the filter's rows as
// the pixels, broadcast; the image's pixels in the lanes). Only reshapes
// surround it, no transpose; the pixel tiles are the outer parallel loop.
// CHECK-LABEL: func.func @pointwise_nchw
// CHECK-NOT: transpose
// CHECK-DAG: tensor.expand_shape %{{.*}} {{\[}}[0, 1, 2], [3]] output_shape [1, 1, 12, 8] : tensor<12x8xf32> into tensor<1x1x12x8xf32>
// CHECK-DAG: tensor.expand_shape %{{.*}} {{\[}}[0, 1], [2], [3]] output_shape [1, 1, 8, 32] : tensor<1x8x32xf32> into tensor<1x1x8x32xf32>
// CHECK: scf.forall ({{.*}}) = (0, 0, 0, 0) to (32, 1, 1, 12) step (16, 1, 1, 6)
// CHECK: vector.fma {{.*}} : vector<16xf32>
// CHECK: tensor.expand_shape %{{.*}} {{\[}}[0], [1], [2, 3]] output_shape [1, 12, 4, 8] : tensor<1x12x32xf32> into tensor<1x12x4x8xf32>
// CHECK-NOT: transpose
func.func @pointwise_nchw(%x: tensor<1x8x4x8xf32>, %w: tensor<12x8x1x1xf32>) -> tensor<1x12x4x8xf32> {
  %y = deconv.conv %x, %w : (tensor<1x8x4x8xf32>, tensor<12x8x1x1xf32>) -> tensor<1x12x4x8xf32>
  return %y : tensor<1x12x4x8xf32>
}

// -----

// Dynamic shapes, grouped convs, f64 and 3-D kernels larger than 1x1x1 stay
// on the scalar path.
// A strided depthwise conv (one channel per group): channels-last
// linalg.depthwise_conv_2d_nhwc_hwc between transposes, a parallel tile of
// 4 pixels x 8 channels (AVX2: 4 pixels), one filter row per reduction step,
// vector FMAs over [pixels, channels] for each filter column.
// The zero padding moves behind the input's transpose: the unpadded 8x8
// input is transposed (vectorized) into the interior of a zero-filled
// channels-last buffer.
// CHECK-LABEL: func.func @depthwise_strided
// CHECK: scf.forall ({{.*}}) = (0, 0, 0, 0) to (1, 8, 8, 8) step (1, 1, 8, 8)
// CHECK: vector.transpose %{{.*}}, [0, 2, 3, 1] : vector<1x8x1x8xf32> to vector<1x1x8x8xf32>
// CHECK: linalg.fill {{.*}} -> tensor<1x10x10x8xf32>
// CHECK: tensor.insert_slice %{{.*}} into %{{.*}}[0, 1, 1, 0] [1, 8, 8, 8] [1, 1, 1, 1] : tensor<1x8x8x8xf32> into tensor<1x10x10x8xf32>
// CHECK: tensor.collapse_shape %{{.*}} {{\[}}[0, 1, 2], [3], [4]] : tensor<8x1x1x3x3xf32> into tensor<8x3x3xf32>
// CHECK: scf.forall ({{.*}}) = (0, 0, 0, 0) to (1, 4, 4, 8) step (1, 1, 4, 8)
// CHECK: scf.for %{{.*}} = %c0 to %c3
// CHECK-COUNT-12: vector.fma {{.*}} : vector<1x1x8xf32>
// CHECK-NOT: linalg.conv_2d_ngchw_gfchw
// CHECK-NOT: linalg.depthwise
func.func @depthwise_strided(%x: tensor<1x8x8x8xf32>, %w: tensor<8x1x3x3xf32>) -> tensor<1x8x4x4xf32> {
  %y = deconv.conv %x, %w strides = [2, 2] padding = [1, 1, 1, 1] groups = 8 : (tensor<1x8x8x8xf32>, tensor<8x1x3x3xf32>) -> tensor<1x8x4x4xf32>
  return %y : tensor<1x8x4x4xf32>
}

// -----

// A unit-stride depthwise conv stays in NCHW, no transposes: one channel
// per parallel tile, which pads its own input; inside, tiles of 4 rows x 8
// pixels, the pixels in the vector lanes; per row and filter tap a
// linalg.conv_1d that vectorizes to one unaligned load and one FMA; the row
// and tap steps are unrolled: 4 x 3 x 3 FMAs and no loop inside the row
// tile. The output is not filled: each row of a tile starts its
// accumulator as zeros in registers.
// CHECK-LABEL: func.func @depthwise
// CHECK: %[[Z:.*]] = arith.constant dense<0.000000e+00> : vector<8xf32>
// CHECK-NOT: vector.transpose
// CHECK-NOT: linalg.fill
// CHECK: scf.forall (%[[N:.*]], %[[C:.*]]) in (1, 8) shared_outs(%{{.*}} = %[[EMPTY:.*]]) ->
// CHECK-DAG: %[[XC:.*]] = tensor.extract_slice %arg0[%[[N]], %[[C]], 0, 0] [1, 1, 8, 8] [1, 1, 1, 1]
// CHECK-DAG: %[[ZEROS:.*]] = linalg.fill {{.*}} -> tensor<1x1x10x10xf32>
// CHECK: tensor.insert_slice %[[XC]] into %[[ZEROS]][0, 0, 1, 1] [1, 1, 8, 8] [1, 1, 1, 1]
// CHECK-NOT: linalg.fill
// CHECK: scf.for %{{.*}} = %c0 to %c8 step %c4
// CHECK-NOT: scf.for
// CHECK-NOT: linalg.fill
// CHECK: vector.fma %{{.*}}, %{{.*}}, %[[Z]] : vector<8xf32>
// CHECK-COUNT-8: vector.fma {{.*}} : vector<8xf32>
// CHECK: vector.fma %{{.*}}, %{{.*}}, %[[Z]] : vector<8xf32>
// CHECK-COUNT-8: vector.fma {{.*}} : vector<8xf32>
// CHECK: vector.fma %{{.*}}, %{{.*}}, %[[Z]] : vector<8xf32>
// CHECK-COUNT-8: vector.fma {{.*}} : vector<8xf32>
// CHECK: vector.fma %{{.*}}, %{{.*}}, %[[Z]] : vector<8xf32>
// CHECK-COUNT-8: vector.fma {{.*}} : vector<8xf32>
// CHECK-NOT: vector.fma
// CHECK: scf.forall.in_parallel
// CHECK-NOT: vector.transpose
// CHECK-NOT: linalg.depthwise
// CHECK-NOT: linalg.conv_1d
func.func @depthwise(%x: tensor<1x8x8x8xf32>, %w: tensor<8x1x3x3xf32>) -> tensor<1x8x8x8xf32> {
  %y = deconv.conv %x, %w padding = [1, 1, 1, 1] groups = 8 : (tensor<1x8x8x8xf32>, tensor<8x1x3x3xf32>) -> tensor<1x8x8x8xf32>
  return %y : tensor<1x8x8x8xf32>
}

// -----

// An odd output width is padded to whole vectors (13 -> 16 columns, two
// tiles of 8), per channel, the extra columns dropped; 13 rows come one at
// a time.
// CHECK-LABEL: func.func @depthwise_odd_width
// CHECK-NOT: linalg.fill
// CHECK: scf.forall (%{{.*}}, %{{.*}}) in (1, 4) shared_outs(%{{.*}} = %{{.*}}) -> (tensor<1x4x13x16xf32>)
// The padded input's extra columns are one fill with it: the channel goes
// straight into the 15 x 18 zeros, not into 15 x 15 zeros copied into them.
// CHECK: tensor.insert_slice %{{.*}} into %{{.*}}[0, 0, 1, 1] [1, 1, 13, 13] [1, 1, 1, 1] : tensor<1x1x13x13xf32> into tensor<1x1x15x18xf32>
// CHECK-NOT: tensor<1x1x15x15xf32>
// CHECK-NOT: linalg.fill
// CHECK: scf.for %{{.*}} = %c0 to %c13 step %c1
// CHECK: scf.for %{{.*}} = %c0 to %c16 step %c8
// CHECK-COUNT-9: vector.fma {{.*}} : vector<8xf32>
// CHECK-NOT: vector.fma
// CHECK: tensor.extract_slice {{.*}}[0, 0, 0, 0] [1, 4, 13, 13] [1, 1, 1, 1] : tensor<1x4x13x16xf32> to tensor<1x4x13x13xf32>
func.func @depthwise_odd_width(%x: tensor<1x4x13x13xf32>, %w: tensor<4x1x3x3xf32>) -> tensor<1x4x13x13xf32> {
  %y = deconv.conv %x, %w padding = [1, 1, 1, 1] groups = 4 : (tensor<1x4x13x13xf32>, tensor<4x1x3x3xf32>) -> tensor<1x4x13x13xf32>
  return %y : tensor<1x4x13x13xf32>
}

// -----

// CHECK-LABEL: func.func @left_alone
// CHECK-NOT: vector.
// CHECK: linalg.conv_1d_ncw_fcw
// CHECK: linalg.conv_2d_ngchw_gfchw
// CHECK: linalg.conv_2d_nchw_fchw {{.*}} tensor<1x2x5x5xf16>
// CHECK: linalg.conv_3d_ncdhw_fcdhw
func.func @left_alone(%x: tensor<?x8x20xf32>, %w: tensor<16x8x3xf32>,
                      %g: tensor<1x8x10x10xf32>, %gw: tensor<8x4x3x3xf32>,
                      %d: tensor<1x2x7x7xf16>, %dw: tensor<2x2x3x3xf16>,
                      %v: tensor<1x2x4x4x4xf32>, %vw: tensor<2x2x2x2x2xf32>)
    -> (tensor<?x16x18xf32>, tensor<1x8x8x8xf32>, tensor<1x2x5x5xf16>, tensor<1x2x3x3x3xf32>) {
  %0 = deconv.conv %x, %w : (tensor<?x8x20xf32>, tensor<16x8x3xf32>) -> tensor<?x16x18xf32>
  %1 = deconv.conv %g, %gw groups = 2 : (tensor<1x8x10x10xf32>, tensor<8x4x3x3xf32>) -> tensor<1x8x8x8xf32>
  %2 = deconv.conv %d, %dw : (tensor<1x2x7x7xf16>, tensor<2x2x3x3xf16>) -> tensor<1x2x5x5xf16>
  %3 = deconv.conv %v, %vw : (tensor<1x2x4x4x4xf32>, tensor<2x2x2x2x2xf32>) -> tensor<1x2x3x3x3xf32>
  return %0, %1, %2, %3 : tensor<?x16x18xf32>, tensor<1x8x8x8xf32>, tensor<1x2x5x5xf16>, tensor<1x2x3x3x3xf32>
}
