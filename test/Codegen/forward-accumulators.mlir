// RUN: deconv-opt %s --deconv-forward-accumulators | FileCheck %s

// The IR of a 1-D conv (4 -> 8 channels, kernel 3) after vectorization: in
// the kernel's forall, the accumulator tile is filled with zeros and carried
// through the reduction loops as a tensor. Afterwards the loops carry the
// accumulator as a vector that starts as a zero splat (no fill is stored or
// loaded), and the unrolled channel steps are gone: 4 channels x 8 pixels =
// 32 FMAs in the tap loop.
// CHECK-LABEL: func.func @conv1d
// CHECK-DAG:     %[[ZERO:.*]] = arith.constant dense<0.000000e+00> : vector<1x8x8xf32>
// CHECK:         scf.forall {{.*}} to (1, 1, 16, 8) step (1, 1, 8, 8)
// CHECK-NOT:       linalg.fill
// CHECK:           scf.for {{.*}} iter_args(%{{.*}} = %[[ZERO]]) -> (vector<1x8x8xf32>)
// CHECK-COUNT-32:    vector.fma
// CHECK-NOT:         vector.fma
// CHECK:           vector.transfer_write {{.*}} : vector<1x8x8xf32>, tensor<1x8x8xf32>
// CHECK-NOT:     deconv.unroll
func.func @conv1d(%arg0: tensor<1x4x16xf32>, %arg1: tensor<8x4x3xf32>) -> tensor<1x8x16xf32> {
  %cst = arith.constant dense<0.000000e+00> : vector<8x8xf32>
  %cst_0 = arith.constant dense<0.000000e+00> : vector<1x8x8xf32>
  %0 = ub.poison : f32
  %c4 = arith.constant 4 : index
  %c3 = arith.constant 3 : index
  %c1 = arith.constant 1 : index
  %c0 = arith.constant 0 : index
  %cst_1 = arith.constant 0.000000e+00 : f32
  %padded = tensor.pad %arg0 low[0, 0, 1] high[0, 0, 1] {
  ^bb0(%arg2: index, %arg3: index, %arg4: index):
    tensor.yield %cst_1 : f32
  } : tensor<1x4x16xf32> to tensor<1x4x18xf32>
  %expanded = tensor.expand_shape %padded [[0], [1], [2, 3]] output_shape [1, 4, 1, 18] : tensor<1x4x18xf32> into tensor<1x4x1x18xf32>
  %expanded_2 = tensor.expand_shape %arg1 [[0], [1], [2, 3]] output_shape [8, 4, 1, 3] : tensor<8x4x3xf32> into tensor<8x4x1x3xf32>
  %1 = tensor.empty() : tensor<1x1x18x4xf32>
  %2 = scf.forall (%arg2, %arg3, %arg4, %arg5) = (0, 0, 0, 0) to (1, 1, 18, 4) step (1, 1, 9, 4) shared_outs(%arg6 = %1) -> (tensor<1x1x18x4xf32>) {
    %extracted_slice = tensor.extract_slice %expanded[%arg2, %arg5, %arg3, %arg4] [1, 4, 1, 9] [1, 1, 1, 1] : tensor<1x4x1x18xf32> to tensor<1x4x1x9xf32>
    %extracted_slice_3 = tensor.extract_slice %arg6[%arg2, %arg3, %arg4, %arg5] [1, 1, 9, 4] [1, 1, 1, 1] : tensor<1x1x18x4xf32> to tensor<1x1x9x4xf32>
    %9 = vector.transfer_read %extracted_slice[%c0, %c0, %c0, %c0], %0 {in_bounds = [true, true, true, true]} : tensor<1x4x1x9xf32>, vector<1x4x1x9xf32>
    %10 = vector.transpose %9, [0, 2, 3, 1] : vector<1x4x1x9xf32> to vector<1x1x9x4xf32>
    %11 = vector.transfer_write %10, %extracted_slice_3[%c0, %c0, %c0, %c0] {in_bounds = [true, true, true, true]} : vector<1x1x9x4xf32>, tensor<1x1x9x4xf32>
    scf.forall.in_parallel {
      tensor.parallel_insert_slice %11 into %arg6[%arg2, %arg3, %arg4, %arg5] [1, 1, 9, 4] [1, 1, 1, 1] : tensor<1x1x9x4xf32> into tensor<1x1x18x4xf32>
    }
  }
  %3 = tensor.empty() : tensor<1x3x4x8xf32>
  %4 = scf.forall (%arg2, %arg3, %arg4, %arg5) = (0, 0, 0, 0) to (1, 3, 4, 8) step (1, 3, 1, 8) shared_outs(%arg6 = %3) -> (tensor<1x3x4x8xf32>) {
    %extracted_slice = tensor.extract_slice %expanded_2[%arg5, %arg4, %arg2, %arg3] [8, 1, 1, 3] [1, 1, 1, 1] : tensor<8x4x1x3xf32> to tensor<8x1x1x3xf32>
    %extracted_slice_3 = tensor.extract_slice %arg6[%arg2, %arg3, %arg4, %arg5] [1, 3, 1, 8] [1, 1, 1, 1] : tensor<1x3x4x8xf32> to tensor<1x3x1x8xf32>
    %9 = vector.transfer_read %extracted_slice[%c0, %c0, %c0, %c0], %0 {in_bounds = [true, true, true, true]} : tensor<8x1x1x3xf32>, vector<8x1x1x3xf32>
    %10 = vector.transpose %9, [2, 3, 1, 0] : vector<8x1x1x3xf32> to vector<1x3x1x8xf32>
    %11 = vector.transfer_write %10, %extracted_slice_3[%c0, %c0, %c0, %c0] {in_bounds = [true, true, true, true]} : vector<1x3x1x8xf32>, tensor<1x3x1x8xf32>
    scf.forall.in_parallel {
      tensor.parallel_insert_slice %11 into %arg6[%arg2, %arg3, %arg4, %arg5] [1, 3, 1, 8] [1, 1, 1, 1] : tensor<1x3x1x8xf32> into tensor<1x3x4x8xf32>
    }
  }
  %5 = tensor.empty() : tensor<1x1x16x8xf32>
  %6 = scf.forall (%arg2, %arg3, %arg4, %arg5) = (0, 0, 0, 0) to (1, 1, 16, 8) step (1, 1, 8, 8) shared_outs(%arg6 = %5) -> (tensor<1x1x16x8xf32>) {
    %extracted_slice = tensor.extract_slice %2[%arg2, %arg3, %arg4, 0] [1, 1, 10, 4] [1, 1, 1, 1] : tensor<1x1x18x4xf32> to tensor<1x1x10x4xf32>
    %extracted_slice_3 = tensor.extract_slice %4[0, 0, 0, %arg5] [1, 3, 4, 8] [1, 1, 1, 1] : tensor<1x3x4x8xf32> to tensor<1x3x4x8xf32>
    %extracted_slice_4 = tensor.extract_slice %arg6[%arg2, %arg3, %arg4, %arg5] [1, 1, 8, 8] [1, 1, 1, 1] : tensor<1x1x16x8xf32> to tensor<1x1x8x8xf32>
    %9 = linalg.fill ins(%cst_1 : f32) outs(%extracted_slice_4 : tensor<1x1x8x8xf32>) -> tensor<1x1x8x8xf32>
    %10 = scf.for %arg7 = %c0 to %c1 step %c1 iter_args(%arg8 = %9) -> (tensor<1x1x8x8xf32>) {
      %11 = scf.for %arg9 = %c0 to %c3 step %c1 iter_args(%arg10 = %arg8) -> (tensor<1x1x8x8xf32>) {
        %12 = scf.for %arg11 = %c0 to %c4 step %c4 iter_args(%arg12 = %arg10) -> (tensor<1x1x8x8xf32>) {
          %extracted_slice_5 = tensor.extract_slice %extracted_slice[0, %arg7, %arg9, %arg11] [1, 1, 8, 4] [1, 1, 1, 1] : tensor<1x1x10x4xf32> to tensor<1x1x8x4xf32>
          %extracted_slice_6 = tensor.extract_slice %extracted_slice_3[%arg7, %arg9, %arg11, 0] [1, 1, 4, 8] [1, 1, 1, 1] : tensor<1x3x4x8xf32> to tensor<1x1x4x8xf32>
          %13 = scf.for %arg13 = %c0 to %c4 step %c1 iter_args(%arg14 = %arg12) -> (tensor<1x1x8x8xf32>) {
            %extracted_slice_7 = tensor.extract_slice %extracted_slice_5[0, 0, 0, %arg13] [1, 1, 8, 1] [1, 1, 1, 1] : tensor<1x1x8x4xf32> to tensor<1x1x8x1xf32>
            %extracted_slice_8 = tensor.extract_slice %extracted_slice_6[0, 0, %arg13, 0] [1, 1, 1, 8] [1, 1, 1, 1] : tensor<1x1x4x8xf32> to tensor<1x1x1x8xf32>
            %extracted_slice_9 = tensor.extract_slice %extracted_slice_7[0, 0, 0, 0] [1, 1, 8, 1] [1, 1, 1, 1] : tensor<1x1x8x1xf32> to tensor<1x8x1xf32>
            %extracted_slice_10 = tensor.extract_slice %extracted_slice_8[0, 0, 0, 0] [1, 1, 1, 8] [1, 1, 1, 1] : tensor<1x1x1x8xf32> to tensor<1x1x8xf32>
            %extracted_slice_11 = tensor.extract_slice %arg14[0, 0, 0, 0] [1, 1, 8, 8] [1, 1, 1, 1] : tensor<1x1x8x8xf32> to tensor<1x8x8xf32>
            %14 = vector.transfer_read %extracted_slice_9[%c0, %c0, %c0], %cst_1 {in_bounds = [true, true, true]} : tensor<1x8x1xf32>, vector<1x8x1xf32>
            %15 = vector.transfer_read %extracted_slice_10[%c0, %c0, %c0], %cst_1 {in_bounds = [true, true, true]} : tensor<1x1x8xf32>, vector<1x1x8xf32>
            %16 = vector.transfer_read %extracted_slice_11[%c0, %c0, %c0], %cst_1 {in_bounds = [true, true, true]} : tensor<1x8x8xf32>, vector<1x8x8xf32>
            %17 = vector.extract %15[0, 0] : vector<8xf32> from vector<1x1x8xf32>
            %18 = vector.extract %14[0, 0, 0] : f32 from vector<1x8x1xf32>
            %19 = vector.broadcast %18 : f32 to vector<8xf32>
            %20 = vector.extract %16[0, 0] : vector<8xf32> from vector<1x8x8xf32>
            %21 = vector.fma %19, %17, %20 : vector<8xf32>
            %22 = vector.insert %21, %cst [0] : vector<8xf32> into vector<8x8xf32>
            %23 = vector.extract %14[0, 1, 0] : f32 from vector<1x8x1xf32>
            %24 = vector.broadcast %23 : f32 to vector<8xf32>
            %25 = vector.extract %16[0, 1] : vector<8xf32> from vector<1x8x8xf32>
            %26 = vector.fma %24, %17, %25 : vector<8xf32>
            %27 = vector.insert %26, %22 [1] : vector<8xf32> into vector<8x8xf32>
            %28 = vector.extract %14[0, 2, 0] : f32 from vector<1x8x1xf32>
            %29 = vector.broadcast %28 : f32 to vector<8xf32>
            %30 = vector.extract %16[0, 2] : vector<8xf32> from vector<1x8x8xf32>
            %31 = vector.fma %29, %17, %30 : vector<8xf32>
            %32 = vector.insert %31, %27 [2] : vector<8xf32> into vector<8x8xf32>
            %33 = vector.extract %14[0, 3, 0] : f32 from vector<1x8x1xf32>
            %34 = vector.broadcast %33 : f32 to vector<8xf32>
            %35 = vector.extract %16[0, 3] : vector<8xf32> from vector<1x8x8xf32>
            %36 = vector.fma %34, %17, %35 : vector<8xf32>
            %37 = vector.insert %36, %32 [3] : vector<8xf32> into vector<8x8xf32>
            %38 = vector.extract %14[0, 4, 0] : f32 from vector<1x8x1xf32>
            %39 = vector.broadcast %38 : f32 to vector<8xf32>
            %40 = vector.extract %16[0, 4] : vector<8xf32> from vector<1x8x8xf32>
            %41 = vector.fma %39, %17, %40 : vector<8xf32>
            %42 = vector.insert %41, %37 [4] : vector<8xf32> into vector<8x8xf32>
            %43 = vector.extract %14[0, 5, 0] : f32 from vector<1x8x1xf32>
            %44 = vector.broadcast %43 : f32 to vector<8xf32>
            %45 = vector.extract %16[0, 5] : vector<8xf32> from vector<1x8x8xf32>
            %46 = vector.fma %44, %17, %45 : vector<8xf32>
            %47 = vector.insert %46, %42 [5] : vector<8xf32> into vector<8x8xf32>
            %48 = vector.extract %14[0, 6, 0] : f32 from vector<1x8x1xf32>
            %49 = vector.broadcast %48 : f32 to vector<8xf32>
            %50 = vector.extract %16[0, 6] : vector<8xf32> from vector<1x8x8xf32>
            %51 = vector.fma %49, %17, %50 : vector<8xf32>
            %52 = vector.insert %51, %47 [6] : vector<8xf32> into vector<8x8xf32>
            %53 = vector.extract %14[0, 7, 0] : f32 from vector<1x8x1xf32>
            %54 = vector.broadcast %53 : f32 to vector<8xf32>
            %55 = vector.extract %16[0, 7] : vector<8xf32> from vector<1x8x8xf32>
            %56 = vector.fma %54, %17, %55 : vector<8xf32>
            %57 = vector.insert %56, %52 [7] : vector<8xf32> into vector<8x8xf32>
            %58 = vector.insert %57, %cst_0 [0] : vector<8x8xf32> into vector<1x8x8xf32>
            %59 = vector.transfer_write %58, %extracted_slice_11[%c0, %c0, %c0] {in_bounds = [true, true, true]} : vector<1x8x8xf32>, tensor<1x8x8xf32>
            %inserted_slice = tensor.insert_slice %59 into %arg14[0, 0, 0, 0] [1, 1, 8, 8] [1, 1, 1, 1] : tensor<1x8x8xf32> into tensor<1x1x8x8xf32>
            scf.yield %inserted_slice : tensor<1x1x8x8xf32>
          } {deconv.unroll}
          scf.yield %13 : tensor<1x1x8x8xf32>
        }
        scf.yield %12 : tensor<1x1x8x8xf32>
      }
      scf.yield %11 : tensor<1x1x8x8xf32>
    }
    scf.forall.in_parallel {
      tensor.parallel_insert_slice %10 into %arg6[%arg2, %arg3, %arg4, %arg5] [1, 1, 8, 8] [1, 1, 1, 1] : tensor<1x1x8x8xf32> into tensor<1x1x16x8xf32>
    }
  }
  %7 = tensor.empty() : tensor<1x8x1x16xf32>
  %8 = scf.forall (%arg2, %arg3, %arg4, %arg5) = (0, 0, 0, 0) to (1, 8, 1, 16) step (1, 8, 1, 16) shared_outs(%arg6 = %7) -> (tensor<1x8x1x16xf32>) {
    %extracted_slice = tensor.extract_slice %6[%arg2, %arg4, %arg5, %arg3] [1, 1, 16, 8] [1, 1, 1, 1] : tensor<1x1x16x8xf32> to tensor<1x1x16x8xf32>
    %extracted_slice_3 = tensor.extract_slice %arg6[%arg2, %arg3, %arg4, %arg5] [1, 8, 1, 16] [1, 1, 1, 1] : tensor<1x8x1x16xf32> to tensor<1x8x1x16xf32>
    %9 = vector.transfer_read %extracted_slice[%c0, %c0, %c0, %c0], %0 {in_bounds = [true, true, true, true]} : tensor<1x1x16x8xf32>, vector<1x1x16x8xf32>
    %10 = vector.transpose %9, [0, 3, 1, 2] : vector<1x1x16x8xf32> to vector<1x8x1x16xf32>
    %11 = vector.transfer_write %10, %extracted_slice_3[%c0, %c0, %c0, %c0] {in_bounds = [true, true, true, true]} : vector<1x8x1x16xf32>, tensor<1x8x1x16xf32>
    scf.forall.in_parallel {
      tensor.parallel_insert_slice %11 into %arg6[%arg2, %arg3, %arg4, %arg5] [1, 8, 1, 16] [1, 1, 1, 1] : tensor<1x8x1x16xf32> into tensor<1x8x1x16xf32>
    }
  }
  %collapsed = tensor.collapse_shape %8 [[0], [1], [2, 3]] : tensor<1x8x1x16xf32> into tensor<1x8x16xf32>
  return %collapsed : tensor<1x8x16xf32>
}


