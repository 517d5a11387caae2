//===- TransposeUtils.cpp - Helpers shared by the strategies --------------===//

#include "TransposeUtils.h"

#include "deconv/Dialect/Deconv/Transforms/Strategies.h"
#include "deconv/Dialect/Deconv/Utils/LinalgBuilders.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/IndexingUtils.h"
#include "mlir/IR/BuiltinDialect.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/Matchers.h"

#include "llvm/Support/FormatVariadic.h"

using namespace mlir;
using namespace mlir::deconv;

namespace {
/// One option value: the enum, its name on the command line, its help.
template <typename EnumT> struct NamedValue {
  EnumT value;
  const char *name;
  const char *help;
};
constexpr NamedValue<TransposeStrategy> kStrategies[] = {
    {TransposeStrategy::Auto, "auto",
     "per op: stride 1 and 2-D depthwise layers of small strides by zero "
     "insertion, others sub-pixel, within each strategy's limits"},
    {TransposeStrategy::ZeroInsertion, "zero-insertion",
     "zero insertion + direct convolution"},
    {TransposeStrategy::Subpixel, "subpixel",
     "sub-pixel (polyphase): no multiplication by an inserted zero"},
    {TransposeStrategy::Loops, "loops", "a tiled gather loop nest"},
};
constexpr NamedValue<SubpixelForm> kForms[] = {
    {SubpixelForm::Auto, "auto",
     "depth-to-space for 2-D and 3-D f32 layers whose kernel equals the "
     "stride (no padding) with at most 128 input channels and 8 phases; else "
     "batched when its surplus is at most 1.3x and Cout at most 16; else "
     "depth-to-space for 2-D and 3-D f32 layers with at most 64 input "
     "channels, 8 phases and rows of at least 64 outputs; else batched when "
     "the per-phase form would have more than 16 phases"},
    {SubpixelForm::Batched, "batched",
     "the phases stacked on the output channels of one convolution"},
    {SubpixelForm::PerPhase, "per-phase", "one convolution per phase"},
    {SubpixelForm::DepthToSpace, "depth-to-space",
     "one contraction over output positions, phases and taps whose result "
     "is the output (dilation 1, one group, outputs a whole number of "
     "strides long)"},
};

template <typename EnumT, size_t N>
std::optional<EnumT> findValue(const NamedValue<EnumT> (&table)[N],
                               StringRef name) {
  for (const NamedValue<EnumT> &e : table)
    if (name == e.name)
      return e.value;
  return std::nullopt;
}

template <typename EnumT, size_t N>
StringRef findName(const NamedValue<EnumT> (&table)[N], EnumT value) {
  for (const NamedValue<EnumT> &e : table)
    if (value == e.value)
      return e.name;
  llvm_unreachable("enum value without a name");
}

template <typename EnumT>
llvm::cl::OptionEnumValue toOption(const NamedValue<EnumT> &e) {
  return {e.name, static_cast<int>(e.value), e.help};
}
} // namespace

llvm::cl::ValuesClass mlir::deconv::getTransposeStrategyValues() {
  static_assert(std::size(kStrategies) == 4, "one entry per strategy");
  return llvm::cl::ValuesClass(
      {toOption(kStrategies[0]), toOption(kStrategies[1]),
       toOption(kStrategies[2]), toOption(kStrategies[3])});
}

llvm::cl::ValuesClass mlir::deconv::getSubpixelFormValues() {
  static_assert(std::size(kForms) == 4, "one entry per form");
  return llvm::cl::ValuesClass({toOption(kForms[0]), toOption(kForms[1]),
                                toOption(kForms[2]), toOption(kForms[3])});
}

std::optional<TransposeStrategy>
mlir::deconv::parseTransposeStrategy(StringRef name) {
  return findValue(kStrategies, name);
}

StringRef mlir::deconv::stringifyTransposeStrategy(TransposeStrategy value) {
  return findName(kStrategies, value);
}

std::optional<SubpixelForm> mlir::deconv::parseSubpixelForm(StringRef name) {
  return findValue(kForms, name);
}

StringRef mlir::deconv::stringifySubpixelForm(SubpixelForm value) {
  return findName(kForms, value);
}

