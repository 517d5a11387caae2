//===- ConvGeometryTest.cpp - Unit tests for the geometry helper ----------===//
//
// The expected sizes come from independent derivations: brute-force
// enumeration of window positions (conv) and of scatter targets (conv
// transpose), and hand-checked values of published layers. None of them uses
// the closed-form formula under test.
//
//===----------------------------------------------------------------------===//

#include "deconv/Support/ConvGeometry.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <numeric>
#include <vector>

using namespace mlir::deconv;

namespace {

constexpr int64_t kMax = std::numeric_limits<int64_t>::max();

SpatialParams sp(int64_t s, int64_t d, int64_t lo, int64_t hi, int64_t op = 0) {
  SpatialParams p;
  p.stride = s;
  p.dilation = d;
  p.padLo = lo;
  p.padHi = hi;
  p.outputPadding = op;
  return p;
}

/// Number of window positions o >= 0 whose last tap stays inside the padded
/// input: o*s + d*(K-1) <= I + lo + hi - 1.
int64_t bruteConv(int64_t in, int64_t k, const SpatialParams &p) {
  int64_t n = 0;
  while (n * p.stride + p.dilation * (k - 1) <= in + p.padLo + p.padHi - 1)
    ++n;
  return n;
}

/// Length of the uncropped scatter (largest target i*s + k*d, plus one), plus
/// output_padding at the end, minus the cropped padding.
int64_t bruteConvTranspose(int64_t in, int64_t k, const SpatialParams &p) {
  int64_t maxTarget = -1;
  for (int64_t i = 0; i < in; ++i)
    for (int64_t t = 0; t < k; ++t)
      maxTarget = std::max(maxTarget, i * p.stride + t * p.dilation);
  return maxTarget + 1 + p.outputPadding - p.padLo - p.padHi;
}

int64_t size(ConvKind kind, int64_t in, int64_t k, const SpatialParams &p) {
  std::optional<int64_t> o = computeOutputSize(kind, in, k, p);
  EXPECT_TRUE(o.has_value());
  return o.value_or(-12345);
}

ConvShapes shapes(llvm::ArrayRef<int64_t> in, llvm::ArrayRef<int64_t> f,
                  std::optional<int64_t> bias = std::nullopt) {
  ConvShapes s;
  s.input.assign(in.begin(), in.end());
  s.filter.assign(f.begin(), f.end());
  if (bias)
    s.bias.emplace(1, *bias);
  return s;
}

std::string errorOf(const ConvParams &p, const ConvShapes &s) {
  auto r = inferOutputShape(p, s);
  if (r)
    return "<no error>";
  return llvm::toString(r.takeError());
}

} // namespace

TEST(ConvGeometry, WorkedExample) {
  // i=5, k=3, s=2, p=1: conv gives 3; transposing that 3 gives 5, or 6 with
  // output_padding 1.
  EXPECT_EQ(size(ConvKind::Conv, 5, 3, sp(2, 1, 1, 1)), 3);
  EXPECT_EQ(size(ConvKind::ConvTranspose, 3, 3, sp(2, 1, 1, 1)), 5);
  EXPECT_EQ(size(ConvKind::ConvTranspose, 3, 3, sp(2, 1, 1, 1, 1)), 6);
}

TEST(ConvGeometry, PublishedLayers) {
  // DCGAN generator layers: 4x4 kernel, stride 2, padding 1 doubles the size.
  EXPECT_EQ(size(ConvKind::ConvTranspose, 4, 4, sp(2, 1, 1, 1)), 8);
  EXPECT_EQ(size(ConvKind::ConvTranspose, 32, 4, sp(2, 1, 1, 1)), 64);
  // FCN-32s: 64x64 kernel, stride 32, padding 16: 16 -> 512.
  EXPECT_EQ(size(ConvKind::ConvTranspose, 16, 64, sp(32, 1, 16, 16)), 512);
  // MelGAN: kernel 16, stride 8, padding 4: 256 -> 2048.
  EXPECT_EQ(size(ConvKind::ConvTranspose, 256, 16, sp(8, 1, 4, 4)), 2048);
  // U-Net up-conv: 2x2 stride 2.
  EXPECT_EQ(size(ConvKind::ConvTranspose, 28, 2, sp(2, 1, 0, 0)), 56);
  // Dilated transposed conv of the benchmark suite.
  EXPECT_EQ(size(ConvKind::ConvTranspose, 32, 3, sp(2, 2, 2, 2, 1)), 64);
  // ResNet: 7x7/2 stem, 3x3/1 and 3x3/2 convs.
  EXPECT_EQ(size(ConvKind::Conv, 224, 7, sp(2, 1, 3, 3)), 112);
  EXPECT_EQ(size(ConvKind::Conv, 56, 3, sp(1, 1, 1, 1)), 56);
  EXPECT_EQ(size(ConvKind::Conv, 28, 3, sp(2, 1, 1, 1)), 14);
}

