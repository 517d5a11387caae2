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

#include <limits>

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
