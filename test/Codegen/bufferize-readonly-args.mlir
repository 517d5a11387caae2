// RUN: deconv-opt %s --deconv-bufferize | FileCheck %s

// The arguments of public functions belong to the caller (the C interface
// takes them as const): a result computed "in place" of an argument gets a
// buffer of its own.
#id = affine_map<(d0) -> (d0)>
// CHECK-LABEL: func.func @in_place(
// CHECK-SAME: %[[X:.*]]: memref<4xf32>)
// CHECK: %[[NEW:.*]] = memref.alloc
// CHECK: linalg.generic {{.*}} ins(%[[X]] : memref<4xf32>) outs(%[[NEW]] : memref<4xf32>)
// CHECK: return %[[NEW]]
func.func @in_place(%x: tensor<4xf32>) -> tensor<4xf32> {
  %y = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%x : tensor<4xf32>) outs(%x : tensor<4xf32>) {
  ^bb0(%a: f32, %b: f32):
    %s = arith.addf %a, %a : f32
    linalg.yield %s : f32
  } -> tensor<4xf32>
  return %y : tensor<4xf32>
}
