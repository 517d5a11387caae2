//===- Bufferize.cpp - One-shot bufferization for native code -------------===//

#include "deconv/Codegen/Passes.h"
#include "deconv/Codegen/Utils.h"
#include "deconv/Support/ConvGeometry.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Bufferization/Transforms/OneShotAnalysis.h"
#include "mlir/Dialect/Bufferization/Transforms/OneShotModuleBufferize.h"
#include "mlir/Dialect/Bufferization/Transforms/Transforms.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/IRMapping.h"
#include "llvm/ADT/MapVector.h"

namespace mlir::deconv {
#define GEN_PASS_DEF_DECONVBUFFERIZE
#include "deconv/Codegen/Passes.h.inc"
} // namespace mlir::deconv

using namespace mlir;

/// The first of the trailing dims of `type` that form one contiguous run
/// (rank - 1 when only the last dim does).
static int64_t getFirstContiguousDim(MemRefType type) {
  int64_t rank = type.getRank();
  int64_t first = rank - 1;
  for (; first > 0; --first) {
    SmallVector<ReassociationIndices> groups;
    for (int64_t d = 0; d < first - 1; ++d)
      groups.push_back({d});
    groups.emplace_back(llvm::to_vector(llvm::seq<int64_t>(first - 1, rank)));
    if (!memref::CollapseShapeOp::isGuaranteedCollapsible(type, groups))
      break;
  }
  return first;
}

/// Copies, fills and identity-map elementwise ops that bufferization leaves
/// run on views whose contiguous trailing dims are collapsed into one: one
/// loop instead of one per dim, which LLVM turns into memset/memcpy or a
/// single vectorized loop, and less code for it to optimize.
static void collapseContiguousDims(Operation *root) {
  SmallVector<linalg::LinalgOp> candidates;
  root->walk([&](linalg::LinalgOp op) {
    if (!op.hasPureBufferSemantics() || op.getNumLoops() < 2 ||
        op.getNumReductionLoops() != 0 || op.hasIndexSemantics())
      return;
    if (!isa<linalg::CopyOp, linalg::FillOp, linalg::GenericOp>(op))
      return;
    // Nothing to do for an empty buffer, and memref.collapse_shape would
    // infer a static 0 for a group with a dynamic dim, which its verifier
    // rejects.
    if (llvm::any_of(op->getOperandTypes(), [](Type t) {
          auto m = dyn_cast<MemRefType>(t);
          return m && llvm::is_contained(m.getShape(), 0);
        }))
      return;
    if (!llvm::all_of(op.getIndexingMapsArray(), [&](AffineMap map) {
          return map.isIdentity() ||
                 (map.getNumResults() == 0 && isa<linalg::FillOp>(op));
        }))
      return;
    candidates.push_back(op);
  });
  IRRewriter rewriter(root->getContext());
  for (linalg::LinalgOp op : candidates) {
    int64_t rank = op.getNumLoops();
    int64_t first = 0;
    for (OpOperand &operand : op->getOpOperands())
      if (auto type = dyn_cast<MemRefType>(operand.get().getType()))
        first = std::max(first, getFirstContiguousDim(type));
    if (first >= rank - 1)
      continue;
    ReassociationIndices tail =
        llvm::to_vector(llvm::seq<int64_t>(first, rank));
    rewriter.setInsertionPoint(op);
    if (auto fill = dyn_cast<linalg::FillOp>(op.getOperation())) {
      // collapseOpIterationDims takes generics and copies only.
      SmallVector<ReassociationIndices> groups;
      for (int64_t d = 0; d < first; ++d)
        groups.push_back({d});
      groups.push_back(tail);
      Value out = memref::CollapseShapeOp::create(rewriter, fill.getLoc(),
                                                  fill.getOutputs()[0], groups);
      linalg::FillOp::create(rewriter, fill.getLoc(), fill.getInputs(), out);
    } else if (failed(linalg::collapseOpIterationDims(op, {tail}, rewriter))) {
      continue;
    }
    rewriter.eraseOp(op);
  }
}

/// A bare tensor.empty that CSE merged across layers (the init of every
/// layer's scf.forall, say) puts all its writers in one alias set, which the
/// in-place analysis compares pairwise: cubic in the number of layers. Its
/// uses are split into groups of kMaxUsesPerEmpty, each with its own copy:
/// writers within a group may still share one buffer.
static void splitSharedEmpties(Operation *root) {
  constexpr size_t kMaxUsesPerEmpty = 16;
  llvm::MapVector<Operation *, SmallVector<OpOperand *>> emptyUses;
  root->walk([&](Operation *op) {
    for (OpOperand &use : op->getOpOperands())
      if (auto empty = use.get().getDefiningOp<tensor::EmptyOp>())
        emptyUses[empty].push_back(&use);
  });
  OpBuilder b(root->getContext());
  for (auto &[empty, uses] : emptyUses) {
    // Right after the original, each copy dominates every use.
    b.setInsertionPointAfter(empty);
    Value copy;
    for (size_t i = kMaxUsesPerEmpty; i < uses.size(); ++i) {
      if (i % kMaxUsesPerEmpty == 0)
        copy = b.clone(*empty)->getResult(0);
      uses[i]->set(copy);
    }
  }
}

