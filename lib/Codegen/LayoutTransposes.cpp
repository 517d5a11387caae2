//===- LayoutTransposes.cpp - Layout transposes around micro-kernels ------===//

#include "LayoutTransposes.h"
#include "deconv/Dialect/Deconv/Utils/ConstantGather.h"
#include "deconv/Dialect/Deconv/Utils/LinalgBuilders.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/IndexingUtils.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/Matchers.h"

#include <set>

using namespace mlir;
using namespace mlir::deconv;

int64_t mlir::deconv::largestDivisorAtMost(int64_t n, int64_t cap) {
  for (int64_t d = std::min(n, cap); d > 1; --d)
    if (n % d == 0)
      return d;
  return 1;
}

std::optional<int64_t> mlir::deconv::residue(Value v, int64_t m) {
  auto mod = [m](int64_t x) { return ((x % m) + m) % m; };
  if (std::optional<int64_t> c = getConstantIntValue(v))
    return mod(*c);
  if (auto arg = dyn_cast<BlockArgument>(v)) {
    Operation *owner = arg.getOwner()->getParentOp();
    std::optional<OpFoldResult> lb, step;
    if (auto loop = dyn_cast<scf::ForOp>(owner);
        loop && arg == loop.getInductionVar()) {
      lb = getAsOpFoldResult(loop.getLowerBound());
      step = getAsOpFoldResult(loop.getStep());
    } else if (auto forall = dyn_cast<scf::ForallOp>(owner)) {
      auto ivs = forall.getInductionVars();
      auto it = llvm::find(ivs, arg);
      if (it == ivs.end())
        return std::nullopt;
      lb = forall.getMixedLowerBound()[it - ivs.begin()];
      step = forall.getMixedStep()[it - ivs.begin()];
    }
    if (!lb || !step)
      return std::nullopt;
    std::optional<int64_t> l = getConstantIntValue(*lb),
                           st = getConstantIntValue(*step);
    if (!l || !st || *st % m != 0)
      return std::nullopt;
    return mod(*l);
  }
  if (isa_and_nonnull<arith::AddIOp, arith::MulIOp>(v.getDefiningOp())) {
    Operation *op = v.getDefiningOp();
    auto a = residue(op->getOperand(0), m), b = residue(op->getOperand(1), m);
    if (!a || !b)
      return std::nullopt;
    return mod(isa<arith::AddIOp>(op) ? *a + *b : *a * *b);
  }
  auto apply = v.getDefiningOp<affine::AffineApplyOp>();
  if (!apply)
    return std::nullopt;
  AffineMap map = apply.getAffineMap();
  std::function<std::optional<int64_t>(AffineExpr)> eval =
      [&](AffineExpr e) -> std::optional<int64_t> {
    if (auto c = dyn_cast<AffineConstantExpr>(e))
      return mod(c.getValue());
    if (auto d = dyn_cast<AffineDimExpr>(e))
      return residue(apply.getMapOperands()[d.getPosition()], m);
    if (auto sym = dyn_cast<AffineSymbolExpr>(e))
      return residue(
          apply.getMapOperands()[map.getNumDims() + sym.getPosition()], m);
    auto bin = dyn_cast<AffineBinaryOpExpr>(e);
    if (!bin || (e.getKind() != AffineExprKind::Add &&
                 e.getKind() != AffineExprKind::Mul))
      return std::nullopt;
    auto a = eval(bin.getLHS()), b = eval(bin.getRHS());
    if (!a || !b)
      return std::nullopt;
    return mod(e.getKind() == AffineExprKind::Add ? *a + *b : *a * *b);
  };
  return eval(map.getResult(0));
}

bool mlir::deconv::sameFillValue(linalg::FillOp a, linalg::FillOp b) {
  return a && b &&
         getAsOpFoldResult(a.getInputs()[0]) ==
             getAsOpFoldResult(b.getInputs()[0]);
}

Value mlir::deconv::skipReshapes(Value v) {
  while (isa_and_nonnull<tensor::ExpandShapeOp, tensor::CollapseShapeOp>(
      v.getDefiningOp()))
    v = v.getDefiningOp()->getOperand(0);
  return v;
}

bool mlir::deconv::missesStridedInsert(ArrayRef<OpFoldResult> offsetTerms,
                                       int64_t size, int64_t stride, int64_t at,
                                       int64_t step) {
  if (step <= 1 || ShapedType::isDynamic(at) ||
      (size != 1 && (ShapedType::isDynamic(stride) || stride % step != 0)))
    return false;
  int64_t r = -at;
  for (OpFoldResult term : offsetTerms) {
    std::optional<int64_t> t = isa<Attribute>(term)
                                   ? getConstantIntValue(term)
                                   : residue(cast<Value>(term), step);
    if (!t)
      return false;
    r += *t;
  }
  return ((r % step) + step) % step != 0;
}

std::optional<std::pair<SmallVector<int64_t>, SmallVector<int64_t>>>
mlir::deconv::getConstantBox(OffsetSizeAndStrideOpInterface op) {
  std::optional<SmallVector<int64_t>> offsets =
      getConstantIntValues(op.getMixedOffsets());
  std::optional<SmallVector<int64_t>> sizes =
      getConstantIntValues(op.getMixedSizes());
  if (!offsets || !sizes ||
      !llvm::all_of(op.getMixedStrides(),
                    [](OpFoldResult s) { return isConstantIntValue(s, 1); }))
    return std::nullopt;
  return std::make_pair(*offsets, *sizes);
}

