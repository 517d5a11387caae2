//===- Strategies.h - The three conv_transpose lowerings --------*- C++ -*-===//
//
// Each strategy rewrites one deconv.conv_transpose in place. The passes
// (--deconv-transpose-to-{conv,subpixel,loops}, --deconv-select-strategy) are
// thin drivers over these functions, which embedders can call directly.
//
//===----------------------------------------------------------------------===//

#ifndef DECONV_DIALECT_DECONV_TRANSFORMS_STRATEGIES_H
#define DECONV_DIALECT_DECONV_TRANSFORMS_STRATEGIES_H

#include "deconv/Dialect/Deconv/IR/DeconvOps.h"
#include "deconv/Support/ConvGeometry.h"
#include "mlir/IR/PatternMatch.h"

#include "llvm/Support/CommandLine.h"

#include <optional>

namespace mlir::deconv {

/// The three lowerings of a conv_transpose, or Auto: chosen per op by
/// selectTransposeStrategy.
enum class TransposeStrategy { Auto, ZeroInsertion, Subpixel, Loops };

/// The two forms of strategy 2. Per phase: one stride-1 convolution per
/// output phase on the original input, written straight into the strided
/// output positions. Batched (ungrouped, static shapes, dilation 1, strides
/// dividing the kernel, so that all phases have the same taps): one
/// convolution with the phases stacked on the output channels, then one
/// depth-to-space gather into the output; it computes a few positions past
/// the output's edges (the surplus) but reads the input once, runs one large
/// convolution instead of S small ones and has no phase limit.
/// DepthToSpace: where every output is a whole number of strides long
/// (dilation 1, one group), output position m's phases are side by side in
/// the output: one contraction over positions, phases and taps whose result,
/// reshaped, is the output.
enum class SubpixelForm { Auto, Batched, PerPhase, DepthToSpace };

/// The option values naming the strategies ("auto", "zero-insertion",
/// "subpixel", "loops") and the sub-pixel forms ("auto", "batched",
/// "per-phase"), with their help text: the one list that the passes, the
/// --deconv-lower-to-llvm pipeline and the tools take their options from.
llvm::cl::ValuesClass getTransposeStrategyValues();
llvm::cl::ValuesClass getSubpixelFormValues();

std::optional<TransposeStrategy> parseTransposeStrategy(StringRef name);
StringRef stringifyTransposeStrategy(TransposeStrategy strategy);
std::optional<SubpixelForm> parseSubpixelForm(StringRef name);
StringRef stringifySubpixelForm(SubpixelForm form);

/// Limits of the strategies that unroll per-phase work at compile time: the
/// sub-pixel rewrite emits one convolution per phase with taps, the loops
/// rewrite a table of `stride` entries per spatial dim. Zero insertion has no
/// such limit. One-shot bufferization of the phases' slices of one output
/// grows about 4x per doubling of the phases: after `--deconv-lower-to-llvm`
/// with the per-phase form, a 2-D layer (16x16 input, 64 -> 32 channels,
/// kernel 2s) took 1.7 s to compile at 16 phases, 5.4 s at 32 and 23 s at
/// 64; a 3x3 input with 3 channels, 59 s at 64. Hence the phase
/// limit, and auto's switch to the batched form above
/// kMaxAutoPerPhaseSubpixelPhases.
constexpr int64_t kMaxSubpixelPhases = 32;
constexpr int64_t kMaxLoopsStride = 65536;

/// Why `op` cannot be lowered by any strategy (unranked result, dynamic filter
/// shape) or, given one, by `strategy` (the limits above; for sub-pixel, in
/// `form`), or an empty string.
std::string
getTransposeLoweringBlocker(ConvTransposeOp op,
                            std::optional<TransposeStrategy> strategy = {},
                            std::optional<SubpixelForm> form = {});

/// Strategy 1: zero insertion into a zero tensor, pad/crop, flipped and
/// per-group in/out-swapped filter, then deconv.conv with stride 1.
LogicalResult lowerTransposeByZeroInsertion(RewriterBase &rewriter,
                                            ConvTransposeOp op);

/// Auto takes the batched form when its computed / needed outputs are at most
/// kMaxBatchedSubpixelSurplus and the layer has at most
/// kMaxBatchedSubpixelCout output channels, or when the per-phase form would
/// have more than kMaxAutoPerPhaseSubpixelPhases phases. Measured: the
/// batched form wins where each phase alone is a convolution too narrow to
/// fill a vector (3 output channels: about 1.9x faster) and loses where the
/// phases are wider (32 to 512 output channels: 1.05x to 2x slower), whose
/// S-times larger stacked weights fall out of cache and whose per-phase
/// outputs are assembled with vector stores.
constexpr double kMaxBatchedSubpixelSurplus = 1.3;
constexpr int64_t kMaxBatchedSubpixelCout = 16;
/// Above this many phases auto takes the batched form whenever it applies,
/// for compile time (see kMaxSubpixelPhases; the batched form compiled the
/// layers measured there in 0.25 s). Their run time, batched / per-phase,
/// one thread, constant weights: 1.23 at 16 phases, 0.70 at 32, 1.23 at 64.
constexpr int64_t kMaxAutoPerPhaseSubpixelPhases = 16;

/// The batched form stacks each channel's phases together (channel-major)
/// when the innermost stride is at least this: a channels-last result then
/// holds runs of that many outputs adjacent in an output row, and the
/// interleave is a transpose that moves whole runs instead of a gather of
/// single elements.
constexpr int64_t kMinChannelMajorStride = 8;

/// Per spatial dim, the depth-to-space form's geometry, if `op` can take
/// that form: one group, static shapes, one floating-point element type,
/// dilation 1, every output a whole number of strides long, at most
/// kMaxDepthToSpaceTaps taps per phase and kMaxDepthToSpaceFormPhases
/// phases (PhaseTapsDim): the filter is padded to whole strides of taps, so
/// a huge stride would make a huge filter.
std::optional<SmallVector<PhaseTapsDim>>
getDepthToSpaceGeometry(ConvTransposeOp op);
constexpr int64_t kMaxDepthToSpaceTaps = 64;
constexpr int64_t kMaxDepthToSpaceFormPhases = 1024;

/// Auto takes the depth-to-space form where each kernel equals its stride
/// (one tap per phase, nothing padded) for 2-D and 3-D f32 layers (the
/// element type its kernel has) with at most kMaxDepthToSpaceCin input
/// channels and kMaxDepthToSpacePhases phases: its kernel keeps NCHW and writes
/// each output once, where the other forms transpose the input and the output.
/// With more input channels those passes are small next to the FMAs, and
/// the kernel's packed input rows fall out of L1; with more phases each
/// input vector feeds too few FMAs per broadcast. Measured (1 thread, k2 s2
/// unless said): 128 -> 64 channels at 196x196 21 ms against 27 ms per
/// phase, 64 -> 32 at 100x100 1.46 / 1.95 ms, 128 -> 64 at 2x37x45 1.45 /
/// 1.94 ms, 3-D 2x2x2 64 -> 32 at 16^3 1.24-1.31 / 1.45 ms; but 256 -> 128
/// at 56x56 7.1 / 6.1 ms, 512 -> 256 at 28x28 12.8 / 5.2 ms, k4 s4
/// (16 phases) 64 -> 32 at 40x40 1.12 / 0.91 ms, and 1-D 128 -> 64 at 2048
/// 0.61-0.64 against 0.58-0.59 ms (one row: its parallel tiles are channel
/// groups, each packing the input again).
bool prefersDepthToSpace(ConvTransposeOp op, ArrayRef<PhaseTapsDim> dims);
constexpr int64_t kMaxDepthToSpaceCin = 128;
constexpr int64_t kMaxDepthToSpacePhases = 8;

/// Where the batched form does not apply or pay (its rule comes first),
/// auto takes the depth-to-space form with taps for 2-D and 3-D f32 layers
/// with at most kMaxDepthToSpaceTapsCin input channels, 2 to
/// kMaxDepthToSpacePhases phases and rows of at least
/// kMinDepthToSpaceTapsPositions positions (twice as many outputs): a
/// chunk's packed input rows then stay in L1 and its vectors are full.
/// Measured against the per-phase form (1 thread, k3 s2 p1 op1 unless said):
/// 64 -> 16 channels at 128x128 2.0 / 3.0 ms, 16 -> 8 at 100x100 0.18 /
/// 0.47, 64 -> 32 at 64x64 0.93 / 1.05, k4 s2 p1 32 -> 32 at 64x64 0.82 /
/// 0.85 (2 threads: 0.42 / 0.48); but 128 -> 16 at 32x32 0.29 / 0.24,
/// 96 -> 48 at 50x50 1.59 / 1.44, 256 -> 128 at 28x28 4.1 / 2.5, and 1-D
/// k4 s2 p1 128 -> 64 at 4096 2.1 / 2.0.
bool prefersDepthToSpaceTaps(ConvTransposeOp op, ArrayRef<PhaseTapsDim> dims);
constexpr int64_t kMaxDepthToSpaceTapsCin = 64;
constexpr int64_t kMinDepthToSpaceTapsPositions = 32;

/// Per spatial dim, the batched form's geometry, if `op` can take that form.
std::optional<SmallVector<BatchedSubpixelDim>>
getBatchedSubpixelGeometry(ConvTransposeOp op);
/// Outputs the batched form computes / outputs of `op`.
double getBatchedSubpixelSurplus(ConvTransposeOp op,
                                 ArrayRef<BatchedSubpixelDim> dims);
/// The phases with taps of `op`, or `cap + 1` if there are more than `cap`.
int64_t countSubpixelPhases(ConvTransposeOp op, int64_t cap);
/// Why the per-phase form cannot take `op` (kMaxSubpixelPhases), or "".
std::string getSubpixelPhaseLimitBlocker(ConvTransposeOp op);

/// Strategy 2 in `form`; Auto as described above.
LogicalResult lowerTransposeBySubpixel(RewriterBase &rewriter,
                                       ConvTransposeOp op,
                                       SubpixelForm form = SubpixelForm::Auto);

/// Strategy 3: a gather-form linalg.generic over the output, tiled over
/// output tiles [N, Cout, O_1..O_k] (0 = not tiled; missing entries are 0).
LogicalResult lowerTransposeToLoops(RewriterBase &rewriter, ConvTransposeOp op,
                                    ArrayRef<int64_t> tileSizes);

/// The default tile sizes of strategy 3.
SmallVector<int64_t> getDefaultLoopTileSizes(unsigned spatialRank);

/// A strategy chosen for an op, and why (for remarks).
struct TransposeChoice {
  TransposeStrategy strategy;
  std::string reason;
};

/// The rule: stride 1 in every dim is a plain convolution with a flipped
/// filter (zero insertion inserts nothing); 2-D depthwise layers with a row
/// stride of at least 2 and a column stride of 2 to 4 take zero insertion too
/// (the depthwise kernel skips the inserted zero rows); everything else to
/// sub-pixel; the next strategy within its limits above
/// where the choice is beyond them.
TransposeChoice chooseTransposeStrategy(ConvTransposeOp op);
TransposeStrategy selectTransposeStrategy(ConvTransposeOp op);

/// The sub-pixel form `op` takes when `form` is requested (Auto as described
/// above), and why.
struct TransposeFormChoice {
  SubpixelForm form;
  std::string reason;
};
TransposeFormChoice chooseSubpixelForm(ConvTransposeOp op, SubpixelForm form);

/// Lowers `op` with `strategy` (Auto: selectTransposeStrategy's).
LogicalResult lowerTranspose(RewriterBase &rewriter, ConvTransposeOp op,
                             TransposeStrategy strategy,
                             ArrayRef<int64_t> loopTileSizes = {},
                             SubpixelForm subpixelForm = SubpixelForm::Auto);

} // namespace mlir::deconv

#endif // DECONV_DIALECT_DECONV_TRANSFORMS_STRATEGIES_H
