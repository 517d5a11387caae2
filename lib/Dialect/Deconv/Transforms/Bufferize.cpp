//===- Bufferize.cpp - One-shot bufferization for native code -------------===//

#include "deconv/Dialect/Deconv/Transforms/Passes.h"

#include "mlir/Dialect/Bufferization/Transforms/OneShotAnalysis.h"
#include "mlir/Dialect/Bufferization/Transforms/OneShotModuleBufferize.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"

namespace mlir::deconv {
#define GEN_PASS_DEF_DECONVBUFFERIZE
#include "deconv/Dialect/Deconv/Transforms/Passes.h.inc"
} // namespace mlir::deconv

using namespace mlir;

namespace {
struct DeconvBufferizePass
    : mlir::deconv::impl::DeconvBufferizeBase<DeconvBufferizePass> {
  void runOnOperation() override {
    bufferization::OneShotBufferizationOptions options;
    options.bufferizeFunctionBoundaries = true;
    options.setFunctionBoundaryTypeConversion(
        bufferization::LayoutMapOption::IdentityLayoutMap);
    // linalg.copy lowers to plain loops; memref.copy of strided buffers would
    // become a call into the MLIR runtime library (memrefCopy).
    options.memCpyFn = [](OpBuilder &b, Location loc, Value from,
                          Value to) -> LogicalResult {
      linalg::CopyOp::create(b, loc, from, to);
      return success();
    };
    bufferization::BufferizationState state;
    if (failed(bufferization::runOneShotModuleBufferize(getOperation(), options,
                                                        state)))
      return signalPassFailure();
  }
};
} // namespace
