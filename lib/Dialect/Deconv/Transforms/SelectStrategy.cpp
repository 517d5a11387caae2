//===- SelectStrategy.cpp - Pick a conv_transpose strategy per op ---------===//

#include "TransposeUtils.h"

#include "deconv/Dialect/Deconv/Transforms/Passes.h"
#include "deconv/Dialect/Deconv/Transforms/Strategies.h"

namespace mlir::deconv {
#define GEN_PASS_DEF_DECONVSELECTSTRATEGY
#include "deconv/Dialect/Deconv/Transforms/Passes.h.inc"
} // namespace mlir::deconv

using namespace mlir;
using namespace mlir::deconv;

static TransposeStrategy selectByRule(ConvTransposeOp op) {
  ConvParams params = op.getParams();
  if (llvm::all_of(params.strides, [](int64_t s) { return s == 1; }))
    return TransposeStrategy::ZeroInsertion;
  // Depthwise layers too: their phases take the depthwise micro-kernel
  // (dw_up: sub-pixel 6.5-9.4 ms, loops 12.0-12.5 ms).
  return TransposeStrategy::Subpixel;
}

TransposeStrategy mlir::deconv::selectTransposeStrategy(ConvTransposeOp op) {
  // The rule's choice, else the first strategy within its limits, in order
  // of wasted work (zero insertion, limitless, multiplies inserted zeros).
  for (TransposeStrategy s : {selectByRule(op), TransposeStrategy::Subpixel,
                              TransposeStrategy::Loops})
    if (getTransposeLoweringBlocker(op, s).empty())
      return s;
  return TransposeStrategy::ZeroInsertion;
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
    std::optional<SubpixelForm> form = parseSubpixelForm(subpixelForm);
    if (!form) {
      getOperation()->emitError("unknown sub-pixel form '")
          << subpixelForm << "'; expected auto, batched or per-phase";
      return signalPassFailure();
    }
    SmallVector<int64_t> tiles(loopTileSizes.begin(), loopTileSizes.end());
    auto choose = [&](ConvTransposeOp op) {
      TransposeStrategy chosen = forced ? *forced : selectTransposeStrategy(op);
      if (printDecisions)
        op.emitRemark("conv_transpose strategy: ")
            << stringifyTransposeStrategy(chosen);
      return chosen;
    };
    if (failed(lowerAllTransposes(getOperation(), "", choose, tiles, *form)))
      signalPassFailure();
  }
};
} // namespace
