//===- VectorizeConvs.cpp - Register-tiled vector micro-kernels -----------===//
//
// NCHW convolutions become NHWC ones between layout transposes, because the
// channels-last form vectorizes into broadcast-FMA outer products with the
// output channels in the vector lanes; the NCHW form would transpose its
// accumulators at every reduction step. (Unit-stride depthwise convs are the
// exception: each channel is its own image, so they stay NCHW with the row in
// the lanes.) Tiles always divide the sizes: a remainder tile would not
// vectorize and falls to scalar code. The layout transposes themselves are
// folded and tiled by LayoutTransposes.cpp.
//
//===----------------------------------------------------------------------===//

#include "deconv/Codegen/Passes.h"
#include "deconv/Dialect/Deconv/Utils/LinalgBuilders.h"

#include "LayoutTransposes.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/SCF/Utils/Utils.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Dialect/Vector/Transforms/LoweringPatterns.h"
#include "mlir/Dialect/Vector/Transforms/VectorRewritePatterns.h"
#include "mlir/Dialect/Vector/Utils/VectorUtils.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "mlir/Transforms/LoopInvariantCodeMotionUtils.h"

namespace mlir::deconv {
#define GEN_PASS_DEF_DECONVVECTORIZECONVS
#include "deconv/Codegen/Passes.h.inc"
} // namespace mlir::deconv

using namespace mlir;
using namespace mlir::deconv;

namespace {

/// Weights above this many bytes do not stay in a core's L2 (4 MiB on the
/// machines measured; 512 KiB-2 MiB on others) over a row of output tiles.
constexpr int64_t kWeightsCacheBytes = 4 << 20;

/// A quarter of a core's L2 (2 MiB on the machine measured): the filter slab
/// of a block of input channels is kept under this.
constexpr int64_t kChannelBlockBytes = 512 << 10;

/// Marks the reduction steps of a micro-kernel that are fully unrolled after
/// vectorization.
constexpr StringLiteral kUnrollAttr = "deconv.unroll";

/// Register tile [rows, ow, f] and reduction tile c of a channels-last conv,
/// and the output width padded to a multiple of `ow` (`paddedOw`).
struct ConvTile {
  int64_t ow, f, c, paddedOw, rows;
};

/// A tile of at most `maxOw` pixels for an output width `ow`, and the width
/// padded to a multiple of it. A width with no good divisor (a prime such as
/// 17 or 257, common in the batched sub-pixel form) would get a tile of a
/// pixel or two, reloading the filter for every FMA: it is padded instead,
/// with the fewest extra columns a tile of at least half of `maxOw` gives.
std::pair<int64_t, int64_t> chooseWidthTile(int64_t ow, int64_t maxOw) {
  int64_t tile = largestDivisorAtMost(ow, maxOw), padded = ow;
  if (2 * tile < maxOw && ow > maxOw) {
    for (int64_t cand = maxOw; 2 * cand >= maxOw; --cand) {
      int64_t p = (ow + cand - 1) / cand * cand;
      if (padded == ow || p < padded) {
        tile = cand;
        padded = p;
      }
    }
  }
  return {tile, padded};
}

ConvTile chooseTile(int64_t oh, int64_t ow, int64_t f, int64_t c,
                    int64_t lanes) {
  ConvTile t;
  // Output channels fill the vector lanes: two vectors per row where they
  // divide, else one, else the largest divisor that fits one vector.
  if (f % (2 * lanes) == 0)
    t.f = 2 * lanes;
  else if (f % lanes == 0)
    t.f = lanes;
  else
    t.f = largestDivisorAtMost(f, lanes);
  // Rows of accumulators: with the input broadcasts and the filter rows this
  // keeps the tile inside 32 (AVX-512) or 16 (AVX2) vector registers.
  int64_t vectorsPerRow = (t.f + lanes - 1) / lanes;
  int64_t registers = lanes >= 16 ? 28 : 14;
  std::tie(t.ow, t.paddedOw) =
      chooseWidthTile(ow, std::max<int64_t>(1, registers / vectorsPerRow));
  t.c = largestDivisorAtMost(c, 8);
  // A short row segment (a narrow image: dcgan_g2's phases are 4 wide)
  // leaves most registers idle: take several rows per tile (`rows`, one row
  // per innermost step, unrolled, so that the rows share each filter load).
  t.rows = 1;
  if (2 * t.ow * vectorsPerRow <= registers)
    t.rows = largestDivisorAtMost(oh, registers / (t.ow * vectorsPerRow));
  return t;
}

SmallVector<OpFoldResult> indexAttrs(Builder &b, ArrayRef<int64_t> v) {
  return llvm::map_to_vector(
      v, [&](int64_t s) -> OpFoldResult { return b.getIndexAttr(s); });
}

/// `inner` inserted at `offsets` with `strides` into a tensor of `shape`
/// filled with `value`.
Value insertIntoFill(OpBuilder &b, Location loc, Value inner, Value value,
                     ArrayRef<int64_t> shape, ArrayRef<int64_t> offsets,
                     ArrayRef<int64_t> strides) {
  auto type = cast<RankedTensorType>(inner.getType());
  Value empty = tensor::EmptyOp::create(b, loc, shape, type.getElementType());
  Value filled = linalg::FillOp::create(b, loc, value, empty).getResult(0);
  return tensor::InsertSliceOp::create(
      b, loc, inner, filled, indexAttrs(b, offsets),
      indexAttrs(b, type.getShape()), indexAttrs(b, strides));
}

/// `v` with zeros appended along `dim` up to size `size`.
Value padDim(OpBuilder &b, Location loc, Value v, int64_t dim, int64_t size) {
  auto type = cast<RankedTensorType>(v.getType());
  if (type.getDimSize(dim) == size)
    return v;
  SmallVector<int64_t> shape(type.getShape());
  shape[dim] = size;
  Value zero =
      arith::ConstantOp::create(b, loc, b.getZeroAttr(type.getElementType()));
  return insertIntoFill(b, loc, v, zero, shape,
                        SmallVector<int64_t>(type.getRank(), 0),
                        SmallVector<int64_t>(type.getRank(), 1));
}

/// The first `size` entries of `v` along `dim`.
Value sliceDim(OpBuilder &b, Location loc, Value v, int64_t dim, int64_t size) {
  auto type = cast<RankedTensorType>(v.getType());
  SmallVector<int64_t> sizes(type.getShape());
  sizes[dim] = size;
  MLIRContext *ctx = b.getContext();
  return tensor::ExtractSliceOp::create(
      b, loc, v,
      getAsIndexOpFoldResult(ctx, SmallVector<int64_t>(type.getRank(), 0)),
      getAsIndexOpFoldResult(ctx, sizes),
      getAsIndexOpFoldResult(ctx, SmallVector<int64_t>(type.getRank(), 1)));
}

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

/// A conv the micro-kernel can take: f32, static shapes, some product.
bool isMicroKernelCandidate(linalg::LinalgOp op) {
  auto isStatic = [](Value v) {
    auto t = dyn_cast<RankedTensorType>(v.getType());
    return t && t.hasStaticShape();
  };
  return isStatic(op.getDpsInputs()[0]) && isStatic(op.getDpsInputs()[1]) &&
         isStatic(op.getDpsInits()[0]) &&
         cast<RankedTensorType>(op.getDpsInputs()[0].getType())
             .getElementType()
             .isF32() &&
         !deconv::hasNoProducts(op);
}

/// The slice [offsets, offsets + sizes) (unit strides) of `v`, rebuilt from
/// v's producer when v is zero-padded (a tensor.pad with a constant, or an
/// insert_slice into a fill, nested): the tile then pads only its own part,
/// in cache, instead of reading its part of a padded copy of the whole
/// tensor (on mobilenet_dw, filling and copying the padded input took more
/// time than the conv). It needs each dim to be either taken whole by the
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

/// In the parallel tile `tile` (its operands slices taken in an
/// scf.forall), a filled accumulator is filled per tile, in registers once
/// vectorized: the forall then shares the unfilled tensor.
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
    auto fill = init.getDefiningOp<linalg::FillOp>();
    if (!fill)
      continue;
    maybeDead.push_back(shared->get().getDefiningOp());
    fillPerTile(rewriter, operand, slice, fill, *shared);
  }
  eraseDeadProducers(rewriter, maybeDead);
}

