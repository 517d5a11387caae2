//===- ConvGeometry.cpp - Output-size and index arithmetic ----------------===//

#include "deconv/Support/ConvGeometry.h"

#include "llvm/Support/MathExtras.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/CheckedArithmetic.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <numeric>

using namespace mlir::deconv;
using llvm::checkedAdd;
using llvm::checkedMul;

ConvParams mlir::deconv::ConvParams::getDefault(ConvKind kind,
                                                unsigned spatialRank) {
  ConvParams p;
  p.kind = kind;
  p.strides.assign(spatialRank, 1);
  p.dilations.assign(spatialRank, 1);
  p.padding.assign(2 * spatialRank, 0);
  if (kind == ConvKind::ConvTranspose)
    p.outputPadding.assign(spatialRank, 0);
  p.groups = 1;
  return p;
}

SpatialParams mlir::deconv::ConvParams::dim(unsigned d) const {
  unsigned rank = getSpatialRank();
  SpatialParams s;
  s.stride = strides[d];
  s.dilation = dilations[d];
  s.padLo = padding[d];
  s.padHi = padding[rank + d];
  s.outputPadding = kind == ConvKind::ConvTranspose ? outputPadding[d] : 0;
  return s;
}

int64_t mlir::deconv::floorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0)))
    --q;
  return q;
}

int64_t mlir::deconv::floorMod(int64_t a, int64_t b) {
  return a - floorDiv(a, b) * b;
}

/// Sums a list of values with overflow checking.
static std::optional<int64_t> checkedSum(std::initializer_list<int64_t> xs) {
  int64_t acc = 0;
  for (int64_t x : xs) {
    std::optional<int64_t> next = checkedAdd(acc, x);
    if (!next)
      return std::nullopt;
    acc = *next;
  }
  return acc;
}

std::optional<OutputSizeFormula>
mlir::deconv::getOutputSizeFormula(ConvKind kind, const SpatialParams &p) {
  if (kind == ConvKind::Conv) {
    // O = floor((I + lo + hi - d*(K-1) - 1) / s) + 1
    std::optional<int64_t> c = checkedSum({p.padLo, p.padHi, p.dilation, -1});
    if (!c)
      return std::nullopt;
    return OutputSizeFormula{1, -p.dilation, *c, p.stride};
  }
  // O = (I-1)*s - lo - hi + d*(K-1) + outPad + 1
  //   = s*I + d*K + (outPad - s - d - lo - hi) + 1
  std::optional<int64_t> c =
      checkedSum({p.outputPadding, -p.stride, -p.dilation, -p.padLo});
  if (!c || p.padHi == std::numeric_limits<int64_t>::min())
    return std::nullopt;
  c = checkedAdd(*c, -p.padHi);
  if (!c)
    return std::nullopt;
  return OutputSizeFormula{p.stride, p.dilation, *c, 1};
}

std::optional<int64_t> mlir::deconv::evaluate(const OutputSizeFormula &f,
                                              int64_t in, int64_t kernel) {
  std::optional<int64_t> a = checkedMul(f.inCoeff, in);
  std::optional<int64_t> b = checkedMul(f.kernelCoeff, kernel);
  if (!a || !b)
    return std::nullopt;
  std::optional<int64_t> num = checkedSum({*a, *b, f.constant});
  if (!num)
    return std::nullopt;
  return checkedAdd(floorDiv(*num, f.divisor), int64_t(1));
}

std::optional<int64_t> mlir::deconv::computeOutputSize(ConvKind kind,
                                                       int64_t in,
                                                       int64_t kernel,
                                                       const SpatialParams &p) {
  std::optional<OutputSizeFormula> f = getOutputSizeFormula(kind, p);
  if (!f)
    return std::nullopt;
  return evaluate(*f, in, kernel);
}

