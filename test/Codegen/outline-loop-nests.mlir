// RUN: deconv-opt %s --deconv-outline-loop-nests="min-nests=1" --split-input-file | FileCheck %s
// RUN: deconv-opt %s --deconv-outline-loop-nests="min-nests=1 min-ops=5" --split-input-file | FileCheck %s --check-prefix=MIN
// RUN: deconv-opt %s --deconv-outline-loop-nests="min-nests=3" --split-input-file | FileCheck %s --check-prefix=WHOLE

// Each top-level loop nest of a function on buffers moves into a private,
// internal, never-inlined function of its own, called in its place. Buffers
// and other values from outside become arguments; constants are cloned, so
// that the loop bounds stay constants.

// CHECK-LABEL: func.func private @layer__nest0(
// CHECK-SAME: %[[X:.*]]: memref<4x8xf32>, %[[Y:.*]]: memref<4x8xf32>)
// CHECK-SAME: attributes {llvm.linkage = #llvm.linkage<internal>, passthrough = ["noinline"]}
// CHECK-DAG: %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG: %[[C4:.*]] = arith.constant 4 : index
// CHECK-DAG: %[[C1:.*]] = arith.constant 1 : index
// CHECK: scf.for %{{.*}} = %[[C0]] to %[[C4]] step %[[C1]]
// CHECK: memref.load %[[X]]
// CHECK: memref.store %{{.*}}, %[[Y]]
// CHECK: return
// CHECK-LABEL: func.func private @layer__nest1(
// CHECK-SAME: %{{.*}}: f32, %[[B:.*]]: memref<4x8xf32>)
// CHECK: linalg.fill ins(%{{.*}} : f32) outs(%[[B]] : memref<4x8xf32>)
// CHECK: return
// CHECK-LABEL: func.func @layer(
// CHECK-SAME: %[[ARG:.*]]: memref<4x8xf32>, %[[S:.*]]: f32)
// CHECK: %[[A:.*]] = memref.alloc()
// CHECK-NEXT: call @layer__nest0(%[[ARG]], %[[A]]) : (memref<4x8xf32>, memref<4x8xf32>) -> ()
// CHECK-NEXT: call @layer__nest1(%[[S]], %[[A]]) : (f32, memref<4x8xf32>) -> ()
// CHECK-NEXT: return %[[A]]

// A function with fewer nests than min-nests stays whole.
// WHOLE-NOT: __nest{{[0-9]+}}(
// WHOLE-LABEL: func.func @layer(
// WHOLE: scf.for
// WHOLE: linalg.fill
// WHOLE-LABEL: func.func @sum(
// WHOLE-NOT: call @sum__nest

// MIN-LABEL: func.func private @layer__nest0(
// MIN: scf.for
// MIN-NOT: func.func private @layer__nest1
// MIN-LABEL: func.func @layer(
// MIN: call @layer__nest0(
// MIN-NEXT: linalg.fill
func.func @layer(%x: memref<4x8xf32>, %s: f32) -> memref<4x8xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %c8 = arith.constant 8 : index
  %y = memref.alloc() : memref<4x8xf32>
  scf.for %i = %c0 to %c4 step %c1 {
    scf.for %j = %c0 to %c8 step %c1 {
      %v = memref.load %x[%i, %j] : memref<4x8xf32>
      %w = arith.addf %v, %v : f32
      memref.store %w, %y[%i, %j] : memref<4x8xf32>
    }
  }
  linalg.fill ins(%s : f32) outs(%y : memref<4x8xf32>)
  return %y : memref<4x8xf32>
}

// -----

// A nest with results returns them; a name already taken gets a suffix.

// CHECK-LABEL: func.func @sum__nest0(
// CHECK-LABEL: func.func private @sum__nest0_0(
// CHECK-SAME: %[[M:.*]]: memref<16xf32>) -> f32
// CHECK: %[[R:.*]] = scf.for {{.*}} iter_args
// CHECK: return %[[R]] : f32
// CHECK-LABEL: func.func @sum(
// CHECK: %[[T:.*]] = call @sum__nest0_0(%{{.*}}) : (memref<16xf32>) -> f32
// CHECK: return %[[T]]
func.func @sum__nest0() {
  return
}
func.func @sum(%m: memref<16xf32>) -> f32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c16 = arith.constant 16 : index
  %zero = arith.constant 0.0 : f32
  %t = scf.for %i = %c0 to %c16 step %c1 iter_args(%acc = %zero) -> f32 {
    %v = memref.load %m[%i] : memref<16xf32>
    %a = arith.addf %acc, %v : f32
    scf.yield %a : f32
  }
  return %t : f32
}