std::string
mlir::deconv::getTransposeLoweringBlocker(ConvTransposeOp op,
                                          std::optional<TransposeStrategy> s,
                                          std::optional<SubpixelForm> form) {
  if (!isa<RankedTensorType>(op.getType()))
    return "result type is unranked; run --deconv-infer-shapes first";
  auto filterType = cast<RankedTensorType>(op.getFilter().getType());
  if (!filterType.hasStaticShape())
    return "the filter shape must be static to be transformed";
  ConvParams params = op.getParams();
  if (s == TransposeStrategy::Subpixel) {
    bool batchable = getBatchedSubpixelGeometry(op).has_value();
    if (form == SubpixelForm::Batched && !batchable)
      return "the batched sub-pixel form needs one group, dilation 1, "
             "strides that divide the kernel and static shapes";
    if (!batchable || form == SubpixelForm::PerPhase) {
      std::string blocker = getSubpixelPhaseLimitBlocker(op);
      if (!blocker.empty())
        return blocker;
    }
  }
  if (s == TransposeStrategy::Loops)
    for (int64_t stride : params.strides)
      if (stride > kMaxLoopsStride)
        return llvm::formatv("stride {0} is above the loops strategy's limit "
                             "of {1} (it tabulates the first tap of every "
                             "phase); use zero-insertion or subpixel",
                             stride, kMaxLoopsStride)
            .str();
  return "";
}

int64_t mlir::deconv::countSubpixelPhases(ConvTransposeOp op, int64_t cap) {
  auto filterType = cast<RankedTensorType>(op.getFilter().getType());
  ConvParams params = op.getParams();
  int64_t phases = 1;
  for (unsigned d = 0; d < params.getSpatialRank(); ++d) {
    // Capped before the product, which could overflow.
    int64_t n = std::min(countSubpixelPhasesWithTaps(
                             params.dim(d), filterType.getDimSize(2 + d)),
                         cap + 1);
    phases = std::min(phases * n, cap + 1);
  }
  return phases;
}

std::string mlir::deconv::getSubpixelPhaseLimitBlocker(ConvTransposeOp op) {
  if (countSubpixelPhases(op, kMaxSubpixelPhases) <= kMaxSubpixelPhases)
    return "";
  return llvm::formatv("the sub-pixel decomposition would emit more than "
                       "{0} phase convolutions; use loops or zero-insertion",
                       kMaxSubpixelPhases)
      .str();
}

LogicalResult mlir::deconv::lowerTranspose(RewriterBase &rewriter,
                                           ConvTransposeOp op,
                                           TransposeStrategy strategy,
                                           ArrayRef<int64_t> loopTileSizes,
                                           SubpixelForm subpixelForm) {
  if (hasNoProducts(op)) {
    rewriter.setInsertionPoint(op);
    SmallVector<OpFoldResult> outSizes;
    FailureOr<Value> init = buildTransposeInit(rewriter, op, outSizes);
    if (failed(init))
      return failure();
    Value result = *init;
    if (result.getType() != op.getType())
      result =
          tensor::CastOp::create(rewriter, op.getLoc(), op.getType(), result);
    rewriter.replaceOp(op, result);
    return success();
  }
  switch (strategy) {
  case TransposeStrategy::Auto:
    return lowerTranspose(rewriter, op, selectTransposeStrategy(op),
                          loopTileSizes, subpixelForm);
  case TransposeStrategy::ZeroInsertion:
    return lowerTransposeByZeroInsertion(rewriter, op);
  case TransposeStrategy::Subpixel:
    return lowerTransposeBySubpixel(rewriter, op, subpixelForm);
  case TransposeStrategy::Loops:
    return lowerTransposeToLoops(
        rewriter, op,
        loopTileSizes.empty() ? getDefaultLoopTileSizes(op.getSpatialRank())
                              : SmallVector<int64_t>(loopTileSizes));
  }
  llvm_unreachable("unknown strategy");
}

FailureOr<Value>
mlir::deconv::buildTransposeInit(OpBuilder &b, ConvTransposeOp op,
                                 SmallVectorImpl<OpFoldResult> &outSizes) {
  ReifiedRankedShapedTypeDims reified;
  if (failed(op.reifyResultShapes(b, reified)))
    return failure();
  outSizes.assign(reified[0].begin(), reified[0].end());
  Type elt = cast<RankedTensorType>(op.getType()).getElementType();
  return buildConvInit(b, op.getLoc(), outSizes, elt, op.getBias());
}

