//===- Jit.cpp - Compile a function in process and call it ----------------===//

#include "deconv/Runtime/Jit.h"

#include "deconv/Codegen/Passes.h"
#include "deconv/Dialect/Deconv/Transforms/Passes.h"
#include "deconv/InitAllDeconv.h"
#include "deconv/Target/CInterface.h"
#include "deconv/Target/NativeCodegen.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/ExecutionEngine/ExecutionEngine.h"
#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Target/LLVMIR/Dialect/All.h"

#include "llvm/ExecutionEngine/Orc/Mangling.h"
#include "llvm/Support/DynamicLibrary.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/TargetParser/Host.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>

using namespace mlir;
using namespace mlir::deconv;

namespace {
llvm::Error jitError(const llvm::Twine &msg) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), msg);
}

std::string typeString(Type t) {
  std::string s;
  llvm::raw_string_ostream os(s);
  os << t;
  return s;
}
} // namespace

void mlir::deconv::registerJitDependencies(DialectRegistry &registry) {
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
  mlir::deconv::registerAllDialects(registry);
  registerAllToLLVMIRTranslations(registry);
}

int64_t mlir::deconv::getHostVectorWidth() {
  return llvm::sys::getHostCPUFeatures().lookup("avx512f") ? 16 : 8;
}

bool mlir::deconv::hostHasBf16Dot() {
  return llvm::sys::getHostCPUFeatures().lookup("avx512bf16");
}

JitFunction::~JitFunction() = default;

llvm::Expected<std::unique_ptr<JitFunction>>
JitFunction::compile(ModuleOp module, StringRef entry,
                     const LowerToLLVMOptions &options, unsigned optLevel,
                     bool verifyEach,
                     function_ref<LogicalResult(PassManager &)> configure,
                     void (*onRuntimeError)(const char *)) {
  auto all = compileAll(module, {entry}, options, optLevel, verifyEach,
                        configure, onRuntimeError);
  if (!all)
    return all.takeError();
  return std::move(all->front());
}

