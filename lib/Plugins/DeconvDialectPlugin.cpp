//===- DeconvDialectPlugin.cpp - The deconv dialect for stock mlir-opt ----===//
//
//   mlir-opt-22 --load-dialect-plugin=DeconvDialectPlugin.so in.mlir
//
// registers the deconv dialect (and the dialects its ops and lowerings use)
// with mlir-opt's registry, so that deconv IR parses, verifies and prints.
//
//===----------------------------------------------------------------------===//

#include "deconv/InitAllDeconv.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/Plugins/DialectPlugin.h"

extern "C" LLVM_ATTRIBUTE_WEAK mlir::DialectPluginLibraryInfo
mlirGetDialectPluginInfo() {
  return {MLIR_PLUGIN_API_VERSION, "DeconvDialect", DECONV_VERSION,
          [](mlir::DialectRegistry *registry) {
            mlir::deconv::registerAllDialects(*registry);
          }};
}
