//===- StatusEntries.cpp - Entry points that return run-time errors -------===//
//
// `_mlir_ciface_<f>` ends the process on a failed run-time check or a failed
// allocation (deconv-runtime-checks' __deconv_fatal). A library inside a
// server must survive both, so each such wrapper gets a twin that returns a
// status instead. The error unwinds with longjmp to the twin's setjmp: the
// generated code has no other way out of a loop nest. Nothing leaks, because
// while a status entry runs on a thread, every buffer the allocation
// functions return on that thread is recorded in the entry's context and
// freed on the way out.
//
// Parallel loops (OpenMP) are the exception: their bodies allocate and free
// per-tile buffers on several threads, and no longjmp may leave a parallel
// region. Those calls go to the untracked functions, whose failure aborts as
// before.
//
//===----------------------------------------------------------------------===//

#include "deconv/Codegen/Passes.h"
#include "deconv/Support/RuntimeSymbols.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/OpenMP/OpenMPDialect.h"
#include "mlir/IR/SymbolTable.h"

namespace mlir::deconv {
#define GEN_PASS_DEF_DECONVSTATUSENTRIES
#include "deconv/Codegen/Passes.h.inc"
} // namespace mlir::deconv

using namespace mlir;
using namespace mlir::deconv;

namespace {

constexpr StringLiteral kContextGlobal = "__deconv_status_context";
constexpr StringLiteral kAbortFunction = "__deconv_abort";
constexpr StringLiteral kUnwindFunction = "__deconv_unwind";
constexpr StringLiteral kTrackFunction = "__deconv_track";
constexpr StringLiteral kUntrackFunction = "__deconv_untrack";
constexpr StringLiteral kUntrackedPrefix = "__deconv_untracked";
/// Bytes reserved for a jmp_buf: glibc needs 200 on x86-64 and 312 on
/// AArch64, musl less.
constexpr int64_t kJmpBufWords = 64;

/// The context of one status call, on its stack:
/// { jmp_buf, message, buffers, count, capacity }.
enum ContextField { JmpBuf = 0, Message, Buffers, Count, Capacity };

class StatusBuilder {
public:
  explicit StatusBuilder(ModuleOp module)
      : module(module), ctx(module.getContext()),
        ptr(LLVM::LLVMPointerType::get(ctx)), i32(IntegerType::get(ctx, 32)),
        i64(IntegerType::get(ctx, 64)), voidTy(LLVM::LLVMVoidType::get(ctx)),
        contextType(LLVM::LLVMStructType::getLiteral(
            ctx, {LLVM::LLVMArrayType::get(i64, kJmpBufWords), ptr, ptr, i64,
                  i64})) {}

