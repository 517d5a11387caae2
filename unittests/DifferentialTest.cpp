//===- DifferentialTest.cpp - Every strategy against the reference --------===//
//
// A seeded randomized differential test: 200 conv_transpose configurations
// (1-D/2-D/3-D, strides, dilations that share factors with the strides,
// asymmetric padding up to beyond the kernel reach, output_padding, groups
// including depthwise, bias or not, batch > 1, dynamic batch/spatial dims)
// compiled with each of the three strategies, plus 60 deconv.conv
// configurations, all compared with the plain reference implementation.
// The seed is DECONV_DIFF_SEED (default 20261125); a failure prints the
// configuration.
//
//===----------------------------------------------------------------------===//

#include "deconv/Reference/Reference.h"
#include "deconv/Runtime/Jit.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"

#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/raw_ostream.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <chrono>
#include <random>
#include <thread>

using namespace mlir;
using namespace mlir::deconv;

namespace {

struct Config {
  bool transpose;
  int64_t n, cinG, coutG, groups;
  std::vector<int64_t> in, kernel, strides, dilations, padding, outPad;
  bool bias, dynBatch, dynSpatial;
  ElementKind kind = ElementKind::F32;

  std::string str() const {
    auto list = [](const std::vector<int64_t> &v) {
      std::string s;
      for (size_t i = 0; i < v.size(); ++i)
        s += (i ? "," : "") + std::to_string(v[i]);
      return s;
    };
    return llvm::formatv("{0} N={1} Cin={2} Cout={3} g={4} I=[{5}] K=[{6}] "
                         "s=[{7}] d=[{8}] pad=[{9}] op=[{10}] bias={11} "
                         "dynN={12} dynI={13} {14}",
                         transpose ? "convT" : "conv", n, cinG * groups,
                         coutG * groups, groups, list(in), list(kernel),
                         list(strides), list(dilations), list(padding),
                         list(outPad), bias, dynBatch, dynSpatial,
                         getElementKindName(kind))
        .str();
  }
};

/// Output length by the definition (independent of the library's formula).
int64_t outLen(const Config &c, size_t d) {
  size_t k = c.in.size();
  int64_t reach = c.dilations[d] * (c.kernel[d] - 1);
  int64_t pads = c.padding[d] + c.padding[k + d];
  if (c.transpose)
    return (c.in[d] - 1) * c.strides[d] - pads + reach + c.outPad[d] + 1;
  int64_t span = c.in[d] + pads - reach - 1;
  return span < 0 ? 0 : span / c.strides[d] + 1;
}

/// `batchable`: a conv_transpose the batched sub-pixel form takes (one
/// group, dilation 1, strides dividing the kernel, static shapes).
Config randomConfig(std::mt19937_64 &rng, bool transpose,
                    bool batchable = false) {
  auto pick = [&](int64_t lo, int64_t hi) {
    return std::uniform_int_distribution<int64_t>(lo, hi)(rng);
  };
  while (true) {
    Config c;
    c.transpose = transpose;
    size_t k = pick(0, 9) < 3 ? 1 : (pick(0, 9) < 7 ? 2 : 3);
    c.n = pick(1, 2);
    c.groups = pick(0, 3) == 0 && !batchable ? pick(2, 3) : 1;
    bool depthwise = c.groups > 1 && pick(0, 1);
    c.cinG = depthwise ? 1 : pick(1, 3);
    c.coutG = depthwise ? 1 : pick(1, 3);
    for (size_t d = 0; d < k; ++d) {
      c.in.push_back(pick(1, k == 3 ? 4 : 6));
      c.kernel.push_back(pick(1, k == 3 ? 3 : 5));
      c.strides.push_back(pick(1, 3));
      c.dilations.push_back(pick(0, 3) == 0 ? pick(2, 3) : 1);
      if (batchable) {
        c.dilations.back() = 1;
        c.kernel.back() = c.strides.back() * pick(1, k == 3 ? 1 : 2);
      }
    }
    for (size_t i = 0; i < 2 * k; ++i) {
      size_t d = i % k;
      int64_t reach = c.dilations[d] * (c.kernel[d] - 1);
      c.padding.push_back(pick(0, reach + 2));
    }
    for (size_t d = 0; d < k; ++d)
      c.outPad.push_back(
          transpose ? pick(0, std::max(c.strides[d], c.dilations[d]) - 1) : 0);
    c.bias = pick(0, 1);
    c.dynBatch = pick(0, 4) == 0 && !batchable;
    c.dynSpatial = pick(0, 4) == 0 && !batchable;
    bool ok = true;
    for (size_t d = 0; d < k; ++d)
      ok &= outLen(c, d) >= 1;
    if (ok)
      return c;
  }
}

/// A layer of the size users bring: tens of channels, odd widths, groups and
/// depthwise, 1-D to 3-D.
Config randomLayerConfig(std::mt19937_64 &rng, bool transpose) {
  auto pick = [&](int64_t lo, int64_t hi) {
    return std::uniform_int_distribution<int64_t>(lo, hi)(rng);
  };
  while (true) {
    Config c;
    c.transpose = transpose;
    size_t k = pick(0, 9) < 2 ? 1 : (pick(0, 9) < 8 ? 2 : 3);
    c.n = pick(1, 2);
    int64_t kind = pick(0, 5);
    if (kind == 0) { // depthwise, with a channel multiplier sometimes
      c.groups = pick(8, 40);
      c.cinG = 1;
      c.coutG = pick(0, 2) == 0 ? 2 : 1;
    } else if (kind == 1) { // a few groups of tens of channels
      c.groups = pick(2, 8);
      c.cinG = pick(4, 24);
      c.coutG = pick(4, 24);
    } else {
      c.groups = 1;
      c.cinG = pick(3, 64);
      c.coutG = pick(3, 80);
    }
    int64_t maxIn = k == 1 ? 61 : (k == 2 ? 23 : 7);
    for (size_t d = 0; d < k; ++d) {
      c.in.push_back(pick(1, maxIn));
      c.kernel.push_back(pick(1, k == 1 ? 9 : (k == 2 ? 5 : 3)));
      c.strides.push_back(pick(0, 2) == 0 ? 1 : pick(2, 4));
      c.dilations.push_back(pick(0, 5) == 0 ? 2 : 1);
    }
    for (size_t i = 0; i < 2 * k; ++i) {
      size_t d = i % k;
      c.padding.push_back(pick(0, c.dilations[d] * (c.kernel[d] - 1)));
    }
    for (size_t d = 0; d < k; ++d)
      c.outPad.push_back(
          transpose ? pick(0, std::max(c.strides[d], c.dilations[d]) - 1) : 0);
    c.bias = pick(0, 1);
    c.dynBatch = pick(0, 5) == 0;
    c.dynSpatial = pick(0, 7) == 0;
    bool ok = true;
    for (size_t d = 0; d < k; ++d)
      ok &= outLen(c, d) >= 1;
    if (ok)
      return c;
  }
}

std::string tensorType(const std::vector<int64_t> &shape,
                       const std::vector<bool> &dynamic, ElementKind kind) {
  std::string s = "tensor<";
  for (size_t i = 0; i < shape.size(); ++i)
    s += (dynamic[i] ? std::string("?") : std::to_string(shape[i])) + "x";
  return s + getElementKindName(kind) + ">";
}

std::vector<int64_t> inputShape(const Config &c) {
  std::vector<int64_t> s = {c.n, c.cinG * c.groups};
  s.insert(s.end(), c.in.begin(), c.in.end());
  return s;
}

std::vector<int64_t> filterShape(const Config &c) {
  std::vector<int64_t> s =
      c.transpose ? std::vector<int64_t>{c.cinG * c.groups, c.coutG}
                  : std::vector<int64_t>{c.coutG * c.groups, c.cinG};
  s.insert(s.end(), c.kernel.begin(), c.kernel.end());
  return s;
}

std::string funcText(const Config &c, const std::string &name) {
  auto in = inputShape(c), w = filterShape(c);
  std::vector<bool> inDyn(in.size(), false), wDyn(w.size(), false);
  inDyn[0] = c.dynBatch;
  for (size_t d = 2; d < in.size(); ++d)
    inDyn[d] = c.dynSpatial;
  auto list = [](const std::vector<int64_t> &v) {
    std::string s;
    for (size_t i = 0; i < v.size(); ++i)
      s += (i ? ", " : "") + std::to_string(v[i]);
    return s;
  };
  std::string elt = getElementKindName(c.kind);
  std::string xT = tensorType(in, inDyn, c.kind),
              wT = tensorType(w, wDyn, c.kind);
  std::string bT =
      "tensor<" + std::to_string(c.coutG * c.groups) + "x" + elt + ">";
  std::string yT = "tensor<*x" + elt + ">";
  std::string s = "func.func @" + name + "(%x: " + xT + ", %w: " + wT;
  if (c.bias)
    s += ", %b: " + bT;
  s += ") -> " + yT + " {\n  %y = deconv." +
       std::string(c.transpose ? "conv_transpose" : "conv") + " %x, %w" +
       (c.bias ? ", %b" : "") + " strides = [" + list(c.strides) +
       "] dilations = [" + list(c.dilations) + "] padding = [" +
       list(c.padding) + "]" +
       (c.transpose ? " output_padding = [" + list(c.outPad) + "]" : "") +
       " groups = " + std::to_string(c.groups) + " : (" + xT + ", " + wT +
       (c.bias ? ", " + bT : "") + ") -> " + yT + "\n  return %y : " + yT +
       "\n}\n";
  return s;
}

HostTensor randomTensor(std::mt19937_64 &rng, std::vector<int64_t> shape,
                        ElementKind kind = ElementKind::F32) {
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  HostTensor t;
  t.shape = std::move(shape);
  t.kind = kind;
  int64_t n = 1;
  for (int64_t s : t.shape)
    n *= s;
  t.data.resize(n);
  for (double &v : t.data)
    v = roundToElementKind(dist(rng), kind);
  return t;
}

/// max |a - b| / (1 + |b|) over all elements; infinity on a shape mismatch.
double compare(const HostTensor &a, const HostTensor &b) {
  if (a.shape != b.shape)
    return INFINITY;
  double worst = 0;
  for (size_t i = 0; i < a.data.size(); ++i) {
    double e = std::fabs(double(a.data[i]) - b.data[i]) /
               (1.0 + std::fabs(double(b.data[i])));
    worst = std::isnan(e) ? INFINITY : std::max(worst, e);
  }
  return worst;
}

struct Case {
  Config config;
  std::vector<HostTensor> inputs;
  HostTensor expected;
};

/// DECONV_DIFF_SEED=n picks the seed; DECONV_DIFF_NIGHTLY=1 (without a
/// seed) takes a new one from the clock at every run and prints it. CI runs
/// the fixed default.
uint64_t getSeed() {
  static const uint64_t seed = [] {
    if (const char *env = std::getenv("DECONV_DIFF_SEED"))
      return uint64_t(std::strtoull(env, nullptr, 10));
    if (std::getenv("DECONV_DIFF_NIGHTLY"))
      return uint64_t(
          std::chrono::system_clock::now().time_since_epoch().count());
    return uint64_t(20261125);
  }();
  return seed;
}

bool isNightly() { return std::getenv("DECONV_DIFF_NIGHTLY") != nullptr; }

/// Random inputs for `config` and the reference's result; false if the
/// reference refuses the configuration.
bool makeCase(std::mt19937_64 &rng, const Config &config, Case &c) {
  c.config = config;
  ElementKind kind = config.kind;
  c.inputs.push_back(randomTensor(rng, inputShape(c.config), kind));
  c.inputs.push_back(randomTensor(rng, filterShape(c.config), kind));
  if (c.config.bias)
    c.inputs.push_back(
        randomTensor(rng, {c.config.coutG * c.config.groups}, kind));
  reference::ConvAttrs a;
  a.transpose = c.config.transpose;
  a.strides = c.config.strides;
  a.dilations = c.config.dilations;
  a.padding = c.config.padding;
  a.outputPadding = c.config.outPad;
  a.groups = c.config.groups;
  auto ref = reference::convolution(c.inputs[0], c.inputs[1],
                                    c.config.bias ? &c.inputs[2] : nullptr, a);
  EXPECT_TRUE(bool(ref)) << c.config.str();
  if (!ref) {
    llvm::consumeError(ref.takeError());
    return false;
  }
  // One rounding of the exact result, as the lowering promises.
  for (double &v : ref->data)
    v = roundToElementKind(v, kind);
  c.expected = std::move(*ref);
  return true;
}

std::vector<Case> makeCases(unsigned numTranspose, unsigned numConv,
                            bool batchable = false,
                            ElementKind kind = ElementKind::F32) {
  std::mt19937_64 rng(getSeed());
  std::vector<Case> cases;
  for (unsigned i = 0; i < numTranspose + numConv; ++i) {
    Case c;
    Config config = randomConfig(rng, i < numTranspose, batchable);
    config.kind = kind;
    if (makeCase(rng, config, c))
      cases.push_back(std::move(c));
  }
  return cases;
}

/// Compiles all cases as one module with `strategy` and checks each.
void runAll(const std::vector<Case> &cases, const std::string &strategy,
            unsigned &checked, double &worst,
            const std::string &subpixelForm = "auto", unsigned optLevel = 0,
            int64_t vectorWidth = 0, unsigned threads = 1,
            double tolerance = 1e-5, bool widenOperands = true,
            int bf16Dot = -1) {
  DialectRegistry registry;
  registerJitDependencies(registry);
  MLIRContext context(registry);
  std::string text;
  std::vector<std::string> names;
  for (size_t i = 0; i < cases.size(); ++i) {
    names.push_back("case" + std::to_string(i));
    text += funcText(cases[i].config, names.back());
  }
  // DECONV_DIFF_DUMP=dir writes the generated modules there (the line numbers
  // of lowering diagnostics refer to them).
  if (const char *dir = std::getenv("DECONV_DIFF_DUMP")) {
    std::error_code ec;
    llvm::raw_fd_ostream os(std::string(dir) + "/" + strategy + "-" +
                                std::to_string(cases.size()) + ".mlir",
                            ec);
    os << text;
  }
  OwningOpRef<ModuleOp> module = parseSourceString<ModuleOp>(text, &context);
  ASSERT_TRUE(module) << "generated module does not parse";
  LowerToLLVMOptions options;
  options.strategy = *parseTransposeStrategy(strategy);
  options.subpixelForm = *parseSubpixelForm(subpixelForm);
  options.vectorWidth = vectorWidth;
  options.numThreads = threads;
  options.widenOperands = widenOperands;
  options.bf16Dot = bf16Dot;
  std::vector<StringRef> entries(names.begin(), names.end());
  auto jits = JitFunction::compileAll(*module, entries, options, optLevel,
                                      /*verifyEach=*/true);
  ASSERT_TRUE(bool(jits)) << strategy << ": "
                          << llvm::toString(jits.takeError());
  for (size_t i = 0; i < cases.size(); ++i) {
    auto got = (*jits)[i]->call(cases[i].inputs);
    ASSERT_TRUE(bool(got)) << strategy << " " << cases[i].config.str() << ": "
                           << llvm::toString(got.takeError());
    double err = compare(got->front(), cases[i].expected);
    EXPECT_LE(err, tolerance) << strategy << " " << cases[i].config.str()
                         << " got shape " << formatShape(got->front().shape)
                         << " expected "
                         << formatShape(cases[i].expected.shape);
    worst = std::max(worst, err);
    ++checked;
  }
}

// Layer-sized configurations compiled at -O3 as the tools compile them: every
// strategy at the host's vector width, and the automatic one at 8 and 16
// lanes (where the host has AVX-512) and on 2 threads.
TEST(DifferentialLayers, LayerSizedConfigurationsMatchReference) {
  std::mt19937_64 rng(getSeed() ^ 0x1a7e5);
  unsigned numTranspose = isNightly() ? 48 : 12, numConv = isNightly() ? 24 : 6;
  std::vector<Case> cases;
  for (unsigned i = 0; i < numTranspose + numConv; ++i) {
    Case c;
    if (makeCase(rng, randomLayerConfig(rng, i < numTranspose), c))
      cases.push_back(std::move(c));
  }
  ASSERT_EQ(cases.size(), numTranspose + numConv);
  struct Run {
    const char *strategy;
    int64_t width;
    unsigned threads;
  };
  std::vector<Run> runs = {{"zero-insertion", 0, 1}, {"subpixel", 0, 1},
                           {"loops", 0, 1}, {"auto", 8, 1}, {"auto", 0, 2}};
  if (getHostVectorWidth() >= 16)
    runs.push_back({"auto", 16, 1});
  for (const Run &r : runs) {
    unsigned checked = 0;
    double worst = 0;
    // Sums of up to a few thousand products: f32 rounding grows with them.
    runAll(cases, r.strategy, checked, worst, "auto", /*optLevel=*/3, r.width,
           r.threads, /*tolerance=*/5e-5);
    EXPECT_EQ(checked, cases.size()) << r.strategy;
    std::printf("layers, %s, %lld lanes, %u thread(s): %u configurations, "
                "seed %llu, worst error %.3g\n",
                r.strategy, static_cast<long long>(r.width), r.threads,
                checked, static_cast<unsigned long long>(getSeed()), worst);
  }
}

class Differential : public ::testing::TestWithParam<std::string> {};

TEST_P(Differential, ConvTransposeMatchesReference) {
  std::vector<Case> cases = makeCases(200, 0);
  ASSERT_EQ(cases.size(), 200u);
  unsigned checked = 0;
  double worst = 0;
  runAll(cases, GetParam(), checked, worst);
  EXPECT_EQ(checked, 200u);
  std::printf("strategy %s: %u conv_transpose configurations, seed %llu, "
              "worst error %.3g\n",
              GetParam().c_str(), checked,
              static_cast<unsigned long long>(getSeed()), worst);
}

INSTANTIATE_TEST_SUITE_P(Strategies, Differential,
                         ::testing::Values("zero-insertion", "subpixel",
                                           "loops", "auto"));

// f64, f16 and bf16 through every strategy: small random configurations at
// -O0 and layer-sized ones at -O3. The reference's exact sums are rounded
// once to the type, as the lowering promises (f16 and bf16 sum in f32), so
// the two may differ by one unit in the last place. 16-bit layers run both
// ways: on f32 copies of their operands (the pipeline's default) and with
// 16-bit operands reaching the strategies. bf16 runs on AVX512_BF16's dot
// product where the host has it (the JIT's default), and then also without
// it and on 8-lane dot products.
class DifferentialTypes : public ::testing::TestWithParam<ElementKind> {};

TEST_P(DifferentialTypes, EveryStrategyMatchesReference) {
  ElementKind kind = GetParam();
  double tolerance = kind == ElementKind::F64   ? 1e-12
                     : kind == ElementKind::F16 ? 2e-3
                                                : 1.6e-2;
  std::vector<Case> cases = makeCases(16, 6, /*batchable=*/false, kind);
  ASSERT_EQ(cases.size(), 22u);
  std::mt19937_64 rng(getSeed() ^ 0x7e5);
  std::vector<Case> layers;
  for (unsigned i = 0; i < 3; ++i) {
    Case c;
    Config config = randomLayerConfig(rng, i < 2);
    config.kind = kind;
    if (makeCase(rng, config, c))
      layers.push_back(std::move(c));
  }
  ASSERT_EQ(layers.size(), 3u);
  // Layers the typed kernels take: static, ungrouped or two groups; for
  // bf16's dot product pairs of input channels and whole vectors of output
  // channels per group.
  if (kind != ElementKind::F16) {
    for (unsigned i = 0; i < 3; ++i) {
      Case c;
      Config config = randomLayerConfig(rng, i < 2);
      config.kind = kind;
      config.groups = std::min<int64_t>(config.groups, 2);
      config.dynBatch = config.dynSpatial = false;
      if (kind == ElementKind::BF16) {
        config.cinG = std::max<int64_t>(2, config.cinG + config.cinG % 2);
        config.coutG = 16 * (1 + i % 2);
      } else {
        config.cinG = std::max<int64_t>(config.cinG, 3);
        config.coutG = std::max<int64_t>(config.coutG, 9);
      }
      if (makeCase(rng, config, c))
        layers.push_back(std::move(c));
    }
    auto conv2d = [&](int64_t cinG, int64_t coutG, int64_t groups,
                      std::vector<int64_t> in, std::vector<int64_t> kernel,
                      std::vector<int64_t> padding) {
      Config config{/*transpose=*/false,
                    /*n=*/1,
                    cinG,
                    coutG,
                    groups,
                    std::move(in),
                    std::move(kernel),
                    {1, 1},
                    {1, 1},
                    std::move(padding),
                    {0, 0},
                    /*bias=*/true,
                    false,
                    false,
                    kind};
      Case c;
      if (makeCase(rng, config, c))
        layers.push_back(std::move(c));
    };
    // A 1x1 conv of one image: the pointwise NCHW kernel, pixels in the lanes.
    conv2d(24, 24, 1, {16, 20}, {1, 1}, {0, 0, 0, 0});
    if (kind == ElementKind::F64) {
      // Depthwise (a row in the lanes) and few output channels (the rows
      // kernel).
      conv2d(1, 1, 24, {10, 35}, {3, 3}, {1, 1, 1, 1});
      conv2d(6, 3, 1, {9, 66}, {3, 3}, {1, 1, 1, 1});
    }
    ASSERT_EQ(layers.size(), kind == ElementKind::F64 ? 9u : 7u);
  }
  for (const char *strategy : {"zero-insertion", "subpixel", "loops", "auto"}) {
    unsigned checked = 0;
    double worst = 0;
    runAll(cases, strategy, checked, worst, "auto", /*optLevel=*/0,
           /*vectorWidth=*/0, /*threads=*/1, tolerance);
    runAll(layers, strategy, checked, worst, "auto", /*optLevel=*/3,
           /*vectorWidth=*/0, /*threads=*/1, tolerance);
    EXPECT_EQ(checked, cases.size() + layers.size()) << strategy;
    std::printf("%s, %s: %u configurations, seed %llu, worst error %.3g\n",
                getElementKindName(kind), strategy, checked,
                static_cast<unsigned long long>(getSeed()), worst);
  }
  // The other vector widths and bf16 without its dot product.
  std::vector<std::pair<int64_t, int>> variants;
  if (kind == ElementKind::BF16 && hostHasBf16Dot())
    variants = {{0, 0}, {8, 1}};
  if (kind == ElementKind::F64)
    variants = {{8, -1}};
  for (auto [width, dot] : variants) {
    unsigned checked = 0;
    double worst = 0;
    runAll(cases, "auto", checked, worst, "auto", /*optLevel=*/0, width,
           /*threads=*/1, tolerance, /*widenOperands=*/true, dot);
    runAll(layers, "auto", checked, worst, "auto", /*optLevel=*/3, width,
           /*threads=*/1, tolerance, /*widenOperands=*/true, dot);
    EXPECT_EQ(checked, cases.size() + layers.size());
    std::printf("%s, auto, %lld lanes, bf16-dot=%d: %u configurations, "
                "worst error %.3g\n",
                getElementKindName(kind), static_cast<long long>(width), dot,
                checked, worst);
  }
  if (kind == ElementKind::F64)
    return;
  // 16-bit operands reaching the strategies, with f32 accumulators.
  for (const char *strategy : {"zero-insertion", "subpixel", "loops"}) {
    unsigned checked = 0;
    double worst = 0;
    runAll(cases, strategy, checked, worst, "auto", /*optLevel=*/0,
           /*vectorWidth=*/0, /*threads=*/1, tolerance,
           /*widenOperands=*/false);
    EXPECT_EQ(checked, cases.size()) << strategy;
    std::printf("%s operands, %s: %u configurations, worst error %.3g\n",
                getElementKindName(kind), strategy, checked, worst);
  }
}

INSTANTIATE_TEST_SUITE_P(Types, DifferentialTypes,
                         ::testing::Values(ElementKind::F64, ElementKind::F16,
                                           ElementKind::BF16),
                         [](const ::testing::TestParamInfo<ElementKind> &info) {
                           return std::string(getElementKindName(info.param));
                         });

// Both forms of the sub-pixel strategy on layers the batched form takes
// (each form is forced, so neither falls back to the other).
TEST(DifferentialSubpixelForms, BatchedAndPerPhaseMatchReference) {
  std::vector<Case> cases = makeCases(100, 0, /*batchable=*/true);
  ASSERT_EQ(cases.size(), 100u);
  for (const char *form : {"batched", "per-phase"}) {
    unsigned checked = 0;
    double worst = 0;
    runAll(cases, "subpixel", checked, worst, form);
    EXPECT_EQ(checked, 100u) << form;
    std::printf("sub-pixel %s: %u configurations, worst error %.3g\n", form,
                checked, worst);
  }
}

// Shapes at the micro-kernel's edges. Output widths with no divisor near its
// row of accumulators (primes, 3 x 43): the vectorized conv (ungrouped or
// depthwise) pads the width, and the extra columns must not leak into the
// result. Packed filters, depthwise layouts.
TEST(DifferentialMicroKernel, EdgeShapesMatchReference) {
  auto config = [](bool transpose, int64_t cin, int64_t cout,
                   std::vector<int64_t> in, std::vector<int64_t> kernel,
                   std::vector<int64_t> stride, std::vector<int64_t> dilation,
                   std::vector<int64_t> padding) {
    Config c{transpose,
             1,
             cin,
             cout,
             1,
             in,
             kernel,
             stride,
             dilation,
             padding,
             std::vector<int64_t>(in.size(), 0),
             true,
             false,
             false};
    return c;
  };
  std::vector<Config> configs = {
      // 61 wide, 32 output channels (two vectors per row).
      config(false, 8, 32, {5, 61}, {3, 3}, {1, 1}, {1, 1}, {1, 1, 1, 1}),
      // Stride 2: 31 outputs read 63 input columns.
      config(false, 8, 32, {5, 61}, {3, 3}, {2, 2}, {1, 1}, {1, 1, 1, 1}),
      // 1-D, dilation 2: 129 = 3 x 43 outputs.
      config(false, 4, 32, {133}, {3}, {1}, {2}, {0, 0}),
      // Batched sub-pixel form with 17 positions per phase.
      config(true, 8, 16, {16, 16}, {4, 4}, {2, 2}, {1, 1}, {1, 1, 1, 1}),
      // More output channels than a tile takes (16 on AVX2, 32 on AVX-512):
      // the filter is packed into blocks of the tile's channels, here 6 or
      // 3 blocks of a direct conv, and 4 or 2 of the 1x1 and 2x2 sub-pixel
      // phases of kernel = stride and kernel = 2 x stride up-convs.
      config(false, 12, 96, {6, 14}, {3, 3}, {1, 1}, {1, 1}, {1, 1, 1, 1}),
      config(true, 16, 64, {5, 7}, {2, 2}, {2, 2}, {1, 1}, {0, 0, 0, 0}),
      config(true, 8, 64, {4, 6}, {4, 4}, {2, 2}, {1, 1}, {1, 1, 1, 1}),
      // 1x1 convs of one image with 64 pixels (whole pairs of vectors) stay
      // NCHW, the filter rows broadcast and the pixels in the lanes: 20
      // rows divide into tiles, 17 are padded to whole tiles; the phases
      // of a kernel = stride up-conv are such convs too.
      config(false, 24, 20, {4, 16}, {1, 1}, {1, 1}, {1, 1}, {0, 0, 0, 0}),
      config(false, 8, 17, {2, 32}, {1, 1}, {1, 1}, {1, 1}, {0, 0, 0, 0}),
      config(true, 8, 16, {8, 8}, {2, 2}, {2, 2}, {1, 1}, {0, 0, 0, 0}),
      // Filters over 1 MiB are taken in blocks of input channels (3 blocks
      // of 32 here; many output channels keep the sums short enough for
      // the tolerance).
      config(false, 96, 4096, {2, 3}, {1, 1}, {1, 1}, {1, 1}, {0, 0, 0, 0}),
      config(true, 96, 4096, {2, 2}, {2, 2}, {2, 2}, {1, 1}, {0, 0, 0, 0}),
      // 1-D per-phase sub-pixel with padding: the phases' windows of the
      // padded input are lifted to 2-D with the padding kept visible.
      config(true, 8, 32, {29}, {4}, {2}, {1}, {1, 1}),
      // Batched sub-pixel form with an innermost stride of 8 or more: the
      // phases stacked channel-major, the bias as the accumulator's start,
      // the output cut from the merged phase grid (offset 4 or 3 into it),
      // in 2-D, in 1-D with asymmetric padding and with mixed strides; the
      // output rows built run by run, and (81 runs per row, over the
      // limit) through the stored grid.
      config(true, 5, 3, {12, 10}, {16, 16}, {8, 8}, {1, 1}, {4, 4, 4, 4}),
      config(true, 4, 6, {20}, {16}, {8}, {1}, {3, 5}),
      config(true, 4, 5, {8, 10}, {4, 16}, {2, 8}, {1, 1}, {1, 4, 1, 4}),
      config(true, 3, 4, {80}, {16}, {8}, {1}, {4, 4}),
  };
  // Depthwise layers: `groups` groups of one channel, `n` images.
  auto depthwise = [&](Config c, int64_t groups, int64_t n = 1) {
    c.groups = groups;
    c.n = n;
    configs.push_back(c);
  };
  // A conv 61 wide and a stride-2 conv_transpose whose sub-pixel phases are
  // 29 wide.
  depthwise(config(false, 1, 1, {5, 61}, {3, 3}, {1, 1}, {1, 1}, {1, 1, 1, 1}),
            32);
  depthwise(config(true, 1, 1, {6, 29}, {4, 4}, {2, 2}, {1, 1}, {1, 1, 1, 1}),
            32);
  // Unit-stride depthwise convs run in NCHW with the row in the vector
  // lanes: two images, 12 rows (tiles of 4), a 5x5 kernel with bias and
  // asymmetric padding; a 40-wide row (tiles of 8 on AVX2 and AVX-512).
  depthwise(config(false, 1, 1, {12, 16}, {5, 5}, {1, 1}, {1, 1}, {2, 1, 0, 3}),
            24, 2);
  depthwise(config(false, 1, 1, {3, 40}, {3, 3}, {1, 1}, {1, 1}, {1, 1, 1, 1}),
            8);
  // Strided depthwise stays channels-last.
  depthwise(config(false, 1, 1, {9, 29}, {3, 3}, {2, 2}, {1, 1}, {1, 1, 1, 1}),
            16);
  std::mt19937_64 rng(getSeed());
  std::vector<Case> cases;
  for (const Config &c : configs) {
    Case k;
    if (makeCase(rng, c, k))
      cases.push_back(std::move(k));
  }
  ASSERT_EQ(cases.size(), configs.size());
  unsigned checked = 0;
  double worst = 0;
  runAll(cases, "auto", checked, worst);
  EXPECT_EQ(checked, configs.size());
}

TEST(DifferentialConv, ConvMatchesReference) {
  std::vector<Case> all = makeCases(0, 60);
  unsigned checked = 0;
  double worst = 0;
  runAll(all, "auto", checked, worst);
  EXPECT_EQ(checked, 60u);
  std::printf("deconv.conv: %u configurations, worst error %.3g\n", checked,
              worst);
}

} // namespace

