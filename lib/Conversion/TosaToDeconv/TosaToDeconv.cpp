//===- TosaToDeconv.cpp - Import TOSA convolutions (--deconv-import-tosa) -===//
//
// TOSA is channels-last with its own weight layouts; deconv is channels-first
// with PyTorch's. Each imported op is wrapped in explicit linalg.transposes,
// and a transpose of a transpose folds, so consecutive layers meet in
// channels-first form and only the program's boundaries pay for a layout
// change.
//
//===----------------------------------------------------------------------===//

#include "deconv/Conversion/TosaToDeconv/TosaToDeconv.h"
#include "deconv/Conversion/Passes.h"
#include "deconv/Dialect/Deconv/IR/DeconvOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::deconv {
#define GEN_PASS_DEF_DECONVIMPORTTOSA
#include "deconv/Conversion/Passes.h.inc"
} // namespace mlir::deconv

using namespace mlir;
using namespace mlir::deconv;

namespace {

/// Whether transposing by `inner` and then by `outer` is the identity.
bool undoes(ArrayRef<int64_t> inner, ArrayRef<int64_t> outer) {
  return inner.size() == outer.size() &&
         llvm::all_of(llvm::seq<size_t>(0, outer.size()),
                      [&](size_t i) { return inner[outer[i]] == (int64_t)i; });
}

/// result[i] = value[perm[i]], as a linalg.transpose; a transpose that undoes
/// the one `value` comes from folds to that one's input.
Value transpose(OpBuilder &b, Location loc, Value value,
                ArrayRef<int64_t> perm) {
  if (auto inner = value.getDefiningOp<linalg::TransposeOp>())
    if (inner.hasPureTensorSemantics() &&
        undoes(inner.getPermutation(), perm))
      return inner.getInput();
  SmallVector<OpFoldResult> sizes = tensor::getMixedSizes(b, loc, value);
  SmallVector<OpFoldResult> permuted;
  for (int64_t i : perm)
    permuted.push_back(sizes[i]);
  Type elementType = cast<ShapedType>(value.getType()).getElementType();
  Value init = tensor::EmptyOp::create(b, loc, permuted, elementType);
  return linalg::TransposeOp::create(b, loc, value, init, perm).getResult()[0];
}

/// The type `type` has after `transpose(.., perm)`.
RankedTensorType permuted(RankedTensorType type, ArrayRef<int64_t> perm) {
  SmallVector<int64_t> shape;
  for (int64_t i : perm)
    shape.push_back(type.getDimSize(i));
  return RankedTensorType::get(shape, type.getElementType());
}

/// channels-last -> channels-first and back, for `k` spatial dims.
SmallVector<int64_t> toChannelsFirst(int64_t k) {
  SmallVector<int64_t> p = {0, k + 1};
  for (int64_t i = 1; i <= k; ++i)
    p.push_back(i);
  return p;
}
SmallVector<int64_t> toChannelsLast(int64_t k) {
  SmallVector<int64_t> p = {0};
  for (int64_t i = 2; i <= k + 1; ++i)
    p.push_back(i);
  p.push_back(1);
  return p;
}

/// TOSA pads are [begin, end] per dim; deconv's (ONNX) all begins, then all
/// ends.
SmallVector<int64_t> onnxPadding(ArrayRef<int64_t> tosaPad) {
  SmallVector<int64_t> begins, ends;
  for (size_t i = 0; i + 1 < tosaPad.size(); i += 2) {
    begins.push_back(tosaPad[i]);
    ends.push_back(tosaPad[i + 1]);
  }
  begins.append(ends);
  return begins;
}

/// What every imported op needs: float tensors, zero points 0, accumulation
/// in the element type.
template <typename TosaOp>
LogicalResult checkImportable(TosaOp op, PatternRewriter &rewriter) {
  auto inputType = dyn_cast<RankedTensorType>(op.getInput().getType());
  auto weightType = dyn_cast<RankedTensorType>(op.getWeight().getType());
  auto biasType = dyn_cast<RankedTensorType>(op.getBias().getType());
  auto resultType = dyn_cast<RankedTensorType>(op.getType());
  if (!inputType || !weightType || !biasType || !resultType)
    return rewriter.notifyMatchFailure(op, "unranked operands");
  Type elt = inputType.getElementType();
  if (!isa<FloatType>(elt) || weightType.getElementType() != elt ||
      biasType.getElementType() != elt || resultType.getElementType() != elt)
    return rewriter.notifyMatchFailure(op, "not a float convolution");
  if (op.getAccType() != elt)
    return rewriter.notifyMatchFailure(op, "accumulator wider than operands");
  FailureOr<int64_t> inputZp = op.getInputZeroPoint();
  FailureOr<int64_t> weightZp = op.getWeightZeroPoint();
  if (failed(inputZp) || failed(weightZp) || *inputZp != 0 || *weightZp != 0)
    return rewriter.notifyMatchFailure(op, "non-zero or unknown zero point");
  return success();
}

/// TOSA allows a one-element bias for any channel count; deconv wants one
/// per output channel.
FailureOr<Value> channelBias(PatternRewriter &rewriter, Operation *op,
                             Value bias, int64_t channels) {
  auto type = cast<RankedTensorType>(bias.getType());
  if (type.getDimSize(0) == channels)
    return bias;
  if (type.getDimSize(0) != 1 || ShapedType::isDynamic(channels))
    return failure();
  Location loc = op->getLoc();
  Value zero = arith::ConstantIndexOp::create(rewriter, loc, 0);
  Value scalar = tensor::ExtractOp::create(rewriter, loc, bias, zero);
  return tensor::SplatOp::create(
             rewriter, loc, scalar,
             RankedTensorType::get({channels}, type.getElementType()))
      .getResult();
}

/// tosa.conv2d / tosa.conv3d: weight [OC, K..., IC] -> [OC, IC, K...].
template <typename TosaOp>
struct ImportConv : public OpRewritePattern<TosaOp> {
  using OpRewritePattern<TosaOp>::OpRewritePattern;
  LogicalResult matchAndRewrite(TosaOp op,
                                PatternRewriter &rewriter) const override {
    if (failed(checkImportable(op, rewriter)))
      return failure();
    Location loc = op.getLoc();
    auto resultType = cast<RankedTensorType>(op.getType());
    int64_t k = resultType.getRank() - 2;
    FailureOr<Value> bias = channelBias(rewriter, op, op.getBias(),
                                        resultType.getDimSize(k + 1));
    if (failed(bias))
      return rewriter.notifyMatchFailure(op, "bias size");
    Value x = transpose(rewriter, loc, op.getInput(), toChannelsFirst(k));
    Value w = transpose(rewriter, loc, op.getWeight(), toChannelsFirst(k));
    auto conv = ConvOp::create(
        rewriter, loc, permuted(resultType, toChannelsFirst(k)), x, w, *bias,
        rewriter.getDenseI64ArrayAttr(op.getStride()),
        rewriter.getDenseI64ArrayAttr(op.getDilation()),
        rewriter.getDenseI64ArrayAttr(onnxPadding(op.getPad())),
        static_cast<uint64_t>(1));
    rewriter.replaceOp(op, transpose(rewriter, loc, conv, toChannelsLast(k)));
    return success();
  }
};

/// tosa.depthwise_conv2d: weight [KH, KW, C, M] -> [C*M, 1, KH, KW] with
/// groups = C (output channel c*M + m, as TOSA numbers them).
struct ImportDepthwiseConv
    : public OpRewritePattern<tosa::DepthwiseConv2DOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(tosa::DepthwiseConv2DOp op,
                                PatternRewriter &rewriter) const override {
    if (failed(checkImportable(op, rewriter)))
      return failure();
    auto weightType = cast<RankedTensorType>(op.getWeight().getType());
    if (!weightType.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "dynamic weight shape");
    Location loc = op.getLoc();
    auto resultType = cast<RankedTensorType>(op.getType());
    int64_t kh = weightType.getDimSize(0), kw = weightType.getDimSize(1),
            c = weightType.getDimSize(2), m = weightType.getDimSize(3);
    FailureOr<Value> bias =
        channelBias(rewriter, op, op.getBias(), resultType.getDimSize(3));
    if (failed(bias))
      return rewriter.notifyMatchFailure(op, "bias size");
    Value x = transpose(rewriter, loc, op.getInput(), toChannelsFirst(2));
    Value w = transpose(rewriter, loc, op.getWeight(), {2, 3, 0, 1});
    Type elt = weightType.getElementType();
    w = tensor::CollapseShapeOp::create(
        rewriter, loc, RankedTensorType::get({c * m, kh, kw}, elt), w,
        ArrayRef<ReassociationIndices>{{0, 1}, {2}, {3}});
    w = tensor::ExpandShapeOp::create(
        rewriter, loc, RankedTensorType::get({c * m, 1, kh, kw}, elt), w,
        ArrayRef<ReassociationIndices>{{0, 1}, {2}, {3}});
    auto conv = ConvOp::create(
        rewriter, loc, permuted(resultType, toChannelsFirst(2)), x, w, *bias,
        rewriter.getDenseI64ArrayAttr(op.getStride()),
        rewriter.getDenseI64ArrayAttr(op.getDilation()),
        rewriter.getDenseI64ArrayAttr(onnxPadding(op.getPad())),
        static_cast<uint64_t>(c));
    rewriter.replaceOp(op, transpose(rewriter, loc, conv, toChannelsLast(2)));
    return success();
  }
};