  LogicalResult run() {
    auto fatal = module.lookupSymbol<LLVM::LLVMFuncOp>(kFatalFunction);
    if (!fatal || fatal.isExternal())
      return module.emitError()
             << "deconv-status-entries: no '" << kFatalFunction
             << "' in the module; run deconv-runtime-checks first";
    SmallVector<LLVM::LLVMFuncOp> wrappers;
    for (auto f : module.getOps<LLVM::LLVMFuncOp>())
      if (!f.isExternal() && f.getSymName().starts_with(kCInterfacePrefix))
        wrappers.push_back(f);
    for (LLVM::LLVMFuncOp w : wrappers) {
      std::string name = (kStatusEntryPrefix +
                          w.getSymName().drop_front(kCInterfacePrefix.size()))
                             .str();
      if (module.lookupSymbol(name))
        return w.emitError() << "a symbol '" << name << "' is in the way of "
                             << w.getSymName() << "'s status entry";
    }

    declareLibc();
    defineContextGlobal();
    defineUnwind();
    defineTrack();
    defineUntrack();
    // The untracked functions keep the old bodies, failing with an abort.
    LLVM::LLVMFuncOp abortFn = moveBody(fatal, kAbortFunction);
    StringRef allocs[] = {kAllocFunction, kAlignedAllocFunction};
    StringRef rawAllocators[] = {"malloc", "aligned_alloc"};
    llvm::StringMap<std::string> untracked;
    for (auto [name, raw] : llvm::zip(allocs, rawAllocators)) {
      auto f = module.lookupSymbol<LLVM::LLVMFuncOp>(name);
      if (!f || f.isExternal())
        continue;
      std::string moved = (kUntrackedPrefix + name).str();
      LLVM::LLVMFuncOp old = moveBody(f, moved);
      old.walk([&](LLVM::CallOp call) {
        if (call.getCallee() == kFatalFunction)
          call.setCallee(abortFn.getSymName());
      });
      defineTrackedAlloc(f, old, raw);
      untracked[name] = moved;
    }
    if (auto f = module.lookupSymbol<LLVM::LLVMFuncOp>(kFreeFunction);
        f && !f.isExternal()) {
      std::string moved = (kUntrackedPrefix + kFreeFunction).str();
      defineTrackedFree(f, moveBody(f, moved));
      untracked[kFreeFunction] = moved;
    }
    if (auto adopt =
            module.lookupSymbol<LLVM::LLVMFuncOp>(kWorkspaceAdoptFunction);
        adopt && !adopt.isExternal())
      defineAdopt(adopt);
    defineFatal(fatal, abortFn);
    module.walk([&](LLVM::CallOp call) {
      auto callee = call.getCallee();
      if (!callee || !call->getParentOfType<omp::ParallelOp>())
        return;
      auto it = untracked.find(*callee);
      if (it != untracked.end())
        call.setCallee(it->second);
    });
    for (LLVM::LLVMFuncOp w : wrappers)
      defineEntry(w);
    return success();
  }

private:
  LLVM::LLVMFuncOp declare(StringRef name, Type result, ArrayRef<Type> args,
                           ArrayRef<StringRef> attributes = {}) {
    if (auto f = module.lookupSymbol<LLVM::LLVMFuncOp>(name))
      return f;
    OpBuilder b = OpBuilder::atBlockEnd(module.getBody());
    auto f = LLVM::LLVMFuncOp::create(
        b, module.getLoc(), name, LLVM::LLVMFunctionType::get(result, args));
    if (!attributes.empty()) {
      SmallVector<Attribute> names;
      for (StringRef a : attributes)
        names.push_back(StringAttr::get(ctx, a));
      f.setPassthroughAttr(ArrayAttr::get(ctx, names));
    }
    return f;
  }

  void declareLibc() {
    declare("malloc", ptr, {i64});
    declare("aligned_alloc", ptr, {i64, i64});
    declare("free", voidTy, {ptr});
    declare("realloc", ptr, {ptr, i64});
    // setjmp returns twice: LLVM must know it, or it keeps values in
    // registers that the longjmp does not restore.
    declare("_setjmp", i32, {ptr}, {"returns_twice"});
    declare("longjmp", voidTy, {ptr, i32}, {"noreturn"});
  }

  /// A new internal function `name` of `f`'s type.
  LLVM::LLVMFuncOp createFunction(StringRef name, LLVM::LLVMFunctionType type) {
    OpBuilder b = OpBuilder::atBlockEnd(module.getBody());
    return LLVM::LLVMFuncOp::create(b, module.getLoc(), name, type,
                                    LLVM::Linkage::Internal);
  }

  /// Moves `f`'s body into a new internal function `name`; `f` is left
  /// without blocks.
  LLVM::LLVMFuncOp moveBody(LLVM::LLVMFuncOp f, StringRef name) {
    LLVM::LLVMFuncOp moved = createFunction(name, f.getFunctionType());
    moved.getBody().takeBody(f.getBody());
    return moved;
  }

  void defineContextGlobal() {
    OpBuilder b = OpBuilder::atBlockEnd(module.getBody());
    Location loc = module.getLoc();
    auto global = LLVM::GlobalOp::create(
        b, loc, ptr, /*isConstant=*/false, LLVM::Linkage::Internal,
        kContextGlobal, Attribute(), /*alignment=*/8, /*addrSpace=*/0,
        /*dsoLocal=*/false, /*thread_local_=*/true);
    b.setInsertionPointToStart(b.createBlock(&global.getInitializerRegion()));
    LLVM::ReturnOp::create(b, loc,
                           ValueRange{LLVM::ZeroOp::create(b, loc, ptr)});
  }

