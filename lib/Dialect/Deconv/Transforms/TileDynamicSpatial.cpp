//===- TileDynamicSpatial.cpp - Dynamic spatial dims as static tiles ------===//
//
// The code generator's kernels need static shapes. A convolution whose
// spatial lengths are dynamic computes its output in tiles of a fixed length
// along each dynamic dim: every tile is the same static op applied to a
// window of the input zero-extended where it leaves the input
// (getOutputTileWindow). Whole tiles come first and are written in place;
// the rest of each dim runs in shorter tiles, the last one cut to the
// output's end.
//
//===----------------------------------------------------------------------===//

#include "deconv/Dialect/Deconv/IR/DeconvOps.h"
#include "deconv/Dialect/Deconv/Transforms/Passes.h"
#include "deconv/Dialect/Deconv/Transforms/Strategies.h"
#include "deconv/Dialect/Deconv/Utils/LinalgBuilders.h"
#include "deconv/Support/ConvGeometry.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"

#include "llvm/Support/MathExtras.h"

namespace mlir::deconv {
#define GEN_PASS_DEF_DECONVTILEDYNAMICSPATIAL
#include "deconv/Dialect/Deconv/Transforms/Passes.h.inc"
} // namespace mlir::deconv

using namespace mlir;
using namespace mlir::deconv;

