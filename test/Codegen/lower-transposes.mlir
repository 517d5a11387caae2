// RUN: deconv-opt %s --deconv-lower-transposes=vector-width=16 | FileCheck %s
// RUN: deconv-opt %s --deconv-lower-transposes=vector-width=8 | FileCheck %s --check-prefix=AVX2

// With 16 lanes a 16x16 block becomes unpacks and lane shuffles.
// CHECK-LABEL: func.func @square
// CHECK-NOT:     vector.transpose
// CHECK:         vector.shuffle
// AVX2-LABEL:  func.func @square
// AVX2:          vector.transpose
func.func @square(%v: vector<16x16xf32>) -> vector<16x16xf32> {
  %t = vector.transpose %v, [1, 0] : vector<16x16xf32> to vector<16x16xf32>
  return %t : vector<16x16xf32>
}

// Rows that become columns: one shuffle of the flattened vector.
// CHECK-LABEL: func.func @narrow
// CHECK:         %[[F:.*]] = vector.shape_cast %{{.*}} : vector<2x16xf32> to vector<32xf32>
// CHECK:         vector.shuffle %[[F]], %[[F]] [0, 16, 1, 17, 2, 18
// CHECK-NOT:     vector.transpose
// AVX2-LABEL:  func.func @narrow
// AVX2:          vector.shuffle
// AVX2-LABEL:  func.func @other
func.func @narrow(%v: vector<2x16xf32>) -> vector<16x2xf32> {
  %t = vector.transpose %v, [1, 0] : vector<2x16xf32> to vector<16x2xf32>
  return %t : vector<16x2xf32>
}

// Other shapes keep the default lowering of later passes.
// CHECK-LABEL: func.func @other
// CHECK:         vector.transpose
func.func @other(%v: vector<8x8xf32>) -> vector<8x8xf32> {
  %t = vector.transpose %v, [1, 0] : vector<8x8xf32> to vector<8x8xf32>
  return %t : vector<8x8xf32>
}