llvm::Expected<std::vector<std::unique_ptr<JitFunction>>>
JitFunction::compileAll(ModuleOp module, ArrayRef<StringRef> entries,
                        const LowerToLLVMOptions &options, unsigned optLevel,
                        bool verifyEach,
                        function_ref<LogicalResult(PassManager &)> configure,
                        void (*onRuntimeError)(const char *)) {
  // Infer shapes first so that unranked results get their ranked types.
  PassManager infer(module->getContext());
  infer.addPass(createDeconvInferShapes());
  if (failed(infer.run(module)))
    return jitError("shape inference failed");

  // The same C interface as deconv-compile's objects.
  std::vector<std::string> names(entries.begin(), entries.end());
  // Functions with static shapes get the destination twin, which the
  // benchmark calls as a deployed program calls deconv_<f>.
  auto exported = prepareCInterface(module, names, /*entryPoints=*/false,
                                    /*destinationTwins=*/true);
  if (failed(exported))
    return jitError("the functions cannot be called through the C interface");
  std::vector<std::unique_ptr<JitFunction>> jits;
  for (ExportedFunction &e : *exported) {
    std::unique_ptr<JitFunction> jit(new JitFunction());
    jit->argTypes = e.arguments;
    jit->resultTypes = e.results;
    jit->symbol = e.symbol;
    jit->destinationSymbol = e.destinationSymbol;
    jits.push_back(std::move(jit));
  }

  LowerToLLVMOptions hostOptions;
  hostOptions.copyOptionValuesFrom(options);
  // An explicit width is the caller's (deconv-run checks it against the
  // host); 0 means the host's widest.
  if (hostOptions.vectorWidth <= 0)
    hostOptions.vectorWidth = getHostVectorWidth();
  if (hostOptions.bf16Dot < 0)
    hostOptions.bf16Dot = hostHasBf16Dot();
  if (failed(runLowerToLLVM(module, hostOptions, verifyEach, configure)))
    return jitError("lowering to the LLVM dialect failed");

  llvm::InitializeNativeTarget();
  llvm::InitializeNativeTargetAsmPrinter();
  if (options.parallel()) {
    // The OpenMP runtime, for the __kmpc_* calls of parallel loops.
    std::string error;
    if (llvm::sys::DynamicLibrary::LoadLibraryPermanently("libomp.so.5",
                                                          &error) &&
        llvm::sys::DynamicLibrary::LoadLibraryPermanently(
            "/usr/lib/llvm-22/lib/libomp.so.5", &error))
      return jitError("--threads other than 1 needs the OpenMP runtime "
                      "(libomp, Debian's libomp-22-dev): " +
                      error);
  }
  // -O3 for the host CPU, as deconv-compile's: without a TargetMachine the
  // vectorizers' cost model knows no vector registers, and the loops left
  // to them (copies, transposes that keep rows, elementwise ops) stay
  // scalar. The options hold a function_ref: the transformer (and `tm`)
  // must outlive create().
  auto tm = createTargetMachine("native", optLevel);
  if (!tm)
    return jitError("no target machine for the host: " +
                    llvm::toString(tm.takeError()));
  std::function<llvm::Error(llvm::Module *)> optimize =
      makeLLVMOptimizer(optLevel, tm->get());
  std::function<llvm::Error(llvm::Module *)> transformer =
      [&](llvm::Module *m) {
        setTargetAttributes(*m, **tm);
        return optimize(m);
      };
  ExecutionEngineOptions engineOptions;
  engineOptions.transformer = transformer;
  engineOptions.jitCodeGenOptLevel =
      optLevel >= 3 ? llvm::CodeGenOptLevel::Aggressive
                    : static_cast<llvm::CodeGenOptLevel>(optLevel);
  auto engine = ExecutionEngine::create(module, engineOptions);
  if (!engine)
    return jitError("JIT compilation failed: " +
                    llvm::toString(engine.takeError()));
  // The generated code's weak deconv_error_handler: the JIT linker does not
  // resolve a missing weak symbol to null, so one is always defined.
  static void (*const ignore)(const char *) = [](const char *) {};
  void (*handler)(const char *) = onRuntimeError ? onRuntimeError : ignore;
  (*engine)->registerSymbols([&](llvm::orc::MangleAndInterner interner) {
    llvm::orc::SymbolMap symbols;
    symbols[interner("deconv_error_handler")] = {
        llvm::orc::ExecutorAddr::fromPtr(handler),
        llvm::JITSymbolFlags::Exported};
    return symbols;
  });
  std::shared_ptr<ExecutionEngine> shared = std::move(*engine);
  for (auto &jit : jits)
    jit->engine = shared;
  return jits;
}

llvm::Error
mlir::deconv::checkInputsMatch(ArrayRef<RankedTensorType> argTypes,
                               const std::vector<HostTensor> &inputs,
                               ArrayRef<std::string> names) {
  if (inputs.size() != argTypes.size())
    return jitError("the function takes " + llvm::Twine(argTypes.size()) +
                    " argument(s), got " + llvm::Twine(inputs.size()) +
                    " input(s)");
  for (auto [index, in] : llvm::enumerate(inputs)) {
    std::string i = std::to_string(index);
    if (index < names.size() && !names[index].empty())
      i += " ('" + names[index] + "')";
    RankedTensorType t = argTypes[index];
    bool ok = static_cast<int64_t>(in.shape.size()) == t.getRank();
    for (int64_t d = 0; ok && d < t.getRank(); ++d)
      ok = t.isDynamicDim(d) || t.getDimSize(d) == in.shape[d];
    if (!ok)
      return jitError("input " + llvm::Twine(i) + " has shape " +
                      formatShape(in.shape) + ", but argument " +
                      llvm::Twine(index) + " is " + typeString(t));
    int64_t count = 1;
    for (int64_t s : in.shape) {
      if (s < 1)
        return jitError("input " + llvm::Twine(i) + " has an empty dim (" +
                        formatShape(in.shape) + ")");
      if (llvm::MulOverflow(count, s, count))
        return jitError("input " + llvm::Twine(i) + " has shape " +
                        formatShape(in.shape) +
                        ", whose element count overflows int64");
    }
    std::optional<ElementKind> kind = getElementKind(t.getElementType());
    if (kind && *kind != in.kind)
      return jitError("input " + llvm::Twine(i) + " holds " +
                      getElementKindName(in.kind) + " values, but argument " +
                      llvm::Twine(index) + " is " + typeString(t));
    if (static_cast<size_t>(count) != in.data.size())
      return jitError("input " + llvm::Twine(i) + " has " +
                      llvm::Twine(in.data.size()) + " values for shape " +
                      formatShape(in.shape));
  }
  return llvm::Error::success();
}

