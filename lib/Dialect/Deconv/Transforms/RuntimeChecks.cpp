//===- RuntimeChecks.cpp - Check dynamic sizes in the generated code ------===//

#include "deconv/Dialect/Deconv/IR/DeconvOps.h"
#include "deconv/Dialect/Deconv/Transforms/Passes.h"
#include "deconv/Support/ConvGeometry.h"
#include "deconv/Support/RuntimeSymbols.h"

#include "mlir/Dialect/LLVMIR/FunctionCallUtils.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"

#include "llvm/Support/FormatVariadic.h"

namespace mlir::deconv {
#define GEN_PASS_DEF_DECONVRUNTIMECHECKS
#include "deconv/Dialect/Deconv/Transforms/Passes.h.inc"
} // namespace mlir::deconv

using namespace mlir;
using namespace mlir::deconv;

namespace {

/// The result byte count the checks allow: far above any machine's memory,
/// far enough below int64's limit that no size computation overflows.
constexpr int64_t kMaxResultBytes = int64_t(1) << 62;

/// Builds the checks of one module: the message globals, the fatal-error
/// function and the allocation functions are created once, on first use.
class CheckBuilder {
public:
  explicit CheckBuilder(ModuleOp module) : module(module) {}

  /// Before `op`: if `ok` is false at run time, report `what` and abort.
  void require(OpBuilder &b, Operation *op, Value ok, StringRef what) {
    if (auto c = getConstantIntValue(ok); c && *c)
      return;
    Location loc = op->getLoc();
    std::string where = "?";
    if (auto flc = loc->findInstanceOf<FileLineColLoc>())
      where = llvm::formatv("{0}:{1}:{2}", flc.getFilename().getValue(),
                            flc.getLine(), flc.getColumn())
                  .str();
    std::string message = llvm::formatv("deconv: error: {0}: '{1}' {2}\n",
                                        where, op->getName(), what)
                              .str();
    Value bad = arith::XOrIOp::create(
        b, loc, ok, arith::ConstantIntOp::create(b, loc, 1, 1));
    scf::IfOp ifOp = scf::IfOp::create(b, loc, bad, /*withElse=*/false);
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(ifOp.thenBlock());
    callFatal(b, loc, message);
  }

  /// `_mlir_memref_to_llvm_alloc`, `_mlir_memref_to_llvm_aligned_alloc` and
  /// `_mlir_memref_to_llvm_free` on malloc, aligned_alloc and free, with a
  /// failed allocation reported. The pipeline allocates with aligned_alloc:
  /// its result is the buffer's aligned pointer itself, so LLVM knows that
  /// two buffers do not overlap (an alignment computed through integers
  /// hides that, and the vectorized copies then took a scalar path behind a
  /// runtime overlap check).
  LogicalResult defineAllocationFunctions() {
    OpBuilder b = OpBuilder::atBlockEnd(module.getBody());
    MLIRContext *ctx = module.getContext();
    auto i64 = IntegerType::get(ctx, 64);
    auto ptr = LLVM::LLVMPointerType::get(ctx);
    if (module.lookupSymbol(kAllocFunction) ||
        module.lookupSymbol(kAlignedAllocFunction) ||
        module.lookupSymbol(kFreeFunction))
      return success(); // already defined (the pass ran before)
    FailureOr<LLVM::LLVMFuncOp> malloc =
        LLVM::lookupOrCreateMallocFn(b, module, i64);
    FailureOr<LLVM::LLVMFuncOp> alignedAlloc =
        LLVM::lookupOrCreateAlignedAllocFn(b, module, i64);
    FailureOr<LLVM::LLVMFuncOp> free = LLVM::lookupOrCreateFreeFn(b, module);
    if (failed(malloc) || failed(alignedAlloc) || failed(free))
      return failure();
    defineCheckedAllocation(kAllocFunction, *malloc);
    defineCheckedAllocation(kAlignedAllocFunction, *alignedAlloc);

    b.setInsertionPointToEnd(module.getBody());
    auto freeFn = LLVM::LLVMFuncOp::create(
        b, module.getLoc(), kFreeFunction,
        LLVM::LLVMFunctionType::get(LLVM::LLVMVoidType::get(ctx), {ptr}),
        LLVM::Linkage::Internal);
    b.setInsertionPointToStart(freeFn.addEntryBlock(b));
    LLVM::CallOp::create(b, module.getLoc(), *free, freeFn.getArgument(0));
    LLVM::ReturnOp::create(b, module.getLoc(), ValueRange());
    return success();
  }

private:
  /// `name`, with `allocator`'s signature (the size last), calls it and
  /// reports a null result for a non-zero size (malloc(0) may return null).
  void defineCheckedAllocation(StringRef name, LLVM::LLVMFuncOp allocator) {
    OpBuilder b = OpBuilder::atBlockEnd(module.getBody());
    Location loc = module.getLoc();
    auto ptr = LLVM::LLVMPointerType::get(module.getContext());
    auto fn = LLVM::LLVMFuncOp::create(
        b, loc, name, allocator.getFunctionType(), LLVM::Linkage::Internal);
    Block *entry = fn.addEntryBlock(b);
    Block *fail = b.createBlock(&fn.getBody());
    Block *done = b.createBlock(&fn.getBody());
    b.setInsertionPointToStart(entry);
    Value size = entry->getArguments().back();
    Value p = LLVM::CallOp::create(b, loc, allocator, entry->getArguments())
                  .getResult();
    Value isNull = LLVM::ICmpOp::create(b, loc, LLVM::ICmpPredicate::eq, p,
                                        LLVM::ZeroOp::create(b, loc, ptr));
    Value nonZero = LLVM::ICmpOp::create(
        b, loc, LLVM::ICmpPredicate::ne, size,
        LLVM::ConstantOp::create(b, loc, size.getType(),
                                 b.getIntegerAttr(size.getType(), 0)));
    Value failed = LLVM::AndOp::create(b, loc, isNull, nonZero);
    LLVM::CondBrOp::create(b, loc, failed, fail, done);
    b.setInsertionPointToStart(fail);
    callFatal(b, loc, kOutOfMemoryMessage);
    LLVM::UnreachableOp::create(b, loc);
    b.setInsertionPointToStart(done);
    LLVM::ReturnOp::create(b, loc, p);
  }

