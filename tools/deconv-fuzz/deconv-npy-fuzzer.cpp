//===- deconv-npy-fuzzer.cpp - Arbitrary bytes as a .npy file -------------===//
//
// libFuzzer target for the .npy reader deconv-run feeds its inputs through:
// garbage headers, hostile shapes and truncated data must give an error,
// never a crash or a huge allocation.
//
//===----------------------------------------------------------------------===//

#include "deconv/Runtime/Npy.h"

#include "llvm/Support/Error.h"

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
  // What is accepted must round-trip.
  std::string again = mlir::deconv::serializeNpy(*tensor);
  auto reparsed = mlir::deconv::parseNpy(again);
  if (!reparsed || reparsed->shape != tensor->shape ||
      reparsed->data.size() != tensor->data.size() ||
      // Bitwise (NaNs included); an empty vector may have no buffer.
      (!tensor->data.empty() &&
       memcmp(reparsed->data.data(), tensor->data.data(),
              tensor->data.size() * sizeof(float)) != 0))
    abort();
  return 0;
}
