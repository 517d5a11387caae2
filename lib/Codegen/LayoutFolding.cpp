//===- LayoutFolding.cpp - Layout transposes moved and folded -------------===//

#include "deconv/Codegen/Transforms.h"
#include "deconv/Codegen/Utils.h"
#include "deconv/Dialect/Deconv/Utils/LinalgBuilders.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
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
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "mlir/Transforms/LoopInvariantCodeMotionUtils.h"

using namespace mlir;
using namespace mlir::deconv;

/// If `v` is a transpose that a transpose by `perm` undoes, its input.
static Value cancelledTranspose(Value v, ArrayRef<int64_t> perm) {
  auto inner = v.getDefiningOp<linalg::TransposeOp>();
  if (!inner)
    return {};
  ArrayRef<int64_t> innerPerm = inner.getPermutation();
  for (auto [i, p] : llvm::enumerate(perm))
    if (innerPerm[p] != static_cast<int64_t>(i))
      return {};
  return inner.getInput();
}

namespace {

/// transpose(extract_slice(padded)) -> extract_slice(transpose(padded)) for a
/// window of a zero-padded input (the sub-pixel phases read windows of one
/// shared padded input): the phases then share one transpose, which
/// SwapTransposeWithPad writes straight into the padded buffer.
struct SwapTransposeWithWindow : OpRewritePattern<linalg::TransposeOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(linalg::TransposeOp op,
                                PatternRewriter &rewriter) const override {
    auto slice = op.getInput().getDefiningOp<tensor::ExtractSliceOp>();
    if (!slice || !op.getInit().getDefiningOp<tensor::EmptyOp>() ||
        slice.getSourceType().getRank() != slice.getType().getRank() ||
        !slice.getSourceType().hasStaticShape() ||
        ShapedType::isDynamicShape(slice.getStaticOffsets()) ||
        ShapedType::isDynamicShape(slice.getStaticSizes()) ||
        !llvm::all_of(slice.getStaticStrides(),
                      [](int64_t v) { return v == 1; }))
      return failure();
    Operation *padded = slice.getSource().getDefiningOp();
    auto ins = dyn_cast_or_null<tensor::InsertSliceOp>(padded);
    if (!isa_and_nonnull<tensor::PadOp>(padded) &&
        !(ins && ins.getDest().getDefiningOp<linalg::FillOp>()))
      return failure();
    ArrayRef<int64_t> perm = op.getPermutation();
    Value whole = transposeTo(rewriter, op.getLoc(), slice.getSource(), perm);
    SmallVector<int64_t> offsets, sizes;
    for (int64_t p : perm) {
      offsets.push_back(slice.getStaticOffsets()[p]);
      sizes.push_back(slice.getStaticSizes()[p]);
    }
    MLIRContext *ctx = rewriter.getContext();
    rewriter.replaceOpWithNewOp<tensor::ExtractSliceOp>(
        op, whole, getAsIndexOpFoldResult(ctx, offsets),
        getAsIndexOpFoldResult(ctx, sizes),
        getAsIndexOpFoldResult(ctx, SmallVector<int64_t>(perm.size(), 1)));
    return success();
  }
};