std::optional<std::pair<int64_t, int64_t>>
mlir::deconv::getValidInputSizeRange(ConvKind kind, int64_t kernel,
                                     const SpatialParams &p) {
  std::optional<OutputSizeFormula> f = getOutputSizeFormula(kind, p);
  if (!f)
    return std::nullopt;
  // Overflowing inputs form a suffix of [1, INT64_MAX] and too-small outputs
  // a prefix (the formula grows with the input): two binary searches.
  auto fits = [&](int64_t in) { return evaluate(*f, in, kernel).has_value(); };
  auto positive = [&](int64_t in) {
    std::optional<int64_t> out = evaluate(*f, in, kernel);
    return !out || *out >= 1; // an overflow here is a huge positive output
  };
  if (!fits(1))
    return std::nullopt;
  int64_t lo = 1, hi = std::numeric_limits<int64_t>::max();
  // Largest input that fits: invariant fits(lo), !fits(hi + 1) or hi = max.
  while (lo < hi) {
    int64_t mid = lo + (hi - lo + 1) / 2;
    if (fits(mid))
      lo = mid;
    else
      hi = mid - 1;
  }
  int64_t last = lo;
  if (!positive(last))
    return std::nullopt;
  // Smallest input with a positive output.
  lo = 1;
  hi = last;
  while (lo < hi) {
    int64_t mid = lo + (hi - lo) / 2;
    if (positive(mid))
      hi = mid;
    else
      lo = mid + 1;
  }
  return std::make_pair(lo, last);
}

std::string mlir::deconv::formatList(llvm::ArrayRef<int64_t> values) {
  std::string s;
  llvm::raw_string_ostream os(s);
  os << "[";
  llvm::interleaveComma(values, os, [&](int64_t v) {
    if (isDynamicSize(v))
      os << "?";
    else
      os << v;
  });
  os << "]";
  return s;
}

template <typename... Ts>
static llvm::Error error(const char *fmt, Ts &&...vals) {
  return llvm::createStringError(
      llvm::inconvertibleErrorCode(),
      llvm::formatv(fmt, std::forward<Ts>(vals)...).str());
}

/// Checks one per-dimension attribute: its length and a lower bound on values.
static llvm::Error checkAttr(llvm::StringRef name, llvm::ArrayRef<int64_t> vals,
                             size_t expectedLen, llvm::StringRef lenMeaning,
                             int64_t minValue, llvm::StringRef boundMeaning) {
  if (vals.size() != expectedLen)
    return error("'{0}' has {1} values {2}, expected {3} ({4})", name,
                 vals.size(), formatList(vals), expectedLen, lenMeaning);
  for (auto [i, v] : llvm::enumerate(vals))
    if (v < minValue)
      return error("'{0}' must be {1}, got {2} at index {3} in {4}", name,
                   boundMeaning, v, i, formatList(vals));
  return llvm::Error::success();
}

llvm::Error mlir::deconv::verifyParams(const ConvParams &params,
                                       unsigned spatialRank) {
  std::string perDim =
      llvm::formatv("one per spatial dim; the input has {0}", spatialRank)
          .str();
  if (auto e =
          checkAttr("strides", params.strides, spatialRank, perDim, 1, ">= 1"))
    return e;
  if (auto e = checkAttr("dilations", params.dilations, spatialRank, perDim, 1,
                         ">= 1"))
    return e;
  if (auto e = checkAttr("padding", params.padding, 2 * spatialRank,
                         "all begins, then all ends", 0, "non-negative"))
    return e;
  if (params.kind == ConvKind::ConvTranspose) {
    if (auto e = checkAttr("output_padding", params.outputPadding, spatialRank,
                           perDim, 0, "non-negative"))
      return e;
  } else if (!params.outputPadding.empty()) {
    return error("'output_padding' is only meaningful for conv_transpose");
  }
  if (params.groups < 1)
    return error("'groups' must be >= 1, got {0}", params.groups);
  if (params.kind == ConvKind::ConvTranspose) {
    for (unsigned d = 0; d < spatialRank; ++d) {
      int64_t bound = std::max(params.strides[d], params.dilations[d]);
      if (params.outputPadding[d] >= bound)
        return error("'output_padding' must be smaller than max(stride, "
                     "dilation) = {0} in spatial dim {1}, got {2}",
                     bound, d, params.outputPadding[d]);
    }
  }
  return llvm::Error::success();
}

