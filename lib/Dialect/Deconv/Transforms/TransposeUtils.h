//===- TransposeUtils.h - Helpers shared by the strategies ------*- C++ -*-===//

#ifndef DECONV_LIB_TRANSFORMS_TRANSPOSEUTILS_H
#define DECONV_LIB_TRANSFORMS_TRANSPOSEUTILS_H

#include "deconv/Dialect/Deconv/IR/DeconvOps.h"
#include "deconv/Dialect/Deconv/Transforms/Strategies.h"
#include "deconv/Dialect/Deconv/Utils/ConstantGather.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir::deconv {

/// Taps first, first + step, ... (count of them) of one spatial dim.
struct TapSelection {
  int64_t first;
  int64_t step;
  int64_t count;
};

/// The deconv.conv filter [Cout, Cin/g, count...] of a conv_transpose filter
/// [Cin, Cout/g, K...]: per group, input and output channels swap and the
/// selected taps are taken in reverse order:
///   out[g*Cout/g + co, ci, m] = w[g*Cin/g + ci, co, first + (count-1-m)*step]
/// Constant filters are transformed here, at compile time.
Value buildTransposedFilter(OpBuilder &b, Location loc, Value filter,
                            int64_t groups, ArrayRef<TapSelection> taps);

/// The filters of all sub-pixel phases of an ungrouped conv_transpose whose
/// strides divide its kernel, stacked on the output channels for one batched
/// deconv.conv-layout filter [S*Cout, Cin, T...] (S = prod(s), T = K / s):
///   out[(rho_1..rho_k)*Cout + co, ci, m] = w[ci, co, rho + (T-1-m)*s]
/// with the phases in row-major order. With `channelMajor` the channel
/// comes first instead, co * S + (rho_1..rho_k): the phases of a channel are
/// then adjacent, and a channels-last result holds runs of s_k outputs that
/// are adjacent in the output row. Constant filters are folded here.
Value buildPhaseStackedFilter(OpBuilder &b, Location loc, Value filter,
                              ArrayRef<int64_t> strides,
                              bool channelMajor = false);

/// The window [start, start + extent) of each spatial dim of a channels-first
/// tensor, reading zeros outside the tensor (crop and zero-pad in one).
Value extractZeroPaddedWindow(OpBuilder &b, Location loc, Value input,
                              ArrayRef<int64_t> start,
                              ArrayRef<OpFoldResult> extent);

/// The reified output sizes of `op` and its accumulator (bias broadcast or
/// zeros), built before `op`.
FailureOr<Value> buildTransposeInit(OpBuilder &b, ConvTransposeOp op,
                                    SmallVectorImpl<OpFoldResult> &outSizes);

/// Driver of the strategy passes: lowers every conv_transpose under `root`
/// with the strategy `choose` picks for it; an op that cannot be lowered gets
/// "cannot be lowered <how>: <reason>" and the pass fails.
LogicalResult
lowerAllTransposes(Operation *root, StringRef how,
                   function_ref<TransposeStrategy(ConvTransposeOp)> choose,
                   ArrayRef<int64_t> loopTileSizes = {},
                   SubpixelForm subpixelForm = SubpixelForm::Auto);

} // namespace mlir::deconv

#endif // DECONV_LIB_TRANSFORMS_TRANSPOSEUTILS_H
