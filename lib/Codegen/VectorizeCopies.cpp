//===- VectorizeCopies.cpp - Copies and fills of dynamic rows as vectors --===//
//
// A copy or fill whose innermost extent is known only at run time becomes, in
// LLVM, one memcpy or memset call per row; for the short rows of the tiles of
// dynamically shaped ops, the calls cost more than the data they move. Rows
// of unit stride are written here as loops of masked vectors instead (the
// mask is all ones but at the row's end; LLVM would turn a loop of plain
// vector loads and stores back into a memcpy call).
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
#define GEN_PASS_DEF_DECONVVECTORIZECOPIES
#include "deconv/Codegen/Passes.h.inc"
} // namespace mlir::deconv

using namespace mlir;
using namespace mlir::deconv;

namespace {

/// A copy of `source` into `dest`, or a fill of `dest` with `value`.
struct RowWrite {
  Operation *op;
  Value dest;
  Value source;
  Value value;
};

bool hasDynamicUnitStrideRows(Value v) {
  auto type = dyn_cast<MemRefType>(v.getType());
  if (!type || type.getRank() == 0 || !type.isLastDimUnitStride() ||
      !type.isDynamicDim(type.getRank() - 1))
    return false;
  Type elem = type.getElementType();
  return (isa<FloatType>(elem) || isa<IntegerType>(elem)) &&
         elem.getIntOrFloatBitWidth() >= 8;
}

/// The value a linalg.map without inputs writes everywhere, if it writes
/// one value defined outside it (the padding of a lowered tensor.pad).
Value getUniformValue(linalg::MapOp map) {
  if (!map.getInputs().empty())
    return {};
  auto yield = cast<linalg::YieldOp>(map.getMapper().front().getTerminator());
  Value v = yield.getOperand(0);
  if (map->isAncestor(v.getParentRegion()->getParentOp()))
    return {};
  return v;
}

std::optional<RowWrite> match(Operation *op) {
  auto linalgOp = dyn_cast<linalg::LinalgOp>(op);
  if (!linalgOp || !linalgOp.hasPureBufferSemantics())
    return std::nullopt;
  RowWrite w{op, linalgOp.getDpsInits()[0], {}, {}};
  if (auto copy = dyn_cast<linalg::CopyOp>(op))
    w.source = copy.getInputs()[0];
  else if (auto fill = dyn_cast<linalg::FillOp>(op))
    w.value = fill.value();
  else if (auto map = dyn_cast<linalg::MapOp>(op))
    w.value = getUniformValue(map);
  if (!w.source && !w.value)
    return std::nullopt;
  if (!hasDynamicUnitStrideRows(w.dest) ||
      (w.source &&
       (!isa<MemRefType>(w.source.getType()) ||
        !cast<MemRefType>(w.source.getType()).isLastDimUnitStride())))
    return std::nullopt;
  return w;
}

void vectorize(RewriterBase &b, const RowWrite &w, int64_t f32Lanes) {
  Location loc = w.op->getLoc();
  b.setInsertionPoint(w.op);
  auto type = cast<MemRefType>(w.dest.getType());
  int64_t rank = type.getRank();
  Type elem = type.getElementType();
  int64_t lanes =
      std::max<int64_t>(1, f32Lanes * 32 / elem.getIntOrFloatBitWidth());
  auto vecType = VectorType::get({lanes}, elem);
  auto maskType = VectorType::get({lanes}, b.getI1Type());
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  Value one = arith::ConstantIndexOp::create(b, loc, 1);
  Value step = arith::ConstantIndexOp::create(b, loc, lanes);
  SmallVector<Value> ubs;
  for (int64_t d = 0; d < rank; ++d)
    ubs.push_back(memref::DimOp::create(b, loc, w.dest, d));
  Value length = ubs.back();
  ubs.pop_back();
  Value splat;
  if (w.value)
    splat = vector::BroadcastOp::create(b, loc, vecType, w.value);
  Value padding =
      arith::ConstantOp::create(b, loc, vecType, b.getZeroAttr(vecType));
  SmallVector<Value> lbs(ubs.size(), zero), steps(ubs.size(), one);
  AffineExpr s0 = b.getAffineSymbolExpr(0), s1 = b.getAffineSymbolExpr(1);
  AffineMap remaining = AffineMap::get(
      0, 2, {s0 - s1, b.getAffineConstantExpr(lanes)}, b.getContext());
  scf::buildLoopNest(
      b, loc, lbs, ubs, steps, [&](OpBuilder &nb, Location l, ValueRange ivs) {
        scf::ForOp::create(
            nb, l, zero, length, step, ValueRange{},
            [&](OpBuilder &fb, Location fl, Value col, ValueRange) {
              SmallVector<Value> idx(ivs);
              idx.push_back(col);
              Value n = affine::AffineMinOp::create(fb, fl, remaining,
                                                    ValueRange{length, col});
              Value mask =
                  vector::CreateMaskOp::create(fb, fl, maskType, ValueRange{n});
              Value v = splat ? splat
                              : vector::MaskedLoadOp::create(fb, fl, vecType,
                                                             w.source, idx,
                                                             mask, padding)
                                    .getResult();
              vector::MaskedStoreOp::create(fb, fl, w.dest, idx, mask, v);
              scf::YieldOp::create(fb, fl);
            });
      });
  b.eraseOp(w.op);
}

struct DeconvVectorizeCopiesPass
    : deconv::impl::DeconvVectorizeCopiesBase<DeconvVectorizeCopiesPass> {
  using Base::Base;

  void runOnOperation() override {
    if (vectorWidth < 1) {
      emitError(getOperation()->getLoc())
          << "--deconv-vectorize-copies: vector-width must be positive";
      return signalPassFailure();
    }
    SmallVector<RowWrite> writes;
    getOperation()->walk([&](Operation *op) {
      if (std::optional<RowWrite> w = match(op))
        writes.push_back(*w);
    });
    IRRewriter rewriter(&getContext());
    for (const RowWrite &w : writes)
      vectorize(rewriter, w, vectorWidth);
  }
};

} // namespace
