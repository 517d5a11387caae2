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
#include "mlir/IR/Matchers.h"
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

/// One output vector of a chunk: `row` rows and `offset` positions from the
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
            rowsPerTile * int64_t(llvm::divideCeil(shape.sizes.back(), lanes)) *
                lanes)))
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
  SmallVector<DepthToSpaceShape::InputReach> reach;
  for (unsigned d = 0; d < k; ++d)
    reach.push_back(shape.getInputReach(d));

  // The filter [Ci, Co, t_1, s_1, ...] as panels [Co/B, Ci, B, t_1, s_1,
  // ...] of the tile's B channels, so that a tile streams through one
  // contiguous panel (a constant filter is packed at compile time,
  // --deconv-pack-constants).
  int64_t panel = config.channels;
  {
    auto wType = cast<RankedTensorType>(w.getType());
    SmallVector<int64_t> split = {shape.inChannels, shape.outChannels / panel,
                                  panel};
    SmallVector<ReassociationIndices> reassoc = {{0}, {1, 2}};
    SmallVector<int64_t> perm = {1, 0, 2};
    for (int64_t d = 2; d < wType.getRank(); ++d) {
      split.push_back(wType.getDimSize(d));
      reassoc.push_back({d + 1});
      perm.push_back(d + 1);
    }
    Value expanded = tensor::ExpandShapeOp::create(
        rewriter, loc, RankedTensorType::get(split, f32), w, reassoc);
    w = transposeTo(rewriter, loc, expanded, perm);
  }

  // Parallel tiles: (n, m_1, ..., m_{k-1} / rowsPerTile, channel group).
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
  // The output positions of the tile's first row (the last one times
  // rowsPerTile).
  SmallVector<Value> rows(ivs.begin() + 1, ivs.end() - 1);
  if (k >= 2)
    rows.back() = arith::MulIOp::create(rewriter, loc, rows.back(),
                                        index(rewriter, loc, rowsPerTile));
  Value group0 = arith::MulIOp::create(rewriter, loc, ivs.back(),
                                       index(rewriter, loc, group));

  // The tile y[n, group, m_1, :, ..., m_{k-1}:+rows, :, :, :] with the unit
  // dims dropped, the last (m_k, r_k) merged into one output row.
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

  // The input rows a tile reads: per outer dim the reach of its taps (and
  // of the tile's rows), enumerated with the innermost outer dim fastest.
  SmallVector<int64_t> rowSpans;
  int64_t packRows = 1;
  for (unsigned d = 0; d + 1 < k; ++d) {
    rowSpans.push_back(reach[d].getSpan() + (d + 2 == k ? rowsPerTile - 1 : 0));
    packRows *= rowSpans.back();
  }
  // Pack row of output row `row` of the tile (dim k-2) and taps reading
  // input offsets `offs` (one per outer dim).
  auto packRow = [&](int64_t row, ArrayRef<int64_t> offs) {
    int64_t idx = 0;
    for (unsigned d = 0; d + 1 < k; ++d)
      idx =
          idx * rowSpans[d] + offs[d] - reach[d].first + (d + 2 == k ? row : 0);
    return idx;
  };
  // The input as the form padded it reads the source of a zero tensor.pad
  // (not materialized): positions outside the source are zeros.
  SmallVector<int64_t> lo(k, 0),
      srcSizes(shape.inputSizes.begin(), shape.inputSizes.end());
  if (auto padOp = x.getDefiningOp<tensor::PadOp>()) {
    Value padValue = padOp.getConstantPaddingValue();
    ArrayRef<int64_t> low = padOp.getStaticLow();
    auto srcType = cast<RankedTensorType>(padOp.getSource().getType());
    if (padValue && matchPattern(padValue, m_AnyZeroFloat()) &&
        srcType.hasStaticShape() && llvm::none_of(low, ShapedType::isDynamic) &&
        low[0] == 0 && low[1] == 0) {
      x = padOp.getSource();
      for (unsigned d = 0; d < k; ++d) {
        lo[d] = low[2 + d];
        srcSizes[d] = srcType.getDimSize(2 + d);
      }
    }
  }
  int64_t xWidth = srcSizes.back();
  // Source column of a chunk's pack column 0, less the chunk's position.
  int64_t packStart = reach.back().first - lo.back();
  // The last position of the row's loop over whole chunks (set below).
  int64_t maxLoopPx = 0;

  // One chunk of output vectors `vecs` from output position `px` (static
  // if `staticPx`) of the tile's rows: the input rows the chunk reads packed
  // side by side, then per tile of `tile` channels the accumulators summed
  // over the input channels and taps, and written.
  auto emitChunk = [&](OpBuilder &b, Location l, Value px,
                       std::optional<int64_t> staticPx,
                       ArrayRef<ChunkVector> vecs, int64_t tile, Value dest,
                       Value packDest) -> std::pair<Value, Value> {
    int64_t vectors = vecs.size();
    int64_t chunkLen = 0;
    for (const ChunkVector &cv : vecs)
      chunkLen = std::max(chunkLen, cv.offset + lanes);
    int64_t packStride =
        int64_t(llvm::alignTo(chunkLen + reach.back().getSpan() - 1, lanes));
    int64_t slots = packStride / lanes;
    Value c0 = index(b, l, 0);
    // The chunk's input rows packed side by side: the kernel then reads a
    // few contiguous pages instead of one page per input channel and row.
    auto packLoop = scf::ForOp::create(
        b, l, c0, index(b, l, shape.inChannels), index(b, l, 1),
        ValueRange{packDest},
        [&](OpBuilder &b, Location l, Value ci, ValueRange iter) {
          Value pad = arith::ConstantOp::create(b, l, b.getZeroAttr(f32));
          Value zeros = arith::ConstantOp::create(
              b, l, DenseElementsAttr::get(vecType, b.getZeroAttr(f32)));
          Value packed = iter[0];
          for (int64_t pr = 0; pr < packRows; ++pr) {
            // Source row of pack row `pr`: per outer dim, the tile's
            // position plus the offset pr encodes; a row outside the source
            // is zeros.
            SmallVector<Value> idx = {img, ci};
            int64_t rest = pr;
            SmallVector<int64_t> offs(k - 1);
            for (int64_t d = int64_t(k) - 2; d >= 0; --d) {
              offs[d] = rest % rowSpans[d] + reach[d].first;
              rest /= rowSpans[d];
            }
            Value rowValid;
            for (unsigned d = 0; d + 1 < k; ++d) {
              int64_t off = offs[d] - lo[d];
              Value row =
                  arith::AddIOp::create(b, l, rows[d], index(b, l, off));
              // Tiles' first rows run over [0, sizes - rowsPerTile].
              int64_t tileRows = d + 2 == k ? rowsPerTile : 1;
              if (off < 0 || shape.sizes[d] - tileRows + off >= srcSizes[d]) {
                Value valid = arith::AndIOp::create(
                    b, l,
                    arith::CmpIOp::create(b, l, arith::CmpIPredicate::sge, row,
                                          index(b, l, 0)),
                    arith::CmpIOp::create(b, l, arith::CmpIPredicate::slt, row,
                                          index(b, l, srcSizes[d])));
                row = arith::SelectOp::create(b, l, valid, row, index(b, l, 0));
                rowValid = rowValid
                               ? arith::AndIOp::create(b, l, rowValid, valid)
                                     .getResult()
                               : valid;
              }
              idx.push_back(row);
            }
            for (int64_t q = 0; q < slots; ++q) {
              int64_t first = packStart + q * lanes;
              Value xv;
              auto read = [&](Value at, bool inBounds) -> Value {
                SmallVector<Value> i(idx);
                i.push_back(at);
                return vector::TransferReadOp::create(b, l, vecType, x, i, pad,
                                                      ArrayRef<bool>{inBounds});
              };
              if (staticPx && (*staticPx + first >= xWidth ||
                               *staticPx + first + lanes <= 0)) {
                xv = zeros;
              } else if (staticPx && *staticPx + first < 0) {
                // Starts before the row: the row's first lanes, shifted.
                int64_t shift = -(*staticPx + first);
                Value v = read(index(b, l, 0), lanes <= xWidth);
                SmallVector<int64_t> mask;
                for (int64_t i = 0; i < lanes; ++i)
                  mask.push_back(i < shift ? i : lanes + i - shift);
                xv = vector::ShuffleOp::create(b, l, zeros, v, mask);
              } else if (staticPx) {
                xv = read(index(b, l, *staticPx + first),
                          *staticPx + first + lanes <= xWidth);
              } else if (maxLoopPx + first + lanes <= xWidth) {
                // A loop chunk starts inside the row (px >= 0 + the peeled
                // chunk) and, up to its last position, ends inside it.
                xv = read(arith::AddIOp::create(b, l, px, index(b, l, first)),
                          true);
              } else if (maxLoopPx + first < xWidth) {
                xv = read(arith::AddIOp::create(b, l, px, index(b, l, first)),
                          false);
              } else {
                // The last loop chunks' last vectors may start past the end
                // (zeros, read at a clamped start).
                Value at = arith::AddIOp::create(b, l, px, index(b, l, first));
                Value inside = arith::CmpIOp::create(
                    b, l, arith::CmpIPredicate::slt, at, index(b, l, xWidth));
                Value clamped =
                    arith::SelectOp::create(b, l, inside, at, index(b, l, 0));
                xv = arith::SelectOp::create(b, l, inside, read(clamped, false),
                                             zeros);
              }
              if (rowValid)
                xv = arith::SelectOp::create(b, l, rowValid, xv, zeros);
              packed =
                  vector::TransferWriteOp::create(
                      b, l, xv, packed,
                      ValueRange{ci, index(b, l, pr * packStride + q * lanes)},
                      ArrayRef<bool>{true})
                      .getResult();
            }
          }
          scf::YieldOp::create(b, l, packed);
        });
    Value pack = packLoop.getResult(0);

    // The products of one input channel: per output phase, its real taps,
    // each an input vector (pack row, column) and a filter value.
    struct Product {
      int64_t phase;
      SmallVector<int64_t> rowOffsets; ///< input offsets of the outer dims
      int64_t column;                  ///< of the chunk's first vector
      SmallVector<int64_t> filter;     ///< t_1, rho_1, ..., t_k, rho_k
    };
    SmallVector<Product> products;
    for (int64_t p = 0; p < phases; ++p) {
      SmallVector<int64_t> r(k);
      int64_t rest = p;
      for (int64_t d = k - 1; d >= 0; --d) {
        r[d] = rest % shape.strides[d];
        rest /= shape.strides[d];
      }
      SmallVector<int64_t> taps(k, 0);
      bool real = true;
      for (unsigned d = 0; d < k; ++d)
        real &= shape.getRealTaps(d, r[d]) > 0;
      while (real) {
        Product prod;
        prod.phase = p;
        SmallVector<int64_t> offs;
        for (unsigned d = 0; d < k; ++d) {
          offs.push_back(shape.getInputOffset(d, r[d]) - taps[d]);
          prod.filter.append({taps[d], shape.getFilterPhase(d, r[d])});
        }
        prod.rowOffsets.assign(offs.begin(), offs.end() - 1);
        prod.column = offs.back() - reach.back().first;
        products.push_back(prod);
        // Next tap tuple, the last dim fastest.
        int64_t d = k - 1;
        for (; d >= 0; --d) {
          if (++taps[d] < shape.getRealTaps(d, r[d]))
            break;
          taps[d] = 0;
        }
        if (d < 0)
          break;
      }
    }

    SmallVector<SmallVector<const Product *>> groups;
    for (const Product &prod : products) {
      auto it = llvm::find_if(groups, [&](ArrayRef<const Product *> g) {
        return g.front()->rowOffsets == prod.rowOffsets &&
               g.front()->column == prod.column;
      });
      if (it == groups.end())
        groups.push_back({&prod});
      else
        it->push_back(&prod);
    }

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
                // Products grouped by the input they read: a group's input
                // vectors are loaded together and stay live only while the
                // group's FMAs (all channels of the tile) run.
                SmallVector<Value> panelIdx, inPanel;
                for (int64_t c = 0; c < tile; ++c) {
                  panelIdx.push_back(arith::DivUIOp::create(
                      b, l, channels[c], index(b, l, panel)));
                  inPanel.push_back(arith::RemUIOp::create(b, l, channels[c],
                                                           index(b, l, panel)));
                }
                for (ArrayRef<const Product *> group : groups) {
                  const Product &first = *group.front();
                  SmallVector<Value> xs;
                  for (const ChunkVector &cv : vecs)
                    xs.push_back(vector::TransferReadOp::create(
                        b, l, vecType, pack,
                        ValueRange{ci, index(b, l,
                                             packRow(cv.row, first.rowOffsets) *
                                                     packStride +
                                                 first.column + cv.offset)},
                        pad, ArrayRef<bool>{true}));
                  for (int64_t c = 0; c < tile; ++c)
                    for (const Product *prod : group) {
                      SmallVector<Value> widx = {panelIdx[c], ci, inPanel[c]};
                      for (int64_t f : prod->filter)
                        widx.push_back(index(b, l, f));
                      Value wv = vector::BroadcastOp::create(
                          b, l, vecType,
                          tensor::ExtractOp::create(b, l, w, widx));
                      for (int64_t v = 0; v < vectors; ++v) {
                        Value &acc =
                            next[(c * phases + prod->phase) * vectors + v];
                        acc = vector::FMAOp::create(b, l, wv, xs[v], acc);
                      }
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
  int64_t maxChunk = rowsPerTile > 1 ? rowVectors * lanes : chunk * lanes;
  Value pack = tensor::EmptyOp::create(
      rewriter, loc,
      ArrayRef<int64_t>{shape.inChannels,
                        packRows *
                            int64_t(llvm::alignTo(
                                maxChunk + reach.back().getSpan() - 1, lanes))},
      f32);
  if (rowsPerTile > 1) {
    // Short rows: one chunk of whole rows.
    SmallVector<ChunkVector> vecs;
    for (int64_t r = 0; r < rowsPerTile; ++r)
      for (int64_t v = 0; v < rowVectors; ++v)
        vecs.push_back(rowVector(r, v));
    flat = emitChunk(rewriter, loc, c0, 0, vecs, config.channels, flat, pack)
               .first;
  } else {
    // Chunks of `chunk` full vectors, then the rest of the row. A first
    // chunk that reads before the row (the taps' padding) is emitted on its
    // own, so that the loop's reads start inside the row.
    int64_t chunks = fullVectors / chunk;
    SmallVector<ChunkVector> vecs;
    for (int64_t v = 0; v < chunk; ++v)
      vecs.push_back({0, v * lanes, false});
    int64_t peeled = chunks > 0 && packStart < 0 ? 1 : 0;
    if (peeled)
      flat = emitChunk(rewriter, loc, c0, 0, vecs, config.channels, flat, pack)
                 .first;
    if (chunks > peeled) {
      maxLoopPx = (chunks - 1) * chunk * lanes;
      auto loop = scf::ForOp::create(
          rewriter, loc, index(rewriter, loc, peeled * chunk * lanes),
          index(rewriter, loc, chunks * chunk * lanes),
          index(rewriter, loc, chunk * lanes), ValueRange{flat, pack},
          [&](OpBuilder &b, Location l, Value px, ValueRange iter) {
            auto [y, p] = emitChunk(b, l, px, std::nullopt, vecs,
                                    config.channels, iter[0], iter[1]);
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
                    chunks * chunk * lanes, vecs,
                    rest < chunk ? tailTile : config.channels, flat, pack)
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
    SmallVector<std::pair<linalg::GenericOp, DepthToSpaceShape>, 2> ops;
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
