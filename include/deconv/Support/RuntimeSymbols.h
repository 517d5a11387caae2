//===- RuntimeSymbols.h - Names the generated code's helpers share --------===//
//
// The run-time checks define the error and allocation functions of a lowered
// module; the status entry points and the C interface rewrite or export them.
// Their names live here so that those passes agree.
//
//===----------------------------------------------------------------------===//

#ifndef DECONV_SUPPORT_RUNTIMESYMBOLS_H
#define DECONV_SUPPORT_RUNTIMESYMBOLS_H

#include "llvm/ADT/StringRef.h"

#include <cstdint>

namespace mlir::deconv {

/// `void __deconv_fatal(const char *message)`: every failed check and failed
/// allocation calls it.
inline constexpr llvm::StringLiteral kFatalFunction = "__deconv_fatal";
/// A program (or a JIT) that defines this function gets each fatal message
/// before the abort. The generated code refers to it weakly.
inline constexpr llvm::StringLiteral kErrorHandler = "deconv_error_handler";
/// MLIR's generic allocation functions (finalize-memref-to-llvm's
/// use-generic-functions), defined in the module by deconv-runtime-checks.
inline constexpr llvm::StringLiteral kAllocFunction =
    "_mlir_memref_to_llvm_alloc";
inline constexpr llvm::StringLiteral kAlignedAllocFunction =
    "_mlir_memref_to_llvm_aligned_alloc";
inline constexpr llvm::StringLiteral kFreeFunction =
    "_mlir_memref_to_llvm_free";
inline constexpr llvm::StringLiteral kOutOfMemoryMessage =
    "deconv: error: out of memory: a buffer of the generated code could not "
    "be allocated\n";
/// MLIR's C interface wrappers are named this prefix + the function's name.
inline constexpr llvm::StringLiteral kCInterfacePrefix = "_mlir_ciface_";
/// deconv-status-entries names the status entry point of `_mlir_ciface_<f>`
/// this prefix + <f>.
inline constexpr llvm::StringLiteral kStatusEntryPrefix = "__deconv_status_";
/// The attribute by which the C interface asks deconv-destination-entries
/// for a function's destination-passing twin (its value: the twin's name).
inline constexpr llvm::StringLiteral kDestinationEntryAttr =
    "deconv.destination_entry";
/// deconv-plan-workspaces declares, for a function `f` with temporaries,
/// `acquire prefix + f` (no arguments, returns the workspace memref) and
/// `release prefix + f` (takes it back), each with the workspace's size in
/// bytes as this attribute; deconv-cache-workspaces defines them.
inline constexpr llvm::StringLiteral kWorkspaceAcquirePrefix =
    "__deconv_workspace_acquire_";
inline constexpr llvm::StringLiteral kWorkspaceReleasePrefix =
    "__deconv_workspace_release_";
inline constexpr llvm::StringLiteral kWorkspaceBytesAttr =
    "deconv.workspace_bytes";
/// On an acquire function: its release function. An acquire whose bytes are
/// 0 takes the size (index) as its argument.
inline constexpr llvm::StringLiteral kWorkspaceReleaseAttr =
    "deconv.workspace_release";
/// The alignment of a workspace and of every buffer planned in it (a cache
/// line, and what the vector kernels assume of every buffer); also the size
/// of a cached block's header.
inline constexpr int64_t kWorkspaceAlignment = 64;
/// `void __deconv_workspace_adopt(void *)`: called with a cached workspace
/// as a call takes it. Empty unless deconv-status-entries gives it the body
/// of a tracked allocation, so that a failed call frees it.
inline constexpr llvm::StringLiteral kWorkspaceAdoptFunction =
    "__deconv_workspace_adopt";
/// What a status entry point returns when the call failed.
inline constexpr int kStatusRuntimeError = 2;

} // namespace mlir::deconv

#endif // DECONV_SUPPORT_RUNTIMESYMBOLS_H
