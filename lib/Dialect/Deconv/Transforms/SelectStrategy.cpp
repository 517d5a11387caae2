//===- SelectStrategy.cpp - Pick a conv_transpose strategy per op ---------===//

#include "TransposeUtils.h"

#include "deconv/Dialect/Deconv/Transforms/Passes.h"
#include "deconv/Dialect/Deconv/Transforms/Strategies.h"

#include "llvm/Support/FormatVariadic.h"

namespace mlir::deconv {
#define GEN_PASS_DEF_DECONVSELECTSTRATEGY
#include "deconv/Dialect/Deconv/Transforms/Passes.h.inc"
} // namespace mlir::deconv

using namespace mlir;
using namespace mlir::deconv;

/// Largest prod(s) for which a depthwise layer takes zero insertion.
static constexpr int64_t kMaxDepthwiseZeroInsertion = 4;

static TransposeChoice selectByRule(ConvTransposeOp op) {
  ConvParams params = op.getParams();
  if (llvm::all_of(params.strides, [](int64_t s) { return s == 1; }))
    return {TransposeStrategy::ZeroInsertion,
            "stride 1: a convolution with the flipped filter"};
  // Depthwise: one vectorized depthwise conv over the zero-inserted input
  // beats s^k small phase convs despite multiplying the inserted zeros (the
  // kernel skips the rows of inserted zeros).
  // Only for small strides: the inserted zeros multiply the work by s^k.
  auto filterType = cast<RankedTensorType>(op.getFilter().getType());
  int64_t inserted = 1;
  for (int64_t s : params.strides)
    inserted = std::min<int64_t>(inserted * s, kMaxDepthwiseZeroInsertion + 1);
  if (filterType.getDimSize(1) == 1 &&
      filterType.getDimSize(0) == params.groups &&
      inserted <= kMaxDepthwiseZeroInsertion)
    return {TransposeStrategy::ZeroInsertion,
            llvm::formatv("depthwise with prod(strides) {0} <= {1}", inserted,
                          kMaxDepthwiseZeroInsertion)
                .str()};
  return {TransposeStrategy::Subpixel, "no multiplications of inserted zeros"};
}

TransposeChoice mlir::deconv::chooseTransposeStrategy(ConvTransposeOp op) {
  // The rule's choice, else the first strategy within its limits, in order
  // of wasted work (zero insertion, limitless, multiplies inserted zeros).
  TransposeChoice rule = selectByRule(op);
  std::string blocker = getTransposeLoweringBlocker(op, rule.strategy);
  if (blocker.empty())
    return rule;
  for (TransposeStrategy s :
       {TransposeStrategy::Subpixel, TransposeStrategy::Loops})
    if (getTransposeLoweringBlocker(op, s).empty())
      return {s,
              stringifyTransposeStrategy(rule.strategy).str() + ": " + blocker};
  return {TransposeStrategy::ZeroInsertion,
          "the other strategies are beyond their limits"};
}

TransposeStrategy mlir::deconv::selectTransposeStrategy(ConvTransposeOp op) {
  return chooseTransposeStrategy(op).strategy;
}

namespace {
struct DeconvSelectStrategyPass
    : mlir::deconv::impl::DeconvSelectStrategyBase<DeconvSelectStrategyPass> {
  using Base::Base;
  void runOnOperation() override {
    SmallVector<int64_t> tiles(loopTileSizes.begin(), loopTileSizes.end());
    auto choose = [&](ConvTransposeOp op) {
      TransposeChoice chosen =
          strategy == TransposeStrategy::Auto
              ? chooseTransposeStrategy(op)
              : TransposeChoice{TransposeStrategy(strategy), "requested"};
      if (printDecisions) {
        InFlightDiagnostic remark =
            op.emitRemark("conv_transpose strategy: ")
            << stringifyTransposeStrategy(chosen.strategy) << " ("
            << chosen.reason << ")";
        if (chosen.strategy == TransposeStrategy::Subpixel &&
            getTransposeLoweringBlocker(op, chosen.strategy, subpixelForm)
                .empty()) {
          TransposeFormChoice form = chooseSubpixelForm(op, subpixelForm);
          remark << ", " << stringifySubpixelForm(form.form) << " form ("
                 << form.reason << ")";
        }
      }
      return chosen.strategy;
    };
    if (failed(lowerAllTransposes(getOperation(), "", choose, tiles,
                                  subpixelForm)))
      signalPassFailure();
  }
};
} // namespace
