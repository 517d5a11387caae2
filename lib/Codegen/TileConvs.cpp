//===- TileConvs.cpp - The convolution kernels' layouts and tiles ---------===//

#include "deconv/Codegen/KernelConfig.h"
#include "deconv/Codegen/Passes.h"
#include "deconv/Codegen/Tiling.h"
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

namespace mlir::deconv {
#define GEN_PASS_DEF_DECONVTILECONVS
#include "deconv/Codegen/Passes.h.inc"
} // namespace mlir::deconv

using namespace mlir;
using namespace mlir::deconv;

namespace {

/// Sets the insertion point for the layout of `filter`, used by `op`: at
/// `op`, unless `op` sits in a loop (the per-image loop of a dynamic batch)
/// that `filter` comes from outside of; then right after `filter`'s
/// definition, so that the filter is transposed and packed once.
void setFilterInsertionPoint(RewriterBase &rewriter, Operation *op,
                             Value filter) {
  if (filter.getParentRegion() == op->getParentRegion())
    rewriter.setInsertionPoint(op);
  else
    rewriter.setInsertionPointAfterValue(filter);
}

FailureOr<Operation *> tileNhwcConv(RewriterBase &rewriter, Operation *conv,
                                    Value wT, Value packed,
                                    const KernelConfig &t);

/// NCHW -> NHWC conv between transposes, then tiled. Returns the tiled
/// channels-last conv, or failure if the op does not qualify.
FailureOr<Operation *> tileChannelsLast(RewriterBase &rewriter,
                                        linalg::Conv2DNchwFchwOp op,
                                        const KernelConfig &t) {
  auto y = cast<RankedTensorType>(op.getOutputs()[0].getType());
  Location loc = op.getLoc();
  rewriter.setInsertionPoint(op);
  Value xT = transposeTo(rewriter, loc, op.getInputs()[0], {0, 2, 3, 1});
  Value wT;
  {
    OpBuilder::InsertionGuard guard(rewriter);
    setFilterInsertionPoint(rewriter, op, op.getInputs()[1]);
    wT = transposeTo(rewriter, loc, op.getInputs()[1], {2, 3, 1, 0});
  }
  // A filled accumulator is filled in the new layout: fuseZeroPaddedOperands
  // then fills each tile's part in registers instead of the whole tensor in
  // memory (a fill, a copy and a reload of the whole output).
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
  // consecutive input channels (kilobytes for wide layers), which maps a
  // tile's filter rows onto a few cache sets.
  auto w = cast<RankedTensorType>(op.getInputs()[1].getType());
  int64_t f = w.getDimSize(0);
  Value packed;
  if (t.channels < f) {
    OpBuilder::InsertionGuard guard(rewriter);
    setFilterInsertionPoint(rewriter, op, op.getInputs()[1]);
    Value blocked = tensor::ExpandShapeOp::create(
        rewriter, loc,
        RankedTensorType::get({f / t.channels, t.channels, w.getDimSize(1),
                               w.getDimSize(2), w.getDimSize(3)},
                              w.getElementType()),
        op.getInputs()[1],
        SmallVector<ReassociationIndices>{{0, 1}, {2}, {3}, {4}});
    packed = transposeTo(rewriter, loc, blocked, {0, 3, 4, 2, 1});
  }
  auto [conv, result] = buildWidthPaddedConv<linalg::Conv2DNhwcHwcfOp>(
      rewriter, loc, xT, wT, initT, 2, t.paddedWidth,
      cast<RankedTensorType>(wT.getType()).getDimSize(1), op.getStrides(),
      op.getDilations());
  Value back = transposeTo(rewriter, loc, result, {0, 3, 1, 2});
  rewriter.replaceOp(op, back);
  return tileNhwcConv(rewriter, conv, wT, packed, t);
}

/// Tiles the channels-last conv `conv` (filter `wT`, [KH, KW, C, F]) into
/// register tiles `t`. `packed`, if not null, is the same filter blocked
/// [F / t.f, KH, KW, C, t.f]: the tiles read it instead. With
/// `streamFilter` (the "filter" is an image, read once per call), its tiles
/// are the outermost loop, so that each stays in cache over all the tiles
/// that use it, and the reduction is not split into channel blocks.
FailureOr<Operation *> tileNhwcConv(RewriterBase &rewriter, Operation *conv,
                                    Value wT, Value packed,
                                    const KernelConfig &t) {
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
        rewriter, sl, d0.floorDiv(t.channels), {offsets[3]});
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

  // A filter slab that does not stay in L2 over all the output tiles is
  // taken in blocks of input channels (a sequential loop outside the
  // parallel tiles).
  Operation *kernelConv = conv;
  if (t.channelBlock) {
    FailureOr<Operation *> blocked =
        tileSteps(rewriter, conv, {0, 0, 0, 0, 0, 0, t.channelBlock});
    if (failed(blocked))
      return failure();
    kernelConv = *blocked;
  }