LogicalResult mlir::deconv::lowerAllTransposes(
    Operation *root, StringRef how,
    function_ref<TransposeStrategy(ConvTransposeOp)> choose,
    ArrayRef<int64_t> loopTileSizes, SubpixelForm subpixelForm) {
  IRRewriter rewriter(root->getContext());
  WalkResult r = root->walk([&](ConvTransposeOp op) {
    std::string blocker = getTransposeLoweringBlocker(op);
    std::optional<TransposeStrategy> strategy;
    if (blocker.empty()) {
      strategy = choose(op);
      blocker = getTransposeLoweringBlocker(op, strategy, subpixelForm);
    }
    if (!blocker.empty() ||
        failed(lowerTranspose(rewriter, op, *strategy, loopTileSizes,
                              subpixelForm))) {
      op.emitError("cannot be lowered")
          << (how.empty() ? "" : " ") << how << ": "
          << (blocker.empty() ? std::string("the rewrite failed") : blocker);
      return WalkResult::interrupt();
    }
    return WalkResult::advance();
  });
  return failure(r.wasInterrupted());
}

namespace {

/// A linalg.generic copying `source` into a new tensor of `shape`, element
/// `idx` from `source[sourceExprs(idx)]`.
Value buildGatherCopy(OpBuilder &b, Location loc, Value source,
                      ArrayRef<int64_t> shape,
                      ArrayRef<AffineExpr> sourceExprs) {
  Type elt = cast<RankedTensorType>(source.getType()).getElementType();
  Value empty = tensor::EmptyOp::create(b, loc, shape, elt);
  MLIRContext *ctx = b.getContext();
  unsigned numLoops = shape.size();
  SmallVector<AffineMap> maps = {
      AffineMap::get(numLoops, 0, sourceExprs, ctx),
      AffineMap::getMultiDimIdentityMap(numLoops, ctx)};
  SmallVector<utils::IteratorType> iters(numLoops,
                                         utils::IteratorType::parallel);
  return linalg::GenericOp::create(
             b, loc, empty.getType(), ValueRange{source}, ValueRange{empty},
             maps, iters,
             [](OpBuilder &nb, Location nl, ValueRange args) {
               linalg::YieldOp::create(nb, nl, args[0]);
             })
      .getResult(0);
}

} // namespace

Value mlir::deconv::buildTransposedFilter(OpBuilder &b, Location loc,
                                          Value filter, int64_t groups,
                                          ArrayRef<TapSelection> taps) {
  auto wType = cast<RankedTensorType>(filter.getType());
  unsigned k = taps.size();
  int64_t cin = wType.getDimSize(0), coutG = wType.getDimSize(1);
  SmallVector<int64_t> outShape = {coutG * groups, cin / groups};
  for (const TapSelection &t : taps)
    outShape.push_back(t.count);
  auto resultType = RankedTensorType::get(outShape, wType.getElementType());

  // Constant weights are transformed now, once, not at every call.
  SmallVector<int64_t> inStrides = computeStrides(wType.getShape());
  int64_t cinG = cin / groups;
  if (Value folded = foldConstantFilter(
          b, loc, filter, resultType, [&](ArrayRef<int64_t> idx) {
            int64_t g = idx[0] / coutG, co = idx[0] % coutG, ci = idx[1];
            int64_t off = (g * cinG + ci) * inStrides[0] + co * inStrides[1];
            for (unsigned d = 0; d < k; ++d)
              off += (taps[d].first +
                      (taps[d].count - 1 - idx[2 + d]) * taps[d].step) *
                     inStrides[2 + d];
            return off;
          }))
    return folded;

  // [Cin, Cout/g, K...] -> [g, Cin/g, Cout/g, K...] -> gather ->
  // [g, Cout/g, Cin/g, count...] -> [Cout, Cin/g, count...].
  SmallVector<int64_t> expShape = {groups, cinG, coutG};
  SmallVector<ReassociationIndices> reassoc = {{0, 1}, {2}};
  for (unsigned d = 0; d < k; ++d) {
    expShape.push_back(wType.getDimSize(2 + d));
    reassoc.push_back({3 + d});
  }
  Value expanded = tensor::ExpandShapeOp::create(
      b, loc, RankedTensorType::get(expShape, wType.getElementType()), filter,
      reassoc);
  SmallVector<int64_t> genShape = {groups, coutG, cinG};
  for (const TapSelection &t : taps)
    genShape.push_back(t.count);
  MLIRContext *ctx = b.getContext();
  SmallVector<AffineExpr> inExprs = {getAffineDimExpr(0, ctx),
                                     getAffineDimExpr(2, ctx),
                                     getAffineDimExpr(1, ctx)};
  for (unsigned d = 0; d < k; ++d)
    inExprs.push_back(taps[d].first + (taps[d].count - 1) * taps[d].step -
                      getAffineDimExpr(3 + d, ctx) * taps[d].step);
  Value gathered = buildGatherCopy(b, loc, expanded, genShape, inExprs);
  SmallVector<ReassociationIndices> collapse = {{0, 1}, {2}};
  for (unsigned d = 0; d < k; ++d)
    collapse.push_back({3 + d});
  return tensor::CollapseShapeOp::create(b, loc, resultType, gathered,
                                         collapse);
}