/// An initial value (a fill or a broadcast into a tensor.empty) that several
/// ops use gets one clone per use: each user that writes into it (a sub-pixel
/// phase's accumulator, say) then initializes its own buffer instead of
/// one-shot bufferization copying a shared one for it (a read and a write
/// instead of a write).
static void cloneSharedInitialValues(Operation *root) {
  SmallVector<linalg::LinalgOp> shared;
  root->walk([&](linalg::LinalgOp op) {
    if (isa<linalg::FillOp, linalg::BroadcastOp>(op) &&
        op.hasPureTensorSemantics() &&
        op.getDpsInits()[0].getDefiningOp<tensor::EmptyOp>() &&
        !op->getResult(0).hasOneUse() && !op->getResult(0).use_empty())
      shared.push_back(op);
  });
  OpBuilder b(root->getContext());
  for (linalg::LinalgOp op : shared) {
    auto uses = llvm::map_to_vector(op->getResult(0).getUses(),
                                    [](OpOperand &use) { return &use; });
    // Every use gets a clone right before it (the original may come before
    // the buffer the user's result ends up in, which empty-tensor
    // elimination needs to dominate the initialization).
    Value init = op.getDpsInits()[0];
    for (OpOperand *use : uses) {
      b.setInsertionPoint(use->getOwner());
      IRMapping map;
      map.map(init, b.clone(*init.getDefiningOp())->getResult(0));
      use->set(b.clone(*op, map)->getResult(0));
    }
    op->erase();
  }
}

/// Non-splat constants of rank > 1 as 1-D constants expanded to their shape:
/// the LLVM global of a [.., R] constant is a nested array with one
/// ConstantDataArray per innermost row (a million of them for a
/// [1024, 512, 2, 2] filter), which LLVM's passes walk one by one; a flat
/// one is a single array of floats.
static void flattenConstants(Operation *root) {
  SmallVector<arith::ConstantOp> constants;
  root->walk([&](arith::ConstantOp op) {
    auto type = dyn_cast<RankedTensorType>(op.getType());
    auto dense = dyn_cast<DenseElementsAttr>(op.getValue());
    if (type && type.hasStaticShape() && type.getRank() > 1 && dense &&
        !dense.isSplat())
      constants.push_back(op);
  });
  OpBuilder b(root->getContext());
  for (arith::ConstantOp op : constants) {
    auto type = cast<RankedTensorType>(op.getType());
    auto flatType =
        RankedTensorType::get({type.getNumElements()}, type.getElementType());
    b.setInsertionPoint(op);
    Value flat = arith::ConstantOp::create(
        b, op.getLoc(),
        cast<DenseElementsAttr>(op.getValue()).reshape(flatType));
    ReassociationIndices all =
        llvm::to_vector(llvm::seq<int64_t>(0, type.getRank()));
    Value shaped = tensor::ExpandShapeOp::create(
        b, op.getLoc(), type, flat, SmallVector<ReassociationIndices>{all});
    op.replaceAllUsesWith(shaped);
    op.erase();
  }
}

