//===- DestinationEntries.cpp - Twins that write into caller buffers ------===//
//
// A function returning freshly allocated results makes a caller that has its
// own output arrays copy each result and free it. The twin this pass adds
// takes those arrays as arguments, and computes into them where the result
// is a plain static allocation of the function (upstream's
// buffer-results-to-out-params with static allocations hoisted).
//
//===----------------------------------------------------------------------===//

#include "deconv/Codegen/Passes.h"
#include "deconv/Support/RuntimeSymbols.h"

#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/SymbolTable.h"

namespace mlir::deconv {
#define GEN_PASS_DEF_DECONVDESTINATIONENTRIES
#include "deconv/Codegen/Passes.h.inc"
} // namespace mlir::deconv

using namespace mlir;
using namespace mlir::deconv;

namespace {

struct DeconvDestinationEntriesPass
    : deconv::impl::DeconvDestinationEntriesBase<DeconvDestinationEntriesPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SymbolTable symbols(module);
    llvm::SmallPtrSet<Operation *, 4> twins;
    SmallVector<std::pair<func::FuncOp, func::FuncOp>> pairs;
    for (auto f : llvm::to_vector(module.getOps<func::FuncOp>())) {
      auto name = f->getAttrOfType<StringAttr>(kDestinationEntryAttr);
      if (!name)
        continue;
      f->removeAttr(kDestinationEntryAttr);
      if (f.isExternal()) {
        f.emitError() << "'" << kDestinationEntryAttr
                      << "' on a function without a body";
        return signalPassFailure();
      }
      for (Type t : f.getResultTypes()) {
        auto memref = dyn_cast<MemRefType>(t);
        if (!memref || !memref.hasStaticShape()) {
          f.emitError() << "'" << kDestinationEntryAttr
                        << "' needs results of static memref types, not " << t;
          return signalPassFailure();
        }
      }
      if (symbols.lookup(name)) {
        f.emitError() << "a symbol '" << name.getValue()
                      << "' is in the way of the destination entry";
        return signalPassFailure();
      }
      func::FuncOp twin = f.clone();
      twin.setSymName(name);
      symbols.insert(twin, std::next(f->getIterator()));
      twins.insert(twin);
      pairs.emplace_back(f, twin);
    }
    if (twins.empty())
      return;
    bufferization::BufferResultsToOutParamsOpts options;
    options.filterFn = [&](func::FuncOp *f) {
      return twins.contains(f->getOperation());
    };
    options.hoistStaticAllocs = true;
    options.modifyPublicFunctions = true;
    if (failed(bufferization::promoteBufferResultsToOutParams(module, options)))
      return signalPassFailure();
    for (auto [original, twin] : pairs) {
      computeInPlace(twin);
      assumeDistinct(twin);
      callTwin(original, twin);
    }
  }

  /// The original allocates its results and lets the twin compute them:
  /// the code exists once.
  void callTwin(func::FuncOp original, func::FuncOp twin) {
    if (!llvm::all_of(original.getResultTypes(), [](Type t) {
          return cast<MemRefType>(t).getLayout().isIdentity();
        }))
      return;
    original.getBody().getBlocks().clear();
    Block *entry = original.addEntryBlock();
    OpBuilder b = OpBuilder::atBlockBegin(entry);
    Location loc = original.getLoc();
    SmallVector<Value> operands(entry->getArguments());
    SmallVector<Value> results;
    for (Type t : original.getResultTypes()) {
      results.push_back(memref::AllocOp::create(b, loc, cast<MemRefType>(t),
                                                b.getI64IntegerAttr(64)));
      operands.push_back(results.back());
    }
    func::CallOp::create(b, loc, twin, operands);
    func::ReturnOp::create(b, loc, results);
  }

  /// The caller's buffers do not overlap the inputs (the interface's
  /// contract), as the allocations they replace did not: LLVM may keep
  /// values read from an input in registers across stores to an output.
  void assumeDistinct(func::FuncOp twin) {
    Block &entry = twin.getBody().front();
    SmallVector<Value> memrefs;
    for (BlockArgument arg : entry.getArguments())
      if (isa<MemRefType>(arg.getType()))
        memrefs.push_back(arg);
    if (memrefs.size() < 2)
      return;
    OpBuilder b = OpBuilder::atBlockBegin(&entry);
    auto distinct =
        memref::DistinctObjectsOp::create(b, twin.getLoc(), memrefs);
    for (auto [arg, view] : llvm::zip(memrefs, distinct.getResults()))
      arg.replaceAllUsesExcept(view, distinct);
  }

  /// A result that is a reshape of an allocation (a lifted or flattened
  /// rank) is copied into its argument at the return: the allocation
  /// becomes a view of the argument instead, and the copy goes.
  void computeInPlace(func::FuncOp twin) {
    llvm::SmallPtrSet<Operation *, 4> taken;
    twin.walk([&](memref::CopyOp copy) {
      auto target = dyn_cast<BlockArgument>(copy.getTarget());
      if (!target || target.getOwner() != &twin.getBody().front() ||
          !isa<func::ReturnOp>(copy->getNextNode()))
        return;
      Value source = copy.getSource();
      while (isa_and_nonnull<memref::ExpandShapeOp, memref::CollapseShapeOp>(
          source.getDefiningOp()))
        source = source.getDefiningOp()->getOperand(0);
      auto alloc = source.getDefiningOp<memref::AllocOp>();
      auto type = alloc ? alloc.getType() : MemRefType();
      if (!alloc || alloc->getBlock() != target.getOwner() ||
          !type.hasStaticShape() || !type.getLayout().isIdentity() ||
          !taken.insert(alloc).second)
        return;
      auto targetType = cast<MemRefType>(target.getType());
      if (!targetType.getLayout().isIdentity() ||
          targetType.getNumElements() != type.getNumElements())
        return;
      OpBuilder b(alloc);
      b.setInsertionPointToStart(target.getOwner());
      Value view = memref::ReinterpretCastOp::create(
          b, alloc.getLoc(), type, target, /*offset=*/0, type.getShape(),
          type.getStridesAndOffset().first);
      alloc.replaceAllUsesWith(view);
      alloc.erase();
      copy.erase();
    });
  }
};

} // namespace
