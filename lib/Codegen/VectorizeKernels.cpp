//===- VectorizeKernels.cpp - Kernel tiles to FMA outer products ----------===//

#include "deconv/Codegen/Passes.h"
#include "deconv/Codegen/Utils.h"

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
#include "mlir/Dialect/X86Vector/X86VectorDialect.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "mlir/Transforms/LoopInvariantCodeMotionUtils.h"

namespace mlir::deconv {
#define GEN_PASS_DEF_DECONVVECTORIZEKERNELS
#include "deconv/Codegen/Passes.h.inc"
} // namespace mlir::deconv

using namespace mlir;
using namespace mlir::deconv;

namespace {

/// Whether `v`, an f32 vector, is a bf16 vector extended, possibly seen
/// through static slices taken after the extension.
bool isExtendedBf16(Value v) {
  if (auto ext = v.getDefiningOp<arith::ExtFOp>())
    return getElementTypeOrSelf(ext.getIn().getType()).isBF16();
  if (auto slice = v.getDefiningOp<vector::ExtractStridedSliceOp>())
    return isExtendedBf16(slice.getSource());
  if (auto extract = v.getDefiningOp<vector::ExtractOp>())
    return extract.getDynamicPosition().empty() &&
           isa<VectorType>(extract.getType()) &&
           isExtendedBf16(extract.getSource());
  return false;
}

/// The bf16 vector that `v` extends (isExtendedBf16), with the same slices
/// taken from it.
Value getBf16Source(OpBuilder &b, Value v) {
  if (auto ext = v.getDefiningOp<arith::ExtFOp>())
    return ext.getIn();
  Location loc = v.getLoc();
  if (auto slice = v.getDefiningOp<vector::ExtractStridedSliceOp>()) {
    auto ints = [](ArrayAttr a) {
      return llvm::to_vector(llvm::map_range(
          a, [](Attribute x) { return cast<IntegerAttr>(x).getInt(); }));
    };
    return vector::ExtractStridedSliceOp::create(
        b, loc, getBf16Source(b, slice.getSource()), ints(slice.getOffsets()),
        ints(slice.getSizes()), ints(slice.getStrides()));
  }
  auto extract = v.getDefiningOp<vector::ExtractOp>();
  return vector::ExtractOp::create(b, loc,
                                   getBf16Source(b, extract.getSource()),
                                   extract.getStaticPosition());
}

/// A channels-last tile's contraction lhs[n, w, c] * rhs[c, f] -> acc[n, w,
/// f] of bf16 values extended to f32, as AVX512_BF16 dot products: each takes
/// a pair of input channels, the pixel's two values broadcast as one 32-bit
/// word against the two filter rows interleaved, and adds both products to
/// the f32 accumulators of `lanes` output channels. The products of two
/// bf16 values are exact in f32 either way; the instruction flushes
/// subnormal inputs and results to zero.
struct ContractToBf16Dot : OpRewritePattern<vector::ContractionOp> {
  ContractToBf16Dot(MLIRContext *ctx, int64_t lanes)
      : OpRewritePattern(ctx, /*benefit=*/2), lanes(lanes) {}

