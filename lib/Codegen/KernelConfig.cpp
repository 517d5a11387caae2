//===- KernelConfig.cpp - Kernel and tile choice per convolution ----------===//

#include "deconv/Codegen/KernelConfig.h"
#include "deconv/Codegen/Utils.h"
#include "deconv/Dialect/Deconv/Utils/LinalgBuilders.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/Matchers.h"

#include "llvm/Support/FormatVariadic.h"

using namespace mlir;
using namespace mlir::deconv;

CpuTarget CpuTarget::forF32Lanes(int64_t lanes, int64_t registers,
                                 int64_t l2CacheBytes, bool bf16Dot) {
  CpuTarget t;
  t.bf16Dot = bf16Dot;
  t.vectorBits = lanes * 32;
  t.vectorRegisters = registers > 0 ? registers : (lanes >= 16 ? 32 : 16);
  t.l2CacheBytes = l2CacheBytes;
  return t;
}

StringRef mlir::deconv::stringifyKernelKind(KernelKind kind) {
  switch (kind) {
  case KernelKind::None:
    return "none";
  case KernelKind::ChannelsLast:
    return "channels-last";
  case KernelKind::PointwiseNchw:
    return "pointwise-nchw";
  case KernelKind::DepthwiseRows:
    return "depthwise-rows";
  case KernelKind::DepthwiseChannelsLast:
    return "depthwise-channels-last";
  case KernelKind::Rows:
    return "rows";
  case KernelKind::DepthToSpace:
    return "depth-to-space";
  }
  llvm_unreachable("unknown kernel kind");
}

std::optional<KernelKind> mlir::deconv::symbolizeKernelKind(StringRef name) {
  for (KernelKind k :
       {KernelKind::None, KernelKind::ChannelsLast, KernelKind::PointwiseNchw,
        KernelKind::DepthwiseRows, KernelKind::DepthwiseChannelsLast,
        KernelKind::Rows, KernelKind::DepthToSpace})
    if (stringifyKernelKind(k) == name)
      return k;
  return std::nullopt;
}

DictionaryAttr KernelConfig::toAttr(MLIRContext *ctx) const {
  Builder b(ctx);
  SmallVector<NamedAttribute> attrs = {
      b.getNamedAttr("kind", b.getStringAttr(stringifyKernelKind(kind)))};
  if (kind == KernelKind::None) {
    attrs.push_back(b.getNamedAttr("reason", b.getStringAttr(reason)));
    return b.getDictionaryAttr(attrs);
  }
  attrs.push_back(b.getNamedAttr(
      "tile", b.getDenseI64ArrayAttr({rows, width, channels, reduction})));
  attrs.push_back(
      b.getNamedAttr("padded_width", b.getI64IntegerAttr(paddedWidth)));
  if (channelBlock)
    attrs.push_back(
        b.getNamedAttr("channel_block", b.getI64IntegerAttr(channelBlock)));
  if (filterOuter)
    attrs.push_back(b.getNamedAttr("filter_outer", b.getUnitAttr()));
  if (bf16Pairs)
    attrs.push_back(b.getNamedAttr("bf16_pairs", b.getUnitAttr()));
  if (tailChannels)
    attrs.push_back(
        b.getNamedAttr("tail_channels", b.getI64IntegerAttr(tailChannels)));
  return b.getDictionaryAttr(attrs);
}

std::optional<KernelConfig> KernelConfig::fromAttr(Attribute attr) {
  auto dict = dyn_cast_or_null<DictionaryAttr>(attr);
  if (!dict)
    return std::nullopt;
  auto kindName = dict.getAs<StringAttr>("kind");
  std::optional<KernelKind> kind =
      kindName ? symbolizeKernelKind(kindName.getValue()) : std::nullopt;
  if (!kind)
    return std::nullopt;
  KernelConfig c;
  c.kind = *kind;
  if (c.kind == KernelKind::None) {
    if (auto reason = dict.getAs<StringAttr>("reason"))
      c.reason = reason.str();
    return c;
  }
  auto tile = dict.getAs<DenseI64ArrayAttr>("tile");
  auto padded = dict.getAs<IntegerAttr>("padded_width");
  if (!tile || tile.size() != 4 || !padded ||
      llvm::any_of(tile.asArrayRef(), [](int64_t v) { return v < 1; }))
    return std::nullopt;
  c.rows = tile[0];
  c.width = tile[1];
  c.channels = tile[2];
  c.reduction = tile[3];
  c.paddedWidth = padded.getInt();
  if (c.paddedWidth < c.width || c.paddedWidth % c.width != 0)
    return std::nullopt;
  if (auto block = dict.getAs<IntegerAttr>("channel_block"))
    c.channelBlock = block.getInt();
  c.filterOuter = dict.contains("filter_outer");
  c.bf16Pairs = dict.contains("bf16_pairs");
  if (auto tail = dict.getAs<IntegerAttr>("tail_channels"))
    c.tailChannels = tail.getInt();
  if (c.bf16Pairs && ((c.kind != KernelKind::ChannelsLast &&
                       c.kind != KernelKind::PointwiseNchw) ||
                      c.reduction % 2))
    return std::nullopt;
  return c;
}

