//===- AssemblePhases.cpp - Sub-pixel phases interleaved by vectors -------===//

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
#define GEN_PASS_DEF_DECONVASSEMBLEPHASES
#include "deconv/Codegen/Passes.h.inc"
} // namespace mlir::deconv

using namespace mlir;
using namespace mlir::deconv;

/// The most runs a row of the output may take for interleaveRuns to build
/// it unrolled (FCN-32s: 17).
static constexpr int64_t kMaxRunsPerRow = 64;

bool mlir::deconv::interleaveRuns(RewriterBase &rewriter, Operation *root) {
  SmallVector<tensor::ExtractSliceOp> cuts;
  root->walk([&](tensor::ExtractSliceOp op) { cuts.push_back(op); });
  bool changed = false;
  for (tensor::ExtractSliceOp cut : cuts) {
    auto merge = cut.getSource().getDefiningOp<tensor::CollapseShapeOp>();
    auto t = merge ? merge.getSrc().getDefiningOp<linalg::TransposeOp>()
                   : linalg::TransposeOp();
    if (!t || !t->hasOneUse() || !merge->hasOneUse() ||
        !t.getInit().getDefiningOp<tensor::EmptyOp>())
      continue;
    auto xType = cast<RankedTensorType>(t.getInput().getType());
    RankedTensorType outType = cut.getType();
    int64_t rank = xType.getRank();
    if (rank < 4 || rank % 2 || !xType.hasStaticShape() ||
        !outType.hasStaticShape() || outType.getRank() != rank / 2 + 1)
      continue;
    int64_t k = rank / 2 - 1;
    // x [N, P_1..P_k, C, s_1..s_k] -> [N, C, P_1, s_1, ..., P_k, s_k].
    SmallVector<int64_t> expected = {0, k + 1};
    for (int64_t d = 0; d < k; ++d)
      expected.append({1 + d, k + 2 + d});
    if (t.getPermutation() != ArrayRef<int64_t>(expected))
      continue;
    SmallVector<ReassociationIndices> reassoc = merge.getReassociationIndices();
    bool pairs = reassoc.size() == size_t(k + 2) && reassoc[0].size() == 1 &&
                 reassoc[1].size() == 1;
    for (int64_t d = 0; pairs && d < k; ++d)
      pairs = reassoc[2 + d] == ReassociationIndices{2 + 2 * d, 3 + 2 * d};
    if (!pairs || ShapedType::isDynamicShape(cut.getStaticOffsets()) ||
        !llvm::all_of(cut.getStaticStrides(),
                      [](int64_t s) { return s == 1; }) ||
        cut.getStaticOffsets()[0] != 0 || cut.getStaticOffsets()[1] != 0 ||
        outType.getDimSize(0) != xType.getDimSize(0) ||
        outType.getDimSize(1) != xType.getDimSize(k + 1))
      continue;
    ArrayRef<int64_t> xShape = xType.getShape();
    SmallVector<int64_t> off(cut.getStaticOffsets().drop_front(2)),
        stride(xShape.drop_front(k + 2));
    int64_t runs = xShape[k], s = stride[k - 1], off_k = off[k - 1];
    int64_t width = outType.getDimSize(1 + k);
    if (runs > kMaxRunsPerRow)
      continue;

    // One parallel tile per output row (n, c, o_1..o_{k-1}): each run of
    // s_k outputs, clipped to the row, is one vector read of x and one
    // vector write.
    Location loc = cut.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    rewriter.setInsertionPoint(cut);
    Value out = tensor::EmptyOp::create(rewriter, loc, outType.getShape(),
                                        outType.getElementType());
    SmallVector<OpFoldResult> bounds =
        getAsIndexOpFoldResult(ctx, outType.getShape().drop_back());
    auto forall = scf::ForallOp::create(rewriter, loc, bounds, ValueRange{out},
                                        std::nullopt);
    {
      OpBuilder::InsertionGuard guard(rewriter);
      rewriter.setInsertionPointToStart(forall.getBody());
      SmallVector<Value> ivs = llvm::to_vector(forall.getInductionVars());
      SmallVector<Value> pos, phase;
      AffineExpr o = getAffineDimExpr(0, ctx);
      for (int64_t d = 0; d + 1 < k; ++d) {
        pos.push_back(affine::AffineApplyOp::create(
            rewriter, loc, (o + off[d]).floorDiv(stride[d]), ivs[2 + d]));
        phase.push_back(affine::AffineApplyOp::create(
            rewriter, loc, (o + off[d]) % stride[d], ivs[2 + d]));
      }
      Value shared = forall.getRegionIterArgs()[0];
      SmallVector<OpFoldResult> rowOffsets(ivs.begin(), ivs.end()),
          rowSizes(rank / 2, rewriter.getIndexAttr(1)),
          unit(rank / 2 + 1, rewriter.getIndexAttr(1));
      rowOffsets.push_back(rewriter.getIndexAttr(0));
      rowSizes.push_back(rewriter.getIndexAttr(width));
      auto rowType = RankedTensorType::get({width}, outType.getElementType());
      Value row = tensor::ExtractSliceOp::create(rewriter, loc, rowType, shared,
                                                 rowOffsets, rowSizes, unit);
      Value pad = arith::ConstantOp::create(
          rewriter, loc, rewriter.getZeroAttr(outType.getElementType()));
      for (int64_t p = 0; p < runs; ++p) {
        int64_t start = p * s - off_k;
        int64_t lo = std::max<int64_t>(0, start),
                hi = std::min<int64_t>(width, start + s);
        if (lo >= hi)
          continue;
        SmallVector<Value> idx = {ivs[0]};
        idx.append(pos);
        idx.push_back(arith::ConstantIndexOp::create(rewriter, loc, p));
        idx.push_back(ivs[1]);
        idx.append(phase);
        idx.push_back(
            arith::ConstantIndexOp::create(rewriter, loc, lo - start));
        auto vecType = VectorType::get({hi - lo}, outType.getElementType());
        Value v =
            vector::TransferReadOp::create(rewriter, loc, vecType, t.getInput(),
                                           idx, pad, ArrayRef<bool>{true});
        Value at = arith::ConstantIndexOp::create(rewriter, loc, lo);
        row = vector::TransferWriteOp::create(
                  rewriter, loc, v, row, ValueRange{at}, ArrayRef<bool>{true})
                  .getResult();
      }
      rewriter.setInsertionPointToStart(forall.getTerminator().getBody());
      tensor::ParallelInsertSliceOp::create(rewriter, loc, row, shared,
                                            rowOffsets, rowSizes, unit);
    }
    rewriter.replaceOp(cut, forall.getResult(0));
    rewriter.eraseOp(merge);
    rewriter.eraseOp(t);
    changed = true;
  }
  return changed;
}