/// A vectorized block `written` (a transfer_write of a transposing
/// transfer_read) of 4-16 by 4-16 f32, not 16x16, as a 16x16 one whose
/// out-of-bounds lanes are masked off: the short rows become masked loads
/// and stores, and the transpose takes the 16x16 shuffles. Element by
/// element, LLVM rebuilt such blocks (56, 196 and 392 wide images take 14,
/// DCGAN's 4 and 8) from 8-, 4- and 2-wide pieces with blends and spills
/// (convT_s1: 3857 lines of assembly, 997 with this). The big transposes
/// stay memory-bound.
static void widenTransposeBlock(RewriterBase &rewriter, Value written) {
  auto write = written.getDefiningOp<vector::TransferWriteOp>();
  auto read = write ? write.getVector().getDefiningOp<vector::TransferReadOp>()
                    : nullptr;
  if (!read || !read->hasOneUse() || read.getMask() || write.getMask() ||
      !read.getPermutationMap().isPermutation() ||
      !write.getPermutationMap().isMinorIdentity() ||
      !read.getVectorType().getElementType().isF32())
    return;
  // The two dims of the block; all others are 1.
  VectorType type = read.getVectorType();
  SmallVector<int64_t> shape(type.getShape());
  SmallVector<bool> inBounds(shape.size(), true);
  int64_t blockDims = 0, elements = 1;
  for (auto [size, in] : llvm::zip(shape, inBounds)) {
    if (size == 1)
      continue;
    ++blockDims;
    elements *= size;
    if (size < 4 || size > 16)
      return;
    in = size == 16;
    size = 16;
  }
  if (blockDims != 2 || elements == 256)
    return;
  Location loc = read.getLoc();
  rewriter.setInsertionPoint(write);
  Value wide = vector::TransferReadOp::create(
      rewriter, loc, VectorType::get(shape, type.getElementType()),
      read.getBase(), read.getIndices(), read.getPadding(),
      read.getPermutationMap(), ArrayRef<bool>(inBounds));
  rewriter.replaceOpWithNewOp<vector::TransferWriteOp>(
      write, wide, write.getBase(), write.getIndices(),
      write.getPermutationMap(), ArrayRef<bool>(inBounds));
  rewriter.eraseOp(read);
}

void mlir::deconv::tileTranspose(RewriterBase &rewriter, linalg::TransposeOp op,
                                 int64_t lanes) {
  auto type = dyn_cast<RankedTensorType>(op.getInit().getType());
  if (!type || !type.hasStaticShape() || type.getRank() < 2)
    return;
  int64_t rank = type.getRank();
  ArrayRef<int64_t> perm = op.getPermutation();
  int64_t srcInner = llvm::find(perm, rank - 1) - perm.begin();
  scf::SCFTilingOptions options;
  options.setLoopType(scf::SCFTilingOptions::LoopType::ForallOp);
  rewriter.setInsertionPoint(op);
  if (srcInner == rank - 1) {
    // The innermost dim stays (the channel-major sub-pixel interleave moves
    // runs of s_k outputs): parallel tiles of the two innermost result dims,
    // whose loops copy contiguous rows, which LLVM vectorizes; serial, the
    // whole copy was one thread's work.
    SmallVector<OpFoldResult> tiles(rank - 2, rewriter.getIndexAttr(1));
    for (int64_t d = rank - 2; d < rank; ++d)
      tiles.push_back(rewriter.getIndexAttr(type.getDimSize(d)));
    options.setTileSizes(tiles);
    auto tiled = scf::tileUsingSCF(
        rewriter, cast<TilingInterface>(op.getOperation()), options);
    if (succeeded(tiled))
      rewriter.replaceOp(op, tiled->replacements);
    return;
  }
  constexpr int64_t kBlock = 16;
  SmallVector<OpFoldResult> tiles;
  SmallVector<int64_t> block;
  bool divides = true;
  for (int64_t d = 0; d < rank; ++d) {
    int64_t size = type.getDimSize(d);
    // A divisor of the size near the block vectorizes every block (56 ->
    // 14); else blocks of 16 with a scalar remainder.
    int64_t t = 1;
    if (d == rank - 1 || d == srcInner) {
      t = largestDivisorAtMost(size, kBlock);
      if (2 * t < std::min(size, kBlock))
        t = std::min(size, kBlock);
    }
    divides &= size % t == 0;
    tiles.push_back(rewriter.getIndexAttr(t));
    block.push_back(t);
  }
  options.setTileSizes(tiles);
  auto tiled = scf::tileUsingSCF(
      rewriter, cast<TilingInterface>(op.getOperation()), options);
  if (failed(tiled))
    return;
  rewriter.replaceOp(op, tiled->replacements);
  if (!divides)
    return;
  auto tile = cast<linalg::LinalgOp>(tiled->tiledOps.front());
  rewriter.setInsertionPoint(tile);
  auto vectorized = linalg::vectorize(rewriter, tile);
  if (failed(vectorized))
    return;
  Value written = vectorized->replacements.front();
  rewriter.replaceOp(tile, vectorized->replacements);
  if (lanes == 16)
    widenTransposeBlock(rewriter, written);
}

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