std::string KernelConfig::describe() const {
  std::string s = (stringifyKernelKind(kind) + " kernel, ").str();
  switch (kind) {
  case KernelKind::None:
    return "scalar loops: " + reason;
  case KernelKind::ChannelsLast:
    s += llvm::formatv("tile {0} row(s) x {1} pixel(s) x {2} channel(s), {3} "
                       "input channel(s) per step",
                       rows, width, channels, reduction);
    break;
  case KernelKind::PointwiseNchw:
    s += llvm::formatv("tile {0} output channel(s) x {1} pixel(s), {2} input "
                       "channel(s) per step",
                       width, channels, reduction);
    break;
  case KernelKind::DepthwiseRows:
    s += llvm::formatv("tile {0} row(s) x {1} pixel(s)", rows, width);
    break;
  case KernelKind::DepthwiseChannelsLast:
    s += llvm::formatv("tile {0} pixel(s) x {1} channel(s)", width, channels);
    break;
  case KernelKind::Rows:
    s += llvm::formatv("tile {0} channel(s) x {1} row(s) x {2} pixel(s)",
                       channels, rows, width);
    break;
  case KernelKind::DepthToSpace:
    s += llvm::formatv("tile {0} output channel(s) x all phases x {1} "
                       "position(s) of {2} row(s), {3} output channel(s) per "
                       "parallel tile",
                       channels, width, rows, channelBlock);
    if (tailChannels)
      s += llvm::formatv(", {0} per tile of a row's last chunk", tailChannels);
    return s;
  }
  if (channelBlock)
    s +=
        llvm::formatv(", filter in blocks of {0} input channels", channelBlock);
  if (filterOuter)
    s += ", channel tiles outermost";
  if (bf16Pairs)
    s += ", bf16 channel pairs on the dot product";
  return s;
}

std::pair<int64_t, int64_t> mlir::deconv::selectWidthTile(int64_t width,
                                                          int64_t maxWidth) {
  // A width with no good divisor (a prime such as 17 or 257, common in the
  // batched sub-pixel form) would get a tile of a pixel or two, reloading
  // the filter for every FMA: it is padded instead, with the fewest extra
  // columns a tile of at least half of `maxWidth` gives.
  int64_t tile = largestDivisorAtMost(width, maxWidth), padded = width;
  if (2 * tile < maxWidth && width > maxWidth) {
    for (int64_t cand = maxWidth; 2 * cand >= maxWidth; --cand) {
      int64_t p = (width + cand - 1) / cand * cand;
      if (padded == width || p < padded) {
        tile = cand;
        padded = p;
      }
    }
  }
  return {tile, padded};
}

/// Input channels per unrolled step of the channels-last kernel.
static constexpr int64_t kMaxStepChannels = 8;

KernelConfig mlir::deconv::selectChannelsLastTile(int64_t oh, int64_t ow,
                                                  int64_t f, int64_t c,
                                                  const CpuTarget &target) {
  int64_t lanes = target.getLanes();
  KernelConfig t;
  t.kind = KernelKind::ChannelsLast;
  // Output channels fill the vector lanes: two vectors per row where they
  // divide, else one, else the largest divisor that fits one vector.
  if (f % (2 * lanes) == 0)
    t.channels = 2 * lanes;
  else if (f % lanes == 0)
    t.channels = lanes;
  else
    t.channels = largestDivisorAtMost(f, lanes);
  int64_t vectorsPerRow = (t.channels + lanes - 1) / lanes;
  int64_t registers = target.getAccumulatorRegisters();
  std::tie(t.width, t.paddedWidth) =
      selectWidthTile(ow, std::max<int64_t>(1, registers / vectorsPerRow));
  t.reduction = largestDivisorAtMost(c, kMaxStepChannels);
  // A short row segment (a narrow image) leaves most registers idle: take
  // several rows per tile, one row per unrolled step, so that the rows share
  // each filter load.
  if (2 * t.width * vectorsPerRow <= registers)
    t.rows = largestDivisorAtMost(oh, registers / (t.width * vectorsPerRow));
  return t;
}