TEST(ConvGeometry, ConvMatchesBruteForceTable) {
  int checked = 0;
  for (int64_t in = 1; in <= 12; ++in)
    for (int64_t k = 1; k <= 5; ++k)
      for (int64_t s = 1; s <= 4; ++s)
        for (int64_t d = 1; d <= 3; ++d)
          for (int64_t lo = 0; lo <= 3; ++lo)
            for (int64_t hi = 0; hi <= 2; ++hi) {
              SpatialParams p = sp(s, d, lo, hi);
              int64_t expected = bruteConv(in, k, p);
              std::optional<int64_t> got =
                  computeOutputSize(ConvKind::Conv, in, k, p);
              ASSERT_TRUE(got);
              if (expected == 0) {
                // No window fits: the formula yields <= 0 and the op rejects.
                EXPECT_LE(*got, 0) << in << " " << k << " " << s << " " << d;
              } else {
                EXPECT_EQ(*got, expected)
                    << "in=" << in << " k=" << k << " s=" << s << " d=" << d
                    << " lo=" << lo << " hi=" << hi;
              }
              ++checked;
            }
  EXPECT_EQ(checked, 12 * 5 * 4 * 3 * 4 * 3);
}

TEST(ConvGeometry, ConvTransposeMatchesBruteForceTable) {
  for (int64_t in = 1; in <= 9; ++in)
    for (int64_t k = 1; k <= 5; ++k)
      for (int64_t s = 1; s <= 4; ++s)
        for (int64_t d = 1; d <= 3; ++d)
          for (int64_t lo = 0; lo <= 3; ++lo)
            for (int64_t hi = 0; hi <= 3; ++hi)
              for (int64_t op = 0; op < std::max(s, d); ++op) {
                SpatialParams p = sp(s, d, lo, hi, op);
                EXPECT_EQ(size(ConvKind::ConvTranspose, in, k, p),
                          bruteConvTranspose(in, k, p))
                    << "in=" << in << " k=" << k << " s=" << s << " d=" << d
                    << " lo=" << lo << " hi=" << hi << " op=" << op;
              }
}

TEST(ConvGeometry, TransposeInvertsConvSize) {
  // conv_transpose with the same parameters maps the conv output size back to
  // the conv input size, up to the stride remainder that output_padding adds.
  for (int64_t in = 1; in <= 20; ++in)
    for (int64_t k = 1; k <= 4; ++k)
      for (int64_t s = 1; s <= 3; ++s)
        for (int64_t p = 0; p < k; ++p) {
          SpatialParams q = sp(s, 1, p, p);
          int64_t o = size(ConvKind::Conv, in, k, q);
          if (o < 1)
            continue;
          int64_t back = size(ConvKind::ConvTranspose, o, k, q);
          EXPECT_LE(back, in);
          EXPECT_LT(in - back, s);
          q.outputPadding = in - back;
          EXPECT_EQ(size(ConvKind::ConvTranspose, o, k, q), in);
        }
}

TEST(ConvGeometry, FloorDivision) {
  EXPECT_EQ(floorDiv(7, 2), 3);
  EXPECT_EQ(floorDiv(-7, 2), -4);
  EXPECT_EQ(floorDiv(-8, 2), -4);
  EXPECT_EQ(floorDiv(-1, 2), -1);
  EXPECT_EQ(floorMod(-1, 2), 1);
  EXPECT_EQ(floorMod(-7, 3), 2);
  EXPECT_EQ(floorMod(6, 3), 0);
}

