//===- deconv-onnx-fuzzer.cpp - Arbitrary bytes as an ONNX model ----------===//
//
// libFuzzer target for the ONNX importer and TensorProto reader: corrupt
// protobufs, hostile shapes and attributes, cycles and missing values must
// give an error, never a crash. A model that imports goes through the whole
// compile path of the other fuzzers (runFuzzPipeline on its printed IR).
//
//===----------------------------------------------------------------------===//

#include "FuzzPipeline.h"

#include "deconv/Import/OnnxImport.h"

#include "mlir/IR/MLIRContext.h"

#include "llvm/Support/raw_ostream.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  llvm::StringRef bytes(reinterpret_cast<const char *>(data), size);
  auto tensor = mlir::deconv::parseOnnxTensor(bytes);
  if (!tensor)
    llvm::consumeError(tensor.takeError());

  mlir::MLIRContext context;
  // Rejections are expected; their text is not the fuzzer's concern.
  mlir::ScopedDiagnosticHandler quiet(
      &context, [](mlir::Diagnostic &) { return mlir::success(); });
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::deconv::importOnnxModel(bytes, "fuzz.onnx", &context);
  if (!module)
    return 0;
  std::string text;
  llvm::raw_string_ostream os(text);
  module->print(os);
  // The importer's output must parse and verify again.
  if (!mlir::deconv::fuzz::runFuzzPipeline(text))
    abort();
  return 0;
}