  /// The address of this thread's context pointer.
  Value contextSlot(OpBuilder &b, Location loc) {
    Value global = LLVM::AddressOfOp::create(b, loc, ptr, kContextGlobal);
    return LLVM::ThreadlocalAddressOp::create(b, loc, ptr, global);
  }
  Value field(OpBuilder &b, Location loc, Value context, ContextField f) {
    return LLVM::GEPOp::create(b, loc, ptr, contextType, context,
                               ArrayRef<LLVM::GEPArg>{0, int32_t(f)});
  }
  Value load(OpBuilder &b, Location loc, Type t, Value address) {
    return LLVM::LoadOp::create(b, loc, t, address);
  }
  Value constant(OpBuilder &b, Location loc, Type t, int64_t v) {
    return LLVM::ConstantOp::create(b, loc, t, b.getIntegerAttr(t, v));
  }
  Value isNull(OpBuilder &b, Location loc, Value p) {
    return LLVM::ICmpOp::create(b, loc, LLVM::ICmpPredicate::eq, p,
                                LLVM::ZeroOp::create(b, loc, ptr));
  }
  Value call(OpBuilder &b, Location loc, StringRef callee, ValueRange args) {
    auto f = module.lookupSymbol<LLVM::LLVMFuncOp>(callee);
    auto op = LLVM::CallOp::create(b, loc, f, args);
    return op.getNumResults() ? op.getResult() : Value();
  }

  /// `__deconv_unwind(context, message)`: records the message, frees the
  /// recorded buffers and jumps back to the status entry.
  void defineUnwind() {
    LLVM::LLVMFuncOp f = createFunction(
        kUnwindFunction, LLVM::LLVMFunctionType::get(voidTy, {ptr, ptr}));
    f.setPassthroughAttr(
        ArrayAttr::get(ctx, {StringAttr::get(ctx, "noreturn")}));
    Location loc = module.getLoc();
    OpBuilder b(ctx);
    Block *entry = f.addEntryBlock(b);
    Block *loop = b.createBlock(&f.getBody(), {}, {i64}, {loc});
    Block *body = b.createBlock(&f.getBody());
    Block *done = b.createBlock(&f.getBody());
    Value context = f.getArgument(0);
    b.setInsertionPointToStart(entry);
    LLVM::StoreOp::create(b, loc, f.getArgument(1),
                          field(b, loc, context, Message));
    Value buffers = load(b, loc, ptr, field(b, loc, context, Buffers));
    Value count = load(b, loc, i64, field(b, loc, context, Count));
    LLVM::BrOp::create(b, loc, ValueRange{constant(b, loc, i64, 0)}, loop);
    b.setInsertionPointToStart(loop);
    Value i = loop->getArgument(0);
    Value more =
        LLVM::ICmpOp::create(b, loc, LLVM::ICmpPredicate::slt, i, count);
    LLVM::CondBrOp::create(b, loc, more, body, done);
    b.setInsertionPointToStart(body);
    Value slot = LLVM::GEPOp::create(b, loc, ptr, ptr, buffers, ValueRange{i});
    call(b, loc, "free", {load(b, loc, ptr, slot)});
    Value next = LLVM::AddOp::create(b, loc, i, constant(b, loc, i64, 1));
    LLVM::BrOp::create(b, loc, ValueRange{next}, loop);
    b.setInsertionPointToStart(done);
    call(b, loc, "free", {buffers});
    call(b, loc, "longjmp",
         {field(b, loc, context, JmpBuf), constant(b, loc, i32, 1)});
    LLVM::UnreachableOp::create(b, loc);
  }

