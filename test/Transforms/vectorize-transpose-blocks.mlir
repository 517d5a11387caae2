// RUN: deconv-opt %s --deconv-to-linalg --deconv-vectorize-convs=vector-width=16 | FileCheck %s
// RUN: deconv-opt %s --deconv-to-linalg --deconv-vectorize-convs=vector-width=8 | FileCheck %s --check-prefix=AVX2

// With 16 lanes, a 16x16 f32 block of a layout transpose (here the input's
// NCHW -> NHWC, 16 channels x 16 pixels) becomes the AVX-512 sequence of
// unpacks and 128-bit lane shuffles, 64 shuffles of 16-lane vectors: the
// element-wise default leaves LLVM 256 scalar inserts to rebuild. Blocks of
// other shapes (the filter's 16 x 3, the output's 16 x 14) stay
// vector.transpose. With 8 lanes nothing changes.
// CHECK-LABEL: func.func @blocks
// CHECK: scf.forall ({{.*}}) = (0, 0, 0, 0) to (1, 16, 16, 16) step (1, 1, 16, 16)
// CHECK: vector.transfer_read {{.*}} vector<1x16x1x16xf32>
// CHECK-NOT: vector.transpose
// CHECK-COUNT-64: vector.shuffle {{.*}} : vector<16xf32>, vector<16xf32>
// CHECK-NOT: vector.shuffle
// CHECK: vector.transpose %{{.*}}, [2, 3, 1, 0] : vector<16x1x1x3xf32> to vector<1x3x1x16xf32>
// CHECK: vector.transpose %{{.*}}, [0, 3, 1, 2] : vector<1x1x14x16xf32> to vector<1x16x1x14xf32>
// AVX2-LABEL: func.func @blocks
// AVX2-NOT: vector.shuffle
// AVX2: return
func.func @blocks(%x: tensor<1x16x16x16xf32>, %w: tensor<16x16x3x3xf32>) -> tensor<1x16x14x14xf32> {
  %y = deconv.conv %x, %w : (tensor<1x16x16x16xf32>, tensor<16x16x3x3xf32>) -> tensor<1x16x14x14xf32>
  return %y : tensor<1x16x14x14xf32>
}
