//===- Tiling.h - Tiling helpers of the kernels -----------------*- C++ -*-===//

#ifndef DECONV_CODEGEN_TILING_H
#define DECONV_CODEGEN_TILING_H

#include "deconv/Codegen/Utils.h"

#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"

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
                    ArrayRef<OpFoldResult> offsets, ArrayRef<int64_t> sizes);

/// Erases the ops of `maybeDead` left without users, and their operands'
/// producers in turn (the whole-tensor padding and fills a tile replaced).
void eraseDeadProducers(RewriterBase &rewriter,
                        SmallVector<Operation *> &maybeDead);

/// The tile's accumulator `operand`, a `slice` of the tensor that its loops
/// carry from `init` (`fill`), filled per tile: the loops carry the
/// unfilled tensor instead.
void fillPerTile(RewriterBase &rewriter, OpOperand &operand,
                 tensor::ExtractSliceOp slice, linalg::FillOp fill,
                 OpOperand &init);

/// If the shared output `init` of `forall` starts as a broadcast (a conv's
/// bias, getBroadcastValue), each slice of it in the loop becomes a
/// broadcast of that slice's part of the input, and the loop shares an empty
/// tensor instead. Needs the shared tensor to be used only through
/// unit-stride slices and by the loop's parallel inserts. Returns whether it
/// did.
bool broadcastPerTile(RewriterBase &rewriter, scf::ForallOp forall,
                      OpOperand &init);

/// In the parallel tile `tile` (its operands slices taken in an
/// scf.forall), a filled accumulator is filled per tile, and one that starts
/// as a broadcast broadcasts the tile's part of it (broadcastPerTile), in
/// registers once vectorized: the forall then shares the unfilled tensor.
void fillAccumulatorPerTile(RewriterBase &rewriter, Operation *tile);

/// `tile` just tiled over parallel dims by scf.for steps (tileSteps), whose
/// outermost step loop starts from a filled accumulator: each step fills its
/// own slice instead (in registers once vectorized, ReadOfFill), and the
/// loops carry the unfilled tensor. Every step writes its whole, disjoint
/// slice, so nothing reads the fill elsewhere (otherwise each channel's
/// output plane is filled, stored and reloaded).
void fillAccumulatorPerStep(RewriterBase &rewriter, Operation *tile);

/// In the parallel tile `tile` (its operands slices taken in an
/// scf.forall), the input slices of zero-padded tensors are rebuilt per tile
/// (sliceOfPadded) and a filled accumulator is filled per tile
/// (fillAccumulatorPerTile).
void fuseZeroPaddedOperands(RewriterBase &rewriter, Operation *tile);

/// Tiles `op` into loops of `type` with tile sizes `sizes`, ordered by
/// `interchange`. Returns the tiled op.
FailureOr<Operation *> tileOnce(RewriterBase &rewriter, Operation *op,
                                ArrayRef<int64_t> sizes,
                                ArrayRef<int64_t> interchange,
                                scf::SCFTilingOptions::LoopType type);

/// Tiles `op` into sequential steps (scf.for) of sizes `sizes`, the loops
/// ordered by `interchange`; the innermost loop is marked for unrolling if
/// `unroll`. Returns the tiled op.
FailureOr<Operation *> tileSteps(RewriterBase &rewriter, Operation *op,
                                 ArrayRef<int64_t> sizes,
                                 ArrayRef<int64_t> interchange = {},
                                 bool unroll = false);

/// Tiles `op` twice: parallel tiles (scf.forall, shared among threads
/// later; `interchange` orders them) of sizes `parallelTiles`, then reduction
/// steps (scf.for) of sizes `reductionTiles` inside each (`onTile` sees the
/// parallel tile before), the innermost loop marked for unrolling if
/// `unroll`. Returns the innermost tiled op.
FailureOr<Operation *> tileTwice(RewriterBase &rewriter, Operation *op,
                                 ArrayRef<int64_t> parallelTiles,
                                 ArrayRef<int64_t> reductionTiles,
                                 ArrayRef<int64_t> interchange = {},
                                 ArrayRef<int64_t> reductionInterchange = {},
                                 bool unroll = false,
                                 function_ref<void(Operation *)> onTile = {});

/// A 2-D `ConvOp` of `x` and `w` into `init` whose output width (dim `dim` of
/// `x` and `init`) is padded to `paddedOw`: zero columns are appended to the
/// input (as many as the padded outputs read) and to the accumulator, and the
/// extra output columns dropped from the result. Returns the conv (to tile)
/// and the result of the original width.
template <typename ConvOp>
std::pair<Operation *, Value>
buildWidthPaddedConv(RewriterBase &rewriter, Location loc, Value x, Value w,
                     Value init, int64_t dim, int64_t paddedOw, int64_t kw,
                     DenseIntElementsAttr strides,
                     DenseIntElementsAttr dilations) {
  int64_t ow = cast<RankedTensorType>(init.getType()).getDimSize(dim);
  if (paddedOw != ow) {
    int64_t stride = *std::prev(strides.getValues<int64_t>().end());
    int64_t dilation = *std::prev(dilations.getValues<int64_t>().end());
    int64_t needW = (paddedOw - 1) * stride + (kw - 1) * dilation + 1;
    int64_t iw = cast<RankedTensorType>(x.getType()).getDimSize(dim);
    x = padDim(rewriter, loc, x, dim, std::max(needW, iw));
    init = padDim(rewriter, loc, init, dim, paddedOw);
  }
  auto conv =
      ConvOp::create(rewriter, loc, TypeRange{init.getType()}, ValueRange{x, w},
                     ValueRange{init}, strides, dilations);
  Value result = conv->getResult(0);
  if (paddedOw != ow)
    result = sliceDim(rewriter, loc, result, dim, ow);
  return {conv, result};
}

} // namespace mlir::deconv

#endif // DECONV_CODEGEN_TILING_H