/// The vectors of a rows-kernel tile that each filter broadcast feeds.
static constexpr int64_t kRowsKernelVectors = 4;
/// The most 1-D convs (channel x row x filter tap) a rows-kernel step
/// unrolls: larger steps save few loads and compile slowly.
static constexpr int64_t kRowsKernelMaxSteps = 72;
/// Up to a quarter of a vector of channels, the rows kernel always beats the
/// channels-last one. Up to half a vector it still runs faster, but its
/// larger steps compile slowly, and the small ops that dynamic tiles and
/// sub-pixel phases make are compiled many times over: only ops with at
/// least this many output pixels per channel take it.
static constexpr int64_t kRowsKernelMinPixelsHalfVector = 512;

/// The depthwise rows kernel unrolls rows x filter taps per step: filters of
/// up to 7x7 (ConvNeXt, MobileNet's 5x5) take it, larger ones the
/// channels-last depthwise kernel, whose steps are loops.
static constexpr int64_t kDepthwiseRowsMaxTaps = 64;
static constexpr int64_t kDepthwiseRowsMaxSteps = 4 * 49;

std::optional<KernelConfig>
mlir::deconv::selectRowsTile(int64_t oh, int64_t ow, int64_t f, int64_t taps,
                             const CpuTarget &target) {
  int64_t lanes = target.getLanes();
  int64_t vectorsPerRow = llvm::divideCeil(ow, lanes);
  // A step unrolls every tap of every channel: a filter larger than the
  // step bound (a hostile 2^40-tap one included) would unroll without end.
  if (taps > kRowsKernelMaxSteps || f * taps > kRowsKernelMaxSteps ||
      2 * f > lanes || 4 * ow < 3 * vectorsPerRow * lanes ||
      (4 * f > lanes && oh * ow < kRowsKernelMinPixelsHalfVector))
    return std::nullopt;
  // Every output channel of a row segment shares each input vector loaded,
  // and every vector of a segment shares each filter tap broadcast: all
  // channels, as many whole vectors of the row as the accumulators allow (a
  // power of two: LLVM splits those into vectors, others element by
  // element), then rows until a broadcast feeds kRowsKernelVectors vectors,
  // within kRowsKernelMaxSteps.
  int64_t registers = target.getAccumulatorRegisters();
  KernelConfig c;
  c.kind = KernelKind::Rows;
  c.channels = f;
  int64_t vectors = 1;
  while (vectorsPerRow % (2 * vectors) == 0 && 2 * vectors * f <= registers)
    vectors *= 2;
  c.width = vectors * lanes;
  c.paddedWidth = vectorsPerRow * lanes;
  int64_t rows =
      std::min({registers / (f * vectors), kRowsKernelVectors / vectors,
                kRowsKernelMaxSteps / (f * taps)});
  c.rows = largestDivisorAtMost(oh, std::max<int64_t>(1, rows));
  return c;
}

/// The rows kernel's tile for `conv`, if it can take that kernel (a unit
/// stride and dilation along the row: a tap's inputs are then one vector
/// load) and it uses the lanes better than the channels-last one.
static std::optional<KernelConfig>
getRowsCandidate(linalg::Conv2DNchwFchwOp conv, const CpuTarget &target) {
  if (!isMicroKernelCandidate(conv) ||
      conv.getStrides().getValues<int64_t>()[1] != 1 ||
      conv.getDilations().getValues<int64_t>()[1] != 1)
    return std::nullopt;
  auto w = cast<RankedTensorType>(conv.getInputs()[1].getType());
  auto y = cast<RankedTensorType>(conv.getOutputs()[0].getType());
  int64_t kh = w.getDimSize(2), kw = w.getDimSize(3);
  if (kh > kRowsKernelMaxSteps || kw > kRowsKernelMaxSteps)
    return std::nullopt;
  return selectRowsTile(y.getDimSize(2), y.getDimSize(3), y.getDimSize(1),
                        kh * kw, target);
}

