//===- FuseEpilogues.cpp - Elementwise consumers inside the output tiles --===//
//
// A conv's result followed by an elementwise op (bias broadcast aside: that
// is the accumulators' initial value) would be written to memory by the
// kernel, then read and written again by the elementwise loop. Here the
// elementwise op moves into the loop that produces its operand: through the
// strided inserts that assemble sub-pixel phases, and into the scf.forall of
// the kernel (or of the layout transpose or interleave that writes the
// result), where it is vectorized on the tile before the tile is stored.
//
//===----------------------------------------------------------------------===//

#include "deconv/Codegen/Passes.h"
#include "deconv/Codegen/Tiling.h"
#include "deconv/Codegen/Utils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/Dominance.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/FunctionInterfaces.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::deconv {
#define GEN_PASS_DEF_DECONVFUSEEPILOGUES
#include "deconv/Codegen/Passes.h.inc"
} // namespace mlir::deconv

using namespace mlir;
using namespace mlir::deconv;

namespace {

/// The largest tile an epilogue is vectorized on at once: 32 AVX-512
/// registers of f32, more than any kernel's accumulators (which the
/// epilogue then updates in registers); larger tiles (phase interleaves) are
/// updated in steps of this size.
constexpr int64_t kMaxEpilogueElements = 512;

/// An elementwise op that may run on any tile of its result: parallel loops,
/// one static result read through the identity map, a payload of arith and
/// math ops that neither reads the result's initial value nor its indices.
bool isEpilogue(linalg::GenericOp op) {
  if (op.getNumDpsInits() != 1 || !op.hasPureTensorSemantics() ||
      op.getNumLoops() != op.getNumParallelLoops())
    return false;
  auto type = dyn_cast<RankedTensorType>(op->getResult(0).getType());
  if (!type || !type.hasStaticShape() ||
      !op.getMatchingIndexingMap(op.getDpsInitOperand(0)).isIdentity() ||
      op.payloadUsesValueFromOperand(op.getDpsInitOperand(0)))
    return false;
  for (OpOperand *input : op.getDpsInputOperands())
    if (!op.getMatchingIndexingMap(input).isProjectedPermutation())
      return false;
  for (Operation &inner : op.getBody()->without_terminator())
    if (!isa<arith::ArithDialect, math::MathDialect>(inner.getDialect()))
      return false;
  return true;
}

/// Whether `op`'s payload has math functions that become libm calls (tanh,
/// exp, log, ...): vectors of them are scalarized into one call per lane,
/// so the op stays scalar loops, which run the same calls with less code.
bool callsLibm(linalg::GenericOp op) {
  return llvm::any_of(op.getBody()->getOperations(), [](Operation &inner) {
    return isa<math::MathDialect>(inner.getDialect()) &&
           !isa<math::AbsFOp, math::SqrtOp, math::FmaOp, math::CopySignOp,
                math::FloorOp, math::CeilOp, math::RoundEvenOp>(inner);
  });
}

/// Epilogue ops write into empty tensors: their inits are not read, and as
/// another use of an operand (upstream's elementwise-to-linalg takes the
/// first operand) they would keep it from being fused.
void detachInits(RewriterBase &rewriter, Operation *root) {
  root->walk([&](linalg::GenericOp op) {
    OpOperand *init = op.getDpsInitOperand(0);
    if (!isEpilogue(op) || init->get().getDefiningOp<tensor::EmptyOp>())
      return;
    // At the function's start: fusion places merged ops at the producer.
    rewriter.setInsertionPointToStart(
        &op->getParentOfType<FunctionOpInterface>().getFunctionBody().front());
    auto type = cast<RankedTensorType>(init->get().getType());
    Value empty = tensor::EmptyOp::create(
        rewriter, op.getLoc(), type.getShape(), type.getElementType());
    rewriter.modifyOpInPlace(op, [&] { init->set(empty); });
  });
}

/// Merges chains of epilogue ops (a LeakyReLU written as a compare, a
/// multiply and a select; an add then a ReLU) into single ops that read
/// the producer's result once, with upstream's elementwise fusion.
void fuseEpilogueChains(RewriterBase &rewriter, Operation *root) {
  // A producer read by several epilogue ops is repeated for each of them
  // (elementwise work, cheap next to a pass over memory), so that fusion
  // does not keep its result alive.
  SmallVector<linalg::GenericOp> shared;
  root->walk([&](linalg::GenericOp op) {
    if (isEpilogue(op) && !op->getResult(0).hasOneUse() &&
        llvm::all_of(op->getResult(0).getUses(), [](OpOperand &use) {
          auto user = dyn_cast<linalg::GenericOp>(use.getOwner());
          return user && isEpilogue(user) && user.isDpsInput(&use);
        }))
      shared.push_back(op);
  });
  for (linalg::GenericOp op : shared) {
    SmallVector<OpOperand *> uses = llvm::to_vector(llvm::map_range(
        op->getResult(0).getUses(), [](OpOperand &use) { return &use; }));
    rewriter.setInsertionPointAfter(op);
    for (OpOperand *use : ArrayRef(uses).drop_front()) {
      Operation *copy = rewriter.clone(*op);
      rewriter.modifyOpInPlace(use->getOwner(),
                               [&] { use->set(copy->getResult(0)); });
    }
  }

  llvm::DenseSet<OpOperand *> tried;
  while (true) {
    OpOperand *candidate = nullptr;
    // Producers first, so that a producer with several consumers is fused
    // into each of them (and then erased) rather than kept as a result.
    root->walk([&](linalg::GenericOp producer) {
      if (candidate || !isEpilogue(producer))
        return;
      for (OpOperand &use : producer->getResult(0).getUses()) {
        auto consumer = dyn_cast<linalg::GenericOp>(use.getOwner());
        if (consumer && isEpilogue(consumer) && !tried.contains(&use) &&
            consumer.isDpsInput(&use) &&
            linalg::areElementwiseOpsFusable(&use)) {
          candidate = &use;
          return;
        }
      }
    });
    if (!candidate)
      break;
    Operation *consumer = candidate->getOwner();
    Operation *producer = candidate->get().getDefiningOp();
    rewriter.setInsertionPoint(consumer);
    FailureOr<linalg::ElementwiseOpFusionResult> fused =
        linalg::fuseElementwiseOps(rewriter, candidate);
    if (failed(fused)) {
      tried.insert(candidate);
      continue;
    }
    rewriter.replaceOp(consumer,
                       fused->replacements.lookup(consumer->getResult(0)));
    if (producer->use_empty())
      rewriter.eraseOp(producer);
  }
}

/// `op` with its inputs simplified: splat constants (a ReLU's zeros, a
/// clamp's bounds) become scalars of its payload, which the vectorized tiles
/// use as splat vectors; an input read twice through the same map (the
/// compare and the select of a LeakyReLU) is read once.
linalg::GenericOp simplifyInputs(RewriterBase &rewriter, linalg::GenericOp op) {
  SmallVector<Value> inputs;
  SmallVector<AffineMap> maps;
  // Per input: a scalar to use instead, or the index of the kept input.
  SmallVector<std::pair<TypedAttr, unsigned>> uses;
  for (OpOperand *input : op.getDpsInputOperands()) {
    DenseElementsAttr attr;
    if (matchPattern(input->get(), m_Constant(&attr)) && attr.isSplat()) {
      uses.push_back({cast<TypedAttr>(attr.getSplatValue<Attribute>()), 0});
      continue;
    }
    AffineMap map = op.getMatchingIndexingMap(input);
    unsigned kept = 0;
    while (kept < inputs.size() &&
           (inputs[kept] != input->get() || maps[kept] != map))
      ++kept;
    if (kept == inputs.size()) {
      inputs.push_back(input->get());
      maps.push_back(map);
    }
    uses.push_back({TypedAttr(), kept});
  }
  if (inputs.size() == op.getNumDpsInputs())
    return op;
  maps.push_back(op.getMatchingIndexingMap(op.getDpsInitOperand(0)));
  rewriter.setInsertionPoint(op);
  auto newOp = linalg::GenericOp::create(
      rewriter, op.getLoc(), op->getResultTypes(), inputs, op.getDpsInits(),
      maps, op.getIteratorTypesArray());
  Block *old = op.getBody();
  Block *body = rewriter.createBlock(&newOp.getRegion());
  SmallVector<Value> replacements;
  for (Value v : inputs)
    body->addArgument(getElementTypeOrSelf(v.getType()), op.getLoc());
  Value out =
      body->addArgument(old->getArguments().back().getType(), op.getLoc());
  for (auto [scalar, kept] : uses)
    replacements.push_back(
        scalar ? arith::ConstantOp::create(rewriter, op.getLoc(),
                                           scalar.getType(), scalar)
                     .getResult()
               : body->getArgument(kept));
  replacements.push_back(out);
  rewriter.mergeBlocks(old, body, replacements);
  rewriter.replaceOp(op, newOp->getResults());
  return newOp;
}

/// The input of `op` read through the identity map whose producer the op
/// can move into: a strided insert (of a sub-pixel phase) or a forall.
OpOperand *getFusableInput(linalg::GenericOp op) {
  Type elementType = getElementTypeOrSelf(op->getResult(0).getType());
  for (OpOperand *input : op.getDpsInputOperands()) {
    Value v = input->get();
    // A conversion to another type would need a buffer of its own.
    if (!op.getMatchingIndexingMap(input).isIdentity() || !v.hasOneUse() ||
        getElementTypeOrSelf(v.getType()) != elementType)
      continue;
    if (auto insert = v.getDefiningOp<tensor::InsertSliceOp>()) {
      Operation *dest = insert.getDest().getDefiningOp();
      if (insert.getSourceType().getRank() == insert.getType().getRank() &&
          insert.getDest().hasOneUse() &&
          isa_and_nonnull<tensor::EmptyOp, tensor::InsertSliceOp,
                          linalg::FillOp>(dest))
        return input;
    }
    if (v.getDefiningOp<scf::ForallOp>())
      return input;
  }
  return nullptr;
}

/// A copy of `op` on `inputs`, writing into `init`.
linalg::GenericOp cloneOn(RewriterBase &rewriter, linalg::GenericOp op,
                          ValueRange inputs, Value init) {
  SmallVector<Value> operands(inputs);
  operands.push_back(init);
  Operation *clone = rewriter.clone(*op);
  clone->setOperands(operands);
  clone->getResult(0).setType(init.getType());
  return cast<linalg::GenericOp>(clone);
}

/// A copy of `op` on `inputs`, writing into a new empty tensor of `shape`.
linalg::GenericOp cloneOn(RewriterBase &rewriter, linalg::GenericOp op,
                          ValueRange inputs, ArrayRef<OpFoldResult> shape) {
  Type elementType = getElementTypeOrSelf(op->getResult(0).getType());
  Value init =
      tensor::EmptyOp::create(rewriter, op.getLoc(), shape, elementType);
  return cloneOn(rewriter, op, inputs, init);
}

/// The inputs of `op` for the tile of its result at `offsets`, `sizes` and
/// `strides`: `fused` becomes `tile`, the other tensors are sliced, leaving
/// out the result's `dropped` unit dims.
SmallVector<Value> getTileInputs(RewriterBase &rewriter, linalg::GenericOp op,
                                 OpOperand *fused, Value tile,
                                 ArrayRef<OpFoldResult> offsets,
                                 ArrayRef<OpFoldResult> sizes,
                                 ArrayRef<OpFoldResult> strides,
                                 const llvm::SmallBitVector &dropped = {}) {
  SmallVector<Value> tileInputs;
  for (OpOperand *input : op.getDpsInputOperands()) {
    auto type = dyn_cast<RankedTensorType>(input->get().getType());
    if (input == fused || !type) {
      tileInputs.push_back(input == fused ? tile : input->get());
      continue;
    }
    SmallVector<OpFoldResult> o, s, t;
    SmallVector<int64_t> shape;
    for (AffineExpr e : op.getMatchingIndexingMap(input).getResults()) {
      unsigned d = cast<AffineDimExpr>(e).getPosition();
      o.push_back(offsets[d]);
      s.push_back(sizes[d]);
      t.push_back(strides[d]);
      if (dropped.empty() || !dropped.test(d))
        shape.push_back(
            getConstantIntValue(sizes[d]).value_or(ShapedType::kDynamic));
    }
    tileInputs.push_back(
        dropped.any() ? tensor::ExtractSliceOp::create(
                            rewriter, op.getLoc(),
                            RankedTensorType::get(shape, type.getElementType()),
                            input->get(), o, s, t)
                      : tensor::ExtractSliceOp::create(rewriter, op.getLoc(),
                                                       input->get(), o, s, t));
  }
  return tileInputs;
}

/// f(insert(src, dest)) -> insert(f(src), f(dest)): the op's other inputs
/// are sliced as `src` is placed; f(dest) of an empty dest is empty.
void pushThroughInsert(RewriterBase &rewriter, linalg::GenericOp op,
                       OpOperand *fused) {
  auto insert = fused->get().getDefiningOp<tensor::InsertSliceOp>();
  Location loc = op.getLoc();
  rewriter.setInsertionPoint(op);
  SmallVector<OpFoldResult> offsets = insert.getMixedOffsets();
  SmallVector<OpFoldResult> sizes = insert.getMixedSizes();
  SmallVector<OpFoldResult> strides = insert.getMixedStrides();

  SmallVector<Value> tileInputs = getTileInputs(
      rewriter, op, fused, insert.getSource(), offsets, sizes, strides);
  linalg::GenericOp tileOp =
      cloneOn(rewriter, op, tileInputs,
              tensor::getMixedSizes(rewriter, loc, insert.getSource()));

  Value dest = insert.getDest();
  SmallVector<OpFoldResult> fullShape =
      tensor::getMixedSizes(rewriter, loc, dest);
  Type elementType = getElementTypeOrSelf(op->getResult(0).getType());
  Value newDest;
  auto fill = dest.getDefiningOp<linalg::FillOp>();
  if (dest.getDefiningOp<tensor::EmptyOp>()) {
    newDest = tensor::EmptyOp::create(rewriter, loc, fullShape, elementType);
  } else if (fill && op.getNumDpsInputs() == 1) {
    // f(fill(c)) = fill(f(c)), the payload computed once on c.
    IRMapping mapping;
    mapping.map(op.getBody()->getArgument(0), fill.value());
    for (Operation &inner : op.getBody()->without_terminator())
      rewriter.clone(inner, mapping);
    Value value = mapping.lookup(op.getBody()->getTerminator()->getOperand(0));
    Value empty =
        tensor::EmptyOp::create(rewriter, loc, fullShape, elementType);
    newDest = linalg::FillOp::create(rewriter, loc, value, empty).result();
  } else {
    SmallVector<Value> destInputs;
    for (OpOperand *input : op.getDpsInputOperands())
      destInputs.push_back(input == fused ? dest : input->get());
    newDest = cloneOn(rewriter, op, destInputs, fullShape)->getResult(0);
  }
  Value result = tensor::InsertSliceOp::create(
      rewriter, loc, tileOp->getResult(0), newDest, offsets, sizes, strides);
  rewriter.replaceOp(op, result);
  rewriter.eraseOp(insert);
}

/// Whether the offsets of `op` are zeros and its sizes those of `type`.
bool isWholeTensor(tensor::InsertSliceOp op) {
  return llvm::all_of(op.getMixedOffsets(), isZeroInteger) &&
         llvm::all_of(op.getMixedStrides(), isOneInteger) &&
         op.getSourceType().getNumElements() == op.getType().getNumElements() &&
         op.getType().hasStaticShape();
}

/// The vector whose elements `tile` holds, if a transfer_write of a whole
/// tensor (possibly then inserted as the whole of a tensor with more unit
/// dims) defines all of it.
Value getWrittenVector(Value tile) {
  if (auto insert = tile.getDefiningOp<tensor::InsertSliceOp>()) {
    if (!isWholeTensor(insert))
      return {};
    tile = insert.getSource();
  }
  auto write = tile.getDefiningOp<vector::TransferWriteOp>();
  if (!write || write.getMask() || !write.getPermutationMap().isIdentity() ||
      !llvm::all_of(write.getIndices(),
                    [](Value v) { return isZeroInteger(v); }) ||
      write.getVectorType().getShape() !=
          cast<RankedTensorType>(tile.getType()).getShape())
    return {};
  return write.getVector();
}

/// The tensor that a whole-tile write of `tile` overwrites: the whole
/// inserts and writes that define `tile` are overwritten as well.
Value getOverwrittenBase(Value tile) {
  while (true) {
    if (auto insert = tile.getDefiningOp<tensor::InsertSliceOp>()) {
      if (!isWholeTensor(insert))
        return tile;
      tile = insert.getDest();
      continue;
    }
    if (!getWrittenVector(tile))
      return tile;
    tile = tile.getDefiningOp<vector::TransferWriteOp>().getBase();
  }
}

/// Reads of a whole tile that a vector wrote take the vector itself: the
/// epilogue then applies to the kernel's accumulators before they are
/// stored, and the tile is stored once.
void forwardWrittenVectors(RewriterBase &rewriter, Block *body) {
  body->walk([&](vector::TransferReadOp read) {
    auto type = dyn_cast<RankedTensorType>(read.getBase().getType());
    if (!type || read.getMask() || !read.getPermutationMap().isIdentity() ||
        read.getVectorType().getShape() != type.getShape() ||
        !llvm::all_of(read.getIndices(),
                      [](Value v) { return isZeroInteger(v); }))
      return;
    Value written = getWrittenVector(read.getBase());
    if (!written)
      return;
    rewriter.setInsertionPoint(read);
    rewriter.replaceOpWithNewOp<vector::ShapeCastOp>(read, read.getVectorType(),
                                                     written);
  });
  body->walk([&](vector::TransferWriteOp write) {
    if (getWrittenVector(write.getResult()))
      rewriter.modifyOpInPlace(write, [&] {
        write.getBaseMutable().set(getOverwrittenBase(write.getBase()));
      });
  });
}

/// A copy of `op` that updates `tile` of its result (at `offsets`, `sizes`,
/// `strides`) in place, its other tensor inputs sliced. `dropped` are the
/// unit dims of the tile that `tile` leaves out (a rank-reducing store, as
/// 1-D layers' tiles are): the copy's loops leave them out too.
linalg::GenericOp buildTileOp(RewriterBase &rewriter, linalg::GenericOp op,
                              OpOperand *fused, Value tile,
                              ArrayRef<OpFoldResult> offsets,
                              ArrayRef<OpFoldResult> sizes,
                              ArrayRef<OpFoldResult> strides,
                              const llvm::SmallBitVector &dropped) {
  if (dropped.none())
    return cloneOn(
        rewriter, op,
        getTileInputs(rewriter, op, fused, tile, offsets, sizes, strides),
        tile);
  MLIRContext *ctx = rewriter.getContext();
  // The copy's loop of each kept dim.
  SmallVector<int64_t> loopOf(op.getNumLoops(), -1);
  int64_t numKept = 0;
  for (unsigned d = 0; d < op.getNumLoops(); ++d)
    if (!dropped.test(d))
      loopOf[d] = numKept++;
  SmallVector<AffineMap> maps;
  for (OpOperand *input : op.getDpsInputOperands()) {
    SmallVector<AffineExpr> results;
    for (AffineExpr e : op.getMatchingIndexingMap(input).getResults()) {
      unsigned d = cast<AffineDimExpr>(e).getPosition();
      if (!dropped.test(d))
        results.push_back(getAffineDimExpr(loopOf[d], ctx));
    }
    maps.push_back(AffineMap::get(numKept, 0, results, ctx));
  }
  SmallVector<Value> inputs = getTileInputs(rewriter, op, fused, tile, offsets,
                                            sizes, strides, dropped);
  maps.push_back(AffineMap::getMultiDimIdentityMap(numKept, ctx));
  SmallVector<utils::IteratorType> iterators(numKept,
                                             utils::IteratorType::parallel);
  auto tileOp = linalg::GenericOp::create(rewriter, op.getLoc(), tile.getType(),
                                          inputs, tile, maps, iterators);
  IRMapping mapping;
  op.getRegion().cloneInto(&tileOp.getRegion(), mapping);
  return tileOp;
}

/// Moves `op` into the forall that produces its operand `fused`: each tile
/// the forall stores is updated in place (the output buffer stays the
/// loop's) by a vectorized copy of `op`.
LogicalResult fuseIntoForall(RewriterBase &rewriter, linalg::GenericOp op,
                             OpOperand *fused) {
  auto result = cast<OpResult>(fused->get());
  auto forall = cast<scf::ForallOp>(result.getOwner());
  if (result.getType() != op->getResult(0).getType())
    return failure();
  BlockArgument shared =
      forall.getTiedBlockArgument(forall.getTiedOpOperand(result));
  tensor::ParallelInsertSliceOp store;
  for (Operation &yield : forall.getTerminator().getYieldingOps()) {
    auto insert = dyn_cast<tensor::ParallelInsertSliceOp>(&yield);
    if (!insert)
      return failure();
    if (insert.getDest() != shared)
      continue;
    if (store)
      return failure();
    store = insert;
  }
  if (!store)
    return failure();
  // The other inputs are read inside the loop: they must be defined before
  // it. Slices made by pushThroughInsert after it move up.
  DominanceInfo dominance;
  for (Value v : op.getDpsInputs()) {
    if (v == fused->get() || dominance.properlyDominates(v, forall))
      continue;
    auto slice = v.getDefiningOp<tensor::ExtractSliceOp>();
    if (!slice || !llvm::all_of(slice->getOperands(), [&](Value operand) {
          return dominance.properlyDominates(operand, forall);
        }))
      return failure();
    rewriter.moveOpBefore(slice, forall);
  }

  rewriter.setInsertionPoint(forall.getTerminator());
  Value tile = store.getSource();
  linalg::GenericOp tileOp = buildTileOp(
      rewriter, op, fused, tile, store.getMixedOffsets(), store.getMixedSizes(),
      store.getMixedStrides(), store.getDroppedDims());
  rewriter.modifyOpInPlace(
      store, [&] { store.getSourceMutable().set(tileOp->getResult(0)); });
  auto tileType = cast<RankedTensorType>(tile.getType());
  if (tileType.hasStaticShape() && !callsLibm(op)) {
    // A large tile is updated in steps of at most kMaxEpilogueElements, so
    // that its vectors stay a few registers wide.
    Operation *step = tileOp;
    if (tileType.getNumElements() > kMaxEpilogueElements) {
      SmallVector<int64_t> sizes(tileType.getRank(), 1);
      int64_t inner = 1;
      for (int64_t d = tileType.getRank() - 1; d >= 0; --d) {
        int64_t dim = tileType.getDimSize(d);
        sizes[d] = largestDivisorAtMost(dim, kMaxEpilogueElements / inner);
        if (sizes[d] != dim)
          break;
        inner *= dim;
      }
      FailureOr<Operation *> tiled = tileSteps(rewriter, tileOp, sizes);
      step = succeeded(tiled) ? *tiled : nullptr;
    }
    if (step) {
      rewriter.setInsertionPoint(step);
      FailureOr<linalg::VectorizationResult> vectorized =
          linalg::vectorize(rewriter, step);
      if (succeeded(vectorized))
        rewriter.replaceOp(step, vectorized->replacements);
    }
  }
  forwardWrittenVectors(rewriter, forall.getBody());
  rewriter.replaceOp(op, result);
  return success();
}

struct FuseEpiloguesPass
    : public deconv::impl::DeconvFuseEpiloguesBase<FuseEpiloguesPass> {
  void runOnOperation() override {
    IRRewriter rewriter(&getContext());
    detachInits(rewriter, getOperation());
    fuseEpilogueChains(rewriter, getOperation());
    bool changed = true;
    while (changed) {
      changed = false;
      SmallVector<linalg::GenericOp> candidates;
      getOperation()->walk([&](linalg::GenericOp op) {
        if (isEpilogue(op))
          candidates.push_back(op);
      });
      for (linalg::GenericOp op : candidates) {
        op = simplifyInputs(rewriter, op);
        OpOperand *fused = getFusableInput(op);
        if (!fused)
          continue;
        if (fused->get().getDefiningOp<tensor::InsertSliceOp>()) {
          pushThroughInsert(rewriter, op, fused);
          changed = true;
          break;
        }
        if (succeeded(fuseIntoForall(rewriter, op, fused))) {
          changed = true;
          break;
        }
      }
    }
  }
};

} // namespace