TEST(ConvGeometry, FormulaCoefficients) {
  // conv: O = floor((I - d*K + lo + hi + d - 1) / s) + 1
  auto f = getOutputSizeFormula(ConvKind::Conv, sp(3, 2, 2, 1));
  ASSERT_TRUE(f);
  EXPECT_EQ(f->inCoeff, 1);
  EXPECT_EQ(f->kernelCoeff, -2);
  EXPECT_EQ(f->constant, 4);
  EXPECT_EQ(f->divisor, 3);
  // conv_transpose: O = s*I + d*K + (op - s - d - lo - hi) + 1
  auto g = getOutputSizeFormula(ConvKind::ConvTranspose, sp(2, 1, 1, 0, 1));
  ASSERT_TRUE(g);
  EXPECT_EQ(g->inCoeff, 2);
  EXPECT_EQ(g->kernelCoeff, 1);
  EXPECT_EQ(g->constant, -3);
  EXPECT_EQ(g->divisor, 1);
}

TEST(ConvGeometry, Overflow) {
  EXPECT_FALSE(
      computeOutputSize(ConvKind::ConvTranspose, kMax / 2, 3, sp(4, 1, 0, 0)));
  EXPECT_FALSE(getOutputSizeFormula(ConvKind::Conv, sp(1, 1, kMax, kMax)));
  EXPECT_FALSE(
      getOutputSizeFormula(ConvKind::ConvTranspose, sp(1, 1, kMax, kMax)));
  EXPECT_FALSE(computeOutputSize(ConvKind::Conv, 5, kMax, sp(1, 3, 0, 0)));
  EXPECT_FALSE(getNumElements({1ll << 32, 8, 1ll << 32}));
  EXPECT_EQ(getNumElements({2, 3, 4}), 24);
  EXPECT_FALSE(getNumElements({2, kDynamicSize}));
  EXPECT_FALSE(getOutputChannels(ConvKind::ConvTranspose, {4, kMax / 2, 3}, 4));
}

TEST(ConvGeometry, InferOutputShape) {
  ConvParams p = ConvParams::getDefault(ConvKind::ConvTranspose, 2);
  p.strides = {2, 2};
  p.padding = {1, 1, 1, 1};
  p.outputPadding = {1, 0};
  p.groups = 2;
  auto r = inferOutputShape(p, shapes({3, 4, 3, 3}, {4, 5, 3, 3}, 10));
  ASSERT_TRUE(static_cast<bool>(r)) << llvm::toString(r.takeError());
  EXPECT_EQ(llvm::ArrayRef<int64_t>(*r),
            llvm::ArrayRef<int64_t>({3, 10, 6, 5}));

  // Dynamic sizes propagate to the dims that depend on them.
  auto d = inferOutputShape(
      p, shapes({kDynamicSize, 4, kDynamicSize, 3}, {4, kDynamicSize, 3, 3}));
  ASSERT_TRUE(static_cast<bool>(d)) << llvm::toString(d.takeError());
  EXPECT_EQ(
      llvm::ArrayRef<int64_t>(*d),
      llvm::ArrayRef<int64_t>({kDynamicSize, kDynamicSize, kDynamicSize, 5}));

  ConvParams c = ConvParams::getDefault(ConvKind::Conv, 3);
  auto r3 = inferOutputShape(c, shapes({1, 2, 4, 5, 6}, {7, 2, 1, 2, 3}, 7));
  ASSERT_TRUE(static_cast<bool>(r3)) << llvm::toString(r3.takeError());
  EXPECT_EQ(llvm::ArrayRef<int64_t>(*r3),
            llvm::ArrayRef<int64_t>({1, 7, 4, 4, 4}));
}

// The bounds the run-time checks use: exactly the input lengths with a
// positive, non-overflowing output.
TEST(ConvGeometry, ValidInputSizeRange) {
  for (ConvKind kind : {ConvKind::Conv, ConvKind::ConvTranspose})
    for (int64_t s = 1; s <= 3; ++s)
      for (int64_t d = 1; d <= 3; ++d)
        for (int64_t k = 1; k <= 5; ++k)
          for (int64_t lo = 0; lo <= 4; ++lo) {
            SpatialParams p = sp(s, d, lo, 1, 0);
            auto range = getValidInputSizeRange(kind, k, p);
            ASSERT_TRUE(range.has_value());
            EXPECT_EQ(range->second > (int64_t(1) << 60), true);
            for (int64_t in = 1; in <= 40; ++in) {
              int64_t out = *computeOutputSize(kind, in, k, p);
              EXPECT_EQ(out >= 1, in >= range->first)
                  << "s=" << s << " d=" << d << " k=" << k << " in=" << in;
            }
            EXPECT_TRUE(computeOutputSize(kind, range->second, k, p));
            if (range->second < std::numeric_limits<int64_t>::max())
              EXPECT_FALSE(computeOutputSize(kind, range->second + 1, k, p));
          }
  // A 2^62 stride: the formula's 2^62 * I overflows from I = 2 on.
  auto huge = getValidInputSizeRange(ConvKind::ConvTranspose, 3,
                                     sp(int64_t(1) << 62, 1, 0, 0, 0));
  ASSERT_TRUE(huge.has_value());
  EXPECT_EQ(huge->first, 1);
  EXPECT_EQ(huge->second, 1);
}

