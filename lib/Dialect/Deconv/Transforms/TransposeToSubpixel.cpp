//===- TransposeToSubpixel.cpp - Strategy 2: polyphase decomposition ------===//

#include "TransposeUtils.h"

#include "deconv/Dialect/Deconv/Transforms/Passes.h"
#include "deconv/Dialect/Deconv/Transforms/Strategies.h"
#include "deconv/Dialect/Deconv/Utils/LinalgBuilders.h"
#include "deconv/Support/ConvGeometry.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"

#include "llvm/Support/FormatVariadic.h"

namespace mlir::deconv {
#define GEN_PASS_DEF_DECONVTRANSPOSETOSUBPIXEL
#include "deconv/Dialect/Deconv/Transforms/Passes.h.inc"
} // namespace mlir::deconv

using namespace mlir;
using namespace mlir::deconv;

static Value castTo(OpBuilder &b, Location loc, Value v, Type type) {
  return v.getType() == type ? v : tensor::CastOp::create(b, loc, type, v);
}

std::optional<SmallVector<BatchedSubpixelDim>>
mlir::deconv::getBatchedSubpixelGeometry(ConvTransposeOp op) {
  auto inputType = dyn_cast<RankedTensorType>(op.getInput().getType());
  auto filterType = dyn_cast<RankedTensorType>(op.getFilter().getType());
  auto resultType = dyn_cast<RankedTensorType>(op.getType());
  ConvParams params = op.getParams();
  if (!inputType || !filterType || !resultType || params.groups != 1 ||
      !inputType.hasStaticShape() || !filterType.hasStaticShape() ||
      !resultType.hasStaticShape())
    return std::nullopt;
  SmallVector<BatchedSubpixelDim> dims;
  for (unsigned d = 0; d < params.getSpatialRank(); ++d) {
    auto dim =
        getBatchedSubpixelDim(params.dim(d), filterType.getDimSize(2 + d),
                              resultType.getDimSize(2 + d));
    if (!dim)
      return std::nullopt;
    dims.push_back(*dim);
  }
  return dims;
}

double
mlir::deconv::getBatchedSubpixelSurplus(ConvTransposeOp op,
                                        ArrayRef<BatchedSubpixelDim> dims) {
  auto resultType = cast<RankedTensorType>(op.getType());
  ConvParams params = op.getParams();
  double ratio = 1;
  for (unsigned d = 0; d < dims.size(); ++d)
    ratio *= double(dims[d].positions * params.strides[d]) /
             double(resultType.getDimSize(2 + d));
  return ratio;
}

/// The channel-major batched form's interleave: z [N, Cout*S, P...] as
/// [N, Cout, s_1..s_k, P_1..P_k], transposed to [N, Cout, P_1, s_1, ...,
/// P_k, s_k] (the positions of a phase grid merged with their phases: the
/// padded output), and the output cut from it.
static Value interleaveChannelMajor(RewriterBase &rewriter, Location loc,
                                    RankedTensorType resultType,
                                    ArrayRef<int64_t> strides, Value z,
                                    ArrayRef<BatchedSubpixelDim> dims) {
  unsigned k = strides.size();
  Type elt = resultType.getElementType();
  int64_t n = resultType.getDimSize(0), cout = resultType.getDimSize(1);
  SmallVector<int64_t> expShape = {n, cout}, perm = {0, 1}, padded = {n, cout};
  SmallVector<ReassociationIndices> split = {{0}, {1}}, merge = {{0}, {1}};
  for (unsigned d = 0; d < k; ++d) {
    expShape.push_back(strides[d]);
    split[1].push_back(2 + d);
    perm.append({2 + k + d, 2 + d});
    merge.push_back({2 + 2 * d, 3 + 2 * d});
    padded.push_back(dims[d].positions * strides[d]);
  }
  for (unsigned d = 0; d < k; ++d) {
    expShape.push_back(dims[d].positions);
    split.push_back({2 + k + d});
  }
  Value expanded = tensor::ExpandShapeOp::create(
      rewriter, loc, RankedTensorType::get(expShape, elt), z, split);
  Value moved = transposeTo(rewriter, loc, expanded, perm);
  Value merged = tensor::CollapseShapeOp::create(
      rewriter, loc, RankedTensorType::get(padded, elt), moved, merge);
  SmallVector<OpFoldResult> offsets(2, rewriter.getIndexAttr(0)), sizes,
      unit(2 + k, rewriter.getIndexAttr(1));
  for (unsigned d = 0; d < k; ++d)
    offsets.push_back(rewriter.getIndexAttr(dims[d].offset));
  for (int64_t size : resultType.getShape())
    sizes.push_back(rewriter.getIndexAttr(size));
  return tensor::ExtractSliceOp::create(rewriter, loc, resultType, merged,
                                        offsets, sizes, unit);
}

