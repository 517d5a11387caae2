//===- Tiling.cpp - Tiling helpers of the kernels -------------------------===//

#include "deconv/Codegen/Tiling.h"
#include "deconv/Codegen/Utils.h"

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

namespace mlir::deconv {

/// The slice [offsets, offsets + sizes) (unit strides) of `v`, rebuilt from
/// v's producer when v is zero-padded (a tensor.pad with a constant, or an
/// insert_slice into a fill, nested): the tile then pads only its own part,
/// in cache, instead of reading its part of a padded copy of the whole
/// tensor (for a depthwise conv, filling and copying the padded input can
/// take longer than the conv). It needs each dim to be either taken whole by the
/// slice or left alone by the padding; otherwise, and for other producers,
/// a plain extract_slice.
Value sliceOfPadded(OpBuilder &b, Location loc, Value v,
                    ArrayRef<OpFoldResult> offsets, ArrayRef<int64_t> sizes) {
  auto type = cast<RankedTensorType>(v.getType());
  int64_t rank = type.getRank();
  SmallVector<bool> whole(rank);
  for (int64_t d = 0; d < rank; ++d)
    whole[d] =
        isConstantIntValue(offsets[d], 0) && sizes[d] == type.getDimSize(d);
  auto plain = [&] {
    return tensor::ExtractSliceOp::create(
               b, loc, v, offsets, indexAttrs(b, sizes),
               indexAttrs(b, SmallVector<int64_t>(rank, 1)))
        .getResult();
  };
  // The padded source, its value, and where it sits (offset, stride) in `v`.
  Value src, padValue;
  SmallVector<int64_t> at(rank, 0), step(rank, 1);
  if (auto pad = v.getDefiningOp<tensor::PadOp>()) {
    src = pad.getSource();
    padValue = pad.getConstantPaddingValue();
    if (Operation *def = padValue ? padValue.getDefiningOp() : nullptr;
        def && pad->isProperAncestor(def))
      padValue = b.clone(*def)->getResult(0);
    at = llvm::to_vector(pad.getStaticLow());
    if (ShapedType::isDynamicShape(at) ||
        ShapedType::isDynamicShape(pad.getStaticHigh()))
      return plain();
  } else if (auto ins = v.getDefiningOp<tensor::InsertSliceOp>()) {
    auto fill = ins.getDest().getDefiningOp<linalg::FillOp>();
    if (!fill || ins.getSourceType().getRank() != rank ||
        ShapedType::isDynamicShape(ins.getStaticOffsets()) ||
        ShapedType::isDynamicShape(ins.getStaticStrides()))
      return plain();
    src = ins.getSource();
    padValue = fill.getInputs()[0];
    at = llvm::to_vector(ins.getStaticOffsets());
    step = llvm::to_vector(ins.getStaticStrides());
  }
  if (!src || !padValue ||
      !cast<RankedTensorType>(src.getType()).hasStaticShape())
    return plain();
  auto srcType = cast<RankedTensorType>(src.getType());
  SmallVector<OpFoldResult> srcOffsets;
  SmallVector<int64_t> srcSizes, insOffsets, insStrides;
  for (int64_t d = 0; d < rank; ++d) {
    bool untouched = at[d] == 0 && step[d] == 1 &&
                     srcType.getDimSize(d) == type.getDimSize(d);
    if (!whole[d] && !untouched)
      return plain();
    srcOffsets.push_back(whole[d] ? b.getIndexAttr(0) : offsets[d]);
    srcSizes.push_back(whole[d] ? srcType.getDimSize(d) : sizes[d]);
    insOffsets.push_back(whole[d] ? at[d] : 0);
    insStrides.push_back(whole[d] ? step[d] : 1);
  }
  Value inner = sliceOfPadded(b, loc, src, srcOffsets, srcSizes);
  return insertIntoFill(b, loc, inner, padValue, sizes, insOffsets, insStrides);
}

/// Erases the ops of `maybeDead` left without users, and their operands'
/// producers in turn (the whole-tensor padding and fills a tile replaced).
void eraseDeadProducers(RewriterBase &rewriter,
                        SmallVector<Operation *> &maybeDead) {
  while (!maybeDead.empty()) {
    Operation *op = maybeDead.pop_back_val();
    if (!op || !isOpTriviallyDead(op))
      continue;
    for (Value v : op->getOperands())
      maybeDead.push_back(v.getDefiningOp());
    rewriter.eraseOp(op);
  }
}

/// The tile's accumulator `operand`, a `slice` of the tensor that its loops
/// carry from `init` (`fill`), filled per tile: the loops carry the
/// unfilled tensor instead.
void fillPerTile(RewriterBase &rewriter, OpOperand &operand,
                 tensor::ExtractSliceOp slice, linalg::FillOp fill,
                 OpOperand &init) {
  rewriter.setInsertionPointAfter(slice);
  Value filled = linalg::FillOp::create(rewriter, slice.getLoc(),
                                        fill.getInputs()[0], slice.getResult())
                     .getResult(0);
  rewriter.modifyOpInPlace(operand.getOwner(), [&] { operand.set(filled); });
  rewriter.modifyOpInPlace(init.getOwner(),
                           [&] { init.set(fill.getOutputs()[0]); });
}

bool broadcastPerTile(RewriterBase &rewriter, scf::ForallOp forall,
                      OpOperand &init) {
  auto type = dyn_cast<RankedTensorType>(init.get().getType());
  std::optional<BroadcastValue> bcast = getBroadcastValue(init.get());
  if (!bcast || !type || !type.hasStaticShape())
    return false;
  BlockArgument arg = forall.getTiedBlockArgument(&init);
  SmallVector<tensor::ExtractSliceOp> slices;
  for (OpOperand &use : arg.getUses()) {
    if (auto slice = dyn_cast<tensor::ExtractSliceOp>(use.getOwner());
        slice && llvm::all_of(slice.getStaticStrides(),
                              [](int64_t s) { return s == 1; }))
      slices.push_back(slice);
    else if (!isa<tensor::ParallelInsertSliceOp>(use.getOwner()))
      return false;
  }
  for (tensor::ExtractSliceOp slice : slices) {
    rewriter.setInsertionPointAfter(slice);
    Value tile = broadcastIntoSlice(rewriter, slice, *bcast);
    rewriter.replaceAllUsesExcept(slice.getResult(), tile,
                                  tile.getDefiningOp());
  }
  rewriter.setInsertionPoint(forall);
  Value empty = tensor::EmptyOp::create(rewriter, forall.getLoc(),
                                        type.getShape(), type.getElementType());
  rewriter.modifyOpInPlace(forall, [&] { init.set(empty); });
  return true;
}

void fillAccumulatorPerTile(RewriterBase &rewriter, Operation *tile) {
  SmallVector<Operation *> maybeDead;
  auto forall = tile->getParentOfType<scf::ForallOp>();
  auto linalgOp = cast<linalg::LinalgOp>(tile);
  for (OpOperand &operand : linalgOp.getDpsInitsMutable()) {
    auto slice = operand.get().getDefiningOp<tensor::ExtractSliceOp>();
    auto arg = slice ? dyn_cast<BlockArgument>(slice.getSource()) : nullptr;
    if (!forall || !arg || arg.getOwner() != forall.getBody())
      continue;
    OpOperand *shared = forall.getTiedOpOperand(arg);
    // A fill, or a fill inserted into a fill of the same value (an
    // accumulator padded to whole vectors).
    Value init = shared->get();
    if (auto ins = init.getDefiningOp<tensor::InsertSliceOp>())
      if (sameFillValue(ins.getSource().getDefiningOp<linalg::FillOp>(),
                        ins.getDest().getDefiningOp<linalg::FillOp>()))
        init = ins.getDest();
    if (auto fill = init.getDefiningOp<linalg::FillOp>()) {
      maybeDead.push_back(shared->get().getDefiningOp());
      fillPerTile(rewriter, operand, slice, fill, *shared);
      continue;
    }
    // A broadcast (a bias): each tile broadcasts its part of the input.
    Operation *bcast = shared->get().getDefiningOp();
    if (broadcastPerTile(rewriter, forall, *shared))
      maybeDead.push_back(bcast);
  }
  eraseDeadProducers(rewriter, maybeDead);
}

/// `tile` just tiled over parallel dims by scf.for steps (tileSteps), whose
/// outermost step loop starts from a filled (or broadcast) accumulator: each
/// step fills (broadcasts) its own slice instead (in registers once vectorized,
/// ReadOfFill), and the loops carry the unfilled tensor. Every step writes its
/// whole, disjoint slice, so nothing reads the fill elsewhere (otherwise each
/// channel's output plane is filled, stored and reloaded).
void fillAccumulatorPerStep(RewriterBase &rewriter, Operation *tile) {
  SmallVector<Operation *> maybeDead;
  auto linalgOp = cast<linalg::LinalgOp>(tile);
  for (OpOperand &operand : linalgOp.getDpsInitsMutable()) {
    auto slice = operand.get().getDefiningOp<tensor::ExtractSliceOp>();
    if (!slice)
      continue;
    Value v = slice.getSource();
    OpOperand *outerInit = nullptr;
    while (auto arg = dyn_cast<BlockArgument>(v)) {
      auto loop = dyn_cast<scf::ForOp>(arg.getOwner()->getParentOp());
      if (!loop || !loop.getRegion().isAncestor(tile->getParentRegion()))
        break;
      outerInit = loop.getTiedLoopInit(arg);
      v = outerInit->get();
    }
    if (!outerInit || outerInit->get() != v)
      continue;
    if (auto fill = v.getDefiningOp<linalg::FillOp>()) {
      fillPerTile(rewriter, operand, slice, fill, *outerInit);
      maybeDead.push_back(fill);
      continue;
    }
    // A broadcast (the tile's part of a bias): each step broadcasts its own.
    auto bcast = v.getDefiningOp<linalg::BroadcastOp>();
    if (!bcast)
      continue;
    rewriter.setInsertionPointAfter(slice);
    Value step = broadcastIntoSlice(
        rewriter, slice,
        {bcast.getInput(), llvm::to_vector(bcast.getDimensions())});
    rewriter.modifyOpInPlace(linalgOp, [&] { operand.set(step); });
    rewriter.modifyOpInPlace(outerInit->getOwner(),
                             [&] { outerInit->set(bcast.getInit()); });
    maybeDead.push_back(bcast);
  }
  eraseDeadProducers(rewriter, maybeDead);
}

/// In the parallel tile `tile` (its operands slices taken in an
/// scf.forall), the input slices of zero-padded tensors are rebuilt per tile
/// (sliceOfPadded) and a filled accumulator is filled per tile
/// (fillAccumulatorPerTile).
void fuseZeroPaddedOperands(RewriterBase &rewriter, Operation *tile) {
  SmallVector<Operation *> maybeDead;
  auto linalgOp = cast<linalg::LinalgOp>(tile);
  for (OpOperand *operand : linalgOp.getDpsInputOperands()) {
    auto slice = operand->get().getDefiningOp<tensor::ExtractSliceOp>();
    if (!slice || !slice.getType().hasStaticShape() ||
        slice.getSourceType().getRank() != slice.getType().getRank() ||
        !llvm::all_of(slice.getStaticStrides(),
                      [](int64_t s) { return s == 1; }))
      continue;
    rewriter.setInsertionPoint(slice);
    Value rebuilt =
        sliceOfPadded(rewriter, slice.getLoc(), slice.getSource(),
                      slice.getMixedOffsets(), slice.getType().getShape());
    maybeDead.push_back(slice.getSource().getDefiningOp());
    rewriter.replaceOp(slice, rebuilt);
  }
  eraseDeadProducers(rewriter, maybeDead);
  fillAccumulatorPerTile(rewriter, tile);
}

/// Tiles `op` into loops of `type` with tile sizes `sizes`, ordered by
/// `interchange`. Returns the tiled op.
FailureOr<Operation *> tileOnce(RewriterBase &rewriter, Operation *op,
                                ArrayRef<int64_t> sizes,
                                ArrayRef<int64_t> interchange,
                                scf::SCFTilingOptions::LoopType type) {
  scf::SCFTilingOptions options;
  options.setLoopType(type);
  options.setTileSizes(indexAttrs(rewriter, sizes));
  if (!interchange.empty())
    options.setInterchange(interchange);
  auto tiled = scf::tileUsingSCF(rewriter, cast<TilingInterface>(op), options);
  if (failed(tiled))
    return failure();
  rewriter.replaceOp(op, tiled->replacements);
  return tiled->tiledOps.front();
}

/// Tiles `op` into sequential steps (scf.for) of sizes `sizes`, the loops
/// ordered by `interchange`; the innermost loop is marked for unrolling if
/// `unroll`. Returns the tiled op.
FailureOr<Operation *> tileSteps(RewriterBase &rewriter, Operation *op,
                                 ArrayRef<int64_t> sizes,
                                 ArrayRef<int64_t> interchange, bool unroll) {
  FailureOr<Operation *> tile = tileOnce(
      rewriter, op, sizes, interchange, scf::SCFTilingOptions::LoopType::ForOp);
  if (succeeded(tile) && unroll)
    if (auto loop = (*tile)->getParentOfType<scf::ForOp>())
      loop->setAttr(kUnrollAttr, rewriter.getUnitAttr());
  return tile;
}

/// Tiles `op` twice: parallel tiles (scf.forall, shared among threads
/// later; `interchange` orders them) of sizes `parallelTiles`, then reduction
/// steps (scf.for) of sizes `reductionTiles` inside each (`onTile` sees the
/// parallel tile before), the innermost loop marked for unrolling if
/// `unroll`. Returns the innermost tiled op.
FailureOr<Operation *>
tileTwice(RewriterBase &rewriter, Operation *op,
          ArrayRef<int64_t> parallelTiles, ArrayRef<int64_t> reductionTiles,
          ArrayRef<int64_t> interchange, ArrayRef<int64_t> reductionInterchange,
          bool unroll, function_ref<void(Operation *)> onTile) {
  FailureOr<Operation *> tile =
      tileOnce(rewriter, op, parallelTiles, interchange,
               scf::SCFTilingOptions::LoopType::ForallOp);
  if (failed(tile))
    return failure();
  if (onTile)
    onTile(*tile);
  return tileSteps(rewriter, *tile, reductionTiles, reductionInterchange,
                   unroll);
}

} // namespace mlir::deconv