TEST(ConvGeometry, Diagnostics) {
  ConvParams c = ConvParams::getDefault(ConvKind::Conv, 2);
  EXPECT_EQ(errorOf(c, shapes({1, 4}, {4, 4})),
            "input must have rank 3, 4 or 5 (batch, channels and 1 to 3 "
            "spatial dims), got rank 2");
  ConvParams g = c;
  g.groups = 3;
  EXPECT_EQ(errorOf(g, shapes({1, 4, 5, 5}, {6, 1, 3, 3})),
            "'groups' = 3 does not divide the 4 input channels");
  ConvParams s = c;
  s.strides = {1, 0};
  EXPECT_EQ(errorOf(s, shapes({1, 4, 5, 5}, {8, 4, 3, 3})),
            "'strides' must be >= 1, got 0 at index 1 in [1, 0]");
  ConvParams t = ConvParams::getDefault(ConvKind::ConvTranspose, 1);
  t.strides = {3};
  t.dilations = {2};
  t.outputPadding = {3};
  EXPECT_EQ(errorOf(t, shapes({1, 4, 5}, {4, 1, 3})),
            "'output_padding' must be smaller than max(stride, dilation) = 3 "
            "in spatial dim 0, got 3");
  t.outputPadding = {2};
  EXPECT_EQ(errorOf(t, shapes({1, 4, 5}, {4, 1, 3}, 2)),
            "bias has 2 elements, expected one per output channel (1)");
  ConvParams o = ConvParams::getDefault(ConvKind::Conv, 1);
  o.outputPadding = {0};
  EXPECT_EQ(errorOf(o, shapes({1, 4, 5}, {4, 4, 3})),
            "'output_padding' is only meaningful for conv_transpose");
}

TEST(ConvGeometry, ZeroInsertionPads) {
  // dil*(K-1) - padLo and dil*(K-1) - padHi + outPad; negative values crop.
  ZeroInsertionPads z = getZeroInsertionPads(sp(2, 1, 1, 1, 1), 3);
  EXPECT_EQ(z.lo, 1);
  EXPECT_EQ(z.hi, 2);
  ZeroInsertionPads crop = getZeroInsertionPads(sp(2, 2, 5, 1), 2);
  EXPECT_EQ(crop.lo, -3);
  EXPECT_EQ(crop.hi, 1);
}

namespace {

using Pair = std::pair<int64_t, int64_t>; // (input index, tap)

/// The (i, k) pairs that contribute to output o of a transposed conv, by the
/// definition: i*s - padLo + k*d == o.
std::vector<Pair> scatterPairs(int64_t in, int64_t kernel,
                               const SpatialParams &p, int64_t o) {
  std::vector<Pair> pairs;
  for (int64_t i = 0; i < in; ++i)
    for (int64_t k = 0; k < kernel; ++k)
      if (i * p.stride - p.padLo + k * p.dilation == o)
        pairs.push_back({i, k});
  std::sort(pairs.begin(), pairs.end());
  return pairs;
}

} // namespace