  // Loops (n, oh, ow, f, kh, kw, c): one output row segment of `width`
  // pixels by `channels` channels per parallel tile (scf.forall, shared
  // among threads later), accumulated over kh, kw and `reduction`-channel
  // steps (scf.for). With `filterOuter` the channel tiles are outermost, so
  // that one tile's slice of the filter stays cached over all the pixels.
  SmallVector<int64_t> interchange;
  if (t.filterOuter)
    interchange = {3, 0, 1, 2, 4, 5, 6};
  FailureOr<Operation *> tile;
  if (t.rows > 1) {
    tile = tileTwice(rewriter, kernelConv,
                     {1, t.rows, t.width, t.channels, 0, 0, 0},
                     {0, 1, 0, 0, 1, 1, t.reduction}, interchange,
                     {0, 4, 5, 6, 1, 2, 3}, /*unroll=*/true, prepareTile);
  } else {
    // One input channel (a pair on the bf16 dot product) per step, the `c`
    // steps unrolled: LLVM schedules
    // the filter loads of a multi-channel step ahead of its FMAs, and with
    // 28 accumulators live spills them.
    tile = tileTwice(rewriter, kernelConv, {1, 1, t.width, t.channels, 0, 0, 0},
                     {0, 0, 0, 0, 1, 1, t.reduction}, interchange, {},
                     /*unroll=*/false, prepareTile);
    int64_t step = t.bf16Pairs ? 2 : 1;
    if (succeeded(tile) && t.reduction > step)
      tile = tileSteps(rewriter, *tile, {0, 0, 0, 0, 0, 0, step}, {},
                       /*unroll=*/true);
  }
  if (wT.use_empty())
    rewriter.eraseOp(wT.getDefiningOp());
  return tile;
}

/// A conv that isPointwiseNCHW accepts, tiled as the channels-last conv of
/// its matrix product with the roles swapped: the filter's rows w[co, :] are
/// the pixels (broadcast) and the image's pixels the output channels (vector
/// lanes). Neither the image nor the result is transposed.
FailureOr<Operation *> tilePointwiseNCHW(RewriterBase &rewriter,
                                         linalg::Conv2DNchwFchwOp op,
                                         const KernelConfig &t) {
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
        rewriter, loc,
        RankedTensorType::get(shape, getElementTypeOrSelf(v.getType())), c,
        expand);
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
  auto [conv, result] = buildWidthPaddedConv<linalg::Conv2DNhwcHwcfOp>(
      rewriter, loc, rows, image, init, 2, t.paddedWidth, 1, op.getStrides(),
      op.getDilations());
  rewriter.replaceOp(op, reshape(result, y.getShape(), rowsTo4D, imageToRows));
  return tileNhwcConv(rewriter, conv, image, /*packed=*/nullptr, t);
}

/// The innermost tile of an NCHW conv (one image, input and output channel,
/// output row and filter row or tap) as the plain 1-D convolution it is:
/// input row, filter row and output row segment as rank-reduced slices
/// around a linalg.conv_1d, which vectorizes.
LogicalResult rowTileToConv1D(RewriterBase &rewriter, linalg::LinalgOp op) {
  for (Value v :
       {op.getDpsInputs()[0], op.getDpsInputs()[1], op.getDpsInits()[0]}) {
    ArrayRef<int64_t> shape = cast<RankedTensorType>(v.getType()).getShape();
    if (llvm::any_of(shape.drop_back(), [](int64_t d) { return d != 1; }))
      return failure();
  }
  auto y = cast<RankedTensorType>(op.getDpsInits()[0].getType());
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
  Value init = op.getDpsInits()[0];
  auto conv = linalg::Conv1DOp::create(
      rewriter, loc,
      TypeRange{
          RankedTensorType::get({y.getShape().back()}, y.getElementType())},
      ValueRange{row(op.getDpsInputs()[0]), row(op.getDpsInputs()[1])},
      ValueRange{row(init)});
  int64_t rank = y.getRank();
  SmallVector<OpFoldResult> offsets(rank, rewriter.getIndexAttr(0));
  SmallVector<OpFoldResult> sizes(rank, rewriter.getIndexAttr(1));
  sizes.back() = rewriter.getIndexAttr(y.getShape().back());
  SmallVector<OpFoldResult> strides(rank, rewriter.getIndexAttr(1));
  rewriter.replaceOpWithNewOp<tensor::InsertSliceOp>(
      op, conv->getResult(0), init, offsets, sizes, strides);
  return success();
}