  /// A call to the fatal-error function with `message` (a new global).
  void callFatal(OpBuilder &b, Location loc, StringRef message) {
    LLVM::LLVMFuncOp fatal = getOrCreateFatal(loc);
    std::string name = llvm::formatv("__deconv_error_{0}", numMessages++);
    // A C string: the array holds the terminating NUL.
    std::string text0 = message.str();
    text0.push_back('\0');
    Value text =
        LLVM::createGlobalString(loc, b, name, text0, LLVM::Linkage::Internal);
    LLVM::CallOp::create(b, loc, fatal, ValueRange{text});
  }

  /// `void __deconv_fatal(const char *message)`: writes the message to
  /// stderr and aborts.
  LLVM::LLVMFuncOp getOrCreateFatal(Location loc) {
    if (auto f = module.lookupSymbol<LLVM::LLVMFuncOp>(kFatalFunction))
      return f;
    MLIRContext *ctx = module.getContext();
    OpBuilder b = OpBuilder::atBlockEnd(module.getBody());
    auto ptr = LLVM::LLVMPointerType::get(ctx);
    auto i32 = IntegerType::get(ctx, 32), i64 = IntegerType::get(ctx, 64);
    auto voidTy = LLVM::LLVMVoidType::get(ctx);
    auto declare = [&](StringRef name, Type result, ArrayRef<Type> args) {
      if (auto f = module.lookupSymbol<LLVM::LLVMFuncOp>(name))
        return f;
      return LLVM::LLVMFuncOp::create(
          b, loc, name, LLVM::LLVMFunctionType::get(result, args));
    };
    LLVM::LLVMFuncOp strlenFn = declare("strlen", i64, {ptr});
    LLVM::LLVMFuncOp writeFn = declare("write", i64, {i32, ptr, i64});
    LLVM::LLVMFuncOp abortFn = declare("abort", voidTy, {});
    auto handlerType = LLVM::LLVMFunctionType::get(voidTy, {ptr});
    auto handler = module.lookupSymbol<LLVM::LLVMFuncOp>(kErrorHandler);
    if (!handler)
      handler = LLVM::LLVMFuncOp::create(b, loc, kErrorHandler, handlerType,
                                         LLVM::Linkage::ExternWeak);
    auto fatal = LLVM::LLVMFuncOp::create(b, loc, kFatalFunction, handlerType,
                                          LLVM::Linkage::Internal);
    Block *entry = fatal.addEntryBlock(b);
    Block *callHandler = b.createBlock(&fatal.getBody());
    Block *report = b.createBlock(&fatal.getBody());
    b.setInsertionPointToStart(entry);
    Value msg = fatal.getArgument(0);
    Value handlerAddr = LLVM::AddressOfOp::create(b, loc, ptr, kErrorHandler);
    Value defined =
        LLVM::ICmpOp::create(b, loc, LLVM::ICmpPredicate::ne, handlerAddr,
                             LLVM::ZeroOp::create(b, loc, ptr));
    LLVM::CondBrOp::create(b, loc, defined, callHandler, report);
    b.setInsertionPointToStart(callHandler);
    LLVM::CallOp::create(b, loc, handler, msg);
    LLVM::BrOp::create(b, loc, report);
    b.setInsertionPointToStart(report);
    Value n = LLVM::CallOp::create(b, loc, strlenFn, msg).getResult();
    Value fd = LLVM::ConstantOp::create(b, loc, i32, b.getI32IntegerAttr(2));
    LLVM::CallOp::create(b, loc, writeFn, ValueRange{fd, msg, n});
    LLVM::CallOp::create(b, loc, abortFn, ValueRange());
    LLVM::UnreachableOp::create(b, loc);
    return fatal;
  }