// Every output of every phase gets exactly the (input, tap) pairs of the
// definition, for strides 1-4, dilations 1-4 (shared factors included),
// kernels 1-6 and paddings that crop.
TEST(SubpixelPhase, MatchesScatterDefinition) {
  int checked = 0;
  for (int64_t s = 1; s <= 4; ++s)
    for (int64_t d = 1; d <= 4; ++d)
      for (int64_t kernel = 1; kernel <= 6; ++kernel)
        for (int64_t lo = 0; lo <= 7; ++lo)
          for (int64_t in = 1; in <= 5; ++in) {
            SpatialParams p = sp(s, d, lo, 0, 0);
            int64_t out =
                *computeOutputSize(ConvKind::ConvTranspose, in, kernel, p);
            if (out < 1)
              continue;
            int64_t covered = 0;
            for (int64_t r = 0; r < s; ++r) {
              SubpixelPhase ph = getSubpixelPhase(p, kernel, r);
              EXPECT_EQ(ph.tapStep * std::gcd(s, d), s);
              int64_t q_n = getPhaseSize(out, s, r);
              covered += q_n;
              for (int64_t q = 0; q < q_n; ++q) {
                std::vector<Pair> got;
                for (int64_t m = 0; m < ph.numTaps; ++m) {
                  int64_t i = q + ph.inputOffset + m * ph.subDilation;
                  int64_t k = ph.firstTap + (ph.numTaps - 1 - m) * ph.tapStep;
                  ASSERT_LT(k, kernel);
                  ASSERT_GE(k, 0);
                  if (i >= 0 && i < in)
                    got.push_back({i, k});
                }
                std::sort(got.begin(), got.end());
                ASSERT_EQ(got, scatterPairs(in, kernel, p, q * s + r))
                    << "s=" << s << " d=" << d << " K=" << kernel
                    << " lo=" << lo << " I=" << in << " r=" << r;
                ++checked;
              }
            }
            EXPECT_EQ(covered, out);
          }
  EXPECT_GT(checked, 10000);
}

// Every output of a transposed conv whose length is a whole number of
// strides is the sum getPhaseTapsDim describes: the pairs (input, tap) of
// its real taps inside the input are the scatter definition's.
TEST(PhaseTapsDim, MatchesScatterDefinition) {
  int checked = 0;
  for (int64_t s = 1; s <= 5; ++s)
    for (int64_t kernel = 1; kernel <= 9; ++kernel)
      for (int64_t lo = 0; lo <= kernel; ++lo)
        for (int64_t op = 0; op < s; ++op)
          for (int64_t in = 1; in <= 6; ++in) {
            int64_t hi = lo; // Symmetric padding; output_padding adds.
            SpatialParams p = sp(s, 1, lo, hi, op);
            int64_t out =
                *computeOutputSize(ConvKind::ConvTranspose, in, kernel, p);
            std::optional<PhaseTapsDim> dim = getPhaseTapsDim(p, kernel, out);
            if (out < 1 || out % s) {
              EXPECT_FALSE(dim);
              continue;
            }
            ASSERT_TRUE(dim);
            EXPECT_EQ(dim->positions * s, out);
            for (int64_t o = 0; o < out; ++o) {
              int64_t m = o / s, r = o % s;
              ASSERT_LE(dim->getRealTaps(r), dim->taps);
              std::vector<Pair> got;
              for (int64_t t = 0; t < dim->getRealTaps(r); ++t) {
                int64_t i = m + dim->getShift(r) - t;
                int64_t k = dim->getPhase(r) + t * s;
                ASSERT_LT(k, kernel);
                if (i >= 0 && i < in)
                  got.push_back({i, k});
              }
              std::sort(got.begin(), got.end());
              ASSERT_EQ(got, scatterPairs(in, kernel, p, o))
                  << "s=" << s << " K=" << kernel << " lo=" << lo << " I=" << in
                  << " o=" << o;
              ++checked;
            }
          }
  EXPECT_GT(checked, 10000);
  // Dilation and padding beyond the kernel are other forms' business.
  EXPECT_FALSE(getPhaseTapsDim(sp(2, 2, 0, 0, 0), 3, 8));
  EXPECT_FALSE(getPhaseTapsDim(sp(2, 1, 5, 5, 0), 3, 8));
}