/// transpose(pad(x)) -> insert_slice(transpose(x) into fill), for a zero
/// pad (tensor.pad with a constant, or an insert_slice into a fill): the
/// transpose then runs on the unpadded tensor (whose widths tile into whole
/// vector blocks more often) and, after empty-tensor elimination, writes
/// straight into the padded buffer; no separate padding copy is left.
struct SwapTransposeWithPad : OpRewritePattern<linalg::TransposeOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(linalg::TransposeOp op,
                                PatternRewriter &rewriter) const override {
    auto initType = dyn_cast<RankedTensorType>(op.getInit().getType());
    if (!initType || !initType.hasStaticShape() ||
        !op.getInit().getDefiningOp<tensor::EmptyOp>())
      return failure();
    Value src, padValue;
    SmallVector<int64_t> low;
    if (auto pad = op.getInput().getDefiningOp<tensor::PadOp>()) {
      padValue = pad.getConstantPaddingValue();
      if (!padValue || ShapedType::isDynamicShape(pad.getStaticLow()))
        return failure();
      src = pad.getSource();
      low.assign(pad.getStaticLow().begin(), pad.getStaticLow().end());
    } else if (auto ins =
                   op.getInput().getDefiningOp<tensor::InsertSliceOp>()) {
      auto fill = ins.getDest().getDefiningOp<linalg::FillOp>();
      if (!fill || ins.getSourceType().getRank() != initType.getRank() ||
          ShapedType::isDynamicShape(ins.getStaticOffsets()) ||
          !llvm::all_of(ins.getStaticStrides(),
                        [](int64_t v) { return v == 1; }))
        return failure();
      padValue = fill.getInputs()[0];
      src = ins.getSource();
      low.assign(ins.getStaticOffsets().begin(), ins.getStaticOffsets().end());
    } else {
      return failure();
    }
    auto srcType = cast<RankedTensorType>(src.getType());
    if (!srcType.hasStaticShape())
      return failure();
    Location loc = op.getLoc();
    ArrayRef<int64_t> perm = op.getPermutation();
    Value srcT = transposeTo(rewriter, loc, src, perm);
    Value dest = tensor::EmptyOp::create(rewriter, loc, initType.getShape(),
                                         initType.getElementType());
    dest = linalg::FillOp::create(rewriter, loc, padValue, dest).getResult(0);
    SmallVector<int64_t> offsets, sizes;
    for (int64_t p : perm) {
      offsets.push_back(low[p]);
      sizes.push_back(srcType.getDimSize(p));
    }
    MLIRContext *ctx = rewriter.getContext();
    rewriter.replaceOpWithNewOp<tensor::InsertSliceOp>(
        op, srcT, dest, getAsIndexOpFoldResult(ctx, offsets),
        getAsIndexOpFoldResult(ctx, sizes),
        getAsIndexOpFoldResult(ctx, SmallVector<int64_t>(perm.size(), 1)));
    return success();
  }
};

/// A slice of a fill or of a broadcast (bias) accumulator, seen through
/// insert_slices of other, disjoint slices (the earlier phases of a
/// sub-pixel decomposition: same stride s > 1 in some dim, offsets of
/// different residues mod s), is a fill or broadcast of the slice's shape:
/// the phase's accumulator then no longer reads the output, and its layout
/// transpose folds.
struct ExtractSliceOfInitialValue : OpRewritePattern<tensor::ExtractSliceOp> {
  using OpRewritePattern::OpRewritePattern;

  static bool disjoint(tensor::ExtractSliceOp e, tensor::InsertSliceOp i) {
    for (auto [d, off] : llvm::enumerate(e.getMixedOffsets()))
      if (missesStridedInsert(off, e.getStaticSizes()[d],
                              e.getStaticStrides()[d], i.getStaticOffsets()[d],
                              i.getStaticStrides()[d]))
        return true;
    return false;
  }

  LogicalResult matchAndRewrite(tensor::ExtractSliceOp op,
                                PatternRewriter &rewriter) const override {
    if (op.getSourceType().getRank() != op.getType().getRank() ||
        !op.getType().hasStaticShape())
      return failure();
    Value base = op.getSource();
    while (auto insert = base.getDefiningOp<tensor::InsertSliceOp>()) {
      if (!disjoint(op, insert))
        return failure();
      base = insert.getDest();
    }
    Location loc = op.getLoc();
    RankedTensorType type = op.getType();
    auto empty = [&] {
      return tensor::EmptyOp::create(rewriter, loc, type.getShape(),
                                     type.getElementType());
    };
    if (auto fill = base.getDefiningOp<linalg::FillOp>()) {
      rewriter.replaceOpWithNewOp<linalg::FillOp>(op, fill.getInputs()[0],
                                                  Value(empty()));
      return success();
    }
    auto bcast = base.getDefiningOp<linalg::BroadcastOp>();
    if (!bcast)
      return failure();
    // The dims the broadcast input provides must be taken whole.
    ArrayRef<int64_t> added = bcast.getDimensions();
    for (int64_t d = 0; d < type.getRank(); ++d)
      if (!llvm::is_contained(added, d) &&
          (op.getStaticOffsets()[d] != 0 || op.getStaticStrides()[d] != 1 ||
           op.getStaticSizes()[d] != op.getSourceType().getDimSize(d)))
        return failure();
    rewriter.replaceOpWithNewOp<linalg::BroadcastOp>(op, bcast.getInput(),
                                                     empty(), added);
    return success();
  }
};

