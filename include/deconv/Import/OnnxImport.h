//===- OnnxImport.h - ONNX models and tensors into deconv IR ----*- C++ -*-===//
//
// Reads ONNX ModelProto files (through the ONNX project's protobuf schema, as
// Debian's libonnx-dev ships it) into one func.func of deconv ops plus
// linalg/tensor/arith/math ops, and ONNX TensorProto files into host tensors.
// docs/Onnx.md lists the supported operators and their rules.
//
//===----------------------------------------------------------------------===//

#ifndef DECONV_IMPORT_ONNXIMPORT_H
#define DECONV_IMPORT_ONNXIMPORT_H

#include "deconv/Runtime/HostTensor.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace llvm {
class SourceMgr;
} // namespace llvm

namespace mlir::deconv {

struct OnnxImportOptions {
  /// Name of the generated function; empty: the model file's name made a C
  /// identifier ("generator.onnx" -> @generator), so the exported symbols do
  /// not clash with a C program's own (a function named "main" would).
  std::string functionName;
  /// Graph inputs replaced by constants: (input name, tensor file (.pb or
  /// .npy)). Shape inputs of Reshape, say, must be constant at compile time.
  std::vector<std::pair<std::string, std::string>> boundInputs;
  /// The element type of the function's float tensors. The model's float
  /// inputs, initializers and constants, whatever their ONNX type (FLOAT,
  /// DOUBLE, FLOAT16, BFLOAT16), become this type, rounded to it. Unset: the
  /// type of the graph's float inputs (f32 if it has none).
  std::optional<ElementKind> elementType;
};

/// The tools' --element-type help.
inline constexpr llvm::StringLiteral kElementTypeHelp =
    "For an .onnx input: the element type of the function's float tensors "
    "(f32, f64, f16 or bf16), the model's values rounded to it (default: the "
    "type of the model's float inputs)";

/// Sets `options.elementType` from a tool's --element-type value (empty:
/// left unset). The error names the accepted types.
llvm::Error parseOnnxElementType(llvm::StringRef value,
                                 OnnxImportOptions &options);

/// True for the file names the tools import as ONNX models (".onnx").
bool isOnnxModelFile(llvm::StringRef path);

/// Imports the serialized ModelProto `bytes`. Errors are reported through
/// `context`'s diagnostics at `fileName` and give a null result; nothing is
/// half-built.
OwningOpRef<ModuleOp> importOnnxModel(llvm::StringRef bytes,
                                      llvm::StringRef fileName,
                                      MLIRContext *context,
                                      const OnnxImportOptions &options = {});

/// Reads and imports a model file (see importOnnxModel).
OwningOpRef<ModuleOp>
importOnnxModelFile(llvm::StringRef path, MLIRContext *context,
                    const OnnxImportOptions &options = {});

/// The tools' input: an ONNX model (isOnnxModelFile) is imported, anything
/// else is parsed as MLIR through `sourceMgr` (so diagnostics show source
/// lines). Returns null after reporting the error.
OwningOpRef<ModuleOp> loadInputModule(llvm::StringRef path,
                                      MLIRContext *context,
                                      llvm::SourceMgr &sourceMgr,
                                      const OnnxImportOptions &options = {});

/// Decodes a serialized ONNX TensorProto holding float data (raw or typed);
/// the tensor's kind is the file's type.
llvm::Expected<HostTensor> parseOnnxTensor(llvm::StringRef bytes);

/// Reads a float tensor from a file: an ONNX TensorProto (".pb") or NumPy
/// (any other name).
llvm::Expected<HostTensor> readTensorFile(llvm::StringRef path);

/// Registers the dialects imported IR uses.
void registerOnnxImportDialects(DialectRegistry &registry);

} // namespace mlir::deconv

#endif // DECONV_IMPORT_ONNXIMPORT_H
