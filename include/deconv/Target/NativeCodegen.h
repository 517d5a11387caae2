//===- NativeCodegen.h - LLVM dialect to native code ------------*- C++ -*-===//
//
// The back half of deconv-compile: translate an LLVM-dialect module to LLVM
// IR, optimize it with LLVM's -O3 pipeline for a chosen CPU, and emit an
// object file or assembly through the TargetMachine, all in process.
//
//===----------------------------------------------------------------------===//

#ifndef DECONV_TARGET_NATIVECODEGEN_H
#define DECONV_TARGET_NATIVECODEGEN_H

#include "mlir/IR/BuiltinOps.h"

#include "llvm/Support/Error.h"

#include <functional>
#include <memory>

namespace llvm {
class LLVMContext;
class Module;
class TargetMachine;
class raw_pwrite_stream;
} // namespace llvm

namespace mlir::deconv {

/// A TargetMachine for the host's triple and `cpu` ("native": the host CPU
/// and its features, so AVX2/FMA where present). Code is position
/// independent, so objects link into PIE executables and shared libraries.
llvm::Expected<std::unique_ptr<llvm::TargetMachine>>
createTargetMachine(llvm::StringRef cpu, unsigned optLevel);

/// LLVM's default optimization pipeline at `optLevel` (0-3) for `tm` (may
/// be null: the host), without LLVM's loop unroller: the micro-kernels are
/// unrolled in MLIR already, and unrolling the rest multiplied the DCGAN
/// generator's code by 7 and its compile time by 3.6 for no speed (73.9 vs
/// 73.6 ms). Used by deconv-compile and the JIT alike.
std::function<llvm::Error(llvm::Module *)>
makeLLVMOptimizer(unsigned optLevel, llvm::TargetMachine *tm);

/// Sets the LLVM code generator options deconv's tools compile with:
/// loop strength reduction off (-disable-lsr): on the unrolled kernels it
/// takes about half of the code generator's time and does not make them
/// faster. LLVM's options are process-wide, so the tools call this, not the
/// libraries.
void setCodegenDefaults();

/// Gives `module` the triple and data layout of `tm`, and every definition
/// its CPU and features, so that -O3's cost model (the loop and SLP
/// vectorizers) and the instruction selector agree on the target.
void setTargetAttributes(llvm::Module &module, llvm::TargetMachine &tm);

/// Translates an LLVM-dialect module to LLVM IR for `tm` and runs
/// makeLLVMOptimizer's pipeline at `optLevel`.
llvm::Expected<std::unique_ptr<llvm::Module>>
translateAndOptimize(ModuleOp module, llvm::LLVMContext &context,
                     llvm::TargetMachine &tm, unsigned optLevel);

/// Emits `module` as an object file or as assembly text.
llvm::Error emitMachineCode(llvm::Module &module, llvm::TargetMachine &tm,
                            bool assembly, llvm::raw_pwrite_stream &os);

} // namespace mlir::deconv

#endif // DECONV_TARGET_NATIVECODEGEN_H
