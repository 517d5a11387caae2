//===- TransposeToLoops.cpp - Strategy 3: tiled gather loop nest ----------===//

#include "TransposeUtils.h"

#include "deconv/Dialect/Deconv/Transforms/Passes.h"
#include "deconv/Dialect/Deconv/Transforms/Strategies.h"
#include "deconv/Dialect/Deconv/Utils/LinalgBuilders.h"
#include "deconv/Support/ConvGeometry.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <numeric>

namespace mlir::deconv {
#define GEN_PASS_DEF_DECONVTRANSPOSETOLOOPS
#include "deconv/Dialect/Deconv/Transforms/Passes.h.inc"
} // namespace mlir::deconv

using namespace mlir;
using namespace mlir::deconv;

SmallVector<int64_t> mlir::deconv::getDefaultLoopTileSizes(unsigned rank) {
  SmallVector<int64_t> sizes = {1, 8};
  sizes.append(rank, 8);
  return sizes;
}

namespace {

/// Per spatial dim: everything the gather body needs that is known at compile
/// time.
struct GatherDim {
  SpatialParams p;
  int64_t kernel;
  int64_t tapStep;
  Value firstTapTable; ///< tensor<s x index>: first tap per (o mod s), or K.
  Value inputSize;     ///< index
};

Value cst(OpBuilder &b, Location loc, int64_t v) {
  return arith::ConstantIndexOp::create(b, loc, v);
}

/// Emits the tap loops of dims d..k-1 and the channel loop inside them:
/// returns acc + sum over the taps that hit `outPos` and the group's inputs.
Value emitGather(OpBuilder &b, Location loc, ArrayRef<GatherDim> dims,
                 unsigned d, ArrayRef<Value> outPos, SmallVector<Value> &inPos,
                 SmallVector<Value> &tapPos, Value x, Value w, Value n,
                 Value chanBase, Value col, int64_t cinPerGroup, Value acc) {
  if (d == dims.size()) {
    auto loop = scf::ForOp::create(
        b, loc, cst(b, loc, 0), cst(b, loc, cinPerGroup), cst(b, loc, 1),
        ValueRange{acc},
        [&](OpBuilder &lb, Location ll, Value ci, ValueRange iter) {
          Value c = arith::AddIOp::create(lb, ll, chanBase, ci);
          SmallVector<Value> xi = {n, c}, wi = {c, col};
          xi.append(inPos.begin(), inPos.end());
          wi.append(tapPos.begin(), tapPos.end());
          Value xv = tensor::ExtractOp::create(lb, ll, x, xi);
          Value wv = tensor::ExtractOp::create(lb, ll, w, wi);
          scf::YieldOp::create(lb, ll,
                               buildMultiplyAdd(lb, ll, iter[0], xv, wv));
        });
    return loop.getResult(0);
  }
  const GatherDim &g = dims[d];
  // f = o + padLo is the full (uncropped) scatter index. The taps that hit it
  // are k = first(o mod s) + j*step with 0 <= (f - k*dil)/s < I, i.e.
  // ceil((f - (I-1)*s) / dil) <= k <= floor(f / dil).
  Value o = outPos[d];
  Value f = arith::AddIOp::create(b, loc, o, cst(b, loc, g.p.padLo));
  Value r = arith::RemUIOp::create(b, loc, o, cst(b, loc, g.p.stride));
  Value first = tensor::ExtractOp::create(b, loc, g.firstTapTable, r);
  Value lastIn = arith::MulIOp::create(
      b, loc, arith::SubIOp::create(b, loc, g.inputSize, cst(b, loc, 1)),
      cst(b, loc, g.p.stride));
  Value kMin = arith::CeilDivSIOp::create(
      b, loc, arith::SubIOp::create(b, loc, f, lastIn),
      cst(b, loc, g.p.dilation));
  // Round kMin up to the tap grid first + j*step (j >= 0).
  Value steps = arith::MaxSIOp::create(
      b, loc, cst(b, loc, 0),
      arith::CeilDivSIOp::create(b, loc,
                                 arith::SubIOp::create(b, loc, kMin, first),
                                 cst(b, loc, g.tapStep)));
  Value kStart = arith::AddIOp::create(
      b, loc, first,
      arith::MulIOp::create(b, loc, steps, cst(b, loc, g.tapStep)));
  Value kEnd = arith::MinSIOp::create(
      b, loc, cst(b, loc, g.kernel),
      arith::AddIOp::create(
          b, loc,
          arith::FloorDivSIOp::create(b, loc, f, cst(b, loc, g.p.dilation)),
          cst(b, loc, 1)));
  auto loop = scf::ForOp::create(
      b, loc, kStart, kEnd, cst(b, loc, g.tapStep), ValueRange{acc},
      [&](OpBuilder &lb, Location ll, Value tap, ValueRange iter) {
        Value num = arith::SubIOp::create(
            lb, ll, f,
            arith::MulIOp::create(lb, ll, tap, cst(lb, ll, g.p.dilation)));
        Value i = arith::DivUIOp::create(lb, ll, num, cst(lb, ll, g.p.stride));
        inPos.push_back(i);
        tapPos.push_back(tap);
        Value sum = emitGather(lb, ll, dims, d + 1, outPos, inPos, tapPos, x, w,
                               n, chanBase, col, cinPerGroup, iter[0]);
        inPos.pop_back();
        tapPos.pop_back();
        scf::YieldOp::create(lb, ll, sum);
      });
  return loop.getResult(0);
}

} // namespace