/// The batched form: all phases in one stride-1 convolution whose output
/// channels are (phase, co), then one gather that interleaves the phases
/// into the output (depth-to-space), drops the surplus positions and adds
/// the bias. With a large innermost stride the channels are (co, phase) and
/// the interleave moves runs of s_k outputs (interleaveChannelMajor).
static LogicalResult lowerBatched(RewriterBase &rewriter, ConvTransposeOp op,
                                  ArrayRef<BatchedSubpixelDim> dims) {
  ConvParams params = op.getParams();
  unsigned k = params.getSpatialRank();
  auto resultType = cast<RankedTensorType>(op.getType());
  Type elt = resultType.getElementType();
  int64_t n = resultType.getDimSize(0), cout = resultType.getDimSize(1);
  Location loc = op.getLoc();
  OpBuilder::InsertionGuard guard(rewriter);
  rewriter.setInsertionPoint(op);

  SmallVector<int64_t> start;
  SmallVector<OpFoldResult> extent;
  SmallVector<int64_t> ones(k, 1);
  // z: [N, S*Cout, P...]; expanded: [N, s_1..s_k, Cout, P...].
  SmallVector<int64_t> zShape = {n, cout}, expShape = {n};
  SmallVector<ReassociationIndices> reassoc = {{0}, {}};
  for (unsigned d = 0; d < k; ++d) {
    start.push_back(dims[d].windowStart);
    extent.push_back(
        rewriter.getIndexAttr(dims[d].positions + dims[d].taps - 1));
    zShape[1] *= params.strides[d];
    expShape.push_back(params.strides[d]);
    reassoc[1].push_back(1 + d);
  }
  expShape.push_back(cout);
  reassoc[1].push_back(1 + k);
  for (unsigned d = 0; d < k; ++d) {
    zShape.push_back(dims[d].positions);
    expShape.push_back(dims[d].positions);
    reassoc.push_back({2 + k + d});
  }
  Value window =
      extractZeroPaddedWindow(rewriter, loc, op.getInput(), start, extent);
  bool channelMajor = params.strides.back() >= kMinChannelMajorStride;
  Value filter = buildPhaseStackedFilter(rewriter, loc, op.getFilter(),
                                         params.strides, channelMajor);
  if (channelMajor) {
    // The accumulator starts as the bias: [N, Cout, S, P...] with the bias
    // broadcast along all but Cout, the channels merged with their phases.
    SmallVector<OpFoldResult> initSizes = getAsIndexOpFoldResult(
        rewriter.getContext(), {n, cout, zShape[1] / cout});
    SmallVector<ReassociationIndices> merge = {{0}, {1, 2}};
    for (unsigned d = 0; d < k; ++d) {
      initSizes.push_back(rewriter.getIndexAttr(dims[d].positions));
      merge.push_back({3 + d});
    }
    Value init = buildConvInit(rewriter, loc, initSizes, elt, op.getBias());
    init = tensor::CollapseShapeOp::create(rewriter, loc, init, merge);
    Value z =
        buildLinalgConv(rewriter, loc, window, filter, init, ones, ones, 1);
    rewriter.replaceOp(op, interleaveChannelMajor(rewriter, loc, resultType,
                                                  params.strides, z, dims));
    return success();
  }
  Value zero =
      arith::ConstantOp::create(rewriter, loc, rewriter.getZeroAttr(elt));
  Value z = tensor::EmptyOp::create(rewriter, loc, zShape, elt);
  z = linalg::FillOp::create(rewriter, loc, zero, z).getResult(0);
  z = buildLinalgConv(rewriter, loc, window, filter, z, ones, ones, 1);
  Value expanded = tensor::ExpandShapeOp::create(
      rewriter, loc, RankedTensorType::get(expShape, elt), z, reassoc);

  // out[n, co, o...] = z[n, (o + offset) mod s..., co, (o + offset) div s...]
  MLIRContext *ctx = rewriter.getContext();
  auto dim = [&](unsigned i) { return getAffineDimExpr(i, ctx); };
  unsigned numLoops = 2 + k;
  SmallVector<AffineExpr> zExprs = {dim(0)}, divExprs;
  for (unsigned d = 0; d < k; ++d) {
    AffineExpr shifted = dim(2 + d) + dims[d].offset;
    zExprs.push_back(shifted % params.strides[d]);
    divExprs.push_back(shifted.floorDiv(params.strides[d]));
  }
  zExprs.push_back(dim(1));
  zExprs.append(divExprs);
  SmallVector<AffineMap> maps = {AffineMap::get(numLoops, 0, zExprs, ctx)};
  if (op.getBias())
    maps.push_back(AffineMap::get(numLoops, 0, {dim(1)}, ctx));
  maps.push_back(AffineMap::getMultiDimIdentityMap(numLoops, ctx));
  Value out =
      tensor::EmptyOp::create(rewriter, loc, resultType.getShape(), elt);
  SmallVector<utils::IteratorType> iters(numLoops,
                                         utils::IteratorType::parallel);
  // One parallel tile per (image, channel) plane, so that with threads the
  // gather (a pass over the whole output) is shared among them. Built by
  // hand: TilingInterface's slice bounds for the mod/floordiv maps are not
  // exact.
  auto forall = scf::ForallOp::create(rewriter, loc,
                                      getAsIndexOpFoldResult(ctx, {n, cout}),
                                      ValueRange{out}, std::nullopt);
  {
    OpBuilder::InsertionGuard bodyGuard(rewriter);
    rewriter.setInsertionPointToStart(forall.getBody());
    Value img = forall.getInductionVar(0), ch = forall.getInductionVar(1);
    OpFoldResult one = rewriter.getIndexAttr(1),
                 zeroIdx = rewriter.getIndexAttr(0);
    // z[img, :..., ch, :...] and out[img, ch, :...], rank kept.
    auto sliceOf = [&](Value v, ArrayRef<std::pair<unsigned, Value>> fixed) {
      auto type = cast<RankedTensorType>(v.getType());
      SmallVector<OpFoldResult> offs(type.getRank(), zeroIdx), sizes,
          strides(type.getRank(), one);
      for (int64_t d = 0; d < type.getRank(); ++d)
        sizes.push_back(rewriter.getIndexAttr(type.getDimSize(d)));
      for (auto [d, iv] : fixed) {
        offs[d] = iv;
        sizes[d] = one;
      }
      return std::make_tuple(offs, sizes, strides);
    };
    auto [zOffs, zSizes, zStrides] = sliceOf(expanded, {{0, img}, {1 + k, ch}});
    SmallVector<Value> tileIns = {tensor::ExtractSliceOp::create(
        rewriter, loc, expanded, zOffs, zSizes, zStrides)};
    if (Value bias = op.getBias())
      tileIns.push_back(tensor::ExtractSliceOp::create(
          rewriter, loc, bias, ArrayRef<OpFoldResult>{ch},
          ArrayRef<OpFoldResult>{one}, ArrayRef<OpFoldResult>{one}));
    Value shared = forall.getRegionIterArgs()[0];
    auto [oOffs, oSizes, oStrides] = sliceOf(shared, {{0, img}, {1, ch}});
    Value outTile = tensor::ExtractSliceOp::create(rewriter, loc, shared, oOffs,
                                                   oSizes, oStrides);
    auto gather = linalg::GenericOp::create(
        rewriter, loc, outTile.getType(), tileIns, ValueRange{outTile}, maps,
        iters, [&](OpBuilder &nb, Location nl, ValueRange args) {
          Value v = args[0];
          if (args.size() == 3)
            v = arith::AddFOp::create(nb, nl, v, args[1]);
          linalg::YieldOp::create(nb, nl, v);
        });
    rewriter.setInsertionPointToStart(forall.getTerminator().getBody());
    tensor::ParallelInsertSliceOp::create(rewriter, loc, gather.getResult(0),
                                          shared, oOffs, oSizes, oStrides);
  }
  rewriter.replaceOp(op, forall.getResult(0));
  return success();
}