namespace {

// One compiled function with dynamic batch and spatial dims, called with two
// different batch sizes (and spatial sizes), for every strategy.
TEST(DynamicDims, SameFunctionTwoBatchSizes) {
  const char *text = R"mlir(
    func.func @up(%x: tensor<?x4x?x?xf32>, %w: tensor<4x3x3x3xf32>,
                  %b: tensor<6xf32>) -> tensor<?x6x?x?xf32> {
      %y = deconv.conv_transpose %x, %w, %b strides = [2, 3] padding = [1, 0, 0, 2]
          output_padding = [1, 0] groups = 2
          : (tensor<?x4x?x?xf32>, tensor<4x3x3x3xf32>, tensor<6xf32>) -> tensor<?x6x?x?xf32>
      return %y : tensor<?x6x?x?xf32>
    })mlir";
  std::mt19937_64 rng(7);
  for (const char *strategy : {"zero-insertion", "subpixel", "loops"}) {
    DialectRegistry registry;
    registerJitDependencies(registry);
    MLIRContext context(registry);
    OwningOpRef<ModuleOp> module = parseSourceString<ModuleOp>(text, &context);
    ASSERT_TRUE(module);
    LowerToLLVMOptions options;
    options.strategy = *parseTransposeStrategy(strategy);
    auto jit = JitFunction::compile(*module, "up", options, /*opt=*/3,
                                    /*verifyEach=*/true);
    ASSERT_TRUE(bool(jit)) << llvm::toString(jit.takeError());
    for (std::vector<int64_t> shape :
         {std::vector<int64_t>{1, 4, 3, 5}, std::vector<int64_t>{3, 4, 6, 2}}) {
      std::vector<HostTensor> in = {randomTensor(rng, shape),
                                    randomTensor(rng, {4, 3, 3, 3}),
                                    randomTensor(rng, {6})};
      reference::ConvAttrs a;
      a.transpose = true;
      a.strides = {2, 3};
      a.dilations = {1, 1};
      a.padding = {1, 0, 0, 2};
      a.outputPadding = {1, 0};
      a.groups = 2;
      auto want = reference::convolution(in[0], in[1], &in[2], a);
      ASSERT_TRUE(bool(want));
      auto got = (*jit)->call(in);
      ASSERT_TRUE(bool(got)) << llvm::toString(got.takeError());
      EXPECT_EQ(got->front().shape, want->shape) << strategy;
      EXPECT_LE(compare(got->front(), *want), 1e-5) << strategy;
    }
    // A static dim that does not match is refused, not run.
    auto bad =
        (*jit)->call({randomTensor(rng, {1, 5, 3, 3}),
                      randomTensor(rng, {4, 3, 3, 3}), randomTensor(rng, {6})});
    ASSERT_FALSE(bool(bad));
    EXPECT_NE(llvm::toString(bad.takeError()).find("input 0 has shape 1x5x3x3"),
              std::string::npos);
  }
}

} // namespace

