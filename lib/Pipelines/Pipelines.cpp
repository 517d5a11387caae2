//===- Pipelines.cpp - deconv-opt's pass pipelines ------------------------===//

#include "deconv/Pipelines/Pipelines.h"

#include "deconv/Codegen/Passes.h"
#include "deconv/Conversion/Passes.h"
#include "deconv/Dialect/Deconv/Transforms/Passes.h"

#include "mlir/Conversion/Passes.h"
#include "mlir/Conversion/TosaToLinalg/TosaToLinalg.h"
#include "mlir/Dialect/Bufferization/Pipelines/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Dialect/SCF/Transforms/Passes.h"
#include "mlir/Dialect/Tosa/Transforms/Passes.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;

LogicalResult mlir::deconv::runLowerToLLVM(
    ModuleOp module, const LowerToLLVMOptions &options, bool verifyEach,
    function_ref<LogicalResult(PassManager &)> configure) {
  PassManager pm(module->getContext());
  pm.enableVerifier(verifyEach);
  if (configure && failed(configure(pm)))
    return failure();
  buildLowerToLLVMPipeline(pm, options);
  if (failed(pm.run(module)))
    return failure();
  return verifyEach ? success() : verify(module);
}

/// The f32 lanes the kernels are built for (16 when not set).
static int64_t getVectorWidth(const deconv::LowerToLLVMOptions &options) {
  return options.vectorWidth > 0 ? options.vectorWidth : 16;
}