/// A fill whose only use is the destination of a unit-stride insert of
/// static shape (the zero padding around a layout transpose's result, or
/// around a conv's input) fills only what the insert leaves: one slab below
/// and one above the inserted box per dim, the dims before it limited to the
/// box, instead of a serial memset of the whole buffer that the insert then
/// mostly overwrites.
static void fillOnlyPadding(Operation *root) {
  struct Candidate {
    linalg::FillOp fill;
    tensor::InsertSliceOp insert;
    SmallVector<int64_t> offsets, sizes;
  };
  SmallVector<Candidate> candidates;
  root->walk([&](linalg::FillOp fill) {
    if (!fill.hasPureTensorSemantics() || !fill->getResult(0).hasOneUse() ||
        !fill.getOutputs()[0].getDefiningOp<tensor::EmptyOp>())
      return;
    auto type = dyn_cast<RankedTensorType>(fill->getResult(0).getType());
    auto insert =
        dyn_cast<tensor::InsertSliceOp>(*fill->getResult(0).getUsers().begin());
    if (!type || !type.hasStaticShape() || !insert ||
        insert.getDest() != fill->getResult(0) ||
        insert.getSourceType().getRank() != type.getRank())
      return;
    if (auto box = deconv::getConstantBox(insert))
      candidates.push_back({fill, insert, box->first, box->second});
  });
  OpBuilder b(root->getContext());
  for (auto &[fill, insert, offsets, sizes] : candidates) {
    auto type = cast<RankedTensorType>(fill->getResult(0).getType());
    int64_t rank = type.getRank();
    b.setInsertionPoint(insert);
    Location loc = fill.getLoc();
    Value dest = fill.getOutputs()[0];
    // A plain local: lambdas capture structured bindings only from C++20.
    Value value = fill.getInputs()[0];
    auto fillSlab = [&](SmallVector<int64_t> at, SmallVector<int64_t> shape) {
      if (llvm::is_contained(shape, 0))
        return;
      Value empty =
          tensor::EmptyOp::create(b, loc, shape, type.getElementType());
      Value slab = linalg::FillOp::create(b, loc, value, empty).getResult(0);
      dest = tensor::InsertSliceOp::create(
          b, loc, slab, dest, getAsIndexOpFoldResult(b.getContext(), at),
          getAsIndexOpFoldResult(b.getContext(), shape),
          getAsIndexOpFoldResult(b.getContext(),
                                 SmallVector<int64_t>(rank, 1)));
    };
    for (int64_t d = 0; d < rank; ++d) {
      SmallVector<int64_t> at(rank, 0), shape(type.getShape());
      for (int64_t e = 0; e < d; ++e) {
        at[e] = offsets[e];
        shape[e] = sizes[e];
      }
      shape[d] = offsets[d];
      fillSlab(at, shape);
      at[d] = offsets[d] + sizes[d];
      shape[d] = type.getDimSize(d) - at[d];
      fillSlab(at, shape);
    }
    insert.getDestMutable().assign(dest);
    fill->erase();
  }
}

namespace {
struct DeconvBufferizePass
    : mlir::deconv::impl::DeconvBufferizeBase<DeconvBufferizePass> {
  using Base::Base;

  /// A huge splat costs nothing in the IR but is expanded byte by byte once
  /// it becomes a global; refuse it here, with the constant's location.
  LogicalResult checkConstantSizes() {
    WalkResult r = getOperation()->walk([&](arith::ConstantOp op) {
      auto type = dyn_cast<RankedTensorType>(op.getType());
      if (!type || !type.hasStaticShape() ||
          !type.getElementType().isIntOrFloat())
        return WalkResult::advance();
      std::optional<int64_t> bytes = deconv::getStaticByteSize(
          type.getShape(), deconv::getElementBytes(
                               type.getElementType().getIntOrFloatBitWidth()));
      if (bytes && *bytes <= maxConstantBytes)
        return WalkResult::advance();
      op.emitError("a tensor constant of type ")
          << type << " has more than " << int64_t(maxConstantBytes)
          << " bytes, the largest that can be embedded in the generated code "
             "(--deconv-bufferize=\"max-constant-bytes=N\")";
      return WalkResult::interrupt();
    });
    return failure(r.wasInterrupted());
  }

  static void markPublicArgumentsReadOnly(ModuleOp module) {
    auto readOnly = BoolAttr::get(module.getContext(), false);
    for (auto func : module.getOps<func::FuncOp>()) {
      if (func.isExternal() || func.isPrivate())
        continue;
      for (auto [i, arg] : llvm::enumerate(func.getArguments()))
        if (isa<TensorType>(arg.getType()))
          func.setArgAttr(
              i, bufferization::BufferizationDialect::kWritableAttrName,
              readOnly);
    }
  }

  void runOnOperation() override {
    if (failed(checkConstantSizes()))
      return signalPassFailure();
    bufferization::OneShotBufferizationOptions options;
    options.bufferizeFunctionBoundaries = true;
    options.setFunctionBoundaryTypeConversion(
        bufferization::LayoutMapOption::IdentityLayoutMap);
    // linalg.copy lowers to plain loops; memref.copy of strided buffers would
    // become a call into the MLIR runtime library (memrefCopy).
    options.memCpyFn = [](OpBuilder &b, Location loc, Value from,
                          Value to) -> LogicalResult {
      linalg::CopyOp::create(b, loc, from, to);
      return success();
    };
    // The caller's inputs are read-only (the C interface takes them as
    // const): results of public functions never reuse an argument's buffer.
    markPublicArgumentsReadOnly(getOperation());
    // A tensor.empty whose value ends up inserted into a larger tensor
    // (a transpose written into a zero-padded buffer, a phase result into
    // its strided output slice) becomes that slice: no copy.
    splitSharedEmpties(getOperation());
    cloneSharedInitialValues(getOperation());
    fillOnlyPadding(getOperation());
    flattenConstants(getOperation());
    IRRewriter rewriter(&getContext());
    if (failed(bufferization::eliminateEmptyTensors(rewriter, getOperation())))
      return signalPassFailure();
    bufferization::BufferizationState state;
    if (failed(bufferization::runOneShotModuleBufferize(getOperation(), options,
                                                        state)))
      return signalPassFailure();
    collapseContiguousDims(getOperation());
  }
};
} // namespace