  ModuleOp module;
  unsigned numMessages = 0;
};

/// The checks of one deconv op, inserted before it.
void insertChecks(CheckBuilder &checks, Operation *op) {
  Value x = op->getOperand(0), w = op->getOperand(1);
  Value bias = op->getNumOperands() > 2 ? op->getOperand(2) : Value();
  auto xType = dyn_cast<RankedTensorType>(x.getType());
  auto wType = dyn_cast<RankedTensorType>(w.getType());
  if (!xType || !wType)
    return; // unranked operands: no lowering takes them
  bool transpose = isa<ConvTransposeOp>(op);
  ConvParams params = getConvParams(op);
  int64_t groups = params.groups;
  OpBuilder b(op);
  Location loc = op->getLoc();
  auto index = [&](int64_t v) -> Value {
    return arith::ConstantIndexOp::create(b, loc, v);
  };
  // A dim's size: a constant when static.
  auto size = [&](Value v, int64_t d) -> Value {
    auto t = cast<RankedTensorType>(v.getType());
    return t.isDynamicDim(d) ? tensor::DimOp::create(b, loc, v, d).getResult()
                             : index(t.getDimSize(d));
  };
  auto cmp = [&](arith::CmpIPredicate p, Value l, Value r) -> Value {
    return arith::CmpIOp::create(b, loc, p, l, r);
  };
  auto isDynamic = [](Value v, int64_t d) {
    return cast<RankedTensorType>(v.getType()).isDynamicDim(d);
  };

  // Channels: conv filter [Cout, Cin/g, K...], conv_transpose filter
  // [Cin, Cout/g, K...].
  Value cin = size(x, 1);
  if (transpose) {
    if (isDynamic(x, 1) || isDynamic(w, 0))
      checks.require(b, op, cmp(arith::CmpIPredicate::eq, cin, size(w, 0)),
                     "input channel count differs from the filter's dim 0");
  } else if (isDynamic(x, 1) || isDynamic(w, 1)) {
    Value expected = arith::MulIOp::create(b, loc, size(w, 1), index(groups));
    checks.require(b, op, cmp(arith::CmpIPredicate::eq, cin, expected),
                   "input channel count differs from filter dim 1 * groups");
  }
  if (groups > 1 && isDynamic(w, 0)) {
    Value rem = arith::RemUIOp::create(b, loc, size(w, 0), index(groups));
    checks.require(b, op, cmp(arith::CmpIPredicate::eq, rem, index(0)),
                   "groups do not divide the filter's dim 0");
  }
  if (bias &&
      (isDynamic(bias, 0) || (transpose ? isDynamic(w, 1) : isDynamic(w, 0)))) {
    Value cout = transpose
                     ? arith::MulIOp::create(b, loc, size(w, 1), index(groups))
                           .getResult()
                     : size(w, 0);
    checks.require(b, op, cmp(arith::CmpIPredicate::eq, size(bias, 0), cout),
                   "bias length differs from the output channel count");
  }

  // Spatial lengths: within the range where the output length is positive
  // and its formula does not overflow (then every size derived from it fits).
  for (unsigned d = 0; d < params.getSpatialRank(); ++d) {
    if (!isDynamic(x, 2 + d) || isDynamic(w, 2 + d))
      continue;
    std::optional<std::pair<int64_t, int64_t>> range = getValidInputSizeRange(
        params.kind, wType.getDimSize(2 + d), params.dim(d));
    Value in = size(x, 2 + d);
    Value ok =
        range ? arith::AndIOp::create(
                    b, loc,
                    cmp(arith::CmpIPredicate::sge, in, index(range->first)),
                    cmp(arith::CmpIPredicate::sle, in, index(range->second)))
                    .getResult()
              : arith::ConstantIntOp::create(b, loc, 0, 1).getResult();
    checks.require(
        b, op, ok,
        range ? llvm::formatv("input length of spatial dim {0} is outside "
                              "[{1}, {2}], where the output length is "
                              "positive and fits int64",
                              d, range->first, range->second)
                    .str()
              : llvm::formatv("has no input length of spatial dim {0} with a "
                              "positive output length",
                              d)
                    .str());
  }

  // The result's byte count, multiplied up without overflow.
  auto resultType = dyn_cast<RankedTensorType>(op->getResult(0).getType());
  if (!resultType || resultType.hasStaticShape())
    return;
  ReifiedRankedShapedTypeDims reified;
  if (failed(cast<ReifyRankedShapedTypeOpInterface>(op).reifyResultShapes(
          b, reified)))
    return;
  int64_t bytes = getElementBytes(resultType.getElementTypeBitWidth());
  Value acc = index(bytes), ok = arith::ConstantIntOp::create(b, loc, 1, 1);
  for (OpFoldResult ofr : reified[0]) {
    Value dim = getValueOrCreateConstantIndexOp(b, loc, ofr);
    // acc * dim <= limit  <=>  acc <= limit / dim (dim >= 1).
    Value safeDim = arith::MaxSIOp::create(b, loc, dim, index(1));
    Value bound =
        arith::DivSIOp::create(b, loc, index(kMaxResultBytes), safeDim);
    ok = arith::AndIOp::create(b, loc, ok,
                               cmp(arith::CmpIPredicate::sle, acc, bound));
    acc = arith::MulIOp::create(b, loc, acc, safeDim);
  }
  checks.require(
      b, op, ok,
      llvm::formatv("result would have more than {0} bytes", kMaxResultBytes)
          .str());
}

/// What the checks before `op` established, its operand types now say: an
/// input channel count or bias length that is dynamic where the filter fixes
/// it becomes static (a tensor.cast), so that the code generator's kernels,
/// which need static channel counts, take the op.
void refineCheckedChannels(Operation *op) {
  auto wType = dyn_cast<RankedTensorType>(op->getOperand(1).getType());
  if (!wType || !isa<RankedTensorType>(op->getOperand(0).getType()))
    return;
  int64_t groups = getConvParams(op).groups;
  auto times = [&](int64_t dim) -> int64_t {
    int64_t r;
    if (wType.isDynamicDim(dim) ||
        llvm::MulOverflow(wType.getDimSize(dim), groups, r))
      return ShapedType::kDynamic;
    return r;
  };
  bool transpose = isa<ConvTransposeOp>(op);
  int64_t cin = transpose ? wType.getDimSize(0) : times(1);
  int64_t cout = transpose ? times(1) : wType.getDimSize(0);
  OpBuilder b(op);
  auto refine = [&](unsigned operand, int64_t dim, int64_t size) {
    Value v = op->getOperand(operand);
    auto type = dyn_cast<RankedTensorType>(v.getType());
    if (!type || !type.isDynamicDim(dim) || ShapedType::isDynamic(size))
      return;
    SmallVector<int64_t> shape(type.getShape());
    shape[dim] = size;
    op->setOperand(
        operand, tensor::CastOp::create(b, op->getLoc(), type.clone(shape), v));
  };
  refine(0, 1, cin);
  if (op->getNumOperands() > 2)
    refine(2, 0, cout);
}

struct DeconvRuntimeChecksPass
    : mlir::deconv::impl::DeconvRuntimeChecksBase<DeconvRuntimeChecksPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    CheckBuilder checks(module);
    SmallVector<Operation *> ops;
    module.walk([&](Operation *op) {
      if (isa<ConvOp, ConvTransposeOp>(op))
        ops.push_back(op);
    });
    for (Operation *op : ops) {
      insertChecks(checks, op);
      refineCheckedChannels(op);
    }
    if (failed(checks.defineAllocationFunctions())) {
      module.emitError("cannot define the allocation functions: a symbol "
                       "'malloc' or 'free' of another type is in the way");
      signalPassFailure();
    }
  }
};

} // namespace
