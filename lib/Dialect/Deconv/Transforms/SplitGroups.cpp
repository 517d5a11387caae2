//===- SplitGroups.cpp - Grouped convolutions as one op per group ---------===//
//
// The code generator's kernels take ungrouped convolutions (and depthwise
// ones, which have their own). A grouped convolution is G independent
// convolutions on channel slices: rewritten as such, each group takes the
// ungrouped kernels.
//
//===----------------------------------------------------------------------===//

#include "deconv/Dialect/Deconv/IR/DeconvOps.h"
#include "deconv/Dialect/Deconv/Transforms/Passes.h"
#include "deconv/Dialect/Deconv/Utils/ConstantGather.h"
#include "deconv/Dialect/Deconv/Utils/LinalgBuilders.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/IndexingUtils.h"
#include "mlir/IR/IRMapping.h"

namespace mlir::deconv {
#define GEN_PASS_DEF_DECONVSPLITGROUPS
#include "deconv/Dialect/Deconv/Transforms/Passes.h.inc"
} // namespace mlir::deconv

using namespace mlir;
using namespace mlir::deconv;

namespace {

/// The slice of `v` that takes `size` entries of dim `dim` from `offset`
/// (static: a constant `v` is sliced at compile time), the other dims
/// whole.
Value sliceDim(OpBuilder &b, Location loc, Value v, unsigned dim,
               OpFoldResult offset, int64_t size) {
  auto type = cast<RankedTensorType>(v.getType());
  SmallVector<int64_t> shape(type.getShape());
  shape[dim] = size;
  auto sliceType = type.clone(shape);
  if (std::optional<int64_t> start = getConstantIntValue(offset)) {
    SmallVector<int64_t> strides = computeStrides(type.getShape());
    if (Value folded = foldConstantFilter(
            b, loc, v, sliceType, [&](ArrayRef<int64_t> idx) {
              int64_t off = 0;
              for (auto [d, i] : llvm::enumerate(idx))
                off += (d == dim ? i + *start : i) * strides[d];
              return off;
            }))
      return folded;
  }
  SmallVector<OpFoldResult> offsets(type.getRank(), b.getIndexAttr(0));
  offsets[dim] = offset;
  SmallVector<OpFoldResult> sizes;
  for (int64_t d : shape)
    sizes.push_back(b.getIndexAttr(d));
  SmallVector<OpFoldResult> strides(type.getRank(), b.getIndexAttr(1));
  return tensor::ExtractSliceOp::create(b, loc, sliceType, v, offsets, sizes,
                                        strides);
}

/// `part` inserted into `dest` at `offset` along dim 1.
Value insertChannels(OpBuilder &b, Location loc, Value part, Value dest,
                     OpFoldResult offset) {
  auto type = cast<RankedTensorType>(part.getType());
  SmallVector<OpFoldResult> offsets(type.getRank(), b.getIndexAttr(0));
  offsets[1] = offset;
  SmallVector<OpFoldResult> sizes;
  for (int64_t d : type.getShape())
    sizes.push_back(b.getIndexAttr(d));
  SmallVector<OpFoldResult> strides(type.getRank(), b.getIndexAttr(1));
  return tensor::InsertSliceOp::create(b, loc, part, dest, offsets, sizes,
                                       strides);
}

struct GroupShape {
  int64_t groups, inPerGroup, outPerGroup;
  /// Filter rows per group (Cout/G for conv, Cin/G for conv_transpose).
  int64_t filterRows;
};

/// The group geometry of `op`, if it is grouped, static and not depthwise
/// (one input channel per group: depthwise and channel-multiplier layers
/// keep their own path).
std::optional<GroupShape> getGroupShape(Operation *op) {
  auto groupsAttr = op->getAttrOfType<IntegerAttr>("groups");
  int64_t groups = groupsAttr ? groupsAttr.getInt() : 1;
  if (groups <= 1)
    return std::nullopt;
  for (Value v : op->getOperands())
    if (!cast<ShapedType>(v.getType()).hasStaticShape())
      return std::nullopt;
  auto res = dyn_cast<RankedTensorType>(op->getResult(0).getType());
  if (!res || !res.hasStaticShape() || hasNoProducts(op))
    return std::nullopt;
  auto in = cast<RankedTensorType>(op->getOperand(0).getType());
  GroupShape g;
  g.groups = groups;
  g.inPerGroup = in.getDimSize(1) / groups;
  g.outPerGroup = res.getDimSize(1) / groups;
  g.filterRows = isa<ConvOp>(op) ? g.outPerGroup : g.inPerGroup;
  if (g.inPerGroup <= 1)
    return std::nullopt;
  return g;
}

/// Group `g`'s op, built at `b`: the op on the group's input channels,
/// filter rows and bias, with groups = 1.
Value buildGroup(OpBuilder &b, Location loc, Operation *op,
                 const GroupShape &shape, OpFoldResult g) {
  MLIRContext *ctx = b.getContext();
  AffineExpr d0 = getAffineDimExpr(0, ctx);
  auto scaled = [&](int64_t n) {
    return affine::makeComposedFoldedAffineApply(b, loc, d0 * n, {g});
  };
  IRMapping map;
  map.map(op->getOperand(0),
          sliceDim(b, loc, op->getOperand(0), 1, scaled(shape.inPerGroup),
                   shape.inPerGroup));
  map.map(op->getOperand(1),
          sliceDim(b, loc, op->getOperand(1), 0, scaled(shape.filterRows),
                   shape.filterRows));
  if (op->getNumOperands() > 2)
    map.map(op->getOperand(2),
            sliceDim(b, loc, op->getOperand(2), 0, scaled(shape.outPerGroup),
                     shape.outPerGroup));
  Operation *one = b.clone(*op, map);
  one->setAttr("groups", b.getI64IntegerAttr(1));
  auto res = cast<RankedTensorType>(op->getResult(0).getType());
  SmallVector<int64_t> partShape(res.getShape());
  partShape[1] = shape.outPerGroup;
  one->getResult(0).setType(res.clone(partShape));
  return one->getResult(0);
}

struct DeconvSplitGroupsPass
    : deconv::impl::DeconvSplitGroupsBase<DeconvSplitGroupsPass> {
  using Base::Base;

  void runOnOperation() override {
    IRRewriter rewriter(&getContext());
    for (Operation *op : getConvLikeOps(getOperation())) {
      std::optional<GroupShape> shape = getGroupShape(op);
      if (!shape)
        continue;
      Location loc = op->getLoc();
      rewriter.setInsertionPoint(op);
      auto res = cast<RankedTensorType>(op->getResult(0).getType());
      Value acc = tensor::EmptyOp::create(rewriter, loc, res.getShape(),
                                          res.getElementType());
      if (shape->groups <= maxUnrolledGroups) {
        // Static offsets: constant filters are sliced, and later packed, at
        // compile time.
        for (int64_t g = 0; g < shape->groups; ++g) {
          Value part =
              buildGroup(rewriter, loc, op, *shape, rewriter.getIndexAttr(g));
          acc = insertChannels(rewriter, loc, part, acc,
                               rewriter.getIndexAttr(g * shape->outPerGroup));
        }
        rewriter.replaceOp(op, acc);
        continue;
      }
      // The groups are independent: a parallel loop, so that many small
      // groups share the threads (each group's kernel alone is too small to
      // split).
      auto loop = scf::ForallOp::create(
          rewriter, loc,
          ArrayRef<OpFoldResult>{rewriter.getIndexAttr(shape->groups)},
          ValueRange{acc}, std::nullopt);
      {
        OpBuilder::InsertionGuard guard(rewriter);
        rewriter.setInsertionPoint(loop.getTerminator());
        Value g = loop.getInductionVars()[0];
        Value part = buildGroup(rewriter, loc, op, *shape, g);
        OpFoldResult offset = affine::makeComposedFoldedAffineApply(
            rewriter, loc,
            getAffineDimExpr(0, rewriter.getContext()) * shape->outPerGroup,
            {g});
        auto type = cast<RankedTensorType>(part.getType());
        SmallVector<OpFoldResult> offsets(type.getRank(),
                                          rewriter.getIndexAttr(0));
        offsets[1] = offset;
        SmallVector<OpFoldResult> sizes;
        for (int64_t d : type.getShape())
          sizes.push_back(rewriter.getIndexAttr(d));
        SmallVector<OpFoldResult> strides(type.getRank(),
                                          rewriter.getIndexAttr(1));
        rewriter.setInsertionPointToStart(loop.getTerminator().getBody());
        tensor::ParallelInsertSliceOp::create(rewriter, loc, part,
                                              loop.getRegionIterArgs()[0],
                                              offsets, sizes, strides);
      }
      rewriter.replaceOp(op, loop.getResult(0));
    }
  }
};

} // namespace
