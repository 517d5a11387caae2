//===- FuzzPipeline.cpp - What every deconv fuzzer runs on its input ------===//

#include "FuzzPipeline.h"

#include "deconv/Dialect/Deconv/Transforms/Passes.h"
#include "deconv/InitAllDeconv.h"
#include "deconv/Pipelines/Pipelines.h"
#include "deconv/Target/CInterface.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassInstrumentation.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Target/LLVMIR/Dialect/All.h"
#include "mlir/Target/LLVMIR/Export.h"

#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Support/xxhash.h"

#include <cstdlib>

using namespace mlir;

namespace {

/// A pass that succeeds must leave IR that verifies: the pass manager's own
/// verifier would only turn that into a quiet failure, so check here and
/// abort, which libFuzzer reports as a crash.
struct VerifyAfterEachPass : public PassInstrumentation {
  void runAfterPass(Pass *pass, Operation *op) override {
    // The verifier's own message says what is wrong: print it, past the
    // handler that swallows the inputs' expected diagnostics.
    std::string message;
    ScopedDiagnosticHandler print(op->getContext(), [&](Diagnostic &d) {
      llvm::raw_string_ostream os(message);
      os << d.getLocation() << ": " << d << "\n";
      return success();
    });
    if (succeeded(verify(op)))
      return;
    llvm::errs() << "deconv-fuzz: pass '" << pass->getArgument()
                 << "' succeeded but left invalid IR: " << message;
    abort();
  }
};

const DialectRegistry &getRegistry() {
  static DialectRegistry *registry = [] {
    auto *r = new DialectRegistry();
    // What users' input contains; the passes load the dialects they create.
    deconv::registerAllDialects(*r);
    registerAllDialects(*r);
    registerAllExtensions(*r);
    registerAllToLLVMIRTranslations(*r);
    return r;
  }();
  return *registry;
}

LogicalResult runPipeline(ModuleOp module, const deconv::LowerToLLVMOptions &o,
                          bool inferOnly) {
  PassManager pm(module->getContext());
  pm.enableVerifier(false);
  pm.addInstrumentation(std::make_unique<VerifyAfterEachPass>());
  if (inferOnly)
    pm.addPass(deconv::createDeconvInferShapes());
  else
    deconv::buildLowerToLLVMPipeline(pm, o);
  return pm.run(module);
}

} // namespace

bool mlir::deconv::fuzz::runFuzzPipeline(llvm::StringRef text) {
  MLIRContext context(getRegistry(), MLIRContext::Threading::DISABLED);
  context.printOpOnDiagnostic(false);
  // Diagnostics are the expected outcome of most inputs: swallow them.
  ScopedDiagnosticHandler quiet(&context,
                                [](Diagnostic &) { return success(); });

  OwningOpRef<ModuleOp> module = parseSourceString<ModuleOp>(text, &context);
  if (!module || failed(verify(*module)))
    return false;
  if (failed(runPipeline(*module, {}, /*inferOnly=*/true)))
    return true;

  // Only functions the C interface accepts are exported, as the tools do.
  std::vector<std::string> entries;
  for (auto f : module->getOps<func::FuncOp>())
    if (!f.isExternal() && succeeded(deconv::verifyCInterfaceSignature(f)))
      entries.push_back(f.getSymName().str());

  static const char *strategies[] = {"auto", "zero-insertion", "subpixel",
                                     "loops"};
  // Two of the four configurations per input, by a hash of it: a replay of
  // the seed corpus (every IR test's case) lowers each seed twice, not four
  // times, and the mutants of one seed still reach all four.
  size_t half = llvm::xxh3_64bits(text) % 2;
  for (auto [i, strategy] : llvm::enumerate(strategies)) {
    if (i % 2 != half)
      continue;
    OwningOpRef<ModuleOp> clone = cast<ModuleOp>((*module)->clone());
    if (!entries.empty() && failed(deconv::prepareCInterface(*clone, entries)))
      continue;
    deconv::LowerToLLVMOptions options;
    options.strategy = *parseTransposeStrategy(strategy);
    options.numThreads = i % 2 ? 2 : 1;
    options.vectorWidth = i < 2 ? 16 : 8;
    // Lowered only, so the bf16 dot-product kernels need no host support.
    options.bf16Dot = i == 0 || i == 3;
    if (failed(runPipeline(*clone, options, /*inferOnly=*/false)))
      continue;
    llvm::LLVMContext llvmContext;
    (void)translateModuleToLLVMIR(*clone, llvmContext);
  }
  return true;
}