/// The indices of a reshape's source in terms of those of its result
/// (`idx`): a collapsed dim is delinearized into its group, an expanded
/// group linearized. Unit dims get 0.
SmallVector<AffineExpr> reshapeSourceIndices(Operation *reshape,
                                             ArrayRef<AffineExpr> idx) {
  auto src = cast<RankedTensorType>(reshape->getOperand(0).getType());
  auto res = cast<RankedTensorType>(reshape->getResult(0).getType());
  MLIRContext *ctx = reshape->getContext();
  SmallVector<AffineExpr> out(src.getRank(), getAffineConstantExpr(0, ctx));
  if (auto collapse = dyn_cast<tensor::CollapseShapeOp>(reshape)) {
    for (auto [j, group] :
         llvm::enumerate(collapse.getReassociationIndices())) {
      auto nonUnit = llvm::make_filter_range(
          group, [&](int64_t d) { return src.getDimSize(d) != 1; });
      if (llvm::range_size(nonUnit) <= 1) {
        for (int64_t d : nonUnit)
          out[d] = idx[j];
        continue;
      }
      int64_t stride = 1;
      for (int64_t d : llvm::reverse(group)) {
        out[d] = idx[j].floorDiv(stride) % src.getDimSize(d);
        stride *= src.getDimSize(d);
      }
    }
    return out;
  }
  auto expand = cast<tensor::ExpandShapeOp>(reshape);
  for (auto [j, group] : llvm::enumerate(expand.getReassociationIndices())) {
    AffineExpr e = getAffineConstantExpr(0, ctx);
    int64_t stride = 1;
    for (int64_t d : llvm::reverse(group)) {
      e = e + idx[d] * stride;
      stride *= res.getDimSize(d);
    }
    out[j] = e;
  }
  return out;
}

/// Whether `op` only moves elements: one input, one init, all loops
/// parallel, and a body that yields its input (a transpose, or a generic
/// gathering a filter).
static bool isCopyOnly(linalg::LinalgOp op) {
  if (!op || op.getNumDpsInputs() != 1 || op.getNumDpsInits() != 1 ||
      op.getNumLoops() != op.getNumParallelLoops() ||
      !op.hasPureTensorSemantics())
    return false;
  if (isa<linalg::TransposeOp>(op))
    return true;
  Block *body = op.getBlock();
  auto yield = dyn_cast<linalg::YieldOp>(body->getTerminator());
  return yield && body->getOperations().size() == 1 &&
         yield.getValues()[0] == body->getArgument(0);
}

/// Follows `src` up through static collapse/expand_shapes, rewriting `idx`
/// (indices into `src`) into indices of the chain's source, which is
/// returned. With `requireOneUse`, each link must have one use (the caller
/// replaces the chain's end); null if that or a static shape is missing.
static Value throughStaticReshapes(Value src, SmallVector<AffineExpr> &idx,
                                   bool requireOneUse) {
  auto isStatic = [](Value v) {
    auto type = dyn_cast<RankedTensorType>(v.getType());
    return type && type.hasStaticShape();
  };
  while (isa_and_nonnull<tensor::CollapseShapeOp, tensor::ExpandShapeOp>(
      src.getDefiningOp())) {
    Operation *reshape = src.getDefiningOp();
    if (!isStatic(src) || (requireOneUse && !reshape->hasOneUse()))
      return {};
    idx = reshapeSourceIndices(reshape, idx);
    src = reshape->getOperand(0);
  }
  return isStatic(src) ? src : Value();
}

/// transpose(reshape*(copy)) -> copy into the transposed shape, for a
/// generic that only copies (a sub-pixel phase's filter, gathered from the
/// transposed conv's weights), seen through static reshapes (dropped unit
/// dims, the blocking of the micro-kernel's packed filter): the gather then
/// writes the micro-kernel's filter layout directly. Transposing the
/// gathered [F, C, KH, KW] filter instead had the gather read the weights
/// [C, F, KH, KW] with a stride of a whole weight row per element (on
/// unet_up1, 8 KiB: a quarter of the run time).
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
    // of the result, packing unet_up1's filters read a 512-byte piece of each
    // 8 KiB weight row, a new page per access.
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
/// and no copy of the first padded tensor (dcgan_g5's input: two 5 MB fills
/// and a 5 MB copy).
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
  patterns
      .add<SwapTransposeWithPad, SwapTransposeWithWindow,
           ExtractSliceOfInitialValue, TransposeOfBroadcast, TransposeOfCopy,
           TransposeOfElementwise, CancelTransposes, InsertOfPaddedIntoFill>(
          ctx);
}

