//===- WidenAccumulators.cpp - f16/bf16 convolutions summed in f32 --------===//
//
// The op keeps its 16-bit operands (half the bytes to read) and gets an f32
// result; one truncation restores the declared type. Everything after this
// pass sees 16-bit inputs with f32 accumulators only.
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

void widen(IRRewriter &rewriter, Operation *op) {
  Type input = cast<TensorType>(op->getOperand(0).getType()).getElementType();
  if (!isa<Float16Type, BFloat16Type>(input))
    return;
  Location loc = op->getLoc();
  Type f32 = rewriter.getF32Type();
  rewriter.setInsertionPoint(op);
  if (op->getNumOperands() == 3) {
    auto bias = cast<TensorType>(op->getOperand(2).getType());
    if (!bias.getElementType().isF32())
      op->setOperand(2, arith::ExtFOp::create(rewriter, loc, bias.clone(f32),
                                              op->getOperand(2)));
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
  void runOnOperation() override {
    IRRewriter rewriter(&getContext());
    SmallVector<Operation *> ops;
    getOperation()->walk([&](Operation *op) {
      if (isa<ConvOp, ConvTransposeOp>(op))
        ops.push_back(op);
    });
    for (Operation *op : ops)
      widen(rewriter, op);
  }
};

} // namespace