std::optional<SmallVector<PhaseTapsDim>>
mlir::deconv::getDepthToSpaceGeometry(ConvTransposeOp op) {
  auto inputType = dyn_cast<RankedTensorType>(op.getInput().getType());
  auto filterType = dyn_cast<RankedTensorType>(op.getFilter().getType());
  auto resultType = dyn_cast<RankedTensorType>(op.getType());
  ConvParams params = op.getParams();
  if (!inputType || !filterType || !resultType || params.groups != 1 ||
      !inputType.hasStaticShape() || !filterType.hasStaticShape() ||
      !resultType.hasStaticShape())
    return std::nullopt;
  Type elt = resultType.getElementType();
  if (inputType.getElementType() != elt || filterType.getElementType() != elt ||
      !isa<FloatType>(elt))
    return std::nullopt;
  SmallVector<PhaseTapsDim> dims;
  int64_t taps = 1, phases = 1;
  for (unsigned d = 0; d < params.getSpatialRank(); ++d) {
    std::optional<PhaseTapsDim> dim =
        getPhaseTapsDim(params.dim(d), filterType.getDimSize(2 + d),
                        resultType.getDimSize(2 + d));
    if (!dim || dim->taps > kMaxDepthToSpaceTaps ||
        dim->stride > kMaxDepthToSpaceFormPhases)
      return std::nullopt;
    taps *= dim->taps;
    phases *= dim->stride;
    dims.push_back(*dim);
  }
  if (taps > kMaxDepthToSpaceTaps || phases > kMaxDepthToSpaceFormPhases)
    return std::nullopt;
  return dims;
}