/// `target` for the kernels of `op`: tiles count vectors of the
/// accumulators' type (f64: half the lanes of f32).
static CpuTarget forAccumulators(linalg::LinalgOp op, const CpuTarget &target) {
  return target.forElementBits(
      getElementTypeOrSelf(op.getDpsInits()[0]).getIntOrFloatBitWidth());
}

static int64_t getByteSize(RankedTensorType type) {
  return type.getNumElements() *
         llvm::divideCeil(type.getElementTypeBitWidth(), 8);
}

/// Whether `conv` is a 1x1, unit-stride NCHW conv of one image whose pixels
/// fill whole pairs of vectors and whose filter fits the channel block.
/// `target` is already the one for its accumulators (forAccumulators).
static bool isPointwiseNchwCandidate(Operation *op, const CpuTarget &target) {
  auto conv = dyn_cast<linalg::Conv2DNchwFchwOp>(op);
  if (!conv || !isMicroKernelCandidate(conv))
    return false;
  auto x = cast<RankedTensorType>(conv.getInputs()[0].getType());
  auto w = cast<RankedTensorType>(conv.getInputs()[1].getType());
  auto y = cast<RankedTensorType>(conv.getOutputs()[0].getType());
  auto isOne = [](int64_t v) { return v == 1; };
  // Each tile of pixels reads the whole filter, hence the bound on it.
  return x.getDimSize(0) == 1 && w.getDimSize(2) == 1 && w.getDimSize(3) == 1 &&
         x.getDimSize(2) == y.getDimSize(2) &&
         x.getDimSize(3) == y.getDimSize(3) &&
         llvm::all_of(conv.getStrides().getValues<int64_t>(), isOne) &&
         y.getDimSize(2) * y.getDimSize(3) % (2 * target.getLanes()) == 0 &&
         getByteSize(w) <= target.getChannelBlockBytes();
}

bool mlir::deconv::isNchwCandidate(Operation *op, const CpuTarget &f32Target) {
  auto conv = dyn_cast<linalg::Conv2DNchwFchwOp>(op);
  if (!conv)
    return false;
  CpuTarget target = forAccumulators(conv, f32Target);
  // The rows kernel has no bf16 form.
  if (getElementTypeOrSelf(conv.getInputs()[0]).isBF16())
    return isPointwiseNchwCandidate(op, target);
  return isPointwiseNchwCandidate(op, target) || getRowsCandidate(conv, target);
}

/// Why `op` cannot take any kernel, or "".
static KernelConfig none(std::string reason) {
  KernelConfig c;
  c.reason = std::move(reason);
  return c;
}

/// The tile `c` of a bf16 conv with `cin` input channels on the dot product,
/// or none: bf16 runs on the dot product only (vectors extended to f32 in
/// the kernel would be slower than the f32 copies the pipeline makes
/// otherwise). It takes input channels in pairs, and so do the steps (and
/// the channel blocks, multiples of a step).
static KernelConfig withBf16Pairs(KernelConfig c, int64_t cin,
                                  const CpuTarget &target) {
  if (!target.bf16Dot || cin % 2 != 0 || c.channels % target.getLanes() != 0)
    return none("bf16 operands without the dot product's pairs (no "
                "AVX512_BF16, an odd number of input channels, or output "
                "channels that are not whole vectors)");
  c.bf16Pairs = true;
  c.reduction = 2 * largestDivisorAtMost(cin / 2, kMaxStepChannels / 2);
  if (c.channelBlock % c.reduction)
    c.channelBlock = 0;
  return c;
}

