//===- WidenAccumulators.cpp - f16/bf16 convolutions summed in f32 --------===//
//
// The op gets an f32 result, one truncation restores the declared type, and
// with `operands` its input and filter are extended to f32 too (except, with
// `bf16-dot-lanes`, bf16 operands the dot-product kernels take): the extension
// is exact and so are f32 products of 16-bit values, so the sums are the same
// either way.
//
//===----------------------------------------------------------------------===//

#include "deconv/Dialect/Deconv/IR/DeconvOps.h"
#include "deconv/Dialect/Deconv/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir::deconv {
#define GEN_PASS_DEF_DECONVWIDENACCUMULATORS
#include "deconv/Dialect/Deconv/Transforms/Passes.h.inc"
} // namespace mlir::deconv

using namespace mlir;
using namespace mlir::deconv;

namespace {

/// Whether the dot-product kernels of `lanes` f32 lanes take `op`'s bf16
/// operands as they are: pairs of input channels per group (the dot
/// product's unit; depthwise ops and channel multipliers have one) and whole
/// vectors of output channels per group.
bool takesBf16Pairs(Operation *op, int64_t lanes) {
  auto input = cast<TensorType>(op->getOperand(0).getType());
  auto filter = cast<TensorType>(op->getOperand(1).getType());
  if (lanes <= 0 || !input.getElementType().isBF16() ||
      !filter.getElementType().isBF16() || !input.hasRank() ||
      input.getRank() < 3 || input.isDynamicDim(1) || !filter.hasRank() ||
      filter.isDynamicDim(0) || filter.isDynamicDim(1))
    return false;
  int64_t groups =
      static_cast<int64_t>(cast<IntegerAttr>(op->getAttr("groups")).getInt());
  int64_t channels = input.getDimSize(1);
  // Filters are (out, in / groups, ...) for conv, (in, out / groups, ...)
  // for conv_transpose.
  int64_t outputs =
      isa<ConvOp>(op) ? filter.getDimSize(0) / groups : filter.getDimSize(1);
  return groups > 0 && channels % groups == 0 && (channels / groups) % 2 == 0 &&
         outputs % lanes == 0;
}

void widen(IRRewriter &rewriter, Operation *op, bool operands,
           int64_t bf16DotLanes) {
  Type input = cast<TensorType>(op->getOperand(0).getType()).getElementType();
  if (!isa<Float16Type, BFloat16Type>(input))
    return;
  if (takesBf16Pairs(op, bf16DotLanes))
    operands = false;
  Location loc = op->getLoc();
  Type f32 = rewriter.getF32Type();
  rewriter.setInsertionPoint(op);
  // The bias always; the input and filter too with `operands`.
  for (OpOperand &operand : op->getOpOperands()) {
    if (operand.getOperandNumber() < 2 && !operands)
      continue;
    auto type = cast<TensorType>(operand.get().getType());
    if (!type.getElementType().isF32())
      rewriter.modifyOpInPlace(op, [&] {
        // Folded for a constant, which the strategies slice and pack.
        operand.set(rewriter.createOrFold<arith::ExtFOp>(loc, type.clone(f32),
                                                         operand.get()));
      });
  }
  Value result = op->getResult(0);
  auto resultType = cast<TensorType>(result.getType());
  if (resultType.getElementType().isF32())
    return;
  // arith.truncf takes ranked tensors only: an unranked result gets the
  // inferred shape, and a cast back to what its users expect.
  TensorType wideType = resultType.clone(f32);
  if (!isa<RankedTensorType>(resultType)) {
    SmallVector<Type, 1> inferred;
    if (failed(cast<InferTypeOpInterface>(op).inferReturnTypes(
            op->getContext(), loc, op->getOperands(), op->getAttrDictionary(),
            op->getPropertiesStorage(), op->getRegions(), inferred)))
      return;
    wideType = cast<TensorType>(inferred[0]).clone(f32);
  }
  rewriter.modifyOpInPlace(op, [&] { result.setType(wideType); });
  rewriter.setInsertionPointAfter(op);
  auto trunc = arith::TruncFOp::create(
      rewriter, loc, wideType.clone(resultType.getElementType()), result);
  Value narrow = trunc;
  if (narrow.getType() != resultType)
    narrow = tensor::CastOp::create(rewriter, loc, resultType, narrow);
  rewriter.replaceAllUsesExcept(result, narrow, trunc);
}

struct DeconvWidenAccumulatorsPass
    : deconv::impl::DeconvWidenAccumulatorsBase<DeconvWidenAccumulatorsPass> {
  using Base::Base;
  void runOnOperation() override {
    IRRewriter rewriter(&getContext());
    SmallVector<Operation *> ops;
    getOperation()->walk([&](Operation *op) {
      if (isa<ConvOp, ConvTransposeOp>(op))
        ops.push_back(op);
    });
    for (Operation *op : ops)
      widen(rewriter, op, widenOperands, bf16DotLanes);
  }
};

} // namespace