bool mlir::deconv::prefersDepthToSpace(ConvTransposeOp op,
                                       ArrayRef<PhaseTapsDim> dims) {
  auto inputType = cast<RankedTensorType>(op.getInput().getType());
  int64_t phases = 1;
  for (const PhaseTapsDim &d : dims) {
    if (d.kernel != d.stride || d.phaseShift != 0 || d.inputShift != 0)
      return false;
    phases *= d.stride;
  }
  return inputType.getElementType().isF32() && inputType.getRank() >= 4 &&
         inputType.getDimSize(1) <= kMaxDepthToSpaceCin &&
         phases <= kMaxDepthToSpacePhases;
}

bool mlir::deconv::prefersDepthToSpaceTaps(ConvTransposeOp op,
                                           ArrayRef<PhaseTapsDim> dims) {
  auto inputType = cast<RankedTensorType>(op.getInput().getType());
  int64_t phases = 1;
  for (const PhaseTapsDim &d : dims)
    phases *= d.stride;
  return inputType.getElementType().isF32() && inputType.getRank() >= 4 &&
         inputType.getDimSize(1) <= kMaxDepthToSpaceTapsCin && phases > 1 &&
         phases <= kMaxDepthToSpacePhases &&
         dims.back().positions >= kMinDepthToSpaceTapsPositions;
}

