// RUN: deconv-opt %s --deconv-status-entries | FileCheck %s

// The helpers deconv-runtime-checks defines, and a lowered function with its
// C interface wrapper; one allocation runs inside a parallel region.
llvm.func @abort()
llvm.func @malloc(i64) -> !llvm.ptr
llvm.func @aligned_alloc(i64, i64) -> !llvm.ptr
llvm.func @free(!llvm.ptr)
llvm.func internal @__deconv_fatal(%m: !llvm.ptr) {
  llvm.call @abort() : () -> ()
  llvm.unreachable
}
llvm.func internal @_mlir_memref_to_llvm_aligned_alloc(%a: i64, %n: i64) -> !llvm.ptr {
  %p = llvm.call @aligned_alloc(%a, %n) : (i64, i64) -> !llvm.ptr
  llvm.return %p : !llvm.ptr
}
llvm.func internal @_mlir_memref_to_llvm_free(%p: !llvm.ptr) {
  llvm.call @free(%p) : (!llvm.ptr) -> ()
  llvm.return
}
// deconv-cache-workspaces' hook, empty until this pass fills it.
llvm.func internal @__deconv_workspace_adopt(%p: !llvm.ptr) {
  llvm.return
}
llvm.func @f(%n: i64) -> !llvm.ptr {
  %c64 = llvm.mlir.constant(64 : i64) : i64
  %p = llvm.call @_mlir_memref_to_llvm_aligned_alloc(%c64, %n) : (i64, i64) -> !llvm.ptr
  omp.parallel {
    %t = llvm.call @_mlir_memref_to_llvm_aligned_alloc(%c64, %n) : (i64, i64) -> !llvm.ptr
    llvm.call @_mlir_memref_to_llvm_free(%t) : (!llvm.ptr) -> ()
    omp.terminator
  }
  llvm.return %p : !llvm.ptr
}
llvm.func @_mlir_ciface_f(%r: !llvm.ptr, %n: i64) {
  %p = llvm.call @f(%n) : (i64) -> !llvm.ptr
  llvm.store %p, %r : !llvm.ptr, !llvm.ptr
  llvm.return
}

// CHECK-LABEL: llvm.func internal @__deconv_fatal(
// CHECK: llvm.intr.threadlocal.address
// CHECK: llvm.call @__deconv_abort(
// CHECK: llvm.call @__deconv_unwind(

// CHECK-LABEL: llvm.func internal @_mlir_memref_to_llvm_aligned_alloc(
// CHECK: llvm.call @__deconv_untracked_mlir_memref_to_llvm_aligned_alloc(
// CHECK: llvm.call @aligned_alloc(
// CHECK: llvm.call @__deconv_unwind(
// CHECK: llvm.call @__deconv_track(

// CHECK-LABEL: llvm.func internal @_mlir_memref_to_llvm_free(
// CHECK-DAG: llvm.call @__deconv_untrack(
// CHECK-DAG: llvm.call @__deconv_untracked_mlir_memref_to_llvm_free(

// A cached workspace that a call takes is recorded like an allocation.
// CHECK-LABEL: llvm.func internal @__deconv_workspace_adopt(
// CHECK: llvm.intr.threadlocal.address
// CHECK: llvm.call @__deconv_track(

// Allocations are recorded while an entry point runs on the thread; a failed
// one unwinds. Inside the parallel region, the untracked ones (which abort).
// CHECK-LABEL: llvm.func @f(
// CHECK: llvm.call @_mlir_memref_to_llvm_aligned_alloc(
// CHECK: omp.parallel
// CHECK: llvm.call @__deconv_untracked_mlir_memref_to_llvm_aligned_alloc(
// CHECK: llvm.call @__deconv_untracked_mlir_memref_to_llvm_free(
// CHECK: omp.terminator

// CHECK-DAG: llvm.mlir.global internal thread_local @__deconv_status_context() {{.*}} : !llvm.ptr
// CHECK-DAG: llvm.func @_setjmp(!llvm.ptr) -> i32 attributes {passthrough = ["returns_twice"]}
// CHECK-DAG: llvm.func @longjmp(!llvm.ptr, i32) attributes {passthrough = ["noreturn"]}
// CHECK-DAG: llvm.func internal @__deconv_unwind(
// CHECK-DAG: llvm.func internal @__deconv_abort(
// CHECK-DAG: llvm.func internal @__deconv_untracked_mlir_memref_to_llvm_aligned_alloc(

// The entry point: the context on the stack, published in the thread-local
// pointer, setjmp, the wrapper called out of line, 0 or 2.
// CHECK-LABEL: llvm.func @__deconv_status_f(
// CHECK-SAME: %[[ERR:[^:]*]]: !llvm.ptr, %[[R:[^:]*]]: !llvm.ptr, %[[N:[^:]*]]: i64) -> i32
// CHECK: %[[CTX:.*]] = llvm.alloca %{{.*}} x !llvm.struct<(array<64 x i64>, ptr, ptr, i64, i64)> {alignment = 16 : i64}
// CHECK: llvm.intr.threadlocal.address
// CHECK: llvm.store %[[CTX]]
// CHECK: %[[J:.*]] = llvm.call @_setjmp(
// CHECK: llvm.call @_mlir_ciface_f(%[[R]], %[[N]]) {no_inline}
// CHECK: llvm.mlir.constant(2 : i32)
// CHECK: llvm.store %{{.*}}, %[[ERR]]
