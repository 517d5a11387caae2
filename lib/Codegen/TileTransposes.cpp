//===- TileTransposes.cpp - Layout transposes tiled into vector blocks ----===//

#include "deconv/Codegen/Passes.h"
#include "deconv/Codegen/Transforms.h"
#include "deconv/Codegen/Utils.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/SCF/Utils/Utils.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/UB/IR/UBOps.h"
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

namespace mlir::deconv {
#define GEN_PASS_DEF_DECONVTILETRANSPOSES
#include "deconv/Codegen/Passes.h.inc"
} // namespace mlir::deconv

using namespace mlir;
using namespace mlir::deconv;

/// A vectorized block `written` (a transfer_write of a transposing
/// transfer_read) of 4-16 by 4-16 f32, not 16x16, as a 16x16 one whose
/// out-of-bounds lanes are masked off: the short rows become masked loads
/// and stores, and the transpose takes the 16x16 shuffles. Element by
/// element, LLVM rebuilt such blocks (56, 196 and 392 wide images take 14,
/// DCGAN's 4 and 8) from 8-, 4- and 2-wide pieces with blends and spills
/// (about four times the code). The big transposes
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

/// The transpose `tile` (of run-time sizes at most `block`) as one
/// transposing vector read of a `block`-shaped vector and one write, both
/// out of bounds where the tile is smaller than the block.
static void writeBlock(RewriterBase &rewriter, linalg::TransposeOp tile,
                       ArrayRef<int64_t> block) {
  Location loc = tile.getLoc();
  auto init = cast<RankedTensorType>(tile.getInit().getType());
  ArrayRef<int64_t> perm = tile.getPermutation();
  SmallVector<AffineExpr> results;
  SmallVector<bool> inBounds;
  for (auto [d, p] : llvm::enumerate(perm)) {
    results.push_back(rewriter.getAffineDimExpr(p));
    inBounds.push_back(init.getDimSize(d) == block[d]);
  }
  auto map = AffineMap::get(perm.size(), 0, results, rewriter.getContext());
  Value zero = arith::ConstantIndexOp::create(rewriter, loc, 0);
  SmallVector<Value> indices(perm.size(), zero);
  Type elt = init.getElementType();
  Value pad = ub::PoisonOp::create(rewriter, loc, elt);
  Value v = vector::TransferReadOp::create(
      rewriter, loc, VectorType::get(block, elt), tile.getInput(), indices, pad,
      map, ArrayRef<bool>(inBounds));
  rewriter.replaceOpWithNewOp<vector::TransferWriteOp>(
      tile, v, tile.getInit(), indices,
      rewriter.getMultiDimIdentityMap(perm.size()), ArrayRef<bool>(inBounds));
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
    // A divisor of the size near the block gives every block the same
    // static shape (56 -> 14); else blocks of 16, the last one reaching past
    // the shape.
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
  auto tile = cast<linalg::TransposeOp>(tiled->tiledOps.front());
  rewriter.setInsertionPoint(tile);
  if (!divides) {
    // Blocks that do not divide the shape have run-time sizes (the batched
    // sub-pixel form's positions, 29 or 57 say): each is read and written
    // as a whole block whose lanes past the shape are left out (out-of-
    // bounds transfers; upstream's masked vectorization builds the read's
    // mask in the wrong shape for a transposing read).
    writeBlock(rewriter, tile, block);
    return;
  }
  auto vectorized = linalg::vectorize(rewriter, tile);
  if (failed(vectorized))
    return;
  Value written = vectorized->replacements.front();
  rewriter.replaceOp(tile, vectorized->replacements);
  if (lanes == 16)
    widenTransposeBlock(rewriter, written);
}

namespace {

struct DeconvTileTransposesPass
    : deconv::impl::DeconvTileTransposesBase<DeconvTileTransposesPass> {
  using Base::Base;
  void runOnOperation() override {
    IRRewriter rewriter(&getContext());
    // Convs that read the same tensor (the sub-pixel phases of an unpadded
    // transposed conv) share its transpose.
    SmallVector<linalg::TransposeOp> transposes;
    getOperation()->walk([&](linalg::TransposeOp op) {
      for (linalg::TransposeOp prev : transposes)
        if (prev.getInput() == op.getInput() &&
            prev->getBlock() == op->getBlock() &&
            prev.getPermutation() == op.getPermutation() &&
            prev.getInit().getDefiningOp<tensor::EmptyOp>() &&
            op.getInit().getDefiningOp<tensor::EmptyOp>()) {
          rewriter.replaceOp(op, prev->getResults());
          return;
        }
      transposes.push_back(op);
    });
    for (auto op : transposes)
      tileTranspose(rewriter, op, vectorWidth);
  }
};

} // namespace
