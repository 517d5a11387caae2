// RUN: deconv-opt %s --deconv-tile-dynamic-spatial=tile-sizes=32 --canonicalize --cse --split-input-file | FileCheck %s

// Tiles of 32 input positions. A stride-2 conv of dynamic length in tiles
// of 16 outputs: tile t reads the 33
// inputs from 32 * t of the input zero-extended by the op's low padding and
// by enough at the end for the last tile; each tile is the same conv on
// static shapes without padding; the output is cut to its length.
// CHECK-DAG:   #[[LEN:.*]] = affine_map<()[s0] -> ((s0 - 3) floordiv 2 + 2)>
// CHECK-DAG:   #[[COUNT:.*]] = affine_map<()[s0] -> (((s0 - 3) floordiv 2 + 2) ceildiv 16)>
// CHECK-LABEL: func.func @conv1d
// CHECK-SAME:    (%[[X:.*]]: tensor<1x4x?xf32>, %[[W:.*]]: tensor<8x4x3xf32>)
// CHECK:         %[[I:.*]] = tensor.dim %[[X]], %c2
// CHECK:         %[[O:.*]] = affine.apply #[[LEN]]()[%[[I]]]
// CHECK:         %[[N:.*]] = affine.apply #[[COUNT]]()[%[[I]]]
// CHECK:         %[[P:.*]] = tensor.pad %[[X]] low[0, 0, 1] high[0, 0, %{{.*}}]
// CHECK:         %[[R:.*]] = scf.forall (%[[T:.*]]) in (%[[N]]) shared_outs(%[[ACC:.*]] = %{{.*}}) -> (tensor<1x8x?xf32>)
// CHECK:           %[[WIN:.*]] = tensor.extract_slice %[[P]][0, 0, %{{.*}}] [1, 4, 33] [1, 1, 1] : tensor<1x4x?xf32> to tensor<1x4x33xf32>
// CHECK:           %[[Y:.*]] = deconv.conv %[[WIN]], %[[W]] strides = [2] padding = [0, 0] : (tensor<1x4x33xf32>, tensor<8x4x3xf32>) -> tensor<1x8x16xf32>
// CHECK:           tensor.parallel_insert_slice %[[Y]] into %[[ACC]][0, 0, %{{.*}}] [1, 8, 16] [1, 1, 1]
// CHECK:         tensor.extract_slice %[[R]][0, 0, 0] [1, 8, %[[O]]] [1, 1, 1]
func.func @conv1d(%x: tensor<1x4x?xf32>, %w: tensor<8x4x3xf32>) -> tensor<1x8x?xf32> {
  %y = deconv.conv %x, %w strides = [2] padding = [1, 1] : (tensor<1x4x?xf32>, tensor<8x4x3xf32>) -> tensor<1x8x?xf32>
  return %y : tensor<1x8x?xf32>
}

// -----

// A transposed conv (kernel 4, stride 2, padding 1) in tiles of 64 outputs:
// tile t gathers the 34 inputs from 32 * t - 1 (the input extended by one
// zero in front), each tile a conv_transpose with padding [3, 3] and no
// output padding; the static dim keeps its padding and output padding.
// CHECK-LABEL: func.func @transpose
// CHECK:         tensor.pad %{{.*}} low[0, 0, 1, 0] high[0, 0, %{{.*}}, 0]
// CHECK:         scf.forall (%{{.*}}) in (%{{.*}})
// CHECK:           tensor.extract_slice %{{.*}} [1, 8, 34, 5] [1, 1, 1, 1] : tensor<1x8x?x5xf32> to tensor<1x8x34x5xf32>
// CHECK:           deconv.conv_transpose %{{.*}}, %{{.*}} strides = [2, 2] padding = [3, 1, 3, 1] output_padding = [0, 1] : (tensor<1x8x34x5xf32>, tensor<8x4x4x4xf32>) -> tensor<1x4x64x11xf32>
func.func @transpose(%x: tensor<1x8x?x5xf32>, %w: tensor<8x4x4x4xf32>) -> tensor<1x4x?x11xf32> {
  %y = deconv.conv_transpose %x, %w strides = [2, 2] padding = [1, 1, 1, 1] output_padding = [1, 1] : (tensor<1x8x?x5xf32>, tensor<8x4x4x4xf32>) -> tensor<1x4x?x11xf32>
  return %y : tensor<1x4x?x11xf32>
}

// -----

// Static spatial dims, dynamic channel counts and transposed convs whose
// stride exceeds the kernel (no tile form) are left alone.
// CHECK-LABEL: func.func @left_alone
// CHECK-NOT:     scf.forall
func.func @left_alone(%x: tensor<?x4x9xf32>, %w: tensor<8x4x3xf32>, %xc: tensor<1x?x9xf32>, %wc: tensor<8x?x3xf32>, %xs: tensor<1x4x?xf32>, %ws: tensor<4x2x1xf32>) -> (tensor<?x8x7xf32>, tensor<1x8x7xf32>, tensor<1x2x?xf32>) {
  %a = deconv.conv %x, %w : (tensor<?x4x9xf32>, tensor<8x4x3xf32>) -> tensor<?x8x7xf32>
  %b = deconv.conv %xc, %wc : (tensor<1x?x9xf32>, tensor<8x?x3xf32>) -> tensor<1x8x7xf32>
  %c = deconv.conv_transpose %xs, %ws strides = [2] : (tensor<1x4x?xf32>, tensor<4x2x1xf32>) -> tensor<1x2x?xf32>
  return %a, %b, %c : tensor<?x8x7xf32>, tensor<1x8x7xf32>, tensor<1x2x?xf32>
}