/// The depth-to-space form: output position m_d, phase r_d of each dim is
/// out[m_d * s_d + r_d], so the transposed conv is the contraction
/// y[n, co, m_1, r_1, ..., m_k, r_k] = sum_ci,t x[n, ci, m + shift(r) - t...]
/// * w[ci, co, phase(r) + t*s...] (PhaseTapsDim), whose result is the output
/// once its (m_d, r_d) pairs are merged. Nothing is gathered or interleaved
/// in memory. The input is padded for the taps' reach, the filter to whole
/// strides of taps ([ci, co, t_1, s_1, ...]).
static LogicalResult lowerDepthToSpace(RewriterBase &rewriter,
                                       ConvTransposeOp op,
                                       ArrayRef<PhaseTapsDim> dims) {
  unsigned k = dims.size();
  auto inputType = cast<RankedTensorType>(op.getInput().getType());
  auto filterType = cast<RankedTensorType>(op.getFilter().getType());
  auto resultType = cast<RankedTensorType>(op.getType());
  Type elt = resultType.getElementType();
  MLIRContext *ctx = rewriter.getContext();
  Location loc = op.getLoc();
  OpBuilder::InsertionGuard guard(rewriter);
  rewriter.setInsertionPoint(op);
  Value zero =
      arith::ConstantOp::create(rewriter, loc, rewriter.getZeroAttr(elt));

  // The contraction reads input position m + shift(r) - t for every tap of
  // the padded filter (structural zeros included): from inputShift - taps + 1
  // to positions - 1 + shift(s - 1), zeros outside the input.
  SmallVector<int64_t> xLo(2 + k, 0), xHi(2 + k, 0), wHi(2 + k, 0);
  SmallVector<int64_t> shape = {resultType.getDimSize(0),
                                resultType.getDimSize(1)};
  SmallVector<int64_t> wShape = {filterType.getDimSize(0),
                                 filterType.getDimSize(1)};
  SmallVector<ReassociationIndices> merge = {{0}, {1}}, split = {{0}, {1}};
  SmallVector<DepthToSpaceMapDim> mapDims;
  for (auto [d, g] : llvm::enumerate(dims)) {
    int64_t in = inputType.getDimSize(2 + d);
    xLo[2 + d] = std::max<int64_t>(0, g.taps - 1 - g.inputShift);
    xHi[2 + d] = std::max<int64_t>(0, g.positions - 1 +
                                          g.getShift(g.stride - 1) - (in - 1));
    wHi[2 + d] = g.taps * g.stride - g.kernel;
    mapDims.push_back({g.stride, g.phaseShift, g.inputShift + xLo[2 + d]});
    shape.append({g.positions, g.stride});
    merge.push_back({int64_t(2 + 2 * d), int64_t(3 + 2 * d)});
    wShape.append({g.taps, g.stride});
    split.push_back({int64_t(2 + 2 * d), int64_t(3 + 2 * d)});
  }
  auto pad = [&](Value v, ArrayRef<int64_t> lo, ArrayRef<int64_t> hi) -> Value {
    if (llvm::all_of(lo, [](int64_t p) { return p == 0; }) &&
        llvm::all_of(hi, [](int64_t p) { return p == 0; }))
      return v;
    auto type = cast<RankedTensorType>(v.getType());
    SmallVector<int64_t> padded(type.getShape());
    for (unsigned i = 0; i < padded.size(); ++i)
      padded[i] += lo[i] + hi[i];
    return tensor::PadOp::create(rewriter, loc, type.clone(padded), v,
                                 getAsIndexOpFoldResult(ctx, lo),
                                 getAsIndexOpFoldResult(ctx, hi), zero)
        .getResult();
  };
  Value x = pad(op.getInput(), xLo, xHi);
  Value w = tensor::ExpandShapeOp::create(
      rewriter, loc, RankedTensorType::get(wShape, elt),
      pad(op.getFilter(), SmallVector<int64_t>(2 + k, 0), wHi), split);

  SmallVector<AffineMap> maps = getDepthToSpaceMaps(mapDims, ctx);
  SmallVector<utils::IteratorType> iters(2 + 2 * k,
                                         utils::IteratorType::parallel);
  iters.append(1 + k, utils::IteratorType::reduction);
  Value init = buildConvInit(rewriter, loc, getAsIndexOpFoldResult(ctx, shape),
                             elt, op.getBias());
  auto contraction = linalg::GenericOp::create(
      rewriter, loc, init.getType(), ValueRange{x, w}, ValueRange{init}, maps,
      iters, [&](OpBuilder &b, Location l, ValueRange args) {
        Value product = arith::MulFOp::create(b, l, args[0], args[1]);
        linalg::YieldOp::create(
            b, l, arith::AddFOp::create(b, l, args[2], product).getResult());
      });
  rewriter.replaceOpWithNewOp<tensor::CollapseShapeOp>(
      op, resultType, contraction.getResult(0), merge);
  return success();
}