/// `tile` just tiled over parallel dims by scf.for steps (tileSteps), whose
/// outermost step loop starts from a filled accumulator: each step fills its
/// own slice instead (in registers once vectorized, ReadOfFill), and the
/// loops carry the unfilled tensor. Every step writes its whole, disjoint
/// slice, so nothing reads the fill elsewhere. (dw_up filled, and reloaded,
/// each channel's output plane.)
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
    auto fill = v.getDefiningOp<linalg::FillOp>();
    if (!outerInit || !fill || outerInit->get() != fill.getResult(0))
      continue;
    fillPerTile(rewriter, operand, slice, fill, *outerInit);
    maybeDead.push_back(fill);
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

/// Whether `read` only reads inserted zeros: its window, followed up
/// through extract_slices, is a single index of a dim along which a tensor
/// was inserted with a stride into a zero fill (zero insertion), between
/// two inserted elements.
bool readsInsertedZeros(vector::TransferReadOp read) {
  if (!read.getPermutationMap().isMinorIdentity())
    return false;
  // Per dim of the current tensor: the terms of the window's offset, and
  // its size.
  auto type = dyn_cast<RankedTensorType>(read.getBase().getType());
  if (!type)
    return false;
  int64_t rank = type.getRank();
  SmallVector<SmallVector<OpFoldResult>> offsets(rank);
  SmallVector<int64_t> sizes(rank, 1);
  for (auto [d, idx] : llvm::enumerate(read.getIndices()))
    offsets[d].push_back(idx);
  ArrayRef<int64_t> vshape = read.getVectorType().getShape();
  for (auto [i, n] : llvm::enumerate(vshape))
    sizes[rank - vshape.size() + i] = n;
  Value v = read.getBase();
  while (auto slice = v.getDefiningOp<tensor::ExtractSliceOp>()) {
    if (!llvm::all_of(slice.getStaticStrides(),
                      [](int64_t s) { return s == 1; }))
      return false;
    llvm::SmallBitVector dropped = slice.getDroppedDims();
    int64_t srcRank = slice.getSourceType().getRank();
    SmallVector<SmallVector<OpFoldResult>> srcOffsets(srcRank);
    SmallVector<int64_t> srcSizes(srcRank, 1);
    for (int64_t j = 0, k = 0; j < srcRank; ++j) {
      srcOffsets[j].push_back(slice.getMixedOffsets()[j]);
      if (dropped.test(j))
        continue;
      llvm::append_range(srcOffsets[j], offsets[k]);
      srcSizes[j] = sizes[k++];
    }
    offsets = std::move(srcOffsets);
    sizes = std::move(srcSizes);
    v = slice.getSource();
  }
  // An insert into zeros, unit strides (the width padded to whole vectors):
  // what the window reads outside the inserted tensor is zero anyway, so the
  // window is followed into it, shifted by the insert's offsets.
  auto zeroInsert = [&](Value t) -> tensor::InsertSliceOp {
    auto ins = t.getDefiningOp<tensor::InsertSliceOp>();
    auto fill = ins ? ins.getDest().getDefiningOp<linalg::FillOp>() : nullptr;
    if (!fill || !matchPattern(fill.getInputs()[0], m_AnyZeroFloat()) ||
        ins.getSourceType().getRank() != ins.getType().getRank() ||
        static_cast<int64_t>(offsets.size()) != ins.getType().getRank() ||
        ShapedType::isDynamicShape(ins.getStaticOffsets()))
      return {};
    return ins;
  };
  tensor::InsertSliceOp ins = zeroInsert(v);
  while (ins && llvm::all_of(ins.getStaticStrides(),
                             [](int64_t s) { return s == 1; })) {
    for (auto [d, at] : llvm::enumerate(ins.getStaticOffsets()))
      offsets[d].push_back(
          IntegerAttr::get(IndexType::get(read.getContext()), -at));
    ins = zeroInsert(ins.getSource());
  }
  if (!ins)
    return false;
  for (auto [d, step] : llvm::enumerate(ins.getStaticStrides()))
    if (missesStridedInsert(offsets[d], sizes[d], /*stride=*/1,
                            ins.getStaticOffsets()[d], step))
      return true;
  return false;
}