Value mlir::deconv::buildPhaseStackedFilter(OpBuilder &b, Location loc,
                                            Value filter,
                                            ArrayRef<int64_t> strides,
                                            bool channelMajor) {
  auto wType = cast<RankedTensorType>(filter.getType());
  unsigned k = strides.size();
  int64_t cin = wType.getDimSize(0), cout = wType.getDimSize(1);
  int64_t phases = 1;
  SmallVector<int64_t> taps;
  for (unsigned d = 0; d < k; ++d) {
    phases *= strides[d];
    taps.push_back(wType.getDimSize(2 + d) / strides[d]);
  }
  SmallVector<int64_t> outShape = {phases * cout, cin};
  outShape.append(taps);
  auto resultType = RankedTensorType::get(outShape, wType.getElementType());

  // Output [(rho_1..rho_k, co), ci, m...] takes tap rho + (T-1-m)*s.
  SmallVector<int64_t> inStrides = computeStrides(wType.getShape());
  if (Value folded = foldConstantFilter(
          b, loc, filter, resultType, [&](ArrayRef<int64_t> idx) {
            int64_t co = channelMajor ? idx[0] / phases : idx[0] % cout;
            int64_t rest = channelMajor ? idx[0] % phases : idx[0] / cout;
            int64_t off = idx[1] * inStrides[0] + co * inStrides[1];
            for (int64_t d = k - 1; d >= 0; --d) {
              int64_t rho = rest % strides[d];
              rest /= strides[d];
              off += (rho + (taps[d] - 1 - idx[2 + d]) * strides[d]) *
                     inStrides[2 + d];
            }
            return off;
          }))
    return folded;

  // [Cin, Cout, K...] -> [Cin, Cout, T_1, s_1, ...] -> gather ->
  // [s_1..s_k, Cout, Cin, T...] (channel-major: [Cout, s_1..s_k, Cin, T...])
  // -> [S*Cout, Cin, T...].
  SmallVector<int64_t> expShape = {cin, cout};
  SmallVector<ReassociationIndices> reassoc = {{0}, {1}};
  for (unsigned d = 0; d < k; ++d) {
    reassoc.push_back({2 + 2 * d, 3 + 2 * d});
    expShape.append({taps[d], strides[d]});
  }
  Value expanded = tensor::ExpandShapeOp::create(
      b, loc, RankedTensorType::get(expShape, wType.getElementType()), filter,
      reassoc);
  // Gather dims: the phases rho_d and co in their stacking order, then ci
  // and the taps.
  unsigned coDim = channelMajor ? 0 : k, rhoDim = channelMajor ? 1 : 0;
  SmallVector<int64_t> genShape(strides);
  genShape.insert(genShape.begin() + coDim, cout);
  genShape.push_back(cin);
  genShape.append(taps);
  MLIRContext *ctx = b.getContext();
  auto dim = [&](unsigned i) { return getAffineDimExpr(i, ctx); };
  SmallVector<AffineExpr> inExprs = {dim(k + 1), dim(coDim)};
  for (unsigned d = 0; d < k; ++d)
    inExprs.append({taps[d] - 1 - dim(k + 2 + d), dim(rhoDim + d)});
  Value gathered = buildGatherCopy(b, loc, expanded, genShape, inExprs);
  SmallVector<ReassociationIndices> collapse = {{}, {k + 1}};
  for (unsigned d = 0; d <= k; ++d)
    collapse[0].push_back(d);
  for (unsigned d = 0; d < k; ++d)
    collapse.push_back({k + 2 + d});
  return tensor::CollapseShapeOp::create(b, loc, resultType, gathered,
                                         collapse);
}

