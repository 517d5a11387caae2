//===- deconv-run.cpp - JIT runner with .npy I/O --------------------------===//
//
// Compiles one function of an .mlir file in process (the --deconv-lower-to-llvm
// pipeline that deconv-compile uses, then MLIR's ExecutionEngine at -O3 for
// the host CPU), runs it on .npy or random inputs, writes .npy outputs, and
// optionally checks against the reference implementation or benchmarks.
//
//===----------------------------------------------------------------------===//

#include "deconv/Dialect/Deconv/IR/DeconvOps.h"
#include "deconv/Dialect/Deconv/Transforms/Passes.h"
#include "deconv/Dialect/Deconv/Transforms/Strategies.h"
#include "deconv/Import/OnnxImport.h"
#include "deconv/InitAllDeconv.h"
#include "deconv/Reference/Reference.h"
#include "deconv/Runtime/BakeArguments.h"
#include "deconv/Runtime/Jit.h"
#include "deconv/Runtime/Npy.h"
#include "deconv/Support/CommandLine.h"
#include "deconv/Target/CInterface.h"
#include "deconv/Target/NativeCodegen.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cmath>
#include <malloc.h>
#include <random>

using namespace mlir;
using namespace mlir::deconv;
namespace cl = llvm::cl;

static cl::OptionCategory category("deconv-run options");
static cl::opt<std::string> inputFile(cl::Positional,
                                      cl::desc("<input.mlir|model.onnx>"),
                                      cl::init("-"), cl::cat(category));
static cl::opt<std::string>
    entry("entry", cl::desc("Function to run (default: the only public one)"),
          cl::value_desc("name"), cl::cat(category));
static cl::list<std::string>
    inputs("input",
           cl::desc("An .npy file (C order, of the argument's element type: "
                    "'<f4' f32, '<f8' f64, '<f2' f16, '<u2' bf16 bits) or "
                    "ONNX TensorProto (.pb, in its own type) per function "
                    "argument, in argument order; repeat the flag"),
           cl::value_desc("file.npy|file.pb"), cl::cat(category));
static cl::opt<std::string> onnxElementType("element-type",
                                            cl::desc(kElementTypeHelp),
                                            cl::value_desc("type"),
                                            cl::cat(category));
static cl::opt<bool> convertInputs(
    "convert-inputs",
    cl::desc("Round input files whose element type differs from their "
             "argument's (an f32 .npy or ONNX .pb for an f16 argument, say) "
             "to the argument's type, to nearest even; without it they are "
             "an error"),
    cl::cat(category));
static cl::list<unsigned> constantInputs(
    "constant-input",
    cl::desc("Compile argument I (0-based) as a constant holding its input, "
             "as a deployed network's weights are: the layout work on it "
             "(packing filters for the micro-kernels) is then done at compile "
             "time, not at every call; the compiled function no longer takes "
             "it. Repeat the flag or give a comma-separated list"),
    cl::value_desc("I"), cl::CommaSeparated, cl::cat(category));
static cl::opt<bool>
    randomInputs("random-inputs",
                 cl::desc("Random arguments: filters and biases of deconv ops "
                          "like PyTorch's default initialisation (uniform in "
                          "+-1/sqrt(fan_in)), everything else uniform in "
                          "[-1, 1); dynamic dims get --dynamic-size"),
                 cl::cat(category));
static cl::opt<int64_t>
    dynamicSize("dynamic-size",
                cl::desc("Size of dynamic dims for --random-inputs"),
                cl::init(1), cl::cat(category));
static cl::opt<uint64_t> seed("seed", cl::desc("Seed for --random-inputs"),
                              cl::init(0), cl::cat(category));
static cl::list<std::string>
    outputs("output",
            cl::desc("Write result i to the i-th --output file (.npy of the "
                     "result's element type, bf16 as '<u2' bits); repeat the "
                     "flag"),
            cl::value_desc("file.npy"), cl::cat(category));
static StrategyCommandLine strategyOptions(category);
// libLLVM already registers a global "threads" option, so --threads=N is
// taken out of argv before cl parses it (see extractThreads) and documented in
// the overview.
static unsigned threads = 1;
static cl::opt<bool>
    useReference("reference",
                 cl::desc("Compute the results with the plain reference "
                          "implementation instead of compiled code"),
                 cl::cat(category));
