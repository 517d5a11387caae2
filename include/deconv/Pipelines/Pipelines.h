//===- Pipelines.h - deconv-opt's pass pipelines ----------------*- C++ -*-===//
//
// --deconv-lower-to-llvm: from deconv/tensor IR to the LLVM dialect. The
// tools (deconv-run, deconv-compile) run exactly this pipeline.
//
//===----------------------------------------------------------------------===//

#ifndef DECONV_PIPELINES_PIPELINES_H
#define DECONV_PIPELINES_PIPELINES_H

#include "deconv/Dialect/Deconv/Transforms/Strategies.h"
#include "deconv/Support/CommandLine.h"

#include "mlir/Pass/PassOptions.h"
#include "mlir/Support/LLVM.h"

#include <string>

namespace mlir {
class ModuleOp;
class OpPassManager;
class PassManager;
namespace deconv {

struct LowerToLLVMOptions : public PassPipelineOptions<LowerToLLVMOptions> {
  PassOptions::Option<TransposeStrategy> strategy{
      *this, "strategy", llvm::cl::desc("The conv_transpose strategy"),
      llvm::cl::init(TransposeStrategy::Auto), getTransposeStrategyValues()};
  PassOptions::Option<SubpixelForm> subpixelForm{
      *this, "subpixel-form", llvm::cl::desc("Form of the sub-pixel strategy"),
      llvm::cl::init(SubpixelForm::Auto), getSubpixelFormValues()};
  PassOptions::ListOption<int64_t> loopTileSizes{
      *this, "loop-tile-sizes",
      llvm::cl::desc("Tile sizes [N, Cout, O...] for ops lowered to loops")};
  PassOptions::Option<unsigned> numThreads{
      *this, "threads",
      llvm::cl::desc("Threads: 1 emits serial loops; N > 1 runs the "
                     "parallel loops on an OpenMP team of N threads; 0 runs "
                     "them on the team the OpenMP runtime picks at each call "
                     "(OMP_NUM_THREADS, omp_set_num_threads). Other than 1, "
                     "the object needs libomp"),
      llvm::cl::init(1)};
  /// Whether the lowering emits OpenMP parallel loops.
  bool parallel() const { return numThreads != 1; }
  PassOptions::Option<bool> widenOperands{
      *this, "widen-operands",
      llvm::cl::desc("Run f16 and bf16 convolutions on f32 copies of their "
                     "input and filter, so that the f32 kernels apply "
                     "(--deconv-widen-accumulators=operands=1); their sums "
                     "are f32 either way"),
      llvm::cl::init(true)};
  PassOptions::Option<int> bf16Dot{
      *this, "bf16-dot",
      llvm::cl::desc("1: bf16 convolutions with an even number of input "
                     "channels per group run on AVX512_BF16's dot product "
                     "(vdpbf16ps; the target must have it), their operands "
                     "kept bf16; 0: on f32 copies of their operands "
                     "(widen-operands); -1: the tools (deconv-run, "
                     "deconv-compile) decide from the target CPU, the "
                     "pipeline alone takes it as 0"),
      llvm::cl::init(-1)};
  /// Whether bf16 convolutions use the dot product.
  bool useBf16Dot() const { return bf16Dot > 0; }
  PassOptions::Option<bool> tileDynamicSpatial{
      *this, "tile-dynamic-spatial",
      llvm::cl::desc("Compute convolutions of dynamic spatial lengths in "
                     "static tiles, on the static kernels "
                     "(--deconv-tile-dynamic-spatial)"),
      llvm::cl::init(true)};
  PassOptions::Option<bool> splitDynamicBatch{
      *this, "split-dynamic-batch",
      llvm::cl::desc("Run convolutions whose only dynamic dim is the batch "
                     "image by image, on the static kernels "
                     "(--deconv-split-dynamic-batch)"),
      llvm::cl::init(true)};
  PassOptions::Option<bool> splitGroups{
      *this, "split-groups",
      llvm::cl::desc("Run grouped convolutions on the vector kernels: one "
                     "ungrouped op per group when groups have several input "
                     "channels (--deconv-split-groups), a depthwise op of a "
                     "repeated input for channel multipliers "
                     "(--deconv-expand-channel-multiplier)"),
      llvm::cl::init(true)};
  PassOptions::Option<bool> outlineLoopNests{
      *this, "outline-loop-nests",
      llvm::cl::desc("One function per top-level loop nest, so that LLVM's "
                     "time grows linearly with the network "
                     "(--deconv-outline-loop-nests)"),
      llvm::cl::init(true)};
  PassOptions::Option<bool> workspaces{
      *this, "workspaces",
      llvm::cl::desc("Each function's static temporaries in one workspace, "
                     "kept between calls (--deconv-plan-workspaces, "
                     "--deconv-cache-workspaces)"),
      llvm::cl::init(true)};
  PassOptions::Option<bool> vectorize{
      *this, "vectorize",
      llvm::cl::desc("Register-tiled vector micro-kernels for the "
                     "convolutions that qualify (--deconv-vectorize-convs)"),
      llvm::cl::init(true)};
  PassOptions::Option<int64_t> vectorWidth{
      *this, "vector-width",
      llvm::cl::desc("f32 lanes of the target's vectors (16 with AVX-512, 8 "
                     "with AVX2); 0: the tools set it from the target CPU"),
      llvm::cl::init(0)};
  PassOptions::Option<bool> printKernelConfig{
      *this, "print-kernel-config",
      llvm::cl::desc("Emit a remark per conv_transpose with the strategy "
                     "and sub-pixel form chosen and why "
                     "(--deconv-select-strategy's print-decisions), and one "
                     "per convolution with the kernel and tile chosen, or why "
                     "it runs scalar loops (--deconv-configure-kernels' "
                     "print-config)"),
      llvm::cl::init(false)};
  PassOptions::Option<bool> statusEntries{
      *this, "status-entries",
      llvm::cl::desc("Add, next to each C interface wrapper, an entry point "
                     "that returns run-time errors as a status instead of "
                     "aborting (--deconv-status-entries; deconv-compile's "
                     "objects have them)"),
      llvm::cl::init(false)};
  PassOptions::Option<bool> importTosa{
      *this, "import-tosa",
      llvm::cl::desc("Start with --deconv-import-tosa, then upstream's "
                     "TOSA lowering (tosa-optional-decompositions, "
                     "tosa-to-linalg(-named), tosa-to-arith, tosa-to-tensor) "
                     "for what is left, so that TOSA programs compile"),
      llvm::cl::init(true)};
};

/// Appends the whole path to the LLVM dialect: shape inference, run-time
/// checks of dynamic sizes (deconv-runtime-checks), the conv_transpose
/// strategy, deconv.conv to linalg, elementwise ops to linalg,
/// one-shot bufferization (deconv-bufferize), buffer deallocation, loops, and
/// the conversions to the LLVM dialect.
void buildLowerToLLVMPipeline(OpPassManager &pm,
                              const LowerToLLVMOptions &options);

/// Runs buildLowerToLLVMPipeline on `module`: the driver of deconv-compile
/// and the JIT. The IR is verified after every pass with `verifyEach`,
/// otherwise once, after the last (per-pass verification was most of the
/// lowering's time). `configure` may instrument the pass manager first
/// (timing, the mlir-opt style command-line options).
LogicalResult
runLowerToLLVM(ModuleOp module, const LowerToLLVMOptions &options,
               bool verifyEach,
               function_ref<LogicalResult(PassManager &)> configure = nullptr);

/// The tools' --strategy and --subpixel-form options, in `category`: the
/// same names, values and help as the pipeline's.
struct StrategyCommandLine {
  llvm::cl::opt<TransposeStrategy, false, EnumOptionParser<TransposeStrategy>>
      strategy;
  llvm::cl::opt<SubpixelForm, false, EnumOptionParser<SubpixelForm>>
      subpixelForm;

  explicit StrategyCommandLine(llvm::cl::OptionCategory &category)
      : strategy("strategy", llvm::cl::desc("The conv_transpose strategy:"),
                 llvm::cl::init(TransposeStrategy::Auto),
                 getTransposeStrategyValues(), llvm::cl::cat(category)),
        subpixelForm("subpixel-form",
                     llvm::cl::desc("Form of the sub-pixel strategy:"),
                     llvm::cl::init(SubpixelForm::Auto),
                     getSubpixelFormValues(), llvm::cl::cat(category)) {}

  /// Sets the pipeline's strategy options from the command line.
  void apply(LowerToLLVMOptions &options) const {
    options.strategy = strategy.getValue();
    options.subpixelForm = subpixelForm.getValue();
  }
};

/// Registers --deconv-lower-to-llvm.
void registerDeconvPipelines();

} // namespace deconv
} // namespace mlir

#endif // DECONV_PIPELINES_PIPELINES_H