// The rows kernel's IR after vectorization (2 output channels x 16 pixels,
// 2 input channels, a 1x2 filter): the two accumulator rows are hoisted out
// of the input channel loop and written back after it. The second row's
// slice is taken from the tile after the first row's insert, not from the
// tile before it, so that bufferization writes both rows in place.
// CHECK-LABEL: func.func @rows_write_back
// CHECK:         %[[T:.*]] = tensor.extract_slice %{{.*}} [1, 2, 1, 16] [1, 1, 1, 1]
// CHECK:         %[[ACC:.*]]:2 = scf.for {{.*}} -> (vector<16xf32>, vector<16xf32>)
// CHECK:         vector.transfer_write %[[ACC]]#1
// CHECK:         %[[C1:.*]] = tensor.insert_slice %{{.*}} into %[[T]][0, %c1, %c0, 0] [1, 1, 1, 16]
// CHECK:         %[[S:.*]] = tensor.extract_slice %[[C1]][0, %c0, %c0, 0] [1, 1, 1, 16]
// CHECK:         %[[S2:.*]] = tensor.extract_slice %[[S]][0, 0, 0, 0] [1, 1, 1, 16]
// CHECK:         vector.transfer_write %[[ACC]]#0, %[[S2]]
// CHECK:         %[[S3:.*]] = tensor.extract_slice %[[C1]][0, %c0, %c0, 0] [1, 1, 1, 16]
// CHECK:         %[[R:.*]] = tensor.insert_slice %{{.*}} into %[[S3]]
// CHECK:         tensor.insert_slice %[[R]] into %[[C1]][0, %c0, %c0, 0] [1, 1, 1, 16]
func.func @rows_write_back(%arg0: tensor<1x2x1x17xf32>, %arg1: tensor<2x2x1x2xf32>) -> tensor<1x2x1x16xf32> {
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c0 = arith.constant 0 : index
  %cst = arith.constant 0.000000e+00 : f32
  %0 = tensor.empty() : tensor<1x2x1x16xf32>
  %1 = scf.forall (%arg2, %arg3, %arg4, %arg5) = (0, 0, 0, 0) to (1, 2, 1, 16) step (1, 2, 1, 16) shared_outs(%arg6 = %0) -> (tensor<1x2x1x16xf32>) {
    %extracted_slice = tensor.extract_slice %arg0[%arg2, 0, %arg4, %arg5] [1, 2, 1, 17] [1, 1, 1, 1] : tensor<1x2x1x17xf32> to tensor<1x2x1x17xf32>
    %extracted_slice_0 = tensor.extract_slice %arg1[%arg3, 0, 0, 0] [2, 2, 1, 2] [1, 1, 1, 1] : tensor<2x2x1x2xf32> to tensor<2x2x1x2xf32>
    %extracted_slice_1 = tensor.extract_slice %arg6[%arg2, %arg3, %arg4, %arg5] [1, 2, 1, 16] [1, 1, 1, 1] : tensor<1x2x1x16xf32> to tensor<1x2x1x16xf32>
    %2 = linalg.fill ins(%cst : f32) outs(%extracted_slice_1 : tensor<1x2x1x16xf32>) -> tensor<1x2x1x16xf32>
    %3 = scf.for %arg7 = %c0 to %c2 step %c1 iter_args(%arg8 = %2) -> (tensor<1x2x1x16xf32>) {
      %extracted_slice_2 = tensor.extract_slice %extracted_slice[0, %arg7, 0, 0] [1, 1, 1, 17] [1, 1, 1, 1] : tensor<1x2x1x17xf32> to tensor<1x1x1x17xf32>
      %extracted_slice_3 = tensor.extract_slice %extracted_slice_0[0, %arg7, 0, 0] [2, 1, 1, 2] [1, 1, 1, 1] : tensor<2x2x1x2xf32> to tensor<2x1x1x2xf32>
      %4 = scf.for %arg9 = %c0 to %c1 step %c1 iter_args(%arg10 = %arg8) -> (tensor<1x2x1x16xf32>) {
        %5 = scf.for %arg11 = %c0 to %c2 step %c1 iter_args(%arg12 = %arg10) -> (tensor<1x2x1x16xf32>) {
          %6 = scf.for %arg13 = %c0 to %c2 step %c1 iter_args(%arg14 = %arg12) -> (tensor<1x2x1x16xf32>) {
            %7 = scf.for %arg15 = %c0 to %c1 step %c1 iter_args(%arg16 = %arg14) -> (tensor<1x2x1x16xf32>) {
              %8 = affine.apply affine_map<(d0, d1) -> (d0 + d1)>(%arg15, %arg9)
              %extracted_slice_4 = tensor.extract_slice %extracted_slice_2[0, 0, %8, %arg11] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x1x17xf32> to tensor<1x1x1x16xf32>
              %extracted_slice_5 = tensor.extract_slice %extracted_slice_3[%arg13, 0, %arg9, %arg11] [1, 1, 1, 1] [1, 1, 1, 1] : tensor<2x1x1x2xf32> to tensor<1x1x1x1xf32>
              %extracted_slice_6 = tensor.extract_slice %arg16[0, %arg13, %arg15, 0] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x2x1x16xf32> to tensor<1x1x1x16xf32>
              %extracted_slice_7 = tensor.extract_slice %extracted_slice_4[0, 0, 0, 0] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x1x16xf32> to tensor<16xf32>
              %extracted_slice_8 = tensor.extract_slice %extracted_slice_5[0, 0, 0, 0] [1, 1, 1, 1] [1, 1, 1, 1] : tensor<1x1x1x1xf32> to tensor<1xf32>
              %extracted_slice_9 = tensor.extract_slice %extracted_slice_6[0, 0, 0, 0] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x1x16xf32> to tensor<16xf32>
              %9 = vector.transfer_read %extracted_slice_7[%c0], %cst {in_bounds = [true]} : tensor<16xf32>, vector<16xf32>
              %10 = vector.transfer_read %extracted_slice_8[%c0], %cst {in_bounds = [true]} : tensor<1xf32>, vector<1xf32>
              %11 = vector.transfer_read %extracted_slice_9[%c0], %cst {in_bounds = [true]} : tensor<16xf32>, vector<16xf32>
              %12 = vector.extract %10[0] : f32 from vector<1xf32>
              %13 = vector.broadcast %12 : f32 to vector<16xf32>
              %14 = vector.fma %9, %13, %11 : vector<16xf32>
              %15 = vector.transfer_write %14, %extracted_slice_9[%c0] {in_bounds = [true]} : vector<16xf32>, tensor<16xf32>
              %inserted_slice = tensor.insert_slice %15 into %extracted_slice_6[0, 0, 0, 0] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<16xf32> into tensor<1x1x1x16xf32>
              %inserted_slice_10 = tensor.insert_slice %inserted_slice into %arg16[0, %arg13, %arg15, 0] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x1x16xf32> into tensor<1x2x1x16xf32>
              scf.yield %inserted_slice_10 : tensor<1x2x1x16xf32>
            } {deconv.unroll}
            scf.yield %7 : tensor<1x2x1x16xf32>
          } {deconv.unroll}
          scf.yield %6 : tensor<1x2x1x16xf32>
        } {deconv.unroll}
        scf.yield %5 : tensor<1x2x1x16xf32>
      } {deconv.unroll}
      scf.yield %4 : tensor<1x2x1x16xf32>
    }
    scf.forall.in_parallel {
      tensor.parallel_insert_slice %3 into %arg6[%arg2, %arg3, %arg4, %arg5] [1, 2, 1, 16] [1, 1, 1, 1] : tensor<1x2x1x16xf32> into tensor<1x2x1x16xf32>
    }
  }
  return %1 : tensor<1x2x1x16xf32>
}

