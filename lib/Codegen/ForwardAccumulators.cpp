//===- ForwardAccumulators.cpp - Accumulators kept in registers -----------===//

#include "deconv/Codegen/Passes.h"
#include "deconv/Codegen/Tiling.h"
#include "deconv/Codegen/Utils.h"

#include "mlir/Analysis/SliceAnalysis.h"
#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Affine/ViewLikeInterfaceUtils.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/SCF/Utils/Utils.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/IndexingUtils.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Dialect/Vector/Transforms/LoweringPatterns.h"
#include "mlir/Dialect/Vector/Transforms/VectorRewritePatterns.h"
#include "mlir/Dialect/Vector/Utils/VectorUtils.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "mlir/Transforms/LoopInvariantCodeMotionUtils.h"

namespace mlir::deconv {
#define GEN_PASS_DEF_DECONVFORWARDACCUMULATORS
#include "deconv/Codegen/Passes.h.inc"
} // namespace mlir::deconv

using namespace mlir;
using namespace mlir::deconv;

namespace {

/// Whether two constant, unit-stride boxes of the same tensor are apart in
/// some dim.
bool areDisjoint(OffsetSizeAndStrideOpInterface a,
                 OffsetSizeAndStrideOpInterface b) {
  auto boxA = getConstantBox(a), boxB = getConstantBox(b);
  if (!boxA || !boxB)
    return false;
  for (auto [o1, s1, o2, s2] :
       llvm::zip(boxA->first, boxA->second, boxB->first, boxB->second))
    if (o1 + s1 <= o2 || o2 + s2 <= o1)
      return true;
  return false;
}

/// The initial value (a linalg.fill or linalg.broadcast) that `v` is, or is
/// a chain of slices of, or null; `slices` gets the chain, outermost first.
/// A slice of an insert into the value that it does not overlap (the
/// accumulator rows of a tile, written one after the other) still reads the
/// value.
Operation *
initialValueUnderSlices(Value v, SmallVector<tensor::ExtractSliceOp> &slices) {
  while (auto slice = v.getDefiningOp<tensor::ExtractSliceOp>()) {
    slices.push_back(slice);
    v = slice.getSource();
    while (auto ins = v.getDefiningOp<tensor::InsertSliceOp>()) {
      if (!areDisjoint(slice, ins))
        break;
      v = ins.getDest();
    }
  }
  Operation *def = v.getDefiningOp();
  return isa_and_nonnull<linalg::FillOp, linalg::BroadcastOp>(def) ? def
                                                                   : nullptr;
}

linalg::FillOp fillUnderSlices(Value v) {
  SmallVector<tensor::ExtractSliceOp> slices;
  return dyn_cast_or_null<linalg::FillOp>(initialValueUnderSlices(v, slices));
}

/// For `v` an initial value (a linalg.fill or linalg.broadcast) or a chain
/// of slices of one, the same slices of the tensor it was written into: the
/// destination of a write that replaces all of `v`. (Not through inserts, as
/// fillUnderSlices: that slice of the fill would be an older value of the
/// tensor than the inserts, which bufferization then copies.)
FailureOr<Value> unfilledUnderSlices(RewriterBase &rewriter, Value v) {
  SmallVector<tensor::ExtractSliceOp> slices;
  while (auto slice = v.getDefiningOp<tensor::ExtractSliceOp>()) {
    slices.push_back(slice);
    v = slice.getSource();
  }
  Operation *def = v.getDefiningOp();
  if (!isa_and_nonnull<linalg::FillOp, linalg::BroadcastOp>(def))
    return failure();
  Value unfilled = cast<linalg::LinalgOp>(def).getDpsInits()[0];
  for (tensor::ExtractSliceOp slice : llvm::reverse(slices))
    unfilled = tensor::ExtractSliceOp::create(
        rewriter, slice.getLoc(), slice.getType(), unfilled,
        slice.getMixedOffsets(), slice.getMixedSizes(),
        slice.getMixedStrides());
  return unfilled;
}

/// Whether `op` writes all of its (static) tensor: its result does not
/// depend on what the tensor held.
bool overwritesBase(vector::TransferWriteOp op) {
  auto type = dyn_cast<RankedTensorType>(op.getBase().getType());
  return type && type.hasStaticShape() && !op.getMask() &&
         !llvm::is_contained(op.getInBoundsValues(), false) &&
         op.getPermutationMap().isIdentity() &&
         op.getVectorType().getShape() == type.getShape() &&
         llvm::all_of(op.getIndices(),
                      [](Value i) { return isConstantIntValue(i, 0); });
}

/// A read of a tile's filled accumulator is the fill value in every lane:
/// the accumulators start in registers instead of being stored and loaded
/// back (a store-forwarding stall, and a write-allocate miss per line of a
/// fresh output).
struct ReadOfFill : OpRewritePattern<vector::TransferReadOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(vector::TransferReadOp op,
                                PatternRewriter &rewriter) const override {
    linalg::FillOp fill = fillUnderSlices(op.getBase());
    if (!fill || op.getMask() ||
        llvm::is_contained(op.getInBoundsValues(), false))
      return failure();
    Value value = fill.getInputs()[0];
    if (value.getType() != op.getVectorType().getElementType())
      return failure();
    rewriter.replaceOpWithNewOp<vector::BroadcastOp>(op, op.getVectorType(),
                                                     value);
    return success();
  }
};