KernelConfig mlir::deconv::selectKernelConfig(Operation *op,
                                              const CpuTarget &f32Target,
                                              bool nchw) {
  auto linalgOp = dyn_cast<linalg::LinalgOp>(op);
  if (!linalgOp || linalgOp.getNumDpsInputs() < 2 ||
      linalgOp.getNumDpsInits() != 1)
    return none("not a convolution");
  std::string blocker = getMicroKernelBlocker(linalgOp);
  if (!blocker.empty())
    return none(blocker);
  CpuTarget target = forAccumulators(linalgOp, f32Target);
  bool bf16 = getElementTypeOrSelf(linalgOp.getDpsInputs()[0]).isBF16();
  if (bf16 && !isa<linalg::Conv2DNchwFchwOp>(op))
    return none("bf16 operands (only ungrouped convs take them in a kernel)");

  if (auto conv = dyn_cast<linalg::Conv2DNchwFchwOp>(op)) {
    auto x = cast<RankedTensorType>(conv.getInputs()[0].getType());
    auto w = cast<RankedTensorType>(conv.getInputs()[1].getType());
    auto y = cast<RankedTensorType>(conv.getOutputs()[0].getType());
    int64_t cin = w.getDimSize(1);
    if (nchw && isPointwiseNchwCandidate(op, target)) {
      // The matrix product with the roles swapped: the filter's rows are the
      // "pixels", the image's pixels the "output channels".
      KernelConfig c = selectChannelsLastTile(1, y.getDimSize(1),
                                              y.getDimSize(2) * y.getDimSize(3),
                                              x.getDimSize(1), target);
      c.kind = KernelKind::PointwiseNchw;
      c.filterOuter = true;
      return bf16 ? withBf16Pairs(c, cin, target) : c;
    }
    // The rows kernel has no dot product.
    if (nchw && !bf16)
      if (std::optional<KernelConfig> c = getRowsCandidate(conv, target))
        return *c;
    KernelConfig c = selectChannelsLastTile(
        y.getDimSize(2), y.getDimSize(3), y.getDimSize(1), x.getDimSize(1),
        bf16 ? target.forBf16Pairs() : target);
    int64_t weightBytes = getByteSize(w);
    int64_t blockBytes = target.getChannelBlockBytes();
    if (weightBytes > 2 * blockBytes) {
      int64_t perChannel = weightBytes / cin, kc = 0;
      for (int64_t d = c.reduction; d < cin; d += c.reduction)
        if (cin % d == 0 && d * perChannel <= blockBytes)
          kc = d;
      // Smaller blocks would reload the accumulators too often.
      if (kc >= 32)
        c.channelBlock = kc;
    }
    c.filterOuter = weightBytes > target.getStreamedFilterBytes();
    return bf16 ? withBf16Pairs(c, cin, target) : c;
  }

  if (auto conv = dyn_cast<linalg::Conv2DNgchwGfchwOp>(op)) {
    auto x = cast<RankedTensorType>(conv.getInputs()[0].getType());
    auto w = cast<RankedTensorType>(conv.getInputs()[1].getType());
    auto y = cast<RankedTensorType>(conv.getOutputs()[0].getType());
    if (x.getDimSize(2) != 1 || w.getDimSize(1) != 1)
      return none(llvm::formatv("grouped conv with {0} input and {1} output "
                                "channels per group (only depthwise convs "
                                "have a kernel)",
                                x.getDimSize(2), w.getDimSize(1)));
    int64_t lanes = target.getLanes();
    int64_t ow = y.getDimSize(4);
    auto isOne = [](int64_t v) { return v == 1; };
    int64_t kh = w.getDimSize(3), kw = w.getDimSize(4);
    KernelConfig c;
    if (llvm::all_of(conv.getStrides().getValues<int64_t>(), isOne) &&
        llvm::all_of(conv.getDilations().getValues<int64_t>(), isOne) &&
        kh <= kDepthwiseRowsMaxTaps && kw <= kDepthwiseRowsMaxTaps &&
        kh * kw <= kDepthwiseRowsMaxTaps) {
      c.kind = KernelKind::DepthwiseRows;
      // A row segment of up to two full vectors; LLVM lowers odd vector sizes
      // element by element, so the segment is a power-of-two part of a
      // vector or the width is padded to whole vectors.
      c.width = 0;
      c.paddedWidth = ow;
      for (int64_t t = 2 * lanes; t >= std::max<int64_t>(4, lanes / 2); t /= 2)
        if (ow % t == 0) {
          c.width = t;
          break;
        }
      if (!c.width) {
        c.width = lanes;
        c.paddedWidth = llvm::divideCeil(ow, lanes) * lanes;
      }
      // Independent accumulator chains, one per row.
      c.rows = largestDivisorAtMost(
          y.getDimSize(3),
          std::min<int64_t>(4, kDepthwiseRowsMaxSteps / (kh * kw)));
      return c;
    }
    c.kind = KernelKind::DepthwiseChannelsLast;
    int64_t groups = x.getDimSize(1);
    c.channels =
        groups % lanes == 0 ? lanes : largestDivisorAtMost(groups, lanes);
    // The accumulators, the input window and the filter row share the
    // registers.
    std::tie(c.width, c.paddedWidth) =
        selectWidthTile(ow, target.vectorRegisters / 4);
    return c;
  }

  return none(("no kernel for '" + op->getName().getStringRef() + "'").str());
}