/// tosa.transpose_conv2d: weight [OC, KH, KW, IC] -> [IC, OC, KH, KW];
/// output y = iy*stride + out_pad_top + ky, i.e. PyTorch padding
/// -out_pad_top when out_pad is negative, extra bias-only rows when it is
/// positive.
struct ImportTransposeConv
    : public OpRewritePattern<tosa::TransposeConv2DOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(tosa::TransposeConv2DOp op,
                                PatternRewriter &rewriter) const override {
    if (failed(checkImportable(op, rewriter)))
      return failure();
    Location loc = op.getLoc();
    auto resultType = cast<RankedTensorType>(op.getType());
    FailureOr<Value> bias =
        channelBias(rewriter, op, op.getBias(), resultType.getDimSize(3));
    if (failed(bias))
      return rewriter.notifyMatchFailure(op, "bias size");
    ArrayRef<int64_t> outPad = op.getOutPad(); // top, bottom, left, right
    SmallVector<int64_t> crop, grow;
    for (int64_t p : outPad) {
      crop.push_back(std::max<int64_t>(0, -p));
      grow.push_back(std::max<int64_t>(0, p));
    }
    bool grows = llvm::any_of(grow, [](int64_t p) { return p > 0; });

    Value x = transpose(rewriter, loc, op.getInput(), toChannelsFirst(2));
    Value w = transpose(rewriter, loc, op.getWeight(), {3, 0, 1, 2});
    // Without growth the result type is the TOSA one, permuted; with it,
    // the convolution's own is inferred and the pad restores the TOSA one.
    RankedTensorType convType = permuted(resultType, toChannelsFirst(2));
    if (grows) {
      SmallVector<int64_t> shape(convType.getShape());
      for (int d = 0; d < 2; ++d)
        if (!ShapedType::isDynamic(shape[2 + d]))
          shape[2 + d] -= grow[2 * d] + grow[2 * d + 1];
      convType = RankedTensorType::get(shape, convType.getElementType());
    }
    Value y = ConvTransposeOp::create(
        rewriter, loc, convType, x, w, grows ? Value() : *bias,
        rewriter.getDenseI64ArrayAttr(op.getStride()),
        /*dilations=*/nullptr, rewriter.getDenseI64ArrayAttr(onnxPadding(crop)),
        /*output_padding=*/nullptr, static_cast<uint64_t>(1));
    if (grows) {
      Type elt = convType.getElementType();
      Value zero = arith::ConstantOp::create(rewriter, loc, elt,
                                             rewriter.getZeroAttr(elt));
      SmallVector<OpFoldResult> low = {rewriter.getIndexAttr(0),
                                       rewriter.getIndexAttr(0),
                                       rewriter.getIndexAttr(grow[0]),
                                       rewriter.getIndexAttr(grow[2])};
      SmallVector<OpFoldResult> high = {rewriter.getIndexAttr(0),
                                        rewriter.getIndexAttr(0),
                                        rewriter.getIndexAttr(grow[1]),
                                        rewriter.getIndexAttr(grow[3])};
      auto paddedType = permuted(resultType, toChannelsFirst(2));
      y = tensor::PadOp::create(rewriter, loc, paddedType, y, low, high, zero);
      // The bias reaches the grown rows too: y += broadcast(bias).
      SmallVector<OpFoldResult> sizes = tensor::getMixedSizes(rewriter, loc, y);
      Value init = tensor::EmptyOp::create(rewriter, loc, sizes, elt);
      Value b = linalg::BroadcastOp::create(rewriter, loc, *bias, init,
                                            ArrayRef<int64_t>{0, 2, 3})
                    .getResult()[0];
      y = arith::AddFOp::create(rewriter, loc, y, b);
    }
    rewriter.replaceOp(op, transpose(rewriter, loc, y, toChannelsLast(2)));
    return success();
  }
};