Value mlir::deconv::extractZeroPaddedWindow(OpBuilder &b, Location loc,
                                            Value input,
                                            ArrayRef<int64_t> start,
                                            ArrayRef<OpFoldResult> extent) {
  auto type = cast<RankedTensorType>(input.getType());
  SmallVector<OpFoldResult> sizes = tensor::getMixedSizes(b, loc, input);
  SmallVector<OpFoldResult> offsets(type.getRank(), b.getIndexAttr(0));
  SmallVector<OpFoldResult> counts(sizes),
      low(type.getRank(), b.getIndexAttr(0)),
      high(type.getRank(), b.getIndexAttr(0));
  MLIRContext *ctx = b.getContext();
  AffineExpr s0 = getAffineSymbolExpr(0, ctx), s1 = getAffineSymbolExpr(1, ctx);
  bool identity = true;
  for (unsigned d = 0; d < start.size(); ++d) {
    unsigned dim = 2 + d;
    int64_t lo = std::max<int64_t>(-start[d], 0);
    int64_t off = std::max<int64_t>(start[d], 0);
    // count = max(0, min(start + extent, I) - off); hi = extent - lo - count.
    OpFoldResult end = affine::makeComposedFoldedAffineMin(
        b, loc, AffineMap::get(0, 2, {s0 + start[d], s1}, ctx),
        {extent[d], sizes[dim]});
    OpFoldResult count = affine::makeComposedFoldedAffineMax(
        b, loc,
        AffineMap::get(0, 1, {getAffineConstantExpr(0, ctx), s0 - off}, ctx),
        {end});
    OpFoldResult hi = affine::makeComposedFoldedAffineApply(
        b, loc, s0 - s1 - lo, {extent[d], count});
    // A window entirely after the input reads nothing; the (empty) slice's
    // offset must still lie inside the tensor.
    offsets[dim] = affine::makeComposedFoldedAffineMin(
        b, loc,
        AffineMap::get(0, 1, {getAffineConstantExpr(off, ctx), s0 - 1}, ctx),
        {sizes[dim]});
    counts[dim] = count;
    low[dim] = b.getIndexAttr(lo);
    high[dim] = hi;
    identity &=
        lo == 0 && off == 0 && isConstantIntValue(hi, 0) && count == sizes[dim];
  }
  if (identity)
    return input;
  SmallVector<OpFoldResult> unit(type.getRank(), b.getIndexAttr(1));
  Value slice =
      tensor::ExtractSliceOp::create(b, loc, input, offsets, counts, unit);
  if (llvm::all_of(llvm::concat<OpFoldResult>(low, high),
                   [](OpFoldResult v) { return isConstantIntValue(v, 0); }))
    return slice;
  // Zeros of the window's size with the slice inserted at `low`. (Not
  // tensor.pad: its bufferization emits an out-of-bounds subview when the
  // source is empty.) The offset is clamped for the same reason.
  SmallVector<OpFoldResult> windowSizes(sizes.begin(), sizes.begin() + 2);
  SmallVector<OpFoldResult> insertAt(low);
  for (unsigned d = 0; d < start.size(); ++d) {
    windowSizes.push_back(extent[d]);
    insertAt[2 + d] = affine::makeComposedFoldedAffineMin(
        b, loc, AffineMap::get(0, 2, {s0, s1 - 1}, ctx),
        {low[2 + d], extent[d]});
  }
  Value zero =
      arith::ConstantOp::create(b, loc, b.getZeroAttr(type.getElementType()));
  Value zeros =
      tensor::EmptyOp::create(b, loc, windowSizes, type.getElementType());
  zeros = linalg::FillOp::create(b, loc, zero, zeros).getResult(0);
  return tensor::InsertSliceOp::create(b, loc, slice, zeros, insertAt, counts,
                                       unit);
}
