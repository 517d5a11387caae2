//===- CacheWorkspaces.cpp - Keep each function's workspace across calls --===//
//
// Defines the workspace functions deconv-plan-workspaces declared. Each
// workspace lives in a slot of the object between calls, in a block whose
// header holds its capacity: a call takes it out (an atomic exchange with
// null; a block too small for a run-time size is replaced), and gives it
// back (a compare-exchange into an empty slot). A second caller running at
// the same time finds the slot empty and allocates a block of its own, which
// it frees at the end if the slot has been refilled meanwhile. So repeated
// calls touch the same warm pages and allocate nothing, and concurrent calls
// never share bytes. A destructor of the object frees what the slots hold.
//
//===----------------------------------------------------------------------===//

#include "deconv/Codegen/Passes.h"
#include "deconv/Support/RuntimeSymbols.h"

#include "mlir/Dialect/LLVMIR/FunctionCallUtils.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/SymbolTable.h"

namespace mlir::deconv {
#define GEN_PASS_DEF_DECONVCACHEWORKSPACES
#include "deconv/Codegen/Passes.h.inc"
} // namespace mlir::deconv

using namespace mlir;
using namespace mlir::deconv;

namespace {

constexpr StringLiteral kTakeFunction = "__deconv_workspace_take";
constexpr StringLiteral kGiveFunction = "__deconv_workspace_give";
constexpr StringLiteral kCleanupFunction = "__deconv_workspace_cleanup";
constexpr int64_t kAlignment = kWorkspaceAlignment;

class WorkspaceBuilder {
public:
  explicit WorkspaceBuilder(ModuleOp module)
      : module(module), symbols(module), ctx(module.getContext()),
        ptr(LLVM::LLVMPointerType::get(ctx)), i64(IntegerType::get(ctx, 64)),
        voidTy(LLVM::LLVMVoidType::get(ctx)) {}

  LogicalResult run() {
    SmallVector<LLVM::LLVMFuncOp> acquires, releases;
    for (auto f : module.getOps<LLVM::LLVMFuncOp>()) {
      if (!f.isExternal() || !f->hasAttr(kWorkspaceBytesAttr))
        continue;
      if (f.getSymName().starts_with(kWorkspaceAcquirePrefix))
        acquires.push_back(f);
      else if (f.getSymName().starts_with(kWorkspaceReleasePrefix))
        releases.push_back(f);
    }
    if (acquires.empty() && releases.empty())
      return success();
    for (StringRef name :
         {StringRef(kTakeFunction), StringRef(kGiveFunction),
          StringRef(kCleanupFunction), StringRef(kWorkspaceAdoptFunction)})
      if (module.lookupSymbol(name))
        return module.emitError() << "deconv-cache-workspaces: a symbol '"
                                  << name << "' is in the way";
    if (failed(declareAllocation()))
      return failure();
    defineAdopt();
    defineTake();
    defineGive();
    SmallVector<Attribute> slots;
    for (LLVM::LLVMFuncOp acquire : acquires) {
      auto name =
          acquire->getAttrOfType<FlatSymbolRefAttr>(kWorkspaceReleaseAttr);
      auto release =
          name ? module.lookupSymbol<LLVM::LLVMFuncOp>(name) : nullptr;
      if (!release || !llvm::is_contained(releases, release))
        return acquire.emitError() << "no matching workspace release";
      FlatSymbolRefAttr slot = defineSlot(
          acquire.getSymName().drop_front(kWorkspaceAcquirePrefix.size()));
      slots.push_back(slot);
      if (failed(defineAcquire(acquire, slot)) ||
          failed(defineRelease(release, slot)))
        return failure();
    }
    defineCleanup(slots);
    return success();
  }

private:
  Value constant(OpBuilder &b, Location loc, int64_t v) {
    return LLVM::ConstantOp::create(b, loc, i64, b.getI64IntegerAttr(v));
  }
  LLVM::LLVMFuncOp createFunction(StringRef name, Type result,
                                  ArrayRef<Type> args) {
    OpBuilder b = OpBuilder::atBlockEnd(module.getBody());
    auto f = LLVM::LLVMFuncOp::create(b, module.getLoc(), name,
                                      LLVM::LLVMFunctionType::get(result, args),
                                      LLVM::Linkage::Internal);
    symbols.insert(f);
    return f;
  }