bool mlir::deconv::stackStridedPhases(RewriterBase &rewriter, Operation *root) {
  // The strides and residues of an insert of an NCHW phase: unit offsets and
  // strides on N and C, the whole source, static; empty if not one.
  auto phaseOf = [](tensor::InsertSliceOp op)
      -> std::optional<std::pair<SmallVector<int64_t>, SmallVector<int64_t>>> {
    auto src = op.getSourceType();
    auto dst = op.getType();
    if (src.getRank() != dst.getRank() || src.getRank() < 3 ||
        !src.hasStaticShape() || !dst.hasStaticShape() ||
        ShapedType::isDynamicShape(op.getStaticOffsets()) ||
        ShapedType::isDynamicShape(op.getStaticStrides()) ||
        op.getStaticSizes() != src.getShape())
      return std::nullopt;
    ArrayRef<int64_t> offsets = op.getStaticOffsets(),
                      strides = op.getStaticStrides();
    if (offsets[0] != 0 || offsets[1] != 0 || strides[0] != 1 ||
        strides[1] != 1 || src.getDimSize(0) != dst.getDimSize(0) ||
        src.getDimSize(1) != dst.getDimSize(1))
      return std::nullopt;
    SmallVector<int64_t> s(strides.drop_front(2)), o(offsets.drop_front(2));
    for (auto [d, step] : llvm::enumerate(s))
      if (step < 1 || o[d] >= step ||
          src.getDimSize(2 + d) * step != dst.getDimSize(2 + d))
        return std::nullopt;
    return std::make_pair(s, o);
  };
  SmallVector<tensor::InsertSliceOp> lasts;
  root->walk([&](tensor::InsertSliceOp op) {
    if (!phaseOf(op))
      return;
    for (OpOperand &use : op->getUses())
      if (auto next = dyn_cast<tensor::InsertSliceOp>(use.getOwner()))
        if (use.get() == next.getDest())
          return;
    lasts.push_back(op);
  });
  bool changed = false;
  for (tensor::InsertSliceOp last : lasts) {
    auto [strides, unused] = *phaseOf(last);
    // The chain, last first, back to its base; one phase per residue.
    SmallVector<tensor::InsertSliceOp> chain = {last};
    Value base = last.getDest();
    while (auto prev = base.getDefiningOp<tensor::InsertSliceOp>()) {
      auto phase = phaseOf(prev);
      if (!phase || phase->first != strides || !base.hasOneUse() ||
          prev.getSourceType() != last.getSourceType())
        break;
      chain.push_back(prev);
      base = prev.getDest();
    }
    int64_t phases = 1;
    for (int64_t step : strides)
      phases *= step;
    std::set<SmallVector<int64_t>> residues;
    for (tensor::InsertSliceOp link : chain)
      residues.insert(phaseOf(link)->second);
    Operation *def = base.getDefiningOp();
    if (strides.back() < 2 || residues.size() != chain.size() ||
        static_cast<int64_t>(chain.size()) != phases || !def)
      continue;
    // Each phase as computed, before the reshapes to NCHW (a 3-D phase is
    // computed with its pixels flattened): stacked in that shape, each
    // phase's computation can write straight into its slice.
    auto phaseType =
        dyn_cast<RankedTensorType>(skipReshapes(last.getSource()).getType());
    if (!phaseType || !phaseType.hasStaticShape() ||
        llvm::any_of(chain, [&](tensor::InsertSliceOp link) {
          return skipReshapes(link.getSource()).getType() != phaseType;
        }))
      continue;
    // [s_1..s_k, <phase>], built where the base was, so that it dominates
    // every phase's computation.
    auto srcType = last.getSourceType();
    int64_t k = strides.size(), phaseRank = phaseType.getRank();
    SmallVector<int64_t> stackedShape(strides);
    llvm::append_range(stackedShape, phaseType.getShape());
    Location loc = last.getLoc();
    rewriter.setInsertionPointAfter(def);
    Value acc = tensor::EmptyOp::create(rewriter, loc, stackedShape,
                                        srcType.getElementType());
    MLIRContext *ctx = rewriter.getContext();
    for (tensor::InsertSliceOp link : llvm::reverse(chain)) {
      rewriter.setInsertionPoint(link);
      SmallVector<int64_t> offsets(phaseOf(link)->second);
      offsets.append(phaseRank, 0);
      SmallVector<int64_t> sizes(k, 1);
      llvm::append_range(sizes, phaseType.getShape());
      acc = tensor::InsertSliceOp::create(
          rewriter, link.getLoc(), skipReshapes(link.getSource()), acc,
          getAsIndexOpFoldResult(ctx, offsets),
          getAsIndexOpFoldResult(ctx, sizes),
          getAsIndexOpFoldResult(ctx, SmallVector<int64_t>(sizes.size(), 1)));
    }
    // [s_1..s_k, N, C, P_1..P_k] (reshapes of the contiguous stack).
    SmallVector<ReassociationIndices> flat;
    for (int64_t d = 0; d < k; ++d)
      flat.push_back({d});
    flat.push_back(llvm::to_vector(llvm::seq<int64_t>(k, k + phaseRank)));
    SmallVector<ReassociationIndices> unflat;
    for (int64_t d = 0; d < k; ++d)
      unflat.push_back({d});
    unflat.push_back(
        llvm::to_vector(llvm::seq<int64_t>(k, k + srcType.getRank())));
    SmallVector<int64_t> nchwShape(strides);
    llvm::append_range(nchwShape, srcType.getShape());
    if (phaseType != srcType) {
      Value flatAcc = tensor::CollapseShapeOp::create(rewriter, loc, acc, flat);
      acc = tensor::ExpandShapeOp::create(
          rewriter, loc,
          RankedTensorType::get(nchwShape, srcType.getElementType()), flatAcc,
          unflat);
    }
    // [N, C, P_1, s_1, ..., P_k, s_k], then the output's shape.
    SmallVector<int64_t> perm = {k, k + 1};
    SmallVector<ReassociationIndices> groups = {{0}, {1}};
    for (int64_t d = 0; d < k; ++d) {
      groups.push_back({static_cast<int64_t>(perm.size()),
                        static_cast<int64_t>(perm.size()) + 1});
      perm.push_back(k + 2 + d);
      perm.push_back(d);
    }
    Value interleaved = transposeTo(rewriter, loc, acc, perm);
    rewriter.replaceOpWithNewOp<tensor::CollapseShapeOp>(last, last.getType(),
                                                         interleaved, groups);
    changed = true;
  }
  return changed;
}

namespace {

struct DeconvAssemblePhasesPass
    : deconv::impl::DeconvAssemblePhasesBase<DeconvAssemblePhasesPass> {
  void runOnOperation() override {
    IRRewriter rewriter(&getContext());
    interleaveRuns(rewriter, getOperation());
    stackStridedPhases(rewriter, getOperation());
  }
};

} // namespace