/// transpose(transpose(x)) -> x when the two cancel: one layer's result
/// transposed back to NCHW and the next layer's input to channels-last
/// (the two convs of a U-Net decoder stage, the up-convs of MelGAN).
struct CancelTransposes : OpRewritePattern<linalg::TransposeOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(linalg::TransposeOp op,
                                PatternRewriter &rewriter) const override {
    Value inner = cancelledTranspose(op.getInput(), op.getPermutation());
    if (!inner || inner.getType() != op.getResult()[0].getType())
      return failure();
    rewriter.replaceOp(op, inner);
    return success();
  }
};

/// transpose(elementwise(transpose(x), ...)) -> elementwise(x, ...) when the
/// two transposes cancel: a layer's NHWC result transposed to NCHW, through
/// an activation, and transposed back for the next layer's channels-last
/// kernel (the DCGAN generator did this at every layer boundary). The
/// elementwise op runs in the inner layout; its other operands must be
/// fills, splat constants or cancelling transposes too, so that no
/// transpose is added.
struct TransposeOfElementwise : OpRewritePattern<linalg::TransposeOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(linalg::TransposeOp op,
                                PatternRewriter &rewriter) const override {
    auto generic = op.getInput().getDefiningOp<linalg::GenericOp>();
    // Every use of the op is the same transpose (the sub-pixel phases each
    // transpose their window of the next layer's input, deduplicated later).
    auto sameTranspose = [&](Operation *user) {
      auto other = dyn_cast<linalg::TransposeOp>(user);
      return other && other.getInput() == op.getInput() &&
             other.getPermutation() == op.getPermutation() &&
             other.getInit().getDefiningOp<tensor::EmptyOp>();
    };
    if (!generic || generic->getNumResults() != 1 ||
        !op.getInit().getDefiningOp<tensor::EmptyOp>() ||
        !llvm::all_of(generic->getUsers(), sameTranspose) ||
        generic.getNumDpsInits() != 1 ||
        generic.payloadUsesValueFromOperand(generic.getDpsInitOperand(0)) ||
        generic.getNumParallelLoops() != generic.getNumLoops() ||
        !llvm::all_of(generic.getIndexingMapsArray(),
                      [](AffineMap m) { return m.isIdentity(); }))
      return failure();
    ArrayRef<int64_t> perm = op.getPermutation();
    auto resultType = cast<RankedTensorType>(op.getInit().getType());
    Location loc = op.getLoc();
    // Check every input before creating anything: a cancelling transpose,
    // a splat constant or a fill.
    bool anyCancels = false;
    for (Value v : generic.getDpsInputs()) {
      DenseElementsAttr splat;
      if (cancelledTranspose(v, perm))
        anyCancels = true;
      else if (!isa<RankedTensorType>(v.getType()) ||
               !((matchPattern(v, m_Constant(&splat)) && splat.isSplat()) ||
                 v.getDefiningOp<linalg::FillOp>()))
        return failure();
    }
    if (!anyCancels)
      return failure();
    // Where the op was: it dominates all the transposes it replaces.
    rewriter.setInsertionPoint(generic);
    SmallVector<Value> inputs;
    for (Value v : generic.getDpsInputs()) {
      if (Value inner = cancelledTranspose(v, perm)) {
        inputs.push_back(inner);
        continue;
      }
      auto newType = resultType.clone(
          cast<RankedTensorType>(v.getType()).getElementType());
      DenseElementsAttr splat;
      if (matchPattern(v, m_Constant(&splat))) {
        inputs.push_back(arith::ConstantOp::create(rewriter, loc,
                                                   splat.resizeSplat(newType)));
        continue;
      }
      auto fill = v.getDefiningOp<linalg::FillOp>();
      Value empty = tensor::EmptyOp::create(rewriter, loc, newType.getShape(),
                                            newType.getElementType());
      inputs.push_back(
          linalg::FillOp::create(rewriter, loc, fill.getInputs()[0], empty)
              .getResult(0));
    }
    auto identity = AffineMap::getMultiDimIdentityMap(resultType.getRank(),
                                                      rewriter.getContext());
    Value init = tensor::EmptyOp::create(rewriter, loc, resultType.getShape(),
                                         resultType.getElementType());
    auto moved = linalg::GenericOp::create(
        rewriter, loc, TypeRange{resultType}, inputs, ValueRange{init},
        SmallVector<AffineMap>(inputs.size() + 1, identity),
        generic.getIteratorTypesArray());
    rewriter.inlineRegionBefore(generic.getRegion(), moved.getRegion(),
                                moved.getRegion().begin());
    for (Operation *user : llvm::to_vector(generic->getUsers()))
      rewriter.replaceOp(user, moved->getResults());
    rewriter.eraseOp(generic);
    return success();
  }
};

