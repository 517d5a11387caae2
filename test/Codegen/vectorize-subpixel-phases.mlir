// RUN: deconv-opt %s --deconv-transpose-to-subpixel=subpixel-form=per-phase --canonicalize --cse --deconv-vectorize-convs=vector-width=8 | FileCheck %s
// RUN: deconv-opt %s --deconv-transpose-to-subpixel=subpixel-form=per-phase --canonicalize --cse --deconv-vectorize-convs=vector-width=8 | FileCheck %s --check-prefix=NOREAD
// RUN: deconv-opt %s --deconv-transpose-to-subpixel=subpixel-form=per-phase --canonicalize --cse --deconv-vectorize-convs=vector-width=8 --cse | FileCheck %s --check-prefix=SHARED
// RUN: deconv-opt %s --deconv-transpose-to-subpixel=subpixel-form=per-phase --canonicalize --cse --deconv-vectorize-convs=vector-width=8 | FileCheck %s --check-prefix=K2
// RUN: deconv-opt %s --deconv-transpose-to-subpixel=subpixel-form=per-phase --canonicalize --cse --deconv-vectorize-convs=vector-width=8 | FileCheck %s --check-prefix=D3
// RUN: deconv-run %s --entry=k2s2_3d --random-inputs --check | FileCheck %s --check-prefix=EXEC3D
// RUN: deconv-run %s --entry=k2s2_3d --random-inputs --check --threads=2 | FileCheck %s --check-prefix=EXEC3D
// RUN: deconv-opt %s --deconv-transpose-to-subpixel=subpixel-form=per-phase --canonicalize --cse --deconv-vectorize-convs=vector-width=8 | FileCheck %s --check-prefix=PW
// RUN: deconv-run %s --entry=k2s2_pointwise --random-inputs --check | FileCheck %s --check-prefix=EXECPW
// RUN: deconv-run %s --entry=k3s2_mixed --random-inputs --check | FileCheck %s --check-prefix=EXECPW
// RUN: deconv-run %s --entry=k2s2_3d_pointwise --random-inputs --check | FileCheck %s --check-prefix=EXECPW
// RUN: deconv-run %s --entry=k2s2_3d_pointwise --random-inputs --check --threads=2 | FileCheck %s --check-prefix=EXECPW
// RUN: deconv-run %s --entry=grouped_batched --random-inputs --check | FileCheck %s --check-prefix=EXECPW
// RUN: deconv-run %s --entry=grouped_batched --random-inputs --check --threads=2 | FileCheck %s --check-prefix=EXECPW

// Per-phase sub-pixel convolutions under the micro-kernel: each phase's
// tiles start their accumulators from the bias, read per tile (no bias
// broadcast over a whole phase), directly in the channels-last layout. The phases' channels-last results go to their strided pixels of a
// channels-last output (whole channel vectors per pixel), which is
// transposed to NCHW once, at the end.
// CHECK-LABEL: func.func @k4s2
// CHECK-NOT: linalg.broadcast
// CHECK: %[[OUT:.*]] = tensor.empty() : tensor<1x6x6x8xf32>
// CHECK: scf.forall {{.*}} -> (tensor<1x3x3x8xf32>)
// CHECK: tensor.extract_slice %arg2[%{{.*}}] [8] [1] : tensor<8xf32> to tensor<8xf32>
// CHECK: %[[A0:.*]] = tensor.insert_slice %{{.*}} into %[[OUT]][0, 0, 0, 0] [1, 3, 3, 8] [1, 2, 2, 1] : tensor<1x3x3x8xf32> into tensor<1x6x6x8xf32>
// CHECK: scf.forall {{.*}} -> (tensor<1x3x3x8xf32>)
// CHECK: tensor.extract_slice %arg2[%{{.*}}] [8] [1] : tensor<8xf32> to tensor<8xf32>
// CHECK: %[[A1:.*]] = tensor.insert_slice %{{.*}} into %[[A0]][0, 0, 1, 0] [1, 3, 3, 8] [1, 2, 2, 1]
// CHECK: scf.forall {{.*}} -> (tensor<1x3x3x8xf32>)
// CHECK: tensor.extract_slice %arg2[%{{.*}}] [8] [1] : tensor<8xf32> to tensor<8xf32>
// CHECK: %[[A2:.*]] = tensor.insert_slice %{{.*}} into %[[A1]][0, 1, 0, 0] [1, 3, 3, 8] [1, 2, 2, 1]
// CHECK: scf.forall {{.*}} -> (tensor<1x3x3x8xf32>)
// CHECK: tensor.extract_slice %arg2[%{{.*}}] [8] [1] : tensor<8xf32> to tensor<8xf32>
// CHECK: %[[A3:.*]] = tensor.insert_slice %{{.*}} into %[[A2]][0, 1, 1, 0] [1, 3, 3, 8] [1, 2, 2, 1]
// CHECK: %[[T:.*]] = scf.forall {{.*}} shared_outs(%{{.*}} = %{{.*}}) -> (tensor<1x8x6x6xf32>)
// CHECK: tensor.extract_slice %[[A3]]
// CHECK: vector.transpose
// CHECK: return %[[T]]
// CHECK-NOT: tensor.insert_slice {{.*}} into tensor<1x8x6x6xf32>
// NOREAD-NOT: tensor.extract_slice %{{.*}} [1, 8, 3, 3] [1, 1, 2, 2]