namespace {

// One JIT-compiled function called from four threads at once, each on its
// own inputs: every result equals the one of the same call made alone.
TEST(JitReentrancy, ConcurrentCallsMatchSerialOnes) {
  const char *text = R"mlir(
    func.func @up(%x: tensor<2x16x9x7xf32>, %w: tensor<16x8x4x4xf32>,
                  %b: tensor<8xf32>) -> tensor<2x8x18x14xf32> {
      %y = deconv.conv_transpose %x, %w, %b strides = [2, 2] padding = [1, 1, 1, 1]
          : (tensor<2x16x9x7xf32>, tensor<16x8x4x4xf32>, tensor<8xf32>) -> tensor<2x8x18x14xf32>
      return %y : tensor<2x8x18x14xf32>
    })mlir";
  DialectRegistry registry;
  registerJitDependencies(registry);
  MLIRContext context(registry);
  OwningOpRef<ModuleOp> module = parseSourceString<ModuleOp>(text, &context);
  ASSERT_TRUE(module);
  auto jit = JitFunction::compile(*module, "up", LowerToLLVMOptions());
  ASSERT_TRUE(bool(jit)) << llvm::toString(jit.takeError());
  constexpr int kThreads = 4, kCalls = 20;
  std::mt19937_64 rng(11);
  HostTensor w = randomTensor(rng, {16, 8, 4, 4}), b = randomTensor(rng, {8});
  std::vector<std::vector<HostTensor>> inputs;
  std::vector<HostTensor> serial;
  for (int t = 0; t < kThreads; ++t) {
    inputs.push_back({randomTensor(rng, {2, 16, 9, 7}), w, b});
    auto r = (*jit)->call(inputs.back());
    ASSERT_TRUE(bool(r)) << llvm::toString(r.takeError());
    serial.push_back(r->front());
  }
  std::vector<int> mismatches(kThreads, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      for (int c = 0; c < kCalls; ++c) {
        auto r = (*jit)->call(inputs[t]);
        if (!r) {
          llvm::consumeError(r.takeError());
          ++mismatches[t];
          continue;
        }
        mismatches[t] += r->front().data != serial[t].data;
      }
    });
  for (std::thread &th : threads)
    th.join();
  for (int t = 0; t < kThreads; ++t)
    EXPECT_EQ(mismatches[t], 0) << "thread " << t;
}

} // namespace