int64_t DepthToSpaceShape::getPhases() const {
  int64_t phases = 1;
  for (int64_t s : strides)
    phases *= s;
  return phases;
}

PhaseTapsDim DepthToSpaceShape::getDim(unsigned d) const {
  return {strides[d],     kernels[d],     taps[d],
          phaseShifts[d], inputShifts[d], sizes[d]};
}

int64_t DepthToSpaceShape::getFilterPhase(unsigned d, int64_t r) const {
  return getDim(d).getPhase(r);
}

int64_t DepthToSpaceShape::getInputOffset(unsigned d, int64_t r) const {
  return getDim(d).getShift(r);
}

int64_t DepthToSpaceShape::getRealTaps(unsigned d, int64_t r) const {
  return getDim(d).getRealTaps(r);
}

int64_t DepthToSpaceShape::getProductsPerPosition() const {
  int64_t total = 1;
  for (unsigned d = 0; d < strides.size(); ++d) {
    int64_t sum = 0;
    for (int64_t r = 0; r < strides[d]; ++r)
      sum += getRealTaps(d, r);
    total *= sum;
  }
  return total;
}

DepthToSpaceShape::InputReach
DepthToSpaceShape::getInputReach(unsigned d) const {
  InputReach reach;
  bool any = false;
  for (int64_t r = 0; r < strides[d]; ++r) {
    int64_t taps = getRealTaps(d, r);
    if (!taps)
      continue;
    int64_t hi = getInputOffset(d, r), lo = hi - (taps - 1);
    reach.first = any ? std::min(reach.first, lo) : lo;
    reach.last = any ? std::max(reach.last, hi) : hi;
    any = true;
  }
  return reach;
}

/// The constant `expr` takes with dim `dim` = `value` and the others 0.
static std::optional<int64_t> evaluateAt(AffineExpr expr, unsigned numDims,
                                         unsigned dim, int64_t value) {
  MLIRContext *ctx = expr.getContext();
  SmallVector<AffineExpr> dims(numDims, getAffineConstantExpr(0, ctx));
  dims[dim] = getAffineConstantExpr(value, ctx);
  auto c = dyn_cast<AffineConstantExpr>(
      simplifyAffineExpr(expr.replaceDims(dims), 0, 0));
  if (!c)
    return std::nullopt;
  return c.getValue();
}

/// The filter length of dim `d` whose entries may be nonzero: less than the
/// operand's taps x stride where the operand is a filter padded with zeros
/// (and reshaped to [ci, co, t_1, s_1, ...]).
static int64_t getNonzeroFilterLength(Value w, unsigned d, int64_t length) {
  auto expand = w.getDefiningOp<tensor::ExpandShapeOp>();
  if (!expand)
    return length;
  auto pad = expand.getSrc().getDefiningOp<tensor::PadOp>();
  Value padValue = pad ? pad.getConstantPaddingValue() : Value();
  if (!padValue || !matchPattern(padValue, m_AnyZeroFloat()))
    return length;
  ArrayRef<int64_t> lo = pad.getStaticLow(), hi = pad.getStaticHigh();
  if (lo[2 + d] != 0 || ShapedType::isDynamic(hi[2 + d]))
    return length;
  return length - hi[2 + d];
}