TransposeFormChoice mlir::deconv::chooseSubpixelForm(ConvTransposeOp op,
                                                     SubpixelForm form) {
  if (form == SubpixelForm::PerPhase)
    return {SubpixelForm::PerPhase, "requested"};
  std::optional<SmallVector<PhaseTapsDim>> phaseTaps =
      getDepthToSpaceGeometry(op);
  if (phaseTaps &&
      (form == SubpixelForm::DepthToSpace ||
       (form == SubpixelForm::Auto && prefersDepthToSpace(op, *phaseTaps))))
    return {SubpixelForm::DepthToSpace,
            form == SubpixelForm::Auto
                ? llvm::formatv("kernel = stride, no padding, 2-D or 3-D, at "
                                "most {0} input channels and {1} phases",
                                kMaxDepthToSpaceCin, kMaxDepthToSpacePhases)
                      .str()
                : "requested"};
  if (form == SubpixelForm::DepthToSpace)
    form = SubpixelForm::Auto;
  auto batched = getBatchedSubpixelGeometry(op);
  if (batched && form == SubpixelForm::Batched)
    return {SubpixelForm::Batched, "requested"};
  double surplus = batched ? getBatchedSubpixelSurplus(op, *batched) : 0;
  int64_t cout = cast<RankedTensorType>(op.getType()).getDimSize(1);
  if (batched && surplus <= kMaxBatchedSubpixelSurplus &&
      cout <= kMaxBatchedSubpixelCout)
    return {SubpixelForm::Batched,
            llvm::formatv("{0} output channels <= {1}, {2:F2}x the outputs "
                          "<= {3:F1}x",
                          cout, kMaxBatchedSubpixelCout, surplus,
                          kMaxBatchedSubpixelSurplus)
                .str()};
  if (form == SubpixelForm::Auto && phaseTaps &&
      prefersDepthToSpaceTaps(op, *phaseTaps))
    return {SubpixelForm::DepthToSpace,
            llvm::formatv("taps per phase, 2-D or 3-D, at most {0} input "
                          "channels, {1} phases, rows of at least {2} outputs",
                          kMaxDepthToSpaceTapsCin, kMaxDepthToSpacePhases,
                          kMinDepthToSpaceTapsPositions * 2)
                .str()};
  if (!batched)
    return {SubpixelForm::PerPhase,
            "the batched form needs strides that divide the kernel, one "
            "group and static shapes"};
  if (countSubpixelPhases(op, kMaxAutoPerPhaseSubpixelPhases) >
      kMaxAutoPerPhaseSubpixelPhases)
    return {SubpixelForm::Batched, llvm::formatv("more than {0} phases",
                                                 kMaxAutoPerPhaseSubpixelPhases)
                                       .str()};
  return {SubpixelForm::PerPhase,
          cout > kMaxBatchedSubpixelCout
              ? llvm::formatv("{0} output channels > {1}", cout,
                              kMaxBatchedSubpixelCout)
                    .str()
              : llvm::formatv("the batched form computes {0:F2}x the outputs",
                              surplus)
                    .str()};
}