/// For a copy generic or a transpose whose input is a constant seen through
/// static reshapes: the map from the result's indices to the constant's, and
/// the constant. Null if `op` is not such a copy.
static std::pair<AffineMap, Value> copyOfConstant(Operation *op) {
  auto linalgOp = dyn_cast<linalg::LinalgOp>(op);
  if (!isCopyOnly(linalgOp))
    return {};
  AffineMap outMap = linalgOp.getIndexingMapsArray()[1];
  if (!outMap.isPermutation())
    return {};
  AffineMap map =
      linalgOp.getIndexingMapsArray()[0].compose(inversePermutation(outMap));
  SmallVector<AffineExpr> idx(map.getResults());
  Value src = throughStaticReshapes(linalgOp.getDpsInputs()[0], idx, false);
  // (A fill's input is a scalar.)
  if (!src || !matchPattern(src, m_Constant()))
    return {};
  return {AffineMap::get(map.getNumDims(), 0, idx, op->getContext()), src};
}

bool mlir::deconv::foldConstantCopies(RewriterBase &rewriter, Operation *root) {
  SmallVector<Operation *> copies;
  root->walk([&](linalg::LinalgOp op) {
    if (copyOfConstant(op).first)
      copies.push_back(op);
  });
  bool folded = false;
  for (Operation *op : copies) {
    auto [foldMap, foldSrc] = copyOfConstant(op);
    AffineMap map = foldMap;
    Value src = foldSrc;
    auto type = cast<RankedTensorType>(op->getResult(0).getType());
    // The source offset as base + sum coef[d] * idx[d], which needs the
    // map to have no floordiv or mod.
    bool linear = llvm::all_of(map.getResults(), [](AffineExpr e) {
      bool ok = true;
      e.walk([&](AffineExpr sub) {
        ok &= !isa<AffineBinaryOpExpr>(sub) ||
              sub.getKind() == AffineExprKind::Add ||
              sub.getKind() == AffineExprKind::Mul;
      });
      return ok;
    });
    if (!type.hasStaticShape() || !linear)
      continue;
    SmallVector<int64_t> srcStrides =
        computeStrides(cast<RankedTensorType>(src.getType()).getShape());
    auto offsetAt = [&](ArrayRef<int64_t> point) {
      int64_t off = 0;
      for (auto [v, st] : llvm::zip(map.compose(point), srcStrides))
        off += v * st;
      return off;
    };
    int64_t rank = type.getRank();
    SmallVector<int64_t> point(rank, 0);
    int64_t base = offsetAt(point);
    SmallVector<int64_t> coef(rank);
    for (int64_t d = 0; d < rank; ++d) {
      point[d] = 1;
      coef[d] = offsetAt(point) - base;
      point[d] = 0;
    }
    rewriter.setInsertionPoint(op);
    Value cst = foldConstantFilter(rewriter, op->getLoc(), src, type,
                                   [&](ArrayRef<int64_t> i) {
                                     int64_t off = base;
                                     for (auto [c, v] : llvm::zip(coef, i))
                                       off += c * v;
                                     return off;
                                   });
    if (!cst)
      continue;
    rewriter.replaceOp(op, cst);
    folded = true;
  }
  return folded;
}

