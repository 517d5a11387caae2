//===- KernelConfigTest.cpp - The kernel and tile choice ------------------===//

#include "deconv/Codegen/KernelConfig.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"

#include <gtest/gtest.h>

using namespace mlir;
using namespace mlir::deconv;

namespace {

TEST(CpuTarget, RegisterBudgetFollowsTheVectorFile) {
  CpuTarget avx512 = CpuTarget::forF32Lanes(16);
  EXPECT_EQ(avx512.vectorRegisters, 32);
  EXPECT_EQ(avx512.getAccumulatorRegisters(), 28);
  CpuTarget avx2 = CpuTarget::forF32Lanes(8);
  EXPECT_EQ(avx2.vectorRegisters, 16);
  EXPECT_EQ(avx2.getAccumulatorRegisters(), 14);
  CpuTarget small = CpuTarget::forF32Lanes(16, 32, 1 << 20);
  EXPECT_EQ(small.getChannelBlockBytes(), 256 << 10);
  EXPECT_EQ(small.getStreamedFilterBytes(), 2 << 20);
}

TEST(SelectWidthTile, DivisorOrPadding) {
  // A divisor close to the budget is taken as is.
  EXPECT_EQ(selectWidthTile(56, 14), (std::pair<int64_t, int64_t>(14, 56)));
  EXPECT_EQ(selectWidthTile(6, 14), (std::pair<int64_t, int64_t>(6, 6)));
  // A prime width is padded to whole tiles of at least half the budget,
  // with the fewest extra columns.
  auto [tile, padded] = selectWidthTile(257, 28);
  EXPECT_GE(2 * tile, 28);
  EXPECT_EQ(padded % tile, 0);
  EXPECT_GE(padded, 257);
  EXPECT_LT(padded - 257, tile);
  EXPECT_EQ(selectWidthTile(17, 7), (std::pair<int64_t, int64_t>(6, 18)));
}

TEST(SelectChannelsLastTile, FillsTheRegisters) {
  CpuTarget avx512 = CpuTarget::forF32Lanes(16);
  // 64 channels: two vectors per pixel, 14 pixels in 28 registers.
  KernelConfig t = selectChannelsLastTile(56, 56, 64, 64, avx512);
  EXPECT_EQ(t.kind, KernelKind::ChannelsLast);
  EXPECT_EQ(t.channels, 32);
  EXPECT_EQ(t.width, 14);
  EXPECT_EQ(t.rows, 1);
  EXPECT_EQ(t.reduction, 8);
  EXPECT_EQ(t.paddedWidth, 56);
  for (int64_t oh : {1, 2, 3, 4, 7, 8})
    for (int64_t ow : {1, 3, 4, 5, 8, 17, 28, 64, 257})
      for (int64_t f : {1, 3, 8, 16, 24, 48, 64, 200})
        for (int64_t lanes : {8, 16}) {
          CpuTarget target = CpuTarget::forF32Lanes(lanes);
          KernelConfig c = selectChannelsLastTile(oh, ow, f, 5, target);
          int64_t vectors = (c.channels + lanes - 1) / lanes;
          // Every tile divides (or pads) its dim and fits the registers.
          EXPECT_EQ(f % c.channels, 0);
          EXPECT_EQ(oh % c.rows, 0);
          EXPECT_EQ(c.paddedWidth % c.width, 0);
          EXPECT_GE(c.paddedWidth, ow);
          EXPECT_LE(
              c.rows * c.width * vectors,
              std::max<int64_t>(vectors, target.getAccumulatorRegisters()));
          EXPECT_EQ(c.reduction, 5);
        }
  // A short row takes several rows per tile.
  KernelConfig narrow = selectChannelsLastTile(8, 4, 16, 16, avx512);
  EXPECT_GT(narrow.rows, 1);
}

// A bf16 dot-product tile leaves four registers to the channel pairs'
// interleave: 28 pixels x 32 channels take 7-pixel tiles (14 accumulators)
// where f32 takes 14-pixel ones (28, which would spill).
TEST(SelectChannelsLastTile, Bf16PairsLeaveRegistersToTheInterleave) {
  CpuTarget avx512 = CpuTarget::forF32Lanes(16, 0, 2 << 20, /*bf16Dot=*/true);
  EXPECT_EQ(avx512.forBf16Pairs().vectorRegisters, 28);
  EXPECT_EQ(selectChannelsLastTile(28, 28, 128, 256, avx512).width, 14);
  KernelConfig t =
      selectChannelsLastTile(28, 28, 128, 256, avx512.forBf16Pairs());
  EXPECT_EQ(t.width, 7);
  EXPECT_EQ(t.channels, 32);
  EXPECT_LE(t.width * t.rows * 2, avx512.forBf16Pairs().vectorRegisters - 4);
}

TEST(SelectRowsTile, FewChannelsAndFullRows) {
  CpuTarget avx512 = CpuTarget::forF32Lanes(16);
  CpuTarget avx2 = CpuTarget::forF32Lanes(8);
  // 4 channels of a 56-pixel row: 4 vectors per row (64 lanes, 88 % used)
  // for all 4 channels fill 16 of the 28 accumulators.
  std::optional<KernelConfig> t = selectRowsTile(56, 56, 4, 9, avx512);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->kind, KernelKind::Rows);
  EXPECT_EQ(t->channels, 4);
  EXPECT_EQ(t->width, 64);
  EXPECT_EQ(t->paddedWidth, 64);
  EXPECT_EQ(t->rows, 1);
  // A short row takes several rows, until each filter broadcast feeds 4
  // vectors or the step unrolls 72 1-D convs (channels x rows x taps).
  t = selectRowsTile(8, 16, 2, 9, avx512);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->width, 16);
  EXPECT_EQ(t->rows, 4);
  EXPECT_EQ(selectRowsTile(8, 16, 3, 9, avx512)->rows, 2);
  EXPECT_EQ(selectRowsTile(8, 16, 4, 9, avx512)->rows, 2);
  EXPECT_EQ(selectRowsTile(8, 16, 2, 25, avx512)->rows, 1);
  // A step that would unroll more than 72 1-D convs even at one row is not
  // a rows tile, however large the filter.
  EXPECT_TRUE(selectRowsTile(8, 16, 2, 36, avx512));
  EXPECT_FALSE(selectRowsTile(8, 16, 2, 37, avx512));
  EXPECT_FALSE(selectRowsTile(8, 16, 1, int64_t(1) << 40, avx512));
  // A row of 3 vectors: tiles of one vector (a power of two).
  EXPECT_EQ(selectRowsTile(8, 48, 4, 9, avx512)->width, 16);
  // Channels that fill up to half a vector take it on ops of at least 512
  // output pixels (their steps compile slowly; small ops are the ones that
  // tiles and phases repeat), and keep the channels-last kernel beyond.
  t = selectRowsTile(28, 28, 8, 9, avx512);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->channels, 8);
  EXPECT_EQ(t->width, 32);
  EXPECT_EQ(t->rows, 1);
  EXPECT_FALSE(selectRowsTile(8, 16, 8, 9, avx512));
  EXPECT_FALSE(selectRowsTile(56, 56, 9, 9, avx512));
  EXPECT_TRUE(selectRowsTile(56, 56, 4, 9, avx2));
  EXPECT_FALSE(selectRowsTile(8, 16, 4, 9, avx2));
  EXPECT_FALSE(selectRowsTile(56, 56, 5, 9, avx2));
  // Rows that would waste more than a quarter of their vectors do not.
  EXPECT_FALSE(selectRowsTile(56, 20, 4, 9, avx512));
  for (int64_t oh : {1, 3, 8, 56})
    for (int64_t ow : {12, 16, 30, 56, 100, 257})
      for (int64_t f : {1, 2, 3, 4, 5, 8})
        for (CpuTarget target : {avx512, avx2}) {
          std::optional<KernelConfig> c = selectRowsTile(oh, ow, f, 9, target);
          if (!c)
            continue;
          EXPECT_EQ(c->width % target.getLanes(), 0);
          EXPECT_TRUE(llvm::isPowerOf2_64(c->width / target.getLanes()));
          EXPECT_TRUE(c->rows == 1 || c->channels * c->rows * 9 <= 72);
          EXPECT_EQ(c->paddedWidth % c->width, 0);
          EXPECT_GE(c->paddedWidth, ow);
          EXPECT_LT(c->paddedWidth - ow, target.getLanes());
          EXPECT_EQ(oh % c->rows, 0);
          EXPECT_LE(c->channels * c->rows * c->width / target.getLanes(),
                    target.getAccumulatorRegisters());
        }
}