  /// The allocation and free functions deconv-runtime-checks defined (a
  /// failed allocation is reported), or the C library's.
  LogicalResult declareAllocation() {
    OpBuilder b = OpBuilder::atBlockEnd(module.getBody());
    alignedAlloc = module.lookupSymbol<LLVM::LLVMFuncOp>(kAlignedAllocFunction);
    if (!alignedAlloc) {
      auto fn = LLVM::lookupOrCreateAlignedAllocFn(b, module, i64);
      if (failed(fn))
        return failure();
      alignedAlloc = *fn;
    }
    free = module.lookupSymbol<LLVM::LLVMFuncOp>(kFreeFunction);
    if (!free) {
      auto fn = LLVM::lookupOrCreateFreeFn(b, module);
      if (failed(fn))
        return failure();
      free = *fn;
    }
    return success();
  }

  void defineAdopt() {
    LLVM::LLVMFuncOp f = createFunction(kWorkspaceAdoptFunction, voidTy, {ptr});
    adopt = f;
    OpBuilder b(ctx);
    b.setInsertionPointToStart(f.addEntryBlock(b));
    LLVM::ReturnOp::create(b, f.getLoc(), ValueRange());
  }

  /// `ptr take(ptr slot, i64 bytes)`: the slot's workspace if it holds at
  /// least `bytes`, else a new one (a smaller cached one is freed). A block
  /// starts with a header of kAlignment bytes holding its capacity; the
  /// workspace follows it. The result is declared noalias and 64-byte
  /// aligned, as an allocation's: nothing else the caller can reach points
  /// into it (the slot is empty while it is out), and LLVM then keeps
  /// treating the temporaries as distinct, aligned buffers. Kept out of line
  /// so that the attributes stay.
  void defineTake() {
    LLVM::LLVMFuncOp f = createFunction(kTakeFunction, ptr, {ptr, i64});
    take = f;
    f.setPassthroughAttr(
        ArrayAttr::get(ctx, {StringAttr::get(ctx, "noinline")}));
    f.setResultAttr(0, LLVM::LLVMDialect::getNoAliasAttrName(),
                    UnitAttr::get(ctx));
    f.setResultAttr(0, LLVM::LLVMDialect::getAlignAttrName(),
                    IntegerAttr::get(i64, kAlignment));
    Location loc = f.getLoc();
    OpBuilder b(ctx);
    Block *entry = f.addEntryBlock(b);
    Block *cached = b.createBlock(&f.getBody());
    Block *reuse = b.createBlock(&f.getBody());
    Block *small = b.createBlock(&f.getBody());
    Block *fresh = b.createBlock(&f.getBody());
    Value slot = f.getArgument(0), bytes = f.getArgument(1);
    b.setInsertionPointToStart(entry);
    Value null = LLVM::ZeroOp::create(b, loc, ptr);
    Value p = LLVM::AtomicRMWOp::create(b, loc, LLVM::AtomicBinOp::xchg, slot,
                                        null, LLVM::AtomicOrdering::acq_rel);
    Value empty =
        LLVM::ICmpOp::create(b, loc, LLVM::ICmpPredicate::eq, p, null);
    LLVM::CondBrOp::create(b, loc, empty, fresh, cached);

    b.setInsertionPointToStart(cached);
    Value capacity = LLVM::LoadOp::create(b, loc, i64, p);
    Value fits =
        LLVM::ICmpOp::create(b, loc, LLVM::ICmpPredicate::uge, capacity, bytes);
    LLVM::CondBrOp::create(b, loc, fits, reuse, small);

    b.setInsertionPointToStart(reuse);
    LLVM::CallOp::create(b, loc, adopt, ValueRange{p});
    LLVM::ReturnOp::create(b, loc, afterHeader(b, loc, p));

    b.setInsertionPointToStart(small);
    LLVM::CallOp::create(b, loc, free, ValueRange{p});
    LLVM::BrOp::create(b, loc, fresh);

    b.setInsertionPointToStart(fresh);
    // The header, and the size rounded up to the alignment, as
    // aligned_alloc requires.
    Value total = LLVM::AndOp::create(
        b, loc,
        LLVM::AddOp::create(b, loc, bytes,
                            constant(b, loc, 2 * kAlignment - 1)),
        constant(b, loc, -kAlignment));
    Value q =
        LLVM::CallOp::create(b, loc, alignedAlloc,
                             ValueRange{constant(b, loc, kAlignment), total})
            .getResult();
    LLVM::StoreOp::create(
        b, loc,
        LLVM::SubOp::create(b, loc, total, constant(b, loc, kAlignment)), q);
    LLVM::ReturnOp::create(b, loc, afterHeader(b, loc, q));
  }