/// transpose(transpose(x, p), q) with p[q[i]] == i is x (the layers were
/// imported in an order that left such a pair).
struct FoldInverseTransposes : public OpRewritePattern<linalg::TransposeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(linalg::TransposeOp op,
                                PatternRewriter &rewriter) const override {
    auto inner = op.getInput().getDefiningOp<linalg::TransposeOp>();
    if (!op.hasPureTensorSemantics() || !inner ||
        !inner.hasPureTensorSemantics() ||
        !undoes(inner.getPermutation(), op.getPermutation()))
      return failure();
    Value x = inner.getInput();
    Type type = op.getResult()[0].getType();
    if (x.getType() != type)
      x = tensor::CastOp::create(rewriter, op.getLoc(), type, x);
    rewriter.replaceOp(op, x);
    return success();
  }
};

struct DeconvImportTosaPass
    : mlir::deconv::impl::DeconvImportTosaBase<DeconvImportTosaPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    populateTosaToDeconvPatterns(patterns);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace

void mlir::deconv::populateTosaToDeconvPatterns(RewritePatternSet &patterns) {
  patterns.add<ImportConv<tosa::Conv2DOp>, ImportConv<tosa::Conv3DOp>,
               ImportDepthwiseConv, ImportTransposeConv,
               FoldInverseTransposes>(
      patterns.getContext());
}
