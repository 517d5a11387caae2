//===- PackConstants.cpp - Constant copies and transposes folded ----------===//

#include "deconv/Codegen/Passes.h"
#include "deconv/Codegen/Transforms.h"
#include "deconv/Codegen/Utils.h"
#include "deconv/Dialect/Deconv/Utils/ConstantGather.h"

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
#define GEN_PASS_DEF_DECONVPACKCONSTANTS
#include "deconv/Codegen/Passes.h.inc"
} // namespace mlir::deconv

using namespace mlir;
using namespace mlir::deconv;

/// For a copy generic or a transpose whose input is a constant seen through
/// static reshapes: the map from the result's indices to the constant's, and
/// the constant. Null if `op` is not such a copy.
static std::pair<AffineMap, Value> copyOfConstant(Operation *op) {
  auto linalgOp = dyn_cast<linalg::LinalgOp>(op);
  if (!isCopyOnly(linalgOp))
    return {};
  AffineMap outMap = linalgOp.getIndexingMapsArray()[1];
  if (!outMap.isPermutation())
    return {};
  AffineMap map =
      linalgOp.getIndexingMapsArray()[0].compose(inversePermutation(outMap));
  SmallVector<AffineExpr> idx(map.getResults());
  Value src = throughStaticReshapes(linalgOp.getDpsInputs()[0], idx, false);
  // (A fill's input is a scalar.)
  if (!src || !matchPattern(src, m_Constant()))
    return {};
  return {AffineMap::get(map.getNumDims(), 0, idx, op->getContext()), src};
}

bool mlir::deconv::foldConstantCopies(RewriterBase &rewriter, Operation *root) {
  SmallVector<Operation *> copies;
  root->walk([&](linalg::LinalgOp op) {
    if (copyOfConstant(op).first)
      copies.push_back(op);
  });
  bool folded = false;
  for (Operation *op : copies) {
    auto [foldMap, foldSrc] = copyOfConstant(op);
    AffineMap map = foldMap;
    Value src = foldSrc;
    auto type = cast<RankedTensorType>(op->getResult(0).getType());
    // The source offset as base + sum coef[d] * idx[d], which needs the
    // map to have no floordiv or mod.
    bool linear = llvm::all_of(map.getResults(), [](AffineExpr e) {
      bool ok = true;
      e.walk([&](AffineExpr sub) {
        ok &= !isa<AffineBinaryOpExpr>(sub) ||
              sub.getKind() == AffineExprKind::Add ||
              sub.getKind() == AffineExprKind::Mul;
      });
      return ok;
    });
    if (!type.hasStaticShape() || !linear)
      continue;
    SmallVector<int64_t> srcStrides =
        computeStrides(cast<RankedTensorType>(src.getType()).getShape());
    auto offsetAt = [&](ArrayRef<int64_t> point) {
      int64_t off = 0;
      for (auto [v, st] : llvm::zip(map.compose(point), srcStrides))
        off += v * st;
      return off;
    };
    int64_t rank = type.getRank();
    SmallVector<int64_t> point(rank, 0);
    int64_t base = offsetAt(point);
    SmallVector<int64_t> coef(rank);
    for (int64_t d = 0; d < rank; ++d) {
      point[d] = 1;
      coef[d] = offsetAt(point) - base;
      point[d] = 0;
    }
    rewriter.setInsertionPoint(op);
    Value cst = foldConstantFilter(rewriter, op->getLoc(), src, type,
                                   [&](ArrayRef<int64_t> i) {
                                     int64_t off = base;
                                     for (auto [c, v] : llvm::zip(coef, i))
                                       off += c * v;
                                     return off;
                                   });
    if (!cst)
      continue;
    rewriter.replaceOp(op, cst);
    folded = true;
  }
  return folded;
}

namespace {

struct DeconvPackConstantsPass
    : deconv::impl::DeconvPackConstantsBase<DeconvPackConstantsPass> {
  void runOnOperation() override {
    IRRewriter rewriter(&getContext());
    foldConstantCopies(rewriter, getOperation());
  }
};

} // namespace