// The phases with taps are exactly the residues whose getSubpixelPhase has
// taps, and countSubpixelPhasesWithTaps counts them without enumerating (the
// struct fuzzer ran the enumeration out of memory with a 2^31 kernel).
TEST(SubpixelPhase, PhasesWithTapsAndTheirCount) {
  for (int64_t s = 1; s <= 6; ++s)
    for (int64_t d = 1; d <= 4; ++d)
      for (int64_t kernel = 1; kernel <= 7; ++kernel)
        for (int64_t lo = 0; lo <= 5; ++lo) {
          SpatialParams p = sp(s, d, lo, 0, 0);
          std::vector<int64_t> want;
          for (int64_t r = 0; r < s; ++r)
            if (getSubpixelPhase(p, kernel, r).numTaps > 0)
              want.push_back(r);
          std::vector<int64_t> got;
          for (const SubpixelPhase &ph : getSubpixelPhasesWithTaps(p, kernel))
            got.push_back(ph.residue);
          EXPECT_EQ(got, want) << "s=" << s << " d=" << d << " K=" << kernel;
          EXPECT_EQ(countSubpixelPhasesWithTaps(p, kernel),
                    static_cast<int64_t>(want.size()));
        }
  EXPECT_EQ(countSubpixelPhasesWithTaps(sp(int64_t(1) << 32, 1, 1, 0, 0),
                                        int64_t(1) << 31),
            int64_t(1) << 31);
  EXPECT_EQ(
      countSubpixelPhasesWithTaps(
          sp(int64_t(1) << 32, int64_t(1) << 30, 0, 0, 0), int64_t(1) << 31),
      4);
}

// K=4, s=2, pad 1 (DCGAN): two phases of two taps each; K=3, s=2: 2 and 1.
TEST(SubpixelPhase, PublishedShapes) {
  SubpixelPhase a = getSubpixelPhase(sp(2, 1, 1, 1), 4, 0);
  EXPECT_EQ(a.firstTap, 1);
  EXPECT_EQ(a.numTaps, 2);
  EXPECT_EQ(a.inputOffset, -1);
  SubpixelPhase b = getSubpixelPhase(sp(2, 1, 1, 1), 4, 1);
  EXPECT_EQ(b.firstTap, 0);
  EXPECT_EQ(b.numTaps, 2);
  EXPECT_EQ(b.inputOffset, 0);
  EXPECT_EQ(getSubpixelPhase(sp(2, 1, 0, 0), 3, 0).numTaps, 2);
  EXPECT_EQ(getSubpixelPhase(sp(2, 1, 0, 0), 3, 1).numTaps, 1);
  // Dilation 2 with stride 2: every tap lands on an even full index, so one
  // phase has all taps and the other none (bias only).
  EXPECT_EQ(getSubpixelPhase(sp(2, 2, 0, 0), 3, 0).numTaps, 3);
  EXPECT_EQ(getSubpixelPhase(sp(2, 2, 0, 0), 3, 1).numTaps, 0);
}

// The zero-inserted, padded (or cropped) input of strategy 1 convolved with
// the flipped kernel gives exactly the definition's pairs.
TEST(ZeroInsertion, PlacementMatchesScatterDefinition) {
  for (int64_t s = 1; s <= 3; ++s)
    for (int64_t d = 1; d <= 3; ++d)
      for (int64_t kernel = 1; kernel <= 5; ++kernel)
        for (int64_t lo = 0; lo <= 6; ++lo)
          for (int64_t hi = 0; hi <= 6; ++hi)
            for (int64_t op = 0; op < std::max(s, d); ++op)
              for (int64_t in = 1; in <= 4; ++in) {
                SpatialParams p = sp(s, d, lo, hi, op);
                int64_t out =
                    *computeOutputSize(ConvKind::ConvTranspose, in, kernel, p);
                if (out < 1)
                  continue;
                ZeroInsertionPlacement z = getZeroInsertionPlacement(p, kernel);
                int64_t extent = (in - 1) * s + 1 + z.pads.lo + z.pads.hi;
                ASSERT_EQ(extent, out + d * (kernel - 1));
                // Which input sits at each position of the conv input.
                std::vector<int64_t> at(extent, -1);
                for (int64_t i = z.skipLo; i < in - z.skipHi; ++i) {
                  int64_t pos = z.offset + (i - z.skipLo) * s;
                  ASSERT_GE(pos, 0);
                  ASSERT_LT(pos, extent);
                  at[pos] = i;
                }
                for (int64_t o = 0; o < out; ++o) {
                  std::vector<Pair> got;
                  for (int64_t j = 0; j < kernel; ++j) // flipped tap
                    if (int64_t i = at[o + j * d]; i >= 0)
                      got.push_back({i, kernel - 1 - j});
                  std::sort(got.begin(), got.end());
                  ASSERT_EQ(got, scatterPairs(in, kernel, p, o));
                }
              }
}