TEST(KernelConfig, AttributeRoundTrip) {
  MLIRContext ctx;
  KernelConfig c;
  c.kind = KernelKind::ChannelsLast;
  c.rows = 2;
  c.width = 7;
  c.channels = 32;
  c.reduction = 8;
  c.paddedWidth = 14;
  c.channelBlock = 64;
  c.filterOuter = true;
  std::optional<KernelConfig> back = KernelConfig::fromAttr(c.toAttr(&ctx));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->kind, c.kind);
  EXPECT_EQ(back->rows, 2);
  EXPECT_EQ(back->width, 7);
  EXPECT_EQ(back->channels, 32);
  EXPECT_EQ(back->reduction, 8);
  EXPECT_EQ(back->paddedWidth, 14);
  EXPECT_EQ(back->channelBlock, 64);
  EXPECT_TRUE(back->filterOuter);

  KernelConfig none;
  none.reason = "why";
  back = KernelConfig::fromAttr(none.toAttr(&ctx));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->kind, KernelKind::None);
  EXPECT_EQ(back->reason, "why");

  // Malformed attributes are refused, not trusted.
  Builder b(&ctx);
  EXPECT_FALSE(KernelConfig::fromAttr(b.getUnitAttr()));
  EXPECT_FALSE(KernelConfig::fromAttr(b.getDictionaryAttr(
      {b.getNamedAttr("kind", b.getStringAttr("fastest"))})));
  EXPECT_FALSE(KernelConfig::fromAttr(b.getDictionaryAttr(
      {b.getNamedAttr("kind", b.getStringAttr("channels-last")),
       b.getNamedAttr("tile", b.getDenseI64ArrayAttr({1, 0, 16, 8})),
       b.getNamedAttr("padded_width", b.getI64IntegerAttr(8))})));
  EXPECT_FALSE(KernelConfig::fromAttr(b.getDictionaryAttr(
      {b.getNamedAttr("kind", b.getStringAttr("channels-last")),
       b.getNamedAttr("tile", b.getDenseI64ArrayAttr({1, 3, 16, 8})),
       b.getNamedAttr("padded_width", b.getI64IntegerAttr(8))})));
}