// The phases read windows of one zero-padded input: after CSE it is
// transposed once, straight into one zero-filled channels-last buffer, and
// each phase takes its 4x4 window of that.
// SHARED-LABEL: func.func @k4s2
// SHARED: %[[Z:.*]] = linalg.fill {{.*}} -> tensor<1x5x5x4xf32>
// SHARED: %[[P:.*]] = tensor.insert_slice %{{.*}} into %[[Z]][0, 1, 1, 0] [1, 3, 3, 4] [1, 1, 1, 1]
// SHARED-NOT: linalg.fill {{.*}} -> tensor<1x5x5x4xf32>
// SHARED: tensor.extract_slice %[[P]][0, 0, 0, 0] [1, 4, 4, 4]
// SHARED: tensor.extract_slice %[[P]][0, 0, 1, 0] [1, 4, 4, 4]
// SHARED: tensor.extract_slice %[[P]][0, 1, 0, 0] [1, 4, 4, 4]
// SHARED: tensor.extract_slice %[[P]][0, 1, 1, 0] [1, 4, 4, 4]
// SHARED-NOT: linalg.fill {{.*}} -> tensor<1x5x5x4xf32>
func.func @k4s2(%x: tensor<1x4x3x3xf32>, %w: tensor<4x8x4x4xf32>, %b: tensor<8xf32>) -> tensor<1x8x6x6xf32> {
  %y = deconv.conv_transpose %x, %w, %b strides = [2, 2] padding = [1, 1, 1, 1]
    : (tensor<1x4x3x3xf32>, tensor<4x8x4x4xf32>, tensor<8xf32>) -> tensor<1x8x6x6xf32>
  return %y : tensor<1x8x6x6xf32>
}

// Kernel = stride, no padding: the four 1x1 phases read the input itself,
// and share one channels-last transpose of it (without CSE). Each phase's
// filter is gathered from the weights [C, F, 2, 2] straight into the
// micro-kernel's packed layout [F / 16, 1, 1, C, 16], with no transpose of
// a gathered [F, C, 1, 1] filter. Its loops follow the weights' layout
// (C, then F's block, then F within the block), not the packed filter's.
// K2-DAG: #[[P00:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (0, d2, d4 + d3 * 16, 0, 0)>
// K2-DAG: #[[P11:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (0, d2, d4 + d3 * 16, 1, 1)>
// K2-DAG: #[[OUT:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d3, d0, d1, d2, d4)>
// K2-LABEL: func.func @k2s2
// K2-COUNT-1: scf.forall {{.*}} -> (tensor<1x5x5x16xf32>)
// K2-NOT: -> (tensor<1x5x5x16xf32>)
// K2: linalg.generic {indexing_maps = [#[[P00]], #[[OUT]]], {{.*}} ins(%{{.*}} : tensor<1x16x32x2x2xf32>) outs(%{{.*}} : tensor<2x1x1x16x16xf32>)
// K2-COUNT-2: linalg.generic {{.*}} ins(%{{.*}} : tensor<1x16x32x2x2xf32>) outs(%{{.*}} : tensor<2x1x1x16x16xf32>)
// K2: linalg.generic {indexing_maps = [#[[P11]], {{.*}} ins(%{{.*}} : tensor<1x16x32x2x2xf32>) outs(%{{.*}} : tensor<2x1x1x16x16xf32>)
// K2-NOT: tensor<32x16x1x1xf32>
// K2: return
func.func @k2s2(%x: tensor<1x16x5x5xf32>, %w: tensor<16x32x2x2xf32>) -> tensor<1x32x10x10xf32> {
  %y = deconv.conv_transpose %x, %w strides = [2, 2]
    : (tensor<1x16x5x5xf32>, tensor<16x32x2x2xf32>) -> tensor<1x32x10x10xf32>
  return %y : tensor<1x32x10x10xf32>
}