  LogicalResult matchAndRewrite(vector::ContractionOp op,
                                PatternRewriter &rewriter) const override {
    MLIRContext *ctx = op.getContext();
    AffineExpr n, w, f, c;
    bindDims(ctx, n, w, f, c);
    if (op.getKind() != vector::CombiningKind::ADD ||
        op.getIndexingMapsArray() !=
            AffineMap::inferFromExprList(
                ArrayRef<ArrayRef<AffineExpr>>{{n, w, c}, {c, f}, {n, w, f}},
                ctx))
      return rewriter.notifyMatchFailure(op, "not a channels-last tile");
    auto accType = dyn_cast<VectorType>(op.getAccType());
    if (!accType || !accType.getElementType().isF32() ||
        !isExtendedBf16(op.getLhs()) || !isExtendedBf16(op.getRhs()))
      return rewriter.notifyMatchFailure(op, "not bf16 summed in f32");
    ArrayRef<int64_t> lhsShape = op.getLhsType().getShape();
    int64_t images = lhsShape[0], pixels = lhsShape[1], channels = lhsShape[2];
    int64_t outputs = accType.getDimSize(2);
    if (channels % 2 != 0 || outputs % lanes != 0)
      return rewriter.notifyMatchFailure(
          op, "odd input channels, or output channels not whole vectors");

    Location loc = op.getLoc();
    Value lhs = getBf16Source(rewriter, op.getLhs());
    Value rhs = getBf16Source(rewriter, op.getRhs());
    int64_t vectors = outputs / lanes;
    auto sumType = VectorType::get({lanes}, rewriter.getF32Type());
    auto pairType = VectorType::get({2 * lanes}, rewriter.getBF16Type());
    auto wordType = VectorType::get({1}, rewriter.getI32Type());
    auto wordsType = VectorType::get({lanes}, rewriter.getI32Type());
    auto part = [&](Value row, int64_t offset, int64_t size) {
      return vector::ExtractStridedSliceOp::create(rewriter, loc, row, offset,
                                                   size, 1)
          .getResult();
    };
    // sums[(i * pixels + x) * vectors + j]: image i, pixel x, vector j.
    SmallVector<Value> sums;
    for (int64_t i = 0; i < images; ++i)
      for (int64_t x = 0; x < pixels; ++x) {
        Value row = vector::ExtractOp::create(rewriter, loc, op.getAcc(),
                                              ArrayRef<int64_t>{i, x});
        for (int64_t j = 0; j < vectors; ++j)
          sums.push_back(part(row, j * lanes, lanes));
      }
    for (int64_t p = 0; p < channels / 2; ++p) {
      SmallVector<Value> broadcasts;
      for (int64_t i = 0; i < images; ++i)
        for (int64_t x = 0; x < pixels; ++x) {
          Value row = vector::ExtractOp::create(rewriter, loc, lhs,
                                                ArrayRef<int64_t>{i, x});
          Value word = vector::BitCastOp::create(rewriter, loc, wordType,
                                                 part(row, 2 * p, 2));
          Value scalar = vector::ExtractOp::create(rewriter, loc, word,
                                                   ArrayRef<int64_t>{0});
          Value splat =
              vector::BroadcastOp::create(rewriter, loc, wordsType, scalar);
          broadcasts.push_back(
              vector::BitCastOp::create(rewriter, loc, pairType, splat));
        }
      Value even = vector::ExtractOp::create(rewriter, loc, rhs,
                                             ArrayRef<int64_t>{2 * p});
      Value odd = vector::ExtractOp::create(rewriter, loc, rhs,
                                            ArrayRef<int64_t>{2 * p + 1});
      for (int64_t j = 0; j < vectors; ++j) {
        Value filter = vector::InterleaveOp::create(
            rewriter, loc, part(even, j * lanes, lanes),
            part(odd, j * lanes, lanes));
        for (auto [k, a] : llvm::enumerate(broadcasts)) {
          Value &sum = sums[k * vectors + j];
          sum = x86vector::DotBF16Op::create(rewriter, loc, sumType, sum, a,
                                             filter);
        }
      }
    }
    Value result = op.getAcc();
    for (int64_t i = 0; i < images; ++i)
      for (int64_t x = 0; x < pixels; ++x) {
        Value row = vector::ExtractOp::create(rewriter, loc, result,
                                              ArrayRef<int64_t>{i, x});
        for (int64_t j = 0; j < vectors; ++j)
          row = vector::InsertStridedSliceOp::create(
              rewriter, loc, sums[(i * pixels + x) * vectors + j], row,
              ArrayRef<int64_t>{j * lanes}, ArrayRef<int64_t>{1});
        result = vector::InsertOp::create(rewriter, loc, row, result,
                                          ArrayRef<int64_t>{i, x});
      }
    rewriter.replaceOp(op, result);
    return success();
  }

  int64_t lanes;
};

struct DeconvVectorizeKernelsPass
    : deconv::impl::DeconvVectorizeKernelsBase<DeconvVectorizeKernelsPass> {
  using Base::Base;

  void runOnOperation() override {
    Operation *root = getOperation();
    MLIRContext *ctx = &getContext();
    IRRewriter rewriter(ctx);
    // Unit-height tiles become 1-D convolutions, which vectorize.
    {
      RewritePatternSet patterns(ctx);
      patterns.add<linalg::DownscaleSizeOneWindowed2DConvolution<
                       linalg::Conv2DNhwcHwcfOp, linalg::Conv1DNwcWcfOp>,
                   linalg::DownscaleDepthwiseConv2DNhwcHwcOp>(ctx);
      if (failed(applyPatternsGreedily(root, std::move(patterns))))
        return signalPassFailure();
    }
    SmallVector<linalg::LinalgOp> conv1ds;
    root->walk([&](Operation *op) {
      if (isa<linalg::Conv1DNwcWcfOp, linalg::DepthwiseConv1DNwcWcOp,
              linalg::Conv1DOp>(op))
        conv1ds.push_back(cast<linalg::LinalgOp>(op));
    });
    for (auto op : conv1ds) {
      rewriter.setInsertionPoint(op);
      auto vectorized = linalg::vectorize(rewriter, op);
      if (failed(vectorized))
        continue;
      rewriter.replaceOp(op, vectorized->replacements);
    }

    // vector.contract -> broadcast-FMA outer products (bf16 pairs -> dot
    // products first, where the target has them).
    RewritePatternSet patterns(ctx);
    if (bf16Dot)
      patterns.add<ContractToBf16Dot>(ctx, vectorWidth);
    vector::populateVectorContractLoweringPatterns(
        patterns, vector::VectorContractLowering::OuterProduct);
    vector::populateVectorOuterProductLoweringPatterns(patterns);
    vector::populateVectorTransferPermutationMapLoweringPatterns(patterns);
    vector::populateVectorReductionToContractPatterns(patterns);
    vector::populateSinkVectorOpsPatterns(patterns);
    vector::TransferReadOp::getCanonicalizationPatterns(patterns, ctx);
    vector::TransferWriteOp::getCanonicalizationPatterns(patterns, ctx);
    tensor::ExtractSliceOp::getCanonicalizationPatterns(patterns, ctx);
    if (failed(applyPatternsGreedily(root, std::move(patterns))))
      return signalPassFailure();
  }
};

} // namespace
