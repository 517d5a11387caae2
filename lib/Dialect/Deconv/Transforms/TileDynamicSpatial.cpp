//===- TileDynamicSpatial.cpp - Dynamic spatial dims as static tiles ------===//
//
// The code generator's kernels need static shapes. A convolution whose
// spatial lengths are dynamic computes its output in tiles of a fixed length
// along each dynamic dim: every tile is the same static op applied to a
// window of the zero-extended input (getOutputTileWindow), and the output is
// cut to its real length at the end.
//
//===----------------------------------------------------------------------===//

#include "deconv/Dialect/Deconv/IR/DeconvOps.h"
#include "deconv/Dialect/Deconv/Transforms/Passes.h"
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

struct DimTiling {
  unsigned dim; // spatial dim index
  int64_t tile;
  OutputTileWindow window;
};

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

LogicalResult tileOp(RewriterBase &rewriter, Operation *op,
                     ArrayRef<int64_t> tileSizes) {
  // By default a few hundred input positions per tile: enough work for the
  // strategies' fixed costs (padding, layout changes) to amortize, little
  // enough that small images do not compute mostly past their edges.
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
  SmallVector<DimTiling> tiled;
  for (unsigned d = 0; d < rank; ++d) {
    if (!inType.isDynamicDim(2 + d))
      continue;
    SpatialParams p = params.dim(d);
    std::optional<int64_t> tile =
        getTileSize(tileSizes, d, rank, kind, p.stride);
    if (!tile)
      return failure();
    std::optional<OutputTileWindow> w =
        getOutputTileWindow(kind, wType.getDimSize(2 + d), p, *tile);
    // A window far longer than the tile (a huge dilation) would be a huge
    // static tensor: such ops keep their dynamic lowering.
    if (!w || w->windowLength > kMaxWindowLength)
      return failure();
    tiled.push_back({d, *tile, *w});
  }
  if (tiled.empty())
    return failure();

  Location loc = op->getLoc();
  rewriter.setInsertionPoint(op);
  ReifiedRankedShapedTypeDims reified;
  if (failed(reifyResultShapes(rewriter, op, reified)))
    return failure();
  SmallVector<OpFoldResult> outSizes = reified[0];
  MLIRContext *ctx = rewriter.getContext();
  AffineExpr s0 = getAffineSymbolExpr(0, ctx);
  auto apply = [&](AffineExpr e, ArrayRef<OpFoldResult> operands) {
    return affine::makeComposedFoldedAffineApply(rewriter, loc, e, operands);
  };

  // The input, zero-extended so that every tile's window is inside it.
  Value input = op->getOperand(0);
  SmallVector<OpFoldResult> low(inType.getRank(), rewriter.getIndexAttr(0));
  SmallVector<OpFoldResult> high = low;
  SmallVector<OpFoldResult> tileCounts;
  for (const DimTiling &t : tiled) {
    OpFoldResult count = apply(s0.ceilDiv(t.tile), {outSizes[2 + t.dim]});
    tileCounts.push_back(count);
    int64_t lead = std::max<int64_t>(0, -t.window.windowOffset);
    low[2 + t.dim] = rewriter.getIndexAttr(lead);
    // The last window ends at (count - 1) * step + offset + length.
    OpFoldResult inLen = tensor::getMixedSize(rewriter, loc, input, 2 + t.dim);
    AffineExpr need = (s0 - 1) * t.window.inputStep + t.window.windowOffset +
                      t.window.windowLength - getAffineSymbolExpr(1, ctx);
    OpFoldResult extra = apply(need, {count, inLen});
    Value extraV = getValueOrCreateConstantIndexOp(rewriter, loc, extra);
    Value zero = arith::ConstantIndexOp::create(rewriter, loc, 0);
    high[2 + t.dim] =
        arith::MaxSIOp::create(rewriter, loc, extraV, zero).getResult();
  }
  Value padZero = arith::ConstantOp::create(
      rewriter, loc, rewriter.getZeroAttr(inType.getElementType()));
  Value padded =
      tensor::PadOp::create(rewriter, loc, Type(), input, low, high, padZero);

  // The tiles' output: whole tiles along the tiled dims.
  SmallVector<OpFoldResult> fullSizes = outSizes;
  for (auto [t, count] : llvm::zip(tiled, tileCounts))
    fullSizes[2 + t.dim] = apply(s0 * t.tile, {count});
  Value full = tensor::EmptyOp::create(rewriter, loc, fullSizes,
                                       resType.getElementType());

  // Tile attributes: the tiled dims' padding, no output padding there.
  SmallVector<int64_t> padding(params.padding.begin(), params.padding.end());
  SmallVector<int64_t> outputPadding(params.outputPadding.begin(),
                                     params.outputPadding.end());
  for (const DimTiling &t : tiled) {
    padding[t.dim] = t.window.padLo;
    padding[rank + t.dim] = t.window.padHi;
    if (!outputPadding.empty())
      outputPadding[t.dim] = 0;
  }

  auto forall = scf::ForallOp::create(rewriter, loc, tileCounts,
                                      ValueRange{full}, std::nullopt);
  {
    OpBuilder::InsertionGuard guard(rewriter);
    rewriter.setInsertionPoint(forall.getTerminator());
    OpBuilder &b = rewriter;
    Location l = loc;
    SmallVector<Value> args(forall.getInductionVars());
    args.push_back(forall.getRegionIterArgs()[0]);
    SmallVector<OpFoldResult> offsets(inType.getRank(), b.getIndexAttr(0));
    SmallVector<OpFoldResult> sizes = tensor::getMixedSizes(b, l, padded);
    SmallVector<OpFoldResult> outOffsets(resType.getRank(), b.getIndexAttr(0));
    SmallVector<OpFoldResult> tileSizesOut = fullSizes;
    for (auto [i, t] : llvm::enumerate(tiled)) {
      int64_t lead = std::max<int64_t>(0, -t.window.windowOffset);
      offsets[2 + t.dim] = affine::makeComposedFoldedAffineApply(
          b, l, s0 * t.window.inputStep + t.window.windowOffset + lead,
          {args[i]});
      sizes[2 + t.dim] = b.getIndexAttr(t.window.windowLength);
      outOffsets[2 + t.dim] =
          affine::makeComposedFoldedAffineApply(b, l, s0 * t.tile, {args[i]});
      tileSizesOut[2 + t.dim] = b.getIndexAttr(t.tile);
    }
    SmallVector<OpFoldResult> ones(inType.getRank(), b.getIndexAttr(1));
    Value window =
        tensor::ExtractSliceOp::create(b, l, padded, offsets, sizes, ones);
    IRMapping map;
    map.map(op->getOperand(0), window);
    Operation *one = b.clone(*op, map);
    one->setAttr("padding", b.getDenseI64ArrayAttr(padding));
    if (isa<ConvTransposeOp>(op))
      one->setAttr("output_padding", b.getDenseI64ArrayAttr(outputPadding));
    SmallVector<int64_t> shape;
    for (OpFoldResult s : tileSizesOut) {
      std::optional<int64_t> c = getConstantIntValue(s);
      shape.push_back(c ? *c : ShapedType::kDynamic);
    }
    one->getResult(0).setType(resType.clone(shape));
    b.setInsertionPointToStart(forall.getTerminator().getBody());
    tensor::ParallelInsertSliceOp::create(b, l, one->getResult(0),
                                          args[tiled.size()], outOffsets,
                                          tileSizesOut, ones);
  }

  // Cut to the op's output.
  SmallVector<OpFoldResult> zeros(resType.getRank(), rewriter.getIndexAttr(0));
  SmallVector<OpFoldResult> ones(resType.getRank(), rewriter.getIndexAttr(1));
  Value result = tensor::ExtractSliceOp::create(
      rewriter, loc, forall.getResult(0), zeros, outSizes, ones);
  if (result.getType() != resType)
    result = tensor::CastOp::create(rewriter, loc, resType, result);
  rewriter.replaceOp(op, result);
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