/// Static reshapes of a transpose's result (a phase computed with its
/// pixels flattened, reshaped back to the image) as a transpose of the
/// reshaped input, when every group of dims the reshapes merge or split is a
/// run of consecutive input dims in order (unit dims may be dropped): the
/// insert chains below then see the transpose. Returns the new transpose.
static linalg::TransposeOp reshapeBeforeTranspose(RewriterBase &rewriter,
                                                  Value v) {
  Value src = v;
  while (isa_and_nonnull<tensor::ExpandShapeOp, tensor::CollapseShapeOp>(
      src.getDefiningOp()))
    src = src.getDefiningOp()->getOperand(0);
  auto t = src.getDefiningOp<linalg::TransposeOp>();
  auto resultType = cast<RankedTensorType>(v.getType());
  if (!t || src == v || !resultType.hasStaticShape() ||
      !cast<RankedTensorType>(src.getType()).hasStaticShape())
    return {};
  ArrayRef<int64_t> from = cast<RankedTensorType>(src.getType()).getShape();
  ArrayRef<int64_t> to = resultType.getShape();
  ArrayRef<int64_t> perm = t.getPermutation();
  // Groups of `from` dims and `to` dims with equal products.
  struct Group {
    SmallVector<int64_t> from, to;
  };
  SmallVector<Group> groups;
  size_t i = 0, j = 0;
  while (i < from.size() || j < to.size()) {
    if (i == from.size())
      return {}; // a unit dim the input has no place for
    Group g;
    if (from[i] == 1 && j < to.size() && to[j] == 1) {
      // A unit dim kept (the batch of one image) stays its own group.
      g.from.push_back(i++);
      g.to.push_back(j++);
      groups.push_back(std::move(g));
      continue;
    }
    int64_t pf = from[i], pt = 1;
    g.from.push_back(i++);
    while (pf != pt) {
      if (pt < pf && j < to.size()) {
        pt *= to[j];
        g.to.push_back(j++);
      } else if (pf < pt && i < from.size()) {
        pf *= from[i];
        g.from.push_back(i++);
      } else {
        return {};
      }
    }
    groups.push_back(std::move(g));
  }
  // Each group's input dims must be consecutive, in order.
  for (const Group &g : groups)
    for (size_t k = 1; k < g.from.size(); ++k)
      if (perm[g.from[k]] != perm[g.from[k - 1]] + 1)
        return {};
  SmallVector<const Group *> byInput =
      llvm::map_to_vector(groups, [](const Group &g) { return &g; });
  llvm::sort(byInput, [&](const Group *a, const Group *b) {
    return perm[a->from.front()] < perm[b->from.front()];
  });
  // The input's dims regrouped (still in its order) and where each result
  // dim comes from.
  SmallVector<int64_t> shape, newPerm(to.size());
  for (const Group *g : byInput)
    for (int64_t d : g->to) {
      newPerm[d] = shape.size();
      shape.push_back(to[d]);
    }
  Location loc = t.getLoc();
  OpBuilder::InsertionGuard guard(rewriter);
  rewriter.setInsertionPointAfterValue(v);
  Value input = t.getInput();
  auto inputType = cast<RankedTensorType>(input.getType());
  auto reshapedType = RankedTensorType::get(shape, inputType.getElementType());
  // Each input dim split into whole groups: an expand_shape, which also
  // takes a strided input (a slice of a padded accumulator); otherwise
  // through the flat tensor.
  SmallVector<ReassociationIndices> split;
  for (const Group *g : byInput) {
    if (g->from.size() != 1 || g->to.empty())
      break;
    split.push_back(
        llvm::map_to_vector(g->to, [&](int64_t d) { return newPerm[d]; }));
  }
  Value reshaped;
  if (split.size() == byInput.size()) {
    reshaped = tensor::ExpandShapeOp::create(rewriter, loc, reshapedType, input,
                                             split);
  } else {
    ReassociationIndices all =
        llvm::to_vector(llvm::seq<int64_t>(0, inputType.getRank()));
    Value flat = tensor::CollapseShapeOp::create(
        rewriter, loc, input, ArrayRef<ReassociationIndices>{all});
    ReassociationIndices allNew =
        llvm::to_vector(llvm::seq<int64_t>(0, shape.size()));
    reshaped =
        tensor::ExpandShapeOp::create(rewriter, loc, reshapedType, flat,
                                      ArrayRef<ReassociationIndices>{allNew});
  }
  Value init =
      tensor::EmptyOp::create(rewriter, loc, to, inputType.getElementType());
  auto result =
      linalg::TransposeOp::create(rewriter, loc, reshaped, init, newPerm);
  rewriter.replaceAllUsesWith(v, result->getResult(0));
  return result;
}

bool mlir::deconv::mergeReshapedTransposes(RewriterBase &rewriter,
                                           Operation *root) {
  SmallVector<linalg::TransposeOp> outers;
  root->walk([&](linalg::TransposeOp op) {
    if (isa_and_nonnull<tensor::ExpandShapeOp, tensor::CollapseShapeOp>(
            op.getInput().getDefiningOp()) &&
        op.getInit().getDefiningOp<tensor::EmptyOp>())
      outers.push_back(op);
  });
  bool changed = false;
  for (linalg::TransposeOp outer : outers) {
    linalg::TransposeOp inner =
        reshapeBeforeTranspose(rewriter, outer.getInput());
    if (!inner)
      continue;
    // outer(inner(x)): result dim i is x's dim innerPerm[outerPerm[i]].
    ArrayRef<int64_t> innerPerm = inner.getPermutation();
    SmallVector<int64_t> perm = llvm::map_to_vector(
        outer.getPermutation(), [&](int64_t p) { return innerPerm[p]; });
    rewriter.setInsertionPoint(outer);
    rewriter.replaceOpWithNewOp<linalg::TransposeOp>(outer, inner.getInput(),
                                                     outer.getInit(), perm);
    if (inner->use_empty())
      rewriter.eraseOp(inner);
    changed = true;
  }
  return changed;
}

/// The most runs a row of the output may take for interleaveRuns to build
/// it unrolled (FCN-32s: 17).
static constexpr int64_t kMaxRunsPerRow = 64;