/// A read of a tile's accumulator initialised by a broadcast (the bias) is a
/// read of the broadcast's input, its broadcast dims repeated in registers:
/// as ReadOfFill, the accumulators start in registers.
struct ReadOfBroadcast : OpRewritePattern<vector::TransferReadOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(vector::TransferReadOp op,
                                PatternRewriter &rewriter) const override {
    SmallVector<tensor::ExtractSliceOp> slices;
    auto bcast = dyn_cast_or_null<linalg::BroadcastOp>(
        initialValueUnderSlices(op.getBase(), slices));
    if (!bcast || op.getMask() ||
        !op.getPermutationMap().isProjectedPermutation())
      return failure();
    Location loc = op.getLoc();
    // The read's indices and, per vector dim, the dim of the read tensor it
    // runs along, carried out through the slices to the broadcast's result.
    SmallVector<OpFoldResult> indices = getAsOpFoldResult(op.getIndices());
    SmallVector<int64_t> along;
    for (AffineExpr e : op.getPermutationMap().getResults())
      along.push_back(cast<AffineDimExpr>(e).getPosition());
    for (tensor::ExtractSliceOp slice : slices) {
      if (!llvm::all_of(slice.getStaticStrides(),
                        [](int64_t s) { return s == 1; }))
        return failure();
      llvm::SmallBitVector dropped = slice.getDroppedDims();
      SmallVector<Value> outer;
      affine::resolveIndicesIntoOpWithOffsetsAndStrides(
          rewriter, loc, slice.getMixedOffsets(), slice.getMixedStrides(),
          dropped, indices, outer);
      indices = getAsOpFoldResult(outer);
      SmallVector<int64_t> position;
      for (int64_t d = 0, e = dropped.size(); d < e; ++d)
        if (!dropped.test(d))
          position.push_back(d);
      for (int64_t &d : along)
        d = position[d];
    }
    // Keep the broadcast's input dims, in order.
    ArrayRef<int64_t> added = bcast.getDimensions();
    SmallVector<int64_t> inputDim(indices.size(), -1);
    SmallVector<OpFoldResult> inputIndices;
    for (int64_t d = 0, e = indices.size(); d < e; ++d)
      if (!llvm::is_contained(added, d)) {
        inputDim[d] = inputIndices.size();
        inputIndices.push_back(indices[d]);
      }
    MLIRContext *ctx = rewriter.getContext();
    SmallVector<AffineExpr> results;
    SmallVector<bool> inBounds;
    for (auto [j, d] : llvm::enumerate(along)) {
      bool isAdded = inputDim[d] < 0;
      results.push_back(isAdded ? getAffineConstantExpr(0, ctx)
                                : getAffineDimExpr(inputDim[d], ctx));
      inBounds.push_back(isAdded || op.getInBoundsValues()[j]);
    }
    auto map = AffineMap::get(inputIndices.size(), 0, results, ctx);
    rewriter.replaceOpWithNewOp<vector::TransferReadOp>(
        op, op.getVectorType(), bcast.getInput(),
        getValueOrCreateConstantIndexOp(rewriter, loc, inputIndices),
        AffineMapAttr::get(map), op.getPadding(), /*mask=*/Value(),
        rewriter.getBoolArrayAttr(inBounds));
    return success();
  }
};

/// A write of a whole tensor into a fill (or a slice of one) goes into the
/// fill's destination instead: the values it overwrites are never read, so
/// the fill, left without users, is erased.
struct WriteOverFill : OpRewritePattern<vector::TransferWriteOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(vector::TransferWriteOp op,
                                PatternRewriter &rewriter) const override {
    if (!overwritesBase(op))
      return failure();
    FailureOr<Value> unfilled = unfilledUnderSlices(rewriter, op.getBase());
    if (failed(unfilled))
      return failure();
    rewriter.modifyOpInPlace(op, [&] { op.getBaseMutable().set(*unfilled); });
    return success();
  }
};