std::optional<DepthToSpaceShape>
mlir::deconv::matchDepthToSpace(Operation *op) {
  auto generic = dyn_cast<linalg::GenericOp>(op);
  if (!generic || generic.getNumDpsInputs() != 2 ||
      generic.getNumDpsInits() != 1)
    return std::nullopt;
  auto x = dyn_cast<RankedTensorType>(generic.getDpsInputs()[0].getType());
  auto w = dyn_cast<RankedTensorType>(generic.getDpsInputs()[1].getType());
  auto y = dyn_cast<RankedTensorType>(generic.getDpsInits()[0].getType());
  if (!x || !w || !y || !x.hasStaticShape() || !w.hasStaticShape() ||
      !y.hasStaticShape() || !x.getElementType().isF32() ||
      !w.getElementType().isF32() || !y.getElementType().isF32() ||
      x.getRank() < 3 || w.getRank() != 2 * x.getRank() - 2 ||
      y.getRank() != 2 * x.getRank() - 2)
    return std::nullopt;
  unsigned k = x.getRank() - 2, numLoops = 3 + 3 * k;
  if (generic.getNumLoops() != numLoops)
    return std::nullopt;
  // The shifts are read off the input map, then all maps must be the ones
  // getDepthToSpaceMaps builds from them.
  AffineMap xMap = generic.getIndexingMapsArray()[0];
  SmallVector<DepthToSpaceMapDim> dims;
  for (unsigned d = 0; d < k; ++d) {
    int64_t s = y.getDimSize(3 + 2 * d);
    if (s < 1 || w.getDimSize(3 + 2 * d) != s || xMap.getNumResults() != 2 + k)
      return std::nullopt;
    AffineExpr e = xMap.getResult(2 + d);
    std::optional<int64_t> shift = evaluateAt(e, numLoops, 3 + 2 * d, 0);
    if (!shift)
      return std::nullopt;
    int64_t phaseShift = 0;
    for (int64_t r = 1; r < s; ++r) {
      std::optional<int64_t> v = evaluateAt(e, numLoops, 3 + 2 * d, r);
      if (!v)
        return std::nullopt;
      if (*v != *shift) {
        phaseShift = s - r;
        break;
      }
    }
    dims.push_back({s, phaseShift, *shift});
  }
  SmallVector<AffineMap> maps = getDepthToSpaceMaps(dims, op->getContext());
  if (generic.getIndexingMapsArray() != ArrayRef<AffineMap>(maps))
    return std::nullopt;
  SmallVector<utils::IteratorType> iters = generic.getIteratorTypesArray();
  for (unsigned i = 0; i < numLoops; ++i)
    if (iters[i] != (i >= 2 + 2 * k ? utils::IteratorType::reduction
                                    : utils::IteratorType::parallel))
      return std::nullopt;
  // The body: acc + x * w.
  Block &body = generic.getRegion().front();
  auto yield = cast<linalg::YieldOp>(body.getTerminator());
  auto add = yield.getValues()[0].getDefiningOp<arith::AddFOp>();
  if (!add || body.getOperations().size() != 3)
    return std::nullopt;
  Value acc = body.getArgument(2), product = add.getRhs();
  if (add.getLhs() != acc)
    product = add.getLhs();
  auto mul = product.getDefiningOp<arith::MulFOp>();
  if (!mul || (add.getLhs() != acc && add.getRhs() != acc) ||
      !((mul.getLhs() == body.getArgument(0) &&
         mul.getRhs() == body.getArgument(1)) ||
        (mul.getLhs() == body.getArgument(1) &&
         mul.getRhs() == body.getArgument(0))))
    return std::nullopt;
  DepthToSpaceShape shape;
  shape.images = x.getDimSize(0);
  shape.inChannels = x.getDimSize(1);
  shape.outChannels = y.getDimSize(1);
  for (unsigned d = 0; d < k; ++d) {
    int64_t taps = w.getDimSize(2 + 2 * d), s = dims[d].stride;
    shape.sizes.push_back(y.getDimSize(2 + 2 * d));
    shape.strides.push_back(s);
    shape.taps.push_back(taps);
    shape.phaseShifts.push_back(dims[d].phaseShift);
    shape.inputShifts.push_back(dims[d].inputShift);
    shape.inputSizes.push_back(x.getDimSize(2 + d));
    shape.kernels.push_back(
        getNonzeroFilterLength(generic.getDpsInputs()[1], d, taps * s));
  }
  return shape;
}

std::optional<DepthToSpaceStart>
mlir::deconv::matchDepthToSpaceStart(Value init) {
  if (auto fill = init.getDefiningOp<linalg::FillOp>())
    return DepthToSpaceStart{fill.getInputs()[0], {}};
  auto broadcast = init.getDefiningOp<linalg::BroadcastOp>();
  if (!broadcast ||
      cast<ShapedType>(broadcast.getInput().getType()).getRank() != 1)
    return std::nullopt;
  SmallVector<int64_t> dims = {0};
  for (int64_t d = 2; d < cast<ShapedType>(init.getType()).getRank(); ++d)
    dims.push_back(d);
  if (broadcast.getDimensions() != ArrayRef<int64_t>(dims))
    return std::nullopt;
  return DepthToSpaceStart{{}, broadcast.getInput()};
}

