// RUN: deconv-opt %s --deconv-to-linalg --split-input-file --verify-diagnostics | FileCheck %s

// groups = 1, 2-D: pad (asymmetric), bias broadcast as the accumulator, and
// the named op with the op's strides and dilations.
// CHECK-LABEL: func.func @conv2d_bias
// CHECK-SAME: (%[[X:.*]]: tensor<1x3x8x8xf32>, %[[W:.*]]: tensor<4x3x3x3xf32>, %[[B:.*]]: tensor<4xf32>)
// CHECK: %[[P:.*]] = tensor.pad %[[X]] low[0, 0, 1, 2] high[0, 0, 0, 1]
// CHECK: } : tensor<1x3x8x8xf32> to tensor<1x3x9x11xf32>
// CHECK: %[[E:.*]] = tensor.empty() : tensor<1x4x4x3xf32>
// CHECK: %[[I:.*]] = linalg.broadcast ins(%[[B]] : tensor<4xf32>) outs(%[[E]] : tensor<1x4x4x3xf32>) dimensions = [0, 2, 3]
// CHECK: %[[R:.*]] = linalg.conv_2d_nchw_fchw {dilations = dense<[1, 2]> : tensor<2xi64>, strides = dense<[2, 3]> : tensor<2xi64>} ins(%[[P]], %[[W]] : tensor<1x3x9x11xf32>, tensor<4x3x3x3xf32>) outs(%[[I]] : tensor<1x4x4x3xf32>)
// CHECK: return %[[R]]
func.func @conv2d_bias(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<4xf32>) -> tensor<1x4x4x3xf32> {
  %0 = deconv.conv %x, %w, %b strides = [2, 3] dilations = [1, 2] padding = [1, 2, 0, 1] : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<1x4x4x3xf32>
  return %0 : tensor<1x4x4x3xf32>
}

// -----

// 1-D and 3-D without padding or bias: zero-filled accumulator, no pad.
// CHECK-LABEL: func.func @conv1d_3d
// CHECK-NOT: tensor.pad
// CHECK: linalg.fill
// CHECK: linalg.conv_1d_ncw_fcw {dilations = dense<1> : tensor<1xi64>, strides = dense<1> : tensor<1xi64>}
// CHECK: linalg.fill
// CHECK: linalg.conv_3d_ncdhw_fcdhw {dilations = dense<1> : tensor<3xi64>, strides = dense<2> : tensor<3xi64>}
func.func @conv1d_3d(%x: tensor<2x4x10xf32>, %w: tensor<8x4x3xf32>, %y: tensor<1x2x5x5x5xf32>, %v: tensor<3x2x1x1x1xf32>) -> (tensor<2x8x8xf32>, tensor<1x3x3x3x3xf32>) {
  %0 = deconv.conv %x, %w : (tensor<2x4x10xf32>, tensor<8x4x3xf32>) -> tensor<2x8x8xf32>
  %1 = deconv.conv %y, %v strides = [2, 2, 2] : (tensor<1x2x5x5x5xf32>, tensor<3x2x1x1x1xf32>) -> tensor<1x3x3x3x3xf32>
  return %0, %1 : tensor<2x8x8xf32>, tensor<1x3x3x3x3xf32>
}

// -----

// Dynamic batch and spatial dims: sizes reified with the verifier's formula.
// (L + 1 + 0 - 2 - 1) floordiv 2 + 1 simplifies to L floordiv 2.
// CHECK-DAG: #[[M:.*]] = affine_map<()[s0] -> (s0 floordiv 2)>
// CHECK-LABEL: func.func @dynamic
// CHECK: %[[N:.*]] = tensor.dim %{{.*}}, %c0
// CHECK: %[[L:.*]] = tensor.dim %{{.*}}, %c2
// CHECK: %[[O:.*]] = affine.apply #[[M]]()[%[[L]]]
// CHECK: tensor.empty(%[[N]], %[[O]]) : tensor<?x8x?xf32>
// CHECK: linalg.conv_1d_ncw_fcw {{.*}} -> tensor<?x8x?xf32>
func.func @dynamic(%x: tensor<?x4x?xf32>, %w: tensor<8x4x3xf32>) -> tensor<?x8x?xf32> {
  %0 = deconv.conv %x, %w strides = [2] padding = [1, 0] : (tensor<?x4x?xf32>, tensor<8x4x3xf32>) -> tensor<?x8x?xf32>
  return %0 : tensor<?x8x?xf32>
}

// -----