llvm::Expected<std::vector<int64_t>>
JitFunction::makeDescriptor(size_t bytes, ArrayRef<int64_t> shape,
                            std::vector<Prepared::Buffer> &buffers) {
  // The callee's vector loads like 64-byte aligned data; an empty tensor
  // still gets a valid pointer.
  buffers.emplace_back(static_cast<char *>(
      std::aligned_alloc(64, llvm::alignTo(std::max<size_t>(bytes, 1), 64))));
  if (!buffers.back())
    return jitError("cannot allocate " + llvm::Twine(bytes) + " bytes");
  // allocated, aligned, offset, sizes[rank], strides[rank] (64-bit words).
  std::vector<int64_t> desc(3 + 2 * shape.size());
  desc[0] = desc[1] = reinterpret_cast<int64_t>(buffers.back().get());
  desc[2] = 0;
  int64_t stride = 1;
  for (int64_t d = shape.size() - 1; d >= 0; --d) {
    desc[3 + d] = shape[d];
    desc[3 + shape.size() + d] = stride;
    stride *= shape[d];
  }
  return desc;
}

llvm::Expected<JitFunction::Prepared>
JitFunction::prepare(const std::vector<HostTensor> &inputs) const {
  if (llvm::Error err = checkInputsMatch(argTypes, inputs))
    return std::move(err);
  Prepared p;
  // One memref descriptor per argument: allocated, aligned, offset,
  // sizes[rank], strides[rank] (all 64-bit words).
  for (auto [i, in] : llvm::enumerate(inputs)) {
    size_t bytes = in.data.size() * getElementKindBytes(in.kind);
    auto desc = makeDescriptor(bytes, in.shape, p.buffers);
    if (!desc)
      return jitError("cannot allocate " + llvm::Twine(bytes) +
                      " bytes for input " + llvm::Twine(i));
    encodeElements(in.data, in.kind, p.buffers.back().get());
    auto ptr = reinterpret_cast<int64_t>(p.buffers.back().get());
    p.descs.push_back(std::move(*desc));
    p.inputRanges.push_back({ptr, ptr + static_cast<int64_t>(bytes)});
  }
  size_t resultWords = 0;
  for (RankedTensorType t : resultTypes)
    resultWords += 3 + 2 * t.getRank();
  p.results.assign(resultWords, 0);
  return p;
}

llvm::Error JitFunction::invoke(Prepared &p,
                                MutableArrayRef<std::vector<int64_t>> outputs) {
  void *resultPtr = p.results.data();
  std::vector<void *> descPtrs;
  for (auto &d : p.descs)
    descPtrs.push_back(d.data());
  for (auto &d : outputs)
    descPtrs.push_back(d.data());
  SmallVector<void *> args;
  if (outputs.empty() && !resultTypes.empty())
    args.push_back(&resultPtr);
  for (void *&ptr : descPtrs)
    args.push_back(&ptr);
  if (llvm::Error err = engine->invokePacked(
          outputs.empty() ? symbol : destinationSymbol, args))
    return jitError("call failed: " + llvm::toString(std::move(err)));
  return llvm::Error::success();
}

