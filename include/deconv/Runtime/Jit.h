//===- Jit.h - Compile a function in process and call it --------*- C++ -*-===//
//
// Lowers a module with --deconv-lower-to-llvm, JIT-compiles it with MLIR's
// ExecutionEngine (LLVM -O3, host CPU) and calls one public function on host
// tensors. Used by deconv-run and by the execution tests. The same compiled
// function can be called many times, with different dynamic dims.
//
//===----------------------------------------------------------------------===//

#ifndef DECONV_RUNTIME_JIT_H
#define DECONV_RUNTIME_JIT_H

#include "deconv/Pipelines/Pipelines.h"
#include "deconv/Runtime/HostTensor.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/BuiltinTypes.h"

#include "llvm/Support/Error.h"

#include <cstdlib>
#include <memory>

namespace mlir {
class ExecutionEngine;
namespace deconv {

class JitFunction {
public:
  /// Lowers `module` in place and compiles it. Diagnostics of failing passes
  /// go to the context's handler; the error says which step failed. The
  /// lowering's result is verified, and with `verifyEach` the IR after every
  /// pass (slower: 0.85 of 1.9 s on the DCGAN generator). `configure`, if
  /// given, sets up the lowering's pass manager (a tool's
  /// applyPassManagerCLOptions, say). `onRuntimeError`, if given, receives
  /// the message of a failed run-time check (a size the code cannot run
  /// with, a failed allocation) before the process aborts; it may end the
  /// process its own way.
  static llvm::Expected<std::unique_ptr<JitFunction>>
  compile(ModuleOp module, StringRef entry, const LowerToLLVMOptions &options,
          unsigned optLevel = 3, bool verifyEach = false,
          function_ref<LogicalResult(PassManager &)> configure = nullptr,
          void (*onRuntimeError)(const char *) = nullptr);
  /// Compiles several functions of one module at once (one engine).
  static llvm::Expected<std::vector<std::unique_ptr<JitFunction>>>
  compileAll(ModuleOp module, ArrayRef<StringRef> entries,
             const LowerToLLVMOptions &options, unsigned optLevel = 3,
             bool verifyEach = false,
             function_ref<LogicalResult(PassManager &)> configure = nullptr,
             void (*onRuntimeError)(const char *) = nullptr);
  ~JitFunction();

  /// Calls the function. Inputs must match the argument types (rank, static
  /// dims); dynamic dims take the sizes of the inputs.
  llvm::Expected<std::vector<HostTensor>>
  call(const std::vector<HostTensor> &inputs);

  /// Calls the function repeatedly on the same inputs (after one warm-up
  /// call) until at least `minRuns` calls and `minSeconds` have passed;
  /// returns the time of each call in milliseconds. A function with static
  /// shapes is called through its destination twin (`deconv_into_<f>` of a
  /// compiled object, what `deconv_<f>` runs) with result buffers kept
  /// across the calls; others allocate their results at each call (freed
  /// outside the timing).
  llvm::Expected<std::vector<double>>
  benchmark(const std::vector<HostTensor> &inputs, unsigned minRuns,
            double minSeconds);

  /// Whether benchmark() calls the destination twin (all shapes static).
  bool hasDestinationEntry() const { return !destinationSymbol.empty(); }

  /// The function's argument and result types (after shape inference).
  ArrayRef<RankedTensorType> getArgumentTypes() const { return argTypes; }
  ArrayRef<RankedTensorType> getResultTypes() const { return resultTypes; }

private:
  /// Memref descriptors of one call.
  struct Prepared {
    struct Free {
      void operator()(char *p) const { std::free(p); }
    };
    using Buffer = std::unique_ptr<char, Free>;
    /// The inputs in their element types' encodings.
    std::vector<Buffer> buffers;
    std::vector<std::vector<int64_t>> descs;
    std::vector<std::pair<int64_t, int64_t>> inputRanges;
    std::vector<int64_t> results;
  };
  llvm::Expected<Prepared> prepare(const std::vector<HostTensor> &inputs) const;
  /// A 64-byte aligned buffer of `bytes` appended to `buffers`, and the
  /// identity-layout memref descriptor of `shape` over it.
  static llvm::Expected<std::vector<int64_t>>
  makeDescriptor(size_t bytes, ArrayRef<int64_t> shape,
                 std::vector<Prepared::Buffer> &buffers);
  /// Calls the function, or with `outputs` (result descriptors) its
  /// destination twin.
  llvm::Error invoke(Prepared &p,
                     MutableArrayRef<std::vector<int64_t>> outputs = {});
  void release(Prepared &p);

  JitFunction() = default;
  std::shared_ptr<ExecutionEngine> engine;
  std::string symbol;
  /// The destination twin's wrapper; empty when a shape is dynamic.
  std::string destinationSymbol;
  SmallVector<RankedTensorType> argTypes, resultTypes;
};

/// Whether `inputs` can be passed as arguments of these types: one per
/// argument, of matching element type, rank and static sizes, non-empty, with
/// as many values as their shape has elements. The error says which input is
/// wrong, by its name where `names` has one (an ONNX graph input's, say).
llvm::Error checkInputsMatch(ArrayRef<RankedTensorType> argTypes,
                             const std::vector<HostTensor> &inputs,
                             ArrayRef<std::string> names = {});

/// f32 lanes of the host's widest vectors (16 with AVX-512, else 8).
int64_t getHostVectorWidth();

/// Whether the host has AVX512_BF16's dot product (vdpbf16ps).
bool hostHasBf16Dot();

/// Registers the dialects, interface models and LLVM translations the JIT
/// path needs.
void registerJitDependencies(DialectRegistry &registry);

} // namespace deconv
} // namespace mlir

#endif // DECONV_RUNTIME_JIT_H
