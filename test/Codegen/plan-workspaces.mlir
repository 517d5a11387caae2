// RUN: deconv-opt %s --deconv-plan-workspaces --split-input-file | FileCheck %s

// Buffers as buffer deallocation leaves them: every dealloc at the end. The
// lifetimes come from the uses (views included): %b (128 bytes) dies at the
// copy of its subview, before %c is allocated, so %c reuses its bytes; %a
// (64 bytes) is live with both and sits after them. The sequential loop's
// buffer lives during the whole loop, after %c has died. The result and the
// parallel loop's scratch (one per iteration running at once) stay
// allocations. The buffer of run-time size gets a workspace of its own, of
// its size at run time, taken and given back where it was allocated and
// freed.

// CHECK-LABEL: func.func private @__deconv_workspace_acquire_lifetimes() -> memref<192xi8>
// CHECK-SAME: deconv.workspace_bytes = 192
// CHECK-SAME: deconv.workspace_release = @__deconv_workspace_release_lifetimes
// CHECK-LABEL: func.func private @__deconv_workspace_release_lifetimes(memref<192xi8>)
// CHECK-SAME: deconv.workspace_bytes = 192
// CHECK-LABEL: func.func private @__deconv_workspace_acquire_lifetimes_0(index) -> memref<?xi8>
// CHECK-SAME: deconv.workspace_bytes = 0
// CHECK-SAME: deconv.workspace_release = @__deconv_workspace_release_lifetimes_0
// CHECK-LABEL: func.func private @__deconv_workspace_release_lifetimes_0(memref<?xi8>)
// CHECK-LABEL: func.func @lifetimes(
// CHECK: %[[WS:.*]] = call @__deconv_workspace_acquire_lifetimes() : () -> memref<192xi8>
// CHECK: %[[OA:.*]] = arith.constant 128 : index
// CHECK: %[[A:.*]] = memref.view %[[WS]][%[[OA]]][] : memref<192xi8> to memref<16xf32>
// CHECK: %[[OB:.*]] = arith.constant 0 : index
// CHECK: %[[B:.*]] = memref.view %[[WS]][%[[OB]]][] : memref<192xi8> to memref<32xf32>
// CHECK: memref.copy %{{.*}}, %[[A]]
// CHECK: linalg.fill {{.*}} outs(%[[B]] :
// CHECK: memref.subview %[[B]]
// CHECK: %[[OC:.*]] = arith.constant 0 : index
// CHECK: %[[C:.*]] = memref.view %[[WS]][%[[OC]]][] : memref<192xi8> to memref<16xf32>
// CHECK: memref.copy %[[A]], %[[C]]
// CHECK: %[[R:.*]] = memref.alloc() {alignment = 64 : i64} : memref<16xf32>
// CHECK: scf.for
// CHECK:   %[[OT:.*]] = arith.constant 0 : index
// CHECK-NEXT: %[[T:.*]] = memref.view %[[WS]][%[[OT]]][] : memref<192xi8> to memref<4xf32>
// CHECK-NEXT: linalg.fill {{.*}} outs(%[[T]] :
// CHECK-NEXT: }
// CHECK: scf.forall
// CHECK:   memref.alloc() : memref<4xf32>
// CHECK:   memref.dealloc
// CHECK: %[[FOUR:.*]] = arith.constant 4 : index
// CHECK-NEXT: %[[BYTES:.*]] = arith.muli %[[FOUR]], %[[N:.*]] : index
// CHECK-NEXT: %[[DWS:.*]] = call @__deconv_workspace_acquire_lifetimes_0(%[[BYTES]]) : (index) -> memref<?xi8>
// CHECK-NEXT: %[[Z:.*]] = arith.constant 0 : index
// CHECK-NEXT: %[[D:.*]] = memref.view %[[DWS]][%[[Z]]][%[[N]]] : memref<?xi8> to memref<?xf32>
// CHECK-NEXT: linalg.fill {{.*}} outs(%[[D]] :
// CHECK-NEXT: call @__deconv_workspace_release_lifetimes_0(%[[DWS]])
// CHECK-NOT: memref.dealloc
// CHECK: call @__deconv_workspace_release_lifetimes(%[[WS]]) : (memref<192xi8>) -> ()
// CHECK-NEXT: return %[[R]]
func.func @lifetimes(%in: memref<16xf32>, %n: index) -> memref<16xf32> {
  %cst = arith.constant 0.0 : f32
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %a = memref.alloc() {alignment = 64 : i64} : memref<16xf32>
  %b = memref.alloc() : memref<32xf32>
  memref.copy %in, %a : memref<16xf32> to memref<16xf32>
  linalg.fill ins(%cst : f32) outs(%b : memref<32xf32>)
  %sub = memref.subview %b[0] [16] [1] : memref<32xf32> to memref<16xf32, strided<[1]>>
  memref.copy %sub, %a : memref<16xf32, strided<[1]>> to memref<16xf32>
  %c = memref.alloc() : memref<16xf32>
  memref.copy %a, %c : memref<16xf32> to memref<16xf32>
  %r = memref.alloc() {alignment = 64 : i64} : memref<16xf32>
  memref.copy %c, %r : memref<16xf32> to memref<16xf32>
  scf.for %i = %c0 to %c4 step %c1 {
    %t = memref.alloc() : memref<4xf32>
    linalg.fill ins(%cst : f32) outs(%t : memref<4xf32>)
    memref.dealloc %t : memref<4xf32>
  }
  scf.forall (%j) in (4) {
    %u = memref.alloc() : memref<4xf32>
    linalg.fill ins(%cst : f32) outs(%u : memref<4xf32>)
    memref.dealloc %u : memref<4xf32>
  }
  %d = memref.alloc(%n) : memref<?xf32>
  linalg.fill ins(%cst : f32) outs(%d : memref<?xf32>)
  memref.dealloc %d : memref<?xf32>
  memref.dealloc %a : memref<16xf32>
  memref.dealloc %b : memref<32xf32>
  memref.dealloc %c : memref<16xf32>
  return %r : memref<16xf32>
}