/// A 2-D NCHW conv of the given shapes in a fresh module.
struct ConvBuilder {
  MLIRContext ctx;
  OpBuilder b{&ctx};
  OwningOpRef<ModuleOp> module;
  ConvBuilder() {
    ctx.loadDialect<arith::ArithDialect, linalg::LinalgDialect,
                    tensor::TensorDialect>();
    module = ModuleOp::create(b.getUnknownLoc());
    b.setInsertionPointToEnd(module->getBody());
  }
  Operation *conv(ArrayRef<int64_t> x, ArrayRef<int64_t> w, ArrayRef<int64_t> y,
                  int64_t stride = 1, Type elt = {}) {
    Location loc = b.getUnknownLoc();
    elt = elt ? elt : b.getF32Type();
    auto empty = [&](ArrayRef<int64_t> shape) -> Value {
      SmallVector<Value> dyn;
      for (int64_t d : shape)
        if (ShapedType::isDynamic(d))
          dyn.push_back(arith::ConstantIndexOp::create(b, loc, 1));
      return tensor::EmptyOp::create(b, loc, shape, elt, dyn);
    };
    Value xv = empty(x), wv = empty(w), yv = empty(y);
    return linalg::Conv2DNchwFchwOp::create(
        b, loc, TypeRange{yv.getType()}, ValueRange{xv, wv}, ValueRange{yv},
        b.getI64TensorAttr({stride, stride}), b.getI64TensorAttr({1, 1}));
  }
};