TEST(OnnxPadding, ConvAutoPad) {
  // SAME_UPPER, in 5, k 3, s 2: out 3, total 2 -> 1, 1. SAME_LOWER with an
  // odd total puts the extra at the beginning.
  auto a = resolveOnnxConvPadding(OnnxAutoPad::SameUpper, {}, {5, 5}, {3, 3},
                                  {2, 2}, {1, 1});
  ASSERT_TRUE(bool(a));
  EXPECT_EQ(*a, (llvm::SmallVector<int64_t, 6>{1, 1, 1, 1}));
  auto b =
      resolveOnnxConvPadding(OnnxAutoPad::SameLower, {}, {6}, {4}, {1}, {1});
  ASSERT_TRUE(bool(b));
  EXPECT_EQ(*b, (llvm::SmallVector<int64_t, 6>{2, 1}));
  auto c =
      resolveOnnxConvPadding(OnnxAutoPad::SameUpper, {}, {6}, {4}, {1}, {1});
  EXPECT_EQ(*c, (llvm::SmallVector<int64_t, 6>{1, 2}));
  auto v =
      resolveOnnxConvPadding(OnnxAutoPad::Valid, {1, 1}, {6}, {4}, {1}, {1});
  EXPECT_EQ(*v, (llvm::SmallVector<int64_t, 6>{0, 0}));
  auto n =
      resolveOnnxConvPadding(OnnxAutoPad::NotSet, {1, 2}, {6}, {4}, {1}, {1});
  EXPECT_EQ(*n, (llvm::SmallVector<int64_t, 6>{1, 2}));
  auto bad =
      resolveOnnxConvPadding(OnnxAutoPad::NotSet, {1}, {6}, {4}, {1}, {1});
  EXPECT_FALSE(bool(bad));
  llvm::consumeError(bad.takeError());
}

TEST(OnnxPadding, ConvTransposeOutputShape) {
  // test_convtranspose_output_shape: in 3x3, k 3, s 3, output_shape 10x8.
  // Rows: full 9, want 10 (columns: 7, want 8): total -1 -> begin 0 and the
  // extra position at the end, i.e. output_padding 1 (C's truncating division
  // would give begin -1).
  auto r = resolveOnnxConvTransposePadding(OnnxAutoPad::NotSet, {}, {10, 8}, {},
                                           {3, 3}, {3, 3}, {3, 2}, {1, 1});
  ASSERT_TRUE(bool(r));
  EXPECT_EQ(r->padding, (llvm::SmallVector<int64_t, 6>{0, 0, 0, 0}));
  EXPECT_EQ(r->outputPadding, (llvm::SmallVector<int64_t, 3>{1, 1}));
  // SAME_UPPER, in 3, s 2, k 3: want 6, full 7, total 1 -> begin 0, end 1.
  auto u = resolveOnnxConvTransposePadding(OnnxAutoPad::SameUpper, {}, {}, {},
                                           {3}, {3}, {2}, {1});
  ASSERT_TRUE(bool(u));
  EXPECT_EQ(u->padding, (llvm::SmallVector<int64_t, 6>{0, 1}));
  auto l = resolveOnnxConvTransposePadding(OnnxAutoPad::SameLower, {}, {}, {},
                                           {3}, {3}, {2}, {1});
  EXPECT_EQ(l->padding, (llvm::SmallVector<int64_t, 6>{1, 0}));
  // Explicit pads pass through; output_shape overrides them.
  auto e = resolveOnnxConvTransposePadding(OnnxAutoPad::NotSet, {1, 2}, {}, {1},
                                           {3}, {3}, {2}, {1});
  EXPECT_EQ(e->padding, (llvm::SmallVector<int64_t, 6>{1, 2}));
  EXPECT_EQ(e->outputPadding, (llvm::SmallVector<int64_t, 3>{1}));
  // Too many extra positions for output_padding: a message, not a wrong op.
  auto big = resolveOnnxConvTransposePadding(OnnxAutoPad::NotSet, {}, {12}, {2},
                                             {3}, {3}, {3}, {1});
  ASSERT_FALSE(bool(big));
  EXPECT_NE(llvm::toString(big.takeError()).find("max(stride, dilation)"),
            std::string::npos);
  auto before = resolveOnnxConvTransposePadding(OnnxAutoPad::NotSet, {}, {11},
                                                {}, {3}, {3}, {3}, {1});
  ASSERT_FALSE(bool(before));
  EXPECT_NE(llvm::toString(before.takeError()).find("cannot express"),
            std::string::npos);
}

