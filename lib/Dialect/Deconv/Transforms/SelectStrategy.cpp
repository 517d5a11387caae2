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

/// Largest column stride for which a 2-D depthwise layer takes zero
/// insertion.
static constexpr int64_t kMaxDepthwiseZeroColumns = 4;

static TransposeChoice selectByRule(ConvTransposeOp op) {
  ConvParams params = op.getParams();
  if (llvm::all_of(params.strides, [](int64_t s) { return s == 1; }))
    return {TransposeStrategy::ZeroInsertion,
            "stride 1: a convolution with the flipped filter"};
  // 2-D depthwise: the depthwise row kernel skips the rows of inserted
  // zeros, so zero insertion multiplies only the inserted columns, and one
  // vectorized conv then beats s_h * s_w small phase convs and their
  // interleave. Without zero rows to skip (1-D, a row stride of 1) or with
  // wide column strides, the phases win (bench: 1-D s = 2..8, s = 1x2 and
  // 2x1, 2x8 against 2x2 and 4x4).
  auto filterType = cast<RankedTensorType>(op.getFilter().getType());
  // One input channel per group: depthwise, or with a channel multiplier
  // (which --deconv-expand-channel-multiplier makes depthwise).
  bool depthwise = filterType.getDimSize(0) == params.groups &&
                   (params.groups > 1 || filterType.getDimSize(1) == 1);
  if (depthwise && params.strides.size() == 2 && params.strides[0] >= 2 &&
      params.strides[1] >= 2 && params.strides[1] <= kMaxDepthwiseZeroColumns)
    return {TransposeStrategy::ZeroInsertion,
            llvm::formatv("2-D depthwise with row stride {0} >= 2 and column "
                          "stride 2..{1}: the kernel skips the inserted zero "
                          "rows",
                          params.strides[0], kMaxDepthwiseZeroColumns)
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
