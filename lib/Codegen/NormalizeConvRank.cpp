//===- NormalizeConvRank.cpp - 1-D and pointwise 3-D convs as 2-D ---------===//

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
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "mlir/Transforms/LoopInvariantCodeMotionUtils.h"

namespace mlir::deconv {
#define GEN_PASS_DEF_DECONVNORMALIZECONVRANK
#include "deconv/Codegen/Passes.h.inc"
} // namespace mlir::deconv

using namespace mlir;
using namespace mlir::deconv;

namespace {

/// `reshape` of `op`'s filter, built where the filter is defined when that
/// is outside the loop `op` sits in (the per-tile loops of
/// --deconv-tile-dynamic-spatial): the kernels then pack it once.
template <typename ReshapeFn>
Value reshapeFilter(RewriterBase &rewriter, linalg::LinalgOp op,
                    ReshapeFn reshape) {
  Value filter = op.getDpsInputs()[1];
  OpBuilder::InsertionGuard guard(rewriter);
  if (filter.getParentRegion() != op->getParentRegion())
    rewriter.setInsertionPointAfterValue(filter);
  return reshape(filter);
}

/// `v` [A, B, L] as [A, B, 1, L]. A window of a zero-padded tensor (an
/// extract_slice of an insert_slice into a fill: the sub-pixel phases'
/// shared padded input) is rebuilt in 4-D, the padded tensor once for all
/// its windows (`lifted`), so that the layout folding still sees the padding
/// and the windows: an expand_shape in between would hide them, and the
/// transpose would run on the padded width, which rarely splits into vector
/// blocks, element by element.
Value liftTo4D(RewriterBase &rewriter, Location loc, Value v,
               DenseMap<Value, Value> &lifted) {
  SmallVector<ReassociationIndices> reassoc = {{0}, {1}, {2, 3}};
  auto shape4 = [](Value x) {
    auto t = cast<RankedTensorType>(x.getType());
    return RankedTensorType::get(
        {t.getDimSize(0), t.getDimSize(1), 1, t.getDimSize(2)},
        t.getElementType());
  };
  auto expand = [&](Value x) -> Value {
    return tensor::ExpandShapeOp::create(rewriter, loc, shape4(x), x, reassoc);
  };
  auto isPlain = [](OffsetSizeAndStrideOpInterface op) {
    return !ShapedType::isDynamicShape(op.getStaticOffsets()) &&
           !ShapedType::isDynamicShape(op.getStaticSizes()) &&
           llvm::all_of(op.getStaticStrides(),
                        [](int64_t s) { return s == 1; });
  };
  auto slice = v.getDefiningOp<tensor::ExtractSliceOp>();
  auto ins = slice ? slice.getSource().getDefiningOp<tensor::InsertSliceOp>()
                   : tensor::InsertSliceOp();
  auto fill =
      ins ? ins.getDest().getDefiningOp<linalg::FillOp>() : linalg::FillOp();
  if (!fill || !isPlain(slice) || !isPlain(ins) ||
      slice.getSourceType().getRank() != 3 ||
      ins.getSourceType().getRank() != 3)
    return expand(v);
  auto lift = [](ArrayRef<int64_t> v3, int64_t unit) {
    return SmallVector<int64_t>{v3[0], v3[1], unit, v3[2]};
  };
  MLIRContext *ctx = rewriter.getContext();
  SmallVector<OpFoldResult> ones(4, rewriter.getIndexAttr(1));
  auto it = lifted.find(ins.getResult());
  if (it == lifted.end()) {
    OpBuilder::InsertionGuard guard(rewriter);
    rewriter.setInsertionPointAfter(ins);
    Value src = expand(ins.getSource());
    auto type = shape4(ins.getResult());
    Value empty = tensor::EmptyOp::create(rewriter, loc, type.getShape(),
                                          type.getElementType());
    Value zeros =
        linalg::FillOp::create(rewriter, loc, fill.getInputs()[0], empty)
            .getResult(0);
    Value padded = tensor::InsertSliceOp::create(
        rewriter, loc, src, zeros,
        getAsIndexOpFoldResult(ctx, lift(ins.getStaticOffsets(), 0)),
        getAsIndexOpFoldResult(ctx, lift(ins.getStaticSizes(), 1)), ones);
    it = lifted.try_emplace(ins.getResult(), padded).first;
  }
  return tensor::ExtractSliceOp::create(
      rewriter, loc, it->second,
      getAsIndexOpFoldResult(ctx, lift(slice.getStaticOffsets(), 0)),
      getAsIndexOpFoldResult(ctx, lift(slice.getStaticSizes(), 1)), ones);
}

/// A static 1-D conv as a 2-D one of height 1 (unit stride and dilation in
/// the new dim), so that it takes the 2-D micro-kernel.
LogicalResult liftTo2D(RewriterBase &rewriter, linalg::Conv1DNcwFcwOp op,
                       DenseMap<Value, Value> &lifted) {
  if (!isMicroKernelCandidate(op))
    return failure();
  auto y = cast<RankedTensorType>(op.getOutputs()[0].getType());
  Location loc = op.getLoc();
  rewriter.setInsertionPoint(op);
  // [A, B, L] <-> [A, B, 1, L].
  SmallVector<ReassociationIndices> reassoc = {{0}, {1}, {2, 3}};
  auto expand = [&](Value v) { return liftTo4D(rewriter, loc, v, lifted); };
  Value init = expand(op.getOutputs()[0]);
  int64_t stride = *op.getStrides().getValues<int64_t>().begin();
  int64_t dilation = *op.getDilations().getValues<int64_t>().begin();
  auto conv = linalg::Conv2DNchwFchwOp::create(
      rewriter, loc, TypeRange{init.getType()},
      ValueRange{expand(op.getInputs()[0]),
                 reshapeFilter(rewriter, op, expand)},
      ValueRange{init}, rewriter.getI64TensorAttr({1, stride}),
      rewriter.getI64TensorAttr({1, dilation}));
  rewriter.replaceOpWithNewOp<tensor::CollapseShapeOp>(
      op, y, conv->getResult(0), reassoc);
  return success();
}

/// A static 3-D conv with a 1x1x1 kernel and unit strides is a 2-D one of
/// height 1 over the flattened D*H*W positions (each output reads only its
/// own position), so that it takes the 2-D micro-kernel. This is what the
/// sub-pixel phases of a kernel = stride 3-D up-conv are.
LogicalResult flattenPointwise3D(RewriterBase &rewriter,
                                 linalg::Conv3DNcdhwFcdhwOp op) {
  if (!isMicroKernelCandidate(op))
    return failure();
  auto x = cast<RankedTensorType>(op.getInputs()[0].getType());
  auto w = cast<RankedTensorType>(op.getInputs()[1].getType());
  auto y = cast<RankedTensorType>(op.getOutputs()[0].getType());
  auto isOne = [](int64_t v) { return v == 1; };
  if (!llvm::all_of(w.getShape().drop_front(2), isOne) ||
      !llvm::all_of(op.getStrides().getValues<int64_t>(), isOne) ||
      x.getShape().drop_front(2) != y.getShape().drop_front(2))
    return failure();
  Location loc = op.getLoc();
  rewriter.setInsertionPoint(op);
  // [A, B, D, H, W] -> [A, B, 1, D*H*W] in two steps (collapse, expand).
  auto flatten = [&](Value v) -> Value {
    auto t = cast<RankedTensorType>(v.getType());
    Value flat = tensor::CollapseShapeOp::create(
        rewriter, loc, v,
        SmallVector<ReassociationIndices>{{0}, {1}, {2, 3, 4}});
    int64_t n = t.getDimSize(2) * t.getDimSize(3) * t.getDimSize(4);
    return tensor::ExpandShapeOp::create(
        rewriter, loc,
        RankedTensorType::get({t.getDimSize(0), t.getDimSize(1), 1, n},
                              t.getElementType()),
        flat, SmallVector<ReassociationIndices>{{0}, {1}, {2, 3}});
  };
  Value init = flatten(op.getOutputs()[0]);
  auto conv = linalg::Conv2DNchwFchwOp::create(
      rewriter, loc, TypeRange{init.getType()},
      ValueRange{flatten(op.getInputs()[0]),
                 reshapeFilter(rewriter, op, flatten)},
      ValueRange{init}, rewriter.getI64TensorAttr({1, 1}),
      rewriter.getI64TensorAttr({1, 1}));
  Value flat = tensor::CollapseShapeOp::create(
      rewriter, loc, conv->getResult(0),
      SmallVector<ReassociationIndices>{{0}, {1}, {2, 3}});
  rewriter.replaceOpWithNewOp<tensor::ExpandShapeOp>(
      op, y, flat, SmallVector<ReassociationIndices>{{0}, {1}, {2, 3, 4}});
  return success();
}

struct DeconvNormalizeConvRankPass
    : deconv::impl::DeconvNormalizeConvRankBase<DeconvNormalizeConvRankPass> {
  void runOnOperation() override {
    Operation *root = getOperation();
    IRRewriter rewriter(&getContext());
    SmallVector<linalg::Conv1DNcwFcwOp> conv1d;
    root->walk([&](linalg::Conv1DNcwFcwOp op) { conv1d.push_back(op); });
    // Padded tensors already rebuilt in 4-D, shared by their windows.
    DenseMap<Value, Value> lifted;
    for (auto op : conv1d)
      (void)liftTo2D(rewriter, op, lifted);
    SmallVector<linalg::Conv3DNcdhwFcdhwOp> conv3d;
    root->walk([&](linalg::Conv3DNcdhwFcdhwOp op) { conv3d.push_back(op); });
    for (auto op : conv3d)
      (void)flattenPointwise3D(rewriter, op);
  }
};

} // namespace