/// Drops the FMAs of a zero-inserted input's inserted zeros (whole rows of
/// them, once the row steps are unrolled): on a stride-2 transposed conv
/// taken by zero insertion, half of the rows a tap reads are zeros. The
/// products are artifacts of the lowering, not of the op's definition, so
/// dropping them is exact.
void skipZeroInsertedProducts(RewriterBase &rewriter, Operation *root) {
  SmallVector<vector::FMAOp> fmas;
  root->walk([&](vector::FMAOp fma) {
    auto isZeroRead = [](Value v) {
      auto read = v.getDefiningOp<vector::TransferReadOp>();
      return read && readsInsertedZeros(read);
    };
    if (isZeroRead(fma.getLhs()) || isZeroRead(fma.getRhs()))
      fmas.push_back(fma);
  });
  for (vector::FMAOp fma : fmas)
    rewriter.replaceOp(fma, fma.getAcc());
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
                                 ArrayRef<int64_t> interchange = {},
                                 bool unroll = false) {
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
FailureOr<Operation *> tileTwice(RewriterBase &rewriter, Operation *op,
                                 ArrayRef<int64_t> parallelTiles,
                                 ArrayRef<int64_t> reductionTiles,
                                 ArrayRef<int64_t> interchange = {},
                                 ArrayRef<int64_t> reductionInterchange = {},
                                 bool unroll = false,
                                 function_ref<void(Operation *)> onTile = {}) {
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

/// The linalg.fill that `v` is, through reshapes (the fill of a 1-D or 3-D
/// conv lifted or flattened to 2-D), or null.
linalg::FillOp fillThroughReshapes(Value v) {
  return skipReshapes(v).getDefiningOp<linalg::FillOp>();
}

FailureOr<Operation *> tileNhwcConv(RewriterBase &rewriter, Operation *conv,
                                    Value wT, Value packed, const ConvTile &t,
                                    bool streamFilter);

/// NCHW -> NHWC conv between transposes, then tiled. Returns the tiled
/// channels-last conv, or failure if the op does not qualify.
FailureOr<Operation *> tileChannelsLast(RewriterBase &rewriter,
                                        linalg::Conv2DNchwFchwOp op,
                                        int64_t lanes) {
  if (!isMicroKernelCandidate(op))
    return failure();
  auto x = cast<RankedTensorType>(op.getInputs()[0].getType());
  auto y = cast<RankedTensorType>(op.getOutputs()[0].getType());
  Location loc = op.getLoc();
  rewriter.setInsertionPoint(op);
  ConvTile t = chooseTile(y.getDimSize(2), y.getDimSize(3), y.getDimSize(1),
                          x.getDimSize(1), lanes);
  Value xT = transposeTo(rewriter, loc, op.getInputs()[0], {0, 2, 3, 1});
  Value wT = transposeTo(rewriter, loc, op.getInputs()[1], {2, 3, 1, 0});
  // A filled accumulator is filled in the new layout: fuseZeroPaddedOperands
  // then fills each tile's part in registers instead of the whole tensor in
  // memory (fcn32s_up: a 26 MB fill, copy and reload).
  Value initT;
  if (auto fill = fillThroughReshapes(op.getOutputs()[0])) {
    SmallVector<int64_t> shape = {y.getDimSize(0), y.getDimSize(2),
                                  y.getDimSize(3), y.getDimSize(1)};
    Value empty =
        tensor::EmptyOp::create(rewriter, loc, shape, y.getElementType());
    initT = linalg::FillOp::create(rewriter, loc, fill.getInputs()[0], empty)
                .getResult(0);
  } else {
    initT = transposeTo(rewriter, loc, op.getOutputs()[0], {0, 2, 3, 1});
  }
  // The filter packed into blocks of the `f` output channels a tile takes,
  // [F / f, KH, KW, C, f]: each tile's filter is then one contiguous panel.
  // Its slice of the [KH, KW, C, F] filter had a row of F channels between
  // consecutive input channels (2 KiB on unet_up1), which maps a tile's
  // filter rows onto a few cache sets.
  auto w = cast<RankedTensorType>(op.getInputs()[1].getType());
  int64_t f = w.getDimSize(0);
  Value packed;
  if (t.f < f) {
    Value blocked = tensor::ExpandShapeOp::create(
        rewriter, loc,
        RankedTensorType::get(
            {f / t.f, t.f, w.getDimSize(1), w.getDimSize(2), w.getDimSize(3)},
            w.getElementType()),
        op.getInputs()[1],
        SmallVector<ReassociationIndices>{{0, 1}, {2}, {3}, {4}});
    packed = transposeTo(rewriter, loc, blocked, {0, 3, 4, 2, 1});
  }
  auto [conv, result] = buildWidthPaddedConv<linalg::Conv2DNhwcHwcfOp>(
      rewriter, loc, xT, wT, initT, 2, t.paddedOw,
      cast<RankedTensorType>(wT.getType()).getDimSize(1), op.getStrides(),
      op.getDilations());
  Value back = transposeTo(rewriter, loc, result, {0, 3, 1, 2});
  rewriter.replaceOp(op, back);
  return tileNhwcConv(rewriter, conv, wT, packed, t, /*streamFilter=*/false);
}

/// Tiles the channels-last conv `conv` (filter `wT`, [KH, KW, C, F]) into
/// register tiles `t`. `packed`, if not null, is the same filter blocked
/// [F / t.f, KH, KW, C, t.f]: the tiles read it instead. With
/// `streamFilter` (the "filter" is an image, read once per call), its tiles
/// are the outermost loop, so that each stays in cache over all the tiles
/// that use it, and the reduction is not split into channel blocks.
FailureOr<Operation *> tileNhwcConv(RewriterBase &rewriter, Operation *conv,
                                    Value wT, Value packed, const ConvTile &t,
                                    bool streamFilter) {
  // Each parallel tile fills its own accumulator, and its filter, a slice
  // of wT (through the channel block's slice, if any), becomes the same
  // slice of the packed filter.
  auto prepareTile = [&](Operation *tile) {
    fillAccumulatorPerTile(rewriter, tile);
    auto slice = tile->getOperand(1).getDefiningOp<tensor::ExtractSliceOp>();
    if (!packed || !slice)
      return;
    rewriter.setInsertionPoint(slice);
    Location sl = slice.getLoc();
    SmallVector<OpFoldResult> offsets = slice.getMixedOffsets();
    Value src = slice.getSource();
    AffineExpr d0 = rewriter.getAffineDimExpr(0),
               d1 = rewriter.getAffineDimExpr(1);
    while (auto outer = src.getDefiningOp<tensor::ExtractSliceOp>()) {
      for (auto [o, base] : llvm::zip(offsets, outer.getMixedOffsets()))
        o = affine::makeComposedFoldedAffineApply(rewriter, sl, d0 + d1,
                                                  {o, base});
      src = outer.getSource();
    }
    if (src != wT)
      return;
    OpFoldResult block = affine::makeComposedFoldedAffineApply(
        rewriter, sl, d0.floorDiv(t.f), {offsets[3]});
    auto sliceType = slice.getType();
    SmallVector<OpFoldResult> newOffsets = {
        block, offsets[0], offsets[1], offsets[2], rewriter.getIndexAttr(0)};
    SmallVector<OpFoldResult> sizes = {rewriter.getIndexAttr(1)};
    for (int64_t d : sliceType.getShape())
      sizes.push_back(rewriter.getIndexAttr(d));
    rewriter.replaceOpWithNewOp<tensor::ExtractSliceOp>(
        slice, sliceType, packed, newOffsets, sizes,
        SmallVector<OpFoldResult>(5, rewriter.getIndexAttr(1)));
  };

  // Weights of more than half a core's L2 are taken in blocks of input
  // channels (a sequential loop outside the parallel tiles) whose filter
  // slab fits a quarter of it, so that the slab stays in L2 over all the
  // output tiles instead of streaming from L3 for each.
  auto wType = cast<RankedTensorType>(wT.getType());
  int64_t cin = wType.getDimSize(2);
  int64_t weightBytes = wType.getNumElements() * 4;
  Operation *kernelConv = conv;
  if (!streamFilter && weightBytes > kChannelBlockBytes * 2) {
    int64_t perChannel = weightBytes / cin, kc = 0;
    for (int64_t d = t.c; d < cin; d += t.c)
      if (cin % d == 0 && d * perChannel <= kChannelBlockBytes)
        kc = d;
    if (kc >= 32) {
      FailureOr<Operation *> blocked =
          tileSteps(rewriter, conv, {0, 0, 0, 0, 0, 0, kc});
      if (failed(blocked))
        return failure();
      kernelConv = *blocked;
    }
  }

  // Loops (n, oh, ow, f, kh, kw, c): one output row segment of `ow` pixels
  // by `f` channels per parallel tile (scf.forall, shared among threads
  // later), accumulated over kh, kw and `c`-channel steps (scf.for).
  // Weights larger than a core's L2 would stream from memory once per
  // output tile: put the channel tiles outermost, so that one tile's slice
  // of the weights stays cached over all the pixels.
  // (Measured on fcn32s_up's batched sub-pixel conv, 7 MiB of weights:
  // 68-98 ms -> 59-60 ms; neutral on the 8 MiB MelGAN and U-Net ones.)
  SmallVector<int64_t> interchange;
  if (streamFilter || weightBytes > kWeightsCacheBytes)
    interchange = {3, 0, 1, 2, 4, 5, 6};
  FailureOr<Operation *> tile;
  if (t.rows > 1) {
    tile = tileTwice(rewriter, kernelConv, {1, t.rows, t.ow, t.f, 0, 0, 0},
                     {0, 1, 0, 0, 1, 1, t.c}, interchange,
                     {0, 4, 5, 6, 1, 2, 3}, /*unroll=*/true, prepareTile);
  } else {
    // One input channel per step, the `c` steps unrolled: LLVM schedules
    // the filter loads of a multi-channel step ahead of its FMAs, and with
    // 28 accumulators live spills them (unet_up1: 16 of them per 8
    // channels).
    tile = tileTwice(rewriter, kernelConv, {1, 1, t.ow, t.f, 0, 0, 0},
                     {0, 0, 0, 0, 1, 1, t.c}, interchange, {},
                     /*unroll=*/false, prepareTile);
    if (succeeded(tile) && t.c > 1)
      tile = tileSteps(rewriter, *tile, {0, 0, 0, 0, 0, 0, 1}, {},
                       /*unroll=*/true);
  }
  if (wT.use_empty())
    rewriter.eraseOp(wT.getDefiningOp());
  return tile;
}

/// Whether `op` is a 1x1, unit-stride NCHW conv of one image whose pixels
/// fill whole pairs of vectors and whose filter stays in L2: a matrix
/// product y[co, p] = w[co, ci] x[ci, p] with the pixels p contiguous in
/// both x and y, which tilePointwiseNCHW computes without layout transposes.
/// Each tile of pixels reads the whole filter, hence the bound on it
/// (unet_up1's 2 MiB phase filters ran 1.3x slower than channels-last).
bool isPointwiseNCHW(linalg::Conv2DNchwFchwOp op, int64_t lanes) {
  if (!isMicroKernelCandidate(op))
    return false;
  auto x = cast<RankedTensorType>(op.getInputs()[0].getType());
  auto w = cast<RankedTensorType>(op.getInputs()[1].getType());
  auto y = cast<RankedTensorType>(op.getOutputs()[0].getType());
  auto isOne = [](int64_t v) { return v == 1; };
  return x.getDimSize(0) == 1 && w.getDimSize(2) == 1 && w.getDimSize(3) == 1 &&
         x.getDimSize(2) == y.getDimSize(2) &&
         x.getDimSize(3) == y.getDimSize(3) &&
         llvm::all_of(op.getStrides().getValues<int64_t>(), isOne) &&
         y.getDimSize(2) * y.getDimSize(3) % (2 * lanes) == 0 &&
         w.getNumElements() * 4 <= kChannelBlockBytes;
}

/// The first destination of the chain of insert_slices that `op`'s result
/// goes into (through reshapes), or null: the output that the sub-pixel
/// phases of one transposed conv share.
Value insertChainRoot(Operation *op) {
  Value v = op->getResult(0);
  while (v.hasOneUse() && isa<tensor::ExpandShapeOp, tensor::CollapseShapeOp>(
                              *v.getUsers().begin()))
    v = v.getUsers().begin()->getResult(0);
  auto ins = v.hasOneUse()
                 ? dyn_cast<tensor::InsertSliceOp>(*v.getUsers().begin())
                 : nullptr;
  if (!ins || ins.getSource() != v)
    return {};
  Value dest = ins.getDest();
  while (auto prev = dest.getDefiningOp<tensor::InsertSliceOp>())
    dest = prev.getDest();
  return dest;
}

/// A conv that isPointwiseNCHW accepts, tiled as the channels-last conv of
/// its matrix product with the roles swapped: the filter's rows w[co, :] are
/// the pixels (broadcast) and the image's pixels the output channels (vector
/// lanes). Neither the image nor the result is transposed (resnet_1x1 moved
/// 4 MB through its layout transposes per call).
FailureOr<Operation *> tilePointwiseNCHW(RewriterBase &rewriter,
                                         linalg::Conv2DNchwFchwOp op,
                                         int64_t lanes) {
  auto x = cast<RankedTensorType>(op.getInputs()[0].getType());
  auto y = cast<RankedTensorType>(op.getOutputs()[0].getType());
  int64_t cout = y.getDimSize(1), cin = x.getDimSize(1);
  int64_t pixels = y.getDimSize(2) * y.getDimSize(3);
  Location loc = op.getLoc();
  rewriter.setInsertionPoint(op);
  Type f32 = y.getElementType();
  auto reshape = [&](Value v, ArrayRef<int64_t> shape,
                     ArrayRef<ReassociationIndices> collapse,
                     ArrayRef<ReassociationIndices> expand) -> Value {
    Value c = tensor::CollapseShapeOp::create(rewriter, loc, v, collapse);
    return tensor::ExpandShapeOp::create(
        rewriter, loc, RankedTensorType::get(shape, f32), c, expand);
  };
  // [1, C, H, W] <-> [1, 1, C, H * W]; the filter [F, C, 1, 1] -> [1, 1, F, C].
  SmallVector<ReassociationIndices> imageToRows = {{0}, {1}, {2, 3}};
  SmallVector<ReassociationIndices> rowsTo4D = {{0, 1}, {2}, {3}};
  Value rows = reshape(op.getInputs()[1], {1, 1, cout, cin}, {{0}, {1, 2, 3}},
                       {{0, 1, 2}, {3}});
  Value image =
      reshape(op.getInputs()[0], {1, 1, cin, pixels}, imageToRows, rowsTo4D);
  Value init;
  if (auto fill = fillThroughReshapes(op.getOutputs()[0])) {
    Value empty = tensor::EmptyOp::create(
        rewriter, loc, ArrayRef<int64_t>{1, 1, cout, pixels}, f32);
    init = linalg::FillOp::create(rewriter, loc, fill.getInputs()[0], empty)
               .getResult(0);
  } else {
    init = reshape(op.getOutputs()[0], {1, 1, cout, pixels}, imageToRows,
                   rowsTo4D);
  }
  ConvTile t = chooseTile(1, cout, pixels, cin, lanes);
  auto [conv, result] = buildWidthPaddedConv<linalg::Conv2DNhwcHwcfOp>(
      rewriter, loc, rows, image, init, 2, t.paddedOw, 1, op.getStrides(),
      op.getDilations());
  rewriter.replaceOp(op, reshape(result, y.getShape(), rowsTo4D, imageToRows));
  return tileNhwcConv(rewriter, conv, image, /*packed=*/nullptr, t,
                      /*streamFilter=*/true);
}

/// The innermost tile of a depthwise NCHW conv (one image, channel, output
/// row and filter row or tap) as the plain 1-D convolution it is: input row,
/// filter row and output row segment as rank-reduced slices around a
/// linalg.conv_1d, which vectorizes.
LogicalResult rowTileToConv1D(RewriterBase &rewriter,
                              linalg::DepthwiseConv2DNchwChwOp op) {
  auto x = cast<RankedTensorType>(op.getInputs()[0].getType());
  auto w = cast<RankedTensorType>(op.getInputs()[1].getType());
  auto y = cast<RankedTensorType>(op.getOutputs()[0].getType());
  if (x.getDimSize(2) != 1 || w.getDimSize(1) != 1 || y.getDimSize(2) != 1)
    return failure();
  Location loc = op.getLoc();
  rewriter.setInsertionPoint(op);
  auto row = [&](Value v) -> Value {
    auto t = cast<RankedTensorType>(v.getType());
    int64_t rank = t.getRank();
    SmallVector<OpFoldResult> offsets(rank, rewriter.getIndexAttr(0));
    SmallVector<OpFoldResult> sizes(rank, rewriter.getIndexAttr(1));
    sizes.back() = rewriter.getIndexAttr(t.getShape().back());
    SmallVector<OpFoldResult> strides(rank, rewriter.getIndexAttr(1));
    auto rowType =
        RankedTensorType::get({t.getShape().back()}, t.getElementType());
    return tensor::ExtractSliceOp::create(rewriter, loc, rowType, v, offsets,
                                          sizes, strides);
  };
  Value init = op.getOutputs()[0];
  auto conv = linalg::Conv1DOp::create(
      rewriter, loc,
      TypeRange{
          RankedTensorType::get({y.getShape().back()}, y.getElementType())},
      ValueRange{row(op.getInputs()[0]), row(op.getInputs()[1])},
      ValueRange{row(init)});
  SmallVector<OpFoldResult> offsets(4, rewriter.getIndexAttr(0));
  SmallVector<OpFoldResult> sizes = {
      rewriter.getIndexAttr(1), rewriter.getIndexAttr(1),
      rewriter.getIndexAttr(1), rewriter.getIndexAttr(y.getDimSize(3))};
  SmallVector<OpFoldResult> strides(4, rewriter.getIndexAttr(1));
  rewriter.replaceOpWithNewOp<tensor::InsertSliceOp>(
      op, conv->getResult(0), init, offsets, sizes, strides);
  return success();
}

/// A unit-stride, undilated depthwise 2-D conv stays in NCHW: each channel
/// is its own image, so the vector lanes run along the output row and no
/// layout transpose surrounds what is a memory-bound op (on mobilenet_dw the
/// transposes took most of the time of the channels-last kernel). Tiled to
/// one row segment per parallel tile, channels outermost so that a
/// channel's rows stay in cache, and one filter row per reduction step.
LogicalResult tileDepthwiseRows(RewriterBase &rewriter,
                                linalg::Conv2DNgchwGfchwOp op, int64_t lanes) {
  auto isOne = [](int64_t v) { return v == 1; };
  if (!llvm::all_of(op.getStrides().getValues<int64_t>(), isOne) ||
      !llvm::all_of(op.getDilations().getValues<int64_t>(), isOne))
    return failure();
  auto w = cast<RankedTensorType>(op.getInputs()[1].getType());
  auto y = cast<RankedTensorType>(op.getOutputs()[0].getType());
  Location loc = op.getLoc();
  rewriter.setInsertionPoint(op);
  // A row segment of up to two full vectors; LLVM lowers odd vector sizes
  // element by element, so the segment is a power-of-two part of a vector or
  // the width is padded to whole vectors.
  int64_t ow = y.getDimSize(4);
  int64_t tow = 0, paddedOw = ow;
  for (int64_t t = 2 * lanes; t >= std::max<int64_t>(4, lanes / 2) && !tow;
       t /= 2)
    if (ow % t == 0)
      tow = t;
  if (!tow) {
    tow = lanes;
    paddedOw = llvm::divideCeil(ow, lanes) * lanes;
  }

  // [N, G, 1, H, W] <-> [N, G, H, W]; filter [G, 1, 1, KH, KW] -> [G, KH, KW].
  // The unit dim is dropped where it was added (an expand_shape of the
  // padded input, a fill of an expanded init) so that the padding and the
  // fill stay visible to the fusion below.
  SmallVector<ReassociationIndices> dropC = {{0}, {1, 2}, {3}, {4}};
  auto drop = [&](Value v) -> Value {
    auto expand = v.getDefiningOp<tensor::ExpandShapeOp>();
    if (expand && expand.getReassociationIndices() == dropC)
      return expand.getSrc();
    return tensor::CollapseShapeOp::create(rewriter, loc, v, dropC);
  };
  Value xs = drop(op.getInputs()[0]);
  Value ws = tensor::CollapseShapeOp::create(
      rewriter, loc, op.getInputs()[1],
      SmallVector<ReassociationIndices>{{0, 1, 2}, {3}, {4}});
  Value init = op.getOutputs()[0];
  if (auto fill = init.getDefiningOp<linalg::FillOp>())
    init = linalg::FillOp::create(rewriter, loc, fill.getInputs()[0],
                                  drop(fill.getOutputs()[0]))
               .getResult(0);
  else
    init = drop(init);
  auto [conv, result] = buildWidthPaddedConv<linalg::DepthwiseConv2DNchwChwOp>(
      rewriter, loc, xs, ws, init, 3, paddedOw, w.getDimSize(4),
      op.getStrides(), op.getDilations());
  rewriter.replaceOpWithNewOp<tensor::ExpandShapeOp>(op, y, result, dropC);

  // Loops (n, oh, ow, c, kh, kw). One channel per parallel tile, which pads
  // its input and fills its output itself (a channel of mobilenet_dw is 13
  // KiB, in L1). Inside, tiles of `rows` output rows for independent
  // accumulator chains, and one row and one filter tap per step: the tap's
  // input window is then a plain (unaligned) vector load, not a shifted
  // slice of a longer vector. These steps are unrolled once vectorized
  // (kUnrollAttr).
  FailureOr<Operation *> tile =
      tileOnce(rewriter, conv, {1, 0, 0, 1, 0, 0}, {0, 3, 1, 2},
               scf::SCFTilingOptions::LoopType::ForallOp);
  if (failed(tile))
    return failure();
  fuseZeroPaddedOperands(rewriter, *tile);
  int64_t rows = largestDivisorAtMost(y.getDimSize(3), 4);
  tile = tileSteps(rewriter, *tile, {0, rows, tow, 0, 0, 0});
  if (failed(tile))
    return failure();
  fillAccumulatorPerStep(rewriter, *tile);
  Operation *rowLoop = (*tile)->getParentOp();
  tile = tileSteps(rewriter, *tile, {0, 1, 0, 0, 1, 1});
  if (failed(tile))
    return failure();
  for (auto loop = (*tile)->getParentOfType<scf::ForOp>(); loop != rowLoop;
       loop = loop->getParentOfType<scf::ForOp>())
    loop->setAttr(kUnrollAttr, rewriter.getUnitAttr());
  return rowTileToConv1D(rewriter,
                         cast<linalg::DepthwiseConv2DNchwChwOp>(*tile));
}

/// A depthwise 2-D conv (one input and one output channel per group) as
/// linalg.depthwise_conv_2d_nhwc_hwc between layout transposes, with the
/// channels in the vector lanes, tiled to `ow` pixels x `c` channels per
/// parallel tile and one filter row per reduction step. Returns failure if
/// the op does not qualify.
LogicalResult tileDepthwise(RewriterBase &rewriter,
                            linalg::Conv2DNgchwGfchwOp op, int64_t lanes) {
  if (!isMicroKernelCandidate(op))
    return failure();
  auto x = cast<RankedTensorType>(op.getInputs()[0].getType());
  auto w = cast<RankedTensorType>(op.getInputs()[1].getType());
  auto y = cast<RankedTensorType>(op.getOutputs()[0].getType());
  if (x.getDimSize(2) != 1 || w.getDimSize(1) != 1)
    return failure();
  if (succeeded(tileDepthwiseRows(rewriter, op, lanes)))
    return success();
  Location loc = op.getLoc();
  rewriter.setInsertionPoint(op);
  int64_t groups = x.getDimSize(1);
  int64_t tc =
      groups % lanes == 0 ? lanes : largestDivisorAtMost(groups, lanes);
  // Accumulators, the input window and the filter row share the registers:
  // 8 pixels (AVX-512) or 4 (AVX2).
  auto [tow, paddedOw] = chooseWidthTile(y.getDimSize(4), lanes >= 16 ? 8 : 4);

  // [N, G, 1, H, W] <-> [N, G, H, W]; filter [G, 1, 1, KH, KW] -> [G, KH, KW].
  SmallVector<ReassociationIndices> dropC = {{0}, {1, 2}, {3}, {4}};
  auto drop = [&](Value v, ArrayRef<ReassociationIndices> reassoc) -> Value {
    return tensor::CollapseShapeOp::create(rewriter, loc, v, reassoc);
  };
  Value xT =
      transposeTo(rewriter, loc, drop(op.getInputs()[0], dropC), {0, 2, 3, 1});
  Value wT =
      transposeTo(rewriter, loc,
                  drop(op.getInputs()[1],
                       SmallVector<ReassociationIndices>{{0, 1, 2}, {3}, {4}}),
                  {1, 2, 0});
  Value initT =
      transposeTo(rewriter, loc, drop(op.getOutputs()[0], dropC), {0, 2, 3, 1});
  auto [conv, result] = buildWidthPaddedConv<linalg::DepthwiseConv2DNhwcHwcOp>(
      rewriter, loc, xT, wT, initT, 2, paddedOw, w.getDimSize(4),
      op.getStrides(), op.getDilations());
  Value back = transposeTo(rewriter, loc, result, {0, 3, 1, 2});
  rewriter.replaceOpWithNewOp<tensor::ExpandShapeOp>(op, y, back, dropC);

  // Loops (n, oh, ow, c, kh, kw).
  return success(succeeded(
      tileTwice(rewriter, conv, {1, 1, tow, tc, 0, 0}, {0, 0, 0, 0, 1, 0})));
}

/// `v` [A, B, L] as [A, B, 1, L]. A window of a zero-padded tensor (an
/// extract_slice of an insert_slice into a fill: the sub-pixel phases'
/// shared padded input) is rebuilt in 4-D, the padded tensor once for all
/// its windows (`lifted`), so that the layout folding still sees the padding
/// and the windows: an expand_shape in between hid them, and the transpose
/// ran on the padded width (4098 on melgan_up3), which does not split into
/// vector blocks, element by element.
Value liftTo4D(RewriterBase &rewriter, Location loc, Value v,
               DenseMap<Value, Value> &lifted) {
  SmallVector<ReassociationIndices> reassoc = {{0}, {1}, {2, 3}};
  auto shape4 = [](Value x) {
    auto t = cast<RankedTensorType>(x.getType());
    return RankedTensorType::get(
        {t.getDimSize(0), t.getDimSize(1), 1, t.getDimSize(2)},
        t.getElementType());
  };
  auto expand = [&](Value x) -> Value {
    return tensor::ExpandShapeOp::create(rewriter, loc, shape4(x), x, reassoc);
  };
  auto isPlain = [](OffsetSizeAndStrideOpInterface op) {
    return !ShapedType::isDynamicShape(op.getStaticOffsets()) &&
           !ShapedType::isDynamicShape(op.getStaticSizes()) &&
           llvm::all_of(op.getStaticStrides(),
                        [](int64_t s) { return s == 1; });
  };
  auto slice = v.getDefiningOp<tensor::ExtractSliceOp>();
  auto ins = slice ? slice.getSource().getDefiningOp<tensor::InsertSliceOp>()
                   : tensor::InsertSliceOp();
  auto fill =
      ins ? ins.getDest().getDefiningOp<linalg::FillOp>() : linalg::FillOp();
  if (!fill || !isPlain(slice) || !isPlain(ins) ||
      slice.getSourceType().getRank() != 3 ||
      ins.getSourceType().getRank() != 3)
    return expand(v);
  auto lift = [](ArrayRef<int64_t> v3, int64_t unit) {
    return SmallVector<int64_t>{v3[0], v3[1], unit, v3[2]};
  };
  MLIRContext *ctx = rewriter.getContext();
  SmallVector<OpFoldResult> ones(4, rewriter.getIndexAttr(1));
  auto it = lifted.find(ins.getResult());
  if (it == lifted.end()) {
    OpBuilder::InsertionGuard guard(rewriter);
    rewriter.setInsertionPointAfter(ins);
    Value src = expand(ins.getSource());
    auto type = shape4(ins.getResult());
    Value empty = tensor::EmptyOp::create(rewriter, loc, type.getShape(),
                                          type.getElementType());
    Value zeros =
        linalg::FillOp::create(rewriter, loc, fill.getInputs()[0], empty)
            .getResult(0);
    Value padded = tensor::InsertSliceOp::create(
        rewriter, loc, src, zeros,
        getAsIndexOpFoldResult(ctx, lift(ins.getStaticOffsets(), 0)),
        getAsIndexOpFoldResult(ctx, lift(ins.getStaticSizes(), 1)), ones);
    it = lifted.try_emplace(ins.getResult(), padded).first;
  }
  return tensor::ExtractSliceOp::create(
      rewriter, loc, it->second,
      getAsIndexOpFoldResult(ctx, lift(slice.getStaticOffsets(), 0)),
      getAsIndexOpFoldResult(ctx, lift(slice.getStaticSizes(), 1)), ones);
}

/// A static 1-D conv as a 2-D one of height 1 (unit stride and dilation in
/// the new dim), so that it takes the 2-D micro-kernel.
LogicalResult liftTo2D(RewriterBase &rewriter, linalg::Conv1DNcwFcwOp op,
                       DenseMap<Value, Value> &lifted) {
  if (!isMicroKernelCandidate(op))
    return failure();
  auto y = cast<RankedTensorType>(op.getOutputs()[0].getType());
  Location loc = op.getLoc();
  rewriter.setInsertionPoint(op);
  // [A, B, L] <-> [A, B, 1, L].
  SmallVector<ReassociationIndices> reassoc = {{0}, {1}, {2, 3}};
  auto expand = [&](Value v) { return liftTo4D(rewriter, loc, v, lifted); };
  Value init = expand(op.getOutputs()[0]);
  int64_t stride = *op.getStrides().getValues<int64_t>().begin();
  int64_t dilation = *op.getDilations().getValues<int64_t>().begin();
  auto conv = linalg::Conv2DNchwFchwOp::create(
      rewriter, loc, TypeRange{init.getType()},
      ValueRange{expand(op.getInputs()[0]), expand(op.getInputs()[1])},
      ValueRange{init}, rewriter.getI64TensorAttr({1, stride}),
      rewriter.getI64TensorAttr({1, dilation}));
  rewriter.replaceOpWithNewOp<tensor::CollapseShapeOp>(
      op, y, conv->getResult(0), reassoc);
  return success();
}

/// A static 3-D conv with a 1x1x1 kernel and unit strides is a 2-D one of
/// height 1 over the flattened D*H*W positions (each output reads only its
/// own position), so that it takes the 2-D micro-kernel. This is what the
/// sub-pixel phases of a kernel = stride 3-D up-conv are.
LogicalResult flattenPointwise3D(RewriterBase &rewriter,
                                 linalg::Conv3DNcdhwFcdhwOp op) {
  if (!isMicroKernelCandidate(op))
    return failure();
  auto x = cast<RankedTensorType>(op.getInputs()[0].getType());
  auto w = cast<RankedTensorType>(op.getInputs()[1].getType());
  auto y = cast<RankedTensorType>(op.getOutputs()[0].getType());
  auto isOne = [](int64_t v) { return v == 1; };
  if (!llvm::all_of(w.getShape().drop_front(2), isOne) ||
      !llvm::all_of(op.getStrides().getValues<int64_t>(), isOne) ||
      x.getShape().drop_front(2) != y.getShape().drop_front(2))
    return failure();
  Location loc = op.getLoc();
  rewriter.setInsertionPoint(op);
  // [A, B, D, H, W] -> [A, B, 1, D*H*W] in two steps (collapse, expand).
  auto flatten = [&](Value v) -> Value {
    auto t = cast<RankedTensorType>(v.getType());
    Value flat = tensor::CollapseShapeOp::create(
        rewriter, loc, v,
        SmallVector<ReassociationIndices>{{0}, {1}, {2, 3, 4}});
    int64_t n = t.getDimSize(2) * t.getDimSize(3) * t.getDimSize(4);
    return tensor::ExpandShapeOp::create(
        rewriter, loc,
        RankedTensorType::get({t.getDimSize(0), t.getDimSize(1), 1, n},
                              t.getElementType()),
        flat, SmallVector<ReassociationIndices>{{0}, {1}, {2, 3}});
  };
  Value init = flatten(op.getOutputs()[0]);
  auto conv = linalg::Conv2DNchwFchwOp::create(
      rewriter, loc, TypeRange{init.getType()},
      ValueRange{flatten(op.getInputs()[0]), flatten(op.getInputs()[1])},
      ValueRange{init}, rewriter.getI64TensorAttr({1, 1}),
      rewriter.getI64TensorAttr({1, 1}));
  Value flat = tensor::CollapseShapeOp::create(
      rewriter, loc, conv->getResult(0),
      SmallVector<ReassociationIndices>{{0}, {1}, {2, 3}});
  rewriter.replaceOpWithNewOp<tensor::ExpandShapeOp>(
      op, y, flat, SmallVector<ReassociationIndices>{{0}, {1}, {2, 3, 4}});
  return success();
}

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

/// The linalg.fill that `v` is, or is a slice of, or null. A slice of an
/// insert into the fill that it does not overlap (the accumulator rows of a
/// tile, written one after the other) still reads the fill.
linalg::FillOp fillUnderSlices(Value v) {
  while (auto slice = v.getDefiningOp<tensor::ExtractSliceOp>()) {
    v = slice.getSource();
    while (auto ins = v.getDefiningOp<tensor::InsertSliceOp>()) {
      if (!areDisjoint(slice, ins))
        break;
      v = ins.getDest();
    }
  }
  return v.getDefiningOp<linalg::FillOp>();
}

/// For `v` a linalg.fill or a chain of slices of one, the same slices of
/// the unfilled tensor: the destination of a write that replaces all of
/// `v`. (Not through inserts, as fillUnderSlices: that slice of the fill
/// would be an older value of the tensor than the inserts, which
/// bufferization then copies.)
FailureOr<Value> unfilledUnderSlices(RewriterBase &rewriter, Value v) {
  SmallVector<tensor::ExtractSliceOp> slices;
  while (auto slice = v.getDefiningOp<tensor::ExtractSliceOp>()) {
    slices.push_back(slice);
    v = slice.getSource();
  }
  auto fill = v.getDefiningOp<linalg::FillOp>();
  if (!fill)
    return failure();
  Value unfilled = fill.getOutputs()[0];
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

/// Lowers the transposes of `blocks` with upstream's `lowering` patterns.
void lowerTransposes(ArrayRef<Operation *> blocks,
                     vector::VectorTransposeLowering lowering) {
  if (blocks.empty())
    return;
  RewritePatternSet patterns(blocks.front()->getContext());
  vector::populateVectorTransposeLoweringPatterns(patterns, lowering);
  GreedyRewriteConfig config;
  config.setStrictness(GreedyRewriteStrictness::ExistingOps);
  (void)applyOpPatternsGreedily(blocks, std::move(patterns), config);
}

/// The blocks of the layout transposes (tileTranspose) as shuffles:
/// - with 16 lanes, 16x16 f32 blocks as AVX-512 unpacks and lane shuffles.
///   The default element-wise lowering leaves LLVM 256 scalar inserts to
///   rebuild, which it does with vpermt2ps and masked moves (enet_3x3s2:
///   4528 lines of assembly, 1408 with this). Only these blocks: upstream's
///   shuffle lowering of other shapes spills (resnet_3x3: 26 -> 140 stack
///   accesses).
/// - blocks of at most 4 rows of 8-16 that become columns (the interleave
///   of stacked NCHW phases: 2 phases x 16 pixels) as one shuffle of the
///   flattened vector, a vpermt2ps per output vector; element-wise, LLVM
///   rebuilt them from scalar inserts and 128-bit pieces (unet3d_up: about
///   50 instructions per 32 outputs).
void lowerTransposeBlocks(Operation *root, int64_t lanes) {
  SmallVector<Operation *> square, narrow;
  root->walk([&](vector::TransposeOp op) {
    FailureOr<std::pair<int, int>> dims = vector::isTranspose2DSlice(op);
    VectorType type = op.getSourceVectorType();
    if (failed(dims) || !type.getElementType().isF32())
      return;
    int64_t a = type.getDimSize(dims->first), b = type.getDimSize(dims->second);
    if (lanes == 16 && a == 16 && b == 16)
      square.push_back(op);
    else if (a <= 4 && b >= 8 && b <= 16)
      narrow.push_back(op);
  });
  lowerTransposes(square, vector::VectorTransposeLowering::Shuffle16x16);
  lowerTransposes(narrow, vector::VectorTransposeLowering::Shuffle1D);
}

struct DeconvVectorizeConvsPass
    : mlir::deconv::impl::DeconvVectorizeConvsBase<DeconvVectorizeConvsPass> {
  using Base::Base;

  void runOnOperation() override {
    Operation *root = getOperation();
    MLIRContext *ctx = &getContext();
    IRRewriter rewriter(ctx);

    SmallVector<linalg::Conv1DNcwFcwOp> conv1dNcw;
    root->walk([&](linalg::Conv1DNcwFcwOp op) { conv1dNcw.push_back(op); });
    DenseMap<Value, Value> lifted;
    for (auto op : conv1dNcw)
      (void)liftTo2D(rewriter, op, lifted);
    SmallVector<linalg::Conv3DNcdhwFcdhwOp> conv3d;
    root->walk([&](linalg::Conv3DNcdhwFcdhwOp op) { conv3d.push_back(op); });
    for (auto op : conv3d)
      (void)flattenPointwise3D(rewriter, op);

    SmallVector<linalg::Conv2DNchwFchwOp> convs;
    root->walk([&](linalg::Conv2DNchwFchwOp op) { convs.push_back(op); });
    bool any = false;
    // Sub-pixel phases stay NCHW only if all the phases of their output do:
    // the others are assembled channels-last and transposed once, which one
    // NCHW phase among them breaks (enet_3x3s2's 1x1 phase: 1.2-1.9x slower).
    DenseMap<Value, bool> chainPointwise;
    SmallVector<Value> roots;
    SmallVector<bool> pointwise;
    for (auto op : convs) {
      roots.push_back(insertChainRoot(op));
      pointwise.push_back(isPointwiseNCHW(op, vectorWidth));
      if (roots.back())
        chainPointwise.try_emplace(roots.back(), true).first->second &=
            pointwise.back();
    }
    for (auto [op, root, pw] : llvm::zip(convs, roots, pointwise)) {
      if (pw && (!root || chainPointwise.lookup(root)))
        any |= succeeded(tilePointwiseNCHW(rewriter, op, vectorWidth));
      else
        any |= succeeded(tileChannelsLast(rewriter, op, vectorWidth));
    }
    SmallVector<linalg::Conv2DNgchwGfchwOp> grouped;
    root->walk([&](linalg::Conv2DNgchwGfchwOp op) { grouped.push_back(op); });
    for (auto op : grouped)
      any |= succeeded(tileDepthwise(rewriter, op, vectorWidth));
    if (!any)
      return;
    // The batched sub-pixel form's interleave transposes the NCHW result
    // it gets: one transpose from the channels-last result instead.
    if (mergeReshapedTransposes(rewriter, root))
      interleaveRuns(rewriter, root);
    // A transposed fill or bias broadcast (an accumulator, also a sub-pixel
    // phase's slice of the initial output) is a fill or broadcast in the new
    // layout: fold it before the transposes are tiled, which would hide it.
    auto foldLayouts = [&] {
      RewritePatternSet patterns(ctx);
      populateLayoutFoldingPatterns(patterns);
      return applyPatternsGreedily(root, std::move(patterns));
    };
    if (failed(foldLayouts()))
      return signalPassFailure();
    // Sub-pixel phases assemble their output channels-last, transposed once.
    if (hoistTransposesOutOfInsertChains(rewriter, root) &&
        failed(foldLayouts()))
      return signalPassFailure();
    // Phases kept NCHW are stacked and interleaved by one transpose.
    stackStridedPhases(rewriter, root);
    // Constant filters are packed at compile time.
    foldConstantCopies(rewriter, root);
    // Convs that read the same tensor (the sub-pixel phases of an unpadded
    // transposed conv) share its transpose.
    SmallVector<linalg::TransposeOp> transposes;
    root->walk([&](linalg::TransposeOp op) {
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

    // Unit-height tiles become 1-D convolutions, which vectorize.
    {
      RewritePatternSet patterns(ctx);
      patterns.add<linalg::DownscaleSizeOneWindowed2DConvolution<
                       linalg::Conv2DNhwcHwcfOp, linalg::Conv1DNwcWcfOp>,
                   linalg::DownscaleDepthwiseConv2DNhwcHwcOp>(ctx);
      if (failed(applyPatternsGreedily(root, std::move(patterns))))
        return signalPassFailure();
    }
    SmallVector<linalg::LinalgOp> conv1ds;
    root->walk([&](Operation *op) {
      if (isa<linalg::Conv1DNwcWcfOp, linalg::DepthwiseConv1DNwcWcOp,
              linalg::Conv1DOp>(op))
        conv1ds.push_back(cast<linalg::LinalgOp>(op));
    });
    for (auto op : conv1ds) {
      rewriter.setInsertionPoint(op);
      auto vectorized = linalg::vectorize(rewriter, op);
      if (failed(vectorized))
        continue;
      rewriter.replaceOp(op, vectorized->replacements);
    }

    // vector.contract -> broadcast-FMA outer products.
    {
      RewritePatternSet patterns(ctx);
      vector::populateVectorContractLoweringPatterns(
          patterns, vector::VectorContractLowering::OuterProduct);
      vector::populateVectorOuterProductLoweringPatterns(patterns);
      vector::populateVectorTransferPermutationMapLoweringPatterns(patterns);
      vector::populateVectorReductionToContractPatterns(patterns);
      vector::populateSinkVectorOpsPatterns(patterns);
      vector::TransferReadOp::getCanonicalizationPatterns(patterns, ctx);
      vector::TransferWriteOp::getCanonicalizationPatterns(patterns, ctx);
      tensor::ExtractSliceOp::getCanonicalizationPatterns(patterns, ctx);
      if (failed(applyPatternsGreedily(root, std::move(patterns))))
        return signalPassFailure();
    }

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
    {
      RewritePatternSet patterns(ctx);
      patterns.add<ReadOfFill, WriteOverFill, InsertOverFill>(ctx);
      // Forwards the tensors the reduction loops carry unchanged, so that
      // the writes after them see the fill.
      scf::ForOp::getCanonicalizationPatterns(patterns, ctx);
      if (failed(applyPatternsGreedily(root, std::move(patterns))))
        return signalPassFailure();
    }
    skipZeroInsertedProducts(rewriter, root);
    lowerTransposeBlocks(root, vectorWidth);
  }
};

} // namespace