// A tile whose accumulators start from the output (the second block of
// input channels of a blocked filter), two rows: each row is read before
// the loop and written back after it. The second row written back takes
// its slice from the first row's insert; the reads keep their slices of
// the tile.
// CHECK-LABEL: func.func @read_then_written
// CHECK:         %[[T:.*]] = tensor.extract_slice %{{.*}} [1, 2, 4, 16] [1, 1, 1, 1]
// CHECK-COUNT-2: vector.transfer_read %{{.*}}[%c0, %c0, %c0], %{{.*}} : tensor<1x4x16xf32>, vector<1x4x16xf32>
// CHECK:         %[[ACC:.*]]:2 = scf.for
// CHECK:         %[[C1:.*]] = tensor.insert_slice %{{.*}} into %[[T]][0, %c1, 0, 0] [1, 1, 4, 16]
// CHECK:         %[[S:.*]] = tensor.extract_slice %[[C1]][0, %c0, 0, 0] [1, 1, 4, 16]
// CHECK:         %[[S2:.*]] = tensor.extract_slice %[[S]][0, 0, 0, 0] [1, 1, 4, 16]
// CHECK:         vector.transfer_write %[[ACC]]#0, %[[S2]]
// CHECK:         tensor.insert_slice %{{.*}} into %[[C1]][0, %c0, 0, 0] [1, 1, 4, 16]
func.func @read_then_written(%arg0: tensor<1x4x4x4xf32>, %arg1: tensor<16x4x1x1xf32>) -> tensor<1x16x4x4xf32> {
  %cst = arith.constant dense<0.000000e+00> : vector<4x16xf32>
  %cst_0 = arith.constant dense<0.000000e+00> : vector<1x4x16xf32>
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c4 = arith.constant 4 : index
  %c0 = arith.constant 0 : index
  %cst_1 = arith.constant 0.000000e+00 : f32
  %0 = tensor.empty() : tensor<1x4x4x4xf32>
  %transposed = linalg.transpose ins(%arg0 : tensor<1x4x4x4xf32>) outs(%0 : tensor<1x4x4x4xf32>) permutation = [0, 2, 3, 1] 
  %1 = tensor.empty() : tensor<1x1x4x16xf32>
  %transposed_2 = linalg.transpose ins(%arg1 : tensor<16x4x1x1xf32>) outs(%1 : tensor<1x1x4x16xf32>) permutation = [2, 3, 1, 0] 
  %2 = tensor.empty() : tensor<1x4x4x16xf32>
  %3 = linalg.fill ins(%cst_1 : f32) outs(%2 : tensor<1x4x4x16xf32>) -> tensor<1x4x4x16xf32>
  %4 = scf.for %arg2 = %c0 to %c4 step %c2 iter_args(%arg3 = %3) -> (tensor<1x4x4x16xf32>) {
    %extracted_slice = tensor.extract_slice %transposed[0, 0, 0, %arg2] [1, 4, 4, 2] [1, 1, 1, 1] : tensor<1x4x4x4xf32> to tensor<1x4x4x2xf32>
    %extracted_slice_4 = tensor.extract_slice %transposed_2[0, 0, %arg2, 0] [1, 1, 2, 16] [1, 1, 1, 1] : tensor<1x1x4x16xf32> to tensor<1x1x2x16xf32>
    %6 = scf.forall (%arg4, %arg5, %arg6, %arg7) = (0, 0, 0, 0) to (1, 4, 4, 16) step (1, 2, 4, 16) shared_outs(%arg8 = %arg3) -> (tensor<1x4x4x16xf32>) {
      %extracted_slice_5 = tensor.extract_slice %extracted_slice[%arg4, %arg5, %arg6, 0] [1, 2, 4, 2] [1, 1, 1, 1] : tensor<1x4x4x2xf32> to tensor<1x2x4x2xf32>
      %extracted_slice_6 = tensor.extract_slice %extracted_slice_4[0, 0, 0, %arg7] [1, 1, 2, 16] [1, 1, 1, 1] : tensor<1x1x2x16xf32> to tensor<1x1x2x16xf32>
      %extracted_slice_7 = tensor.extract_slice %arg8[%arg4, %arg5, %arg6, %arg7] [1, 2, 4, 16] [1, 1, 1, 1] : tensor<1x4x4x16xf32> to tensor<1x2x4x16xf32>
      %7 = scf.for %arg9 = %c0 to %c1 step %c1 iter_args(%arg10 = %extracted_slice_7) -> (tensor<1x2x4x16xf32>) {
        %8 = scf.for %arg11 = %c0 to %c1 step %c1 iter_args(%arg12 = %arg10) -> (tensor<1x2x4x16xf32>) {
          %9 = scf.for %arg13 = %c0 to %c2 step %c1 iter_args(%arg14 = %arg12) -> (tensor<1x2x4x16xf32>) {
            %10 = scf.for %arg15 = %c0 to %c2 step %c1 iter_args(%arg16 = %arg14) -> (tensor<1x2x4x16xf32>) {
              %11 = affine.apply affine_map<(d0, d1) -> (d0 + d1)>(%arg15, %arg9)
              %extracted_slice_8 = tensor.extract_slice %extracted_slice_5[0, %11, %arg11, %arg13] [1, 1, 4, 1] [1, 1, 1, 1] : tensor<1x2x4x2xf32> to tensor<1x1x4x1xf32>
              %extracted_slice_9 = tensor.extract_slice %extracted_slice_6[%arg9, %arg11, %arg13, 0] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x2x16xf32> to tensor<1x1x1x16xf32>
              %extracted_slice_10 = tensor.extract_slice %arg16[0, %arg15, 0, 0] [1, 1, 4, 16] [1, 1, 1, 1] : tensor<1x2x4x16xf32> to tensor<1x1x4x16xf32>
              %extracted_slice_11 = tensor.extract_slice %extracted_slice_8[0, 0, 0, 0] [1, 1, 4, 1] [1, 1, 1, 1] : tensor<1x1x4x1xf32> to tensor<1x4x1xf32>
              %extracted_slice_12 = tensor.extract_slice %extracted_slice_9[0, 0, 0, 0] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x1x16xf32> to tensor<1x1x16xf32>
              %extracted_slice_13 = tensor.extract_slice %extracted_slice_10[0, 0, 0, 0] [1, 1, 4, 16] [1, 1, 1, 1] : tensor<1x1x4x16xf32> to tensor<1x4x16xf32>
              %12 = vector.transfer_read %extracted_slice_11[%c0, %c0, %c0], %cst_1 {in_bounds = [true, true, true]} : tensor<1x4x1xf32>, vector<1x4x1xf32>
              %13 = vector.transfer_read %extracted_slice_12[%c0, %c0, %c0], %cst_1 {in_bounds = [true, true, true]} : tensor<1x1x16xf32>, vector<1x1x16xf32>
              %14 = vector.transfer_read %extracted_slice_13[%c0, %c0, %c0], %cst_1 {in_bounds = [true, true, true]} : tensor<1x4x16xf32>, vector<1x4x16xf32>
              %15 = vector.extract %13[0, 0] : vector<16xf32> from vector<1x1x16xf32>
              %16 = vector.extract %12[0, 0, 0] : f32 from vector<1x4x1xf32>
              %17 = vector.broadcast %16 : f32 to vector<16xf32>
              %18 = vector.extract %14[0, 0] : vector<16xf32> from vector<1x4x16xf32>
              %19 = vector.fma %17, %15, %18 : vector<16xf32>
              %20 = vector.insert %19, %cst [0] : vector<16xf32> into vector<4x16xf32>
              %21 = vector.extract %12[0, 1, 0] : f32 from vector<1x4x1xf32>
              %22 = vector.broadcast %21 : f32 to vector<16xf32>
              %23 = vector.extract %14[0, 1] : vector<16xf32> from vector<1x4x16xf32>
              %24 = vector.fma %22, %15, %23 : vector<16xf32>
              %25 = vector.insert %24, %20 [1] : vector<16xf32> into vector<4x16xf32>
              %26 = vector.extract %12[0, 2, 0] : f32 from vector<1x4x1xf32>
              %27 = vector.broadcast %26 : f32 to vector<16xf32>
              %28 = vector.extract %14[0, 2] : vector<16xf32> from vector<1x4x16xf32>
              %29 = vector.fma %27, %15, %28 : vector<16xf32>
              %30 = vector.insert %29, %25 [2] : vector<16xf32> into vector<4x16xf32>
              %31 = vector.extract %12[0, 3, 0] : f32 from vector<1x4x1xf32>
              %32 = vector.broadcast %31 : f32 to vector<16xf32>
              %33 = vector.extract %14[0, 3] : vector<16xf32> from vector<1x4x16xf32>
              %34 = vector.fma %32, %15, %33 : vector<16xf32>
              %35 = vector.insert %34, %30 [3] : vector<16xf32> into vector<4x16xf32>
              %36 = vector.insert %35, %cst_0 [0] : vector<4x16xf32> into vector<1x4x16xf32>
              %37 = vector.transfer_write %36, %extracted_slice_13[%c0, %c0, %c0] {in_bounds = [true, true, true]} : vector<1x4x16xf32>, tensor<1x4x16xf32>
              %inserted_slice = tensor.insert_slice %37 into %extracted_slice_10[0, 0, 0, 0] [1, 1, 4, 16] [1, 1, 1, 1] : tensor<1x4x16xf32> into tensor<1x1x4x16xf32>
              %inserted_slice_14 = tensor.insert_slice %inserted_slice into %arg16[0, %arg15, 0, 0] [1, 1, 4, 16] [1, 1, 1, 1] : tensor<1x1x4x16xf32> into tensor<1x2x4x16xf32>
              scf.yield %inserted_slice_14 : tensor<1x2x4x16xf32>
            } {deconv.unroll}
            scf.yield %10 : tensor<1x2x4x16xf32>
          }
          scf.yield %9 : tensor<1x2x4x16xf32>
        }
        scf.yield %8 : tensor<1x2x4x16xf32>
      }
      scf.forall.in_parallel {
        tensor.parallel_insert_slice %7 into %arg8[%arg4, %arg5, %arg6, %arg7] [1, 2, 4, 16] [1, 1, 1, 1] : tensor<1x2x4x16xf32> into tensor<1x4x4x16xf32>
      }
    }
    scf.yield %6 : tensor<1x4x4x16xf32>
  }
  %5 = tensor.empty() : tensor<1x16x4x4xf32>
  %transposed_3 = linalg.transpose ins(%4 : tensor<1x4x4x16xf32>) outs(%5 : tensor<1x16x4x4xf32>) permutation = [0, 3, 1, 2] 
  return %transposed_3 : tensor<1x16x4x4xf32>
}