TEST(SelectKernelConfig, KindsAndReasons) {
  ConvBuilder cb;
  CpuTarget avx512 = CpuTarget::forF32Lanes(16);
  // An ordinary 3x3 conv.
  KernelConfig c = selectKernelConfig(
      cb.conv({1, 64, 58, 58}, {64, 64, 3, 3}, {1, 64, 56, 56}), avx512);
  EXPECT_EQ(c.kind, KernelKind::ChannelsLast);
  EXPECT_EQ(c.channelBlock, 0);
  EXPECT_FALSE(c.filterOuter);
  // A 1x1 conv of one image: pointwise, unless the caller forbids it.
  Operation *pw = cb.conv({1, 64, 8, 8}, {32, 64, 1, 1}, {1, 32, 8, 8});
  EXPECT_EQ(selectKernelConfig(pw, avx512).kind, KernelKind::PointwiseNchw);
  EXPECT_EQ(selectKernelConfig(pw, avx512, /*pointwiseNchw=*/false).kind,
            KernelKind::ChannelsLast);
  // Two images, or a stride: not pointwise.
  EXPECT_EQ(selectKernelConfig(
                cb.conv({2, 64, 8, 8}, {32, 64, 1, 1}, {2, 32, 8, 8}), avx512)
                .kind,
            KernelKind::ChannelsLast);
  // A filter of 8 MiB: blocks of input channels, channel tiles outermost.
  c = selectKernelConfig(
      cb.conv({1, 1024, 4, 4}, {2048, 1024, 1, 1}, {1, 2048, 4, 4}), avx512);
  EXPECT_EQ(c.kind, KernelKind::ChannelsLast);
  EXPECT_GE(c.channelBlock, 32);
  EXPECT_EQ(1024 % c.channelBlock, 0);
  EXPECT_LE(c.channelBlock * 2048 * 4, avx512.getChannelBlockBytes());
  EXPECT_TRUE(c.filterOuter);
  // With a smaller L2 the same filter is blocked finer.
  CpuTarget smallL2 = CpuTarget::forF32Lanes(16, 0, 1 << 20);
  KernelConfig c2 = selectKernelConfig(
      cb.conv({1, 1024, 4, 4}, {2048, 1024, 1, 1}, {1, 2048, 4, 4}), smallL2);
  EXPECT_LT(c2.channelBlock, c.channelBlock);
  // Dynamic shapes and other element types fall back, saying why.
  c = selectKernelConfig(cb.conv({ShapedType::kDynamic, 8, 8, 8}, {16, 8, 3, 3},
                                 {ShapedType::kDynamic, 16, 6, 6}),
                         avx512);
  EXPECT_EQ(c.kind, KernelKind::None);
  EXPECT_NE(c.reason.find("dynamic"), std::string::npos);
  c = selectKernelConfig(
      cb.conv({1, 8, 8, 8}, {16, 8, 3, 3}, {1, 16, 6, 6}, 1, cb.b.getF16Type()),
      avx512);
  EXPECT_EQ(c.kind, KernelKind::None);
  EXPECT_NE(c.reason.find("f16"), std::string::npos);
}

/// The depth-to-space shape of a transposed conv whose kernel equals its
/// stride (one tap per phase, nothing padded).
DepthToSpaceShape kernelEqualsStride(int64_t images, int64_t cin, int64_t cout,
                                     ArrayRef<int64_t> sizes,
                                     ArrayRef<int64_t> strides) {
  DepthToSpaceShape shape;
  shape.images = images;
  shape.inChannels = cin;
  shape.outChannels = cout;
  shape.sizes.assign(sizes.begin(), sizes.end());
  shape.strides.assign(strides.begin(), strides.end());
  shape.taps.assign(sizes.size(), 1);
  shape.phaseShifts.assign(sizes.size(), 0);
  shape.inputShifts.assign(sizes.size(), 0);
  shape.inputSizes.assign(sizes.begin(), sizes.end());
  shape.kernels.assign(strides.begin(), strides.end());
  return shape;
}