/// Tiles the NCHW conv `op` into unit steps of `sizes` (ordered by
/// `interchange`), all unrolled, and rewrites the innermost step as the 1-D
/// convolution it is (rowTileToConv1D).
LogicalResult unrollRowSteps(RewriterBase &rewriter, Operation *op,
                             ArrayRef<int64_t> sizes,
                             ArrayRef<int64_t> interchange = {}) {
  Operation *outer = op->getParentOp();
  FailureOr<Operation *> tile = tileSteps(rewriter, op, sizes, interchange);
  if (failed(tile))
    return failure();
  for (auto loop = (*tile)->getParentOfType<scf::ForOp>(); loop != outer;
       loop = loop->getParentOfType<scf::ForOp>())
    loop->setAttr(kUnrollAttr, rewriter.getUnitAttr());
  return rowTileToConv1D(rewriter, cast<linalg::LinalgOp>(*tile));
}

/// A unit-stride, undilated depthwise 2-D conv stays in NCHW: each channel
/// is its own image, so the vector lanes run along the output row and no
/// layout transpose surrounds what is a memory-bound op (the transposes
/// would take most of its time). Tiled to
/// one row segment per parallel tile, channels outermost so that a
/// channel's rows stay in cache, and one filter row per reduction step.
LogicalResult tileDepthwiseRows(RewriterBase &rewriter,
                                linalg::Conv2DNgchwGfchwOp op,
                                const KernelConfig &c) {
  auto isOne = [](int64_t v) { return v == 1; };
  if (!llvm::all_of(op.getStrides().getValues<int64_t>(), isOne) ||
      !llvm::all_of(op.getDilations().getValues<int64_t>(), isOne))
    return failure();
  auto w = cast<RankedTensorType>(op.getInputs()[1].getType());
  auto y = cast<RankedTensorType>(op.getOutputs()[0].getType());
  Location loc = op.getLoc();
  rewriter.setInsertionPoint(op);

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
      rewriter, loc, xs, ws, init, 3, c.paddedWidth, w.getDimSize(4),
      op.getStrides(), op.getDilations());
  rewriter.replaceOpWithNewOp<tensor::ExpandShapeOp>(op, y, result, dropC);

  // Loops (n, oh, ow, c, kh, kw). One channel per parallel tile, which pads
  // its input and fills its output itself (a channel is typically a few
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
  tile = tileSteps(rewriter, *tile, {0, c.rows, c.width, 0, 0, 0});
  if (failed(tile))
    return failure();
  fillAccumulatorPerStep(rewriter, *tile);
  return unrollRowSteps(rewriter, *tile, {0, 1, 0, 0, 1, 1});
}

/// A conv with few output channels stays in NCHW, an output row segment in
/// the vector lanes (in channels-last, its channels would fill a fraction of
/// a vector and need layout transposes). Each parallel tile is `channels`
/// output channels x `rows` rows x `width` pixels of accumulators; each
/// input channel is one sequential step, inside which every filter tap,
/// channel and row is unrolled: a tap's input row segment is one vector
/// load shared by all the channels, and its filter value one broadcast
/// shared by all the rows and vectors.
LogicalResult tileRows(RewriterBase &rewriter, linalg::Conv2DNchwFchwOp op,
                       const KernelConfig &c) {
  auto w = cast<RankedTensorType>(op.getInputs()[1].getType());
  Location loc = op.getLoc();
  rewriter.setInsertionPoint(op);
  auto [conv, result] = buildWidthPaddedConv<linalg::Conv2DNchwFchwOp>(
      rewriter, loc, op.getInputs()[0], op.getInputs()[1], op.getOutputs()[0],
      3, c.paddedWidth, w.getDimSize(3), op.getStrides(), op.getDilations());
  rewriter.replaceOp(op, result);

  // Loops (n, f, oh, ow, c, kh, kw).
  FailureOr<Operation *> tile =
      tileOnce(rewriter, conv, {1, c.channels, c.rows, c.width, 0, 0, 0}, {},
               scf::SCFTilingOptions::LoopType::ForallOp);
  if (failed(tile))
    return failure();
  fuseZeroPaddedOperands(rewriter, *tile);
  tile = tileSteps(rewriter, *tile, {0, 0, 0, 0, 1, 0, 0});
  if (failed(tile))
    return failure();
  // Row segments of a power-of-two number of vectors: LLVM splits those
  // into whole vectors, and others (3 vectors, say) element by element.
  int64_t segment = c.width & -c.width;
  return unrollRowSteps(rewriter, *tile, {0, 1, 1, segment, 0, 1, 1},
                        {0, 4, 5, 6, 1, 2, 3});
}

