//===- Utils.cpp - Shared IR helpers of the code generator ----------------===//

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

using namespace mlir;
using namespace mlir::deconv;

namespace mlir::deconv {

SmallVector<OpFoldResult> indexAttrs(Builder &b, ArrayRef<int64_t> v) {
  return llvm::map_to_vector(
      v, [&](int64_t s) -> OpFoldResult { return b.getIndexAttr(s); });
}

/// `inner` inserted at `offsets` with `strides` into a tensor of `shape`
/// filled with `value`.
Value insertIntoFill(OpBuilder &b, Location loc, Value inner, Value value,
                     ArrayRef<int64_t> shape, ArrayRef<int64_t> offsets,
                     ArrayRef<int64_t> strides) {
  auto type = cast<RankedTensorType>(inner.getType());
  Value empty = tensor::EmptyOp::create(b, loc, shape, type.getElementType());
  Value filled = linalg::FillOp::create(b, loc, value, empty).getResult(0);
  return tensor::InsertSliceOp::create(
      b, loc, inner, filled, indexAttrs(b, offsets),
      indexAttrs(b, type.getShape()), indexAttrs(b, strides));
}

/// `v` with zeros appended along `dim` up to size `size`.
Value padDim(OpBuilder &b, Location loc, Value v, int64_t dim, int64_t size) {
  auto type = cast<RankedTensorType>(v.getType());
  if (type.getDimSize(dim) == size)
    return v;
  SmallVector<int64_t> shape(type.getShape());
  shape[dim] = size;
  Value zero =
      arith::ConstantOp::create(b, loc, b.getZeroAttr(type.getElementType()));
  return insertIntoFill(b, loc, v, zero, shape,
                        SmallVector<int64_t>(type.getRank(), 0),
                        SmallVector<int64_t>(type.getRank(), 1));
}

/// The first `size` entries of `v` along `dim`.
Value sliceDim(OpBuilder &b, Location loc, Value v, int64_t dim, int64_t size) {
  auto type = cast<RankedTensorType>(v.getType());
  SmallVector<int64_t> sizes(type.getShape());
  sizes[dim] = size;
  MLIRContext *ctx = b.getContext();
  return tensor::ExtractSliceOp::create(
      b, loc, v,
      getAsIndexOpFoldResult(ctx, SmallVector<int64_t>(type.getRank(), 0)),
      getAsIndexOpFoldResult(ctx, sizes),
      getAsIndexOpFoldResult(ctx, SmallVector<int64_t>(type.getRank(), 1)));
}

std::string getMicroKernelBlocker(linalg::LinalgOp op) {
  Value x = op.getDpsInputs()[0], w = op.getDpsInputs()[1],
        y = op.getDpsInits()[0];
  for (Value v : {x, w, y}) {
    auto type = dyn_cast<RankedTensorType>(v.getType());
    if (!type || !type.hasStaticShape())
      return "dynamic shape (the kernels need static shapes)";
  }
  Type xt = getElementTypeOrSelf(x), wt = getElementTypeOrSelf(w),
       yt = getElementTypeOrSelf(y);
  bool sameType = xt == wt && wt == yt && (yt.isF32() || yt.isF64());
  if (!sameType && !(xt.isBF16() && wt.isBF16() && yt.isF32())) {
    std::string s;
    llvm::raw_string_ostream os(s);
    os << "element types " << xt << " x " << wt << " -> " << yt
       << " (the kernels take f32 or f64, or bf16 summed in f32)";
    return s;
  }
  if (deconv::hasNoProducts(op))
    return "no products (a dim of size 0)";
  return "";
}

bool isMicroKernelCandidate(linalg::LinalgOp op) {
  return getMicroKernelBlocker(op).empty();
}

/// The linalg.fill that `v` is, through reshapes (the fill of a 1-D or 3-D
/// conv lifted or flattened to 2-D), or null.
linalg::FillOp fillThroughReshapes(Value v) {
  return skipReshapes(v).getDefiningOp<linalg::FillOp>();
}

std::optional<BroadcastValue> getBroadcastValue(Value v) {
  if (auto bcast = v.getDefiningOp<linalg::BroadcastOp>())
    return BroadcastValue{bcast.getInput(),
                          llvm::to_vector(bcast.getDimensions())};
  if (auto ins = v.getDefiningOp<tensor::InsertSliceOp>()) {
    std::optional<BroadcastValue> b = getBroadcastValue(ins.getSource());
    RankedTensorType src = ins.getSourceType(), dst = ins.getDestType();
    if (!b || !ins.getDest().getDefiningOp<linalg::FillOp>() ||
        src.getRank() != dst.getRank() ||
        !llvm::all_of(ins.getMixedOffsets(), isZeroInteger))
      return std::nullopt;
    for (int64_t d = 0; d < dst.getRank(); ++d)
      if (src.getDimSize(d) != dst.getDimSize(d) &&
          !llvm::is_contained(b->added, d))
        return std::nullopt;
    return b;
  }
  Operation *reshape = v.getDefiningOp();
  if (!isa_and_nonnull<tensor::CollapseShapeOp, tensor::ExpandShapeOp>(reshape))
    return std::nullopt;
  std::optional<BroadcastValue> b = getBroadcastValue(reshape->getOperand(0));
  if (!b)
    return std::nullopt;
  auto src = cast<RankedTensorType>(reshape->getOperand(0).getType());
  auto res = cast<RankedTensorType>(v.getType());
  bool collapse = isa<tensor::CollapseShapeOp>(reshape);
  SmallVector<ReassociationIndices> groups =
      collapse
          ? cast<tensor::CollapseShapeOp>(reshape).getReassociationIndices()
          : cast<tensor::ExpandShapeOp>(reshape).getReassociationIndices();
  // Per group: the wide side's dims, of which at most one is not unit or
  // not broadcast; the narrow side's dim is broadcast unless that one is
  // an input dim.
  RankedTensorType wide = collapse ? src : res;
  BroadcastValue out{b->input, {}};
  for (auto [j, group] : llvm::enumerate(groups)) {
    SmallVector<int64_t> kept;
    for (int64_t d : group) {
      bool isAdded = collapse ? llvm::is_contained(b->added, d)
                              : llvm::is_contained(b->added, int64_t(j));
      if (!isAdded)
        kept.push_back(d);
    }
    if (collapse) {
      if (kept.size() > 1 ||
          (kept.size() == 1 && llvm::any_of(group, [&](int64_t d) {
             return d != kept[0] && wide.getDimSize(d) != 1;
           })))
        return std::nullopt;
      if (kept.empty())
        out.added.push_back(j);
      continue;
    }
    if (kept.empty()) {
      llvm::append_range(out.added, group);
      continue;
    }
    // An input dim split: it stays on the group's one non-unit dim.
    SmallVector<int64_t> nonUnit;
    for (int64_t d : group)
      if (wide.getDimSize(d) != 1)
        nonUnit.push_back(d);
    if (nonUnit.size() > 1)
      return std::nullopt;
    int64_t keep = nonUnit.empty() ? group.front() : nonUnit.front();
    for (int64_t d : group)
      if (d != keep)
        out.added.push_back(d);
  }
  llvm::sort(out.added);
  return out;
}

Value broadcastIntoSlice(OpBuilder &builder, tensor::ExtractSliceOp slice,
                         const BroadcastValue &b) {
  Location loc = slice.getLoc();
  llvm::SmallBitVector dropped = slice.getDroppedDims();
  SmallVector<OpFoldResult> offsets, sizes;
  SmallVector<int64_t> inputShape, tileAdded;
  int64_t tileDim = 0;
  for (auto [d, offset, size] :
       llvm::enumerate(slice.getMixedOffsets(), slice.getMixedSizes())) {
    bool isAdded = llvm::is_contained(b.added, int64_t(d));
    if (!isAdded) {
      offsets.push_back(offset);
      sizes.push_back(size);
      if (!dropped.test(d))
        inputShape.push_back(slice.getType().getDimSize(tileDim));
    }
    if (dropped.test(d))
      continue;
    if (isAdded)
      tileAdded.push_back(tileDim);
    ++tileDim;
  }
  auto inputType =
      RankedTensorType::get(inputShape, slice.getType().getElementType());
  Value input = tensor::ExtractSliceOp::create(
      builder, loc, inputType, b.input, offsets, sizes,
      SmallVector<OpFoldResult>(offsets.size(), builder.getIndexAttr(1)));
  return linalg::BroadcastOp::create(builder, loc, input, slice.getResult(),
                                     tileAdded)
      ->getResult(0);
}

/// The indices of a reshape's source in terms of those of its result
/// (`idx`): a collapsed dim is delinearized into its group, an expanded
/// group linearized. Unit dims get 0.
SmallVector<AffineExpr> reshapeSourceIndices(Operation *reshape,
                                             ArrayRef<AffineExpr> idx) {
  auto src = cast<RankedTensorType>(reshape->getOperand(0).getType());
  auto res = cast<RankedTensorType>(reshape->getResult(0).getType());
  MLIRContext *ctx = reshape->getContext();
  SmallVector<AffineExpr> out(src.getRank(), getAffineConstantExpr(0, ctx));
  if (auto collapse = dyn_cast<tensor::CollapseShapeOp>(reshape)) {
    for (auto [j, group] :
         llvm::enumerate(collapse.getReassociationIndices())) {
      auto nonUnit = llvm::make_filter_range(
          group, [&](int64_t d) { return src.getDimSize(d) != 1; });
      if (llvm::range_size(nonUnit) <= 1) {
        for (int64_t d : nonUnit)
          out[d] = idx[j];
        continue;
      }
      int64_t stride = 1;
      for (int64_t d : llvm::reverse(group)) {
        out[d] = idx[j].floorDiv(stride) % src.getDimSize(d);
        stride *= src.getDimSize(d);
      }
    }
    return out;
  }
  auto expand = cast<tensor::ExpandShapeOp>(reshape);
  for (auto [j, group] : llvm::enumerate(expand.getReassociationIndices())) {
    AffineExpr e = getAffineConstantExpr(0, ctx);
    int64_t stride = 1;
    for (int64_t d : llvm::reverse(group)) {
      e = e + idx[d] * stride;
      stride *= res.getDimSize(d);
    }
    out[j] = e;
  }
  return out;
}

/// Whether `op` only moves elements: one input, one init, all loops
/// parallel, and a body that yields its input (a transpose, or a generic
/// gathering a filter).
bool isCopyOnly(linalg::LinalgOp op) {
  if (!op || op.getNumDpsInputs() != 1 || op.getNumDpsInits() != 1 ||
      op.getNumLoops() != op.getNumParallelLoops() ||
      !op.hasPureTensorSemantics())
    return false;
  if (isa<linalg::TransposeOp>(op))
    return true;
  Block *body = op.getBlock();
  auto yield = dyn_cast<linalg::YieldOp>(body->getTerminator());
  return yield && body->getOperations().size() == 1 &&
         yield.getValues()[0] == body->getArgument(0);
}

/// Follows `src` up through static collapse/expand_shapes, rewriting `idx`
/// (indices into `src`) into indices of the chain's source, which is
/// returned. With `requireOneUse`, each link must have one use (the caller
/// replaces the chain's end); null if that or a static shape is missing.
Value throughStaticReshapes(Value src, SmallVector<AffineExpr> &idx,
                            bool requireOneUse) {
  auto isStatic = [](Value v) {
    auto type = dyn_cast<RankedTensorType>(v.getType());
    return type && type.hasStaticShape();
  };
  while (isa_and_nonnull<tensor::CollapseShapeOp, tensor::ExpandShapeOp>(
      src.getDefiningOp())) {
    Operation *reshape = src.getDefiningOp();
    if (!isStatic(src) || (requireOneUse && !reshape->hasOneUse()))
      return {};
    idx = reshapeSourceIndices(reshape, idx);
    src = reshape->getOperand(0);
  }
  return isStatic(src) ? src : Value();
}

} // namespace mlir::deconv