static cl::opt<bool> check(
    "check",
    cl::desc("Also compute the reference results and compare; exit 1 if any "
             "value differs by more than --atol + --rtol * max|reference|"),
    cl::cat(category));
static cl::list<std::string> expects(
    "expect",
    cl::desc("Compare result i with the i-th --expect file (.npy or .pb) "
             "using the --check tolerances; exit 1 on a mismatch"),
    cl::value_desc("file.npy|file.pb"), cl::cat(category));
static cl::opt<double> absTol(
    "atol",
    cl::desc("Absolute tolerance of --check and --expect (default: the "
             "result type's, 1e-4 for f32, 1e-10 f64, 4e-3 f16, 3e-2 bf16)"),
    cl::init(0), cl::cat(category));
static cl::opt<double>
    relTol("rtol",
           cl::desc("Relative tolerance of --check and --expect (default: as "
                    "--atol's)"),
           cl::init(0), cl::cat(category));
static cl::opt<bool> benchmarkMode(
    "benchmark",
    cl::desc("Time the compiled function: one warm-up call, then at least "
             "--repetitions calls and 0.5 s; prints "
             "'median_ms=<float> gflops=<float> runs=<int> results=<where>'. "
             "A function with static shapes is called as deconv-compile's "
             "deconv_<f> is, writing into result buffers kept across the "
             "calls (results=caller); one with dynamic dims allocates its "
             "results at each call, as deconv_call_<f> does "
             "(results=callee; freed outside the timing)"),
    cl::cat(category));
static cl::opt<bool> perLayer(
    "per-layer",
    cl::desc("With --benchmark, also compile and time every conv and "
             "conv_transpose on its own (same options, the shapes the inputs "
             "give); prints one line per layer"),
    cl::cat(category));
static cl::opt<bool> printTimes(
    "print-times",
    cl::desc("With --benchmark, also print every timed call: "
             "'times_ms=<t1>,<t2>,...' (for harnesses that pool runs)"),
    cl::cat(category));
static cl::opt<unsigned> repetitions("repetitions",
                                     cl::desc("Minimum timed calls"),
                                     cl::init(10), cl::cat(category));
static cl::opt<int64_t> vectorWidth(
    "vector-width",
    cl::desc("f32 vector lanes for the micro-kernels (0: the host's, 16 with "
             "AVX-512, else 8)"),
    cl::init(0), cl::cat(category));
static cl::opt<unsigned> optLevel("O", cl::desc("LLVM optimization level"),
                                  cl::init(3), cl::cat(category));
static cl::opt<bool> verifyEach("verify-each", cl::desc(kVerifyEachDescription),
                                cl::init(false), cl::cat(category));

