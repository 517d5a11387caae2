//===- CInterface.h - The C ABI of compiled functions -----------*- C++ -*-===//
//
// Every public func.func with a body is exported with MLIR's C interface
// (`llvm.emit_c_interface`): `_mlir_ciface_<name>` takes a pointer to a
// strided memref descriptor per tensor. Results are allocated by the callee
// with aligned_alloc and owned by the caller, who frees `allocated` with
// free().
// prepareCInterface makes that promise true (a result never aliases an input,
// a constant or another result); emitCHeader writes the header that documents
// it for C99 and C++ callers.
//
//===----------------------------------------------------------------------===//

#ifndef DECONV_TARGET_CINTERFACE_H
#define DECONV_TARGET_CINTERFACE_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/Support/LLVM.h"

#include <string>
#include <vector>

namespace mlir::deconv {

/// Argument and result attribute naming a function's inputs and outputs (the
/// ONNX importer sets it to the graph's value names); the C header names the
/// parameters after it.
inline constexpr const char *kValueNameAttr = "deconv.name";

/// One function of the C interface.
/// Functions with bodies are renamed to kInternalPrefix + name before the
/// lowering, so that no function of the program can take the name of a C
/// library function the generated code calls (write, malloc, ...) or of the
/// caller's own (main); finalizeExportedSymbols gives the C interface
/// wrappers their names back and makes everything else internal.
inline constexpr const char *kInternalPrefix = "__deconv_fn_";
/// The destination-passing twin of a function with static shapes
/// (deconv-destination-entries) is named this prefix + name.
inline constexpr const char *kDestinationPrefix = "__deconv_into_";
/// The exported status entry points (deconv-status-entries) of
/// `_mlir_ciface_<f>` and of the destination twin.
inline constexpr const char *kCallPrefix = "deconv_call_";
inline constexpr const char *kIntoPrefix = "deconv_into_";

struct ExportedFunction {
  std::string name;
  /// The C interface wrapper's symbol until finalizeExportedSymbols renames
  /// it (what a JIT looks up): _mlir_ciface_ + kInternalPrefix + name.
  std::string symbol;
  SmallVector<RankedTensorType> arguments;
  SmallVector<RankedTensorType> results;
  /// C parameter names: the kValueNameAttr names made C identifiers
  /// (distinct), else input<i> / output<i>.
  std::vector<std::string> argumentNames;
  std::vector<std::string> resultNames;
  /// The names as written in the source (empty where there is none).
  std::vector<std::string> argumentSourceNames;
  std::vector<std::string> resultSourceNames;
  /// Whether every argument and result shape is static: the header then
  /// has the dense-buffer wrapper, and the object the destination entry.
  bool allStatic = false;
  /// The destination twin's C interface wrapper (what a JIT looks up), when
  /// one was asked for: _mlir_ciface_ + kDestinationPrefix + name.
  std::string destinationSymbol;
};

/// Checks that `func` can cross the C interface: ranked f32, f64, f16 or
/// bf16 tensors in and out, a C identifier as its name. Emits an error at
/// the function otherwise.
LogicalResult verifyCInterfaceSignature(Operation *func);

/// Checks and prepares the functions named in `entries` (all public
/// functions with a body when empty): ranked tensors of those element types
/// in and out, the C-interface attribute set, and a copy for any result that
/// is an argument, a constant or another result. Run it after shape inference
/// and before lowering. Errors are emitted at the function's location. With
/// `entryPoints` (what deconv-compile's objects export), the C names of every
/// entry point are checked for clashes. With `entryPoints` or
/// `destinationTwins` (a JIT's benchmark), functions with static shapes also
/// ask for a destination-passing twin.
FailureOr<std::vector<ExportedFunction>>
prepareCInterface(ModuleOp module, ArrayRef<std::string> entries = {},
                  bool entryPoints = false, bool destinationTwins = false);

/// On the lowered (LLVM dialect) module: `_mlir_ciface_<kInternalPrefix><f>`
/// becomes `_mlir_ciface_<f>`, and the status entries of it and of the
/// destination twin `deconv_call_<f>` and `deconv_into_<f>`: the only
/// symbols left external; every other
/// definition gets internal linkage, so objects and shared libraries export
/// nothing else and two of them link into one program.
LogicalResult finalizeExportedSymbols(ModuleOp module);

/// What the object was compiled for, as the header records and checks it.
struct HeaderTarget {
  std::string cpu;
  /// x86 features the code may use, in __builtin_cpu_supports' names.
  std::vector<std::string> features;
};

/// Writes the C99/C++ header of `functions`: the memref descriptor types,
/// `_mlir_ciface_<f>` and its status entry `deconv_call_<f>`. Each function
/// whose shapes are all static also gets `deconv_into_<f>` and
/// `int deconv_<f>(inputs..., outputs...)` on dense buffers; it returns 0,
/// DECONV_ERROR_RUNTIME when the code failed (an allocation), or
/// DECONV_ERROR_CPU without calling the code when the running CPU lacks one
/// of `target`'s features (checked once). `source` names the input.
void emitCHeader(ArrayRef<ExportedFunction> functions, StringRef guard,
                 StringRef source, unsigned numThreads,
                 const HeaderTarget &target, raw_ostream &os);

} // namespace mlir::deconv

#endif // DECONV_TARGET_CINTERFACE_H