  Value afterHeader(OpBuilder &b, Location loc, Value block) {
    return LLVM::GEPOp::create(b, loc, ptr, b.getI8Type(), block,
                               ArrayRef<LLVM::GEPArg>{kAlignment});
  }

  /// `void give(ptr slot, ptr workspace)`: its block back into the slot, or
  /// freed if the slot holds another caller's block by now.
  void defineGive() {
    LLVM::LLVMFuncOp f = createFunction(kGiveFunction, voidTy, {ptr, ptr});
    give = f;
    Location loc = f.getLoc();
    OpBuilder b(ctx);
    Block *entry = f.addEntryBlock(b);
    Block *full = b.createBlock(&f.getBody());
    Block *done = b.createBlock(&f.getBody());
    b.setInsertionPointToStart(entry);
    Value block =
        LLVM::GEPOp::create(b, loc, ptr, b.getI8Type(), f.getArgument(1),
                            ArrayRef<LLVM::GEPArg>{-kAlignment});
    Value null = LLVM::ZeroOp::create(b, loc, ptr);
    Value pair = LLVM::AtomicCmpXchgOp::create(
        b, loc, f.getArgument(0), null, block, LLVM::AtomicOrdering::acq_rel,
        LLVM::AtomicOrdering::monotonic);
    Value stored = LLVM::ExtractValueOp::create(b, loc, pair, 1);
    LLVM::CondBrOp::create(b, loc, stored, done, full);

    b.setInsertionPointToStart(full);
    LLVM::CallOp::create(b, loc, free, ValueRange{block});
    LLVM::BrOp::create(b, loc, done);

    b.setInsertionPointToStart(done);
    LLVM::ReturnOp::create(b, loc, ValueRange());
  }

  FlatSymbolRefAttr defineSlot(StringRef function) {
    OpBuilder b = OpBuilder::atBlockEnd(module.getBody());
    Location loc = module.getLoc();
    auto global = LLVM::GlobalOp::create(
        b, loc, ptr, /*isConstant=*/false, LLVM::Linkage::Internal,
        ("__deconv_workspace_" + function).str(), Attribute(),
        /*alignment=*/8);
    symbols.insert(global);
    b.setInsertionPointToStart(b.createBlock(&global.getInitializerRegion()));
    LLVM::ReturnOp::create(b, loc,
                           ValueRange{LLVM::ZeroOp::create(b, loc, ptr)});
    return FlatSymbolRefAttr::get(global.getSymNameAttr());
  }

