// RUN: deconv-opt %s --deconv-cache-workspaces | FileCheck %s

// The workspace functions of @f as --deconv-plan-workspaces declared them
// and the conversion to LLVM left them, the allocation functions of
// --deconv-runtime-checks, and @f's calls.
llvm.func @aligned_alloc(i64, i64) -> !llvm.ptr
llvm.func @free(!llvm.ptr)
llvm.func internal @_mlir_memref_to_llvm_aligned_alloc(%a: i64, %n: i64) -> !llvm.ptr {
  %p = llvm.call @aligned_alloc(%a, %n) : (i64, i64) -> !llvm.ptr
  llvm.return %p : !llvm.ptr
}
llvm.func internal @_mlir_memref_to_llvm_free(%p: !llvm.ptr) {
  llvm.call @free(%p) : (!llvm.ptr) -> ()
  llvm.return
}
llvm.func @__deconv_workspace_acquire_f() -> !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)> attributes {deconv.workspace_bytes = 192 : i64, deconv.workspace_release = @__deconv_workspace_release_f, sym_visibility = "private"}
llvm.func @__deconv_workspace_release_f(!llvm.ptr, !llvm.ptr, i64, i64, i64) attributes {deconv.workspace_bytes = 192 : i64, sym_visibility = "private"}
llvm.func @__deconv_workspace_acquire_f_0(i64) -> !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)> attributes {deconv.workspace_bytes = 0 : i64, deconv.workspace_release = @__deconv_workspace_release_f_0, sym_visibility = "private"}
llvm.func @__deconv_workspace_release_f_0(!llvm.ptr, !llvm.ptr, i64, i64, i64) attributes {deconv.workspace_bytes = 0 : i64, sym_visibility = "private"}
llvm.func @f() {
  %d = llvm.call @__deconv_workspace_acquire_f() : () -> !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>
  %a = llvm.extractvalue %d[0] : !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>
  %b = llvm.extractvalue %d[1] : !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>
  %o = llvm.extractvalue %d[2] : !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>
  %s = llvm.extractvalue %d[3, 0] : !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>
  %t = llvm.extractvalue %d[4, 0] : !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>
  llvm.call @__deconv_workspace_release_f(%a, %b, %o, %s, %t) : (!llvm.ptr, !llvm.ptr, i64, i64, i64) -> ()
  llvm.return
}

// The acquire: the slot's workspace through the take function, as a
// descriptor of 192 bytes.
// CHECK-LABEL: llvm.func internal @__deconv_workspace_acquire_f()
// CHECK-NOT: deconv.workspace_bytes
// CHECK: %[[N:.*]] = llvm.mlir.constant(192 : i64) : i64
// CHECK: %[[SLOT:.*]] = llvm.mlir.addressof @__deconv_workspace_f : !llvm.ptr
// CHECK: %[[P:.*]] = llvm.call @__deconv_workspace_take(%[[SLOT]], %[[N]])
// CHECK: llvm.insertvalue %[[P]], %{{.*}}[0]
// CHECK: llvm.insertvalue %[[P]], %{{.*}}[1]
// CHECK: llvm.insertvalue %{{.*}}[3, 0]
// CHECK: llvm.return

// The release gives the allocated pointer back to the slot.
// CHECK-LABEL: llvm.func internal @__deconv_workspace_release_f(
// CHECK-SAME: %[[A:[^:]*]]: !llvm.ptr
// CHECK: %[[SLOT2:.*]] = llvm.mlir.addressof @__deconv_workspace_f
// CHECK: llvm.call @__deconv_workspace_give(%[[SLOT2]], %[[A]])

// A workspace of run-time size: the size is the argument.
// CHECK-LABEL: llvm.func internal @__deconv_workspace_acquire_f_0(
// CHECK-SAME: %[[DYN:[^:]*]]: i64)
// CHECK: %[[SLOT3:.*]] = llvm.mlir.addressof @__deconv_workspace_f_0
// CHECK: llvm.call @__deconv_workspace_take(%[[SLOT3]], %[[DYN]])
// CHECK: llvm.insertvalue %[[DYN]], %{{.*}}[3, 0]
// CHECK-LABEL: llvm.func internal @__deconv_workspace_release_f_0(