bool mlir::deconv::interleaveRuns(RewriterBase &rewriter, Operation *root) {
  SmallVector<tensor::ExtractSliceOp> cuts;
  root->walk([&](tensor::ExtractSliceOp op) { cuts.push_back(op); });
  bool changed = false;
  for (tensor::ExtractSliceOp cut : cuts) {
    auto merge = cut.getSource().getDefiningOp<tensor::CollapseShapeOp>();
    auto t = merge ? merge.getSrc().getDefiningOp<linalg::TransposeOp>()
                   : linalg::TransposeOp();
    if (!t || !t->hasOneUse() || !merge->hasOneUse() ||
        !t.getInit().getDefiningOp<tensor::EmptyOp>())
      continue;
    auto xType = cast<RankedTensorType>(t.getInput().getType());
    RankedTensorType outType = cut.getType();
    int64_t rank = xType.getRank();
    if (rank < 4 || rank % 2 || !xType.hasStaticShape() ||
        !outType.hasStaticShape() || outType.getRank() != rank / 2 + 1)
      continue;
    int64_t k = rank / 2 - 1;
    // x [N, P_1..P_k, C, s_1..s_k] -> [N, C, P_1, s_1, ..., P_k, s_k].
    SmallVector<int64_t> expected = {0, k + 1};
    for (int64_t d = 0; d < k; ++d)
      expected.append({1 + d, k + 2 + d});
    if (t.getPermutation() != ArrayRef<int64_t>(expected))
      continue;
    SmallVector<ReassociationIndices> reassoc = merge.getReassociationIndices();
    bool pairs = reassoc.size() == size_t(k + 2) && reassoc[0].size() == 1 &&
                 reassoc[1].size() == 1;
    for (int64_t d = 0; pairs && d < k; ++d)
      pairs = reassoc[2 + d] == ReassociationIndices{2 + 2 * d, 3 + 2 * d};
    if (!pairs || ShapedType::isDynamicShape(cut.getStaticOffsets()) ||
        !llvm::all_of(cut.getStaticStrides(),
                      [](int64_t s) { return s == 1; }) ||
        cut.getStaticOffsets()[0] != 0 || cut.getStaticOffsets()[1] != 0 ||
        outType.getDimSize(0) != xType.getDimSize(0) ||
        outType.getDimSize(1) != xType.getDimSize(k + 1))
      continue;
    ArrayRef<int64_t> xShape = xType.getShape();
    SmallVector<int64_t> off(cut.getStaticOffsets().drop_front(2)),
        stride(xShape.drop_front(k + 2));
    int64_t runs = xShape[k], s = stride[k - 1], off_k = off[k - 1];
    int64_t width = outType.getDimSize(1 + k);
    if (runs > kMaxRunsPerRow)
      continue;

    // One parallel tile per output row (n, c, o_1..o_{k-1}): each run of
    // s_k outputs, clipped to the row, is one vector read of x and one
    // vector write.
    Location loc = cut.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    rewriter.setInsertionPoint(cut);
    Value out = tensor::EmptyOp::create(rewriter, loc, outType.getShape(),
                                        outType.getElementType());
    SmallVector<OpFoldResult> bounds =
        getAsIndexOpFoldResult(ctx, outType.getShape().drop_back());
    auto forall = scf::ForallOp::create(rewriter, loc, bounds, ValueRange{out},
                                        std::nullopt);
    {
      OpBuilder::InsertionGuard guard(rewriter);
      rewriter.setInsertionPointToStart(forall.getBody());
      SmallVector<Value> ivs = llvm::to_vector(forall.getInductionVars());
      SmallVector<Value> pos, phase;
      AffineExpr o = getAffineDimExpr(0, ctx);
      for (int64_t d = 0; d + 1 < k; ++d) {
        pos.push_back(affine::AffineApplyOp::create(
            rewriter, loc, (o + off[d]).floorDiv(stride[d]), ivs[2 + d]));
        phase.push_back(affine::AffineApplyOp::create(
            rewriter, loc, (o + off[d]) % stride[d], ivs[2 + d]));
      }
      Value shared = forall.getRegionIterArgs()[0];
      SmallVector<OpFoldResult> rowOffsets(ivs.begin(), ivs.end()),
          rowSizes(rank / 2, rewriter.getIndexAttr(1)),
          unit(rank / 2 + 1, rewriter.getIndexAttr(1));
      rowOffsets.push_back(rewriter.getIndexAttr(0));
      rowSizes.push_back(rewriter.getIndexAttr(width));
      auto rowType = RankedTensorType::get({width}, outType.getElementType());
      Value row = tensor::ExtractSliceOp::create(rewriter, loc, rowType, shared,
                                                 rowOffsets, rowSizes, unit);
      Value pad = arith::ConstantOp::create(
          rewriter, loc, rewriter.getZeroAttr(outType.getElementType()));
      for (int64_t p = 0; p < runs; ++p) {
        int64_t start = p * s - off_k;
        int64_t lo = std::max<int64_t>(0, start),
                hi = std::min<int64_t>(width, start + s);
        if (lo >= hi)
          continue;
        SmallVector<Value> idx = {ivs[0]};
        idx.append(pos);
        idx.push_back(arith::ConstantIndexOp::create(rewriter, loc, p));
        idx.push_back(ivs[1]);
        idx.append(phase);
        idx.push_back(
            arith::ConstantIndexOp::create(rewriter, loc, lo - start));
        auto vecType = VectorType::get({hi - lo}, outType.getElementType());
        Value v =
            vector::TransferReadOp::create(rewriter, loc, vecType, t.getInput(),
                                           idx, pad, ArrayRef<bool>{true});
        Value at = arith::ConstantIndexOp::create(rewriter, loc, lo);
        row = vector::TransferWriteOp::create(
                  rewriter, loc, v, row, ValueRange{at}, ArrayRef<bool>{true})
                  .getResult();
      }
      rewriter.setInsertionPointToStart(forall.getTerminator().getBody());
      tensor::ParallelInsertSliceOp::create(rewriter, loc, row, shared,
                                            rowOffsets, rowSizes, unit);
    }
    rewriter.replaceOp(cut, forall.getResult(0));
    rewriter.eraseOp(merge);
    rewriter.eraseOp(t);
    changed = true;
  }
  return changed;
}

