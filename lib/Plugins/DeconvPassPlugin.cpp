//===- DeconvPassPlugin.cpp - deconv-opt's passes for stock mlir-opt ------===//
//
//   mlir-opt-22 --load-dialect-plugin=DeconvDialectPlugin.so \
//     --load-pass-plugin=DeconvPassPlugin.so --deconv-lower-to-llvm in.mlir
//
// registers every deconv pass and pipeline (the same set as deconv-opt's).
//
//===----------------------------------------------------------------------===//

#include "deconv/InitAllDeconv.h"

#include "mlir/Tools/Plugins/PassPlugin.h"

extern "C" LLVM_ATTRIBUTE_WEAK mlir::PassPluginLibraryInfo
mlirGetPassPluginInfo() {
  return {MLIR_PLUGIN_API_VERSION, "DeconvPasses", DECONV_VERSION,
          []() { mlir::deconv::registerAllPasses(); }};
}