  /// `__deconv_track(context, p)`: appends `p` to the recorded buffers,
  /// growing the list as needed.
  void defineTrack() {
    LLVM::LLVMFuncOp f = createFunction(
        kTrackFunction, LLVM::LLVMFunctionType::get(voidTy, {ptr, ptr}));
    Location loc = module.getLoc();
    OpBuilder b(ctx);
    Block *entry = f.addEntryBlock(b);
    Block *grow = b.createBlock(&f.getBody());
    Block *failed = b.createBlock(&f.getBody());
    Block *grown = b.createBlock(&f.getBody());
    Block *append = b.createBlock(&f.getBody());
    Value context = f.getArgument(0), p = f.getArgument(1);
    b.setInsertionPointToStart(entry);
    Value count = load(b, loc, i64, field(b, loc, context, Count));
    Value capacity = load(b, loc, i64, field(b, loc, context, Capacity));
    Value full =
        LLVM::ICmpOp::create(b, loc, LLVM::ICmpPredicate::eq, count, capacity);
    LLVM::CondBrOp::create(b, loc, full, grow, append);

    b.setInsertionPointToStart(grow);
    Value newCapacity = LLVM::AddOp::create(
        b, loc, LLVM::MulOp::create(b, loc, capacity, constant(b, loc, i64, 2)),
        constant(b, loc, i64, 16));
    Value bytes =
        LLVM::MulOp::create(b, loc, newCapacity, constant(b, loc, i64, 8));
    Value old = load(b, loc, ptr, field(b, loc, context, Buffers));
    Value buffers = call(b, loc, "realloc", {old, bytes});
    LLVM::CondBrOp::create(b, loc, isNull(b, loc, buffers), failed, grown);

    b.setInsertionPointToStart(failed);
    call(b, loc, "free", {p});
    call(b, loc, kUnwindFunction, {context, outOfMemoryMessage(b, loc)});
    LLVM::UnreachableOp::create(b, loc);

    b.setInsertionPointToStart(grown);
    LLVM::StoreOp::create(b, loc, buffers, field(b, loc, context, Buffers));
    LLVM::StoreOp::create(b, loc, newCapacity,
                          field(b, loc, context, Capacity));
    LLVM::BrOp::create(b, loc, append);

    b.setInsertionPointToStart(append);
    Value list = load(b, loc, ptr, field(b, loc, context, Buffers));
    Value slot = LLVM::GEPOp::create(b, loc, ptr, ptr, list, ValueRange{count});
    LLVM::StoreOp::create(b, loc, p, slot);
    LLVM::StoreOp::create(
        b, loc, LLVM::AddOp::create(b, loc, count, constant(b, loc, i64, 1)),
        field(b, loc, context, Count));
    LLVM::ReturnOp::create(b, loc, ValueRange());
  }

  /// `__deconv_untrack(context, p)`: removes `p` from the recorded buffers
  /// (searching from the newest: buffers die young). A pointer not in the
  /// list is left alone.
  void defineUntrack() {
    LLVM::LLVMFuncOp f = createFunction(
        kUntrackFunction, LLVM::LLVMFunctionType::get(voidTy, {ptr, ptr}));
    Location loc = module.getLoc();
    OpBuilder b(ctx);
    Block *entry = f.addEntryBlock(b);
    Block *loop = b.createBlock(&f.getBody(), {}, {i64}, {loc});
    Block *check = b.createBlock(&f.getBody());
    Block *found = b.createBlock(&f.getBody());
    Block *exit = b.createBlock(&f.getBody());
    Value context = f.getArgument(0), p = f.getArgument(1);
    b.setInsertionPointToStart(entry);
    Value count = load(b, loc, i64, field(b, loc, context, Count));
    Value list = load(b, loc, ptr, field(b, loc, context, Buffers));
    LLVM::BrOp::create(b, loc, ValueRange{count}, loop);

    b.setInsertionPointToStart(loop);
    Value i = loop->getArgument(0);
    Value more = LLVM::ICmpOp::create(b, loc, LLVM::ICmpPredicate::sgt, i,
                                      constant(b, loc, i64, 0));
    LLVM::CondBrOp::create(b, loc, more, check, exit);

    b.setInsertionPointToStart(check);
    Value j = LLVM::SubOp::create(b, loc, i, constant(b, loc, i64, 1));
    Value slot = LLVM::GEPOp::create(b, loc, ptr, ptr, list, ValueRange{j});
    Value same = LLVM::ICmpOp::create(b, loc, LLVM::ICmpPredicate::eq,
                                      load(b, loc, ptr, slot), p);
    LLVM::CondBrOp::create(b, loc, same, found, ValueRange(), loop,
                           ValueRange{j});

    b.setInsertionPointToStart(found);
    Value last = LLVM::SubOp::create(b, loc, count, constant(b, loc, i64, 1));
    Value lastSlot =
        LLVM::GEPOp::create(b, loc, ptr, ptr, list, ValueRange{last});
    LLVM::StoreOp::create(b, loc, load(b, loc, ptr, lastSlot), slot);
    LLVM::StoreOp::create(b, loc, last, field(b, loc, context, Count));
    LLVM::BrOp::create(b, loc, exit);

    b.setInsertionPointToStart(exit);
    LLVM::ReturnOp::create(b, loc, ValueRange());
  }

  Value outOfMemoryMessage(OpBuilder &b, Location loc) {
    constexpr StringLiteral name = "__deconv_status_out_of_memory";
    if (auto g = module.lookupSymbol<LLVM::GlobalOp>(name))
      return LLVM::AddressOfOp::create(b, loc, g);
    std::string text = kOutOfMemoryMessage.str();
    text.push_back('\0');
    return LLVM::createGlobalString(loc, b, name, text,
                                    LLVM::Linkage::Internal);
  }