bool mlir::deconv::hoistTransposesOutOfInsertChains(RewriterBase &rewriter,
                                                    Operation *root) {
  // Phases reshaped after their transpose take the reshape first.
  root->walk([&](tensor::InsertSliceOp op) {
    if (isa_and_nonnull<tensor::ExpandShapeOp, tensor::CollapseShapeOp>(
            op.getSource().getDefiningOp()))
      (void)reshapeBeforeTranspose(rewriter, op.getSource());
  });
  auto transposedSource = [](tensor::InsertSliceOp op) {
    auto t = op.getSource().getDefiningOp<linalg::TransposeOp>();
    return t && op.getSourceType().getRank() == op.getType().getRank() &&
                   op.getSourceType().hasStaticShape()
               ? t
               : linalg::TransposeOp();
  };
  SmallVector<tensor::InsertSliceOp> lasts;
  root->walk([&](tensor::InsertSliceOp op) {
    if (!transposedSource(op))
      return;
    for (OpOperand &use : op->getUses())
      if (auto next = dyn_cast<tensor::InsertSliceOp>(use.getOwner()))
        if (use.get() == next.getDest() && transposedSource(next))
          return;
    lasts.push_back(op);
  });
  bool changed = false;
  for (tensor::InsertSliceOp last : lasts) {
    ArrayRef<int64_t> perm = transposedSource(last).getPermutation();
    SmallVector<tensor::InsertSliceOp> chain = {last};
    Value base = last.getDest();
    while (auto prev = base.getDefiningOp<tensor::InsertSliceOp>()) {
      linalg::TransposeOp t = transposedSource(prev);
      if (!t || t.getPermutation() != perm || !base.hasOneUse())
        break;
      chain.push_back(prev);
      base = prev.getDest();
    }
    Operation *def = base.getDefiningOp();
    if (!isa_and_nonnull<tensor::EmptyOp, linalg::FillOp, linalg::BroadcastOp>(
            def) ||
        !cast<RankedTensorType>(base.getType()).hasStaticShape())
      continue;
    SmallVector<int64_t> inverse(perm.size());
    for (auto [i, p] : llvm::enumerate(perm))
      inverse[p] = i;
    // Each new op goes where its old counterpart was, so that every phase
    // can write straight into its slice (empty-tensor elimination needs the
    // destination to dominate the phase's computation).
    Location loc = last.getLoc();
    rewriter.setInsertionPointAfter(def);
    Value acc;
    if (isa<tensor::EmptyOp>(def)) {
      auto type = cast<RankedTensorType>(base.getType());
      acc = tensor::EmptyOp::create(
          rewriter, loc,
          llvm::map_to_vector(inverse,
                              [&](int64_t i) { return type.getDimSize(i); }),
          type.getElementType());
    } else {
      acc = transposeTo(rewriter, loc, base, inverse);
    }
    auto permute = [&](ArrayRef<OpFoldResult> v) {
      return llvm::map_to_vector(inverse, [&](int64_t i) { return v[i]; });
    };
    for (tensor::InsertSliceOp link : llvm::reverse(chain)) {
      rewriter.setInsertionPoint(link);
      SmallVector<OpFoldResult> sizes = permute(link.getMixedSizes()),
                                strides = permute(link.getMixedStrides());
      // A stride on a size-1 dim means nothing, but gives the buffer view
      // strides from which a later rank-reducing subview cannot tell which
      // unit dim it dropped.
      for (auto [size, stride] : llvm::zip(sizes, strides))
        if (isConstantIntValue(size, 1))
          stride = rewriter.getIndexAttr(1);
      acc = tensor::InsertSliceOp::create(
          rewriter, link.getLoc(), transposedSource(link).getInput(), acc,
          permute(link.getMixedOffsets()), sizes, strides);
    }
    rewriter.replaceOp(last, transposeTo(rewriter, loc, acc, perm));
    changed = true;
  }
  return changed;
}

