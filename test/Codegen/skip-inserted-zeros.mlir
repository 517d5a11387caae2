// RUN: deconv-opt %s --deconv-skip-inserted-zeros | FileCheck %s

// A depthwise stride-2 transposed conv by zero insertion (16 channels, 4x8
// -> 8x16, kernel 4), as the depthwise row kernel receives it after
// vectorization: the input is inserted with stride 2 into a zero fill, and
// each unrolled step multiplies one input row by one filter tap. Half of
// the rows are inserted zeros: 64 FMAs become 32.
// CHECK-LABEL: func.func @zeroins
// CHECK-COUNT-32: vector.fma
// CHECK-NOT:      vector.fma
func.func @zeroins(%arg0: tensor<1x16x4x8xf32>, %arg1: tensor<16x1x4x4xf32>) -> tensor<1x16x8x16xf32> {
  %cst = arith.constant dense<0.000000e+00> : vector<16xf32>
  %c6 = arith.constant 6 : index
  %c5 = arith.constant 5 : index
  %c3 = arith.constant 3 : index
  %c2 = arith.constant 2 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %c8 = arith.constant 8 : index
  %c0 = arith.constant 0 : index
  %cst_0 = arith.constant 0.000000e+00 : f32
  %expanded = tensor.expand_shape %arg1 [[0, 1], [2], [3], [4]] output_shape [16, 1, 1, 4, 4] : tensor<16x1x4x4xf32> into tensor<16x1x1x4x4xf32>
  %0 = tensor.empty() : tensor<16x1x1x4x4xf32>
  %1 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3, d4) -> (d0, d2, d1, -d3 + 3, -d4 + 3)>, affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d3, d4)>], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel"]} ins(%expanded : tensor<16x1x1x4x4xf32>) outs(%0 : tensor<16x1x1x4x4xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<16x1x1x4x4xf32>
  %2 = tensor.empty() : tensor<1x16x8x16xf32>
  %collapsed = tensor.collapse_shape %1 [[0, 1, 2], [3], [4]] : tensor<16x1x1x4x4xf32> into tensor<16x4x4xf32>
  %3 = scf.forall (%arg2, %arg3) in (1, 16) shared_outs(%arg4 = %2) -> (tensor<1x16x8x16xf32>) {
    %extracted_slice = tensor.extract_slice %arg0[%arg2, %arg3, 0, 0] [1, 1, 4, 8] [1, 1, 1, 1] : tensor<1x16x4x8xf32> to tensor<1x1x4x8xf32>
    %4 = tensor.empty() : tensor<1x1x11x19xf32>
    %5 = linalg.fill ins(%cst_0 : f32) outs(%4 : tensor<1x1x11x19xf32>) -> tensor<1x1x11x19xf32>
    %inserted_slice = tensor.insert_slice %extracted_slice into %5[0, 0, 2, 2] [1, 1, 4, 8] [1, 1, 2, 2] : tensor<1x1x4x8xf32> into tensor<1x1x11x19xf32>
    %extracted_slice_1 = tensor.extract_slice %collapsed[%arg3, 0, 0] [1, 4, 4] [1, 1, 1] : tensor<16x4x4xf32> to tensor<1x4x4xf32>
    %extracted_slice_2 = tensor.extract_slice %arg4[%arg2, %arg3, 0, 0] [1, 1, 8, 16] [1, 1, 1, 1] : tensor<1x16x8x16xf32> to tensor<1x1x8x16xf32>
    %extracted_slice_3 = tensor.extract_slice %extracted_slice_1[0, %c0, %c0] [1, 1, 1] [1, 1, 1] : tensor<1x4x4xf32> to tensor<1x1x1xf32>
    %extracted_slice_4 = tensor.extract_slice %extracted_slice_3[0, 0, 0] [1, 1, 1] [1, 1, 1] : tensor<1x1x1xf32> to tensor<1xf32>
    %6 = vector.transfer_read %extracted_slice_4[%c0], %cst_0 {in_bounds = [true]} : tensor<1xf32>, vector<1xf32>
    %7 = vector.extract %6[0] : f32 from vector<1xf32>
    %8 = vector.broadcast %7 : f32 to vector<16xf32>
    %extracted_slice_5 = tensor.extract_slice %extracted_slice_1[0, %c0, %c1] [1, 1, 1] [1, 1, 1] : tensor<1x4x4xf32> to tensor<1x1x1xf32>
    %extracted_slice_6 = tensor.extract_slice %extracted_slice_5[0, 0, 0] [1, 1, 1] [1, 1, 1] : tensor<1x1x1xf32> to tensor<1xf32>
    %9 = vector.transfer_read %extracted_slice_6[%c0], %cst_0 {in_bounds = [true]} : tensor<1xf32>, vector<1xf32>
    %10 = vector.extract %9[0] : f32 from vector<1xf32>
    %11 = vector.broadcast %10 : f32 to vector<16xf32>
    %extracted_slice_7 = tensor.extract_slice %extracted_slice_1[0, %c0, %c2] [1, 1, 1] [1, 1, 1] : tensor<1x4x4xf32> to tensor<1x1x1xf32>
    %extracted_slice_8 = tensor.extract_slice %extracted_slice_7[0, 0, 0] [1, 1, 1] [1, 1, 1] : tensor<1x1x1xf32> to tensor<1xf32>
    %12 = vector.transfer_read %extracted_slice_8[%c0], %cst_0 {in_bounds = [true]} : tensor<1xf32>, vector<1xf32>
    %13 = vector.extract %12[0] : f32 from vector<1xf32>
    %14 = vector.broadcast %13 : f32 to vector<16xf32>
    %extracted_slice_9 = tensor.extract_slice %extracted_slice_1[0, %c0, %c3] [1, 1, 1] [1, 1, 1] : tensor<1x4x4xf32> to tensor<1x1x1xf32>
    %extracted_slice_10 = tensor.extract_slice %extracted_slice_9[0, 0, 0] [1, 1, 1] [1, 1, 1] : tensor<1x1x1xf32> to tensor<1xf32>
    %15 = vector.transfer_read %extracted_slice_10[%c0], %cst_0 {in_bounds = [true]} : tensor<1xf32>, vector<1xf32>
    %16 = vector.extract %15[0] : f32 from vector<1xf32>
    %17 = vector.broadcast %16 : f32 to vector<16xf32>
    %extracted_slice_11 = tensor.extract_slice %extracted_slice_1[0, %c1, %c0] [1, 1, 1] [1, 1, 1] : tensor<1x4x4xf32> to tensor<1x1x1xf32>
    %extracted_slice_12 = tensor.extract_slice %extracted_slice_11[0, 0, 0] [1, 1, 1] [1, 1, 1] : tensor<1x1x1xf32> to tensor<1xf32>
    %18 = vector.transfer_read %extracted_slice_12[%c0], %cst_0 {in_bounds = [true]} : tensor<1xf32>, vector<1xf32>
    %19 = vector.extract %18[0] : f32 from vector<1xf32>
    %20 = vector.broadcast %19 : f32 to vector<16xf32>
    %extracted_slice_13 = tensor.extract_slice %extracted_slice_1[0, %c1, %c1] [1, 1, 1] [1, 1, 1] : tensor<1x4x4xf32> to tensor<1x1x1xf32>
    %extracted_slice_14 = tensor.extract_slice %extracted_slice_13[0, 0, 0] [1, 1, 1] [1, 1, 1] : tensor<1x1x1xf32> to tensor<1xf32>
    %21 = vector.transfer_read %extracted_slice_14[%c0], %cst_0 {in_bounds = [true]} : tensor<1xf32>, vector<1xf32>
    %22 = vector.extract %21[0] : f32 from vector<1xf32>
    %23 = vector.broadcast %22 : f32 to vector<16xf32>
    %extracted_slice_15 = tensor.extract_slice %extracted_slice_1[0, %c1, %c2] [1, 1, 1] [1, 1, 1] : tensor<1x4x4xf32> to tensor<1x1x1xf32>
    %extracted_slice_16 = tensor.extract_slice %extracted_slice_15[0, 0, 0] [1, 1, 1] [1, 1, 1] : tensor<1x1x1xf32> to tensor<1xf32>
    %24 = vector.transfer_read %extracted_slice_16[%c0], %cst_0 {in_bounds = [true]} : tensor<1xf32>, vector<1xf32>
    %25 = vector.extract %24[0] : f32 from vector<1xf32>
    %26 = vector.broadcast %25 : f32 to vector<16xf32>
    %extracted_slice_17 = tensor.extract_slice %extracted_slice_1[0, %c1, %c3] [1, 1, 1] [1, 1, 1] : tensor<1x4x4xf32> to tensor<1x1x1xf32>
    %extracted_slice_18 = tensor.extract_slice %extracted_slice_17[0, 0, 0] [1, 1, 1] [1, 1, 1] : tensor<1x1x1xf32> to tensor<1xf32>
    %27 = vector.transfer_read %extracted_slice_18[%c0], %cst_0 {in_bounds = [true]} : tensor<1xf32>, vector<1xf32>
    %28 = vector.extract %27[0] : f32 from vector<1xf32>
    %29 = vector.broadcast %28 : f32 to vector<16xf32>
    %extracted_slice_19 = tensor.extract_slice %extracted_slice_1[0, %c2, %c0] [1, 1, 1] [1, 1, 1] : tensor<1x4x4xf32> to tensor<1x1x1xf32>
    %extracted_slice_20 = tensor.extract_slice %extracted_slice_19[0, 0, 0] [1, 1, 1] [1, 1, 1] : tensor<1x1x1xf32> to tensor<1xf32>
    %30 = vector.transfer_read %extracted_slice_20[%c0], %cst_0 {in_bounds = [true]} : tensor<1xf32>, vector<1xf32>
    %31 = vector.extract %30[0] : f32 from vector<1xf32>
    %32 = vector.broadcast %31 : f32 to vector<16xf32>
    %extracted_slice_21 = tensor.extract_slice %extracted_slice_1[0, %c2, %c1] [1, 1, 1] [1, 1, 1] : tensor<1x4x4xf32> to tensor<1x1x1xf32>
    %extracted_slice_22 = tensor.extract_slice %extracted_slice_21[0, 0, 0] [1, 1, 1] [1, 1, 1] : tensor<1x1x1xf32> to tensor<1xf32>
    %33 = vector.transfer_read %extracted_slice_22[%c0], %cst_0 {in_bounds = [true]} : tensor<1xf32>, vector<1xf32>
    %34 = vector.extract %33[0] : f32 from vector<1xf32>
    %35 = vector.broadcast %34 : f32 to vector<16xf32>
    %extracted_slice_23 = tensor.extract_slice %extracted_slice_1[0, %c2, %c2] [1, 1, 1] [1, 1, 1] : tensor<1x4x4xf32> to tensor<1x1x1xf32>
    %extracted_slice_24 = tensor.extract_slice %extracted_slice_23[0, 0, 0] [1, 1, 1] [1, 1, 1] : tensor<1x1x1xf32> to tensor<1xf32>
    %36 = vector.transfer_read %extracted_slice_24[%c0], %cst_0 {in_bounds = [true]} : tensor<1xf32>, vector<1xf32>
    %37 = vector.extract %36[0] : f32 from vector<1xf32>
    %38 = vector.broadcast %37 : f32 to vector<16xf32>
    %extracted_slice_25 = tensor.extract_slice %extracted_slice_1[0, %c2, %c3] [1, 1, 1] [1, 1, 1] : tensor<1x4x4xf32> to tensor<1x1x1xf32>
    %extracted_slice_26 = tensor.extract_slice %extracted_slice_25[0, 0, 0] [1, 1, 1] [1, 1, 1] : tensor<1x1x1xf32> to tensor<1xf32>
    %39 = vector.transfer_read %extracted_slice_26[%c0], %cst_0 {in_bounds = [true]} : tensor<1xf32>, vector<1xf32>
    %40 = vector.extract %39[0] : f32 from vector<1xf32>
    %41 = vector.broadcast %40 : f32 to vector<16xf32>
    %extracted_slice_27 = tensor.extract_slice %extracted_slice_1[0, %c3, %c0] [1, 1, 1] [1, 1, 1] : tensor<1x4x4xf32> to tensor<1x1x1xf32>
    %extracted_slice_28 = tensor.extract_slice %extracted_slice_27[0, 0, 0] [1, 1, 1] [1, 1, 1] : tensor<1x1x1xf32> to tensor<1xf32>
    %42 = vector.transfer_read %extracted_slice_28[%c0], %cst_0 {in_bounds = [true]} : tensor<1xf32>, vector<1xf32>
    %43 = vector.extract %42[0] : f32 from vector<1xf32>
    %44 = vector.broadcast %43 : f32 to vector<16xf32>
    %extracted_slice_29 = tensor.extract_slice %extracted_slice_1[0, %c3, %c1] [1, 1, 1] [1, 1, 1] : tensor<1x4x4xf32> to tensor<1x1x1xf32>
    %extracted_slice_30 = tensor.extract_slice %extracted_slice_29[0, 0, 0] [1, 1, 1] [1, 1, 1] : tensor<1x1x1xf32> to tensor<1xf32>
    %45 = vector.transfer_read %extracted_slice_30[%c0], %cst_0 {in_bounds = [true]} : tensor<1xf32>, vector<1xf32>
    %46 = vector.extract %45[0] : f32 from vector<1xf32>
    %47 = vector.broadcast %46 : f32 to vector<16xf32>
    %extracted_slice_31 = tensor.extract_slice %extracted_slice_1[0, %c3, %c2] [1, 1, 1] [1, 1, 1] : tensor<1x4x4xf32> to tensor<1x1x1xf32>
    %extracted_slice_32 = tensor.extract_slice %extracted_slice_31[0, 0, 0] [1, 1, 1] [1, 1, 1] : tensor<1x1x1xf32> to tensor<1xf32>
    %48 = vector.transfer_read %extracted_slice_32[%c0], %cst_0 {in_bounds = [true]} : tensor<1xf32>, vector<1xf32>
    %49 = vector.extract %48[0] : f32 from vector<1xf32>
    %50 = vector.broadcast %49 : f32 to vector<16xf32>
    %extracted_slice_33 = tensor.extract_slice %extracted_slice_1[0, %c3, %c3] [1, 1, 1] [1, 1, 1] : tensor<1x4x4xf32> to tensor<1x1x1xf32>
    %extracted_slice_34 = tensor.extract_slice %extracted_slice_33[0, 0, 0] [1, 1, 1] [1, 1, 1] : tensor<1x1x1xf32> to tensor<1xf32>
    %51 = vector.transfer_read %extracted_slice_34[%c0], %cst_0 {in_bounds = [true]} : tensor<1xf32>, vector<1xf32>
    %52 = vector.extract %51[0] : f32 from vector<1xf32>
    %53 = vector.broadcast %52 : f32 to vector<16xf32>
    %54 = scf.for %arg5 = %c0 to %c8 step %c4 iter_args(%arg6 = %extracted_slice_2) -> (tensor<1x1x8x16xf32>) {
      %extracted_slice_35 = tensor.extract_slice %inserted_slice[0, 0, %arg5, %c0] [1, 1, 7, 19] [1, 1, 1, 1] : tensor<1x1x11x19xf32> to tensor<1x1x7x19xf32>
      %extracted_slice_36 = tensor.extract_slice %arg6[0, 0, %arg5, %c0] [1, 1, 4, 16] [1, 1, 1, 1] : tensor<1x1x8x16xf32> to tensor<1x1x4x16xf32>
      %extracted_slice_37 = tensor.extract_slice %extracted_slice_35[0, 0, %c0, %c0] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x7x19xf32> to tensor<1x1x1x16xf32>
      %extracted_slice_38 = tensor.extract_slice %extracted_slice_37[0, 0, 0, 0] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x1x16xf32> to tensor<16xf32>
      %55 = vector.transfer_read %extracted_slice_38[%c0], %cst_0 {in_bounds = [true]} : tensor<16xf32>, vector<16xf32>
      %56 = vector.fma %55, %8, %cst : vector<16xf32>
      %extracted_slice_39 = tensor.extract_slice %extracted_slice_35[0, 0, %c0, %c1] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x7x19xf32> to tensor<1x1x1x16xf32>
      %extracted_slice_40 = tensor.extract_slice %extracted_slice_39[0, 0, 0, 0] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x1x16xf32> to tensor<16xf32>
      %57 = vector.transfer_read %extracted_slice_40[%c0], %cst_0 {in_bounds = [true]} : tensor<16xf32>, vector<16xf32>
      %58 = vector.fma %57, %11, %56 : vector<16xf32>
      %extracted_slice_41 = tensor.extract_slice %extracted_slice_35[0, 0, %c0, %c2] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x7x19xf32> to tensor<1x1x1x16xf32>
      %extracted_slice_42 = tensor.extract_slice %extracted_slice_41[0, 0, 0, 0] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x1x16xf32> to tensor<16xf32>
      %59 = vector.transfer_read %extracted_slice_42[%c0], %cst_0 {in_bounds = [true]} : tensor<16xf32>, vector<16xf32>
      %60 = vector.fma %59, %14, %58 : vector<16xf32>
      %extracted_slice_43 = tensor.extract_slice %extracted_slice_35[0, 0, %c0, %c3] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x7x19xf32> to tensor<1x1x1x16xf32>
      %extracted_slice_44 = tensor.extract_slice %extracted_slice_43[0, 0, 0, 0] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x1x16xf32> to tensor<16xf32>
      %61 = vector.transfer_read %extracted_slice_44[%c0], %cst_0 {in_bounds = [true]} : tensor<16xf32>, vector<16xf32>
      %62 = vector.fma %61, %17, %60 : vector<16xf32>
      %extracted_slice_45 = tensor.extract_slice %extracted_slice_35[0, 0, %c1, %c0] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x7x19xf32> to tensor<1x1x1x16xf32>
      %extracted_slice_46 = tensor.extract_slice %extracted_slice_45[0, 0, 0, 0] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x1x16xf32> to tensor<16xf32>
      %63 = vector.transfer_read %extracted_slice_46[%c0], %cst_0 {in_bounds = [true]} : tensor<16xf32>, vector<16xf32>
      %64 = vector.fma %63, %20, %62 : vector<16xf32>
      %extracted_slice_47 = tensor.extract_slice %extracted_slice_35[0, 0, %c1, %c1] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x7x19xf32> to tensor<1x1x1x16xf32>
      %extracted_slice_48 = tensor.extract_slice %extracted_slice_47[0, 0, 0, 0] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x1x16xf32> to tensor<16xf32>
      %65 = vector.transfer_read %extracted_slice_48[%c0], %cst_0 {in_bounds = [true]} : tensor<16xf32>, vector<16xf32>
      %66 = vector.fma %65, %23, %64 : vector<16xf32>
      %extracted_slice_49 = tensor.extract_slice %extracted_slice_35[0, 0, %c1, %c2] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x7x19xf32> to tensor<1x1x1x16xf32>
      %extracted_slice_50 = tensor.extract_slice %extracted_slice_49[0, 0, 0, 0] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x1x16xf32> to tensor<16xf32>
      %67 = vector.transfer_read %extracted_slice_50[%c0], %cst_0 {in_bounds = [true]} : tensor<16xf32>, vector<16xf32>
      %68 = vector.fma %67, %26, %66 : vector<16xf32>
      %extracted_slice_51 = tensor.extract_slice %extracted_slice_35[0, 0, %c1, %c3] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x7x19xf32> to tensor<1x1x1x16xf32>
      %extracted_slice_52 = tensor.extract_slice %extracted_slice_51[0, 0, 0, 0] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x1x16xf32> to tensor<16xf32>
      %69 = vector.transfer_read %extracted_slice_52[%c0], %cst_0 {in_bounds = [true]} : tensor<16xf32>, vector<16xf32>
      %70 = vector.fma %69, %29, %68 : vector<16xf32>
      %extracted_slice_53 = tensor.extract_slice %extracted_slice_35[0, 0, %c2, %c0] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x7x19xf32> to tensor<1x1x1x16xf32>
      %extracted_slice_54 = tensor.extract_slice %extracted_slice_53[0, 0, 0, 0] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x1x16xf32> to tensor<16xf32>
      %71 = vector.transfer_read %extracted_slice_54[%c0], %cst_0 {in_bounds = [true]} : tensor<16xf32>, vector<16xf32>
      %72 = vector.fma %71, %32, %70 : vector<16xf32>
      %extracted_slice_55 = tensor.extract_slice %extracted_slice_35[0, 0, %c2, %c1] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x7x19xf32> to tensor<1x1x1x16xf32>
      %extracted_slice_56 = tensor.extract_slice %extracted_slice_55[0, 0, 0, 0] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x1x16xf32> to tensor<16xf32>
      %73 = vector.transfer_read %extracted_slice_56[%c0], %cst_0 {in_bounds = [true]} : tensor<16xf32>, vector<16xf32>
      %74 = vector.fma %73, %35, %72 : vector<16xf32>
      %extracted_slice_57 = tensor.extract_slice %extracted_slice_35[0, 0, %c2, %c2] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x7x19xf32> to tensor<1x1x1x16xf32>
      %extracted_slice_58 = tensor.extract_slice %extracted_slice_57[0, 0, 0, 0] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x1x16xf32> to tensor<16xf32>
      %75 = vector.transfer_read %extracted_slice_58[%c0], %cst_0 {in_bounds = [true]} : tensor<16xf32>, vector<16xf32>
      %76 = vector.fma %75, %38, %74 : vector<16xf32>
      %extracted_slice_59 = tensor.extract_slice %extracted_slice_35[0, 0, %c2, %c3] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x7x19xf32> to tensor<1x1x1x16xf32>
      %extracted_slice_60 = tensor.extract_slice %extracted_slice_59[0, 0, 0, 0] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x1x16xf32> to tensor<16xf32>
      %77 = vector.transfer_read %extracted_slice_60[%c0], %cst_0 {in_bounds = [true]} : tensor<16xf32>, vector<16xf32>
      %78 = vector.fma %77, %41, %76 : vector<16xf32>
      %extracted_slice_61 = tensor.extract_slice %extracted_slice_35[0, 0, %c3, %c0] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x7x19xf32> to tensor<1x1x1x16xf32>
      %extracted_slice_62 = tensor.extract_slice %extracted_slice_61[0, 0, 0, 0] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x1x16xf32> to tensor<16xf32>
      %79 = vector.transfer_read %extracted_slice_62[%c0], %cst_0 {in_bounds = [true]} : tensor<16xf32>, vector<16xf32>
      %80 = vector.fma %79, %44, %78 : vector<16xf32>
      %extracted_slice_63 = tensor.extract_slice %extracted_slice_35[0, 0, %c3, %c1] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x7x19xf32> to tensor<1x1x1x16xf32>
      %extracted_slice_64 = tensor.extract_slice %extracted_slice_63[0, 0, 0, 0] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x1x16xf32> to tensor<16xf32>
      %81 = vector.transfer_read %extracted_slice_64[%c0], %cst_0 {in_bounds = [true]} : tensor<16xf32>, vector<16xf32>
      %82 = vector.fma %81, %47, %80 : vector<16xf32>
      %extracted_slice_65 = tensor.extract_slice %extracted_slice_35[0, 0, %c3, %c2] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x7x19xf32> to tensor<1x1x1x16xf32>
      %extracted_slice_66 = tensor.extract_slice %extracted_slice_65[0, 0, 0, 0] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x1x16xf32> to tensor<16xf32>
      %83 = vector.transfer_read %extracted_slice_66[%c0], %cst_0 {in_bounds = [true]} : tensor<16xf32>, vector<16xf32>
      %84 = vector.fma %83, %50, %82 : vector<16xf32>
      %extracted_slice_67 = tensor.extract_slice %extracted_slice_35[0, 0, %c3, %c3] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x7x19xf32> to tensor<1x1x1x16xf32>
      %extracted_slice_68 = tensor.extract_slice %extracted_slice_67[0, 0, 0, 0] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x1x16xf32> to tensor<16xf32>
      %85 = vector.transfer_read %extracted_slice_68[%c0], %cst_0 {in_bounds = [true]} : tensor<16xf32>, vector<16xf32>
      %86 = vector.fma %85, %53, %84 : vector<16xf32>
      %extracted_slice_69 = tensor.extract_slice %extracted_slice_36[0, 0, %c0, 0] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x4x16xf32> to tensor<1x1x1x16xf32>
      %extracted_slice_70 = tensor.extract_slice %extracted_slice_69[0, 0, 0, 0] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x1x16xf32> to tensor<16xf32>
      %87 = vector.transfer_write %86, %extracted_slice_70[%c0] {in_bounds = [true]} : vector<16xf32>, tensor<16xf32>
      %extracted_slice_71 = tensor.extract_slice %extracted_slice_36[0, 0, %c0, 0] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x4x16xf32> to tensor<1x1x1x16xf32>
      %inserted_slice_72 = tensor.insert_slice %87 into %extracted_slice_71[0, 0, 0, 0] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<16xf32> into tensor<1x1x1x16xf32>
      %inserted_slice_73 = tensor.insert_slice %inserted_slice_72 into %extracted_slice_36[0, 0, %c0, 0] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x1x16xf32> into tensor<1x1x4x16xf32>
      %extracted_slice_74 = tensor.extract_slice %inserted_slice_73[0, 0, %c1, 0] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x4x16xf32> to tensor<1x1x1x16xf32>
      %extracted_slice_75 = tensor.extract_slice %extracted_slice_74[0, 0, 0, 0] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x1x16xf32> to tensor<16xf32>
      %extracted_slice_76 = tensor.extract_slice %extracted_slice_35[0, 0, %c1, %c0] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x7x19xf32> to tensor<1x1x1x16xf32>
      %extracted_slice_77 = tensor.extract_slice %extracted_slice_76[0, 0, 0, 0] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x1x16xf32> to tensor<16xf32>
      %88 = vector.transfer_read %extracted_slice_77[%c0], %cst_0 {in_bounds = [true]} : tensor<16xf32>, vector<16xf32>
      %89 = vector.fma %88, %8, %cst : vector<16xf32>
      %extracted_slice_78 = tensor.extract_slice %extracted_slice_35[0, 0, %c1, %c1] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x7x19xf32> to tensor<1x1x1x16xf32>
      %extracted_slice_79 = tensor.extract_slice %extracted_slice_78[0, 0, 0, 0] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x1x16xf32> to tensor<16xf32>
      %90 = vector.transfer_read %extracted_slice_79[%c0], %cst_0 {in_bounds = [true]} : tensor<16xf32>, vector<16xf32>
      %91 = vector.fma %90, %11, %89 : vector<16xf32>
      %extracted_slice_80 = tensor.extract_slice %extracted_slice_35[0, 0, %c1, %c2] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x7x19xf32> to tensor<1x1x1x16xf32>
      %extracted_slice_81 = tensor.extract_slice %extracted_slice_80[0, 0, 0, 0] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x1x16xf32> to tensor<16xf32>
      %92 = vector.transfer_read %extracted_slice_81[%c0], %cst_0 {in_bounds = [true]} : tensor<16xf32>, vector<16xf32>
      %93 = vector.fma %92, %14, %91 : vector<16xf32>
      %extracted_slice_82 = tensor.extract_slice %extracted_slice_35[0, 0, %c1, %c3] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x7x19xf32> to tensor<1x1x1x16xf32>
      %extracted_slice_83 = tensor.extract_slice %extracted_slice_82[0, 0, 0, 0] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x1x16xf32> to tensor<16xf32>
      %94 = vector.transfer_read %extracted_slice_83[%c0], %cst_0 {in_bounds = [true]} : tensor<16xf32>, vector<16xf32>
      %95 = vector.fma %94, %17, %93 : vector<16xf32>
      %extracted_slice_84 = tensor.extract_slice %extracted_slice_35[0, 0, %c2, %c0] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x7x19xf32> to tensor<1x1x1x16xf32>
      %extracted_slice_85 = tensor.extract_slice %extracted_slice_84[0, 0, 0, 0] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x1x16xf32> to tensor<16xf32>
      %96 = vector.transfer_read %extracted_slice_85[%c0], %cst_0 {in_bounds = [true]} : tensor<16xf32>, vector<16xf32>
      %97 = vector.fma %96, %20, %95 : vector<16xf32>
      %extracted_slice_86 = tensor.extract_slice %extracted_slice_35[0, 0, %c2, %c1] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x7x19xf32> to tensor<1x1x1x16xf32>
      %extracted_slice_87 = tensor.extract_slice %extracted_slice_86[0, 0, 0, 0] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x1x16xf32> to tensor<16xf32>
      %98 = vector.transfer_read %extracted_slice_87[%c0], %cst_0 {in_bounds = [true]} : tensor<16xf32>, vector<16xf32>
      %99 = vector.fma %98, %23, %97 : vector<16xf32>
      %extracted_slice_88 = tensor.extract_slice %extracted_slice_35[0, 0, %c2, %c2] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x7x19xf32> to tensor<1x1x1x16xf32>
      %extracted_slice_89 = tensor.extract_slice %extracted_slice_88[0, 0, 0, 0] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x1x16xf32> to tensor<16xf32>
      %100 = vector.transfer_read %extracted_slice_89[%c0], %cst_0 {in_bounds = [true]} : tensor<16xf32>, vector<16xf32>
      %101 = vector.fma %100, %26, %99 : vector<16xf32>
      %extracted_slice_90 = tensor.extract_slice %extracted_slice_35[0, 0, %c2, %c3] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x7x19xf32> to tensor<1x1x1x16xf32>
      %extracted_slice_91 = tensor.extract_slice %extracted_slice_90[0, 0, 0, 0] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x1x16xf32> to tensor<16xf32>
      %102 = vector.transfer_read %extracted_slice_91[%c0], %cst_0 {in_bounds = [true]} : tensor<16xf32>, vector<16xf32>
      %103 = vector.fma %102, %29, %101 : vector<16xf32>
      %extracted_slice_92 = tensor.extract_slice %extracted_slice_35[0, 0, %c3, %c0] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x7x19xf32> to tensor<1x1x1x16xf32>
      %extracted_slice_93 = tensor.extract_slice %extracted_slice_92[0, 0, 0, 0] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x1x16xf32> to tensor<16xf32>
      %104 = vector.transfer_read %extracted_slice_93[%c0], %cst_0 {in_bounds = [true]} : tensor<16xf32>, vector<16xf32>
      %105 = vector.fma %104, %32, %103 : vector<16xf32>
      %extracted_slice_94 = tensor.extract_slice %extracted_slice_35[0, 0, %c3, %c1] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x7x19xf32> to tensor<1x1x1x16xf32>
      %extracted_slice_95 = tensor.extract_slice %extracted_slice_94[0, 0, 0, 0] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x1x16xf32> to tensor<16xf32>
      %106 = vector.transfer_read %extracted_slice_95[%c0], %cst_0 {in_bounds = [true]} : tensor<16xf32>, vector<16xf32>
      %107 = vector.fma %106, %35, %105 : vector<16xf32>
      %extracted_slice_96 = tensor.extract_slice %extracted_slice_35[0, 0, %c3, %c2] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x7x19xf32> to tensor<1x1x1x16xf32>
      %extracted_slice_97 = tensor.extract_slice %extracted_slice_96[0, 0, 0, 0] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x1x16xf32> to tensor<16xf32>
      %108 = vector.transfer_read %extracted_slice_97[%c0], %cst_0 {in_bounds = [true]} : tensor<16xf32>, vector<16xf32>
      %109 = vector.fma %108, %38, %107 : vector<16xf32>
      %extracted_slice_98 = tensor.extract_slice %extracted_slice_35[0, 0, %c3, %c3] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x7x19xf32> to tensor<1x1x1x16xf32>
      %extracted_slice_99 = tensor.extract_slice %extracted_slice_98[0, 0, 0, 0] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x1x16xf32> to tensor<16xf32>
      %110 = vector.transfer_read %extracted_slice_99[%c0], %cst_0 {in_bounds = [true]} : tensor<16xf32>, vector<16xf32>
      %111 = vector.fma %110, %41, %109 : vector<16xf32>
      %extracted_slice_100 = tensor.extract_slice %extracted_slice_35[0, 0, %c4, %c0] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x7x19xf32> to tensor<1x1x1x16xf32>
      %extracted_slice_101 = tensor.extract_slice %extracted_slice_100[0, 0, 0, 0] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x1x16xf32> to tensor<16xf32>
      %112 = vector.transfer_read %extracted_slice_101[%c0], %cst_0 {in_bounds = [true]} : tensor<16xf32>, vector<16xf32>
      %113 = vector.fma %112, %44, %111 : vector<16xf32>
      %extracted_slice_102 = tensor.extract_slice %extracted_slice_35[0, 0, %c4, %c1] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x7x19xf32> to tensor<1x1x1x16xf32>
      %extracted_slice_103 = tensor.extract_slice %extracted_slice_102[0, 0, 0, 0] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x1x16xf32> to tensor<16xf32>
      %114 = vector.transfer_read %extracted_slice_103[%c0], %cst_0 {in_bounds = [true]} : tensor<16xf32>, vector<16xf32>
      %115 = vector.fma %114, %47, %113 : vector<16xf32>
      %extracted_slice_104 = tensor.extract_slice %extracted_slice_35[0, 0, %c4, %c2] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x7x19xf32> to tensor<1x1x1x16xf32>
      %extracted_slice_105 = tensor.extract_slice %extracted_slice_104[0, 0, 0, 0] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x1x16xf32> to tensor<16xf32>
      %116 = vector.transfer_read %extracted_slice_105[%c0], %cst_0 {in_bounds = [true]} : tensor<16xf32>, vector<16xf32>
      %117 = vector.fma %116, %50, %115 : vector<16xf32>
      %extracted_slice_106 = tensor.extract_slice %extracted_slice_35[0, 0, %c4, %c3] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x7x19xf32> to tensor<1x1x1x16xf32>
      %extracted_slice_107 = tensor.extract_slice %extracted_slice_106[0, 0, 0, 0] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x1x16xf32> to tensor<16xf32>
      %118 = vector.transfer_read %extracted_slice_107[%c0], %cst_0 {in_bounds = [true]} : tensor<16xf32>, vector<16xf32>
      %119 = vector.fma %118, %53, %117 : vector<16xf32>
      %120 = vector.transfer_write %119, %extracted_slice_75[%c0] {in_bounds = [true]} : vector<16xf32>, tensor<16xf32>
      %inserted_slice_108 = tensor.insert_slice %120 into %extracted_slice_74[0, 0, 0, 0] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<16xf32> into tensor<1x1x1x16xf32>
      %inserted_slice_109 = tensor.insert_slice %inserted_slice_108 into %inserted_slice_73[0, 0, %c1, 0] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x1x16xf32> into tensor<1x1x4x16xf32>
      %extracted_slice_110 = tensor.extract_slice %inserted_slice_109[0, 0, %c2, 0] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x4x16xf32> to tensor<1x1x1x16xf32>
      %extracted_slice_111 = tensor.extract_slice %extracted_slice_110[0, 0, 0, 0] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x1x16xf32> to tensor<16xf32>
      %extracted_slice_112 = tensor.extract_slice %extracted_slice_35[0, 0, %c2, %c0] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x7x19xf32> to tensor<1x1x1x16xf32>
      %extracted_slice_113 = tensor.extract_slice %extracted_slice_112[0, 0, 0, 0] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x1x16xf32> to tensor<16xf32>
      %121 = vector.transfer_read %extracted_slice_113[%c0], %cst_0 {in_bounds = [true]} : tensor<16xf32>, vector<16xf32>
      %122 = vector.fma %121, %8, %cst : vector<16xf32>
      %extracted_slice_114 = tensor.extract_slice %extracted_slice_35[0, 0, %c2, %c1] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x7x19xf32> to tensor<1x1x1x16xf32>
      %extracted_slice_115 = tensor.extract_slice %extracted_slice_114[0, 0, 0, 0] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x1x16xf32> to tensor<16xf32>
      %123 = vector.transfer_read %extracted_slice_115[%c0], %cst_0 {in_bounds = [true]} : tensor<16xf32>, vector<16xf32>
      %124 = vector.fma %123, %11, %122 : vector<16xf32>
      %extracted_slice_116 = tensor.extract_slice %extracted_slice_35[0, 0, %c2, %c2] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x7x19xf32> to tensor<1x1x1x16xf32>
      %extracted_slice_117 = tensor.extract_slice %extracted_slice_116[0, 0, 0, 0] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x1x16xf32> to tensor<16xf32>
      %125 = vector.transfer_read %extracted_slice_117[%c0], %cst_0 {in_bounds = [true]} : tensor<16xf32>, vector<16xf32>
      %126 = vector.fma %125, %14, %124 : vector<16xf32>
      %extracted_slice_118 = tensor.extract_slice %extracted_slice_35[0, 0, %c2, %c3] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x7x19xf32> to tensor<1x1x1x16xf32>
      %extracted_slice_119 = tensor.extract_slice %extracted_slice_118[0, 0, 0, 0] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x1x16xf32> to tensor<16xf32>
      %127 = vector.transfer_read %extracted_slice_119[%c0], %cst_0 {in_bounds = [true]} : tensor<16xf32>, vector<16xf32>
      %128 = vector.fma %127, %17, %126 : vector<16xf32>
      %extracted_slice_120 = tensor.extract_slice %extracted_slice_35[0, 0, %c3, %c0] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x7x19xf32> to tensor<1x1x1x16xf32>
      %extracted_slice_121 = tensor.extract_slice %extracted_slice_120[0, 0, 0, 0] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x1x16xf32> to tensor<16xf32>
      %129 = vector.transfer_read %extracted_slice_121[%c0], %cst_0 {in_bounds = [true]} : tensor<16xf32>, vector<16xf32>
      %130 = vector.fma %129, %20, %128 : vector<16xf32>
      %extracted_slice_122 = tensor.extract_slice %extracted_slice_35[0, 0, %c3, %c1] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x7x19xf32> to tensor<1x1x1x16xf32>
      %extracted_slice_123 = tensor.extract_slice %extracted_slice_122[0, 0, 0, 0] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x1x16xf32> to tensor<16xf32>
      %131 = vector.transfer_read %extracted_slice_123[%c0], %cst_0 {in_bounds = [true]} : tensor<16xf32>, vector<16xf32>
      %132 = vector.fma %131, %23, %130 : vector<16xf32>
      %extracted_slice_124 = tensor.extract_slice %extracted_slice_35[0, 0, %c3, %c2] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x7x19xf32> to tensor<1x1x1x16xf32>
      %extracted_slice_125 = tensor.extract_slice %extracted_slice_124[0, 0, 0, 0] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x1x16xf32> to tensor<16xf32>
      %133 = vector.transfer_read %extracted_slice_125[%c0], %cst_0 {in_bounds = [true]} : tensor<16xf32>, vector<16xf32>
      %134 = vector.fma %133, %26, %132 : vector<16xf32>
      %extracted_slice_126 = tensor.extract_slice %extracted_slice_35[0, 0, %c3, %c3] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x7x19xf32> to tensor<1x1x1x16xf32>
      %extracted_slice_127 = tensor.extract_slice %extracted_slice_126[0, 0, 0, 0] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x1x16xf32> to tensor<16xf32>
      %135 = vector.transfer_read %extracted_slice_127[%c0], %cst_0 {in_bounds = [true]} : tensor<16xf32>, vector<16xf32>
      %136 = vector.fma %135, %29, %134 : vector<16xf32>
      %extracted_slice_128 = tensor.extract_slice %extracted_slice_35[0, 0, %c4, %c0] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x7x19xf32> to tensor<1x1x1x16xf32>
      %extracted_slice_129 = tensor.extract_slice %extracted_slice_128[0, 0, 0, 0] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x1x16xf32> to tensor<16xf32>
      %137 = vector.transfer_read %extracted_slice_129[%c0], %cst_0 {in_bounds = [true]} : tensor<16xf32>, vector<16xf32>
      %138 = vector.fma %137, %32, %136 : vector<16xf32>
      %extracted_slice_130 = tensor.extract_slice %extracted_slice_35[0, 0, %c4, %c1] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x7x19xf32> to tensor<1x1x1x16xf32>
      %extracted_slice_131 = tensor.extract_slice %extracted_slice_130[0, 0, 0, 0] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x1x16xf32> to tensor<16xf32>
      %139 = vector.transfer_read %extracted_slice_131[%c0], %cst_0 {in_bounds = [true]} : tensor<16xf32>, vector<16xf32>
      %140 = vector.fma %139, %35, %138 : vector<16xf32>
      %extracted_slice_132 = tensor.extract_slice %extracted_slice_35[0, 0, %c4, %c2] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x7x19xf32> to tensor<1x1x1x16xf32>
      %extracted_slice_133 = tensor.extract_slice %extracted_slice_132[0, 0, 0, 0] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x1x16xf32> to tensor<16xf32>
      %141 = vector.transfer_read %extracted_slice_133[%c0], %cst_0 {in_bounds = [true]} : tensor<16xf32>, vector<16xf32>
      %142 = vector.fma %141, %38, %140 : vector<16xf32>
      %extracted_slice_134 = tensor.extract_slice %extracted_slice_35[0, 0, %c4, %c3] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x7x19xf32> to tensor<1x1x1x16xf32>
      %extracted_slice_135 = tensor.extract_slice %extracted_slice_134[0, 0, 0, 0] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x1x16xf32> to tensor<16xf32>
      %143 = vector.transfer_read %extracted_slice_135[%c0], %cst_0 {in_bounds = [true]} : tensor<16xf32>, vector<16xf32>
      %144 = vector.fma %143, %41, %142 : vector<16xf32>
      %extracted_slice_136 = tensor.extract_slice %extracted_slice_35[0, 0, %c5, %c0] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x7x19xf32> to tensor<1x1x1x16xf32>
      %extracted_slice_137 = tensor.extract_slice %extracted_slice_136[0, 0, 0, 0] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x1x16xf32> to tensor<16xf32>
      %145 = vector.transfer_read %extracted_slice_137[%c0], %cst_0 {in_bounds = [true]} : tensor<16xf32>, vector<16xf32>
      %146 = vector.fma %145, %44, %144 : vector<16xf32>
      %extracted_slice_138 = tensor.extract_slice %extracted_slice_35[0, 0, %c5, %c1] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x7x19xf32> to tensor<1x1x1x16xf32>
      %extracted_slice_139 = tensor.extract_slice %extracted_slice_138[0, 0, 0, 0] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x1x16xf32> to tensor<16xf32>
      %147 = vector.transfer_read %extracted_slice_139[%c0], %cst_0 {in_bounds = [true]} : tensor<16xf32>, vector<16xf32>
      %148 = vector.fma %147, %47, %146 : vector<16xf32>
      %extracted_slice_140 = tensor.extract_slice %extracted_slice_35[0, 0, %c5, %c2] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x7x19xf32> to tensor<1x1x1x16xf32>
      %extracted_slice_141 = tensor.extract_slice %extracted_slice_140[0, 0, 0, 0] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x1x16xf32> to tensor<16xf32>
      %149 = vector.transfer_read %extracted_slice_141[%c0], %cst_0 {in_bounds = [true]} : tensor<16xf32>, vector<16xf32>
      %150 = vector.fma %149, %50, %148 : vector<16xf32>
      %extracted_slice_142 = tensor.extract_slice %extracted_slice_35[0, 0, %c5, %c3] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x7x19xf32> to tensor<1x1x1x16xf32>
      %extracted_slice_143 = tensor.extract_slice %extracted_slice_142[0, 0, 0, 0] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x1x16xf32> to tensor<16xf32>
      %151 = vector.transfer_read %extracted_slice_143[%c0], %cst_0 {in_bounds = [true]} : tensor<16xf32>, vector<16xf32>
      %152 = vector.fma %151, %53, %150 : vector<16xf32>
      %153 = vector.transfer_write %152, %extracted_slice_111[%c0] {in_bounds = [true]} : vector<16xf32>, tensor<16xf32>
      %inserted_slice_144 = tensor.insert_slice %153 into %extracted_slice_110[0, 0, 0, 0] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<16xf32> into tensor<1x1x1x16xf32>
      %inserted_slice_145 = tensor.insert_slice %inserted_slice_144 into %inserted_slice_109[0, 0, %c2, 0] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x1x16xf32> into tensor<1x1x4x16xf32>
      %extracted_slice_146 = tensor.extract_slice %inserted_slice_145[0, 0, %c3, 0] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x4x16xf32> to tensor<1x1x1x16xf32>
      %extracted_slice_147 = tensor.extract_slice %extracted_slice_146[0, 0, 0, 0] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x1x16xf32> to tensor<16xf32>
      %extracted_slice_148 = tensor.extract_slice %extracted_slice_35[0, 0, %c3, %c0] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x7x19xf32> to tensor<1x1x1x16xf32>
      %extracted_slice_149 = tensor.extract_slice %extracted_slice_148[0, 0, 0, 0] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x1x16xf32> to tensor<16xf32>
      %154 = vector.transfer_read %extracted_slice_149[%c0], %cst_0 {in_bounds = [true]} : tensor<16xf32>, vector<16xf32>
      %155 = vector.fma %154, %8, %cst : vector<16xf32>
      %extracted_slice_150 = tensor.extract_slice %extracted_slice_35[0, 0, %c3, %c1] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x7x19xf32> to tensor<1x1x1x16xf32>
      %extracted_slice_151 = tensor.extract_slice %extracted_slice_150[0, 0, 0, 0] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x1x16xf32> to tensor<16xf32>
      %156 = vector.transfer_read %extracted_slice_151[%c0], %cst_0 {in_bounds = [true]} : tensor<16xf32>, vector<16xf32>
      %157 = vector.fma %156, %11, %155 : vector<16xf32>
      %extracted_slice_152 = tensor.extract_slice %extracted_slice_35[0, 0, %c3, %c2] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x7x19xf32> to tensor<1x1x1x16xf32>
      %extracted_slice_153 = tensor.extract_slice %extracted_slice_152[0, 0, 0, 0] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x1x16xf32> to tensor<16xf32>
      %158 = vector.transfer_read %extracted_slice_153[%c0], %cst_0 {in_bounds = [true]} : tensor<16xf32>, vector<16xf32>
      %159 = vector.fma %158, %14, %157 : vector<16xf32>
      %extracted_slice_154 = tensor.extract_slice %extracted_slice_35[0, 0, %c3, %c3] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x7x19xf32> to tensor<1x1x1x16xf32>
      %extracted_slice_155 = tensor.extract_slice %extracted_slice_154[0, 0, 0, 0] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x1x16xf32> to tensor<16xf32>
      %160 = vector.transfer_read %extracted_slice_155[%c0], %cst_0 {in_bounds = [true]} : tensor<16xf32>, vector<16xf32>
      %161 = vector.fma %160, %17, %159 : vector<16xf32>
      %extracted_slice_156 = tensor.extract_slice %extracted_slice_35[0, 0, %c4, %c0] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x7x19xf32> to tensor<1x1x1x16xf32>
      %extracted_slice_157 = tensor.extract_slice %extracted_slice_156[0, 0, 0, 0] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x1x16xf32> to tensor<16xf32>
      %162 = vector.transfer_read %extracted_slice_157[%c0], %cst_0 {in_bounds = [true]} : tensor<16xf32>, vector<16xf32>
      %163 = vector.fma %162, %20, %161 : vector<16xf32>
      %extracted_slice_158 = tensor.extract_slice %extracted_slice_35[0, 0, %c4, %c1] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x7x19xf32> to tensor<1x1x1x16xf32>
      %extracted_slice_159 = tensor.extract_slice %extracted_slice_158[0, 0, 0, 0] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x1x16xf32> to tensor<16xf32>
      %164 = vector.transfer_read %extracted_slice_159[%c0], %cst_0 {in_bounds = [true]} : tensor<16xf32>, vector<16xf32>
      %165 = vector.fma %164, %23, %163 : vector<16xf32>
      %extracted_slice_160 = tensor.extract_slice %extracted_slice_35[0, 0, %c4, %c2] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x7x19xf32> to tensor<1x1x1x16xf32>
      %extracted_slice_161 = tensor.extract_slice %extracted_slice_160[0, 0, 0, 0] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x1x16xf32> to tensor<16xf32>
      %166 = vector.transfer_read %extracted_slice_161[%c0], %cst_0 {in_bounds = [true]} : tensor<16xf32>, vector<16xf32>
      %167 = vector.fma %166, %26, %165 : vector<16xf32>
      %extracted_slice_162 = tensor.extract_slice %extracted_slice_35[0, 0, %c4, %c3] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x7x19xf32> to tensor<1x1x1x16xf32>
      %extracted_slice_163 = tensor.extract_slice %extracted_slice_162[0, 0, 0, 0] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x1x16xf32> to tensor<16xf32>
      %168 = vector.transfer_read %extracted_slice_163[%c0], %cst_0 {in_bounds = [true]} : tensor<16xf32>, vector<16xf32>
      %169 = vector.fma %168, %29, %167 : vector<16xf32>
      %extracted_slice_164 = tensor.extract_slice %extracted_slice_35[0, 0, %c5, %c0] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x7x19xf32> to tensor<1x1x1x16xf32>
      %extracted_slice_165 = tensor.extract_slice %extracted_slice_164[0, 0, 0, 0] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x1x16xf32> to tensor<16xf32>
      %170 = vector.transfer_read %extracted_slice_165[%c0], %cst_0 {in_bounds = [true]} : tensor<16xf32>, vector<16xf32>
      %171 = vector.fma %170, %32, %169 : vector<16xf32>
      %extracted_slice_166 = tensor.extract_slice %extracted_slice_35[0, 0, %c5, %c1] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x7x19xf32> to tensor<1x1x1x16xf32>
      %extracted_slice_167 = tensor.extract_slice %extracted_slice_166[0, 0, 0, 0] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x1x16xf32> to tensor<16xf32>
      %172 = vector.transfer_read %extracted_slice_167[%c0], %cst_0 {in_bounds = [true]} : tensor<16xf32>, vector<16xf32>
      %173 = vector.fma %172, %35, %171 : vector<16xf32>
      %extracted_slice_168 = tensor.extract_slice %extracted_slice_35[0, 0, %c5, %c2] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x7x19xf32> to tensor<1x1x1x16xf32>
      %extracted_slice_169 = tensor.extract_slice %extracted_slice_168[0, 0, 0, 0] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x1x16xf32> to tensor<16xf32>
      %174 = vector.transfer_read %extracted_slice_169[%c0], %cst_0 {in_bounds = [true]} : tensor<16xf32>, vector<16xf32>
      %175 = vector.fma %174, %38, %173 : vector<16xf32>
      %extracted_slice_170 = tensor.extract_slice %extracted_slice_35[0, 0, %c5, %c3] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x7x19xf32> to tensor<1x1x1x16xf32>
      %extracted_slice_171 = tensor.extract_slice %extracted_slice_170[0, 0, 0, 0] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x1x16xf32> to tensor<16xf32>
      %176 = vector.transfer_read %extracted_slice_171[%c0], %cst_0 {in_bounds = [true]} : tensor<16xf32>, vector<16xf32>
      %177 = vector.fma %176, %41, %175 : vector<16xf32>
      %extracted_slice_172 = tensor.extract_slice %extracted_slice_35[0, 0, %c6, %c0] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x7x19xf32> to tensor<1x1x1x16xf32>
      %extracted_slice_173 = tensor.extract_slice %extracted_slice_172[0, 0, 0, 0] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x1x16xf32> to tensor<16xf32>
      %178 = vector.transfer_read %extracted_slice_173[%c0], %cst_0 {in_bounds = [true]} : tensor<16xf32>, vector<16xf32>
      %179 = vector.fma %178, %44, %177 : vector<16xf32>
      %extracted_slice_174 = tensor.extract_slice %extracted_slice_35[0, 0, %c6, %c1] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x7x19xf32> to tensor<1x1x1x16xf32>
      %extracted_slice_175 = tensor.extract_slice %extracted_slice_174[0, 0, 0, 0] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x1x16xf32> to tensor<16xf32>
      %180 = vector.transfer_read %extracted_slice_175[%c0], %cst_0 {in_bounds = [true]} : tensor<16xf32>, vector<16xf32>
      %181 = vector.fma %180, %47, %179 : vector<16xf32>
      %extracted_slice_176 = tensor.extract_slice %extracted_slice_35[0, 0, %c6, %c2] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x7x19xf32> to tensor<1x1x1x16xf32>
      %extracted_slice_177 = tensor.extract_slice %extracted_slice_176[0, 0, 0, 0] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x1x16xf32> to tensor<16xf32>
      %182 = vector.transfer_read %extracted_slice_177[%c0], %cst_0 {in_bounds = [true]} : tensor<16xf32>, vector<16xf32>
      %183 = vector.fma %182, %50, %181 : vector<16xf32>
      %extracted_slice_178 = tensor.extract_slice %extracted_slice_35[0, 0, %c6, %c3] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x7x19xf32> to tensor<1x1x1x16xf32>
      %extracted_slice_179 = tensor.extract_slice %extracted_slice_178[0, 0, 0, 0] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x1x16xf32> to tensor<16xf32>
      %184 = vector.transfer_read %extracted_slice_179[%c0], %cst_0 {in_bounds = [true]} : tensor<16xf32>, vector<16xf32>
      %185 = vector.fma %184, %53, %183 : vector<16xf32>
      %186 = vector.transfer_write %185, %extracted_slice_147[%c0] {in_bounds = [true]} : vector<16xf32>, tensor<16xf32>
      %inserted_slice_180 = tensor.insert_slice %186 into %extracted_slice_146[0, 0, 0, 0] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<16xf32> into tensor<1x1x1x16xf32>
      %inserted_slice_181 = tensor.insert_slice %inserted_slice_180 into %inserted_slice_145[0, 0, %c3, 0] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x1x1x16xf32> into tensor<1x1x4x16xf32>
      %inserted_slice_182 = tensor.insert_slice %inserted_slice_181 into %arg6[0, 0, %arg5, %c0] [1, 1, 4, 16] [1, 1, 1, 1] : tensor<1x1x4x16xf32> into tensor<1x1x8x16xf32>
      scf.yield %inserted_slice_182 : tensor<1x1x8x16xf32>
    }
    scf.forall.in_parallel {
      tensor.parallel_insert_slice %54 into %arg4[%arg2, %arg3, 0, 0] [1, 1, 8, 16] [1, 1, 1, 1] : tensor<1x1x8x16xf32> into tensor<1x16x8x16xf32>
    }
  }
  return %3 : tensor<1x16x8x16xf32>
}