std::optional<int64_t> mlir::deconv::getOutputChannels(
    ConvKind kind, llvm::ArrayRef<int64_t> filterShape, int64_t groups) {
  if (kind == ConvKind::Conv)
    return filterShape[0];
  if (isDynamicSize(filterShape[1]))
    return kDynamicSize;
  return checkedMul(filterShape[1], groups);
}

std::optional<int64_t>
mlir::deconv::getNumElements(llvm::ArrayRef<int64_t> shape) {
  int64_t n = 1;
  for (int64_t s : shape) {
    if (isDynamicSize(s))
      return std::nullopt;
    std::optional<int64_t> next = checkedMul(n, s);
    if (!next)
      return std::nullopt;
    n = *next;
  }
  return n;
}

llvm::Expected<llvm::SmallVector<int64_t, 5>>
mlir::deconv::inferOutputShape(const ConvParams &params,
                               const ConvShapes &shapes) {
  const bool isConv = params.kind == ConvKind::Conv;
  size_t rank = shapes.input.size();
  if (rank < 3 || rank > 5)
    return error("input must have rank 3, 4 or 5 (batch, channels and 1 to 3 "
                 "spatial dims), got rank {0}",
                 rank);
  if (shapes.filter.size() != rank)
    return error("filter must have rank {0} like the input, got rank {1}", rank,
                 shapes.filter.size());
  unsigned k = rank - 2;
  if (auto e = verifyParams(params, k))
    return std::move(e);
  for (int64_t s : shapes.input)
    if (!isDynamicSize(s) && s < 0)
      return error("input has a negative size in {0}",
                   formatList(shapes.input));
  for (int64_t s : shapes.filter)
    if (!isDynamicSize(s) && s < 0)
      return error("filter has a negative size in {0}",
                   formatList(shapes.filter));

  // Channels. Conv filter: [Cout, Cin/g, K...]; ConvTranspose filter:
  // [Cin, Cout/g, K...].
  int64_t g = params.groups;
  int64_t cin = shapes.input[1];
  if (!isDynamicSize(cin) && cin % g != 0)
    return error("'groups' = {0} does not divide the {1} input channels", g,
                 cin);
  if (isConv) {
    int64_t cout = shapes.filter[0];
    if (!isDynamicSize(cout) && cout % g != 0)
      return error("'groups' = {0} does not divide the {1} output channels "
                   "(filter dim 0)",
                   g, cout);
    int64_t perGroup = shapes.filter[1];
    if (!isDynamicSize(cin) && !isDynamicSize(perGroup) && perGroup != cin / g)
      return error("filter dim 1 must be input channels / groups = {0} / {1} "
                   "= {2}, got {3}",
                   cin, g, cin / g, perGroup);
  } else {
    int64_t filterCin = shapes.filter[0];
    // Checked on the filter too: the input's channel count may be dynamic.
    if (!isDynamicSize(filterCin) && filterCin % g != 0)
      return error("'groups' = {0} does not divide the {1} input channels "
                   "(filter dim 0)",
                   g, filterCin);
    if (!isDynamicSize(cin) && !isDynamicSize(filterCin) && filterCin != cin)
      return error("filter dim 0 must equal the {0} input channels, got {1}",
                   cin, filterCin);
  }
  std::optional<int64_t> cout =
      getOutputChannels(params.kind, shapes.filter, g);
  if (!cout)
    return error("output channels = filter dim 1 ({0}) * groups ({1}) "
                 "overflows int64",
                 shapes.filter[1], g);

  if (shapes.bias) {
    const auto &bias = *shapes.bias;
    if (bias.size() != 1)
      return error("bias must have rank 1 ([Cout]), got rank {0}", bias.size());
    if (!isDynamicSize(bias[0]) && !isDynamicSize(*cout) && bias[0] != *cout)
      return error("bias has {0} elements, expected one per output channel "
                   "({1})",
                   bias[0], *cout);
  }

  llvm::SmallVector<int64_t, 5> out;
  out.push_back(shapes.input[0]);
  out.push_back(*cout);
  for (unsigned d = 0; d < k; ++d) {
    int64_t in = shapes.input[2 + d];
    int64_t kern = shapes.filter[2 + d];
    if (!isDynamicSize(kern) && kern < 1)
      return error("filter spatial dims must be >= 1, got {0} in spatial dim "
                   "{1}",
                   kern, d);
    if (!isDynamicSize(in) && in < 1)
      return error("input spatial dims must be >= 1, got {0} in spatial dim "
                   "{1}",
                   in, d);
    SpatialParams p = params.dim(d);
    // The dilated filter's extent, and the padding the zero-insertion form
    // of a transposed conv adds from it, are static even when the input
    // length is not.
    if (!isDynamicSize(kern)) {
      std::optional<int64_t> reach = checkedMul(p.dilation, kern - 1);
      if (reach && !isConv)
        reach = checkedAdd(*reach - p.padHi, p.outputPadding);
      if (!reach)
        return error("the dilated filter of spatial dim {0} (kernel {1}, "
                     "dilation {2}) reaches further than int64 can count",
                     d, kern, p.dilation);
    }
    std::optional<OutputSizeFormula> f = getOutputSizeFormula(params.kind, p);
    if (!f)
      return error("output size of spatial dim {0} overflows int64 (stride "
                   "{1}, dilation {2}, padding {3}/{4})",
                   d, p.stride, p.dilation, p.padLo, p.padHi);
    if (isDynamicSize(in) || isDynamicSize(kern)) {
      out.push_back(kDynamicSize);
      continue;
    }
    std::optional<int64_t> o = evaluate(*f, in, kern);
    if (!o)
      return error("output size of spatial dim {0} overflows int64 (input "
                   "{1}, kernel {2}, stride {3}, dilation {4})",
                   d, in, kern, p.stride, p.dilation);
    if (*o < 1) {
      if (isConv)
        return error("output size of spatial dim {0} is {1}, must be "
                     "positive: the kernel ({2}, dilation {3}) reaches past "
                     "the padded input ({4} + {5} + {6})",
                     d, *o, kern, p.dilation, in, p.padLo, p.padHi);
      return error("output size of spatial dim {0} is {1}, must be positive: "
                   "padding {2} + {3} removes the whole uncropped output "
                   "(input {4}, kernel {5}, stride {6}, dilation {7}, "
                   "output_padding {8})",
                   d, *o, p.padLo, p.padHi, in, kern, p.stride, p.dilation,
                   p.outputPadding);
    }
    out.push_back(*o);
  }

  // A shape whose byte size overflows is an error here rather than a
  // wrapped-around allocation or stride later.
  const std::pair<const char *, llvm::ArrayRef<int64_t>> buffers[] = {
      {"input", shapes.input}, {"filter", shapes.filter}, {"output", out}};
  for (auto [name, shape] : buffers)
    if (!getStaticByteSize(shape, shapes.elementBytes))
      return error("the {0} {1} has more bytes ({2} per element) than int64 "
                   "can count",
                   name, formatList(shape), shapes.elementBytes);
  // A convolution's input is padded into a buffer at least this large; the
  // position of the interior in it must be addressable (a padding of 2^62 on
  // a dynamic dim otherwise reached the strided-layout arithmetic).
  if (params.kind == ConvKind::Conv) {
    llvm::SmallVector<int64_t, 5> padded(shapes.input.begin(),
                                         shapes.input.end());
    for (unsigned d = 0; d < k; ++d) {
      SpatialParams p = params.dim(d);
      int64_t &size = padded[2 + d];
      std::optional<int64_t> grown =
          checkedAdd(isDynamicSize(size) ? 0 : size, p.padLo);
      if (grown)
        grown = checkedAdd(*grown, p.padHi);
      if (!grown || !getStaticByteSize({*grown}, shapes.elementBytes))
        return error("padding {0}/{1} of spatial dim {2} makes the padded "
                     "input larger than int64 can count",
                     p.padLo, p.padHi, d);
      // A dynamic dim counts as its padding (at least one element).
      size = isDynamicSize(size) ? std::max<int64_t>(1, *grown) : *grown;
    }
    if (!getStaticByteSize(padded, shapes.elementBytes))
      return error("the padded input (at least {0}) has more bytes ({1} per "
                   "element) than int64 can count",
                   formatList(padded), shapes.elementBytes);
  }
  return out;
}

