//===- deconv-text-fuzzer.cpp - Arbitrary bytes as MLIR text --------------===//
//
// libFuzzer target: the input is MLIR text (seeded with the test suite's
// files); parse, verify, shape inference, every strategy down to the LLVM
// dialect and the translation to LLVM IR must never crash.
//
//===----------------------------------------------------------------------===//

#include "FuzzPipeline.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  llvm::StringRef text(reinterpret_cast<const char *>(data), size);
  mlir::deconv::fuzz::runFuzzPipeline(text);
  return 0;
}