/// Parallel tiles of whole rows (all output channels) need at least this
/// many rows to keep a few threads busy.
static constexpr int64_t kMinDepthToSpaceRows = 8;

KernelConfig
mlir::deconv::selectDepthToSpaceTile(const DepthToSpaceShape &shape,
                                     const CpuTarget &target) {
  int64_t lanes = target.getLanes();
  int64_t phases = shape.getPhases();
  int64_t rowVectors = llvm::divideCeil(shape.sizes.back(), lanes);
  // The tile of `channels` (dividing `of`) x `vectors` (at most
  // `maxVectors`, exactly that many if `exact`) with the most FMAs per load:
  // channels x phases x vectors accumulators, plus the step's input vectors
  // and one broadcast.
  struct Tile {
    int64_t channels = 0, vectors = 0;
    double ratio = 0;
  };
  // Each product (a real tap of a phase) is one broadcast per channel and
  // one FMA per vector; the input vectors of a step are the taps' rows x
  // the vectors and their shifted neighbours.
  int64_t products = shape.getProductsPerPosition();
  size_t k = shape.sizes.size();
  int64_t inputRows = 1;
  for (size_t d = 0; d + 1 < k; ++d)
    inputRows *= shape.getInputReach(d).getSpan();
  int64_t columns = shape.getInputReach(k - 1).getSpan();
  auto best = [&](int64_t of, int64_t maxVectors, bool exact) {
    Tile tile;
    for (int64_t b = 1; b <= of; ++b) {
      if (of % b)
        continue;
      for (int64_t a = exact ? maxVectors : 1; a <= maxVectors; ++a) {
        int64_t accumulators = b * phases * a;
        if (accumulators + a + 1 > target.vectorRegisters)
          break;
        double ratio = double(b * products * a) /
                       double(inputRows * columns * a + b * products);
        if (ratio > tile.ratio)
          tile = {b, a, ratio};
      }
    }
    return tile;
  };
  Tile tile = best(shape.outChannels, rowVectors, false);

  if (!tile.channels)
    return none(
        llvm::formatv("{0} phases leave no register for a tile", phases));
  // Rows shorter than the best chunk: a tile of several whole rows of the
  // next dim, if that feeds more FMAs per load.
  int64_t tileRows = 1;
  if (k >= 2 && tile.vectors == rowVectors)
    for (int64_t r = 2; r <= shape.sizes[k - 2]; ++r) {
      if (shape.sizes[k - 2] % r)
        continue;
      Tile rowsTile = best(shape.outChannels, r * rowVectors, true);
      if (rowsTile.ratio > tile.ratio) {
        tile = rowsTile;
        tileRows = r;
      }
    }
  KernelConfig c;
  c.kind = KernelKind::DepthToSpace;
  c.rows = tileRows;
  c.channels = tile.channels;
  c.width = tile.vectors * lanes;
  c.paddedWidth = c.width;
  // A parallel tile takes an image's rows and all its output channels where
  // there are enough rows to share among threads, else a group of channels.
  int64_t rows = shape.images;
  for (size_t d = 0; d + 1 < k; ++d)
    rows *= shape.sizes[d];
  rows /= tileRows;
  // Each parallel tile packs its own input chunks: the groups are as large
  // as the number of tiles allows.
  int64_t groups = llvm::divideCeil(kMinDepthToSpaceRows, rows);
  c.channelBlock = tile.channels;
  for (int64_t g = shape.outChannels; g > tile.channels; --g)
    if (shape.outChannels % g == 0 && g % tile.channels == 0 &&
        shape.outChannels / g >= groups) {
      c.channelBlock = g;
      break;
    }
  // The row's last chunk (what whole chunks of full vectors leave) has fewer
  // vectors: more channels per tile keep enough FMAs independent.
  int64_t tail =
      rowVectors - shape.sizes.back() / lanes / tile.vectors * tile.vectors;
  if (tileRows == 1 && tail > 0 && tail < tile.vectors) {
    int64_t tailChannels = best(c.channelBlock, tail, true).channels;
    if (tailChannels && tailChannels != tile.channels)
      c.tailChannels = tailChannels;
  }
  return c;
}
