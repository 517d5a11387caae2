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
llvm.func @__deconv_workspace_acquire_f() -> !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)> attributes {deconv.workspace_bytes = 192 : i64, sym_visibility = "private"}
llvm.func @__deconv_workspace_release_f(!llvm.ptr, !llvm.ptr, i64, i64, i64) attributes {deconv.workspace_bytes = 192 : i64, sym_visibility = "private"}
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
// CHECK: %[[SLOT:.*]] = llvm.mlir.addressof @__deconv_workspace_f : !llvm.ptr
// CHECK: %[[N:.*]] = llvm.mlir.constant(192 : i64) : i64
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

// CHECK-LABEL: llvm.func internal @__deconv_workspace_adopt(
// CHECK-NEXT: llvm.return

// Take: exchange the slot with null; a new aligned allocation when it was
// empty, else the cached workspace, adopted. The result is noalias and
// 64-byte aligned, the function out of line.
// CHECK-LABEL: llvm.func internal @__deconv_workspace_take(
// CHECK-SAME: %[[S:[^:]*]]: !llvm.ptr, %[[BYTES:[^:]*]]: i64) -> (!llvm.ptr {llvm.align = 64 : i64, llvm.noalias})
// CHECK-SAME: passthrough = ["noinline"]
// CHECK: %[[OLD:.*]] = llvm.atomicrmw xchg %[[S]], %{{.*}} acq_rel
// CHECK: llvm.icmp "eq" %[[OLD]]
// CHECK: llvm.cond_br
// CHECK: %[[FRESH:.*]] = llvm.call @_mlir_memref_to_llvm_aligned_alloc(%{{.*}}, %[[BYTES]])
// CHECK: llvm.return %[[FRESH]]
// CHECK: llvm.call @__deconv_workspace_adopt(%[[OLD]])
// CHECK: llvm.return %[[OLD]]

// Give: compare-exchange into the empty slot; freed when the slot is full.
// CHECK-LABEL: llvm.func internal @__deconv_workspace_give(
// CHECK-SAME: %[[GS:[^:]*]]: !llvm.ptr, %[[GP:[^:]*]]: !llvm.ptr)
// CHECK: %[[PAIR:.*]] = llvm.cmpxchg %[[GS]], %{{.*}}, %[[GP]] acq_rel monotonic
// CHECK: %[[OK:.*]] = llvm.extractvalue %[[PAIR]][1]
// CHECK: llvm.cond_br %[[OK]]
// CHECK: llvm.call @_mlir_memref_to_llvm_free(%[[GP]])

// The slot, and the destructor that empties it.
// CHECK: llvm.mlir.global internal @__deconv_workspace_f() {{.*}} : !llvm.ptr
// CHECK: llvm.mlir.zero : !llvm.ptr
// CHECK-LABEL: llvm.func internal @__deconv_workspace_cleanup()
// CHECK: %[[C:.*]] = llvm.atomicrmw xchg
// CHECK: llvm.call @_mlir_memref_to_llvm_free(%[[C]])
// CHECK: llvm.mlir.global_dtors dtors = [@__deconv_workspace_cleanup], priorities = [65535 : i32]