/// Whether the contents of `use`'s value are never read there: it is the
/// destination of a vector write or an insert that replaces all of it, or a
/// slice used only so (the rows of a tile written into slices of the
/// tile's tensor).
bool isOverwritten(OpOperand &use) {
  Operation *user = use.getOwner();
  auto type = dyn_cast<RankedTensorType>(use.get().getType());
  if (!type || !type.hasStaticShape())
    return false;
  if (auto write = dyn_cast<vector::TransferWriteOp>(user))
    return &use == &write.getBaseMutable() && overwritesBase(write);
  if (auto ins = dyn_cast<tensor::InsertSliceOp>(user)) {
    auto box = getConstantBox(ins);
    return &use == &ins.getDestMutable() && box &&
           llvm::all_of(box->first, [](int64_t o) { return o == 0; }) &&
           box->second == llvm::to_vector(type.getShape());
  }
  if (auto slice = dyn_cast<tensor::ExtractSliceOp>(user))
    return llvm::all_of(slice->getUses(),
                        [](OpOperand &u) { return isOverwritten(u); });
  return false;
}

/// The same for a chain of insert_slices that together cover their whole
/// destination, one after the other, each read only by the next (the
/// written tile put back into its rank-reduced fill; the rows of a tile).
struct InsertOverFill : OpRewritePattern<tensor::InsertSliceOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(tensor::InsertSliceOp op,
                                PatternRewriter &rewriter) const override {
    RankedTensorType type = op.getDestType();
    if (!type.hasStaticShape())
      return failure();
    SmallVector<tensor::InsertSliceOp> chain = {op};
    while (auto prev =
               chain.back().getDest().getDefiningOp<tensor::InsertSliceOp>()) {
      if (!llvm::all_of(prev->getUses(), [&](OpOperand &use) {
            return use.getOwner() == chain.back() || isOverwritten(use);
          }))
        break;
      chain.push_back(prev);
    }
    int64_t covered = 0;
    for (auto [i, ins] : llvm::enumerate(chain)) {
      auto box = getConstantBox(ins);
      if (!box)
        return failure();
      for (tensor::InsertSliceOp other : ArrayRef(chain).take_front(i))
        if (!areDisjoint(ins, other))
          return failure();
      covered += ShapedType::getNumElements(box->second);
    }
    // The chain may be shorter: the first inserts that cover the whole.
    if (covered != type.getNumElements())
      return failure();
    tensor::InsertSliceOp first = chain.back();
    FailureOr<Value> unfilled = unfilledUnderSlices(rewriter, first.getDest());
    if (failed(unfilled))
      return failure();
    rewriter.modifyOpInPlace(first,
                             [&] { first.getDestMutable().set(*unfilled); });
    return success();
  }
};

/// Whether the contents of `use`'s value are never read by `within`'s ops:
/// isOverwritten, with the uses outside `within` (the reads of a slice that
/// also starts an accumulator) ignored.
bool isOverwrittenWithin(OpOperand &use, const SetVector<Operation *> &within) {
  auto slice = dyn_cast<tensor::ExtractSliceOp>(use.getOwner());
  if (!slice)
    return isOverwritten(use);
  return llvm::all_of(slice->getUses(), [&](OpOperand &u) {
    return !within.contains(u.getOwner()) || isOverwrittenWithin(u, within);
  });
}