namespace {

/// 1-D op of `x` with the given geometry, by its definition: conv gathers
/// y[o] = sum_k x[o*s - lo + k*d] w[k]; the transposed conv scatters
/// x[i] w[k] to y[i*s + k*d - lo]. `outLen` outputs.
std::vector<double> apply1D(ConvKind kind, const std::vector<double> &x,
                            const std::vector<double> &w, int64_t s, int64_t d,
                            int64_t lo, int64_t outLen) {
  std::vector<double> y(outLen, 0.0);
  int64_t n = x.size(), k = w.size();
  for (int64_t o = 0; o < outLen; ++o)
    for (int64_t i = 0; i < n; ++i)
      for (int64_t t = 0; t < k; ++t) {
        bool hit = kind == ConvKind::Conv ? i == o * s - lo + t * d
                                          : o == i * s + t * d - lo;
        if (hit)
          y[o] += x[i] * w[t];
      }
  return y;
}

} // namespace

// Every output tile computed from its window equals the same outputs of the
// whole op, for convs and transposed convs of many geometries.
TEST(ConvGeometry, OutputTileWindowsMatchTheWholeOp) {
  int checked = 0;
  for (ConvKind kind : {ConvKind::Conv, ConvKind::ConvTranspose})
    for (int64_t k = 1; k <= 5; ++k)
      for (int64_t s = 1; s <= 4; ++s)
        for (int64_t d = 1; d <= 2; ++d)
          for (int64_t lo = 0; lo <= 3; ++lo)
            for (int64_t hi = 0; hi <= 2; ++hi)
              for (int64_t n : {1, 5, 9})
                for (int64_t tileMul : {1, 2, 3}) {
                  SpatialParams p;
                  p.stride = s;
                  p.dilation = d;
                  p.padLo = lo;
                  p.padHi = hi;
                  int64_t tile =
                      kind == ConvKind::Conv ? 2 * tileMul - 1 : tileMul * s;
                  std::optional<int64_t> out = computeOutputSize(kind, n, k, p);
                  if (!out || *out < 1)
                    continue;
                  std::optional<OutputTileWindow> win =
                      getOutputTileWindow(kind, k, p, tile);
                  if (!win) {
                    // Only a transposed conv whose stride exceeds the
                    // dilated kernel may have no tile form.
                    EXPECT_EQ(kind, ConvKind::ConvTranspose);
                    EXPECT_GT(s, (k - 1) * d + 1);
                    continue;
                  }
                  std::vector<double> x(n), w(k);
                  for (int64_t i = 0; i < n; ++i)
                    x[i] = 1.0 + i * 0.37;
                  for (int64_t i = 0; i < k; ++i)
                    w[i] = 0.5 - i * 0.21;
                  std::vector<double> whole =
                      apply1D(kind, x, w, s, d, lo, *out);
                  for (int64_t t = 0; t * tile < *out; ++t) {
                    std::vector<double> window(win->windowLength, 0.0);
                    for (int64_t j = 0; j < win->windowLength; ++j) {
                      int64_t i = t * win->inputStep + win->windowOffset + j;
                      if (i >= 0 && i < n)
                        window[j] = x[i];
                    }
                    SpatialParams tp = p;
                    tp.padLo = win->padLo;
                    tp.padHi = win->padHi;
                    EXPECT_EQ(computeOutputSize(kind, win->windowLength, k, tp),
                              std::optional<int64_t>(tile));
                    std::vector<double> part =
                        apply1D(kind, window, w, s, d, win->padLo, tile);
                    for (int64_t o = 0; o < tile && t * tile + o < *out; ++o)
                      ASSERT_NEAR(part[o], whole[t * tile + o], 1e-9)
                          << (kind == ConvKind::Conv ? "conv" : "convT")
                          << " k=" << k << " s=" << s << " d=" << d
                          << " lo=" << lo << " n=" << n << " tile=" << tile
                          << " t=" << t << " o=" << o;
                    ++checked;
                  }
                }
  EXPECT_GT(checked, 1000);
}
