//===- deconv-compile.cpp - deconv IR to native code with a C ABI ---------===//
//
// Lowers every public function of an .mlir file with --deconv-lower-to-llvm
// (the pipeline deconv-run uses), translates to LLVM IR, optimizes at -O3 for
// the chosen CPU and emits an object, a shared library, assembly, LLVM IR or
// the LLVM-dialect module, plus a C header that documents the ABI. Outputs
// are written only when everything succeeded: a failure leaves no file.
//
//===----------------------------------------------------------------------===//

#include "deconv/Dialect/Deconv/Transforms/Passes.h"
#include "deconv/Dialect/Deconv/Transforms/Strategies.h"
#include "deconv/Import/OnnxImport.h"
#include "deconv/InitAllDeconv.h"
#include "deconv/Pipelines/Pipelines.h"
#include "deconv/Runtime/BakeArguments.h"
#include "deconv/Runtime/Jit.h"
#include "deconv/Support/CommandLine.h"
#include "deconv/Target/CInterface.h"
#include "deconv/Target/NativeCodegen.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Support/Timing.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"

using namespace mlir;
using namespace mlir::deconv;
namespace cl = llvm::cl;

namespace {

enum class EmitKind { Object, Shared, Assembly, LLVMIR, MLIR };

cl::OptionCategory category("deconv-compile options");
cl::opt<std::string> inputFile(cl::Positional,
                               cl::desc("<input.mlir|model.onnx>"),
                               cl::init("-"), cl::cat(category));
cl::opt<std::string> onnxElementType("element-type", cl::desc(kElementTypeHelp),
                                     cl::value_desc("type"), cl::cat(category));
cl::list<unsigned> constantInputs(
    "constant-input",
    cl::desc("Compile argument I (0-based) of the function as a constant "
             "holding the matching --input file, as trained weights are: "
             "filters are then packed at compile time and the exported "
             "function no longer takes the argument. Repeat the flag or give "
             "a comma-separated list"),
    cl::value_desc("I"), cl::CommaSeparated, cl::cat(category));
cl::list<std::string>
    constantFiles("input",
                  cl::desc("The tensor (.npy or ONNX TensorProto .pb) of each "
                           "--constant-input, in the same order"),
                  cl::value_desc("file"), cl::cat(category));
cl::opt<std::string> outputFile("o",
                                cl::desc("Output file ('-' for stdout, text "
                                         "kinds only)"),
                                cl::value_desc("file"), cl::init("-"),
                                cl::cat(category));
cl::opt<EmitKind> emit(
    "emit",
    cl::desc("What to write (default: by the -o file's extension: .so "
             "shared, .s asm, .ll llvm, .mlir mlir, anything else obj)"),
    cl::init(EmitKind::Object),
    cl::values(
        clEnumValN(EmitKind::Object, "obj",
                   "a relocatable object (.o), position independent (default)"),
        clEnumValN(EmitKind::Shared, "shared",
                   "a shared library (.so), linked by the system C compiler"),
        clEnumValN(EmitKind::Assembly, "asm", "assembly text (.s)"),
        clEnumValN(EmitKind::LLVMIR, "llvm",
                   "LLVM IR after -O optimization (.ll)"),
        clEnumValN(EmitKind::MLIR, "mlir",
                   "the LLVM-dialect module before translation (.mlir)")),
    cl::cat(category));
cl::opt<std::string>
    headerFile("header",
               cl::desc("Also write a C header (C99 and C++) declaring the "
                        "exported functions and documenting the ABI"),
               cl::value_desc("file.h"), cl::cat(category));
cl::list<std::string>
    entries("entry",
            cl::desc("Export only this function (repeatable; default: every "
                     "public function with a body)"),
            cl::value_desc("name"), cl::cat(category));
static StrategyCommandLine strategyOptions(category);
cl::opt<std::string>
    mcpu("mcpu",
         cl::desc("Target CPU: native (the host CPU and its features, the "
                  "default) or an LLVM CPU name (znver3, haswell, "
                  "x86-64-v3, ...)"),
         cl::init("native"), cl::cat(category));
cl::opt<unsigned> optLevel("O", cl::desc("LLVM optimization level (0-3)"),
                           cl::init(3), cl::Prefix, cl::cat(category));
cl::opt<bool> verifyEach("verify-each", cl::desc(kVerifyEachDescription),
                         cl::init(false), cl::cat(category));
// --threads=N is taken out of argv by extractThreadsOption (libLLVM owns a
// global "threads" option); documented in the overview.
unsigned threads = 1;

const std::string overview =
    std::string(
        "deconv-compile: compile deconv IR or an ONNX model (.onnx) to native\n"
        "code with a C interface.\n\n"
        "Every public func.func with a body (or each --entry) is lowered with\n"
        "--deconv-lower-to-llvm, optimized by LLVM at -O3 for --mcpu and "
        "emitted\n"
        "as --emit=obj|shared|asm|llvm|mlir. Functions take and return ranked\n"
        "f32, f64, f16 or bf16 tensors; --header writes the C declarations and "
        "documents the ABI\n"
        "(memref descriptors, callee-allocated results freed with free()). "
        "The\n"
        "object needs only libc and libm, plus libomp (-lomp) when its loops "
        "run\n"
        "in parallel (--threads other than 1).\n\n") +
    kThreadsHelp +
    "\n"
    "--mlir-timing prints the time of every pass and of the LLVM steps.\n"
    "A failure prints a diagnostic, exits with 1 and writes no file.\n\n"
    "Example:\n"
    "  deconv-compile net.mlir -o net.o --header=net.h\n"
    "  cc -O2 main.c net.o -lm -o main\n";

int fail(const llvm::Twine &msg) {
  llvm::errs() << "deconv-compile: error: " << msg << "\n";
  return 1;
}

/// Applies --constant-input / --input to the function they name: the one
/// --entry, else the module's only function with a body.
LogicalResult bakeConstantInputs(ModuleOp module) {
  if (constantInputs.empty() && constantFiles.empty())
    return success();
  if (constantInputs.size() != constantFiles.size()) {
    fail("give one --input file per --constant-input (" +
         llvm::Twine(constantInputs.size()) + " and " +
         llvm::Twine(constantFiles.size()) + ")");
    return failure();
  }
  func::FuncOp func;
  if (entries.size() == 1) {
    func = module.lookupSymbol<func::FuncOp>(entries[0]);
    if (!func || func.isExternal()) {
      fail("--constant-input: no function with a body named '" + entries[0] +
           "'");
      return failure();
    }
  } else {
    for (auto f : module.getOps<func::FuncOp>())
      if (!f.isExternal()) {
        if (func) {
          fail("--constant-input needs one --entry or a module with one "
               "function");
          return failure();
        }
        func = f;
      }
  }
  if (!func) {
    fail("--constant-input: no function with a body");
    return failure();
  }
  std::vector<HostTensor> in(func.getNumArguments());
  for (auto [k, i] : llvm::enumerate(constantInputs)) {
    if (i >= func.getNumArguments()) {
      fail("--constant-input=" + llvm::Twine(i) + ": function '" +
           func.getSymName() + "' takes " +
           llvm::Twine(func.getNumArguments()) + " argument(s)");
      return failure();
    }
    if (llvm::is_contained(ArrayRef<unsigned>(constantInputs).take_front(k),
                           i)) {
      fail("--constant-input=" + llvm::Twine(i) + " is given twice");
      return failure();
    }
    auto t = readTensorFile(constantFiles[k]);
    if (!t) {
      fail(llvm::toString(t.takeError()));
      return failure();
    }
    auto declared = cast<RankedTensorType>(func.getArgumentTypes()[i]);
    bool fits = int64_t(t->shape.size()) == declared.getRank();
    for (size_t d = 0; fits && d < t->shape.size(); ++d)
      fits = declared.isDynamicDim(d) || declared.getDimSize(d) == t->shape[d];
    if (!fits) {
      fail("--input " + constantFiles[k] + " has shape " +
           formatShape(t->shape) + ", argument " + llvm::Twine(i) +
           " is declared " +
           llvm::Twine(formatShape(std::vector<int64_t>(
               declared.getShape().begin(), declared.getShape().end()))));
      return failure();
    }
    // Weights stored in another float type (f32 for a bf16 network, say)
    // are rounded to the argument's type here, once.
    t->kind = *getElementKind(declared.getElementType());
    for (double &v : t->data)
      v = roundToElementKind(v, t->kind);
    in[i] = std::move(*t);
  }
  bakeArguments(func, constantInputs, in);
  return success();
}

/// Writes `data` to `path` atomically enough for our promise: the file is
/// created only here, and removed again if writing fails.
LogicalResult writeFile(StringRef path, StringRef data) {
  std::string error;
  auto out = openOutputFile(path, &error);
  if (!out) {
    fail(error);
    return failure();
  }
  out->os() << data;
  out->os().flush();
  if (out->os().has_error()) {
    fail("cannot write '" + path + "': " + out->os().error().message());
    out->os().clear_error();
    return failure();
  }
  out->keep();
  return success();
}

/// Links `object` into the shared library `output` with the system C
/// compiler ($CC, clang-22, cc or gcc).
LogicalResult linkShared(StringRef object, StringRef output) {
  std::vector<std::string> candidates;
  if (const char *cc = std::getenv("CC"))
    candidates.push_back(cc);
  candidates.insert(candidates.end(), {"clang-22", "cc", "gcc"});
  std::string linker;
  for (const std::string &c : candidates)
    if (auto path = llvm::sys::findProgramByName(c)) {
      linker = *path;
      break;
    }
  if (linker.empty()) {
    fail("--emit=shared needs a C compiler to link (set CC, or install "
         "clang-22 or gcc)");
    return failure();
  }
  std::vector<std::string> args = {linker,       "-shared",    "-o",
                                   output.str(), object.str(), "-lm"};
  if (threads != 1)
    args.push_back("-lomp");
  SmallVector<StringRef> argRefs(args.begin(), args.end());
  std::string error;
  int rc = llvm::sys::ExecuteAndWait(linker, argRefs, std::nullopt, {}, 0, 0,
                                     &error);
  if (rc != 0) {
    llvm::sys::fs::remove(output);
    fail("linking the shared library failed (" + linker +
         (error.empty() ? "" : ": " + error) + ")");
    return failure();
  }
  return success();
}

/// Makes the MLIR options that matter for this tool visible in --help.
void showMlirOptions() {
  auto &options = cl::getRegisteredOptions();
  for (StringRef name :
       {"mlir-timing", "mlir-timing-display", "mlir-print-ir-after-all",
        "mlir-print-ir-before-all", "mlir-print-ir-after-failure",
        "mlir-disable-threading", "mlir-pass-statistics",
        "mlir-print-debuginfo"}) {
    auto it = options.find(name);
    if (it == options.end())
      continue;
    it->second->setHiddenFlag(cl::NotHidden);
    it->second->addCategory(category);
  }
}

} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  if (!extractThreadsOption(argc, argv, threads))
    return fail(kThreadsError);
  // (Passes first: --mlir-print-ir-after and friends list the registered
  // pass names.)
  mlir::deconv::registerAllPasses();
  registerAsmPrinterCLOptions();
  registerMLIRContextCLOptions();
  registerPassManagerCLOptions();
  registerDefaultTimingManagerCLOptions();
  cl::HideUnrelatedOptions(category);
  showMlirOptions();
  cl::ParseCommandLineOptions(argc, argv, overview);
  setCodegenDefaults();
  // Without --emit, the output's extension says what to write.
  if (emit.getNumOccurrences() == 0) {
    StringRef ext = llvm::sys::path::extension(outputFile);
    if (ext == ".so")
      emit = EmitKind::Shared;
    else if (ext == ".s")
      emit = EmitKind::Assembly;
    else if (ext == ".ll")
      emit = EmitKind::LLVMIR;
    else if (ext == ".mlir")
      emit = EmitKind::MLIR;
  }

  if (optLevel > 3)
    return fail("-O" + llvm::Twine(optLevel) + " is not a level; use 0 to 3");
  bool binary = emit == EmitKind::Object || emit == EmitKind::Shared;
  if (binary && outputFile == "-")
    return fail("--emit=obj and --emit=shared write a file: give -o FILE");

  DefaultTimingManager tm;
  applyDefaultTimingManagerCLOptions(tm);
  TimingScope timing = tm.getRootScope();

  // Check the target first: a bad --mcpu should not wait for the lowering.
  auto machine = createTargetMachine(mcpu, optLevel);
  if (!machine)
    return fail(llvm::toString(machine.takeError()));

  DialectRegistry registry;
  registerJitDependencies(registry);
  MLIRContext context(registry);
  // Errors point at the source line; the whole op would only be noise.
  context.printOpOnDiagnostic(false);
  llvm::SourceMgr sourceMgr;
  SourceMgrDiagnosticHandler diagHandler(sourceMgr, &context);
  OwningOpRef<ModuleOp> module;
  {
    TimingScope parseTiming = timing.nest("Parse and verify");
    OnnxImportOptions importOptions;
    if (llvm::Error err = parseOnnxElementType(onnxElementType, importOptions))
      return fail(llvm::toString(std::move(err)));
    if (importOptions.elementType && !isOnnxModelFile(inputFile))
      return fail("--element-type applies to .onnx inputs");
    module = loadInputModule(inputFile, &context, sourceMgr, importOptions);
    if (!module)
      return 1;
  }
  if (failed(bakeConstantInputs(*module)))
    return 1;

  std::vector<ExportedFunction> exported;
  {
    TimingScope lowerTiming = timing.nest("Lower to the LLVM dialect");
    // Shape inference first, so the interface sees the inferred results.
    PassManager infer(&context);
    infer.enableTiming(lowerTiming);
    if (failed(applyPassManagerCLOptions(infer)))
      return 1;
    infer.addPass(createDeconvInferShapes());
    if (failed(infer.run(*module)))
      return 1;
    std::vector<std::string> names(entries.begin(), entries.end());
    auto prepared = prepareCInterface(*module, names, /*entryPoints=*/true);
    if (failed(prepared))
      return 1;
    exported = std::move(*prepared);

    LowerToLLVMOptions options;
    strategyOptions.apply(options);
    options.numThreads = threads;
    options.statusEntries = true;
    options.vectorWidth =
        (*machine)->getMCSubtargetInfo()->checkFeatures("+avx512f") ? 16 : 8;
    options.bf16Dot =
        (*machine)->getMCSubtargetInfo()->checkFeatures("+avx512bf16");
    auto configure = [&](PassManager &pm) {
      pm.enableTiming(lowerTiming);
      return applyPassManagerCLOptions(pm);
    };
    if (failed(runLowerToLLVM(*module, options, verifyEach, configure)) ||
        failed(finalizeExportedSymbols(*module)))
      return 1;
  }

  std::string header;
  if (!headerFile.empty()) {
    llvm::raw_string_ostream os(header);
    StringRef guard = llvm::sys::path::filename(headerFile);
    HeaderTarget target;
    target.cpu = (*machine)->getTargetCPU().str();
    // The x86 features that decide whether the code runs, in
    // __builtin_cpu_supports' names (LLVM feature, builtin name).
    static const std::pair<const char *, const char *> known[] = {
        {"sse4.2", "sse4.2"},     {"avx", "avx"},
        {"avx2", "avx2"},         {"fma", "fma"},
        {"f16c", "f16c"},         {"avx512f", "avx512f"},
        {"avx512bw", "avx512bw"}, {"avx512dq", "avx512dq"},
        {"avx512vl", "avx512vl"}, {"avx512bf16", "avx512bf16"}};
    const llvm::MCSubtargetInfo *sti = (*machine)->getMCSubtargetInfo();
    for (auto [llvmName, builtinName] : known)
      if (sti->checkFeatures(std::string("+") + llvmName))
        target.features.push_back(builtinName);
    emitCHeader(exported, guard, llvm::sys::path::filename(inputFile), threads,
                target,
                os);
  }

  std::string text;
  llvm::SmallString<0> code;
  if (emit == EmitKind::MLIR) {
    llvm::raw_string_ostream os(text);
    module->print(os);
  } else {
    llvm::LLVMContext llvmContext;
    std::unique_ptr<llvm::Module> llvmModule;
    {
      TimingScope llvmTiming = timing.nest("LLVM translation and -O3");
      auto translated =
          translateAndOptimize(*module, llvmContext, **machine, optLevel);
      if (!translated)
        return fail(llvm::toString(translated.takeError()));
      llvmModule = std::move(*translated);
    }
    if (emit == EmitKind::LLVMIR) {
      llvm::raw_string_ostream os(text);
      llvmModule->print(os, nullptr);
    } else {
      TimingScope codegenTiming = timing.nest("Machine code generation");
      llvm::raw_svector_ostream os(code);
      if (auto err = emitMachineCode(*llvmModule, **machine,
                                     emit == EmitKind::Assembly, os))
        return fail(llvm::toString(std::move(err)));
    }
  }

  // Write the outputs only now, when nothing can fail before them.
  TimingScope writeTiming = timing.nest("Write outputs");
  if (emit == EmitKind::Shared) {
    llvm::SmallString<128> object;
    if (auto ec =
            llvm::sys::fs::createTemporaryFile("deconv-compile", "o", object))
      return fail("cannot create a temporary object: " + ec.message());
    llvm::FileRemover removeObject(object);
    if (failed(writeFile(object, code)) ||
        failed(linkShared(object, outputFile)))
      return 1;
  } else if (failed(writeFile(outputFile, code.empty() ? StringRef(text)
                                                       : StringRef(code)))) {
    return 1;
  }
  if (!headerFile.empty() && failed(writeFile(headerFile, header))) {
    if (outputFile != "-")
      llvm::sys::fs::remove(outputFile);
    return 1;
  }
  return 0;
}