// CHECK-LABEL: llvm.func internal @__deconv_workspace_adopt(
// CHECK-NEXT: llvm.return

// Take: exchange the slot with null. A cached block whose header holds a
// capacity of at least the bytes asked is adopted; a smaller one is freed.
// A new block has a 64-byte header with its capacity, its size rounded up
// to a multiple of 64 bytes (aligned_alloc's rule). The result (after the
// header) is noalias and 64-byte aligned, the function out of line.
// CHECK-LABEL: llvm.func internal @__deconv_workspace_take(
// CHECK-SAME: %[[S:[^:]*]]: !llvm.ptr, %[[BYTES:[^:]*]]: i64) -> (!llvm.ptr {llvm.align = 64 : i64, llvm.noalias})
// CHECK-SAME: passthrough = ["noinline"]
// CHECK: %[[OLD:.*]] = llvm.atomicrmw xchg %[[S]], %{{.*}} acq_rel
// CHECK: llvm.icmp "eq" %[[OLD]]
// CHECK: llvm.cond_br
// CHECK: %[[CAP:.*]] = llvm.load %[[OLD]] : !llvm.ptr -> i64
// CHECK: %[[FITS:.*]] = llvm.icmp "uge" %[[CAP]], %[[BYTES]]
// CHECK: llvm.cond_br %[[FITS]]
// CHECK: llvm.call @__deconv_workspace_adopt(%[[OLD]])
// CHECK: %[[W:.*]] = llvm.getelementptr %[[OLD]][64]
// CHECK: llvm.return %[[W]]
// CHECK: llvm.call @_mlir_memref_to_llvm_free(%[[OLD]])
// CHECK: %[[C127:.*]] = llvm.mlir.constant(127 : i64)
// CHECK: %[[SUM:.*]] = llvm.add %[[BYTES]], %[[C127]]
// CHECK: %[[MASK:.*]] = llvm.mlir.constant(-64 : i64)
// CHECK: %[[TOTAL:.*]] = llvm.and %[[SUM]], %[[MASK]]
// CHECK: %[[FRESH:.*]] = llvm.call @_mlir_memref_to_llvm_aligned_alloc(%{{.*}}, %[[TOTAL]])
// CHECK: %[[CAPACITY:.*]] = llvm.sub %[[TOTAL]]
// CHECK: llvm.store %[[CAPACITY]], %[[FRESH]]
// CHECK: %[[W2:.*]] = llvm.getelementptr %[[FRESH]][64]
// CHECK: llvm.return %[[W2]]

// Give: the block (before the header) compare-exchanged into the empty
// slot; freed when the slot is full.
// CHECK-LABEL: llvm.func internal @__deconv_workspace_give(
// CHECK-SAME: %[[GS:[^:]*]]: !llvm.ptr, %[[GP:[^:]*]]: !llvm.ptr)
// CHECK: %[[BLOCK:.*]] = llvm.getelementptr %[[GP]][-64]
// CHECK: %[[PAIR:.*]] = llvm.cmpxchg %[[GS]], %{{.*}}, %[[BLOCK]] acq_rel monotonic
// CHECK: %[[OK:.*]] = llvm.extractvalue %[[PAIR]][1]
// CHECK: llvm.cond_br %[[OK]]
// CHECK: llvm.call @_mlir_memref_to_llvm_free(%[[BLOCK]])

// The slots, and the destructor that empties them.
// CHECK: llvm.mlir.global internal @__deconv_workspace_f() {{.*}} : !llvm.ptr
// CHECK: llvm.mlir.global internal @__deconv_workspace_f_0() {{.*}} : !llvm.ptr
// CHECK-LABEL: llvm.func internal @__deconv_workspace_cleanup()
// CHECK: %[[C:.*]] = llvm.atomicrmw xchg
// CHECK: llvm.call @_mlir_memref_to_llvm_free(%[[C]])
// CHECK: %[[C2:.*]] = llvm.atomicrmw xchg
// CHECK: llvm.call @_mlir_memref_to_llvm_free(%[[C2]])
// CHECK: llvm.mlir.global_dtors dtors = [@__deconv_workspace_cleanup], priorities = [65535 : i32]
