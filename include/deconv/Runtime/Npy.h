//===- Npy.h - NumPy .npy reading and writing -------------------*- C++ -*-===//
//
// The tensor interchange format of the tools: little-endian f32, C order,
// format versions 1.0, 2.0 and 3.0. Anything else is refused with a message
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
