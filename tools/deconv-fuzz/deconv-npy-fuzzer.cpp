//===- deconv-npy-fuzzer.cpp - Arbitrary bytes as a .npy file -------------===//
//
// libFuzzer target for the .npy reader deconv-run feeds its inputs through:
// garbage headers, hostile shapes and truncated data must give an error,
// never a crash or a huge allocation.
//
//===----------------------------------------------------------------------===//

#include "deconv/Runtime/Npy.h"

#include "llvm/Support/Error.h"

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  llvm::StringRef bytes(reinterpret_cast<const char *>(data), size);
  auto tensor = mlir::deconv::parseNpy(bytes);
  if (!tensor) {
    llvm::consumeError(tensor.takeError());
    return 0;
  }
  // What is accepted must round-trip: the same shape, kind and values, and
  // serializing again gives the same bytes (NaN payloads may be made quiet
  // once, never changed after that).
  std::string again = mlir::deconv::serializeNpy(*tensor);
  auto reparsed = mlir::deconv::parseNpy(again);
  if (!reparsed || reparsed->shape != tensor->shape ||
      reparsed->kind != tensor->kind ||
      reparsed->data.size() != tensor->data.size() ||
      mlir::deconv::serializeNpy(*reparsed) != again)
    abort();
  for (size_t i = 0; i < tensor->data.size(); ++i) {
    double a = tensor->data[i], b = reparsed->data[i];
    if (!(a == b || (std::isnan(a) && std::isnan(b))))
      abort();
  }
  return 0;
}
