//===- PropagateLayouts.cpp - Layout transposes propagated ----------------===//

#include "deconv/Codegen/Passes.h"
#include "deconv/Codegen/Transforms.h"
#include "deconv/Codegen/Utils.h"
#include "deconv/Dialect/Deconv/Utils/LinalgBuilders.h"

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
#define GEN_PASS_DEF_DECONVPROPAGATELAYOUTS
#include "deconv/Codegen/Passes.h.inc"
} // namespace mlir::deconv

using namespace mlir;
using namespace mlir::deconv;

/// Static reshapes of a transpose's result (a phase computed with its
/// pixels flattened, reshaped back to the image) as a transpose of the
/// reshaped input, when every group of dims the reshapes merge or split is a
/// run of consecutive input dims in order (unit dims may be dropped): the
/// insert chains below then see the transpose. Returns the new transpose.
static linalg::TransposeOp reshapeBeforeTranspose(RewriterBase &rewriter,
                                                  Value v) {
  Value src = v;
  while (isa_and_nonnull<tensor::ExpandShapeOp, tensor::CollapseShapeOp>(
      src.getDefiningOp()))
    src = src.getDefiningOp()->getOperand(0);
  auto t = src.getDefiningOp<linalg::TransposeOp>();
  auto resultType = cast<RankedTensorType>(v.getType());
  if (!t || src == v || !resultType.hasStaticShape() ||
      !cast<RankedTensorType>(src.getType()).hasStaticShape())
    return {};
  ArrayRef<int64_t> from = cast<RankedTensorType>(src.getType()).getShape();
  ArrayRef<int64_t> to = resultType.getShape();
  ArrayRef<int64_t> perm = t.getPermutation();
  // Groups of `from` dims and `to` dims with equal products.
  struct Group {
    SmallVector<int64_t> from, to;
  };
  SmallVector<Group> groups;
  size_t i = 0, j = 0;
  while (i < from.size() || j < to.size()) {
    if (i == from.size())
      return {}; // a unit dim the input has no place for
    Group g;
    if (from[i] == 1 && j < to.size() && to[j] == 1) {
      // A unit dim kept (the batch of one image) stays its own group.
      g.from.push_back(i++);
      g.to.push_back(j++);
      groups.push_back(std::move(g));
      continue;
    }
    int64_t pf = from[i], pt = 1;
    g.from.push_back(i++);
    while (pf != pt) {
      if (pt < pf && j < to.size()) {
        pt *= to[j];
        g.to.push_back(j++);
      } else if (pf < pt && i < from.size()) {
        pf *= from[i];
        g.from.push_back(i++);
      } else {
        return {};
      }
    }
    groups.push_back(std::move(g));
  }
  // Each group's input dims must be consecutive, in order.
  for (const Group &g : groups)
    for (size_t k = 1; k < g.from.size(); ++k)
      if (perm[g.from[k]] != perm[g.from[k - 1]] + 1)
        return {};
  SmallVector<const Group *> byInput =
      llvm::map_to_vector(groups, [](const Group &g) { return &g; });
  llvm::sort(byInput, [&](const Group *a, const Group *b) {
    return perm[a->from.front()] < perm[b->from.front()];
  });
  // The input's dims regrouped (still in its order) and where each result
  // dim comes from.
  SmallVector<int64_t> shape, newPerm(to.size());
  for (const Group *g : byInput)
    for (int64_t d : g->to) {
      newPerm[d] = shape.size();
      shape.push_back(to[d]);
    }
  Location loc = t.getLoc();
  OpBuilder::InsertionGuard guard(rewriter);
  rewriter.setInsertionPointAfterValue(v);
  Value input = t.getInput();
  auto inputType = cast<RankedTensorType>(input.getType());
  auto reshapedType = RankedTensorType::get(shape, inputType.getElementType());
  // Each input dim split into whole groups: an expand_shape, which also
  // takes a strided input (a slice of a padded accumulator); otherwise
  // through the flat tensor.
  SmallVector<ReassociationIndices> split;
  for (const Group *g : byInput) {
    if (g->from.size() != 1 || g->to.empty())
      break;
    split.push_back(
        llvm::map_to_vector(g->to, [&](int64_t d) { return newPerm[d]; }));
  }
  Value reshaped;
  if (split.size() == byInput.size()) {
    reshaped = tensor::ExpandShapeOp::create(rewriter, loc, reshapedType, input,
                                             split);
  } else {
    ReassociationIndices all =
        llvm::to_vector(llvm::seq<int64_t>(0, inputType.getRank()));
    Value flat = tensor::CollapseShapeOp::create(
        rewriter, loc, input, ArrayRef<ReassociationIndices>{all});
    ReassociationIndices allNew =
        llvm::to_vector(llvm::seq<int64_t>(0, shape.size()));
    reshaped =
        tensor::ExpandShapeOp::create(rewriter, loc, reshapedType, flat,
                                      ArrayRef<ReassociationIndices>{allNew});
  }
  Value init =
      tensor::EmptyOp::create(rewriter, loc, to, inputType.getElementType());
  auto result =
      linalg::TransposeOp::create(rewriter, loc, reshaped, init, newPerm);
  rewriter.replaceAllUsesWith(v, result->getResult(0));
  return result;
}

