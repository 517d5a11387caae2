//===- VectorizePhaseGathers.cpp - Sub-pixel gathers as vector shuffles ---===//
//
// The batched sub-pixel form ends in one gather per output plane:
// out[o] = z[(o + off) mod s, (o + off) floordiv s] per spatial dim. Left to
// LLVM, it becomes vector gathers with their index arithmetic. Along a row,
// the gather is an interleave of the phases' rows: read a vector from each
// phase, shuffle them into s vectors of outputs.
//
//===----------------------------------------------------------------------===//

#include "deconv/Codegen/Passes.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

namespace mlir::deconv {
#define GEN_PASS_DEF_DECONVVECTORIZEPHASEGATHERS
#include "deconv/Codegen/Passes.h.inc"
} // namespace mlir::deconv

using namespace mlir;
using namespace mlir::deconv;

namespace {

/// Phase strides along the row above this are left to the scalar gather.
constexpr int64_t kMaxStride = 8;

/// Matches `e` = d`dim` + offset (or d`dim`); sets `offset`.
bool matchShiftedDim(AffineExpr e, unsigned dim, int64_t &offset) {
  if (e == getAffineDimExpr(dim, e.getContext())) {
    offset = 0;
    return true;
  }
  auto sum = dyn_cast<AffineBinaryOpExpr>(e);
  if (!sum || sum.getKind() != AffineExprKind::Add)
    return false;
  auto c = dyn_cast<AffineConstantExpr>(sum.getRHS());
  if (!c || sum.getLHS() != getAffineDimExpr(dim, e.getContext()))
    return false;
  offset = c.getValue();
  return true;
}

/// Matches `e` = (d`dim` + offset) `kind` stride; sets `offset`, `stride`.
bool matchPhaseExpr(AffineExpr e, AffineExprKind kind, unsigned dim,
                    int64_t &offset, int64_t &stride) {
  auto bin = dyn_cast<AffineBinaryOpExpr>(e);
  if (!bin || bin.getKind() != kind)
    return false;
  auto c = dyn_cast<AffineConstantExpr>(bin.getRHS());
  if (!c || c.getValue() < 1)
    return false;
  stride = c.getValue();
  return matchShiftedDim(bin.getLHS(), dim, offset);
}

/// One output plane's gather: out [1, 1, O_1..O_k] from z
/// [1, s_1..s_k, 1, P_1..P_k], plus bias [1] if any.
struct PhaseGather {
  SmallVector<int64_t> strides, offsets;
  Value z, bias, out;
};

std::optional<PhaseGather> matchPhaseGather(linalg::GenericOp op) {
  if (op.getNumDpsInits() != 1 || op.getNumDpsInputs() < 1 ||
      op.getNumDpsInputs() > 2 || op.getNumParallelLoops() != op.getNumLoops())
    return std::nullopt;
  auto outType = dyn_cast<MemRefType>(op.getDpsInits()[0].getType());
  auto zType = dyn_cast<MemRefType>(op.getDpsInputs()[0].getType());
  if (!outType || !zType || !outType.hasStaticShape() ||
      !zType.hasStaticShape() || outType.getRank() < 3 ||
      !outType.getElementType().isF32() || !outType.isLastDimUnitStride() ||
      !zType.isLastDimUnitStride())
    return std::nullopt;
  int64_t k = outType.getRank() - 2;
  if (zType.getRank() != 2 + 2 * k || outType.getDimSize(0) != 1 ||
      outType.getDimSize(1) != 1 || zType.getDimSize(0) != 1 ||
      zType.getDimSize(1 + k) != 1)
    return std::nullopt;
  SmallVector<AffineMap> maps = op.getIndexingMapsArray();
  if (!maps.back().isIdentity())
    return std::nullopt;
  PhaseGather g;
  for (int64_t d = 0; d < k; ++d) {
    int64_t off, s, off2, s2;
    if (!matchPhaseExpr(maps[0].getResult(1 + d), AffineExprKind::Mod, 2 + d,
                        off, s) ||
        !matchPhaseExpr(maps[0].getResult(2 + k + d), AffineExprKind::FloorDiv,
                        2 + d, off2, s2) ||
        off != off2 || s != s2 || off < 0 || zType.getDimSize(1 + d) != s)
      return std::nullopt;
    g.strides.push_back(s);
    g.offsets.push_back(off);
  }
  // The body copies, or adds the bias (a [1] buffer).
  Block &body = op.getRegion().front();
  Value y = cast<linalg::YieldOp>(body.getTerminator()).getOperand(0);
  if (op.getNumDpsInputs() == 2) {
    auto add = y.getDefiningOp<arith::AddFOp>();
    auto biasType = dyn_cast<MemRefType>(op.getDpsInputs()[1].getType());
    if (!add || !biasType || biasType.getShape() != ArrayRef<int64_t>{1} ||
        add.getLhs() != body.getArgument(0) ||
        add.getRhs() != body.getArgument(1))
      return std::nullopt;
    g.bias = op.getDpsInputs()[1];
  } else if (y != body.getArgument(0)) {
    return std::nullopt;
  }
  g.z = op.getDpsInputs()[0];
  g.out = op.getDpsInits()[0];
  return g;
}

/// Replaces the gather `op` (`g`) by loops over the outer output dims and
/// steps of `s * lanes` outputs along the row.
void vectorizeGather(RewriterBase &rewriter, linalg::GenericOp op,
                     const PhaseGather &g, int64_t lanes) {
  auto outType = cast<MemRefType>(g.out.getType());
  int64_t k = outType.getRank() - 2;
  int64_t s = g.strides.back(), off = g.offsets.back();
  int64_t span = s * lanes, rho = off % s;
  Type f32 = outType.getElementType();
  auto phaseType = VectorType::get({lanes}, f32);
  // Output i of a step reads phase (rho + i) mod s at its step-relative
  // position; the phases below rho start one position later.
  SmallVector<int64_t> mask;
  for (int64_t i = 0; i < span; ++i) {
    int64_t r = (rho + i) % s, m = (rho + i) / s - (r < rho ? 1 : 0);
    mask.push_back(r * lanes + m);
  }

  Location loc = op.getLoc();
  MLIRContext *ctx = rewriter.getContext();
  rewriter.setInsertionPoint(op);
  auto index = [&](int64_t v) -> Value {
    return arith::ConstantIndexOp::create(rewriter, loc, v);
  };
  Value zero = index(0);
  Value pad =
      arith::ConstantOp::create(rewriter, loc, rewriter.getZeroAttr(f32));
  Value bias;
  if (g.bias)
    bias = vector::BroadcastOp::create(
        rewriter, loc, VectorType::get({span}, f32),
        memref::LoadOp::create(rewriter, loc, g.bias, ValueRange{zero}));
  SmallVector<Value> lbs, ubs, steps;
  for (int64_t d = 0; d < k; ++d) {
    lbs.push_back(zero);
    ubs.push_back(index(outType.getDimSize(2 + d)));
    steps.push_back(index(d + 1 < k ? 1 : span));
  }
  AffineExpr o = getAffineDimExpr(0, ctx);
  scf::buildLoopNest(
      rewriter, loc, lbs, ubs, steps,
      [&](OpBuilder &b, Location l, ValueRange ivs) {
        SmallVector<Value> zIdx = {zero}, zPos;
        for (int64_t d = 0; d + 1 < k; ++d) {
          zIdx.push_back(affine::AffineApplyOp::create(
              b, l, (o + g.offsets[d]) % g.strides[d], ivs[d]));
          zPos.push_back(affine::AffineApplyOp::create(
              b, l, (o + g.offsets[d]).floorDiv(g.strides[d]), ivs[d]));
        }
        // Phase r's first position in the step, read with the row's end
        // masked.
        SmallVector<Value> phases;
        for (int64_t r = 0; r < s; ++r) {
          SmallVector<Value> idx(zIdx);
          idx.push_back(arith::ConstantIndexOp::create(b, l, r));
          idx.push_back(zero);
          idx.append(zPos);
          idx.push_back(affine::AffineApplyOp::create(
              b, l, (o + off).floorDiv(s) + (r < rho ? 1 : 0), ivs.back()));
          phases.push_back(vector::TransferReadOp::create(
              b, l, phaseType, g.z, idx, pad, ArrayRef<bool>{false}));
        }
        // The phases side by side, then in the outputs' order.
        Value all = phases[0];
        for (int64_t r = 1; r < s; ++r) {
          int64_t n = cast<VectorType>(all.getType()).getNumElements();
          all = vector::ShuffleOp::create(
              b, l, all, phases[r],
              llvm::to_vector(llvm::seq<int64_t>(0, n + lanes)));
        }
        Value v = vector::ShuffleOp::create(b, l, all, all, mask);
        if (bias)
          v = arith::AddFOp::create(b, l, v, bias);
        SmallVector<Value> outIdx = {zero, zero};
        outIdx.append(ivs.begin(), ivs.end());
        vector::TransferWriteOp::create(b, l, v, g.out, outIdx,
                                        ArrayRef<bool>{false});
      });
  rewriter.eraseOp(op);
}

struct DeconvVectorizePhaseGathersPass
    : deconv::impl::DeconvVectorizePhaseGathersBase<
          DeconvVectorizePhaseGathersPass> {
  using Base::Base;

  void runOnOperation() override {
    SmallVector<std::pair<linalg::GenericOp, PhaseGather>> gathers;
    getOperation()->walk([&](linalg::GenericOp op) {
      if (std::optional<PhaseGather> g = matchPhaseGather(op))
        if (g->strides.back() <= kMaxStride)
          gathers.push_back({op, *g});
    });
    IRRewriter rewriter(&getContext());
    for (auto &[op, g] : gathers)
      vectorizeGather(rewriter, op, g, vectorWidth);
  }
};

} // namespace
