//===- DeconvToLinalg.cpp - deconv.conv to tensor.pad + linalg ------------===//

#include "deconv/Conversion/DeconvToLinalg/DeconvToLinalg.h"
#include "deconv/Conversion/Passes.h"
#include "deconv/Dialect/Deconv/IR/DeconvOps.h"
#include "deconv/Dialect/Deconv/Utils/LinalgBuilders.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::deconv {
#define GEN_PASS_DEF_CONVERTDECONVTOLINALG
#include "deconv/Conversion/Passes.h.inc"
} // namespace mlir::deconv

using namespace mlir;
using namespace mlir::deconv;

namespace {

/// Zero-pads the spatial dims of a channels-first tensor.
Value padSpatial(OpBuilder &b, Location loc, Value input,
                 const ConvParams &params) {
  unsigned k = params.getSpatialRank();
  if (llvm::all_of(params.padding, [](int64_t p) { return p == 0; }))
    return input;
  SmallVector<OpFoldResult> low(2, b.getIndexAttr(0)),
      high(2, b.getIndexAttr(0));
  for (unsigned d = 0; d < k; ++d) {
    low.push_back(b.getIndexAttr(params.padding[d]));
    high.push_back(b.getIndexAttr(params.padding[k + d]));
  }
  Type elt = cast<RankedTensorType>(input.getType()).getElementType();
  Value zero = arith::ConstantOp::create(b, loc, b.getZeroAttr(elt));
  return tensor::PadOp::create(b, loc, /*resultType=*/Type(), input, low, high,
                               zero);
}

struct ConvOpToLinalg : OpRewritePattern<ConvOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(ConvOp op,
                                PatternRewriter &rewriter) const override {
    auto resultType = dyn_cast<RankedTensorType>(op.getType());
    if (!resultType)
      return rewriter.notifyMatchFailure(
          op, "result type is unranked; run --deconv-infer-shapes first");
    ConvParams params = op.getParams();

    Location loc = op.getLoc();
    ReifiedRankedShapedTypeDims sizes;
    if (failed(op.reifyResultShapes(rewriter, sizes)))
      return rewriter.notifyMatchFailure(op, "cannot reify the result shape");
    Type elt = resultType.getElementType();
    Value result;
    if (hasNoProducts(op)) {
      result = buildConvInit(rewriter, loc, sizes[0], elt, op.getBias());
    } else {
      Value input = padSpatial(rewriter, loc, op.getInput(), params);
      Value init = buildConvInit(rewriter, loc, sizes[0], elt, op.getBias());
      result = buildLinalgConv(rewriter, loc, input, op.getFilter(), init,
                               params.strides, params.dilations, params.groups);
    }
    if (result.getType() != resultType)
      result = tensor::CastOp::create(rewriter, loc, resultType, result);
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct ConvertDeconvToLinalgPass
    : mlir::deconv::impl::ConvertDeconvToLinalgBase<ConvertDeconvToLinalgPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    populateDeconvToLinalgPatterns(patterns);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
    // Whatever is left could not be lowered: say why, with its location.
    WalkResult r = getOperation()->walk([](ConvOp op) {
      op.emitError("could not be lowered to linalg: ")
          << (isa<RankedTensorType>(op.getType())
                  ? "no lowering pattern applied"
                  : "result type is unranked; run --deconv-infer-shapes "
                    "first");
      return WalkResult::interrupt();
    });
    if (r.wasInterrupted())
      signalPassFailure();
  }
};

} // namespace

void mlir::deconv::populateDeconvToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<ConvOpToLinalg>(patterns.getContext());
}