LogicalResult mlir::deconv::lowerTransposeToLoops(RewriterBase &rewriter,
                                                  ConvTransposeOp op,
                                                  ArrayRef<int64_t> tileSizes) {
  if (!getTransposeLoweringBlocker(op, TransposeStrategy::Loops).empty())
    return failure();
  ConvParams params = op.getParams();
  unsigned k = params.getSpatialRank();
  auto filterType = cast<RankedTensorType>(op.getFilter().getType());
  auto resultType = cast<RankedTensorType>(op.getType());
  Location loc = op.getLoc();
  OpBuilder::InsertionGuard guard(rewriter);
  rewriter.setInsertionPoint(op);

  SmallVector<OpFoldResult> outSizes;
  FailureOr<Value> initOr = buildTransposeInit(rewriter, op, outSizes);
  if (failed(initOr))
    return failure();
  Value init = *initOr;

  SmallVector<GatherDim> dims;
  for (unsigned d = 0; d < k; ++d) {
    GatherDim g;
    g.p = params.dim(d);
    g.kernel = filterType.getDimSize(2 + d);
    g.tapStep = g.p.stride / std::gcd(g.p.stride, g.p.dilation);
    SmallVector<int64_t> table(g.p.stride, g.kernel);
    for (const SubpixelPhase &ph : getSubpixelPhasesWithTaps(g.p, g.kernel))
      table[ph.residue] = ph.firstTap;
    auto tableType =
        RankedTensorType::get({g.p.stride}, rewriter.getIndexType());
    g.firstTapTable = arith::ConstantOp::create(
        rewriter, loc, DenseIntElementsAttr::get(tableType, table));
    g.inputSize = tensor::DimOp::create(rewriter, loc, op.getInput(), 2 + d);
    dims.push_back(g);
  }
  int64_t coutPerGroup = filterType.getDimSize(1);
  int64_t cinPerGroup = filterType.getDimSize(0) / params.groups;
  Value x = op.getInput(), w = op.getFilter();

  unsigned rank = 2 + k;
  SmallVector<AffineMap> maps = {
      AffineMap::getMultiDimIdentityMap(rank, rewriter.getContext())};
  SmallVector<utils::IteratorType> iters(rank, utils::IteratorType::parallel);
  auto generic = linalg::GenericOp::create(
      rewriter, loc, init.getType(), ValueRange{}, ValueRange{init}, maps,
      iters, [&](OpBuilder &b, Location l, ValueRange args) {
        Value n = linalg::IndexOp::create(b, l, 0);
        Value co = linalg::IndexOp::create(b, l, 1);
        Value grp = arith::DivUIOp::create(b, l, co, cst(b, l, coutPerGroup));
        Value col = arith::RemUIOp::create(b, l, co, cst(b, l, coutPerGroup));
        Value chanBase =
            arith::MulIOp::create(b, l, grp, cst(b, l, cinPerGroup));
        SmallVector<Value> outPos, inPos, tapPos;
        for (unsigned d = 0; d < k; ++d)
          outPos.push_back(linalg::IndexOp::create(b, l, 2 + d));
        Value sum = emitGather(b, l, dims, 0, outPos, inPos, tapPos, x, w, n,
                               chanBase, col, cinPerGroup, args[0]);
        linalg::YieldOp::create(b, l, sum);
      });

  // Tile over output tiles.
  SmallVector<OpFoldResult> tiles;
  for (unsigned d = 0; d < rank; ++d)
    tiles.push_back(
        rewriter.getIndexAttr(d < tileSizes.size() ? tileSizes[d] : 0));
  Value result = generic.getResult(0);
  if (llvm::any_of(tileSizes, [](int64_t t) { return t != 0; })) {
    scf::SCFTilingOptions options;
    options.setTileSizes(tiles);
    FailureOr<scf::SCFTilingResult> tiled = scf::tileUsingSCF(
        rewriter, cast<TilingInterface>(generic.getOperation()), options);
    if (failed(tiled))
      return failure();
    rewriter.replaceOp(generic, tiled->replacements);
    result = tiled->replacements[0];
  }
  if (result.getType() != resultType)
    result = tensor::CastOp::create(rewriter, loc, resultType, result);
  rewriter.replaceOp(op, result);
  return success();
}

namespace {
struct DeconvTransposeToLoopsPass
    : mlir::deconv::impl::DeconvTransposeToLoopsBase<
          DeconvTransposeToLoopsPass> {
  using Base::Base;
  void runOnOperation() override {
    SmallVector<int64_t> sizes(tileSizes.begin(), tileSizes.end());
    if (llvm::any_of(sizes, [](int64_t t) { return t < 0; })) {
      getOperation()->emitError("tile-sizes must be >= 0");
      return signalPassFailure();
    }
    if (failed(lowerAllTransposes(
            getOperation(), "to loops",
            [](ConvTransposeOp) { return TransposeStrategy::Loops; }, sizes)))
      signalPassFailure();
  }
};
} // namespace
