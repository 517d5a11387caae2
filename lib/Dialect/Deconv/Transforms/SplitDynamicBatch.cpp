//===- SplitDynamicBatch.cpp - Convolutions of a dynamic batch per image --===//
//
// The code generator's kernels need static shapes. A convolution whose only
// dynamic dim is the batch is the same convolution on each image: run as a
// loop over images, each iteration is a static op that takes the kernels.
//
//===----------------------------------------------------------------------===//

#include "deconv/Dialect/Deconv/IR/DeconvOps.h"
#include "deconv/Dialect/Deconv/Transforms/Passes.h"
#include "deconv/Dialect/Deconv/Utils/LinalgBuilders.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/IRMapping.h"

namespace mlir::deconv {
#define GEN_PASS_DEF_DECONVSPLITDYNAMICBATCH
#include "deconv/Dialect/Deconv/Transforms/Passes.h.inc"
} // namespace mlir::deconv

using namespace mlir;
using namespace mlir::deconv;

namespace {

/// Whether `v` is a ranked tensor whose dims are static except, with
/// `batch`, dim 0, which must then be dynamic.
bool isStaticBut(Value v, bool batch) {
  auto type = dyn_cast<RankedTensorType>(v.getType());
  if (!type)
    return false;
  for (auto [d, size] : llvm::enumerate(type.getShape()))
    if (ShapedType::isDynamic(size) != (batch && d == 0))
      return false;
  return true;
}

/// `t` with dim 0 set to `size`.
RankedTensorType withBatch(RankedTensorType t, int64_t size) {
  SmallVector<int64_t> shape(t.getShape());
  shape[0] = size;
  return t.clone(shape);
}

/// Rewrites `op` (a deconv.conv or deconv.conv_transpose) into an scf.for
/// over the images of its batch, each iteration the op on one image.
LogicalResult splitBatch(RewriterBase &rewriter, Operation *op) {
  Value input = op->getOperand(0);
  Value result = op->getResult(0);
  if (!isStaticBut(input, /*batch=*/true) ||
      !isStaticBut(result, /*batch=*/true) ||
      !llvm::all_of(op->getOperands().drop_front(),
                    [](Value v) { return isStaticBut(v, /*batch=*/false); }))
    return failure();
  // Ops without products keep their own lowering.
  if (hasNoProducts(op))
    return failure();
  auto inType = cast<RankedTensorType>(input.getType());
  auto outType = cast<RankedTensorType>(result.getType());
  Location loc = op->getLoc();
  rewriter.setInsertionPoint(op);
  Value zero = arith::ConstantIndexOp::create(rewriter, loc, 0);
  Value one = arith::ConstantIndexOp::create(rewriter, loc, 1);
  Value n = tensor::DimOp::create(rewriter, loc, input, 0);
  Value init = tensor::EmptyOp::create(rewriter, loc, outType.getShape(),
                                       outType.getElementType(), n);
  auto sliceOf = [&](OpBuilder &b, RankedTensorType t, Value iv) {
    SmallVector<OpFoldResult> offsets(t.getRank(), b.getIndexAttr(0));
    offsets[0] = iv;
    SmallVector<OpFoldResult> sizes;
    sizes.push_back(b.getIndexAttr(1));
    for (int64_t d : t.getShape().drop_front())
      sizes.push_back(b.getIndexAttr(d));
    SmallVector<OpFoldResult> strides(t.getRank(), b.getIndexAttr(1));
    return std::make_tuple(offsets, sizes, strides);
  };
  auto loop = scf::ForOp::create(
      rewriter, loc, zero, n, one, ValueRange{init},
      [&](OpBuilder &b, Location l, Value iv, ValueRange args) {
        auto [inOffsets, inSizes, inStrides] = sliceOf(b, inType, iv);
        Value image = tensor::ExtractSliceOp::create(
            b, l, withBatch(inType, 1), input, inOffsets, inSizes, inStrides);
        IRMapping map;
        map.map(input, image);
        Operation *one = b.clone(*op, map);
        one->getResult(0).setType(withBatch(outType, 1));
        auto [outOffsets, outSizes, outStrides] = sliceOf(b, outType, iv);
        Value acc = tensor::InsertSliceOp::create(
            b, l, one->getResult(0), args[0], outOffsets, outSizes, outStrides);
        scf::YieldOp::create(b, l, acc);
      });
  rewriter.replaceOp(op, loop.getResult(0));
  return success();
}

struct DeconvSplitDynamicBatchPass
    : deconv::impl::DeconvSplitDynamicBatchBase<DeconvSplitDynamicBatchPass> {
  void runOnOperation() override {
    IRRewriter rewriter(&getContext());
    for (Operation *op : getConvLikeOps(getOperation()))
      (void)splitBatch(rewriter, op);
  }
};

} // namespace
