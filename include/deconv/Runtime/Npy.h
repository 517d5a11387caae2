//===- Npy.h - NumPy .npy reading and writing -------------------*- C++ -*-===//
//
// The tensor interchange format of the tools: C order, format versions 1.0,
// 2.0 and 3.0, little-endian '<f4' (f32), '<f8' (f64), '<f2' (f16), and '<u2'
// for bf16, which NumPy has no dtype for: each uint16 is the upper half of
// the binary32 of the same value. Anything else is refused with a message
// that says what the file holds instead.
//
//===----------------------------------------------------------------------===//

#ifndef DECONV_RUNTIME_NPY_H
#define DECONV_RUNTIME_NPY_H

#include "deconv/Runtime/HostTensor.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

namespace mlir::deconv {

/// Parses .npy bytes.
llvm::Expected<HostTensor> parseNpy(llvm::StringRef bytes);
/// Reads a .npy file.
llvm::Expected<HostTensor> readNpy(llvm::StringRef path);
/// Serialises to .npy (version 1.0).
std::string serializeNpy(const HostTensor &tensor);
/// Writes a .npy file atomically (no partial file on failure).
llvm::Error writeNpy(llvm::StringRef path, const HostTensor &tensor);

} // namespace mlir::deconv

#endif // DECONV_RUNTIME_NPY_H
