// RUN: deconv-opt %s --deconv-destination-entries --split-input-file | FileCheck %s

// The twin computes into its argument: the result's allocation is gone and
// nothing is copied. The original allocates the result and calls the twin.
// CHECK-LABEL: func.func @fill(
// CHECK-SAME: %[[X:[^:]*]]: memref<2x8xf32>) -> memref<2x8xf32> attributes {llvm.emit_c_interface}
// CHECK-NEXT: %[[A:.*]] = memref.alloc() {alignment = 64 : i64} : memref<2x8xf32>
// CHECK-NEXT: call @fill_into(%[[X]], %[[A]]) : (memref<2x8xf32>, memref<2x8xf32>) -> ()
// CHECK-NEXT: return %[[A]]
// CHECK-LABEL: func.func @fill_into(
// CHECK-SAME: %[[X2:[^:]*]]: memref<2x8xf32>, %[[OUT:[^:]*]]: memref<2x8xf32>) attributes {llvm.emit_c_interface}
// CHECK-NOT: memref.alloc
// CHECK: memref.distinct_objects %[[X2]], %[[OUT]] : memref<2x8xf32>, memref<2x8xf32>
// CHECK: linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : memref<2x8xf32>)
// CHECK-NOT: memref.copy
// CHECK: return
// CHECK-NOT: deconv.destination_entry
func.func @fill(%x: memref<2x8xf32>) -> memref<2x8xf32> attributes {deconv.destination_entry = "fill_into", llvm.emit_c_interface} {
  %c = arith.constant 1.0 : f32
  %a = memref.alloc() {alignment = 64 : i64} : memref<2x8xf32>
  linalg.fill ins(%c : f32) outs(%a : memref<2x8xf32>)
  return %a : memref<2x8xf32>
}

// -----

// A result that is a reshape of an allocation: the allocation becomes a
// view of the argument, and the copy goes.
// CHECK-LABEL: func.func @reshaped(
// CHECK: call @reshaped_into(
// CHECK-LABEL: func.func @reshaped_into(
// CHECK-SAME: %{{.*}}: memref<2x8xf32>, %[[OUT:[^:]*]]: memref<1x16xf32>)
// CHECK: %[[D:.*]]:2 = memref.distinct_objects %{{.*}}, %[[OUT]]
// CHECK: %[[V:.*]] = memref.reinterpret_cast %[[D]]#1 to offset: [0], sizes: [1, 2, 8], strides: [16, 8, 1] : memref<1x16xf32> to memref<1x2x8xf32>
// CHECK-NOT: memref.alloc
// CHECK: linalg.fill ins(%{{.*}} : f32) outs(%[[V]] : memref<1x2x8xf32>)
// CHECK-NOT: memref.copy
// CHECK: return
func.func @reshaped(%x: memref<2x8xf32>) -> memref<1x16xf32> attributes {deconv.destination_entry = "reshaped_into"} {
  %c = arith.constant 1.0 : f32
  %a = memref.alloc() : memref<1x2x8xf32>
  linalg.fill ins(%c : f32) outs(%a : memref<1x2x8xf32>)
  %r = memref.collapse_shape %a [[0], [1, 2]] : memref<1x2x8xf32> into memref<1x16xf32>
  return %r : memref<1x16xf32>
}

// -----

// A result that is not an allocation of the function (here an argument) is
// copied into the caller's buffer.
// CHECK-LABEL: func.func @identity_into(
// CHECK-SAME: %[[X:[^:]*]]: memref<4xf32>, %[[OUT:[^:]*]]: memref<4xf32>)
// CHECK: %[[D:.*]]:2 = memref.distinct_objects %[[X]], %[[OUT]]
// CHECK: memref.copy %[[D]]#0, %[[D]]#1
// CHECK-NEXT: return
func.func @identity(%x: memref<4xf32>) -> memref<4xf32> attributes {deconv.destination_entry = "identity_into"} {
  return %x : memref<4xf32>
}

// -----

// Functions without the attribute get no twin.
// CHECK-LABEL: func.func @plain(
// CHECK-NOT: func.func
func.func @plain(%x: memref<4xf32>) -> memref<4xf32> {
  return %x : memref<4xf32>
}