int64_t mlir::deconv::getElementBytes(unsigned bitWidth) {
  return std::max<int64_t>(1, (bitWidth + 7) / 8);
}

std::optional<int64_t>
mlir::deconv::getStaticByteSize(llvm::ArrayRef<int64_t> shape,
                                int64_t elementBytes) {
  std::optional<int64_t> bytes = elementBytes;
  for (int64_t s : shape)
    if (!isDynamicSize(s) && bytes)
      bytes = checkedMul(*bytes, s);
  return bytes;
}

ZeroInsertionPads mlir::deconv::getZeroInsertionPads(const SpatialParams &p,
                                                     int64_t kernel) {
  int64_t reach = p.dilation * (kernel - 1);
  return {reach - p.padLo, reach - p.padHi + p.outputPadding};
}

ZeroInsertionPlacement
mlir::deconv::getZeroInsertionPlacement(const SpatialParams &p,
                                        int64_t kernel) {
  ZeroInsertionPlacement r;
  r.pads = getZeroInsertionPads(p, kernel);
  // Input element i sits at pads.lo + i*s; a negative pad crops whole
  // elements only when they fall before 0 or after the end.
  int64_t s = p.stride;
  r.skipLo = r.pads.lo >= 0 ? 0 : floorDiv(-r.pads.lo + s - 1, s);
  r.skipHi = r.pads.hi >= 0 ? 0 : floorDiv(-r.pads.hi + s - 1, s);
  r.offset = r.pads.lo + r.skipLo * s;
  return r;
}

