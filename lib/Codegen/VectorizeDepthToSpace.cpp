//===- VectorizeDepthToSpace.cpp - The depth-to-space kernel --------------===//
//
// A transposed conv whose kernel equals its stride is, per input pixel, a
// small matrix product whose outputs are that pixel's phases, side by side in
// the output (--deconv-transpose-to-subpixel's depth-to-space form). The
// kernel keeps NCHW: an input row segment in the vector lanes, each filter
// value broadcast, one accumulator per output channel x phase x vector, and
// the innermost dim's phases interleaved in registers so that each output row
// is written once, with whole vectors.
//
//===----------------------------------------------------------------------===//

#include "deconv/Codegen/KernelConfig.h"
#include "deconv/Codegen/Passes.h"
#include "deconv/Dialect/Deconv/Utils/LinalgBuilders.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir::deconv {
#define GEN_PASS_DEF_DECONVVECTORIZEDEPTHTOSPACE
#include "deconv/Codegen/Passes.h.inc"
} // namespace mlir::deconv

using namespace mlir;
using namespace mlir::deconv;

namespace {

/// `vectors` (s of them, `lanes` each) interleaved: element j of the result
/// is element j / s of vector j mod s.
Value interleave(OpBuilder &b, Location loc, ArrayRef<Value> vectors,
                 int64_t lanes) {
  int64_t s = vectors.size();
  if (s == 1)
    return vectors[0];
  Value all = vectors[0];
  for (int64_t r = 1; r < s; ++r) {
    int64_t n = cast<VectorType>(all.getType()).getNumElements();
    all = vector::ShuffleOp::create(
        b, loc, all, vectors[r],
        llvm::to_vector(llvm::seq<int64_t>(0, n + lanes)));
  }
  SmallVector<int64_t> mask;
  for (int64_t j = 0; j < s * lanes; ++j)
    mask.push_back((j % s) * lanes + j / s);
  return vector::ShuffleOp::create(b, loc, all, all, mask);
}

/// One input vector of a chunk: `row` rows and `offset` pixels from the
/// chunk's first, `partial` if it reaches past the end of its row.
struct ChunkVector {
  int64_t row, offset;
  bool partial;
};

/// The kernel of `op` (matchDepthToSpace's shape, tile `config`).
LogicalResult buildKernel(RewriterBase &rewriter, linalg::GenericOp op,
                          const DepthToSpaceShape &shape,
                          const KernelConfig &config, int64_t lanes) {
  std::optional<DepthToSpaceStart> start =
      matchDepthToSpaceStart(op.getDpsInits()[0]);
  unsigned k = shape.sizes.size();
  int64_t rowsPerTile = config.rows;
  if (!start || config.width % lanes ||
      shape.outChannels % config.channelBlock ||
      config.channelBlock % config.channels ||
      (config.tailChannels && config.channelBlock % config.tailChannels) ||
      (rowsPerTile > 1 &&
       (k < 2 || shape.sizes[k - 2] % rowsPerTile ||
        config.width <
            rowsPerTile * llvm::divideCeil(shape.sizes.back(), lanes) * lanes)))
    return failure();
  Location loc = op.getLoc();
  MLIRContext *ctx = op.getContext();
  rewriter.setInsertionPoint(op);
  Value x = op.getDpsInputs()[0], w = op.getDpsInputs()[1];
  auto yType = cast<RankedTensorType>(op.getDpsInits()[0].getType());
  Type f32 = yType.getElementType();
  int64_t width = shape.sizes.back(), s = shape.strides.back();
  int64_t phases = shape.getPhases(), outerPhases = phases / s;
  int64_t group = config.channelBlock;
  int64_t tailTile =
      config.tailChannels ? config.tailChannels : config.channels;
  int64_t chunk = config.width / lanes;
  auto vecType = VectorType::get({lanes}, f32);
  auto index = [&](OpBuilder &b, Location l, int64_t v) -> Value {
    return arith::ConstantIndexOp::create(b, l, v);
  };

  // The filter [Ci, Co, s...] as panels [Co/B, Ci, B, s...] of the tile's B
  // channels, so that a tile streams through one contiguous panel (a
  // constant filter is packed at compile time, --deconv-pack-constants).
  int64_t panel = config.channels;
  {
    auto wType = cast<RankedTensorType>(w.getType());
    SmallVector<int64_t> split = {shape.inChannels, shape.outChannels / panel,
                                  panel};
    SmallVector<ReassociationIndices> reassoc = {{0}, {1, 2}};
    SmallVector<int64_t> perm = {1, 0, 2};
    for (unsigned d = 0; d < k; ++d) {
      split.push_back(wType.getDimSize(2 + d));
      reassoc.push_back({int64_t(3 + d)});
      perm.push_back(3 + d);
    }
    Value expanded = tensor::ExpandShapeOp::create(
        rewriter, loc, RankedTensorType::get(split, f32), w, reassoc);
    w = transposeTo(rewriter, loc, expanded, perm);
  }

  // Parallel tiles: (n, q_1, ..., q_{k-1} / rowsPerTile, channel group).
  SmallVector<int64_t> bounds = {shape.images};
  for (unsigned d = 0; d + 1 < k; ++d)
    bounds.push_back(shape.sizes[d] / (d + 2 == k ? rowsPerTile : 1));
  bounds.push_back(shape.outChannels / group);
  Value out = tensor::EmptyOp::create(rewriter, loc, yType.getShape(), f32);
  auto forall =
      scf::ForallOp::create(rewriter, loc, getAsIndexOpFoldResult(ctx, bounds),
                            ValueRange{out}, std::nullopt);
  OpBuilder::InsertionGuard guard(rewriter);
  rewriter.setInsertionPointToStart(forall.getBody());
  SmallVector<Value> ivs = llvm::to_vector(forall.getInductionVars());
  Value img = ivs.front();
  // The input positions of the tile's first row (the last one times
  // rowsPerTile).
  SmallVector<Value> rows(ivs.begin() + 1, ivs.end() - 1);
  if (k >= 2)
    rows.back() = arith::MulIOp::create(rewriter, loc, rows.back(),
                                        index(rewriter, loc, rowsPerTile));
  Value group0 = arith::MulIOp::create(rewriter, loc, ivs.back(),
                                       index(rewriter, loc, group));

  // The tile y[n, group, q_1, :, ..., q_{k-1}:+rows, :, :, :] with the unit
  // dims dropped, the last (q_k, r_k) merged into one output row.
  OpFoldResult one = rewriter.getIndexAttr(1), zero = rewriter.getIndexAttr(0);
  SmallVector<OpFoldResult> offsets = {img, group0},
                            sizes = {one, rewriter.getIndexAttr(group)};
  SmallVector<int64_t> tileShape = {group};
  for (unsigned d = 0; d + 1 < k; ++d) {
    bool last = d + 2 == k;
    offsets.append({rows[d], zero});
    sizes.append({rewriter.getIndexAttr(last ? rowsPerTile : 1),
                  rewriter.getIndexAttr(shape.strides[d])});
    if (last)
      tileShape.push_back(rowsPerTile);
    tileShape.push_back(shape.strides[d]);
  }
  offsets.append({zero, zero});
  sizes.append({rewriter.getIndexAttr(width), rewriter.getIndexAttr(s)});
  tileShape.append({width, s});
  SmallVector<OpFoldResult> strides(offsets.size(), one);
  Value shared = forall.getRegionIterArgs()[0];
  auto tileType = RankedTensorType::get(tileShape, f32);
  Value yTile = tensor::ExtractSliceOp::create(rewriter, loc, tileType, shared,
                                               offsets, sizes, strides);
  SmallVector<ReassociationIndices> mergeRow;
  for (int64_t d = 0; d + 2 < int64_t(tileShape.size()); ++d)
    mergeRow.push_back({d});
  mergeRow.push_back(
      {int64_t(tileShape.size()) - 2, int64_t(tileShape.size()) - 1});
  Value flat = tensor::CollapseShapeOp::create(rewriter, loc, yTile, mergeRow);

  // One chunk of input vectors `vecs` from input pixel `px` of the tile's
  // rows: the vectors packed, then per tile of `tile` channels the
  // accumulators summed over the input channels and written.
  auto emitChunk = [&](OpBuilder &b, Location l, Value px,
                       ArrayRef<ChunkVector> vecs, int64_t tile, Value dest,
                       Value packDest) -> std::pair<Value, Value> {
    int64_t vectors = vecs.size();
    Value c0 = index(b, l, 0);
    auto inputIndices = [&](OpBuilder &b, Location l, Value ci,
                            const ChunkVector &cv) {
      SmallVector<Value> idx = {img, ci};
      idx.append(rows);
      if (k >= 2)
        idx.back() =
            arith::AddIOp::create(b, l, idx.back(), index(b, l, cv.row));
      idx.push_back(arith::AddIOp::create(b, l, px, index(b, l, cv.offset)));
      return idx;
    };
    // The chunk's input rows packed side by side: the kernel then reads a
    // few contiguous pages instead of one page per input channel.
    auto packLoop = scf::ForOp::create(
        b, l, c0, index(b, l, shape.inChannels), index(b, l, 1),
        ValueRange{packDest},
        [&](OpBuilder &b, Location l, Value ci, ValueRange iter) {
          Value pad = arith::ConstantOp::create(b, l, b.getZeroAttr(f32));
          Value packed = iter[0];
          for (auto [v, cv] : llvm::enumerate(vecs)) {
            Value xv = vector::TransferReadOp::create(
                b, l, vecType, x, inputIndices(b, l, ci, cv), pad,
                ArrayRef<bool>{!cv.partial});
            packed = vector::TransferWriteOp::create(
                         b, l, xv, packed,
                         ValueRange{ci, index(b, l, int64_t(v) * lanes)},
                         ArrayRef<bool>{true})
                         .getResult();
          }
          scf::YieldOp::create(b, l, packed);
        });
    Value pack = packLoop.getResult(0);
    auto tiles = scf::ForOp::create(
        b, l, c0, index(b, l, group), index(b, l, tile), ValueRange{dest},
        [&](OpBuilder &b, Location l, Value co, ValueRange destArgs) {
          Value co0 = arith::AddIOp::create(b, l, group0, co);
          SmallVector<Value> channels;
          for (int64_t c = 0; c < tile; ++c)
            channels.push_back(
                arith::AddIOp::create(b, l, co0, index(b, l, c)));
          // accs[(c * phases + p) * vectors + v].
          SmallVector<Value> accs;
          for (int64_t c = 0; c < tile; ++c) {
            Value init = start->scalar;
            if (!init)
              init = tensor::ExtractOp::create(b, l, start->bias, channels[c]);
            init = vector::BroadcastOp::create(b, l, vecType, init);
            accs.append(phases * vectors, init);
          }
          auto sum = scf::ForOp::create(
              b, l, c0, index(b, l, shape.inChannels), index(b, l, 1), accs,
              [&](OpBuilder &b, Location l, Value ci, ValueRange iter) {
                SmallVector<Value> next(iter.begin(), iter.end());
                Value pad = arith::ConstantOp::create(b, l, b.getZeroAttr(f32));
                SmallVector<Value> xs;
                for (int64_t v = 0; v < vectors; ++v)
                  xs.push_back(vector::TransferReadOp::create(
                      b, l, vecType, pack,
                      ValueRange{ci, index(b, l, v * lanes)}, pad,
                      ArrayRef<bool>{true}));
                for (int64_t c = 0; c < tile; ++c)
                  for (int64_t p = 0; p < phases; ++p) {
                    Value channel = channels[c];
                    SmallVector<Value> widx = {
                        arith::DivUIOp::create(b, l, channel,
                                               index(b, l, panel)),
                        ci,
                        arith::RemUIOp::create(b, l, channel,
                                               index(b, l, panel))};
                    int64_t rest = p;
                    SmallVector<Value> phaseIdx(k);
                    for (int64_t d = k - 1; d >= 0; --d) {
                      phaseIdx[d] = index(b, l, rest % shape.strides[d]);
                      rest /= shape.strides[d];
                    }
                    widx.append(phaseIdx);
                    Value wv = vector::BroadcastOp::create(
                        b, l, vecType,
                        tensor::ExtractOp::create(b, l, w, widx));
                    for (int64_t v = 0; v < vectors; ++v) {
                      Value &acc = next[(c * phases + p) * vectors + v];
                      acc = vector::FMAOp::create(b, l, wv, xs[v], acc);
                    }
                  }
                scf::YieldOp::create(b, l, next);
              });
          Value result = destArgs[0];
          Value outPx = arith::MulIOp::create(b, l, px, index(b, l, s));
          for (int64_t c = 0; c < tile; ++c)
            for (int64_t po = 0; po < outerPhases; ++po)
              for (auto [v, cv] : llvm::enumerate(vecs)) {
                SmallVector<Value> rowPhases;
                for (int64_t r = 0; r < s; ++r)
                  rowPhases.push_back(
                      sum.getResult((c * phases + po * s + r) * vectors + v));
                Value row = interleave(b, l, rowPhases, lanes);
                // [channel, r_1, ..., (row,) r_{k-1}, output pixel].
                SmallVector<Value> idx(k - 1);
                int64_t rest = po;
                for (int64_t d = int64_t(k) - 2; d >= 0; --d) {
                  idx[d] = index(b, l, rest % shape.strides[d]);
                  rest /= shape.strides[d];
                }
                if (k >= 2)
                  idx.insert(idx.end() - 1, index(b, l, cv.row));
                idx.insert(idx.begin(),
                           arith::AddIOp::create(b, l, co, index(b, l, c)));
                idx.push_back(arith::AddIOp::create(
                    b, l, outPx, index(b, l, cv.offset * s)));
                result =
                    vector::TransferWriteOp::create(b, l, row, result, idx,
                                                    ArrayRef<bool>{!cv.partial})
                        .getResult();
              }
          scf::YieldOp::create(b, l, result);
        });
    return {tiles.getResult(0), pack};
  };

  int64_t fullVectors = width / lanes;
  int64_t rowVectors = llvm::divideCeil(width, lanes);
  auto rowVector = [&](int64_t row, int64_t v) {
    return ChunkVector{row, v * lanes, v == fullVectors};
  };
  Value c0 = index(rewriter, loc, 0);
  Value pack = tensor::EmptyOp::create(
      rewriter, loc, ArrayRef<int64_t>{shape.inChannels, chunk * lanes}, f32);
  if (rowsPerTile > 1) {
    // Short rows: one chunk of whole rows.
    SmallVector<ChunkVector> vecs;
    for (int64_t r = 0; r < rowsPerTile; ++r)
      for (int64_t v = 0; v < rowVectors; ++v)
        vecs.push_back(rowVector(r, v));
    flat =
        emitChunk(rewriter, loc, c0, vecs, config.channels, flat, pack).first;
  } else {
    // Chunks of `chunk` full vectors, then the rest of the row.
    int64_t chunks = fullVectors / chunk;
    if (chunks > 0) {
      SmallVector<ChunkVector> vecs;
      for (int64_t v = 0; v < chunk; ++v)
        vecs.push_back({0, v * lanes, false});
      auto loop = scf::ForOp::create(
          rewriter, loc, c0, index(rewriter, loc, chunks * chunk * lanes),
          index(rewriter, loc, chunk * lanes), ValueRange{flat, pack},
          [&](OpBuilder &b, Location l, Value px, ValueRange iter) {
            auto [y, p] =
                emitChunk(b, l, px, vecs, config.channels, iter[0], iter[1]);
            scf::YieldOp::create(b, l, ValueRange{y, p});
          });
      flat = loop.getResult(0);
      pack = loop.getResult(1);
    }
    if (int64_t rest = rowVectors - chunks * chunk) {
      SmallVector<ChunkVector> vecs;
      for (int64_t v = chunks * chunk; v < rowVectors; ++v)
        vecs.push_back({0, (v - chunks * chunk) * lanes, v == fullVectors});
      flat =
          emitChunk(rewriter, loc, index(rewriter, loc, chunks * chunk * lanes),
                    vecs, rest < chunk ? tailTile : config.channels, flat, pack)
              .first;
    }
  }

  Value filled =
      tensor::ExpandShapeOp::create(rewriter, loc, tileType, flat, mergeRow);
  rewriter.setInsertionPointToStart(forall.getTerminator().getBody());
  tensor::ParallelInsertSliceOp::create(rewriter, loc, filled, shared, offsets,
                                        sizes, strides);
  rewriter.replaceOp(op, forall.getResult(0));
  return success();
}

struct DeconvVectorizeDepthToSpacePass
    : deconv::impl::DeconvVectorizeDepthToSpaceBase<
          DeconvVectorizeDepthToSpacePass> {
  using Base::Base;

  void runOnOperation() override {
    SmallVector<std::pair<linalg::GenericOp, DepthToSpaceShape>> ops;
    getOperation()->walk([&](linalg::GenericOp op) {
      if (std::optional<DepthToSpaceShape> shape = matchDepthToSpace(op))
        ops.push_back({op, *shape});
    });
    IRRewriter rewriter(&getContext());
    for (auto &[op, shape] : ops) {
      std::optional<KernelConfig> config =
          KernelConfig::fromAttr(op->getAttr(kKernelConfigAttr));
      if (!config || config->kind != KernelKind::DepthToSpace)
        continue;
      (void)buildKernel(rewriter, op, shape, *config, vectorWidth);
    }
  }
};

} // namespace