namespace {

/// The longest input window a tile may read, and the longest tile, along
/// one dim.
constexpr int64_t kMaxWindowLength = 1 << 16;

/// The shortest remainder tile along the innermost dim: kernels that
/// vectorize along rows compute a shorter one as a whole vector of 8 or 16.
constexpr int64_t kMinInnerRemainder = 8;

/// A run of `count` tiles of `tile` outputs from output position `start`.
/// Only a run that ends the dim may have a last tile past the output's end.
struct Segment {
  int64_t tile;
  OutputTileWindow window;
  OpFoldResult start;
  OpFoldResult count;
  bool mayBePartial;
};

/// A tiled dim: its whole tiles, then the rest of the length in tiles of a
/// quarter of the tile or less, so that a length that is not a multiple of
/// the tile, or is shorter than it, computes little past its end. The depth
/// dim of a 3-D op has one run, whose last tile may be cut.
struct DimTiling {
  unsigned dim;
  SmallVector<Segment, 2> segments;
};

/// The most kernels the static forms of one op may add up to (compile time):
/// each remainder run doubles the forms.
constexpr int64_t kMaxKernelsPerOp = 32;

/// Kernels in one static form of the op, roughly: one per group while
/// --deconv-split-groups unrolls them (its default), times the sub-pixel
/// phases with taps of a transposed conv.
int64_t getKernelsPerForm(Operation *op, int64_t groups) {
  int64_t kernels = groups <= 8 ? groups : 1;
  if (auto transpose = dyn_cast<ConvTransposeOp>(op))
    kernels *= countSubpixelPhases(transpose, kMaxKernelsPerOp);
  return kernels;
}

/// The output tile length along spatial dim `d` of `rank` spatial dims.
/// `sizes` are input positions per tile from the innermost dim outwards, the
/// last entry repeated: a conv's tile has that many divided by the stride
/// outputs, a transposed conv's that many times the stride (so that a
/// large stride does not make tiles of a few inputs each).
/// Nullopt when the tile would be longer than kMaxWindowLength.
std::optional<int64_t> getTileSize(ArrayRef<int64_t> sizes, unsigned d,
                                   unsigned rank, ConvKind kind,
                                   int64_t stride) {
  unsigned fromInner = rank - 1 - d;
  int64_t t = sizes[std::min<size_t>(fromInner, sizes.size() - 1)];
  if (kind == ConvKind::Conv)
    t = std::max<int64_t>(1, t / stride);
  else if (llvm::MulOverflow(t, stride, t))
    return std::nullopt;
  if (t > kMaxWindowLength)
    return std::nullopt;
  return t;
}

/// The remainder tile: the largest divisor of `tile` that is at most a
/// quarter of it and at least `minTile` (and a multiple of the stride for a
/// transposed conv, whose tiles must start at multiples of it), or `tile`
/// itself when none is.
int64_t getRemainderTile(int64_t tile, int64_t minTile, ConvKind kind,
                         int64_t stride) {
  int64_t unit = kind == ConvKind::ConvTranspose ? stride : 1;
  for (int64_t r = tile / 4; r >= std::max(unit, minTile); --r)
    if (tile % r == 0 && r % unit == 0)
      return r;
  return tile;
}

/// The window of `tile` outputs, or nullopt when the op keeps its dynamic
/// lowering: no tile form, or a window far longer than the tile (a huge
/// dilation), which would be a huge static tensor.
std::optional<OutputTileWindow>
getWindow(ConvKind kind, int64_t kernel, const SpatialParams &p, int64_t tile) {
  std::optional<OutputTileWindow> w =
      getOutputTileWindow(kind, kernel, p, tile);
  if (!w || w->windowLength > kMaxWindowLength)
    return std::nullopt;
  return w;
}

/// The first input position (in the unpadded input, possibly negative) that
/// the tile at output position `out` reads.
AffineExpr getFirstInput(ConvKind kind, int64_t stride,
                         const OutputTileWindow &w, AffineExpr out) {
  return (kind == ConvKind::Conv ? out * stride : out.floorDiv(stride)) +
         w.windowOffset;
}

/// Applies `op` to one tile: the window of the input that the tile reads,
/// zero-extended where it leaves the input (a small copy per tile rather
/// than a padded copy of the whole input), the op with the tile's padding,
/// and the tile's valid part inserted into the output. A whole tile's result
/// is built in place in the output.
void buildTile(OpBuilder &b, Location loc, Operation *op,
               ArrayRef<const Segment *> segments, ArrayRef<DimTiling> tiled,
               scf::ForallOp forall, ArrayRef<OpFoldResult> outSizes) {
  ConvKind kind = isa<ConvOp>(op) ? ConvKind::Conv : ConvKind::ConvTranspose;
  ConvParams params = isa<ConvOp>(op) ? cast<ConvOp>(op).getParams()
                                      : cast<ConvTransposeOp>(op).getParams();
  unsigned rank = params.getSpatialRank();
  auto inType = cast<RankedTensorType>(op->getOperand(0).getType());
  auto resType = cast<RankedTensorType>(op->getResult(0).getType());
  MLIRContext *ctx = b.getContext();
  AffineExpr s0 = getAffineSymbolExpr(0, ctx), s1 = getAffineSymbolExpr(1, ctx);
  AffineExpr c0 = getAffineConstantExpr(0, ctx);
  auto apply = [&](AffineExpr e, ArrayRef<OpFoldResult> operands) {
    return affine::makeComposedFoldedAffineApply(b, loc, e, operands);
  };
  auto min = [&](ArrayRef<AffineExpr> exprs, ArrayRef<OpFoldResult> ops) {
    return affine::makeComposedFoldedAffineMin(
        b, loc, AffineMap::get(0, ops.size(), exprs, ctx), ops);
  };
  auto max = [&](ArrayRef<AffineExpr> exprs, ArrayRef<OpFoldResult> ops) {
    return affine::makeComposedFoldedAffineMax(
        b, loc, AffineMap::get(0, ops.size(), exprs, ctx), ops);
  };

  SmallVector<OpFoldResult> offsets(inType.getRank(), b.getIndexAttr(0));
  Value input = op->getOperand(0);
  SmallVector<OpFoldResult> sizes = tensor::getMixedSizes(b, loc, input);
  SmallVector<OpFoldResult> low(inType.getRank(), b.getIndexAttr(0));
  SmallVector<OpFoldResult> high = low;
  SmallVector<int64_t> windowShape(inType.getShape());
  SmallVector<OpFoldResult> outOffsets(resType.getRank(), b.getIndexAttr(0));
  SmallVector<OpFoldResult> outTileSizes(outSizes);
  SmallVector<int64_t> tileShape(resType.getShape());
  SmallVector<int64_t> padding(params.padding.begin(), params.padding.end());
  SmallVector<int64_t> outputPadding(params.outputPadding.begin(),
                                     params.outputPadding.end());
  for (auto [i, t] : llvm::enumerate(tiled)) {
    const Segment &seg = *segments[i];
    unsigned d = 2 + t.dim;
    OpFoldResult out =
        apply(s0 + s1 * seg.tile, {seg.start, forall.getInductionVars()[i]});
    int64_t len = seg.window.windowLength;
    OpFoldResult first = apply(
        getFirstInput(kind, params.dim(t.dim).stride, seg.window, s0), {out});
    // The part of the window inside the input is [lo, hi) (empty when the
    // window lies past an end); the rest is zeros before and after it.
    OpFoldResult inLen = sizes[d];
    OpFoldResult lo = min({s0, s1}, {max({s0, c0}, {first}), inLen});
    OpFoldResult hi = max({s0, s1}, {min({s0 + len, s1}, {first, inLen}), lo});
    offsets[d] = lo;
    sizes[d] = apply(s0 - s1, {hi, lo});
    low[d] = min({s0, getAffineConstantExpr(len, ctx)},
                 {max({s0 - s1, c0}, {lo, first})});
    high[d] = apply(-s0 + len - s1, {low[d], sizes[d]});
    windowShape[d] = len;
    outOffsets[d] = out;
    outTileSizes[d] = seg.mayBePartial
                          ? min({getAffineConstantExpr(seg.tile, ctx), s0 - s1},
                                {outSizes[d], out})
                          : b.getIndexAttr(seg.tile);
    tileShape[d] = seg.tile;
    padding[t.dim] = seg.window.padLo;
    padding[rank + t.dim] = seg.window.padHi;
    if (!outputPadding.empty())
      outputPadding[t.dim] = 0;
  }
  SmallVector<OpFoldResult> ones(inType.getRank(), b.getIndexAttr(1));
  Value slice =
      tensor::ExtractSliceOp::create(b, loc, input, offsets, sizes, ones);
  Value zero =
      arith::ConstantOp::create(b, loc, b.getZeroAttr(inType.getElementType()));
  Value window = tensor::PadOp::create(b, loc, inType.clone(windowShape), slice,
                                       low, high, zero);
  IRMapping map;
  map.map(op->getOperand(0), window);
  Operation *one = b.clone(*op, map);
  one->setAttr("padding", b.getDenseI64ArrayAttr(padding));
  if (isa<ConvTransposeOp>(op))
    one->setAttr("output_padding", b.getDenseI64ArrayAttr(outputPadding));
  one->getResult(0).setType(resType.clone(tileShape));

  SmallVector<OpFoldResult> zeros(resType.getRank(), b.getIndexAttr(0));
  Value valid = tensor::ExtractSliceOp::create(b, loc, one->getResult(0), zeros,
                                               outTileSizes, ones);
  b.setInsertionPointToStart(forall.getTerminator().getBody());
  tensor::ParallelInsertSliceOp::create(b, loc, valid,
                                        forall.getRegionIterArgs()[0],
                                        outOffsets, outTileSizes, ones);
}

LogicalResult tileOp(RewriterBase &rewriter, Operation *op,
                     ArrayRef<int64_t> tileSizes) {
  // By default a few hundred input positions per tile: enough work for the
  // strategies' fixed costs (padding, layout changes) to amortize.
  SmallVector<int64_t> defaults = {256};
  if (tileSizes.empty() &&
      cast<ShapedType>(op->getOperand(0).getType()).getRank() > 3)
    defaults = {16, 8};
  if (tileSizes.empty())
    tileSizes = defaults;
  ConvKind kind = isa<ConvOp>(op) ? ConvKind::Conv : ConvKind::ConvTranspose;
  auto inType = dyn_cast<RankedTensorType>(op->getOperand(0).getType());
  auto resType = dyn_cast<RankedTensorType>(op->getResult(0).getType());
  auto wType = cast<RankedTensorType>(op->getOperand(1).getType());
  if (!inType || !resType || !wType.hasStaticShape() ||
      inType.isDynamicDim(1) || resType.isDynamicDim(1))
    return failure();
  if (op->getNumOperands() > 2 &&
      !cast<ShapedType>(op->getOperand(2).getType()).hasStaticShape())
    return failure();
  // Ops without products keep their own lowering (their result is the bias
  // or zeros), and tiles of empty dims would index out of bounds.
  if (hasNoProducts(op))
    return failure();
  ConvParams params = isa<ConvOp>(op) ? cast<ConvOp>(op).getParams()
                                      : cast<ConvTransposeOp>(op).getParams();
  unsigned rank = params.getSpatialRank();
  // Which dims get remainder runs: each doubles the static forms of the op,
  // and a form of a grouped or transposed op is itself several kernels.
  int64_t kernelsPerForm = getKernelsPerForm(op, params.groups);
  unsigned numDynamic = 0;
  for (unsigned d = 0; d < rank; ++d)
    numDynamic += inType.isDynamicDim(2 + d);
  unsigned remainderDims = std::min(2u, numDynamic);
  while (remainderDims > 0 &&
         (kernelsPerForm << remainderDims) > kMaxKernelsPerOp)
    --remainderDims;
  SmallVector<DimTiling> tiled;
  unsigned dynamicSeen = 0;
  for (unsigned d = 0; d < rank; ++d) {
    if (!inType.isDynamicDim(2 + d))
      continue;
    ++dynamicSeen;
    SpatialParams p = params.dim(d);
    int64_t kernel = wType.getDimSize(2 + d);
    std::optional<int64_t> tile =
        getTileSize(tileSizes, d, rank, kind, p.stride);
    if (!tile)
      return failure();
    std::optional<OutputTileWindow> w = getWindow(kind, kernel, p, *tile);
    if (!w)
      return failure();
    DimTiling t{d, {}};
    t.segments.push_back({*tile, *w, {}, {}, true});
    // Outer dims keep one run (the last tile cut).
    if (dynamicSeen + remainderDims <= numDynamic) {
      tiled.push_back(std::move(t));
      continue;
    }
    // Kernels that vectorize along the innermost dim compute a narrower
    // tile as a whole vector of it.
    int64_t minTile = d + 1 == rank ? kMinInnerRemainder : 1;
    int64_t rem = getRemainderTile(*tile, minTile, kind, p.stride);
    std::optional<OutputTileWindow> rw = getWindow(kind, kernel, p, rem);
    if (!rw) {
      rem = *tile;
      rw = w;
    }
    t.segments.push_back({rem, *rw, {}, {}, true});
    tiled.push_back(std::move(t));
  }
  if (tiled.empty())
    return failure();

  Location loc = op->getLoc();
  rewriter.setInsertionPoint(op);
  ReifiedRankedShapedTypeDims reified;
  if (failed(reifyResultShapes(rewriter, op, reified)))
    return failure();
  SmallVector<OpFoldResult> outSizes = reified[0];
  AffineExpr s0 = getAffineSymbolExpr(0, rewriter.getContext());
  auto apply = [&](AffineExpr e, ArrayRef<OpFoldResult> operands) {
    return affine::makeComposedFoldedAffineApply(rewriter, loc, e, operands);
  };
  for (DimTiling &t : tiled) {
    OpFoldResult len = outSizes[2 + t.dim];
    Segment &whole = t.segments.front();
    whole.start = rewriter.getIndexAttr(0);
    if (t.segments.size() == 1) {
      whole.count = apply(s0.ceilDiv(whole.tile), {len});
      continue;
    }
    whole.count = apply(s0.floorDiv(whole.tile), {len});
    whole.mayBePartial = false;
    Segment &rem = t.segments.back();
    rem.start = apply(s0.floorDiv(whole.tile) * whole.tile, {len});
    rem.count = apply((s0 % whole.tile).ceilDiv(rem.tile), {len});
  }

  // One scf.forall per combination of runs, each with a static form of the
  // op, all writing into the same output.
  Value acc = tensor::EmptyOp::create(rewriter, loc, outSizes,
                                      resType.getElementType());
  unsigned numCombinations = 1u << tiled.size();
  for (unsigned mask = 0; mask < numCombinations; ++mask) {
    SmallVector<const Segment *> segments;
    for (auto [i, t] : llvm::enumerate(tiled)) {
      unsigned pick = (mask >> i) & 1;
      if (pick >= t.segments.size())
        break;
      segments.push_back(&t.segments[pick]);
    }
    if (segments.size() != tiled.size())
      continue;
    SmallVector<OpFoldResult> counts;
    for (const Segment *s : segments)
      counts.push_back(s->count);
    auto forall = scf::ForallOp::create(rewriter, loc, counts, ValueRange{acc},
                                        std::nullopt);
    OpBuilder::InsertionGuard guard(rewriter);
    rewriter.setInsertionPoint(forall.getTerminator());
    buildTile(rewriter, loc, op, segments, tiled, forall, outSizes);
    acc = forall.getResult(0);
  }
  rewriter.setInsertionPoint(op);
  if (acc.getType() != resType)
    acc = tensor::CastOp::create(rewriter, loc, resType, acc);
  rewriter.replaceOp(op, acc);
  return success();
}

struct DeconvTileDynamicSpatialPass
    : deconv::impl::DeconvTileDynamicSpatialBase<DeconvTileDynamicSpatialPass> {
  using Base::Base;

  void runOnOperation() override {
    SmallVector<int64_t> sizes(tileSizes.begin(), tileSizes.end());
    if (llvm::any_of(sizes, [](int64_t s) { return s < 1; })) {
      emitError(getOperation()->getLoc())
          << "--deconv-tile-dynamic-spatial: tile sizes must be positive";
      return signalPassFailure();
    }
    IRRewriter rewriter(&getContext());
    for (Operation *op : getConvLikeOps(getOperation()))
      (void)tileOp(rewriter, op, sizes);
  }
};

} // namespace
