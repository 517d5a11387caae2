//===- OutlineLoopNests.cpp - One function per top-level loop nest --------===//

#include "deconv/Codegen/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/UB/IR/UBOps.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Transforms/RegionUtils.h"

namespace mlir::deconv {
#define GEN_PASS_DEF_DECONVOUTLINELOOPNESTS
#include "deconv/Codegen/Passes.h.inc"
} // namespace mlir::deconv

using namespace mlir;

/// Whether `op`, directly in a function body, is a loop nest to outline.
static bool isLoopNest(Operation *op) {
  if (isa<scf::ForOp, scf::ForallOp, scf::ParallelOp>(op))
    return true;
  auto linalgOp = dyn_cast<linalg::LinalgOp>(op);
  return linalgOp && linalgOp.hasPureBufferSemantics();
}

/// Values cloned into the outlined function instead of passed to it.
static bool isCloned(Value v) {
  Operation *def = v.getDefiningOp();
  return def && def->getNumOperands() == 0 && def->getNumRegions() == 0 &&
         (matchPattern(def, m_Constant()) || isa<ub::PoisonOp>(def));
}

/// Moves `nest` into a new private function inserted before `parent` and
/// replaces it by a call.
static void outline(Operation *nest, func::FuncOp parent, StringRef name,
                    SymbolTable &symbols) {
  // Captured values in a fixed order: operands first, then what the regions
  // use from outside.
  llvm::SetVector<Value> captured(nest->operand_begin(), nest->operand_end());
  getUsedValuesDefinedAbove(nest->getRegions(), captured);
  SmallVector<Value> args, clones;
  for (Value v : captured)
    (isCloned(v) ? clones : args).push_back(v);

  OpBuilder b(parent);
  auto type =
      b.getFunctionType(ValueRange(args).getTypes(), nest->getResultTypes());
  auto callee = func::FuncOp::create(b, nest->getLoc(), name, type);
  callee.setPrivate();
  MLIRContext *ctx = b.getContext();
  // Internal, and kept out of line: LLVM would inline a function called once.
  callee->setAttr("llvm.linkage",
                  LLVM::LinkageAttr::get(ctx, LLVM::Linkage::Internal));
  callee->setAttr("passthrough", b.getArrayAttr({b.getStringAttr("noinline")}));
  symbols.insert(callee);

  Block *body = callee.addEntryBlock();
  b.setInsertionPointToStart(body);
  IRMapping map;
  map.map(args, body->getArguments());
  for (Value v : clones)
    map.map(v, b.clone(*v.getDefiningOp())->getResult(0));
  Operation *moved = b.clone(*nest, map);
  func::ReturnOp::create(b, nest->getLoc(), moved->getResults());

  b.setInsertionPoint(nest);
  auto call = func::CallOp::create(b, nest->getLoc(), callee, args);
  nest->replaceAllUsesWith(call.getResults());
  nest->erase();
}

namespace {
struct DeconvOutlineLoopNestsPass
    : mlir::deconv::impl::DeconvOutlineLoopNestsBase<
          DeconvOutlineLoopNestsPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    SymbolTable symbols(module);
    for (auto func : llvm::to_vector(module.getOps<func::FuncOp>())) {
      if (func.isExternal())
        continue;
      SmallVector<Operation *> nests;
      for (Block &block : func.getBody())
        for (Operation &op : block)
          if (isLoopNest(&op) && countOps(&op) >= minOps)
            nests.push_back(&op);
      if (static_cast<int64_t>(nests.size()) < minNests)
        continue;
      for (auto [i, nest] : llvm::enumerate(nests))
        outline(nest, func,
                (func.getSymName() + "__nest" + llvm::Twine(i)).str(), symbols);
    }
  }

  static int64_t countOps(Operation *op) {
    int64_t n = 0;
    op->walk([&](Operation *) { ++n; });
    return n;
  }
};
} // namespace