bool mlir::deconv::stackStridedPhases(RewriterBase &rewriter, Operation *root) {
  // The strides and residues of an insert of an NCHW phase: unit offsets and
  // strides on N and C, the whole source, static; empty if not one.
  auto phaseOf = [](tensor::InsertSliceOp op)
      -> std::optional<std::pair<SmallVector<int64_t>, SmallVector<int64_t>>> {
    auto src = op.getSourceType();
    auto dst = op.getType();
    if (src.getRank() != dst.getRank() || src.getRank() < 3 ||
        !src.hasStaticShape() || !dst.hasStaticShape() ||
        ShapedType::isDynamicShape(op.getStaticOffsets()) ||
        ShapedType::isDynamicShape(op.getStaticStrides()) ||
        op.getStaticSizes() != src.getShape())
      return std::nullopt;
    ArrayRef<int64_t> offsets = op.getStaticOffsets(),
                      strides = op.getStaticStrides();
    if (offsets[0] != 0 || offsets[1] != 0 || strides[0] != 1 ||
        strides[1] != 1 || src.getDimSize(0) != dst.getDimSize(0) ||
        src.getDimSize(1) != dst.getDimSize(1))
      return std::nullopt;
    SmallVector<int64_t> s(strides.drop_front(2)), o(offsets.drop_front(2));
    for (auto [d, step] : llvm::enumerate(s))
      if (step < 1 || o[d] >= step ||
          src.getDimSize(2 + d) * step != dst.getDimSize(2 + d))
        return std::nullopt;
    return std::make_pair(s, o);
  };
  SmallVector<tensor::InsertSliceOp> lasts;
  root->walk([&](tensor::InsertSliceOp op) {
    if (!phaseOf(op))
      return;
    for (OpOperand &use : op->getUses())
      if (auto next = dyn_cast<tensor::InsertSliceOp>(use.getOwner()))
        if (use.get() == next.getDest())
          return;
    lasts.push_back(op);
  });
  bool changed = false;
  for (tensor::InsertSliceOp last : lasts) {
    auto [strides, unused] = *phaseOf(last);
    // The chain, last first, back to its base; one phase per residue.
    SmallVector<tensor::InsertSliceOp> chain = {last};
    Value base = last.getDest();
    while (auto prev = base.getDefiningOp<tensor::InsertSliceOp>()) {
      auto phase = phaseOf(prev);
      if (!phase || phase->first != strides || !base.hasOneUse() ||
          prev.getSourceType() != last.getSourceType())
        break;
      chain.push_back(prev);
      base = prev.getDest();
    }
    int64_t phases = 1;
    for (int64_t step : strides)
      phases *= step;
    std::set<SmallVector<int64_t>> residues;
    for (tensor::InsertSliceOp link : chain)
      residues.insert(phaseOf(link)->second);
    Operation *def = base.getDefiningOp();
    if (strides.back() < 2 || residues.size() != chain.size() ||
        static_cast<int64_t>(chain.size()) != phases || !def)
      continue;
    // Each phase as computed, before the reshapes to NCHW (a 3-D phase is
    // computed with its pixels flattened): stacked in that shape, each
    // phase's computation can write straight into its slice.
    auto phaseType =
        dyn_cast<RankedTensorType>(skipReshapes(last.getSource()).getType());
    if (!phaseType || !phaseType.hasStaticShape() ||
        llvm::any_of(chain, [&](tensor::InsertSliceOp link) {
          return skipReshapes(link.getSource()).getType() != phaseType;
        }))
      continue;
    // [s_1..s_k, <phase>], built where the base was, so that it dominates
    // every phase's computation.
    auto srcType = last.getSourceType();
    int64_t k = strides.size(), phaseRank = phaseType.getRank();
    SmallVector<int64_t> stackedShape(strides);
    llvm::append_range(stackedShape, phaseType.getShape());
    Location loc = last.getLoc();
    rewriter.setInsertionPointAfter(def);
    Value acc = tensor::EmptyOp::create(rewriter, loc, stackedShape,
                                        srcType.getElementType());
    MLIRContext *ctx = rewriter.getContext();
    for (tensor::InsertSliceOp link : llvm::reverse(chain)) {
      rewriter.setInsertionPoint(link);
      SmallVector<int64_t> offsets(phaseOf(link)->second);
      offsets.append(phaseRank, 0);
      SmallVector<int64_t> sizes(k, 1);
      llvm::append_range(sizes, phaseType.getShape());
      acc = tensor::InsertSliceOp::create(
          rewriter, link.getLoc(), skipReshapes(link.getSource()), acc,
          getAsIndexOpFoldResult(ctx, offsets),
          getAsIndexOpFoldResult(ctx, sizes),
          getAsIndexOpFoldResult(ctx, SmallVector<int64_t>(sizes.size(), 1)));
    }
    // [s_1..s_k, N, C, P_1..P_k] (reshapes of the contiguous stack).
    SmallVector<ReassociationIndices> flat;
    for (int64_t d = 0; d < k; ++d)
      flat.push_back({d});
    flat.push_back(llvm::to_vector(llvm::seq<int64_t>(k, k + phaseRank)));
    SmallVector<ReassociationIndices> unflat;
    for (int64_t d = 0; d < k; ++d)
      unflat.push_back({d});
    unflat.push_back(
        llvm::to_vector(llvm::seq<int64_t>(k, k + srcType.getRank())));
    SmallVector<int64_t> nchwShape(strides);
    llvm::append_range(nchwShape, srcType.getShape());
    if (phaseType != srcType) {
      Value flatAcc = tensor::CollapseShapeOp::create(rewriter, loc, acc, flat);
      acc = tensor::ExpandShapeOp::create(
          rewriter, loc,
          RankedTensorType::get(nchwShape, srcType.getElementType()), flatAcc,
          unflat);
    }
    // [N, C, P_1, s_1, ..., P_k, s_k], then the output's shape.
    SmallVector<int64_t> perm = {k, k + 1};
    SmallVector<ReassociationIndices> groups = {{0}, {1}};
    for (int64_t d = 0; d < k; ++d) {
      groups.push_back({static_cast<int64_t>(perm.size()),
                        static_cast<int64_t>(perm.size()) + 1});
      perm.push_back(k + 2 + d);
      perm.push_back(d);
    }
    Value interleaved = transposeTo(rewriter, loc, acc, perm);
    rewriter.replaceOpWithNewOp<tensor::CollapseShapeOp>(last, last.getType(),
                                                         interleaved, groups);
    changed = true;
  }
  return changed;
}