/// The phase of residue `r` whose first tap is `k` (k*d = r + padLo mod s).
static SubpixelPhase makePhase(const SpatialParams &p, int64_t kernel,
                               int64_t r, int64_t k) {
  int64_t g = std::gcd(p.stride, p.dilation);
  SubpixelPhase ph{r, k, p.stride / g, 0, 0, p.dilation / g};
  ph.numTaps = (kernel - k + ph.tapStep - 1) / ph.tapStep;
  int64_t lastTap = k + (ph.numTaps - 1) * ph.tapStep;
  // Exact: lastTap*d = r + padLo (mod s).
  ph.inputOffset = (r + p.padLo - lastTap * p.dilation) / p.stride;
  return ph;
}

SubpixelPhase mlir::deconv::getSubpixelPhase(const SpatialParams &p,
                                             int64_t kernel, int64_t residue) {
  int64_t s = p.stride, d = p.dilation;
  int64_t g = std::gcd(s, d);
  // Output o = q*s + r reads full index f = o + padLo = i*s + k*d, so the
  // taps of this phase are the k with k*d = r + padLo (mod s).
  for (int64_t k = 0; k < std::min(kernel, s / g); ++k)
    if (floorMod(k * d - residue - p.padLo, s) == 0)
      return makePhase(p, kernel, residue, k);
  return {residue, 0, s / g, 0, 0, d / g};
}

llvm::SmallVector<SubpixelPhase>
mlir::deconv::getSubpixelPhasesWithTaps(const SpatialParams &p,
                                        int64_t kernel) {
  // The first taps k < s/gcd(s, d) land on distinct residues (k*d mod s are
  // distinct multiples of the gcd); every later tap repeats one of them.
  llvm::SmallVector<SubpixelPhase> phases;
  for (int64_t k = 0, n = countSubpixelPhasesWithTaps(p, kernel); k < n; ++k)
    phases.push_back(
        makePhase(p, kernel, floorMod(k * p.dilation - p.padLo, p.stride), k));
  llvm::sort(phases, [](const SubpixelPhase &a, const SubpixelPhase &b) {
    return a.residue < b.residue;
  });
  return phases;
}

