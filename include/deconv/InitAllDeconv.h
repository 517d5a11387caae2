//===- InitAllDeconv.h - Register deconv-opt's dialects and passes -*- C++
//-*-===//
//
// The public entry points for tools that embed deconv-opt: register the
// deconv dialect (and what its lowerings produce) and all of its passes.
//
//===----------------------------------------------------------------------===//

#ifndef DECONV_INITALLDECONV_H
#define DECONV_INITALLDECONV_H

namespace mlir {
class DialectRegistry;
} // namespace mlir

namespace mlir::deconv {

/// Registers the deconv dialect and the dialects its passes create.
void registerAllDialects(mlir::DialectRegistry &registry);

/// Registers every deconv-opt pass and pipeline with the global registry.
void registerAllPasses();

} // namespace mlir::deconv

#endif // DECONV_INITALLDECONV_H
