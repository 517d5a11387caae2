// RUN: deconv-opt %s --deconv-status-entries --split-input-file --verify-diagnostics

// expected-error @below {{deconv-status-entries: no '__deconv_fatal' in the module; run deconv-runtime-checks first}}
module {
  llvm.func @_mlir_ciface_f() {
    llvm.return
  }
}

// -----

llvm.func internal @__deconv_fatal(%m: !llvm.ptr) {
  llvm.unreachable
}
llvm.func @__deconv_status_f() {
  llvm.return
}
// expected-error @below {{a symbol '__deconv_status_f' is in the way of _mlir_ciface_f's status entry}}
llvm.func @_mlir_ciface_f() {
  llvm.return
}