// 1-D, padded: the phases' windows of the shared padded input are lifted to
// 2-D with the padding still visible, so the input is transposed once, on
// its unpadded 32 columns (vectorized blocks), into a zero-filled
// channels-last buffer; no transpose runs on the padded 34 (or a window's
// 33) columns.
// K2-LABEL: func.func @k4s2_1d
// K2: scf.forall ({{.*}}) = (0, 0, 0, 0) to (1, 1, 32, 8) step (1, 1, 16, 8)
// K2: vector.transpose
// K2: linalg.fill {{.*}} -> tensor<1x1x34x8xf32>
// K2-NOT: to (1, 1, 3{{[34]}}, 8)
// K2-NOT: to (1, 8, 1, 3{{[34]}})
// K2: return
func.func @k4s2_1d(%x: tensor<1x8x32xf32>, %w: tensor<8x32x4xf32>) -> tensor<1x32x64xf32> {
  %y = deconv.conv_transpose %x, %w strides = [2] padding = [1, 1]
    : (tensor<1x8x32xf32>, tensor<8x32x4xf32>) -> tensor<1x32x64xf32>
  return %y : tensor<1x32x64xf32>
}

// A 3-D phase is computed with its pixels flattened ([N, 1, D*H*W, F]
// channels-last) and reshaped back to [N, F, D, H, W] after its layout
// transpose: the reshape moves before the transpose, so the phases go to
// their strided pixels of one channels-last output (whole channel vectors)
// and the output is transposed once, in parallel tiles. Before, each phase
// was scattered into the NCDHW output element by element, serially.
// D3-LABEL: func.func @k2s2_3d
// D3-COUNT-8: tensor.insert_slice {{.*}} [1, 2, 2, 2, 1] : tensor<2x4x4x4x16xf32> into tensor<2x8x8x8x16xf32>
// D3: %[[T:.*]] = scf.forall {{.*}} -> (tensor<2x16x8x8x8xf32>)
// D3-NOT: tensor.insert_slice {{.*}} into tensor<2x16x8x8x8xf32>
// D3: return %[[T]]
// EXEC3D: check: PASS
func.func @k2s2_3d(%x: tensor<2x8x4x4x4xf32>, %w: tensor<8x16x2x2x2xf32>) -> tensor<2x16x8x8x8xf32> {
  %y = deconv.conv_transpose %x, %w strides = [2, 2, 2]
    : (tensor<2x8x4x4x4xf32>, tensor<8x16x2x2x2xf32>) -> tensor<2x16x8x8x8xf32>
  return %y : tensor<2x16x8x8x8xf32>
}

// Kernel = stride: every phase is a 1x1 conv of the whole 32-pixel image
// with an 8 KiB filter, a matrix product that stays NCHW (the filter's rows
// broadcast, the pixels in the lanes), with no layout transpose. The phases
// are not scattered to their strided pixels: each writes its own slice of a
// stack [2, 2, <phase>], and one transpose interleaves the stack into the
// output, 8 pixels of two phases per shuffle.
// PW-LABEL: func.func @k2s2_pointwise
// PW-NOT: transpose
// PW: %[[STACK:.*]] = tensor.empty() : tensor<2x2x1x1x16x32xf32>
// PW: scf.forall ({{.*}}) = (0, 0, 0, 0) to (32, 1, 1, 16) step (16, 1, 1, 4)
// PW: %[[S0:.*]] = tensor.insert_slice %{{.*}} into %[[STACK]][0, 0, 0, 0, 0, 0] [1, 1, 1, 1, 16, 32] [1, 1, 1, 1, 1, 1]
// PW: scf.forall ({{.*}}) = (0, 0, 0, 0) to (32, 1, 1, 16) step (16, 1, 1, 4)
// PW: %[[S1:.*]] = tensor.insert_slice %{{.*}} into %[[S0]][0, 1, 0, 0, 0, 0]
// PW: scf.forall ({{.*}}) = (0, 0, 0, 0) to (32, 1, 1, 16) step (16, 1, 1, 4)
// PW: %[[S2:.*]] = tensor.insert_slice %{{.*}} into %[[S1]][1, 0, 0, 0, 0, 0]
// PW: scf.forall ({{.*}}) = (0, 0, 0, 0) to (32, 1, 1, 16) step (16, 1, 1, 4)
// PW: %[[S3:.*]] = tensor.insert_slice %{{.*}} into %[[S2]][1, 1, 0, 0, 0, 0]
// PW: vector.shuffle %{{.*}} [0, 8, 1, 9, 2, 10, 3, 11, 4, 12, 5, 13, 6, 14, 7, 15] : vector<16xf32>, vector<16xf32>
// PW: tensor.collapse_shape %{{.*}} {{\[}}[0], [1], [2, 3], [4, 5]] : tensor<1x16x4x2x8x2xf32> into tensor<1x16x8x16xf32>
// PW-NOT: transpose
// PW-NOT: [1, 1, 2, 2]
// PW: return
// EXECPW: check: PASS
func.func @k2s2_pointwise(%x: tensor<1x8x4x8xf32>, %w: tensor<8x16x2x2xf32>) -> tensor<1x16x8x16xf32> {
  %y = deconv.conv_transpose %x, %w strides = [2, 2] : (tensor<1x8x4x8xf32>, tensor<8x16x2x2xf32>) -> tensor<1x16x8x16xf32>
  return %y : tensor<1x16x8x16xf32>
}

