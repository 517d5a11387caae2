// RUN: deconv-opt %s --deconv-transpose-to-conv --deconv-to-linalg --deconv-vectorize-convs=vector-width=8 --split-input-file | FileCheck %s

// A depthwise stride-2 transposed conv by zero insertion: one channel per
// parallel tile, which builds its own zero-inserted input (a fill and a
// stride-2 insert); in a tile of 4 output rows, each of the 4 x 4 taps
// reads a row of that input, and half of those rows are inserted zeros:
// their FMAs are dropped, 32 of the 64 are left.
// CHECK-LABEL: func.func @depthwise_up
// CHECK: scf.forall (%{{.*}}, %[[C:.*]]) in (1, 4)
// CHECK: %[[ZEROS:.*]] = linalg.fill {{.*}} -> tensor<1x1x19x19xf32>
// CHECK: tensor.insert_slice %{{.*}} into %[[ZEROS]][0, 0, 2, 2] [1, 1, 8, 8] [1, 1, 2, 2]
// CHECK: scf.for %{{.*}} = %c0 to %c16 step %c4
// CHECK-COUNT-32: vector.fma {{.*}} : vector<16xf32>
// CHECK-NOT: vector.fma
// CHECK: scf.forall.in_parallel
func.func @depthwise_up(%x: tensor<1x4x8x8xf32>, %w: tensor<4x1x4x4xf32>) -> tensor<1x4x16x16xf32> {
  %y = deconv.conv_transpose %x, %w strides = [2, 2] padding = [1, 1, 1, 1] groups = 4 : (tensor<1x4x8x8xf32>, tensor<4x1x4x4xf32>) -> tensor<1x4x16x16xf32>
  return %y : tensor<1x4x16x16xf32>
}

// -----

// Stride 1 along the rows: no row of the input is all zeros (the zeros
// within a row are not skipped), so all 4 rows x 3 x 3 taps keep their FMA.
// CHECK-LABEL: func.func @depthwise_cols_only
// CHECK-COUNT-36: vector.fma {{.*}} : vector<16xf32>
// CHECK-NOT: vector.fma
func.func @depthwise_cols_only(%x: tensor<1x4x16x8xf32>, %w: tensor<4x1x3x3xf32>) -> tensor<1x4x16x16xf32> {
  %y = deconv.conv_transpose %x, %w strides = [1, 2] padding = [1, 1, 1, 0] output_padding = [0, 0] groups = 4 : (tensor<1x4x16x8xf32>, tensor<4x1x3x3xf32>) -> tensor<1x4x16x16xf32>
  return %y : tensor<1x4x16x16xf32>
}

// -----

// An output width padded to whole vectors (18 -> 24 columns, tiles of 8):
// the padding's zeros and the zero insertion's are one fill, the input
// inserted with stride 2 straight into the 19 x 27 zeros, and the zero rows
// are still seen: 32 of 64 FMAs left.
// CHECK-LABEL: func.func @depthwise_up_padded_width
// CHECK: tensor.insert_slice %{{.*}} into %{{.*}}[0, 0, 2, 2] [1, 1, 8, 9] [1, 1, 2, 2] : tensor<1x1x8x9xf32> into tensor<1x1x19x27xf32>
// CHECK-NOT: tensor<1x1x19x21xf32>
// CHECK-COUNT-32: vector.fma {{.*}} : vector<8xf32>
// CHECK-NOT: vector.fma
// CHECK: scf.forall.in_parallel
func.func @depthwise_up_padded_width(%x: tensor<1x4x8x9xf32>, %w: tensor<4x1x4x4xf32>) -> tensor<1x4x16x18xf32> {
  %y = deconv.conv_transpose %x, %w strides = [2, 2] padding = [1, 1, 1, 1] groups = 4 : (tensor<1x4x8x9xf32>, tensor<4x1x4x4xf32>) -> tensor<1x4x16x18xf32>
  return %y : tensor<1x4x16x18xf32>
}