  /// Gives the empty `f` an entry block that loads this thread's context
  /// and branches to `without` when no status entry runs, else to `with`.
  Value branchOnContext(OpBuilder &b, LLVM::LLVMFuncOp f, Block *&without,
                        Block *&with) {
    Location loc = f.getLoc();
    Block *entry = f.addEntryBlock(b);
    without = b.createBlock(&f.getBody());
    with = b.createBlock(&f.getBody());
    b.setInsertionPointToStart(entry);
    Value context = load(b, loc, ptr, contextSlot(b, loc));
    LLVM::CondBrOp::create(b, loc, isNull(b, loc, context), without, with);
    return context;
  }

  /// `__deconv_fatal(message)`: unwinds to the status entry running on this
  /// thread, else aborts as before.
  void defineFatal(LLVM::LLVMFuncOp fatal, LLVM::LLVMFuncOp abortFn) {
    Location loc = fatal.getLoc();
    OpBuilder b(ctx);
    Block *abort, *unwind;
    Value context = branchOnContext(b, fatal, abort, unwind);
    b.setInsertionPointToStart(abort);
    LLVM::CallOp::create(b, loc, abortFn, fatal.getArgument(0));
    LLVM::UnreachableOp::create(b, loc);
    b.setInsertionPointToStart(unwind);
    call(b, loc, kUnwindFunction, {context, fatal.getArgument(0)});
    LLVM::UnreachableOp::create(b, loc);
  }

  /// A cached workspace taken by a call is recorded as the call's
  /// allocation would be.
  void defineAdopt(LLVM::LLVMFuncOp f) {
    f.getBody().getBlocks().clear();
    Location loc = f.getLoc();
    OpBuilder b(ctx);
    Block *plain, *tracked;
    Value context = branchOnContext(b, f, plain, tracked);
    b.setInsertionPointToStart(plain);
    LLVM::ReturnOp::create(b, loc, ValueRange());
    b.setInsertionPointToStart(tracked);
    call(b, loc, kTrackFunction, {context, f.getArgument(0)});
    LLVM::ReturnOp::create(b, loc, ValueRange());
  }

  /// `f` (emptied): without a status entry on this thread, `untracked`;
  /// with one, `raw` whose null result unwinds, and the buffer recorded.
  void defineTrackedAlloc(LLVM::LLVMFuncOp f, LLVM::LLVMFuncOp untracked,
                          StringRef raw) {
    Location loc = f.getLoc();
    OpBuilder b(ctx);
    Block *plain, *tracked;
    Value context = branchOnContext(b, f, plain, tracked);
    Block *failed = b.createBlock(&f.getBody());
    Block *record = b.createBlock(&f.getBody());
    ValueRange args = f.getArguments();

    b.setInsertionPointToStart(plain);
    Value p = LLVM::CallOp::create(b, loc, untracked, args).getResult();
    LLVM::ReturnOp::create(b, loc, p);

    b.setInsertionPointToStart(tracked);
    auto rawFn = module.lookupSymbol<LLVM::LLVMFuncOp>(raw);
    Value q = LLVM::CallOp::create(b, loc, rawFn, args).getResult();
    Value size = args.back();
    Value nonZero = LLVM::ICmpOp::create(b, loc, LLVM::ICmpPredicate::ne, size,
                                         constant(b, loc, i64, 0));
    Value bad = LLVM::AndOp::create(b, loc, isNull(b, loc, q), nonZero);
    LLVM::CondBrOp::create(b, loc, bad, failed, record);

    b.setInsertionPointToStart(failed);
    call(b, loc, kUnwindFunction, {context, outOfMemoryMessage(b, loc)});
    LLVM::UnreachableOp::create(b, loc);

    b.setInsertionPointToStart(record);
    call(b, loc, kTrackFunction, {context, q});
    LLVM::ReturnOp::create(b, loc, q);
  }

  /// `f` (emptied): forgets the buffer if a status entry runs on this
  /// thread, then `untracked` frees it.
  void defineTrackedFree(LLVM::LLVMFuncOp f, LLVM::LLVMFuncOp untracked) {
    Location loc = f.getLoc();
    OpBuilder b(ctx);
    Block *release, *forget;
    Value context = branchOnContext(b, f, release, forget);
    b.setInsertionPointToStart(forget);
    call(b, loc, kUntrackFunction, {context, f.getArgument(0)});
    LLVM::BrOp::create(b, loc, release);
    b.setInsertionPointToStart(release);
    LLVM::CallOp::create(b, loc, untracked, f.getArgument(0));
    LLVM::ReturnOp::create(b, loc, ValueRange());
  }