// A 3x3 kernel at stride 2: one phase of four is 1x1, but the others are
// assembled channels-last and transposed once, so it stays channels-last
// with them.
// PW-LABEL: func.func @k3s2_mixed
// PW-NOT: to (32, 1, 1, 16)
// PW-COUNT-4: scf.forall ({{.*}}) = (0, 0, 0, 0) to (1, 4, 8, 16) step (1, 1, 4, 16)
// PW: vector.transpose %{{.*}}, [0, 3, 1, 2] : vector<1x1x16x16xf32> to vector<1x16x1x16xf32>
func.func @k3s2_mixed(%x: tensor<1x8x4x8xf32>, %w: tensor<8x16x3x3xf32>) -> tensor<1x16x8x16xf32> {
  %y = deconv.conv_transpose %x, %w strides = [2, 2] padding = [1, 1, 1, 1] output_padding = [1, 1] : (tensor<1x8x4x8xf32>, tensor<8x16x3x3xf32>) -> tensor<1x16x8x16xf32>
  return %y : tensor<1x16x8x16xf32>
}

// In 3-D (the phases computed with their 32 pixels flattened), the stack
// keeps each phase's computed shape, [2, 2, 2, 1, 1, 16, 32], and is
// reshaped to [2, 2, 2, 1, 16, 2, 4, 4] for the interleaving transpose.
// PW-LABEL: func.func @k2s2_3d_pointwise
// PW: tensor.empty() : tensor<2x2x2x1x1x16x32xf32>
// PW-COUNT-8: tensor.insert_slice %{{.*}} : tensor<1x1x16x32xf32> into tensor<2x2x2x1x1x16x32xf32>
// PW: tensor.collapse_shape %{{.*}} {{\[}}[0], [1], [2, 3], [4, 5], [6, 7]] : tensor<1x16x2x2x4x2x4x2xf32> into tensor<1x16x4x8x8xf32>
func.func @k2s2_3d_pointwise(%x: tensor<1x8x2x4x4xf32>, %w: tensor<8x16x2x2x2xf32>) -> tensor<1x16x4x8x8xf32> {
  %y = deconv.conv_transpose %x, %w strides = [2, 2, 2] : (tensor<1x8x2x4x4xf32>, tensor<8x16x2x2x2xf32>) -> tensor<1x16x4x8x8xf32>
  return %y : tensor<1x16x4x8x8xf32>
}

// Grouped, each group in the batched form: the phases' 29x29 positions
// (no divisor near a 16x16 transpose block) are transposed back to NCHW in
// blocks whose ends reach past the shape.
func.func @grouped_batched(%x: tensor<1x64x28x28xf32>, %w: tensor<64x16x4x4xf32>, %b: tensor<32xf32>) -> tensor<1x32x56x56xf32> {
  %y = deconv.conv_transpose %x, %w, %b strides = [2, 2] padding = [1, 1, 1, 1] groups = 2 : (tensor<1x64x28x28xf32>, tensor<64x16x4x4xf32>, tensor<32xf32>) -> tensor<1x32x56x56xf32>
  return %y : tensor<1x32x56x56xf32>
}