void mlir::deconv::buildLowerToLLVMPipeline(OpPassManager &pm,
                                            const LowerToLLVMOptions &options) {
  // A TOSA program: its convolutions become deconv ops, the rest of it goes
  // through upstream's TOSA lowering (no-ops on deconv-only input).
  if (options.importTosa) {
    pm.addPass(createDeconvImportTosa());
    pm.addNestedPass<func::FuncOp>(
        tosa::createTosaOptionalDecompositionsPass());
    pm.addNestedPass<func::FuncOp>(tosa::createTosaToLinalgNamed());
    pm.addNestedPass<func::FuncOp>(tosa::createTosaToLinalg());
    pm.addNestedPass<func::FuncOp>(createTosaToArithPass());
    pm.addNestedPass<func::FuncOp>(createTosaToTensorPass());
  }
  pm.addPass(createDeconvInferShapes());
  pm.addNestedPass<func::FuncOp>(
      createDeconvWidenAccumulators(DeconvWidenAccumulatorsOptions{
          options.widenOperands,
          options.useBf16Dot() ? getVectorWidth(options) : 0}));
  // Dynamic sizes are checked where the deconv ops still say what they mean.
  pm.addPass(createDeconvRuntimeChecks());
  if (options.tileDynamicSpatial)
    pm.addNestedPass<func::FuncOp>(createDeconvTileDynamicSpatial());
  if (options.splitDynamicBatch)
    pm.addNestedPass<func::FuncOp>(createDeconvSplitDynamicBatch());
  if (options.splitGroups) {
    pm.addNestedPass<func::FuncOp>(createDeconvSplitGroups());
    pm.addNestedPass<func::FuncOp>(createDeconvExpandChannelMultiplier());
  }
  DeconvSelectStrategyOptions select;
  select.strategy = options.strategy;
  select.subpixelForm = options.subpixelForm;
  select.printDecisions = options.printKernelConfig;
  select.loopTileSizes.assign(options.loopTileSizes.begin(),
                              options.loopTileSizes.end());
  pm.addPass(createDeconvSelectStrategy(select));
  pm.addPass(createConvertDeconvToLinalg());
  pm.addNestedPass<func::FuncOp>(createConvertElementwiseToLinalgPass());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  if (options.vectorize) {
    VectorizeConvsOptions vectorize;
    vectorize.vectorWidth = getVectorWidth(options);
    vectorize.bf16Dot = options.useBf16Dot();
    vectorize.printConfig = options.printKernelConfig;
    // The strategies' filter transforms inside the per-image loops of
    // --deconv-split-dynamic-batch do not depend on the image (the kernels'
    // own packing is built outside those loops by --deconv-tile-convs).
    if (options.splitDynamicBatch || options.splitGroups ||
        options.tileDynamicSpatial)
      pm.addPass(createLoopInvariantCodeMotionPass());
    buildVectorizeConvsPipeline(pm.nest<func::FuncOp>(), vectorize);
    pm.addPass(createCanonicalizerPass());
    pm.addPass(createCSEPass());
  }

  pm.addPass(createDeconvBufferize());
  // Merges the twin subviews of each sub-pixel phase so that the copy of a
  // phase result onto itself folds away (the phase writes in place).
  pm.addPass(createCSEPass());
  pm.addPass(createCanonicalizerPass());
  if (options.vectorize) {
    int64_t lanes = getVectorWidth(options);
    pm.addNestedPass<func::FuncOp>(createDeconvVectorizeCopies({lanes}));
    pm.addNestedPass<func::FuncOp>(createDeconvVectorizePhaseGathers({lanes}));
  }
  // Functions the C interface asked a destination-passing twin of; before
  // deallocation, which then frees what a twin copies into its arguments.
  pm.addPass(createDeconvDestinationEntries());
  bufferization::buildBufferDeallocationPipeline(pm);
  // A result that aliases an argument (a function returning its input, or a
  // reshape of it) is returned as a clone: the caller owns every result.
  pm.addPass(createConvertBufferizationToMemRefPass());
  if (options.workspaces)
    pm.addPass(createDeconvPlanWorkspaces());
  if (options.outlineLoopNests)
    pm.addPass(createDeconvOutlineLoopNests());

  // The micro-kernels' tile loops (scf.forall) join the other parallel loops.
  if (options.parallel())
    pm.addPass(createForallToParallelLoopPass());
  else
    pm.addPass(createForallToForLoopPass());
  // Elementwise ops and copies stay serial loops: with OpenMP, their
  // collapsed element-wise index arithmetic costs more than it shares.
  pm.addNestedPass<func::FuncOp>(createConvertLinalgToLoopsPass());
  pm.addPass(createDeconvContractMultiplyAdd());
  if (options.parallel()) {
    // 0 threads: no num_threads clause, the runtime's team size.
    ConvertSCFToOpenMPPassOptions omp;
    omp.numThreads = options.numThreads;
    pm.addPass(createConvertSCFToOpenMPPass(omp));
    // Inlines the alloca scopes around loop bodies (they hold no allocas),
    // which must not have several blocks once scf lowers to cf.
    pm.addPass(createCanonicalizerPass());
  }
  pm.addPass(createLoopInvariantCodeMotionPass());
  // Vector transfers to 1-D loads/stores, fully unrolled so that no stack
  // buffer is left inside a loop.
  VectorTransferToSCFOptions vectorToSCF;
  vectorToSCF.unroll = true;
  pm.addPass(createConvertVectorToSCFPass(vectorToSCF));
  pm.addPass(createLowerAffinePass());
  pm.addPass(createSCFToControlFlowPass());
  pm.addPass(memref::createExpandStridedMetadataPass());
  pm.addPass(createLowerAffinePass());
  pm.addPass(math::createMathExpandOpsPass());
  pm.addPass(createConvertMathToLLVMPass());
  pm.addPass(createConvertMathToLibmPass());
  ConvertVectorToLLVMPassOptions vectorToLLVM;
  vectorToLLVM.x86Vector = options.useBf16Dot();
  pm.addPass(createConvertVectorToLLVMPass(vectorToLLVM));
  // Allocations go through the checked functions deconv-runtime-checks
  // defined, on aligned_alloc: LLVM then knows that buffers do not overlap.
  FinalizeMemRefToLLVMConversionPassOptions memrefToLLVM;
  memrefToLLVM.useGenericFunctions = true;
  memrefToLLVM.useAlignedAlloc = true;
  pm.addPass(createFinalizeMemRefToLLVMConversionPass(memrefToLLVM));
  pm.addPass(createArithToLLVMConversionPass());
  pm.addPass(createConvertIndexToLLVMPass());
  pm.addPass(createConvertControlFlowToLLVMPass());
  if (options.parallel())
    pm.addPass(createConvertOpenMPToLLVMPass());
  pm.addPass(createConvertFuncToLLVMPass());
  pm.addPass(createUBToLLVMConversionPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
  if (options.workspaces)
    pm.addPass(createDeconvCacheWorkspaces());
  if (options.statusEntries)
    pm.addPass(createDeconvStatusEntries());
}

void mlir::deconv::registerDeconvPipelines() {
  PassPipelineRegistration<LowerToLLVMOptions>(
      "deconv-lower-to-llvm",
      "The whole path from deconv/tensor (or TOSA) IR to the LLVM dialect: "
      "--deconv-import-tosa and upstream's TOSA lowering, "
      "--deconv-infer-shapes, --deconv-select-strategy (option strategy), "
      "--deconv-to-linalg, elementwise ops to linalg, one-shot "
      "bufferization (--deconv-bufferize), buffer deallocation, loops and the "
      "conversions to LLVM",
      buildLowerToLLVMPipeline);
}