int64_t mlir::deconv::countSubpixelPhasesWithTaps(const SpatialParams &p,
                                                  int64_t kernel) {
  return std::max<int64_t>(
      0, std::min(kernel, p.stride / std::gcd(p.stride, p.dilation)));
}

int64_t mlir::deconv::getPhaseSize(int64_t outputSize, int64_t stride,
                                   int64_t residue) {
  if (outputSize <= residue)
    return 0;
  return floorDiv(outputSize + getPhaseSizeConstant(stride, residue), stride);
}

std::optional<OnnxAutoPad> mlir::deconv::parseOnnxAutoPad(llvm::StringRef t) {
  if (t == "NOTSET" || t.empty())
    return OnnxAutoPad::NotSet;
  if (t == "VALID")
    return OnnxAutoPad::Valid;
  if (t == "SAME_UPPER")
    return OnnxAutoPad::SameUpper;
  if (t == "SAME_LOWER")
    return OnnxAutoPad::SameLower;
  return std::nullopt;
}

std::optional<BatchedSubpixelDim>
mlir::deconv::getBatchedSubpixelDim(const SpatialParams &p, int64_t kernel,
                                    int64_t outputSize) {
  if (p.dilation != 1 || p.stride < 1 || kernel % p.stride != 0 ||
      outputSize < 1 || isDynamicSize(outputSize))
    return std::nullopt;
  // out[o] = sum_t x[q - t] * w[rho + t*s] with o + padLo = q*s + rho; the
  // batched result starts at q = floor(padLo / s).
  BatchedSubpixelDim b;
  b.taps = kernel / p.stride;
  int64_t firstQ = floorDiv(p.padLo, p.stride);
  b.offset = p.padLo - firstQ * p.stride;
  b.positions = floorDiv(outputSize - 1 + p.padLo, p.stride) - firstQ + 1;
  b.windowStart = firstQ - b.taps + 1;
  return b;
}

int64_t mlir::deconv::PhaseTapsDim::getRealTaps(int64_t r) const {
  int64_t rho = getPhase(r);
  return rho < kernel ? (kernel - rho + stride - 1) / stride : 0;
}

std::optional<PhaseTapsDim>
mlir::deconv::getPhaseTapsDim(const SpatialParams &p, int64_t kernel,
                              int64_t outputSize) {
  if (p.dilation != 1 || p.stride < 1 || kernel < 1 || outputSize < 1 ||
      isDynamicSize(outputSize) || outputSize % p.stride != 0 || p.padLo < 0 ||
      p.padLo > kernel)
    return std::nullopt;
  PhaseTapsDim dim;
  dim.stride = p.stride;
  dim.kernel = kernel;
  dim.taps = (kernel - 1) / p.stride + 1;
  dim.phaseShift = floorMod(p.padLo, p.stride);
  dim.inputShift = floorDiv(p.padLo, p.stride);
  dim.positions = outputSize / p.stride;
  return dim;
}

namespace {
/// (k-1)*d + 1, the extent of a dilated kernel; nullopt on overflow.
std::optional<int64_t> dilatedExtent(int64_t k, int64_t d) {
  auto reach = checkedMul(k - 1, d);
  return reach ? checkedAdd(*reach, int64_t(1)) : std::nullopt;
}

llvm::Error onnxError(const llvm::Twine &msg) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), msg);
}