LogicalResult mlir::deconv::lowerTransposeBySubpixel(RewriterBase &rewriter,
                                                     ConvTransposeOp op,
                                                     SubpixelForm form) {
  if (!getTransposeLoweringBlocker(op, TransposeStrategy::Subpixel, form)
           .empty())
    return failure();
  SubpixelForm chosen = chooseSubpixelForm(op, form).form;
  if (chosen == SubpixelForm::DepthToSpace)
    return lowerDepthToSpace(rewriter, op, *getDepthToSpaceGeometry(op));
  auto batched = getBatchedSubpixelGeometry(op);
  if (batched && chosen == SubpixelForm::Batched)
    return lowerBatched(rewriter, op, *batched);
  ConvParams params = op.getParams();
  unsigned k = params.getSpatialRank();
  auto filterType = cast<RankedTensorType>(op.getFilter().getType());
  auto resultType = cast<RankedTensorType>(op.getType());
  Location loc = op.getLoc();
  OpBuilder::InsertionGuard guard(rewriter);
  rewriter.setInsertionPoint(op);

  SmallVector<OpFoldResult> outSizes;
  FailureOr<Value> init = buildTransposeInit(rewriter, op, outSizes);
  if (failed(init))
    return failure();
  Value acc = *init;

  // Enumerate the phases with taps in every dim (the others keep the bias of
  // the init); each one accumulates into its strided slice.
  SmallVector<SmallVector<SubpixelPhase>> phases;
  for (unsigned d = 0; d < k; ++d) {
    phases.push_back(
        getSubpixelPhasesWithTaps(params.dim(d), filterType.getDimSize(2 + d)));
    if (phases.back().empty())
      return rewriter.replaceOp(op, castTo(rewriter, loc, acc, resultType)),
             success();
  }
  // When every residue of every dim has taps, the phases write every output
  // position: the output starts empty and each phase accumulates into its
  // own initial value (zeros or the bias) instead of into a slice of a
  // filled output, which would cost one more pass over the output.
  bool covers = llvm::all_of(llvm::seq<unsigned>(0, k), [&](unsigned d) {
    return phases[d].size() == static_cast<size_t>(params.dim(d).stride);
  });
  Type elementType = resultType.getElementType();
  if (covers)
    acc = tensor::EmptyOp::create(rewriter, loc, outSizes, elementType);

  // The phases with outputs: their taps, input windows and output slices.
  struct PhaseSlice {
    SmallVector<TapSelection> taps;
    SmallVector<int64_t> start, subDilation;
    SmallVector<OpFoldResult> extent, offsets, sizes, strides;
  };
  std::vector<PhaseSlice> slices;
  SmallVector<size_t> index(k, 0);
  AffineExpr s0 = rewriter.getAffineSymbolExpr(0);
  while (true) {
    PhaseSlice ph;
    ph.offsets.assign(2, rewriter.getIndexAttr(0));
    ph.sizes = {outSizes[0], outSizes[1]};
    ph.strides.assign(2, rewriter.getIndexAttr(1));
    bool empty = false;
    for (unsigned d = 0; d < k && !empty; ++d) {
      SpatialParams p = params.dim(d);
      const SubpixelPhase &sp = phases[d][index[d]];
      // ceil((O - r) / s) outputs in this phase; an empty one has no outputs.
      OpFoldResult q = affine::makeComposedFoldedAffineApply(
          rewriter, loc,
          (s0 + getPhaseSizeConstant(p.stride, sp.residue)).floorDiv(p.stride),
          {outSizes[2 + d]});
      empty = isConstantIntValue(q, 0);
      ph.taps.push_back({sp.firstTap, sp.tapStep, sp.numTaps});
      ph.start.push_back(sp.inputOffset);
      ph.subDilation.push_back(sp.subDilation);
      ph.extent.push_back(affine::makeComposedFoldedAffineApply(
          rewriter, loc, s0 + sp.subDilation * (sp.numTaps - 1), {q}));
      ph.offsets.push_back(rewriter.getIndexAttr(sp.residue));
      ph.sizes.push_back(q);
      ph.strides.push_back(rewriter.getIndexAttr(p.stride));
    }
    if (!empty)
      slices.push_back(std::move(ph));
    // Next phase vector (odometer order).
    unsigned d = k;
    while (d > 0 && ++index[d - 1] == phases[d - 1].size())
      index[--d] = 0;
    if (d == 0)
      break;
  }

  // With static windows, all phases read windows of one zero-padded input
  // (padded by the most any phase needs on each side) instead of each
  // padding its own copy: one buffer to fill and copy instead of one per
  // phase, which memory-bound layers pay for.
  auto inputType = cast<RankedTensorType>(op.getInput().getType());
  bool shared = slices.size() > 1 && inputType.hasStaticShape();
  SmallVector<int64_t> lowPad(k, 0), highPad(k, 0);
  for (const PhaseSlice &ph : slices)
    for (unsigned d = 0; d < k && shared; ++d) {
      std::optional<int64_t> extent = getConstantIntValue(ph.extent[d]);
      if (!extent) {
        shared = false;
        break;
      }
      lowPad[d] = std::max(lowPad[d], -ph.start[d]);
      highPad[d] = std::max(highPad[d], ph.start[d] + *extent -
                                            inputType.getDimSize(2 + d));
    }
  Value padded;
  if (shared) {
    padded = extractZeroPaddedWindow(
        rewriter, loc, op.getInput(),
        llvm::map_to_vector(lowPad, [](int64_t v) { return -v; }),
        getAsIndexOpFoldResult(
            rewriter.getContext(),
            llvm::map_to_vector(llvm::seq<unsigned>(0, k), [&](unsigned d) {
              return lowPad[d] + inputType.getDimSize(2 + d) + highPad[d];
            })));
  }

  for (const PhaseSlice &ph : slices) {
    Value window;
    if (shared) {
      SmallVector<OpFoldResult> offsets(2, rewriter.getIndexAttr(0)),
          sizes = tensor::getMixedSizes(rewriter, loc, padded),
          unit(2 + k, rewriter.getIndexAttr(1));
      for (unsigned d = 0; d < k; ++d) {
        offsets.push_back(rewriter.getIndexAttr(ph.start[d] + lowPad[d]));
        sizes[2 + d] = ph.extent[d];
      }
      window = tensor::ExtractSliceOp::create(rewriter, loc, padded, offsets,
                                              sizes, unit);
    } else {
      window = extractZeroPaddedWindow(rewriter, loc, op.getInput(), ph.start,
                                       ph.extent);
    }
    Value filter = buildTransposedFilter(rewriter, loc, op.getFilter(),
                                         params.groups, ph.taps);
    Value slice =
        covers
            ? buildConvInit(rewriter, loc, ph.sizes, elementType, op.getBias())
            : tensor::ExtractSliceOp::create(rewriter, loc, acc, ph.offsets,
                                             ph.sizes, ph.strides)
                  .getResult();
    SmallVector<int64_t> ones(k, 1);
    Value phase = buildLinalgConv(rewriter, loc, window, filter, slice, ones,
                                  ph.subDilation, params.groups);
    acc = tensor::InsertSliceOp::create(rewriter, loc, phase, acc, ph.offsets,
                                        ph.sizes, ph.strides);
  }
  rewriter.replaceOp(op, castTo(rewriter, loc, acc, resultType));
  return success();
}

namespace {
struct DeconvTransposeToSubpixelPass
    : mlir::deconv::impl::DeconvTransposeToSubpixelBase<
          DeconvTransposeToSubpixelPass> {
  using Base::Base;
  void runOnOperation() override {
    if (failed(lowerAllTransposes(
            getOperation(), "by sub-pixel decomposition",
            [](ConvTransposeOp) { return TransposeStrategy::Subpixel; }, {},
            subpixelForm)))
      signalPassFailure();
  }
};
} // namespace
