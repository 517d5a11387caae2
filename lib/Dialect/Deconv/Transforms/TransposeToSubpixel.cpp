//===- TransposeToSubpixel.cpp - Strategy 2: polyphase decomposition ------===//

#include "TransposeUtils.h"

#include "deconv/Conversion/DeconvToLinalg/DeconvToLinalg.h"
#include "deconv/Dialect/Deconv/Transforms/Passes.h"
#include "deconv/Dialect/Deconv/Transforms/Strategies.h"
#include "deconv/Support/ConvGeometry.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"

namespace mlir::deconv {
#define GEN_PASS_DEF_DECONVTRANSPOSETOSUBPIXEL
#include "deconv/Dialect/Deconv/Transforms/Passes.h.inc"
} // namespace mlir::deconv

using namespace mlir;
using namespace mlir::deconv;

static Value castTo(OpBuilder &b, Location loc, Value v, Type type) {
  return v.getType() == type ? v : tensor::CastOp::create(b, loc, type, v);
}

LogicalResult mlir::deconv::lowerTransposeBySubpixel(RewriterBase &rewriter,
                                                     ConvTransposeOp op) {
  if (!getTransposeLoweringBlocker(op, TransposeStrategy::Subpixel).empty())
    return failure();
  ConvParams params = op.getParams();
  unsigned k = params.getSpatialRank();
  auto filterType = cast<RankedTensorType>(op.getFilter().getType());
  auto resultType = cast<RankedTensorType>(op.getType());
  Location loc = op.getLoc();
  OpBuilder::InsertionGuard guard(rewriter);
  rewriter.setInsertionPoint(op);

  SmallVector<OpFoldResult> outSizes;
  FailureOr<Value> init = buildTransposeInit(rewriter, op, outSizes);
  if (failed(init))
    return failure();
  Value acc = *init;

  // Enumerate the phases with taps in every dim (the others keep the bias of
  // the init); each one accumulates into its strided slice.
  SmallVector<SmallVector<SubpixelPhase>> phases;
  for (unsigned d = 0; d < k; ++d) {
    phases.push_back(
        getSubpixelPhasesWithTaps(params.dim(d), filterType.getDimSize(2 + d)));
    if (phases.back().empty())
      return rewriter.replaceOp(op, castTo(rewriter, loc, acc, resultType)),
             success();
  }
  SmallVector<size_t> index(k, 0);
  AffineExpr s0 = rewriter.getAffineSymbolExpr(0);
  while (true) {
    SmallVector<TapSelection> taps;
    SmallVector<int64_t> start, subDilation, ones(k, 1);
    SmallVector<OpFoldResult> extent, offsets(2, rewriter.getIndexAttr(0)),
        sizes = {outSizes[0], outSizes[1]},
        strides(2, rewriter.getIndexAttr(1));
    bool empty = false;
    for (unsigned d = 0; d < k && !empty; ++d) {
      SpatialParams p = params.dim(d);
      const SubpixelPhase &ph = phases[d][index[d]];
      // ceil((O - r) / s) outputs in this phase; an empty one has no outputs.
      OpFoldResult q = affine::makeComposedFoldedAffineApply(
          rewriter, loc,
          (s0 + getPhaseSizeConstant(p.stride, ph.residue)).floorDiv(p.stride),
          {outSizes[2 + d]});
      empty = isConstantIntValue(q, 0);
      taps.push_back({ph.firstTap, ph.tapStep, ph.numTaps});
      start.push_back(ph.inputOffset);
      subDilation.push_back(ph.subDilation);
      extent.push_back(affine::makeComposedFoldedAffineApply(
          rewriter, loc, s0 + ph.subDilation * (ph.numTaps - 1), {q}));
      offsets.push_back(rewriter.getIndexAttr(ph.residue));
      sizes.push_back(q);
      strides.push_back(rewriter.getIndexAttr(p.stride));
    }
    if (!empty) {
      Value window =
          extractZeroPaddedWindow(rewriter, loc, op.getInput(), start, extent);
      Value filter = buildTransposedFilter(rewriter, loc, op.getFilter(),
                                           params.groups, taps);
      Value slice = tensor::ExtractSliceOp::create(rewriter, loc, acc, offsets,
                                                   sizes, strides);
      Value phase = buildLinalgConv(rewriter, loc, window, filter, slice, ones,
                                    subDilation, params.groups);
      acc = tensor::InsertSliceOp::create(rewriter, loc, phase, acc, offsets,
                                          sizes, strides);
    }
    // Next phase vector (odometer order).
    unsigned d = k;
    while (d > 0 && ++index[d - 1] == phases[d - 1].size())
      index[--d] = 0;
    if (d == 0)
      break;
  }
  rewriter.replaceOp(op, castTo(rewriter, loc, acc, resultType));
  return success();
}

namespace {
struct DeconvTransposeToSubpixelPass
    : mlir::deconv::impl::DeconvTransposeToSubpixelBase<
          DeconvTransposeToSubpixelPass> {
  void runOnOperation() override {
    if (failed(lowerAllTransposes(
            getOperation(), "by sub-pixel decomposition",
            [](ConvTransposeOp) { return TransposeStrategy::Subpixel; })))
      signalPassFailure();
  }
};
} // namespace