void JitFunction::release(Prepared &p) {
  // Free what the function allocated: never an input, a global, or the same
  // buffer twice.
  std::vector<int64_t> freed;
  size_t at = 0;
  for (RankedTensorType t : resultTypes) {
    int64_t alloc = p.results[at];
    at += 3 + 2 * t.getRank();
    bool owned =
        alloc != 0 && alloc != 0xdeadbeef && !llvm::is_contained(freed, alloc);
    for (auto [lo, hi] : p.inputRanges)
      owned &= alloc < lo || alloc >= hi;
    if (owned) {
      freed.push_back(alloc);
      std::free(reinterpret_cast<void *>(alloc));
    }
  }
}

llvm::Expected<std::vector<HostTensor>>
JitFunction::call(const std::vector<HostTensor> &inputs) {
  auto p = prepare(inputs);
  if (!p)
    return p.takeError();
  if (auto err = invoke(*p))
    return std::move(err);
  // Copy the results out, honouring offset and strides.
  std::vector<HostTensor> out;
  size_t at = 0;
  for (RankedTensorType t : resultTypes) {
    int64_t rank = t.getRank();
    int64_t *desc = &p->results[at];
    at += 3 + 2 * rank;
    HostTensor r;
    r.shape.assign(desc + 3, desc + 3 + rank);
    r.kind = *getElementKind(t.getElementType());
    unsigned width = getElementKindBytes(r.kind);
    int64_t count = 1;
    for (int64_t s : r.shape)
      count *= s;
    r.data.resize(count);
    auto *base = reinterpret_cast<const char *>(desc[1]) + desc[2] * width;
    for (int64_t flat = 0; flat < count; ++flat) {
      int64_t rem = flat, off = 0;
      for (int64_t d = rank - 1; d >= 0; --d) {
        off += (rem % r.shape[d]) * desc[3 + rank + d];
        rem /= r.shape[d];
      }
      r.data[flat] = decodeElement(base + off * width, r.kind);
    }
    out.push_back(std::move(r));
  }
  release(*p);
  return out;
}

llvm::Expected<std::vector<double>>
JitFunction::benchmark(const std::vector<HostTensor> &inputs, unsigned minRuns,
                       double minSeconds) {
  auto p = prepare(inputs);
  if (!p)
    return p.takeError();
  // Result buffers for the destination twin, touched once before the
  // timing, as a deployed caller's arrays are.
  std::vector<Prepared::Buffer> outputs;
  std::vector<std::vector<int64_t>> outputDescs;
  if (!destinationSymbol.empty()) {
    for (RankedTensorType t : resultTypes) {
      size_t bytes = t.getNumElements() *
                     getElementKindBytes(*getElementKind(t.getElementType()));
      auto desc = makeDescriptor(bytes, t.getShape(), outputs);
      if (!desc)
        return desc.takeError();
      std::memset(outputs.back().get(), 0, bytes);
      outputDescs.push_back(std::move(*desc));
    }
  }
  auto call = [&] { return invoke(*p, outputDescs); };
  auto done = [&] {
    if (destinationSymbol.empty())
      release(*p);
  };
  // One warm-up call, then timed calls (results freed outside the timing).
  if (auto err = call())
    return std::move(err);
  done();
  std::vector<double> ms;
  double total = 0;
  while ((ms.size() < minRuns || total < minSeconds) && ms.size() < 100000) {
    auto t0 = std::chrono::steady_clock::now();
    if (auto err = call())
      return std::move(err);
    auto t1 = std::chrono::steady_clock::now();
    done();
    double sec = std::chrono::duration<double>(t1 - t0).count();
    total += sec;
    ms.push_back(sec * 1e3);
  }
  return ms;
}