llvm::Error checkOnnxLengths(size_t k, llvm::ArrayRef<int64_t> kernel,
                             llvm::ArrayRef<int64_t> strides,
                             llvm::ArrayRef<int64_t> dilations,
                             llvm::ArrayRef<int64_t> pads) {
  if (kernel.size() != k || strides.size() != k || dilations.size() != k)
    return onnxError("kernel_shape, strides and dilations need one value per "
                     "spatial dim (" +
                     llvm::Twine(k) + ")");
  if (!pads.empty() && pads.size() != 2 * k)
    return onnxError("pads needs " + llvm::Twine(2 * k) + " values, got " +
                     llvm::Twine(pads.size()));
  for (size_t i = 0; i < k; ++i)
    if (strides[i] < 1 || dilations[i] < 1 || kernel[i] < 1)
      return onnxError("strides, dilations and kernel sizes must be >= 1");
  return llvm::Error::success();
}
} // namespace

llvm::Expected<llvm::SmallVector<int64_t, 6>>
mlir::deconv::resolveOnnxConvPadding(OnnxAutoPad autoPad,
                                     llvm::ArrayRef<int64_t> pads,
                                     llvm::ArrayRef<int64_t> in,
                                     llvm::ArrayRef<int64_t> kernel,
                                     llvm::ArrayRef<int64_t> strides,
                                     llvm::ArrayRef<int64_t> dilations) {
  size_t k = in.size();
  if (auto err = checkOnnxLengths(k, kernel, strides, dilations, pads))
    return std::move(err);
  llvm::SmallVector<int64_t, 6> out(2 * k, 0);
  if (autoPad == OnnxAutoPad::NotSet) {
    if (!pads.empty())
      out.assign(pads.begin(), pads.end());
    return out;
  }
  if (autoPad == OnnxAutoPad::Valid)
    return out;
  for (size_t i = 0; i < k; ++i) {
    // SAME: out = ceil(in / s); pad the shortfall, odd extra at the end for
    // SAME_UPPER and at the beginning for SAME_LOWER.
    int64_t o = floorDiv(in[i] + strides[i] - 1, strides[i]);
    auto ext = dilatedExtent(kernel[i], dilations[i]);
    auto need = ext ? checkedMul(o - 1, strides[i]) : std::nullopt;
    auto needed = need ? checkedAdd(*need, *ext) : std::nullopt;
    if (!needed)
      return onnxError("auto_pad: padding overflows int64");
    int64_t total = std::max<int64_t>(0, *needed - in[i]);
    int64_t half = floorDiv(total, 2);
    bool upper = autoPad == OnnxAutoPad::SameUpper;
    out[i] = upper ? half : total - half;
    out[k + i] = total - out[i];
  }
  return out;
}