namespace {

constexpr const char *kNpyTypes =
    "'<f4' f32, '<f8' f64, '<f2' f16, '<u2' bf16 bits";

/// The default --atol and --rtol of a result type: a few units in the last
/// place of the type (results of f16 and bf16 ops are rounded once from f32
/// sums, the reference's once from exact ones), more for f32, whose sums
/// round at every step.
double getDefaultTolerance(ElementKind kind) {
  switch (kind) {
  case ElementKind::F32:
    return 1e-4;
  case ElementKind::F64:
    return 1e-10;
  case ElementKind::F16:
    return 4e-3;
  case ElementKind::BF16:
    return 3e-2;
  }
  return 1e-4;
}

/// A failed run-time check in the compiled code (a size it cannot run with,
/// a failed allocation): its message, then exit 1 instead of the abort.
void exitOnRuntimeError(const char *message) {
  llvm::outs().flush();
  llvm::errs() << "deconv-run: " << message;
  llvm::errs().flush();
  std::_Exit(1);
}

/// The largest tensor deconv-run will allocate (elements).
constexpr int64_t kMaxElements = int64_t(1) << 32;

int fail(const llvm::Twine &msg) {
  llvm::errs() << "deconv-run: error: " << msg << "\n";
  return 1;
}

/// A copy of `module` whose function `name` takes exactly the shapes of
/// `in`, with every result type inferred from them.
OwningOpRef<ModuleOp> specializeToInputs(ModuleOp module, StringRef name,
                                         const std::vector<HostTensor> &in) {
  OwningOpRef<ModuleOp> clone = module.clone();
  auto func = clone->lookupSymbol<func::FuncOp>(name);
  OpBuilder b(func.getBody());
  for (auto [arg, t] : llvm::zip(func.getArguments(), in)) {
    auto old = cast<RankedTensorType>(arg.getType());
    auto exact = RankedTensorType::get(t.shape, old.getElementType());
    if (exact == old)
      continue;
    arg.setType(exact);
    auto cast = tensor::CastOp::create(b, arg.getLoc(), old, arg);
    arg.replaceAllUsesExcept(cast, cast);
  }
  func.setType(b.getFunctionType(func.getBody().getArgumentTypes(),
                                 func.getResultTypes()));
  PassManager pm(clone->getContext());
  pm.addPass(createDeconvInferShapes(DeconvInferShapesOptions{false}));
  if (failed(pm.run(*clone)))
    return nullptr;
  return clone;
}

/// The useful FLOPs of one deconv op with static types (the suite's
/// definition: 2 * N * Cin * prod(I) * Cout/g * prod(K) for conv_transpose,
/// 2 * N * Cout * prod(O) * Cin/g * prod(K) for conv), or 0.
double usefulFlops(Operation *op) {
  if (!isa<ConvOp, ConvTransposeOp>(op))
    return 0;
  auto x = cast<RankedTensorType>(op->getOperand(0).getType());
  auto w = cast<RankedTensorType>(op->getOperand(1).getType());
  auto y = dyn_cast<RankedTensorType>(op->getResult(0).getType());
  if (!x.hasStaticShape() || !w.hasStaticShape() || !y || !y.hasStaticShape())
    return 0;
  double taps = 1, inPix = 1, outPix = 1;
  for (int64_t d = 2; d < x.getRank(); ++d) {
    taps *= w.getDimSize(d);
    inPix *= x.getDimSize(d);
    outPix *= y.getDimSize(d);
  }
  double groups = op->getAttrOfType<IntegerAttr>("groups").getInt();
  double n = x.getDimSize(0), cin = x.getDimSize(1), cout = y.getDimSize(1);
  return isa<ConvTransposeOp>(op)
             ? 2 * n * cin * inPix * (cout / groups) * taps
             : 2 * n * cout * outPix * (cin / groups) * taps;
}

double median(std::vector<double> times) {
  std::sort(times.begin(), times.end());
  size_t n = times.size();
  return n % 2 ? times[n / 2] : (times[n / 2 - 1] + times[n / 2]) / 2;
}

/// Compiles and times every deconv op of `func` on its own: a function of
/// the op's non-constant operands (constants stay constants, as in the
/// network), built with the same options. Prints one line per layer and a
/// total; returns false on a compile or run error.
bool benchmarkLayers(func::FuncOp func, const LowerToLLVMOptions &options) {
  MLIRContext *ctx = func.getContext();
  double totalMs = 0, totalFlops = 0;
  unsigned index = 0;
  bool ok = true;
  std::mt19937_64 rng(1);
  std::uniform_real_distribution<float> dist(-1, 1);
  func.walk([&](Operation *op) {
    if (!ok || !isa<ConvOp, ConvTransposeOp>(op))
      return;
    ++index;
    double flops = usefulFlops(op);
    if (flops == 0) {
      llvm::outs() << "layer " << index << ": skipped (dynamic shapes)\n";
      return;
    }
    OpBuilder b(ctx);
    OwningOpRef<ModuleOp> layer = ModuleOp::create(op->getLoc());
    b.setInsertionPointToEnd(layer->getBody());
    SmallVector<Type> argTypes;
    SmallVector<Value> args;
    for (Value v : op->getOperands())
      if (!v.getDefiningOp<arith::ConstantOp>()) {
        argTypes.push_back(v.getType());
        args.push_back(v);
      }
    auto f =
        func::FuncOp::create(b, op->getLoc(), "layer",
                             b.getFunctionType(argTypes, op->getResultTypes()));
    Block *body = f.addEntryBlock();
    b.setInsertionPointToEnd(body);
    IRMapping map;
    for (auto [v, arg] : llvm::zip(args, body->getArguments()))
      map.map(v, arg);
    for (Value v : op->getOperands())
      if (auto cst = v.getDefiningOp<arith::ConstantOp>())
        map.map(v, b.clone(*cst)->getResult(0));
    Operation *clone = b.clone(*op, map);
    func::ReturnOp::create(b, op->getLoc(), clone->getResults());

    std::string what = isa<ConvTransposeOp>(op) ? "conv_transpose" : "conv";
    if (auto t = dyn_cast<ConvTransposeOp>(clone))
      what +=
          " [" +
          stringifyTransposeStrategy(options.strategy == TransposeStrategy::Auto
                                         ? selectTransposeStrategy(t)
                                         : TransposeStrategy(options.strategy))
              .str() +
          "]";
    std::vector<HostTensor> in;
    for (Type t : argTypes) {
      HostTensor h;
      auto shaped = cast<RankedTensorType>(t);
      h.shape.assign(shaped.getShape().begin(), shaped.getShape().end());
      h.kind = *getElementKind(shaped.getElementType());
      h.data.resize(shaped.getNumElements());
      for (double &v : h.data)
        v = roundToElementKind(dist(rng), h.kind);
      in.push_back(std::move(h));
    }
    auto jit =
        JitFunction::compile(*layer, "layer", options, optLevel, verifyEach);
    if (!jit) {
      ok = false;
      fail(llvm::toString(jit.takeError()));
      return;
    }
    auto times = (*jit)->benchmark(in, repetitions, 0.5);
    if (!times) {
      ok = false;
      fail(llvm::toString(times.takeError()));
      return;
    }
    double ms = median(*times);
    totalMs += ms;
    totalFlops += flops;
    auto x = cast<RankedTensorType>(op->getOperand(0).getType());
    auto y = cast<RankedTensorType>(op->getResult(0).getType());
    llvm::outs() << llvm::format(
        "layer %u: %-28s %s -> %s  median_ms=%.3f "
        "gflops=%.2f\n",
        index, what.c_str(), formatShape(x.getShape()).c_str(),
        formatShape(y.getShape()).c_str(), ms, flops / (ms * 1e6));
  });
  if (ok && totalMs > 0)
    llvm::outs() << llvm::format("layers total: median_ms=%.3f gflops=%.2f\n",
                                 totalMs, totalFlops / (totalMs * 1e6));
  return ok;
}

void printSummary(const std::vector<HostTensor> &results, StringRef what) {
  for (auto [i, r] : llvm::enumerate(results)) {
    double sum = 0, lo = INFINITY, hi = -INFINITY;
    for (double v : r.data) {
      sum += v;
      lo = std::min<double>(lo, v);
      hi = std::max<double>(hi, v);
    }
    llvm::outs() << what << " " << i << ": " << formatShape(r.shape)
                 << llvm::format(" min=%.6g max=%.6g mean=%.6g", lo, hi,
                                 r.data.empty() ? 0.0 : sum / r.data.size())
                 << "\n";
  }
}

/// Compares results with `want` elementwise: |a - b| <= atol + rtol * S with
/// S = max |b| over the tensor's finite values (rounding errors of sums of
/// products scale with the terms, not with the result, which may cancel to
/// ~0); an infinity or NaN in `want` must be matched exactly (a NaN by any
/// NaN). Prints one line "<what>: PASS|FAIL max_abs_err=.. max_rel_err=.."
/// (error / S) and, on a mismatch, where the first one is.
bool compareResults(const std::vector<HostTensor> &got,
                    const std::vector<HostTensor> &want, StringRef what) {
  double maxAbs = 0, maxRel = 0;
  bool ok = got.size() == want.size();
  for (size_t i = 0; ok && i < got.size(); ++i) {
    const HostTensor &a = got[i], &b = want[i];
    if (a.shape != b.shape) {
      llvm::errs() << what << ": result " << i << " has shape "
                   << formatShape(a.shape) << ", expected "
                   << formatShape(b.shape) << "\n";
      ok = false;
      break;
    }
    double scale = 0;
    for (double v : b.data)
      if (std::isfinite(v))
        scale = std::max(scale, std::fabs(v));
    double tol = getDefaultTolerance(a.kind);
    double atol = absTol.getNumOccurrences() ? absTol : tol;
    double rtol = relTol.getNumOccurrences() ? relTol : tol;
    bool reported = false;
    for (size_t j = 0; j < a.data.size(); ++j) {
      double x = a.data[j], y = b.data[j];
      double diff = std::fabs(x - y);
      bool match = std::isfinite(y) ? diff <= atol + rtol * scale
                   : std::isnan(y)  ? std::isnan(x)
                                    : x == y;
      if (!match && !reported) {
        llvm::errs() << what << ": result " << i << " element " << j
                     << llvm::format(a.kind == ElementKind::F64
                                         ? " is %.17g, expected %.17g\n"
                                         : " is %.9g, expected %.9g\n",
                                     x, y);
        reported = true;
      }
      ok &= match;
      if (match && !std::isfinite(y))
        diff = 0;
      if (std::isnan(diff))
        diff = INFINITY;
      maxAbs = std::max(maxAbs, diff);
      maxRel = std::max(maxRel, scale > 0 ? diff / scale : diff);
    }
  }
  llvm::outs() << what
               << llvm::format(": %s max_abs_err=%.3e max_rel_err=%.3e\n",
                               ok ? "PASS" : "FAIL", maxAbs, maxRel);
  return ok;
}

} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  // Compiled functions allocate their results at every call. glibc serves
  // large blocks with fresh mmap'd pages, so every call would pay page faults
  // for megabytes; keeping them in the heap makes repeated calls reuse them.
  mallopt(M_MMAP_THRESHOLD, 1 << 30);
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
  if (!extractThreadsOption(argc, argv, threads))
    return fail(kThreadsError);
  // The usual pass-manager flags (--mlir-print-ir-after=PASS, ...) apply to
  // the lowering.
  // (Passes first: the flags' parsers list the registered pass names.)
  mlir::deconv::registerAllPasses();
  registerPassManagerCLOptions();
  registerAsmPrinterCLOptions();
  cl::HideUnrelatedOptions(category);
  cl::ParseCommandLineOptions(
      argc, argv,
      "deconv-run: compile one function of an .mlir file or an ONNX model "
      "(.onnx) in process and run it.\n\n"
      "Inputs come from --input=FILE.npy (one per argument, in order) or "
      "--random-inputs --seed=S; results go to --output=FILE.npy. The code is "
      "built with the same pipeline as deconv-compile (--deconv-lower-to-llvm "
      "with --strategy). --check compares with the plain reference "
      "implementation; --reference runs only the reference; --benchmark "
      "times the compiled code; libomp is loaded at run time when its loops "
      "run in parallel.\n\n" +
      std::string(kThreadsHelp) + "\n"
      "Example:\n"
      "  deconv-run net.mlir --entry=forward --random-inputs --seed=1 "
      "--check\n");
  setCodegenDefaults();

  if (!inputs.empty() && randomInputs)
    return fail("give either --input files or --random-inputs, not both");
  if (inputs.empty() && !randomInputs)
    return fail("no inputs: give one --input=FILE.npy per argument, or "
                "--random-inputs");
  if (useReference && benchmarkMode)
    return fail("--benchmark times compiled code; it cannot be combined with "
                "--reference");
  if (perLayer && !benchmarkMode)
    return fail("--per-layer needs --benchmark");
  if (repetitions < 1)
    return fail("--repetitions must be >= 1");
  if (vectorWidth != 0 && vectorWidth != 8 && vectorWidth != 16)
    return fail("--vector-width must be 8 or 16 (0: the host's), got " +
                llvm::Twine(vectorWidth));
  if (vectorWidth > getHostVectorWidth())
    return fail("--vector-width=" + llvm::Twine(vectorWidth) +
                " needs AVX-512 (avx512f), which this CPU does not have");

  DialectRegistry registry;
  registerJitDependencies(registry);
  MLIRContext context(registry);
  // Errors point at the source line; the whole op would only be noise.
  context.printOpOnDiagnostic(false);
  llvm::SourceMgr sourceMgr;
  SourceMgrDiagnosticHandler diagHandler(sourceMgr, &context);
  OnnxImportOptions importOptions;
  if (llvm::Error err = parseOnnxElementType(onnxElementType, importOptions))
    return fail(llvm::toString(std::move(err)));
  if (importOptions.elementType && !isOnnxModelFile(inputFile))
    return fail("--element-type applies to .onnx inputs");
  OwningOpRef<ModuleOp> module =
      loadInputModule(inputFile, &context, sourceMgr, importOptions);
  if (!module)
    return 1;

  // The entry: --entry, or the only public function.
  func::FuncOp func;
  if (!entry.empty()) {
    func = module->lookupSymbol<func::FuncOp>(entry);
    if (!func)
      return fail("no function named '" + entry + "' in " + inputFile);
  } else {
    for (auto f : module->getOps<func::FuncOp>())
      if (f.isPublic() && !f.isExternal()) {
        if (func)
          return fail("several public functions; choose one with --entry");
        func = f;
      }
    if (!func)
      return fail("no public function with a body in " + inputFile);
  }
  std::string name = func.getSymName().str();
  // Resolve unranked/dynamic results before looking at the signature.
  {
    PassManager pm(&context);
    pm.addPass(createDeconvInferShapes());
    if (failed(pm.run(*module)))
      return 1;
  }
  if (failed(verifyCInterfaceSignature(func)))
    return 1;

  // Inputs.
  std::vector<HostTensor> in;
  if (randomInputs) {
    if (dynamicSize < 1)
      return fail("--dynamic-size must be >= 1");
    std::mt19937_64 rng(seed);
    for (auto [i, t] : llvm::enumerate(func.getArgumentTypes())) {
      auto ranked = cast<RankedTensorType>(t);
      HostTensor h;
      int64_t count = 1;
      for (int64_t s : ranked.getShape())
        h.shape.push_back(ShapedType::isDynamic(s) ? dynamicSize : s);
      for (int64_t s : h.shape) {
        if (count != 0 && s > kMaxElements / count)
          return fail("argument " + llvm::Twine(i) + " (" +
                      formatShape(h.shape) +
                      ") has more elements than deconv-run will allocate (" +
                      llvm::Twine(kMaxElements) + ")");
        count *= s;
      }
      float bound = 1.0f;
      for (OpOperand &use : func.getArgument(i).getUses()) {
        Operation *user = use.getOwner();
        if (!isa<ConvOp, ConvTransposeOp>(user) || use.getOperandNumber() == 0)
          continue;
        // fan_in = weight.size(1) * prod(kernel), as torch.nn.init does for
        // both Conv and ConvTranspose weights; the bias uses the same bound.
        auto w = cast<RankedTensorType>(user->getOperand(1).getType());
        int64_t fanIn = 1;
        for (int64_t d = 1; d < w.getRank(); ++d)
          fanIn *= ShapedType::isDynamic(w.getDimSize(d)) ? 1 : w.getDimSize(d);
        // An empty filter has no fan-in: keep the default bound.
        if (fanIn > 0)
          bound = 1.0f / std::sqrt(static_cast<float>(fanIn));
      }
      std::uniform_real_distribution<float> dist(-bound, bound);
      h.kind = *getElementKind(ranked.getElementType());
      h.data.resize(count);
      for (double &v : h.data)
        v = roundToElementKind(dist(rng), h.kind);
      in.push_back(std::move(h));
    }
  } else {
    if (inputs.size() != func.getNumArguments())
      return fail("function '" + name + "' takes " +
                  llvm::Twine(func.getNumArguments()) + " argument(s), got " +
                  llvm::Twine(inputs.size()) + " --input file(s)");
    for (auto [i, path] : llvm::enumerate(inputs)) {
      auto t = readTensorFile(path);
      if (!t)
        return fail(llvm::toString(t.takeError()));
      Type elt =
          cast<RankedTensorType>(func.getArgumentTypes()[i]).getElementType();
      ElementKind want = *getElementKind(elt);
      if (t->kind != want) {
        if (!convertInputs)
          return fail("input " + llvm::Twine(i) + " ('" + path + "') holds " +
                      getElementKindName(t->kind) + " values, but argument " +
                      llvm::Twine(i) + " is " + getElementKindName(want) +
                      "; give a file of that type (" + kNpyTypes +
                      ") or --convert-inputs to round it");
        t->kind = want;
        for (double &v : t->data)
          v = roundToElementKind(v, want);
      }
      in.push_back(std::move(*t));
    }
  }
  for (auto [k, i] : llvm::enumerate(constantInputs)) {
    if (i >= func.getNumArguments())
      return fail("--constant-input=" + llvm::Twine(i) + ": function '" + name +
                  "' takes " + llvm::Twine(func.getNumArguments()) +
                  " argument(s)");
    if (llvm::is_contained(ArrayRef<unsigned>(constantInputs).take_front(k), i))
      return fail("--constant-input=" + llvm::Twine(i) + " is given twice");
  }
  if ((check || !expects.empty()) && func.getNumResults() == 0)
    return fail("function '" + name +
                "' has no results: --check and --expect have nothing to "
                "compare");
  if (outputs.size() > func.getNumResults())
    return fail("function '" + name + "' has " +
                llvm::Twine(func.getNumResults()) + " result(s), got " +
                llvm::Twine(outputs.size()) + " --output file(s)");

  // Every intermediate and result shape follows from the inputs' shapes:
  // infer them first, which diagnoses sizes that overflow, and refuse tensors
  // larger than deconv-run allocates before the reference or the compiled
  // code tries to.
  {
    SmallVector<RankedTensorType> argTypes;
    std::vector<std::string> names;
    for (auto [i, t] : llvm::enumerate(func.getArgumentTypes())) {
      argTypes.push_back(cast<RankedTensorType>(t));
      auto name = func.getArgAttrOfType<StringAttr>(i, kValueNameAttr);
      names.push_back(name ? name.str() : "");
    }
    if (llvm::Error err = checkInputsMatch(argTypes, in, names))
      return fail(llvm::toString(std::move(err)));
  }
  OwningOpRef<ModuleOp> specialized = specializeToInputs(*module, name, in);
  if (!specialized)
    return 1;
  WalkResult tooLarge =
      specialized->lookupSymbol<func::FuncOp>(name).walk([&](Operation *op) {
        for (Type t : op->getResultTypes()) {
          auto ranked = dyn_cast<RankedTensorType>(t);
          if (!ranked || !ranked.hasStaticShape() ||
              ranked.getNumElements() <= kMaxElements)
            continue;
          op->emitError("for these inputs this result would be ")
              << ranked << ", more elements than deconv-run will allocate ("
              << kMaxElements << ")";
          return WalkResult::interrupt();
        }
        return WalkResult::advance();
      });
  if (tooLarge.wasInterrupted())
    return 1;

  std::vector<HostTensor> results;
  std::optional<std::vector<HostTensor>> expected;
  if (useReference || check) {
    auto ref = reference::evaluate(func, in);
    if (!ref)
      return fail(llvm::toString(ref.takeError()));
    expected = std::move(*ref);
  }
  double flops = 0;
  specialized->lookupSymbol<func::FuncOp>(name).walk(
      [&](Operation *op) { flops += usefulFlops(op); });
  if (useReference) {
    results = std::move(*expected);
    expected.reset();
  } else {
    LowerToLLVMOptions options;
    strategyOptions.apply(options);
    options.numThreads = threads;
    options.vectorWidth = vectorWidth;
    if (!constantInputs.empty())
      bakeArguments(func, constantInputs, in);
    auto jit = JitFunction::compile(
        *module, name, options, optLevel, verifyEach,
        [](PassManager &pm) { return applyPassManagerCLOptions(pm); },
        exitOnRuntimeError);
    if (!jit)
      return fail(llvm::toString(jit.takeError()));
    auto r = (*jit)->call(in);
    if (!r)
      return fail(llvm::toString(r.takeError()));
    results = std::move(*r);
    if (benchmarkMode) {
      auto times = (*jit)->benchmark(in, repetitions, 0.5);
      if (!times)
        return fail(llvm::toString(times.takeError()));
      double ms = median(*times);
      llvm::outs() << llvm::format(
          "median_ms=%.6f gflops=%.3f runs=%zu results=%s\n", ms,
          flops / (ms * 1e6), times->size(),
          (*jit)->hasDestinationEntry() ? "caller" : "callee");
      if (printTimes) {
        llvm::outs() << "times_ms=";
        for (auto [i, t] : llvm::enumerate(*times))
          llvm::outs() << (i ? "," : "") << llvm::format("%.6f", t);
        llvm::outs() << "\n";
      }
      if (perLayer && specialized &&
          !benchmarkLayers(specialized->lookupSymbol<func::FuncOp>(name),
                           options))
        return 1;
    }
  }

  for (auto [path, r] : llvm::zip(outputs, results))
    if (auto err = writeNpy(path, r))
      return fail("cannot write '" + path +
                  "': " + llvm::toString(std::move(err)));
  if (!benchmarkMode)
    printSummary(results, useReference ? "reference result" : "result");

  if (!expects.empty()) {
    if (expects.size() > results.size())
      return fail("function '" + name + "' has " + llvm::Twine(results.size()) +
                  " result(s), got " + llvm::Twine(expects.size()) +
                  " --expect file(s)");
    std::vector<HostTensor> golden;
    for (const std::string &path : expects) {
      auto t = readTensorFile(path);
      if (!t)
        return fail(llvm::toString(t.takeError()));
      golden.push_back(std::move(*t));
    }
    std::vector<HostTensor> head(results.begin(),
                                 results.begin() + golden.size());
    if (!compareResults(head, golden, "expect"))
      return 1;
  }
  if (expected && !compareResults(results, *expected, "check"))
    return 1;
  return 0;
}