/// transpose(broadcast(x)) -> broadcast(x) into the transposed shape, when
/// the dims x provides keep their order.
struct TransposeOfBroadcast : OpRewritePattern<linalg::TransposeOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(linalg::TransposeOp op,
                                PatternRewriter &rewriter) const override {
    auto bcast = op.getInput().getDefiningOp<linalg::BroadcastOp>();
    if (!bcast)
      return failure();
    ArrayRef<int64_t> perm = op.getPermutation();
    ArrayRef<int64_t> added = bcast.getDimensions();
    SmallVector<int64_t> newAdded;
    int64_t lastKept = -1;
    for (int64_t i = 0; i < static_cast<int64_t>(perm.size()); ++i) {
      if (llvm::is_contained(added, perm[i])) {
        newAdded.push_back(i);
        continue;
      }
      if (perm[i] < lastKept)
        return failure();
      lastKept = perm[i];
    }
    Value empty = tensor::EmptyOp::create(
        rewriter, op.getLoc(), op.getInit().getType().getShape(),
        op.getInit().getType().getElementType());
    rewriter.replaceOpWithNewOp<linalg::BroadcastOp>(op, bcast.getInput(),
                                                     empty, newAdded);
    return success();
  }
};

/// reshape(broadcast(x)) -> broadcast(x) into the reshaped tensor, when the
/// reshape only adds, drops, merges or splits broadcast and unit dims (the
/// bias of a 1-D conv lifted to 2-D): a transpose of it then folds too.
template <typename ReshapeOp>
struct ReshapeOfBroadcast : OpRewritePattern<ReshapeOp> {
  using OpRewritePattern<ReshapeOp>::OpRewritePattern;

  LogicalResult matchAndRewrite(ReshapeOp op,
                                PatternRewriter &rewriter) const override {
    if (!op.getSrc().template getDefiningOp<linalg::BroadcastOp>() ||
        !op.getResultType().hasStaticShape())
      return failure();
    std::optional<BroadcastValue> b = getBroadcastValue(op.getResult());
    if (!b)
      return failure();
    Value empty = tensor::EmptyOp::create(rewriter, op.getLoc(),
                                          op.getResultType().getShape(),
                                          op.getResultType().getElementType());
    rewriter.replaceOpWithNewOp<linalg::BroadcastOp>(op, b->input, empty,
                                                     b->added);
    return success();
  }
};

/// transpose(reshape*(copy)) -> copy into the transposed shape, for a
/// generic that only copies (a sub-pixel phase's filter, gathered from the
/// transposed conv's weights), seen through static reshapes (dropped unit
/// dims, the blocking of the micro-kernel's packed filter): the gather then
/// writes the micro-kernel's filter layout directly. Transposing the
/// gathered [F, C, KH, KW] filter instead had the gather read the weights
/// [C, F, KH, KW] with a stride of a whole weight row per element (a cache
/// miss each for kilobyte-long rows).
struct TransposeOfCopy : OpRewritePattern<linalg::TransposeOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(linalg::TransposeOp op,
                                PatternRewriter &rewriter) const override {
    if (!op.getInit().getDefiningOp<tensor::EmptyOp>())
      return failure();
    // The copy's indices in terms of the transposed result's: result dim i
    // is dim perm[i] of the transpose's input.
    ArrayRef<int64_t> perm = op.getPermutation();
    MLIRContext *ctx = rewriter.getContext();
    SmallVector<AffineExpr> idx(perm.size());
    for (auto [i, p] : llvm::enumerate(perm))
      idx[p] = getAffineDimExpr(i, ctx);
    Value src = throughStaticReshapes(op.getInput(), idx, true);
    auto copy = src ? src.getDefiningOp<linalg::GenericOp>() : nullptr;
    if (!copy || !copy->hasOneUse() || !isCopyOnly(copy) ||
        !copy.getIndexingMapsArray()[1].isIdentity() ||
        !copy.getDpsInits()[0].getDefiningOp<tensor::EmptyOp>())
      return failure();
    int64_t newRank = perm.size();
    AffineMap inputMap = copy.getIndexingMapsArray()[0].compose(
        AffineMap::get(newRank, 0, idx, ctx));
    auto generic = linalg::GenericOp::create(
        rewriter, op.getLoc(), TypeRange{op.getInit().getType()},
        ValueRange{copy.getDpsInputs()[0]}, ValueRange{op.getInit()},
        ArrayRef<AffineMap>{inputMap,
                            AffineMap::getMultiDimIdentityMap(newRank, ctx)},
        SmallVector<utils::IteratorType>(newRank,
                                         utils::IteratorType::parallel),
        [](OpBuilder &b, Location loc, ValueRange args) {
          linalg::YieldOp::create(b, loc, args[0]);
        });
    // Loops in the order of the source's layout: outer source dims first
    // and, within a blocked dim, the block before the element. In the order
    // of the result, packing a large filter reads a short piece of each long
    // weight row, a new page per access.
    SmallVector<std::pair<int64_t, int64_t>> key(newRank, {-1, 0});
    for (int64_t d = 0; d < newRank; ++d) {
      for (auto [r, e] : llvm::enumerate(inputMap.getResults())) {
        if (!e.isFunctionOfDim(d))
          continue;
        SmallVector<AffineExpr> unit(newRank, getAffineConstantExpr(0, ctx));
        AffineExpr zero = e.replaceDims(unit);
        unit[d] = getAffineConstantExpr(1, ctx);
        auto one = dyn_cast<AffineConstantExpr>(e.replaceDims(unit));
        auto base = dyn_cast<AffineConstantExpr>(zero);
        int64_t coef = one && base ? one.getValue() - base.getValue() : 0;
        key[d] = {static_cast<int64_t>(r), -std::abs(coef)};
        break;
      }
    }
    SmallVector<unsigned> order =
        llvm::to_vector(llvm::seq<unsigned>(0, newRank));
    llvm::stable_sort(order,
                      [&](unsigned a, unsigned b) { return key[a] < key[b]; });
    if (failed(linalg::interchangeGenericOp(rewriter, generic, order)))
      return failure();
    rewriter.replaceOp(op, generic->getResults());
    return success();
  }
};

