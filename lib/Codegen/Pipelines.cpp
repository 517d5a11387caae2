//===- Pipelines.cpp - The code generator's kernel pipeline ---------------===//

#include "deconv/Codegen/Passes.h"

#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"

using namespace mlir;

void mlir::deconv::buildVectorizeConvsPipeline(
    OpPassManager &pm, const VectorizeConvsOptions &options) {
  pm.addPass(createDeconvNormalizeConvRank());
  DeconvConfigureKernelsOptions configure;
  configure.vectorWidth = options.vectorWidth;
  configure.vectorRegisters = options.vectorRegisters;
  configure.l2CacheBytes = options.l2CacheBytes;
  configure.bf16Dot = options.bf16Dot;
  configure.printConfig = options.printConfig;
  pm.addPass(createDeconvConfigureKernels(configure));
  pm.addPass(createDeconvTileConvs());
  pm.addPass(createDeconvVectorizeDepthToSpace({options.vectorWidth}));
  pm.addPass(createDeconvPropagateLayouts());
  pm.addPass(createDeconvAssemblePhases());
  pm.addPass(createDeconvPackConstants());
  pm.addPass(createDeconvTileTransposes({options.vectorWidth}));
  pm.addPass(
      createDeconvVectorizeKernels({options.vectorWidth, options.bf16Dot}));
  pm.addPass(createDeconvForwardAccumulators());
  pm.addPass(createDeconvSkipInsertedZeros());
  pm.addPass(createDeconvLowerTransposes({options.vectorWidth}));
  pm.addPass(createDeconvFuseEpilogues());
}

void mlir::deconv::registerDeconvCodegenPipelines() {
  PassPipelineRegistration<VectorizeConvsOptions>(
      "deconv-vectorize-convs",
      "The code generator's kernel passes in order: "
      "--deconv-normalize-conv-rank, --deconv-configure-kernels, "
      "--deconv-tile-convs, --deconv-vectorize-depth-to-space, "
      "--deconv-propagate-layouts, "
      "--deconv-assemble-phases, --deconv-pack-constants, "
      "--deconv-tile-transposes, --deconv-vectorize-kernels, "
      "--deconv-forward-accumulators, --deconv-skip-inserted-zeros, "
      "--deconv-lower-transposes, --deconv-fuse-epilogues",
      buildVectorizeConvsPipeline);
}