  /// `int __deconv_status_<f>(const char **error, <wrapper's arguments>)`:
  /// 0 after the wrapper returned, kStatusRuntimeError with `*error` set
  /// (when `error` is not null) after it failed.
  void defineEntry(LLVM::LLVMFuncOp wrapper) {
    Location loc = wrapper.getLoc();
    SmallVector<Type> params{ptr};
    llvm::append_range(params, wrapper.getFunctionType().getParams());
    LLVM::LLVMFuncOp f =
        createFunction((kStatusEntryPrefix + wrapper.getSymName().drop_front(
                                                 kCInterfacePrefix.size()))
                           .str(),
                       LLVM::LLVMFunctionType::get(i32, params));
    f.setLinkage(LLVM::Linkage::External);
    OpBuilder b(ctx);
    Block *entry = f.addEntryBlock(b);
    Block *run = b.createBlock(&f.getBody());
    Block *failed = b.createBlock(&f.getBody());
    Block *report = b.createBlock(&f.getBody());
    Block *done = b.createBlock(&f.getBody(), {}, {i32}, {loc});
    Value error = f.getArgument(0);

    b.setInsertionPointToStart(entry);
    Value context = LLVM::AllocaOp::create(
        b, loc, ptr, contextType, constant(b, loc, i64, 1), /*alignment=*/16);
    Value zero = LLVM::ZeroOp::create(b, loc, ptr);
    LLVM::StoreOp::create(b, loc, zero, field(b, loc, context, Message));
    LLVM::StoreOp::create(b, loc, zero, field(b, loc, context, Buffers));
    LLVM::StoreOp::create(b, loc, constant(b, loc, i64, 0),
                          field(b, loc, context, Count));
    LLVM::StoreOp::create(b, loc, constant(b, loc, i64, 0),
                          field(b, loc, context, Capacity));
    // A status entry may run inside another's call (a callback): the outer
    // context comes back on the way out.
    Value outer = load(b, loc, ptr, contextSlot(b, loc));
    LLVM::StoreOp::create(b, loc, context, contextSlot(b, loc));
    Value jumped = call(b, loc, "_setjmp", {field(b, loc, context, JmpBuf)});
    Value first = LLVM::ICmpOp::create(b, loc, LLVM::ICmpPredicate::eq, jumped,
                                       constant(b, loc, i32, 0));
    LLVM::CondBrOp::create(b, loc, first, run, failed);

    b.setInsertionPointToStart(run);
    // Kept out of line: a function that calls setjmp is optimized with
    // care, and the network's code must not be part of it.
    auto callWrapper =
        LLVM::CallOp::create(b, loc, wrapper, f.getArguments().drop_front());
    callWrapper.setNoInline(true);
    LLVM::StoreOp::create(b, loc, outer, contextSlot(b, loc));
    // The results stay with the caller; only the list goes.
    call(b, loc, "free", {load(b, loc, ptr, field(b, loc, context, Buffers))});
    LLVM::BrOp::create(b, loc, ValueRange{constant(b, loc, i32, 0)}, done);

    b.setInsertionPointToStart(failed);
    LLVM::StoreOp::create(b, loc, outer, contextSlot(b, loc));
    Value message = load(b, loc, ptr, field(b, loc, context, Message));
    Value status = constant(b, loc, i32, kStatusRuntimeError);
    LLVM::CondBrOp::create(b, loc, isNull(b, loc, error), done,
                           ValueRange{status}, report, ValueRange());
    b.setInsertionPointToStart(report);
    LLVM::StoreOp::create(b, loc, message, error);
    LLVM::BrOp::create(b, loc, ValueRange{status}, done);

    b.setInsertionPointToStart(done);
    LLVM::ReturnOp::create(b, loc, done->getArgument(0));
  }

  ModuleOp module;
  MLIRContext *ctx;
  Type ptr, i32, i64, voidTy;
  LLVM::LLVMStructType contextType;
};

struct DeconvStatusEntriesPass
    : deconv::impl::DeconvStatusEntriesBase<DeconvStatusEntriesPass> {
  void runOnOperation() override {
    if (failed(StatusBuilder(getOperation()).run()))
      signalPassFailure();
  }
};

} // namespace