/// insert_slice(insert_slice(x into fill(v)) into fill(v)), a padded tensor
/// padded again (to whole micro-kernel tiles), with unit strides outside:
/// x goes straight into the outer fill, at the offsets added up. One fill,
/// and no copy of the first padded tensor.
struct InsertOfPaddedIntoFill : OpRewritePattern<tensor::InsertSliceOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(tensor::InsertSliceOp op,
                                PatternRewriter &rewriter) const override {
    auto inner = op.getSource().getDefiningOp<tensor::InsertSliceOp>();
    auto outerFill = op.getDest().getDefiningOp<linalg::FillOp>();
    auto innerFill = inner ? inner.getDest().getDefiningOp<linalg::FillOp>()
                           : linalg::FillOp();
    auto isStatic = [](tensor::InsertSliceOp s) {
      return !ShapedType::isDynamicShape(s.getStaticOffsets()) &&
             !ShapedType::isDynamicShape(s.getStaticStrides()) &&
             s.getSourceType().hasStaticShape() &&
             s.getSourceType().getRank() == s.getType().getRank();
    };
    if (!sameFillValue(outerFill, innerFill) || !inner->hasOneUse() ||
        !isStatic(op) || !isStatic(inner) ||
        !llvm::all_of(op.getStaticStrides(), [](int64_t s) { return s == 1; }))
      return failure();
    SmallVector<int64_t> offsets(op.getStaticOffsets());
    for (auto [o, i] : llvm::zip(offsets, inner.getStaticOffsets()))
      o += i;
    MLIRContext *ctx = rewriter.getContext();
    rewriter.replaceOpWithNewOp<tensor::InsertSliceOp>(
        op, inner.getSource(), op.getDest(),
        getAsIndexOpFoldResult(ctx, offsets), inner.getMixedSizes(),
        inner.getMixedStrides());
    return success();
  }
};

} // namespace

void mlir::deconv::populateLayoutFoldingPatterns(RewritePatternSet &patterns) {
  MLIRContext *ctx = patterns.getContext();
  linalg::FillOp::getCanonicalizationPatterns(patterns, ctx);
  patterns.add<
      SwapTransposeWithPad, SwapTransposeWithWindow, ExtractSliceOfInitialValue,
      TransposeOfBroadcast, ReshapeOfBroadcast<tensor::CollapseShapeOp>,
      ReshapeOfBroadcast<tensor::ExpandShapeOp>, TransposeOfCopy,
      TransposeOfElementwise, CancelTransposes, InsertOfPaddedIntoFill>(ctx);
}
