// RUN: deconv-opt %s --deconv-to-linalg --deconv-vectorize-convs=vector-width=16 | FileCheck %s
// RUN: deconv-opt %s --deconv-to-linalg --deconv-vectorize-convs=vector-width=8 | FileCheck %s --check-prefix=AVX2
// RUN: deconv-run %s --entry=blocks --random-inputs --check --vector-width=16 | FileCheck %s --check-prefix=EXEC
// RUN: deconv-run %s --entry=short_rows --random-inputs --check --vector-width=16 | FileCheck %s --check-prefix=EXEC
// RUN: deconv-run %s --entry=short_rows --random-inputs --check --vector-width=16 --threads=2 | FileCheck %s --check-prefix=EXEC
// RUN: deconv-run %s --entry=shorter_rows --random-inputs --check --vector-width=16 | FileCheck %s --check-prefix=EXEC

// With 16 lanes, a 16x16 f32 block of a layout transpose (here the input's
// NCHW -> NHWC, 16 channels x 16 pixels) becomes the AVX-512 sequence of
// unpacks and 128-bit lane shuffles, 64 shuffles of 16-lane vectors: the
// element-wise default leaves LLVM 256 scalar inserts to rebuild. A block of
// 4-15 rows or columns (the output's 14 pixels x 16 channels) is read and
// written as a 16x16 one with its extra lanes out of bounds (masked loads
// and stores) and takes the same shuffles. Smaller blocks (the filter's
// 16 x 3) stay vector.transpose. With 8 lanes nothing changes.
// CHECK-LABEL: func.func @blocks
// CHECK: scf.forall ({{.*}}) = (0, 0, 0, 0) to (1, 16, 16, 16) step (1, 1, 16, 16)
// CHECK: vector.transfer_read {{.*}} vector<1x16x1x16xf32>
// CHECK-NOT: vector.transpose
// CHECK-COUNT-64: vector.shuffle {{.*}} : vector<16xf32>, vector<16xf32>
// CHECK-NOT: vector.shuffle
// CHECK: vector.transpose %{{.*}}, [2, 3, 1, 0] : vector<16x1x1x3xf32> to vector<1x3x1x16xf32>
// CHECK: scf.forall ({{.*}}) = (0, 0, 0, 0) to (1, 16, 14, 14) step (1, 16, 1, 14)
// CHECK: vector.transfer_read {{.*}} {in_bounds = [true, true, false, true]} : tensor<1x1x14x16xf32>, vector<1x1x16x16xf32>
// CHECK-NOT: vector.transpose
// CHECK-COUNT-64: vector.shuffle {{.*}} : vector<16xf32>, vector<16xf32>
// CHECK-NOT: vector.shuffle
// CHECK: vector.transfer_write {{.*}} {in_bounds = [true, true, true, false]} : vector<1x16x1x16xf32>, tensor<1x16x1x14xf32>
// AVX2-LABEL: func.func @blocks
// AVX2-NOT: vector.shuffle
// AVX2: return
// EXEC: check: PASS
func.func @blocks(%x: tensor<1x16x16x16xf32>, %w: tensor<16x16x3x3xf32>) -> tensor<1x16x14x14xf32> {
  %y = deconv.conv %x, %w : (tensor<1x16x16x16xf32>, tensor<16x16x3x3xf32>) -> tensor<1x16x14x14xf32>
  return %y : tensor<1x16x14x14xf32>
}

// Rows of 12 in (16 x 12 blocks of the input) and of 10 out (10 x 16).
// CHECK-LABEL: func.func @short_rows
// CHECK: vector.transfer_read {{.*}} {in_bounds = [true, true, true, false]} : tensor<1x16x1x12xf32>, vector<1x16x1x16xf32>
// CHECK-COUNT-64: vector.shuffle {{.*}} : vector<16xf32>, vector<16xf32>
// CHECK: vector.transfer_write {{.*}} {in_bounds = [true, true, false, true]} : vector<1x1x16x16xf32>, tensor<1x1x12x16xf32>
// CHECK: vector.transfer_read {{.*}} {in_bounds = [true, true, false, true]} : tensor<1x1x10x16xf32>, vector<1x1x16x16xf32>
// CHECK-COUNT-64: vector.shuffle {{.*}} : vector<16xf32>, vector<16xf32>
// CHECK: vector.transfer_write {{.*}} {in_bounds = [true, true, true, false]} : vector<1x16x1x16xf32>, tensor<1x16x1x10xf32>
// AVX2-LABEL: func.func @short_rows
// AVX2-NOT: vector.shuffle
// AVX2: return
func.func @short_rows(%x: tensor<1x32x12x12xf32>, %w: tensor<16x32x3x3xf32>) -> tensor<1x16x10x10xf32> {
  %y = deconv.conv %x, %w : (tensor<1x32x12x12xf32>, tensor<16x32x3x3xf32>) -> tensor<1x16x10x10xf32>
  return %y : tensor<1x16x10x10xf32>
}

// Rows of 10 in and of 8 out.
// CHECK-LABEL: func.func @shorter_rows
// CHECK: vector.transfer_read {{.*}} {in_bounds = [true, true, true, false]} : tensor<1x16x1x10xf32>, vector<1x16x1x16xf32>
// CHECK: vector.transfer_read {{.*}} {in_bounds = [true, true, false, true]} : tensor<1x1x8x16xf32>, vector<1x1x16x16xf32>
// CHECK: vector.transfer_write {{.*}} {in_bounds = [true, true, true, false]} : vector<1x16x1x16xf32>, tensor<1x16x1x8xf32>
// CHECK-NOT: vector.transpose
// CHECK: return
// AVX2-LABEL: func.func @shorter_rows
// AVX2-NOT: vector.shuffle
// AVX2: return
func.func @shorter_rows(%x: tensor<1x16x10x10xf32>, %w: tensor<16x16x3x3xf32>) -> tensor<1x16x8x8xf32> {
  %y = deconv.conv %x, %w : (tensor<1x16x10x10xf32>, tensor<16x16x3x3xf32>) -> tensor<1x16x8x8xf32>
  return %y : tensor<1x16x8x8xf32>
}