llvm::Expected<ResolvedConvTranspose>
mlir::deconv::resolveOnnxConvTransposePadding(
    OnnxAutoPad autoPad, llvm::ArrayRef<int64_t> pads,
    llvm::ArrayRef<int64_t> outputShape, llvm::ArrayRef<int64_t> outPad,
    llvm::ArrayRef<int64_t> in, llvm::ArrayRef<int64_t> kernel,
    llvm::ArrayRef<int64_t> strides, llvm::ArrayRef<int64_t> dilations) {
  size_t k = in.size();
  if (auto err = checkOnnxLengths(k, kernel, strides, dilations, pads))
    return std::move(err);
  if (!outPad.empty() && outPad.size() != k)
    return onnxError("output_padding needs " + llvm::Twine(k) + " values");
  if (!outputShape.empty() && outputShape.size() != k)
    return onnxError("output_shape needs " + llvm::Twine(k) +
                     " values (spatial dims only), got " +
                     llvm::Twine(outputShape.size()));
  ResolvedConvTranspose r;
  r.padding.assign(2 * k, 0);
  r.outputPadding.assign(k, 0);
  if (!outPad.empty())
    r.outputPadding.assign(outPad.begin(), outPad.end());

  bool same =
      autoPad == OnnxAutoPad::SameUpper || autoPad == OnnxAutoPad::SameLower;
  if (outputShape.empty() && !same) {
    if (autoPad == OnnxAutoPad::NotSet && !pads.empty())
      r.padding.assign(pads.begin(), pads.end());
    return r;
  }
  for (size_t i = 0; i < k; ++i) {
    // Full scatter length s*(in-1) + op + (k-1)*d + 1; the requested output
    // (output_shape, or in*s for SAME) decides how much to cut.
    auto ext = dilatedExtent(kernel[i], dilations[i]);
    auto span = ext ? checkedMul(in[i] - 1, strides[i]) : std::nullopt;
    auto full = span ? checkedAdd(*span, *ext) : std::nullopt;
    full = full ? checkedAdd(*full, r.outputPadding[i]) : std::nullopt;
    auto want = outputShape.empty() ? checkedMul(in[i], strides[i])
                                    : std::optional<int64_t>(outputShape[i]);
    if (!full || !want)
      return onnxError("output_shape: sizes overflow int64");
    if (*want < 1)
      return onnxError("output_shape must be >= 1, got " + llvm::Twine(*want));
    int64_t total = *full - *want;
    // Floor division: the total can be negative (more outputs than the full
    // scatter), and truncation would put the extra position at the start.
    int64_t half = floorDiv(total, 2);
    int64_t begin = autoPad == OnnxAutoPad::SameUpper ? half : total - half;
    int64_t end = total - begin;
    if (begin < 0)
      return onnxError("output_shape " + llvm::Twine(*want) +
                       " in spatial dim " + llvm::Twine(i) + " needs " +
                       llvm::Twine(-begin) +
                       " extra position(s) before the first output, which "
                       "explicit padding cannot express");
    if (end < 0) {
      // Extra positions at the end hold bias only: that is output_padding.
      r.outputPadding[i] -= end;
      end = 0;
      if (r.outputPadding[i] >= std::max(strides[i], dilations[i]))
        return onnxError(
            "output_shape " + llvm::Twine(*want) + " in spatial dim " +
            llvm::Twine(i) + " needs output_padding " +
            llvm::Twine(r.outputPadding[i]) +
            ", which must be smaller than max(stride, dilation) = " +
            llvm::Twine(std::max(strides[i], dilations[i])));
    }
    r.padding[i] = begin;
    r.padding[k + i] = end;
  }
  return r;
}

std::optional<OutputTileWindow>
mlir::deconv::getOutputTileWindow(ConvKind kind, int64_t kernel,
                                  const SpatialParams &p, int64_t tile) {
  if (tile < 1 || kernel < 1 || p.stride < 1 || p.dilation < 1)
    return std::nullopt;
  // Every quantity below is bounded by these products; refuse geometries
  // whose windows would not fit int64 (no input can run them anyway).
  int64_t span, tileSpan;
  if (llvm::MulOverflow(kernel - 1, p.dilation, span) ||
      llvm::MulOverflow(tile, p.stride, tileSpan) ||
      span > (int64_t(1) << 40) || tileSpan > (int64_t(1) << 40) ||
      std::abs(p.padLo) > (int64_t(1) << 40))
    return std::nullopt;
  OutputTileWindow w;
  if (kind == ConvKind::Conv) {
    // Output o reads inputs o * s - padLo + k * dil.
    w.inputStep = tileSpan;
    w.windowOffset = -p.padLo;
    w.windowLength = tileSpan - p.stride + span + 1;
    w.padLo = w.padHi = 0;
    return w;
  }
  if (tile % p.stride != 0)
    return std::nullopt;
  // Output o gathers inputs i with i * s + k * dil - padLo = o: for a tile
  // starting at a multiple of s, the first such i is t * tile / s + c.
  int64_t c = -floorDiv(span - p.padLo, p.stride);
  w.inputStep = tile / p.stride;
  w.windowOffset = c;
  w.windowLength = floorDiv(tile - 1 + p.padLo, p.stride) - c + 1;
  w.padLo = p.padLo - c * p.stride;
  w.padHi = (w.windowLength - 1) * p.stride + span + 1 - w.padLo - tile;
  if (w.padLo < 0 || w.padHi < 0)
    return std::nullopt;
  return w;
}