  /// The declaration `acquire` (a 1-D memref descriptor of i8 returned; the
  /// size as its argument where the workspace's bytes are 0) gets a body:
  /// the descriptor of the slot's workspace.
  LogicalResult defineAcquire(LLVM::LLVMFuncOp acquire,
                              FlatSymbolRefAttr slot) {
    auto descriptor = dyn_cast<LLVM::LLVMStructType>(
        acquire.getFunctionType().getReturnType());
    int64_t fixed =
        cast<IntegerAttr>(acquire->getAttr(kWorkspaceBytesAttr)).getInt();
    ArrayRef<Type> params = acquire.getFunctionType().getParams();
    if (!descriptor || descriptor.getBody().size() != 5 ||
        params.size() != (fixed ? 0u : 1u) || (!fixed && params[0] != i64))
      return acquire.emitError() << "expected a workspace acquire of a 1-D "
                                    "memref descriptor";
    Location loc = acquire.getLoc();
    OpBuilder b(ctx);
    b.setInsertionPointToStart(acquire.addEntryBlock(b));
    Value bytes = fixed ? constant(b, loc, fixed) : acquire.getArgument(0);
    Value slotAddress = LLVM::AddressOfOp::create(b, loc, ptr, slot);
    Value p = LLVM::CallOp::create(b, loc, take, ValueRange{slotAddress, bytes})
                  .getResult();
    Value d = LLVM::PoisonOp::create(b, loc, descriptor);
    d = LLVM::InsertValueOp::create(b, loc, d, p, ArrayRef<int64_t>{0});
    d = LLVM::InsertValueOp::create(b, loc, d, p, ArrayRef<int64_t>{1});
    d = LLVM::InsertValueOp::create(b, loc, d, constant(b, loc, 0),
                                    ArrayRef<int64_t>{2});
    d = LLVM::InsertValueOp::create(b, loc, d, bytes, ArrayRef<int64_t>{3, 0});
    d = LLVM::InsertValueOp::create(b, loc, d, constant(b, loc, 1),
                                    ArrayRef<int64_t>{4, 0});
    LLVM::ReturnOp::create(b, loc, d);
    acquire.setLinkage(LLVM::Linkage::Internal);
    acquire->removeAttr(kWorkspaceBytesAttr);
    acquire->removeAttr(kWorkspaceReleaseAttr);
    return success();
  }

  /// The declaration `release` (the descriptor's fields as arguments, the
  /// allocated pointer first) gets a body: the workspace goes back.
  LogicalResult defineRelease(LLVM::LLVMFuncOp release,
                              FlatSymbolRefAttr slot) {
    ArrayRef<Type> params = release.getFunctionType().getParams();
    if (params.empty() || params.front() != ptr)
      return release.emitError()
             << "expected a workspace release of a memref descriptor";
    Location loc = release.getLoc();
    OpBuilder b(ctx);
    b.setInsertionPointToStart(release.addEntryBlock(b));
    Value slotAddress = LLVM::AddressOfOp::create(b, loc, ptr, slot);
    LLVM::CallOp::create(b, loc, give,
                         ValueRange{slotAddress, release.getArgument(0)});
    LLVM::ReturnOp::create(b, loc, ValueRange());
    release.setLinkage(LLVM::Linkage::Internal);
    release->removeAttr(kWorkspaceBytesAttr);
    return success();
  }

  /// A destructor of the object that frees the cached workspaces, so that a
  /// program (or a JIT) that ends leaves none behind.
  void defineCleanup(ArrayRef<Attribute> slots) {
    LLVM::LLVMFuncOp f = createFunction(kCleanupFunction, voidTy, {});
    Location loc = f.getLoc();
    OpBuilder b(ctx);
    b.setInsertionPointToStart(f.addEntryBlock(b));
    Value null = LLVM::ZeroOp::create(b, loc, ptr);
    for (Attribute slot : slots) {
      Value address =
          LLVM::AddressOfOp::create(b, loc, ptr, cast<FlatSymbolRefAttr>(slot));
      Value p =
          LLVM::AtomicRMWOp::create(b, loc, LLVM::AtomicBinOp::xchg, address,
                                    null, LLVM::AtomicOrdering::acq_rel);
      LLVM::CallOp::create(b, loc, free, ValueRange{p});
    }
    LLVM::ReturnOp::create(b, loc, ValueRange());
    b.setInsertionPointToEnd(module.getBody());
    LLVM::GlobalDtorsOp::create(
        b, loc, b.getArrayAttr({FlatSymbolRefAttr::get(f.getSymNameAttr())}),
        b.getI32ArrayAttr({65535}), b.getArrayAttr({LLVM::ZeroAttr::get(ctx)}));
  }

  ModuleOp module;
  SymbolTable symbols;
  MLIRContext *ctx;
  Type ptr, i64, voidTy;
  LLVM::LLVMFuncOp alignedAlloc, free, adopt, take, give;
};

struct DeconvCacheWorkspacesPass
    : mlir::deconv::impl::DeconvCacheWorkspacesBase<DeconvCacheWorkspacesPass> {
  void runOnOperation() override {
    if (failed(WorkspaceBuilder(getOperation()).run()))
      signalPassFailure();
  }
};

} // namespace