/// Accumulators hoisted out of a reduction loop are written back after it,
/// each into its own slice of the tile, taken from the tile as it was before
/// the loop; the inserts of the written slices then chain one after the
/// other. Bufferization cannot tell that a slice of the old tile and the
/// insert into the chain's latest value are the same place, and copies
/// each written slice through a fresh buffer. Where the slice's contents are
/// overwritten anyway, the write-back is rebuilt right before the insert on
/// a slice of the chain's latest value. (A slice that was also read, to
/// start an accumulator, keeps that read.)
struct SliceFromInsertChain : OpRewritePattern<tensor::InsertSliceOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(tensor::InsertSliceOp op,
                                PatternRewriter &rewriter) const override {
    Value dest = op.getDest();
    if (!dest.getDefiningOp<tensor::InsertSliceOp>())
      return failure();
    Value root = dest;
    while (auto ins = root.getDefiningOp<tensor::InsertSliceOp>())
      root = ins.getDest();
    Block *block = op->getBlock();
    BackwardSliceOptions options;
    options.inclusive = true;
    options.filter = [&](Operation *o) {
      return isa<tensor::ExtractSliceOp, tensor::InsertSliceOp,
                 vector::TransferWriteOp>(o) &&
             o->getBlock() == block && o->isBeforeInBlock(op) &&
             o != root.getDefiningOp();
    };
    SetVector<Operation *> producers;
    Operation *src = op.getSource().getDefiningOp();
    if (!src || failed(getBackwardSlice(src, &producers, options)))
      return failure();
    bool fromRoot = false;
    for (Operation *p : producers) {
      auto slice = dyn_cast<tensor::ExtractSliceOp>(p);
      // The writes and inserts are used by the write-back only; slices may
      // also be read elsewhere.
      if (!slice && llvm::any_of(p->getUsers(), [&](Operation *u) {
            return u != op && !producers.contains(u);
          }))
        return failure();
      if (slice && slice.getSource() == root) {
        if (!cast<OffsetSizeAndStrideOpInterface>(slice.getOperation())
                 .isSameAs(op, isEqualConstantIntOrValue) ||
            !llvm::all_of(slice->getUses(), [&](OpOperand &u) {
              return !producers.contains(u.getOwner()) ||
                     isOverwrittenWithin(u, producers);
            }))
          return failure();
        fromRoot = true;
      }
    }
    if (!fromRoot)
      return failure();
    // The write-back rebuilt before `op`, its slices of the tile taken from
    // `dest`; the old writes and inserts are left without users.
    SmallVector<Operation *> ordered(producers.begin(), producers.end());
    llvm::sort(ordered, [](Operation *a, Operation *b) {
      return a->isBeforeInBlock(b);
    });
    IRMapping map;
    map.map(root, dest);
    rewriter.setInsertionPoint(op);
    for (Operation *p : ordered)
      rewriter.clone(*p, map);
    rewriter.modifyOpInPlace(
        op, [&] { op.getSourceMutable().assign(map.lookup(op.getSource())); });
    for (Operation *p : llvm::reverse(ordered))
      if (p->use_empty())
        rewriter.eraseOp(p);
    return success();
  }
};

struct DeconvForwardAccumulatorsPass
    : deconv::impl::DeconvForwardAccumulatorsBase<
          DeconvForwardAccumulatorsPass> {
  void runOnOperation() override {
    Operation *root = getOperation();
    MLIRContext *ctx = &getContext();
    IRRewriter rewriter(ctx);
    // Keep the accumulators in registers across the reduction loops: hoist
    // the loop-invariant transfer_read/transfer_write pairs, innermost loop
    // first.
    SmallVector<scf::ForOp> loops;
    root->walk<WalkOrder::PostOrder>(
        [&](scf::ForOp loop) { loops.push_back(loop); });
    // The loops marked kUnrollAttr are unrolled once their accumulators are
    // hoisted (the hoisting replaces a loop, hence the returned one).
    for (scf::ForOp loop : loops) {
      bool unroll = loop->hasAttr(kUnrollAttr);
      // Hoists the index arithmetic an unrolled inner loop left, so that the
      // accumulator slices it indexes are seen to be invariant.
      moveLoopInvariantCode(cast<LoopLikeOpInterface>(loop.getOperation()));
      LoopLikeOpInterface hoisted = hoistLoopInvariantSubsets(rewriter, loop);
      if (unroll)
        (void)loopUnrollFull(cast<scf::ForOp>(*hoisted));
    }
    // Tiles that fill their own accumulator start it in registers.
    // A loop whose shared output starts as a bias broadcast broadcasts per
    // tile, so that the reads of its tiles read the bias (ReadOfBroadcast).
    root->walk([&](scf::ForallOp forall) {
      for (OpOperand &init : forall.getOutputsMutable())
        (void)broadcastPerTile(rewriter, forall, init);
    });
    RewritePatternSet patterns(ctx);
    patterns.add<ReadOfFill, ReadOfBroadcast, WriteOverFill, InsertOverFill,
                 SliceFromInsertChain>(ctx);
    // Forwards the tensors the reduction loops carry unchanged, so that
    // the writes after them see the fill.
    scf::ForOp::getCanonicalizationPatterns(patterns, ctx);
    if (failed(applyPatternsGreedily(root, std::move(patterns))))
      return signalPassFailure();
  }
};

} // namespace