// A pointwise NCHW kernel's IR after vectorization, its accumulators
// initialised by the bias broadcast over the whole (reshaped) output, which
// the forall shares. Afterwards the loop shares an empty tensor, no
// broadcast is left, and each tile starts its accumulators with a read of
// its 4 channels of the bias, repeated along the pixels in registers.
// CHECK-LABEL: func.func @bias
// CHECK-NOT:     linalg.broadcast
// CHECK:         %[[EMPTY:.*]] = tensor.empty() : tensor<1x1x16x32xf32>
// CHECK:         scf.forall (%{{.*}}, %{{.*}}, %{{.*}}, %[[F:.*]]) = {{.*}} shared_outs(%{{.*}} = %[[EMPTY]])
// CHECK:           %[[B:.*]] = tensor.extract_slice %arg2[%[[F]]] [4] [1] : tensor<16xf32> to tensor<4xf32>
// CHECK:           vector.transfer_read %[[B]][%{{.*}}], %{{.*}} {in_bounds = [true, true, true], permutation_map = #{{.*}}} : tensor<4xf32>, vector<1x4x16xf32>
// CHECK-COUNT-32:  vector.fma
// CHECK-NOT:       linalg.broadcast
// CHECK:           tensor.parallel_insert_slice
func.func @bias(%arg0: tensor<1x8x4x8xf32>, %arg1: tensor<16x8x1x1xf32>, %arg2: tensor<16xf32>) -> tensor<1x16x4x8xf32> {
  %cst = arith.constant dense<0.000000e+00> : vector<4x16xf32>
  %cst_0 = arith.constant dense<0.000000e+00> : vector<1x4x16xf32>
  %cst_1 = arith.constant 0.000000e+00 : f32
  %c8 = arith.constant 8 : index
  %c1 = arith.constant 1 : index
  %c0 = arith.constant 0 : index
  %collapsed = tensor.collapse_shape %arg1 [[0], [1, 2, 3]] : tensor<16x8x1x1xf32> into tensor<16x8xf32>
  %expanded = tensor.expand_shape %collapsed [[0, 1, 2], [3]] output_shape [1, 1, 16, 8] : tensor<16x8xf32> into tensor<1x1x16x8xf32>
  %collapsed_2 = tensor.collapse_shape %arg0 [[0], [1], [2, 3]] : tensor<1x8x4x8xf32> into tensor<1x8x32xf32>
  %expanded_3 = tensor.expand_shape %collapsed_2 [[0, 1], [2], [3]] output_shape [1, 1, 8, 32] : tensor<1x8x32xf32> into tensor<1x1x8x32xf32>
  %0 = tensor.empty() : tensor<1x1x16x32xf32>
  %broadcasted = linalg.broadcast ins(%arg2 : tensor<16xf32>) outs(%0 : tensor<1x1x16x32xf32>) dimensions = [0, 1, 3] 
  %1 = scf.forall (%arg3, %arg4, %arg5, %arg6) = (0, 0, 0, 0) to (32, 1, 1, 16) step (16, 1, 1, 4) shared_outs(%arg7 = %broadcasted) -> (tensor<1x1x16x32xf32>) {
    %extracted_slice = tensor.extract_slice %expanded[%arg4, %arg5, %arg6, 0] [1, 1, 4, 8] [1, 1, 1, 1] : tensor<1x1x16x8xf32> to tensor<1x1x4x8xf32>
    %extracted_slice_6 = tensor.extract_slice %expanded_3[0, 0, 0, %arg3] [1, 1, 8, 16] [1, 1, 1, 1] : tensor<1x1x8x32xf32> to tensor<1x1x8x16xf32>
    %extracted_slice_7 = tensor.extract_slice %arg7[%arg4, %arg5, %arg6, %arg3] [1, 1, 4, 16] [1, 1, 1, 1] : tensor<1x1x16x32xf32> to tensor<1x1x4x16xf32>
    %2 = scf.for %arg8 = %c0 to %c1 step %c1 iter_args(%arg9 = %extracted_slice_7) -> (tensor<1x1x4x16xf32>) {
      %3 = scf.for %arg10 = %c0 to %c1 step %c1 iter_args(%arg11 = %arg9) -> (tensor<1x1x4x16xf32>) {
        %4 = scf.for %arg12 = %c0 to %c8 step %c8 iter_args(%arg13 = %arg11) -> (tensor<1x1x4x16xf32>) {
          %extracted_slice_8 = tensor.extract_slice %extracted_slice[0, %arg8, %arg10, %arg12] [1, 1, 4, 8] [1, 1, 1, 1] : tensor<1x1x4x8xf32> to tensor<1x1x4x8xf32>
          %extracted_slice_9 = tensor.extract_slice %extracted_slice_6[%arg8, %arg10, %arg12, 0] [1, 1, 8, 16] [1, 1, 1, 1] : tensor<1x1x8x16xf32> to tensor<1x1x8x16xf32>
          %5 = scf.for %arg14 = %c0 to %c8 step %c1 iter_args(%arg15 = %arg13) -> (tensor<1x1x4x16xf32>) {
            %extracted_slice_10 = tensor.extract_slice %extracted_slice_8[0, 0, 0, %arg14] [1, 1, 4, 1] [1, 1, 1, 1] : tensor<1x1x4x8xf32> to tensor<1x1x4x1xf32>
            %extracted_slice_11 = tensor.extract_slice %extracted_slice_9[0, 0, %arg14, 0] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x8x16xf32> to tensor<1x1x1x16xf32>
            %extracted_slice_12 = tensor.extract_slice %extracted_slice_10[0, 0, 0, 0] [1, 1, 4, 1] [1, 1, 1, 1] : tensor<1x1x4x1xf32> to tensor<1x4x1xf32>
            %extracted_slice_13 = tensor.extract_slice %extracted_slice_11[0, 0, 0, 0] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x1x16xf32> to tensor<1x1x16xf32>
            %extracted_slice_14 = tensor.extract_slice %arg15[0, 0, 0, 0] [1, 1, 4, 16] [1, 1, 1, 1] : tensor<1x1x4x16xf32> to tensor<1x4x16xf32>
            %6 = vector.transfer_read %extracted_slice_12[%c0, %c0, %c0], %cst_1 {in_bounds = [true, true, true]} : tensor<1x4x1xf32>, vector<1x4x1xf32>
            %7 = vector.transfer_read %extracted_slice_13[%c0, %c0, %c0], %cst_1 {in_bounds = [true, true, true]} : tensor<1x1x16xf32>, vector<1x1x16xf32>
            %8 = vector.transfer_read %extracted_slice_14[%c0, %c0, %c0], %cst_1 {in_bounds = [true, true, true]} : tensor<1x4x16xf32>, vector<1x4x16xf32>
            %9 = vector.extract %7[0, 0] : vector<16xf32> from vector<1x1x16xf32>
            %10 = vector.extract %6[0, 0, 0] : f32 from vector<1x4x1xf32>
            %11 = vector.broadcast %10 : f32 to vector<16xf32>
            %12 = vector.extract %8[0, 0] : vector<16xf32> from vector<1x4x16xf32>
            %13 = vector.fma %11, %9, %12 : vector<16xf32>
            %14 = vector.insert %13, %cst [0] : vector<16xf32> into vector<4x16xf32>
            %15 = vector.extract %6[0, 1, 0] : f32 from vector<1x4x1xf32>
            %16 = vector.broadcast %15 : f32 to vector<16xf32>
            %17 = vector.extract %8[0, 1] : vector<16xf32> from vector<1x4x16xf32>
            %18 = vector.fma %16, %9, %17 : vector<16xf32>
            %19 = vector.insert %18, %14 [1] : vector<16xf32> into vector<4x16xf32>
            %20 = vector.extract %6[0, 2, 0] : f32 from vector<1x4x1xf32>
            %21 = vector.broadcast %20 : f32 to vector<16xf32>
            %22 = vector.extract %8[0, 2] : vector<16xf32> from vector<1x4x16xf32>
            %23 = vector.fma %21, %9, %22 : vector<16xf32>
            %24 = vector.insert %23, %19 [2] : vector<16xf32> into vector<4x16xf32>
            %25 = vector.extract %6[0, 3, 0] : f32 from vector<1x4x1xf32>
            %26 = vector.broadcast %25 : f32 to vector<16xf32>
            %27 = vector.extract %8[0, 3] : vector<16xf32> from vector<1x4x16xf32>
            %28 = vector.fma %26, %9, %27 : vector<16xf32>
            %29 = vector.insert %28, %24 [3] : vector<16xf32> into vector<4x16xf32>
            %30 = vector.insert %29, %cst_0 [0] : vector<4x16xf32> into vector<1x4x16xf32>
            %31 = vector.transfer_write %30, %extracted_slice_14[%c0, %c0, %c0] {in_bounds = [true, true, true]} : vector<1x4x16xf32>, tensor<1x4x16xf32>
            %inserted_slice = tensor.insert_slice %31 into %arg15[0, 0, 0, 0] [1, 1, 4, 16] [1, 1, 1, 1] : tensor<1x4x16xf32> into tensor<1x1x4x16xf32>
            scf.yield %inserted_slice : tensor<1x1x4x16xf32>
          } {deconv.unroll}
          scf.yield %5 : tensor<1x1x4x16xf32>
        }
        scf.yield %4 : tensor<1x1x4x16xf32>
      }
      scf.yield %3 : tensor<1x1x4x16xf32>
    }
    scf.forall.in_parallel {
      tensor.parallel_insert_slice %2 into %arg7[%arg4, %arg5, %arg6, %arg3] [1, 1, 4, 16] [1, 1, 1, 1] : tensor<1x1x4x16xf32> into tensor<1x1x16x32xf32>
    }
  }
  %collapsed_4 = tensor.collapse_shape %1 [[0, 1], [2], [3]] : tensor<1x1x16x32xf32> into tensor<1x16x32xf32>
  %expanded_5 = tensor.expand_shape %collapsed_4 [[0], [1], [2, 3]] output_shape [1, 16, 4, 8] : tensor<1x16x32xf32> into tensor<1x16x4x8xf32>
  return %expanded_5 : tensor<1x16x4x8xf32>
}

