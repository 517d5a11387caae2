//===- NativeCodegen.cpp - LLVM dialect to native code --------------------===//

#include "deconv/Target/NativeCodegen.h"

#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/Target/LLVMIR/Export.h"

#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Passes/OptimizationLevel.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/Target/TargetOptions.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/SubtargetFeature.h"
#include "llvm/TargetParser/Triple.h"

using namespace mlir;

static llvm::Error codegenError(const llvm::Twine &msg) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), msg);
}

llvm::Expected<std::unique_ptr<llvm::TargetMachine>>
mlir::deconv::createTargetMachine(llvm::StringRef cpu, unsigned optLevel) {
  llvm::InitializeNativeTarget();
  llvm::InitializeNativeTargetAsmPrinter();
  llvm::Triple triple(llvm::sys::getProcessTriple());
  std::string error;
  const llvm::Target *target =
      llvm::TargetRegistry::lookupTarget(triple, error);
  if (!target)
    return codegenError("no LLVM target for " + triple.str() + ": " + error);

  std::string cpuName = cpu.str();
  std::string features;
  if (cpu.empty() || cpu == "native") {
    cpuName = llvm::sys::getHostCPUName().str();
    llvm::SubtargetFeatures list;
    for (const auto &f : llvm::sys::getHostCPUFeatures())
      list.AddFeature(f.first(), f.second);
    features = list.getString();
  }
  // Checked before the target machine exists: creating one for an unknown
  // CPU prints LLVM's own warning (twice) before our error.
  {
    std::unique_ptr<llvm::MCSubtargetInfo> probe(
        target->createMCSubtargetInfo(triple, "", ""));
    if (probe && !probe->isCPUStringValid(cpuName))
      return codegenError("unknown CPU '" + cpuName + "' for " +
                          triple.str() +
                          " (try --mcpu=native, or an LLVM CPU name such as "
                          "znver3, haswell, x86-64-v3)");
  }
  auto level = optLevel >= 3   ? llvm::CodeGenOptLevel::Aggressive
               : optLevel == 2 ? llvm::CodeGenOptLevel::Default
               : optLevel == 1 ? llvm::CodeGenOptLevel::Less
                               : llvm::CodeGenOptLevel::None;
  std::unique_ptr<llvm::TargetMachine> tm(target->createTargetMachine(
      triple, cpuName, features, llvm::TargetOptions(), llvm::Reloc::PIC_,
      std::nullopt, level));
  if (!tm)
    return codegenError("cannot create a target machine for " + triple.str());
  if (!tm->getMCSubtargetInfo()->isCPUStringValid(cpuName))
    return codegenError("unknown CPU '" + cpuName + "' for " + triple.str() +
                        " (try --mcpu=native, or an LLVM CPU name such as "
                        "znver3, haswell, x86-64-v3)");
  return std::move(tm);
}

std::function<llvm::Error(llvm::Module *)>
mlir::deconv::makeLLVMOptimizer(unsigned optLevel, llvm::TargetMachine *tm) {
  return [optLevel, tm](llvm::Module *module) -> llvm::Error {
    llvm::PipelineTuningOptions tuning;
    tuning.LoopUnrolling = false;
    tuning.LoopVectorization = optLevel > 1;
    tuning.SLPVectorization = optLevel > 1;
    llvm::LoopAnalysisManager lam;
    llvm::FunctionAnalysisManager fam;
    llvm::CGSCCAnalysisManager cgam;
    llvm::ModuleAnalysisManager mam;
    // IndVarSimplify is skipped: on the hundreds of small loop nests a
    // network lowers to it took 60 % of -O3's time (1.6 of 2.6 s on the
    // DCGAN generator) and the generated code ran no slower without it.
    llvm::PassInstrumentationCallbacks pic;
    pic.registerShouldRunOptionalPassCallback(
        [](llvm::StringRef pass, llvm::Any) {
          return pass != "IndVarSimplifyPass";
        });
    llvm::PassBuilder pb(tm, tuning, std::nullopt, &pic);
    pb.registerModuleAnalyses(mam);
    pb.registerCGSCCAnalyses(cgam);
    pb.registerFunctionAnalyses(fam);
    pb.registerLoopAnalyses(lam);
    pb.crossRegisterProxies(lam, fam, cgam, mam);
    static const llvm::OptimizationLevel levels[] = {
        llvm::OptimizationLevel::O0, llvm::OptimizationLevel::O1,
        llvm::OptimizationLevel::O2, llvm::OptimizationLevel::O3};
    llvm::OptimizationLevel level = levels[std::min(optLevel, 3u)];
    llvm::ModulePassManager mpm = optLevel == 0
                                      ? pb.buildO0DefaultPipeline(level)
                                      : pb.buildPerModuleDefaultPipeline(level);
    mpm.run(*module, mam);
    return llvm::Error::success();
  };
}

void mlir::deconv::setCodegenDefaults() {
  auto &options = llvm::cl::getRegisteredOptions();
  auto it = options.find("disable-lsr");
  if (it != options.end())
    (void)it->second->addOccurrence(0, "disable-lsr", "true");
}

void mlir::deconv::setTargetAttributes(llvm::Module &module,
                                       llvm::TargetMachine &tm) {
  module.setTargetTriple(tm.getTargetTriple());
  module.setDataLayout(tm.createDataLayout());
  for (llvm::Function &f : module) {
    if (f.isDeclaration())
      continue;
    f.addFnAttr("target-cpu", tm.getTargetCPU());
    if (!tm.getTargetFeatureString().empty())
      f.addFnAttr("target-features", tm.getTargetFeatureString());
  }
}

llvm::Expected<std::unique_ptr<llvm::Module>>
mlir::deconv::translateAndOptimize(ModuleOp module, llvm::LLVMContext &context,
                                   llvm::TargetMachine &tm, unsigned optLevel) {
  std::unique_ptr<llvm::Module> llvmModule =
      translateModuleToLLVMIR(module, context, "deconv");
  if (!llvmModule)
    return codegenError("translation to LLVM IR failed");
  setTargetAttributes(*llvmModule, tm);
  auto optimize = makeLLVMOptimizer(optLevel, &tm);
  if (llvm::Error err = optimize(llvmModule.get()))
    return std::move(err);
  return std::move(llvmModule);
}

llvm::Error mlir::deconv::emitMachineCode(llvm::Module &module,
                                          llvm::TargetMachine &tm,
                                          bool assembly,
                                          llvm::raw_pwrite_stream &os) {
  llvm::legacy::PassManager pm;
  auto kind = assembly ? llvm::CodeGenFileType::AssemblyFile
                       : llvm::CodeGenFileType::ObjectFile;
  if (tm.addPassesToEmitFile(pm, os, nullptr, kind))
    return codegenError("the target cannot emit this file type");
  pm.run(module);
  return llvm::Error::success();
}
