//===- SelectStrategy.cpp - Pick a conv_transpose strategy per op ---------===//

#include "deconv/Dialect/Deconv/Transforms/Passes.h"
#include "deconv/Dialect/Deconv/Transforms/Strategies.h"

namespace mlir::deconv {
#define GEN_PASS_DEF_DECONVSELECTSTRATEGY
#include "deconv/Dialect/Deconv/Transforms/Passes.h.inc"
} // namespace mlir::deconv

using namespace mlir;
using namespace mlir::deconv;

TransposeStrategy mlir::deconv::selectTransposeStrategy(ConvTransposeOp op) {
  ConvParams params = op.getParams();
  if (llvm::all_of(params.strides, [](int64_t s) { return s == 1; }))
    return TransposeStrategy::ZeroInsertion;
  auto filterType = cast<RankedTensorType>(op.getFilter().getType());
  if (filterType.getDimSize(1) == 1 &&
      filterType.getDimSize(0) == params.groups)
    return TransposeStrategy::Loops;
  return TransposeStrategy::Subpixel;
}

namespace {
struct DeconvSelectStrategyPass
    : mlir::deconv::impl::DeconvSelectStrategyBase<DeconvSelectStrategyPass> {
  using Base::Base;
  void runOnOperation() override {
    std::optional<TransposeStrategy> forced;
    if (strategy != "auto") {
      forced = parseTransposeStrategy(strategy);
      if (!forced) {
        getOperation()->emitError("unknown conv_transpose strategy '")
            << strategy
            << "'; expected auto, zero-insertion, subpixel or loops";
        return signalPassFailure();
      }
    }
    SmallVector<int64_t> tiles(loopTileSizes.begin(), loopTileSizes.end());
    IRRewriter rewriter(&getContext());
    WalkResult r = getOperation()->walk([&](ConvTransposeOp op) {
      std::string blocker = getTransposeLoweringBlocker(op);
      if (!blocker.empty()) {
        op.emitError("cannot be lowered: ") << blocker;
        return WalkResult::interrupt();
      }
      TransposeStrategy chosen = forced ? *forced : selectTransposeStrategy(op);
      if (printDecisions)
        op.emitRemark("conv_transpose strategy: ")
            << stringifyTransposeStrategy(chosen);
      if (failed(lowerTranspose(rewriter, op, chosen, tiles))) {
        op.emitError("cannot be lowered with strategy ")
            << stringifyTransposeStrategy(chosen);
        return WalkResult::interrupt();
      }
      return WalkResult::advance();
    });
    if (r.wasInterrupted())
      signalPassFailure();
  }
};
} // namespace