// -----

// A use inside a loop counts at the loop; a size that is not a multiple of
// 64 bytes is rounded up (the next offset stays aligned).

// CHECK-LABEL: func.func private @__deconv_workspace_acquire_nested() -> memref<128xi8>
// CHECK-LABEL: func.func @nested(
// CHECK: %[[WS:.*]] = call @__deconv_workspace_acquire_nested()
// CHECK: %[[O1:.*]] = arith.constant 0 : index
// CHECK-NEXT: memref.view %[[WS]][%[[O1]]][] : memref<128xi8> to memref<5xf32>
// CHECK: %[[O2:.*]] = arith.constant 64 : index
// CHECK-NEXT: memref.view %[[WS]][%[[O2]]][] : memref<128xi8> to memref<3xf64>
func.func @nested(%out: memref<5xf32>) {
  %cst = arith.constant 1.0 : f32
  %cst64 = arith.constant 2.0 : f64
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %a = memref.alloc() : memref<5xf32>
  %b = memref.alloc() : memref<3xf64>
  linalg.fill ins(%cst : f32) outs(%a : memref<5xf32>)
  linalg.fill ins(%cst64 : f64) outs(%b : memref<3xf64>)
  scf.for %i = %c1 to %c3 step %c1 {
    %v = memref.load %a[%i] : memref<5xf32>
    memref.store %v, %out[%i] : memref<5xf32>
  }
  memref.dealloc %a : memref<5xf32>
  memref.dealloc %b : memref<3xf64>
  return
}

// -----

// A buffer that leaves through a region's terminator is not followed: both
// stay allocations, and the function needs no workspace. So does a function
// without temporaries.

// CHECK: // {{-----}}
// CHECK-NEXT: module {
// CHECK-NEXT: func.func @escapes(
// CHECK-COUNT-2: memref.alloc()
// CHECK-NOT: __deconv_workspace
func.func @escapes(%cond: i1, %i: index) -> f32 {
  %a = memref.alloc() : memref<4xf32>
  %b = memref.alloc() : memref<4xf32>
  %s = scf.if %cond -> memref<4xf32> {
    scf.yield %a : memref<4xf32>
  } else {
    scf.yield %b : memref<4xf32>
  }
  %v = memref.load %s[%i] : memref<4xf32>
  memref.dealloc %a : memref<4xf32>
  memref.dealloc %b : memref<4xf32>
  return %v : f32
}
func.func @none(%x: memref<4xf32>) -> memref<4xf32> {
  return %x : memref<4xf32>
}
func.func private @declared(memref<4xf32>)