bool mlir::deconv::mergeReshapedTransposes(RewriterBase &rewriter,
                                           Operation *root) {
  SmallVector<linalg::TransposeOp> outers;
  root->walk([&](linalg::TransposeOp op) {
    if (isa_and_nonnull<tensor::ExpandShapeOp, tensor::CollapseShapeOp>(
            op.getInput().getDefiningOp()) &&
        op.getInit().getDefiningOp<tensor::EmptyOp>())
      outers.push_back(op);
  });
  bool changed = false;
  for (linalg::TransposeOp outer : outers) {
    linalg::TransposeOp inner =
        reshapeBeforeTranspose(rewriter, outer.getInput());
    if (!inner)
      continue;
    // outer(inner(x)): result dim i is x's dim innerPerm[outerPerm[i]].
    ArrayRef<int64_t> innerPerm = inner.getPermutation();
    SmallVector<int64_t> perm = llvm::map_to_vector(
        outer.getPermutation(), [&](int64_t p) { return innerPerm[p]; });
    rewriter.setInsertionPoint(outer);
    rewriter.replaceOpWithNewOp<linalg::TransposeOp>(outer, inner.getInput(),
                                                     outer.getInit(), perm);
    if (inner->use_empty())
      rewriter.eraseOp(inner);
    changed = true;
  }
  return changed;
}

bool mlir::deconv::hoistTransposesOutOfInsertChains(RewriterBase &rewriter,
                                                    Operation *root) {
  // Phases reshaped after their transpose take the reshape first.
  root->walk([&](tensor::InsertSliceOp op) {
    if (isa_and_nonnull<tensor::ExpandShapeOp, tensor::CollapseShapeOp>(
            op.getSource().getDefiningOp()))
      (void)reshapeBeforeTranspose(rewriter, op.getSource());
  });
  auto transposedSource = [](tensor::InsertSliceOp op) {
    auto t = op.getSource().getDefiningOp<linalg::TransposeOp>();
    return t && op.getSourceType().getRank() == op.getType().getRank() &&
                   op.getSourceType().hasStaticShape()
               ? t
               : linalg::TransposeOp();
  };
  SmallVector<tensor::InsertSliceOp> lasts;
  root->walk([&](tensor::InsertSliceOp op) {
    if (!transposedSource(op))
      return;
    for (OpOperand &use : op->getUses())
      if (auto next = dyn_cast<tensor::InsertSliceOp>(use.getOwner()))
        if (use.get() == next.getDest() && transposedSource(next))
          return;
    lasts.push_back(op);
  });
  bool changed = false;
  for (tensor::InsertSliceOp last : lasts) {
    ArrayRef<int64_t> perm = transposedSource(last).getPermutation();
    SmallVector<tensor::InsertSliceOp> chain = {last};
    Value base = last.getDest();
    while (auto prev = base.getDefiningOp<tensor::InsertSliceOp>()) {
      linalg::TransposeOp t = transposedSource(prev);
      if (!t || t.getPermutation() != perm || !base.hasOneUse())
        break;
      chain.push_back(prev);
      base = prev.getDest();
    }
    Operation *def = base.getDefiningOp();
    if (!isa_and_nonnull<tensor::EmptyOp, linalg::FillOp, linalg::BroadcastOp>(
            def) ||
        !cast<RankedTensorType>(base.getType()).hasStaticShape())
      continue;
    SmallVector<int64_t> inverse(perm.size());
    for (auto [i, p] : llvm::enumerate(perm))
      inverse[p] = i;
    // Each new op goes where its old counterpart was, so that every phase
    // can write straight into its slice (empty-tensor elimination needs the
    // destination to dominate the phase's computation).
    Location loc = last.getLoc();
    rewriter.setInsertionPointAfter(def);
    Value acc;
    if (isa<tensor::EmptyOp>(def)) {
      auto type = cast<RankedTensorType>(base.getType());
      acc = tensor::EmptyOp::create(
          rewriter, loc,
          llvm::map_to_vector(inverse,
                              [&](int64_t i) { return type.getDimSize(i); }),
          type.getElementType());
    } else {
      acc = transposeTo(rewriter, loc, base, inverse);
    }
    auto permute = [&](ArrayRef<OpFoldResult> v) {
      return llvm::map_to_vector(inverse, [&](int64_t i) { return v[i]; });
    };
    for (tensor::InsertSliceOp link : llvm::reverse(chain)) {
      rewriter.setInsertionPoint(link);
      SmallVector<OpFoldResult> sizes = permute(link.getMixedSizes()),
                                strides = permute(link.getMixedStrides());
      // A stride on a size-1 dim means nothing, but gives the buffer view
      // strides from which a later rank-reducing subview cannot tell which
      // unit dim it dropped.
      for (auto [size, stride] : llvm::zip(sizes, strides))
        if (isConstantIntValue(size, 1))
          stride = rewriter.getIndexAttr(1);
      acc = tensor::InsertSliceOp::create(
          rewriter, link.getLoc(), transposedSource(link).getInput(), acc,
          permute(link.getMixedOffsets()), sizes, strides);
    }
    rewriter.replaceOp(last, transposeTo(rewriter, loc, acc, perm));
    changed = true;
  }
  return changed;
}

namespace {

struct DeconvPropagateLayoutsPass
    : deconv::impl::DeconvPropagateLayoutsBase<DeconvPropagateLayoutsPass> {
  void runOnOperation() override {
    Operation *root = getOperation();
    IRRewriter rewriter(&getContext());
    mergeReshapedTransposes(rewriter, root);
    // A transposed fill or bias broadcast (an accumulator, also a sub-pixel
    // phase's slice of the initial output) is a fill or broadcast in the new
    // layout: fold it before the transposes are tiled, which would hide it.
    auto foldLayouts = [&] {
      RewritePatternSet patterns(&getContext());
      populateLayoutFoldingPatterns(patterns);
      return applyPatternsGreedily(root, std::move(patterns));
    };
    if (failed(foldLayouts()))
      return signalPassFailure();
    // Sub-pixel phases assemble their output channels-last, transposed once.
    if (hoistTransposesOutOfInsertChains(rewriter, root) &&
        failed(foldLayouts()))
      return signalPassFailure();
  }
};

} // namespace