int64_t mlir::deconv::largestDivisorAtMost(int64_t n, int64_t cap) {
  for (int64_t d = std::min(n, cap); d > 1; --d)
    if (n % d == 0)
      return d;
  return 1;
}

std::optional<int64_t> mlir::deconv::residue(Value v, int64_t m) {
  auto mod = [m](int64_t x) { return ((x % m) + m) % m; };
  if (std::optional<int64_t> c = getConstantIntValue(v))
    return mod(*c);
  if (auto arg = dyn_cast<BlockArgument>(v)) {
    Operation *owner = arg.getOwner()->getParentOp();
    std::optional<OpFoldResult> lb, step;
    if (auto loop = dyn_cast<scf::ForOp>(owner);
        loop && arg == loop.getInductionVar()) {
      lb = getAsOpFoldResult(loop.getLowerBound());
      step = getAsOpFoldResult(loop.getStep());
    } else if (auto forall = dyn_cast<scf::ForallOp>(owner)) {
      auto ivs = forall.getInductionVars();
      auto it = llvm::find(ivs, arg);
      if (it == ivs.end())
        return std::nullopt;
      lb = forall.getMixedLowerBound()[it - ivs.begin()];
      step = forall.getMixedStep()[it - ivs.begin()];
    }
    if (!lb || !step)
      return std::nullopt;
    std::optional<int64_t> l = getConstantIntValue(*lb),
                           st = getConstantIntValue(*step);
    if (!l || !st || *st % m != 0)
      return std::nullopt;
    return mod(*l);
  }
  if (isa_and_nonnull<arith::AddIOp, arith::MulIOp>(v.getDefiningOp())) {
    Operation *op = v.getDefiningOp();
    auto a = residue(op->getOperand(0), m), b = residue(op->getOperand(1), m);
    if (!a || !b)
      return std::nullopt;
    return mod(isa<arith::AddIOp>(op) ? *a + *b : *a * *b);
  }
  auto apply = v.getDefiningOp<affine::AffineApplyOp>();
  if (!apply)
    return std::nullopt;
  AffineMap map = apply.getAffineMap();
  std::function<std::optional<int64_t>(AffineExpr)> eval =
      [&](AffineExpr e) -> std::optional<int64_t> {
    if (auto c = dyn_cast<AffineConstantExpr>(e))
      return mod(c.getValue());
    if (auto d = dyn_cast<AffineDimExpr>(e))
      return residue(apply.getMapOperands()[d.getPosition()], m);
    if (auto sym = dyn_cast<AffineSymbolExpr>(e))
      return residue(
          apply.getMapOperands()[map.getNumDims() + sym.getPosition()], m);
    auto bin = dyn_cast<AffineBinaryOpExpr>(e);
    if (!bin || (e.getKind() != AffineExprKind::Add &&
                 e.getKind() != AffineExprKind::Mul))
      return std::nullopt;
    auto a = eval(bin.getLHS()), b = eval(bin.getRHS());
    if (!a || !b)
      return std::nullopt;
    return mod(e.getKind() == AffineExprKind::Add ? *a + *b : *a * *b);
  };
  return eval(map.getResult(0));
}