TEST(SelectDepthToSpaceTile, MostFmasPerLoadWithinRegisters) {
  CpuTarget avx512 = CpuTarget::forF32Lanes(16);
  // 4 phases, a long row: 1 channel x 4 phases x 6 vectors (24 FMAs per 10
  // loads; 6 input vectors and a broadcast make 31 registers).
  DepthToSpaceShape wide = kernelEqualsStride(1, 128, 64, {196, 196}, {2, 2});
  KernelConfig c = selectDepthToSpaceTile(wide, avx512);
  EXPECT_EQ(c.kind, KernelKind::DepthToSpace);
  EXPECT_EQ(c.channels, 1);
  EXPECT_EQ(c.width, 96);
  // Enough rows: a parallel tile takes all output channels.
  EXPECT_EQ(c.channelBlock, 64);
  // 196 pixels: two chunks of 6 vectors leave one (partial) vector, whose
  // tiles take 4 channels (16 independent accumulators).
  EXPECT_EQ(c.tailChannels, 4);
  // Rows of two vectors: a tile of two rows (1 channel x 4 phases x 4
  // vectors, 16 FMAs per 8 loads) beats 2 channels of one row (16 per 10).
  DepthToSpaceShape narrow = kernelEqualsStride(1, 1024, 512, {28, 28}, {2, 2});
  c = selectDepthToSpaceTile(narrow, avx512);
  EXPECT_EQ(c.rows, 2);
  EXPECT_EQ(c.channels, 1);
  EXPECT_EQ(c.width, 64);
  EXPECT_EQ(c.tailChannels, 0);
  // 1-D, one image: too few rows, so channel tiles are parallel too.
  DepthToSpaceShape oneD = kernelEqualsStride(1, 16, 8, {50}, {2});
  c = selectDepthToSpaceTile(oneD, avx512);
  EXPECT_EQ(c.channelBlock, c.channels);
  EXPECT_LE(c.channels * 2 * (c.width / 16) + c.width / 16 + 1, 32);
  // AVX2's 16 registers: 8 phases leave room for one vector of one channel.
  DepthToSpaceShape vol =
      kernelEqualsStride(1, 64, 32, {16, 16, 16}, {2, 2, 2});
  c = selectDepthToSpaceTile(vol, CpuTarget::forF32Lanes(8));
  EXPECT_EQ(c.channels, 1);
  EXPECT_EQ(c.width, 8);
  // 32 phases fit no tile in 16 registers.
  DepthToSpaceShape many = kernelEqualsStride(1, 4, 4, {8, 8}, {4, 8});
  c = selectDepthToSpaceTile(many, CpuTarget::forF32Lanes(8));
  EXPECT_EQ(c.kind, KernelKind::None);
}

// A 3x3 stride-2 up-conv (padding 1, output padding 1): phases of 1 and 2
// taps per dim, 9 products per output position, inputs from two rows and
// two columns.
TEST(DepthToSpaceShape, TapsOfAPaddedKernel) {
  DepthToSpaceShape shape = kernelEqualsStride(1, 64, 16, {128, 128}, {2, 2});
  shape.taps = {2, 2};
  shape.phaseShifts = {1, 1};
  shape.inputShifts = {1, 1};
  shape.inputSizes = {130, 130};
  shape.kernels = {3, 3};
  EXPECT_EQ(shape.getRealTaps(0, 0), 1);
  EXPECT_EQ(shape.getRealTaps(0, 1), 2);
  EXPECT_EQ(shape.getFilterPhase(0, 0), 1);
  EXPECT_EQ(shape.getFilterPhase(0, 1), 0);
  EXPECT_EQ(shape.getInputOffset(0, 0), 1);
  EXPECT_EQ(shape.getInputOffset(0, 1), 2);
  EXPECT_EQ(shape.getProductsPerPosition(), 9);
  // Without the structural zeros known, every tap counts.
  shape.kernels = {4, 4};
  EXPECT_EQ(shape.getProductsPerPosition(), 16);
  shape.kernels = {3, 3};
  KernelConfig c = selectDepthToSpaceTile(shape, CpuTarget::forF32Lanes(16));
  EXPECT_EQ(c.kind, KernelKind::DepthToSpace);
  EXPECT_LE(c.channels * 4 * (c.width / 16) + c.width / 16 + 1, 32);
}

} // namespace