/// A depthwise 2-D conv (one input and one output channel per group) as
/// linalg.depthwise_conv_2d_nhwc_hwc between layout transposes, with the
/// channels in the vector lanes, tiled to `width` pixels x `channels`
/// channels per parallel tile and one filter row per reduction step.
LogicalResult tileDepthwise(RewriterBase &rewriter,
                            linalg::Conv2DNgchwGfchwOp op,
                            const KernelConfig &c) {
  auto w = cast<RankedTensorType>(op.getInputs()[1].getType());
  auto y = cast<RankedTensorType>(op.getOutputs()[0].getType());
  Location loc = op.getLoc();
  rewriter.setInsertionPoint(op);

  // [N, G, 1, H, W] <-> [N, G, H, W]; filter [G, 1, 1, KH, KW] -> [G, KH, KW].
  SmallVector<ReassociationIndices> dropC = {{0}, {1, 2}, {3}, {4}};
  auto drop = [&](Value v, ArrayRef<ReassociationIndices> reassoc) -> Value {
    return tensor::CollapseShapeOp::create(rewriter, loc, v, reassoc);
  };
  Value xT =
      transposeTo(rewriter, loc, drop(op.getInputs()[0], dropC), {0, 2, 3, 1});
  Value wT;
  {
    OpBuilder::InsertionGuard guard(rewriter);
    setFilterInsertionPoint(rewriter, op, op.getInputs()[1]);
    wT = transposeTo(
        rewriter, loc,
        drop(op.getInputs()[1],
             SmallVector<ReassociationIndices>{{0, 1, 2}, {3}, {4}}),
        {1, 2, 0});
  }
  Value initT =
      transposeTo(rewriter, loc, drop(op.getOutputs()[0], dropC), {0, 2, 3, 1});
  auto [conv, result] = buildWidthPaddedConv<linalg::DepthwiseConv2DNhwcHwcOp>(
      rewriter, loc, xT, wT, initT, 2, c.paddedWidth, w.getDimSize(4),
      op.getStrides(), op.getDilations());
  Value back = transposeTo(rewriter, loc, result, {0, 3, 1, 2});
  rewriter.replaceOpWithNewOp<tensor::ExpandShapeOp>(op, y, back, dropC);

  // Loops (n, oh, ow, c, kh, kw).
  return success(succeeded(tileTwice(
      rewriter, conv, {1, 1, c.width, c.channels, 0, 0}, {0, 0, 0, 0, 1, 0})));
}

/// The configuration attached to `op`, if it is one that fits its shapes.
std::optional<KernelConfig> getValidConfig(linalg::LinalgOp op) {
  std::optional<KernelConfig> c =
      KernelConfig::fromAttr(op->getAttr(kKernelConfigAttr));
  if (!c || c->kind == KernelKind::None || !isMicroKernelCandidate(op))
    return std::nullopt;
  // The padded width must cover the output width with whole tiles. (The
  // pointwise kernel's "pixels" are the output channels.)
  auto y = cast<RankedTensorType>(op.getDpsInits()[0].getType());
  int64_t ow = y.getShape().back();
  if (c->kind == KernelKind::PointwiseNchw)
    ow = y.getDimSize(1);
  if (c->paddedWidth < ow || c->paddedWidth >= ow + c->width)
    return std::nullopt;
  return c;
}

struct DeconvTileConvsPass
    : deconv::impl::DeconvTileConvsBase<DeconvTileConvsPass> {
  void runOnOperation() override {
    Operation *root = getOperation();
    IRRewriter rewriter(&getContext());
    SmallVector<linalg::Conv2DNchwFchwOp> convs;
    root->walk([&](linalg::Conv2DNchwFchwOp op) { convs.push_back(op); });
    for (auto op : convs) {
      std::optional<KernelConfig> c = getValidConfig(op);
      if (!c)
        continue;
      if (c->kind == KernelKind::PointwiseNchw)
        (void)tilePointwiseNCHW(rewriter, op, *c);
      else if (c->kind == KernelKind::ChannelsLast)
        (void)tileChannelsLast(rewriter, op, *c);
      else if (c->kind == KernelKind::Rows)
        (void)tileRows(rewriter, op, *c);
    }
    SmallVector<linalg::Conv2DNgchwGfchwOp> grouped;
    root->walk([&](linalg::Conv2DNgchwGfchwOp op) { grouped.push_back(op); });
    for (auto op : grouped) {
      std::optional<KernelConfig> c = getValidConfig(op);
      if (!c)
        continue;
      if (c->kind == KernelKind::DepthwiseRows)
        (void)tileDepthwiseRows(rewriter, op, *c);
      else if (c->kind == KernelKind::DepthwiseChannelsLast)
        (void)tileDepthwise(rewriter, op, *c);
    }
  }
};

} // namespace
