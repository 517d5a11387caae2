//===- PlanWorkspaces.cpp - One buffer for a function's temporaries -------===//
//
// A network's intermediate tensors are allocated and freed at every call.
// Megabyte-sized blocks come back from malloc as fresh pages, so each call
// pays page faults for all of them. This pass gives every function one
// workspace for its temporaries of static size, with offsets planned from
// their lifetimes so that buffers whose lives do not overlap share bytes,
// and one workspace for each temporary of run-time size. The workspaces come
// from calls that deconv-cache-workspaces defines.
//
//===----------------------------------------------------------------------===//

#include "deconv/Codegen/Passes.h"
#include "deconv/Support/RuntimeSymbols.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/DataLayoutInterfaces.h"

#include "llvm/ADT/STLExtras.h"

namespace mlir::deconv {
#define GEN_PASS_DEF_DECONVPLANWORKSPACES
#include "deconv/Codegen/Passes.h.inc"
} // namespace mlir::deconv

using namespace mlir;
using namespace mlir::deconv;

namespace {

constexpr int64_t kAlignment = kWorkspaceAlignment;

/// A temporary buffer of the function body and where it lives: from its
/// allocation to the last operation of the body that uses it or a view of it.
struct Temporary {
  memref::AllocOp alloc;
  memref::DeallocOp dealloc;
  int64_t bytes;
  unsigned first, last;
  int64_t offset = 0;
};

int64_t alignUp(int64_t n) {
  return (n + kAlignment - 1) / kAlignment * kAlignment;
}

/// The position in `body` of the last operation that uses `root` or a memref
/// derived from it, skipping `dealloc`; nullopt where a derived memref leaves
/// through a terminator (its lifetime is then not the body's to see).
std::optional<unsigned>
lastUse(Value root, Operation *dealloc, Block &body,
        const llvm::DenseMap<Operation *, unsigned> &position) {
  unsigned last = 0;
  SmallVector<Value> work{root};
  llvm::SmallPtrSet<Value, 8> seen{root};
  while (!work.empty()) {
    Value v = work.pop_back_val();
    for (OpOperand &use : v.getUses()) {
      Operation *user = use.getOwner();
      if (user == dealloc)
        continue;
      // The address as an integer: where it goes is not followed.
      if (isa<memref::ExtractAlignedPointerAsIndexOp>(user))
        return std::nullopt;
      if (user->hasTrait<OpTrait::IsTerminator>() && user->getBlock() != &body)
        return std::nullopt;
      Operation *top = body.findAncestorOpInBlock(*user);
      if (!top)
        return std::nullopt;
      last = std::max(last, position.lookup(top));
      // Views, casts and anything else that returns a memref may alias it.
      for (Value r : user->getResults())
        if (isa<BaseMemRefType>(r.getType()) && seen.insert(r).second)
          work.push_back(r);
    }
  }
  return last;
}

/// Whether the bytes of a buffer allocated and freed in `block` may be reused
/// from one execution of the block to the next: the block runs once, or in
/// sequential loops and branches (never in two iterations at once).
bool runsSequentially(Block *block, Block &body) {
  for (; block != &body; block = block->getParentOp()->getBlock())
    if (!isa<scf::ForOp, scf::IfOp>(block->getParentOp()))
      return false;
  return true;
}

/// The function's temporaries: allocations freed exactly once, by a
/// dealloc in the same block, in the body or in sequential loops and branches
/// of it, and not returned. One allocated inside a loop lives during the
/// whole loop.
SmallVector<Temporary> collectTemporaries(func::FuncOp func,
                                          const DataLayout &layout) {
  Block &body = func.getBody().front();
  llvm::DenseMap<Operation *, unsigned> position;
  for (auto [i, op] : llvm::enumerate(body))
    position[&op] = i;
  SmallVector<Temporary> temporaries;
  func.walk([&](memref::AllocOp alloc) {
    MemRefType type = alloc.getType();
    if (!type.getLayout().isIdentity() || type.getMemorySpace() ||
        !type.getElementType().isIntOrIndexOrFloat() ||
        !alloc.getSymbolOperands().empty())
      return;
    if (alloc.getAlignment() && *alloc.getAlignment() > kAlignment)
      return;
    if (!runsSequentially(alloc->getBlock(), body))
      return;
    memref::DeallocOp dealloc;
    unsigned deallocs = 0;
    for (Operation *user : alloc->getUsers())
      if (auto d = dyn_cast<memref::DeallocOp>(user)) {
        dealloc = d;
        ++deallocs;
      }
    if (deallocs != 1 || dealloc->getBlock() != alloc->getBlock())
      return;
    std::optional<unsigned> last =
        lastUse(alloc.getResult(), dealloc, body, position);
    unsigned first = position[body.findAncestorOpInBlock(*alloc)];
    unsigned freed = position[body.findAncestorOpInBlock(*dealloc)];
    if (!last || *last > freed)
      return;
    // Of a buffer of run-time size, the bytes of its static dims.
    int64_t bytes = int64_t(layout.getTypeSize(type.getElementType()));
    for (int64_t d : type.getShape())
      if (!ShapedType::isDynamic(d))
        bytes *= d;
    if (type.hasStaticShape())
      bytes = alignUp(std::max<int64_t>(bytes, 1));
    temporaries.push_back(
        {alloc, dealloc, bytes, first, std::max(*last, first)});
  });
  return temporaries;
}

/// Places each temporary at the lowest offset free of every temporary that is
/// live at the same time, the largest first. Returns the workspace's size.
int64_t assignOffsets(MutableArrayRef<Temporary> temporaries) {
  SmallVector<Temporary *> order;
  for (Temporary &t : temporaries)
    order.push_back(&t);
  llvm::stable_sort(
      order, [](Temporary *a, Temporary *b) { return a->bytes > b->bytes; });
  int64_t total = 0;
  SmallVector<Temporary *> placed;
  for (Temporary *t : order) {
    SmallVector<std::pair<int64_t, int64_t>> taken;
    for (Temporary *p : placed)
      if (p->first <= t->last && t->first <= p->last)
        taken.push_back({p->offset, p->offset + p->bytes});
    llvm::sort(taken);
    int64_t offset = 0;
    for (auto [begin, end] : taken) {
      if (offset + t->bytes <= begin)
        break;
      offset = std::max(offset, end);
    }
    t->offset = offset;
    total = std::max(total, offset + t->bytes);
    placed.push_back(t);
  }
  return total;
}

struct DeconvPlanWorkspacesPass
    : mlir::deconv::impl::DeconvPlanWorkspacesBase<DeconvPlanWorkspacesPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    SymbolTable symbols(module);
    DataLayout layout(module);
    SmallVector<func::FuncOp> funcs;
    for (auto f : module.getOps<func::FuncOp>())
      if (!f.isExternal() && f.getBody().hasOneBlock())
        funcs.push_back(f);
    for (func::FuncOp f : funcs) {
      SmallVector<Temporary> fixed, sized;
      for (Temporary &t : collectTemporaries(f, layout))
        (t.alloc.getType().hasStaticShape() ? fixed : sized).push_back(t);
      if (!fixed.empty())
        planFixed(f, fixed, symbols);
      for (auto [k, t] : llvm::enumerate(sized))
        planSized(f, t, k, symbols);
    }
  }

  /// The acquire and release functions of one workspace of `f`, declared
  /// before it; deconv-cache-workspaces defines them. `bytes` is the
  /// workspace's size, 0 where the acquire takes it as an argument.
  std::pair<func::FuncOp, func::FuncOp> declare(func::FuncOp f,
                                                StringRef suffix,
                                                MemRefType type, int64_t bytes,
                                                SymbolTable &symbols) {
    OpBuilder b(f);
    Location loc = f.getLoc();
    SmallVector<Type> args;
    if (!bytes)
      args.push_back(b.getIndexType());
    auto acquire = func::FuncOp::create(
        b, loc, (kWorkspaceAcquirePrefix + f.getSymName() + suffix).str(),
        b.getFunctionType(args, {type}));
    auto release = func::FuncOp::create(
        b, loc, (kWorkspaceReleasePrefix + f.getSymName() + suffix).str(),
        b.getFunctionType({type}, {}));
    for (func::FuncOp decl : {acquire, release}) {
      decl.setPrivate();
      decl->setAttr(kWorkspaceBytesAttr, b.getI64IntegerAttr(bytes));
      symbols.insert(decl);
    }
    acquire->setAttr(kWorkspaceReleaseAttr,
                     FlatSymbolRefAttr::get(release.getSymNameAttr()));
    return {acquire, release};
  }

  /// The temporaries of static size share one workspace of static size.
  void planFixed(func::FuncOp f, MutableArrayRef<Temporary> temporaries,
                 SymbolTable &symbols) {
    int64_t bytes = assignOffsets(temporaries);
    Location loc = f.getLoc();
    auto type = MemRefType::get({bytes}, IntegerType::get(&getContext(), 8));
    auto [acquire, release] = declare(f, "", type, bytes, symbols);

    Block &body = f.getBody().front();
    OpBuilder b = OpBuilder::atBlockBegin(&body);
    Value workspace = func::CallOp::create(b, loc, acquire, {}).getResult(0);
    for (Temporary &t : temporaries) {
      b.setInsertionPoint(t.alloc);
      Value offset =
          arith::ConstantIndexOp::create(b, t.alloc.getLoc(), t.offset);
      Value view =
          memref::ViewOp::create(b, t.alloc.getLoc(), t.alloc.getType(),
                                 workspace, offset, ValueRange());
      t.alloc.replaceAllUsesWith(view);
      t.dealloc.erase();
      t.alloc.erase();
    }
    b.setInsertionPoint(body.getTerminator());
    func::CallOp::create(b, loc, release, ValueRange{workspace});
  }

  /// A temporary of run-time size gets a workspace of its own, taken where
  /// it was allocated and given back where it was freed; the object keeps
  /// the largest one a call needed (deconv-cache-workspaces).
  void planSized(func::FuncOp f, Temporary &t, size_t index,
                 SymbolTable &symbols) {
    auto type = MemRefType::get({ShapedType::kDynamic},
                                IntegerType::get(&getContext(), 8));
    auto [acquire, release] =
        declare(f, ("_" + Twine(index)).str(), type, 0, symbols);
    Location loc = t.alloc.getLoc();
    OpBuilder b(t.alloc);
    Value bytes = arith::ConstantIndexOp::create(b, loc, t.bytes);
    for (Value size : t.alloc.getDynamicSizes())
      bytes = arith::MulIOp::create(b, loc, bytes, size);
    Value workspace =
        func::CallOp::create(b, loc, acquire, ValueRange{bytes}).getResult(0);
    Value view = memref::ViewOp::create(
        b, loc, t.alloc.getType(), workspace,
        arith::ConstantIndexOp::create(b, loc, 0), t.alloc.getDynamicSizes());
    t.alloc.replaceAllUsesWith(view);
    b.setInsertionPoint(t.dealloc);
    func::CallOp::create(b, loc, release, ValueRange{workspace});
    t.dealloc.erase();
    t.alloc.erase();
  }
};

} // namespace