bool mlir::deconv::sameFillValue(linalg::FillOp a, linalg::FillOp b) {
  return a && b &&
         getAsOpFoldResult(a.getInputs()[0]) ==
             getAsOpFoldResult(b.getInputs()[0]);
}

Value mlir::deconv::skipReshapes(Value v) {
  while (isa_and_nonnull<tensor::ExpandShapeOp, tensor::CollapseShapeOp>(
      v.getDefiningOp()))
    v = v.getDefiningOp()->getOperand(0);
  return v;
}

bool mlir::deconv::missesStridedInsert(ArrayRef<OpFoldResult> offsetTerms,
                                       int64_t size, int64_t stride, int64_t at,
                                       int64_t step) {
  if (step <= 1 || ShapedType::isDynamic(at) ||
      (size != 1 && (ShapedType::isDynamic(stride) || stride % step != 0)))
    return false;
  int64_t r = -at;
  for (OpFoldResult term : offsetTerms) {
    std::optional<int64_t> t = isa<Attribute>(term)
                                   ? getConstantIntValue(term)
                                   : residue(cast<Value>(term), step);
    if (!t)
      return false;
    r += *t;
  }
  return ((r % step) + step) % step != 0;
}

std::optional<std::pair<SmallVector<int64_t>, SmallVector<int64_t>>>
mlir::deconv::getConstantBox(OffsetSizeAndStrideOpInterface op) {
  std::optional<SmallVector<int64_t>> offsets =
      getConstantIntValues(op.getMixedOffsets());
  std::optional<SmallVector<int64_t>> sizes =
      getConstantIntValues(op.getMixedSizes());
  if (!offsets || !sizes ||
      !llvm::all_of(op.getMixedStrides(),
                    [](OpFoldResult s) { return isConstantIntValue(s, 1); }))
    return std::nullopt;
  return std::make_pair(*offsets, *sizes);
}
