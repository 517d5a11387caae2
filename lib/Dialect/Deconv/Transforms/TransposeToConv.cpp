//===- TransposeToConv.cpp - Strategy 1: zero insertion -------------------===//

#include "TransposeUtils.h"

#include "deconv/Dialect/Deconv/Transforms/Passes.h"
#include "deconv/Dialect/Deconv/Transforms/Strategies.h"
#include "deconv/Support/ConvGeometry.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Matchers.h"

namespace mlir::deconv {
#define GEN_PASS_DEF_DECONVTRANSPOSETOCONV
#include "deconv/Dialect/Deconv/Transforms/Passes.h.inc"
} // namespace mlir::deconv

using namespace mlir;
using namespace mlir::deconv;

LogicalResult
mlir::deconv::lowerTransposeByZeroInsertion(RewriterBase &rewriter,
                                            ConvTransposeOp op) {
  if (!getTransposeLoweringBlocker(op, TransposeStrategy::ZeroInsertion)
           .empty())
    return failure();
  ConvParams params = op.getParams();
  unsigned k = params.getSpatialRank();
  auto filterType = cast<RankedTensorType>(op.getFilter().getType());
  auto inputType = cast<RankedTensorType>(op.getInput().getType());
  Location loc = op.getLoc();
  OpBuilder::InsertionGuard guard(rewriter);
  rewriter.setInsertionPoint(op);

  // Zero tensor of extent (I-1)*s + 1 + lo + hi per spatial dim; the input
  // elements that survive the (possibly negative) pads go in with stride s.
  SmallVector<OpFoldResult> inSizes =
      tensor::getMixedSizes(rewriter, loc, op.getInput());
  SmallVector<OpFoldResult> zeroSizes = {inSizes[0], inSizes[1]};
  SmallVector<OpFoldResult> sliceOffsets(2 + k, rewriter.getIndexAttr(0)),
      sliceSizes = {inSizes[0], inSizes[1]}, insertOffsets(sliceOffsets),
      insertStrides(2 + k, rewriter.getIndexAttr(1));
  AffineExpr s0 = rewriter.getAffineSymbolExpr(0);
  MLIRContext *ctx = rewriter.getContext();
  for (unsigned d = 0; d < k; ++d) {
    SpatialParams p = params.dim(d);
    ZeroInsertionPlacement z =
        getZeroInsertionPlacement(p, filterType.getDimSize(2 + d));
    OpFoldResult in = inSizes[2 + d];
    zeroSizes.push_back(affine::makeComposedFoldedAffineApply(
        rewriter, loc, (s0 - 1) * p.stride + 1 + z.pads.lo + z.pads.hi, {in}));
    // Clamped so that an empty slice (everything cropped) stays in bounds.
    sliceOffsets[2 + d] = affine::makeComposedFoldedAffineMin(
        rewriter, loc,
        AffineMap::get(0, 1, {getAffineConstantExpr(z.skipLo, ctx), s0 - 1},
                       ctx),
        {in});
    sliceSizes.push_back(affine::makeComposedFoldedAffineMax(
        rewriter, loc,
        AffineMap::get(
            0, 1, {getAffineConstantExpr(0, ctx), s0 - z.skipLo - z.skipHi},
            ctx),
        {in}));
    insertOffsets[2 + d] = affine::makeComposedFoldedAffineMin(
        rewriter, loc,
        AffineMap::get(0, 1, {getAffineConstantExpr(z.offset, ctx), s0 - 1},
                       ctx),
        {zeroSizes.back()});
    insertStrides[2 + d] = rewriter.getIndexAttr(p.stride);
  }
  Type elt = inputType.getElementType();
  Value zero =
      arith::ConstantOp::create(rewriter, loc, rewriter.getZeroAttr(elt));
  Value zeros = tensor::EmptyOp::create(rewriter, loc, zeroSizes, elt);
  zeros = linalg::FillOp::create(rewriter, loc, zero, zeros).getResult(0);
  SmallVector<OpFoldResult> unit(2 + k, rewriter.getIndexAttr(1));
  Value x = op.getInput();
  bool fullInput =
      llvm::all_of(sliceOffsets,
                   [](OpFoldResult v) { return isConstantIntValue(v, 0); }) &&
      llvm::equal(sliceSizes, inSizes);
  if (!fullInput) {
    x = tensor::ExtractSliceOp::create(rewriter, loc, x, sliceOffsets,
                                       sliceSizes, unit);
  } else if (auto pad = x.getDefiningOp<tensor::PadOp>();
             pad && !pad.getNofold() && pad.getConstantPaddingValue() &&
             matchPattern(pad.getConstantPaddingValue(), m_AnyZeroFloat())) {
    // Zeros padded onto the input land on zeros: insert the pad's source,
    // shifted by the low padding times the stride. Done here because
    // upstream's canonicalization of a strided insert of a pad into a fill
    // (FoldInsertPadIntoFill, MLIR 22) shifts by the low padding alone.
    SmallVector<OpFoldResult> low = pad.getMixedLowPad();
    for (unsigned d = 0; d < 2 + k; ++d)
      insertOffsets[d] = affine::makeComposedFoldedAffineApply(
          rewriter, loc,
          s0 + getAffineSymbolExpr(1, ctx) *
                   *getConstantIntValue(insertStrides[d]),
          {insertOffsets[d], low[d]});
    x = pad.getSource();
    sliceSizes = tensor::getMixedSizes(rewriter, loc, x);
  }
  Value dilated = tensor::InsertSliceOp::create(
      rewriter, loc, x, zeros, insertOffsets, sliceSizes, insertStrides);

  // The filter: per group in/out swapped, every tap, flipped.
  SmallVector<TapSelection> taps;
  for (unsigned d = 0; d < k; ++d)
    taps.push_back({0, 1, filterType.getDimSize(2 + d)});
  Value filter =
      buildTransposedFilter(rewriter, loc, op.getFilter(), params.groups, taps);

  // Stride 1 and no padding are the defaults: leave them out.
  bool unitDilation =
      llvm::all_of(params.dilations, [](int64_t d) { return d == 1; });
  auto conv = ConvOp::create(
      rewriter, loc, op.getType(), dilated, filter, op.getBias(),
      /*strides=*/nullptr,
      unitDilation ? nullptr : rewriter.getDenseI64ArrayAttr(params.dilations),
      /*padding=*/nullptr, static_cast<uint64_t>(params.groups));
  rewriter.replaceOp(op, conv.getResult());
  return success();
}

namespace {
struct DeconvTransposeToConvPass
    : mlir::deconv::impl::DeconvTransposeToConvBase<DeconvTransposeToConvPass> {
  void runOnOperation() override {
    if (failed(lowerAllTransposes(
            getOperation(), "by zero insertion",
            [](ConvTransposeOp) { return TransposeStrategy::ZeroInsertion; })))
      signalPassFailure();
  }
};
} // namespace
