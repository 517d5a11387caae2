//===- ExpandChannelMultiplier.cpp - Multiplier layers as depthwise ones --===//
//
// A grouped layer with one input channel and M > 1 output channels per group
// (a depthwise layer with a channel multiplier) is the depthwise layer of
// the input with each channel repeated M times: the depthwise kernels then
// apply.
//
//===----------------------------------------------------------------------===//

#include "deconv/Dialect/Deconv/IR/DeconvOps.h"
#include "deconv/Dialect/Deconv/Transforms/Passes.h"
#include "deconv/Dialect/Deconv/Utils/LinalgBuilders.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

namespace mlir::deconv {
#define GEN_PASS_DEF_DECONVEXPANDCHANNELMULTIPLIER
#include "deconv/Dialect/Deconv/Transforms/Passes.h.inc"
} // namespace mlir::deconv

using namespace mlir;
using namespace mlir::deconv;

namespace {

/// The channel multiplier of `op` if it has one group per input channel, M
/// > 1 output channels per group and static shapes, else 0.
int64_t getChannelMultiplier(Operation *op) {
  auto groupsAttr = op->getAttrOfType<IntegerAttr>("groups");
  int64_t groups = groupsAttr ? groupsAttr.getInt() : 1;
  for (Value v : op->getOperands())
    if (!cast<ShapedType>(v.getType()).hasStaticShape())
      return 0;
  auto res = dyn_cast<RankedTensorType>(op->getResult(0).getType());
  if (!res || !res.hasStaticShape() || hasNoProducts(op))
    return 0;
  auto in = cast<RankedTensorType>(op->getOperand(0).getType());
  if (groups <= 1 || in.getDimSize(1) != groups)
    return 0;
  int64_t m = res.getDimSize(1) / groups;
  return m > 1 ? m : 0;
}

struct DeconvExpandChannelMultiplierPass
    : deconv::impl::DeconvExpandChannelMultiplierBase<
          DeconvExpandChannelMultiplierPass> {
  void runOnOperation() override {
    IRRewriter rewriter(&getContext());
    for (Operation *op : getConvLikeOps(getOperation())) {
      int64_t m = getChannelMultiplier(op);
      if (!m)
        continue;
      Location loc = op->getLoc();
      rewriter.setInsertionPoint(op);
      // [N, G, I...] -> [N, G, M, I...] -> [N, G*M, I...].
      Value x = op->getOperand(0);
      auto xType = cast<RankedTensorType>(x.getType());
      SmallVector<int64_t> wide(xType.getShape());
      wide.insert(wide.begin() + 2, m);
      Value empty =
          tensor::EmptyOp::create(rewriter, loc, wide, xType.getElementType());
      Value repeated = linalg::BroadcastOp::create(rewriter, loc, x, empty, {2})
                           ->getResult(0);
      SmallVector<ReassociationIndices> merge = {{0}, {1, 2}};
      for (int64_t d = 3; d < static_cast<int64_t>(wide.size()); ++d)
        merge.push_back({d});
      Value input =
          tensor::CollapseShapeOp::create(rewriter, loc, repeated, merge);
      // conv: the filter [G*M, 1, K...] already has one row per output
      // channel; conv_transpose: [G, M, K...] becomes [G*M, 1, K...].
      Value filter = op->getOperand(1);
      if (isa<ConvTransposeOp>(op)) {
        auto wType = cast<RankedTensorType>(filter.getType());
        SmallVector<int64_t> shape = {wType.getDimSize(0) * m, 1};
        llvm::append_range(shape, wType.getShape().drop_front(2));
        SmallVector<ReassociationIndices> split = {{0, 1}};
        for (int64_t d = 2; d < wType.getRank(); ++d)
          split.push_back({d});
        Value flat =
            tensor::CollapseShapeOp::create(rewriter, loc, filter, split);
        SmallVector<ReassociationIndices> unit = {{0, 1}};
        for (int64_t d = 2; d < static_cast<int64_t>(shape.size()); ++d)
          unit.push_back({d});
        filter = tensor::ExpandShapeOp::create(rewriter, loc,
                                               wType.clone(shape), flat, unit);
      }
      Operation *clone = rewriter.clone(*op);
      clone->setOperand(0, input);
      clone->setOperand(1, filter);
      clone->setAttr("groups",
                     rewriter.getI64IntegerAttr(xType.getDimSize(1) * m));
      rewriter.replaceOp(op, clone->getResults());
    }
  }
};

} // namespace
