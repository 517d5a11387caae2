// RUN: deconv-opt %s --deconv-transpose-to-loops="tile-sizes=1,4,4,4" --canonicalize --split-input-file | FileCheck %s
// RUN: deconv-opt %s --deconv-transpose-to-loops="tile-sizes=0,0,0,0" --canonicalize --split-input-file | FileCheck %s --check-prefix=UNTILED

// Tiled over output tiles [1, 4, 4, 4]: scf.for loops over Cout (step 4) and
// the spatial dims (step 4, with remainder tiles) around one gather linalg.generic per tile. The
// body walks only the taps of the output's phase (first tap from a per-phase
// table, step s/gcd(s,d)) and the group's input channels.
// CHECK-LABEL: func.func @k4s2
// CHECK-DAG: %[[TABLE:.*]] = arith.constant dense<[1, 0]> : tensor<2xindex>
// CHECK: %[[INIT:.*]] = linalg.broadcast
// CHECK: scf.for %{{.*}} = %{{.*}} to %{{.*}} step %c4
// CHECK: scf.for %{{.*}} = %{{.*}} to %{{.*}} step %c4
// CHECK: scf.for %{{.*}} = %{{.*}} to %{{.*}} step %c4
// CHECK: tensor.extract_slice
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "parallel", "parallel"]
// CHECK: linalg.index
// CHECK: tensor.extract %[[TABLE]]
// CHECK: scf.for {{.*}} step %c2 iter_args
// CHECK: scf.for {{.*}} step %c2 iter_args
// CHECK: scf.for {{.*}} iter_args
// CHECK: tensor.extract %arg0
// CHECK: tensor.extract %arg1
// CHECK: arith.mulf
// CHECK: arith.addf
// CHECK: tensor.insert_slice
// CHECK-NOT: tensor.empty
// UNTILED-LABEL: func.func @k4s2
// UNTILED-NOT: scf.for {{.*}} step %c4
// UNTILED: linalg.generic
func.func @k4s2(%x: tensor<1x16x3x3xf32>, %w: tensor<16x8x4x4xf32>, %b: tensor<8xf32>) -> tensor<1x8x6x6xf32> {
  %y = deconv.conv_transpose %x, %w, %b strides = [2, 2] padding = [1, 1, 1, 1]
    : (tensor<1x16x3x3xf32>, tensor<16x8x4x4xf32>, tensor<8xf32>) -> tensor<1x8x6x6xf32>
  return %y : tensor<1x8x6x6xf32>
}

// -----

// Dilation 2 with stride 2: taps step by s/gcd(s, d) = 1, and the odd phase
// has no tap (table entry K = 3, so the loop is empty).
// CHECK-LABEL: func.func @dilated
// CHECK: arith.constant dense<[0, 3]> : tensor<2xindex>
// UNTILED-LABEL: func.func @dilated
func.func @dilated(%x: tensor<1x2x4xf32>, %w: tensor<2x2x3xf32>) -> tensor<1x2x12xf32> {
  %y = deconv.conv_transpose %x, %w strides = [2] dilations = [2] output_padding = [1]
    : (tensor<1x2x4xf32>, tensor<2x2x3xf32>) -> tensor<1x2x12xf32>
  return %y : tensor<1x2x12xf32>
}