// groups > 1: group-expanded operands and a linalg.generic whose input map
// reads o*s + k*d.
// CHECK-DAG: #[[IN:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d4, d3 * 3 + d5 * 2)>
// CHECK-DAG: #[[FI:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d1, d2, d4, d5)>
// CHECK-DAG: #[[OUT:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2, d3)>
// CHECK-LABEL: func.func @grouped
// CHECK: tensor.expand_shape %{{.*}} {{\[}}[0], [1, 2], [3]] {{.*}} : tensor<1x4x12xf32> into tensor<1x2x2x12xf32>
// CHECK: tensor.expand_shape %{{.*}} {{\[}}[0, 1], [2], [3]] {{.*}} : tensor<6x2x3xf32> into tensor<2x3x2x3xf32>
// CHECK: tensor.expand_shape %{{.*}} {{\[}}[0], [1, 2], [3]] {{.*}} : tensor<1x6x3xf32> into tensor<1x2x3x3xf32>
// CHECK: linalg.generic {indexing_maps = [#[[IN]], #[[FI]], #[[OUT]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]}
// CHECK: arith.mulf
// CHECK: arith.addf
// CHECK: tensor.collapse_shape %{{.*}} {{\[}}[0], [1, 2], [3]] : tensor<1x2x3x3xf32> into tensor<1x6x3xf32>
func.func @grouped(%x: tensor<1x4x12xf32>, %w: tensor<6x2x3xf32>) -> tensor<1x6x3xf32> {
  %0 = deconv.conv %x, %w strides = [3] dilations = [2] groups = 2 : (tensor<1x4x12xf32>, tensor<6x2x3xf32>) -> tensor<1x6x3xf32>
  return %0 : tensor<1x6x3xf32>
}

// -----

// What cannot be lowered says why, at the op.
func.func @unranked(%x: tensor<1x4x12xf32>, %w: tensor<6x4x3xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{could not be lowered to linalg: result type is unranked; run --deconv-infer-shapes first}}
  %0 = deconv.conv %x, %w : (tensor<1x4x12xf32>, tensor<6x4x3xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

// A dynamic channel count splits into [G, ?] (once [G, kDynamic / G], found
// by deconv-struct-fuzzer; executed in Integration/dynamic-channels.test).
// CHECK-LABEL: func.func @grouped_dynamic_channels
// CHECK: tensor.expand_shape %{{.*}} {{\[}}[0], [1, 2], [3]] output_shape [1, 2, %{{.*}}, 12] : tensor<1x?x12xf32> into tensor<1x2x?x12xf32>
// CHECK: linalg.generic
// CHECK-SAME: ins({{.*}} : tensor<1x2x?x12xf32>, tensor<2x3x2x3xf32>)
func.func @grouped_dynamic_channels(%x: tensor<1x?x12xf32>, %w: tensor<6x2x3xf32>) -> tensor<1x6x10xf32> {
  %0 = deconv.conv %x, %w groups = 2 : (tensor<1x?x12xf32>, tensor<6x2x3xf32>) -> tensor<1x6x10xf32>
  return %0 : tensor<1x6x10xf32>
}

// -----

// A bias of dynamic length for a static channel count (and the reverse) is
// cast to the channel dim first: linalg.broadcast wants them to match exactly
// (found by the struct fuzzer).
// CHECK-LABEL: func.func @bias_length_mismatch
// CHECK: %[[C:.*]] = tensor.cast %{{.*}} : tensor<?xf32> to tensor<4xf32>
// CHECK: linalg.broadcast ins(%[[C]] : tensor<4xf32>) outs(%{{.*}} : tensor<1x4x3x3xf32>)
// CHECK: %[[D:.*]] = tensor.cast %{{.*}} : tensor<4xf32> to tensor<?xf32>
// CHECK: linalg.broadcast ins(%[[D]] : tensor<?xf32>) outs(%{{.*}} : tensor<1x?x3x3xf32>)
func.func @bias_length_mismatch(%x: tensor<1x2x5x5xf32>, %w: tensor<4x2x3x3xf32>, %b: tensor<?xf32>,
                                %v: tensor<?x2x3x3xf32>, %c: tensor<4xf32>) -> (tensor<1x4x3x3xf32>, tensor<1x?x3x3xf32>) {
  %0 = deconv.conv %x, %w, %b : (tensor<1x2x5x5xf32>, tensor<4x2x3x3xf32>, tensor<?xf32>) -> tensor<1x4x3x3xf32>
  %1 = deconv.conv %x, %v, %c : (tensor<1x2x5x5xf32>, tensor<?x2x3x3xf32>, tensor<4xf32>) -> tensor<1x?x3x3xf32>
  return %0, %1 : tensor<1x4x3x3xf32>, tensor<1x?x3x3xf32>
}
