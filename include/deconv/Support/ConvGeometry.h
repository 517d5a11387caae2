//===- ConvGeometry.h - Output-size and index arithmetic --------*- C++ -*-===//
//
// The one place where deconv-opt computes convolution geometry: output sizes,
// validity of parameters and shapes, and the index maps the lowerings use.
// The verifier, shape inference, reification and every lowering call this, so
// they cannot disagree. It depends on LLVM Support only (no MLIR), which keeps
// it usable from unit tests and runtime tools.
//
// Semantics are PyTorch's Conv/ConvTranspose and ONNX's Conv/ConvTranspose
// (written out in the ops' descriptions, DeconvOps.td).
//
//===----------------------------------------------------------------------===//

#ifndef DECONV_SUPPORT_CONVGEOMETRY_H
#define DECONV_SUPPORT_CONVGEOMETRY_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <limits>
#include <optional>
#include <string>

namespace mlir::deconv {

/// Marker for a size that is not known statically. Equal to
/// mlir::ShapedType::kDynamic (checked where both are visible).
inline constexpr int64_t kDynamicSize = std::numeric_limits<int64_t>::min();

inline bool isDynamicSize(int64_t size) { return size == kDynamicSize; }

enum class ConvKind { Conv, ConvTranspose };

/// Parameters of one spatial dimension.
struct SpatialParams {
  int64_t stride = 1;
  int64_t dilation = 1;
  int64_t padLo = 0;
  int64_t padHi = 0;
  int64_t outputPadding = 0; // ConvTranspose only.
};

/// All parameters of one op, with defaults already filled in.
struct ConvParams {
  ConvKind kind = ConvKind::Conv;
  llvm::SmallVector<int64_t, 3> strides;
  llvm::SmallVector<int64_t, 3> dilations;
  /// ONNX order: all begins, then all ends (2 * spatial rank values).
  llvm::SmallVector<int64_t, 6> padding;
  llvm::SmallVector<int64_t, 3> outputPadding;
  int64_t groups = 1;

  /// Default parameters (stride 1, dilation 1, no padding, 1 group).
  static ConvParams getDefault(ConvKind kind, unsigned spatialRank);

  unsigned getSpatialRank() const { return strides.size(); }
  /// Parameters of spatial dim `d`. Requires validated lengths.
  SpatialParams dim(unsigned d) const;
};

/// The output length along one spatial dim as an affine function of the input
/// length I and the kernel length K:
///   O = floorDiv(inCoeff * I + kernelCoeff * K + constant, divisor) + 1.
/// Both static evaluation and the reification of dynamic sizes (as affine
/// maps) use this one formula.
struct OutputSizeFormula {
  int64_t inCoeff;
  int64_t kernelCoeff;
  int64_t constant;
  int64_t divisor;
};

/// The formula for one spatial dim; nullopt if its coefficients overflow.
std::optional<OutputSizeFormula> getOutputSizeFormula(ConvKind kind,
                                                      const SpatialParams &p);

/// Evaluates `f` on static sizes; nullopt on int64 overflow.
std::optional<int64_t> evaluate(const OutputSizeFormula &f, int64_t in,
                                int64_t kernel);

/// Convenience: the output length of one spatial dim for static sizes, or
/// nullopt on overflow. Does not check that the result is positive.
std::optional<int64_t> computeOutputSize(ConvKind kind, int64_t in,
                                         int64_t kernel,
                                         const SpatialParams &p);

/// The input lengths [first, second] of one spatial dim for which the output
/// length is >= 1 and its formula does not overflow int64 (it is monotone in
/// the input length); nullopt if no input length qualifies. The run-time
/// checks of dynamic sizes compare against these bounds.
std::optional<std::pair<int64_t, int64_t>>
getValidInputSizeRange(ConvKind kind, int64_t kernel, const SpatialParams &p);

/// How output tiles of a fixed length along one spatial dim are computed from
/// windows of the input. Tile t (outputs [t * tile, t * tile + tile)) is the
/// same op, with stride and dilation unchanged, padding (padLo, padHi) and no
/// output padding, applied to the `windowLength` inputs starting at input
/// index `t * inputStep + windowOffset`; window positions before 0 or past
/// the input's end are zeros. Every tile is then one static op, whatever the
/// input length.
struct OutputTileWindow {
  int64_t inputStep;
  int64_t windowOffset;
  int64_t windowLength;
  int64_t padLo;
  int64_t padHi;
};

/// The windows of output tiles of `tile` positions (for a transposed conv, a
/// multiple of the stride), or nullopt when a tile op would need negative
/// padding (a transposed conv whose stride exceeds its dilated kernel).
std::optional<OutputTileWindow> getOutputTileWindow(ConvKind kind,
                                                    int64_t kernel,
                                                    const SpatialParams &p,
                                                    int64_t tile);

/// Floor division and the matching non-negative remainder (divisor > 0).
int64_t floorDiv(int64_t a, int64_t b);
int64_t floorMod(int64_t a, int64_t b);

/// Checks attribute lengths and values against the spatial rank. The message
/// names the attribute and the offending values.
llvm::Error verifyParams(const ConvParams &params, unsigned spatialRank);

/// Shapes of the operands; kDynamicSize marks unknown sizes.
struct ConvShapes {
  llvm::SmallVector<int64_t, 5> input;
  llvm::SmallVector<int64_t, 5> filter;
  std::optional<llvm::SmallVector<int64_t, 1>> bias;
  /// Bytes per element: the static sizes of every operand and of the
  /// result must fit in a buffer whose size in bytes int64 can count.
  int64_t elementBytes = 4;
};

/// Validates parameters and shapes together and returns the output shape
/// [N, Cout, O_1..O_k] (kDynamicSize where not statically known). Every
/// failure carries a message meant for users: what is wrong, with the values.
llvm::Expected<llvm::SmallVector<int64_t, 5>>
inferOutputShape(const ConvParams &params, const ConvShapes &shapes);

/// Number of output channels implied by the filter shape (kDynamicSize if
/// unknown); nullopt on overflow.
std::optional<int64_t> getOutputChannels(ConvKind kind,
                                         llvm::ArrayRef<int64_t> filterShape,
                                         int64_t groups);

/// Product of sizes, nullopt on overflow or if any size is dynamic.
std::optional<int64_t> getNumElements(llvm::ArrayRef<int64_t> shape);

/// Bytes per element of a `bitWidth`-bit type (at least 1).
int64_t getElementBytes(unsigned bitWidth);

/// The product of the static sizes of `shape` and `elementBytes`; nullopt
/// if it overflows int64. Buffers are sized and strided in bytes by int64
/// arithmetic (memref allocation and strides, the C interface), so a shape
/// whose static part alone overflows can never be allocated.
std::optional<int64_t> getStaticByteSize(llvm::ArrayRef<int64_t> shape,
                                         int64_t elementBytes);

/// Zero-insertion identity (strategy 1): padding applied to the stride-dilated
/// input, for one spatial dim with kernel length K. Negative values crop.
struct ZeroInsertionPads {
  int64_t lo;
  int64_t hi;
};
ZeroInsertionPads getZeroInsertionPads(const SpatialParams &p, int64_t kernel);

/// Where the input lands in the zero-inserted input of strategy 1, for one
/// spatial dim. The conv input has extent E = (I-1)*s + 1 + pads.lo + pads.hi
/// (= O + d*(K-1)); input elements [skipLo, I - skipHi) land at
/// offset, offset + s, ...; the others fall into a cropped (negative) pad.
struct ZeroInsertionPlacement {
  ZeroInsertionPads pads;
  int64_t skipLo; ///< Leading input elements cropped away.
  int64_t skipHi; ///< Trailing input elements cropped away.
  int64_t offset; ///< Position of input element skipLo.
};
ZeroInsertionPlacement getZeroInsertionPlacement(const SpatialParams &p,
                                                 int64_t kernel);

/// One output phase of the sub-pixel (polyphase) decomposition of a
/// transposed convolution along one spatial dim: the outputs o = q*s + residue.
/// Output q of the phase is a stride-1 correlation of the ORIGINAL input with
/// the taps that land on the phase, in reversed order:
///   y_r[q] = sum_{m < numTaps} x[q + inputOffset + m*subDilation]
///                              * w[firstTap + (numTaps-1-m)*tapStep]
/// and input positions outside [0, I) read zero. numTaps may be 0 (the phase
/// gets the bias only).
struct SubpixelPhase {
  int64_t residue;
  int64_t firstTap;
  int64_t tapStep; ///< s / gcd(s, d)
  int64_t numTaps;
  int64_t inputOffset; ///< may be negative
  int64_t subDilation; ///< d / gcd(s, d)
};
SubpixelPhase getSubpixelPhase(const SpatialParams &p, int64_t kernel,
                               int64_t residue);

/// The phases of one spatial dim that have taps, by increasing residue; the
/// other residues get the bias only. At most min(kernel, s / gcd(s, d))
/// phases, found in as many steps: no loop over the stride, which may be huge.
llvm::SmallVector<SubpixelPhase>
getSubpixelPhasesWithTaps(const SpatialParams &p, int64_t kernel);

/// How many phases getSubpixelPhasesWithTaps returns, in O(1): the limits
/// check this before anything enumerates them.
int64_t countSubpixelPhasesWithTaps(const SpatialParams &p, int64_t kernel);

/// Number of outputs in phase `residue` of an output of length O:
/// ceil((O - residue) / s), as the affine formula (O + constant) floordiv s.
inline int64_t getPhaseSizeConstant(int64_t stride, int64_t residue) {
  return stride - 1 - residue;
}
int64_t getPhaseSize(int64_t outputSize, int64_t stride, int64_t residue);

/// The sub-pixel phases of one spatial dim batched into one convolution, for
/// dilation 1 and a stride that divides the kernel (every phase then has
/// kernel / stride taps): output o belongs to phase (o + offset) mod s, at
/// position (o + offset) floordiv s of that phase's part of the batched
/// result, which has `positions` entries per phase. The batched convolution
/// reads the input window [windowStart, windowStart + positions + taps - 1)
/// (zeros outside the input) and phase rho takes the taps
/// rho + (taps-1-m)*s, m < taps. Positions that fall outside the output on
/// either side are computed and dropped: the surplus the cost model weighs.
struct BatchedSubpixelDim {
  int64_t taps;
  int64_t offset; ///< in [0, s)
  int64_t positions;
  int64_t windowStart; ///< may be negative
};
std::optional<BatchedSubpixelDim> getBatchedSubpixelDim(const SpatialParams &p,
                                                        int64_t kernel,
                                                        int64_t outputSize);

/// One spatial dim of a transposed conv as a contraction over output
/// positions and phases, for dilation 1 and an output that is a whole number
/// of strides long: output o = m*s + r (m < positions, r < s) is
///   sum_{t < taps, rho(r) + t*s < kernel} x[m + shift(r) - t] * w[rho(r) +
///   t*s]
/// with rho(r) = (r + phaseShift) mod s and shift(r) = (r + phaseShift)
/// floordiv s + inputShift, x being zero outside the input. `taps` is
/// ceil(kernel / s); phases with fewer taps have structural zeros in a
/// filter padded to taps * s. No phase is gathered and no position is
/// dropped: the contraction's result, (m, r) merged, is the output.
struct PhaseTapsDim {
  int64_t stride;
  int64_t kernel;
  int64_t taps;
  int64_t phaseShift; ///< padLo mod s
  int64_t inputShift; ///< padLo floordiv s, may be negative
  int64_t positions;  ///< output size / s

  int64_t getPhase(int64_t r) const { return (r + phaseShift) % stride; }
  int64_t getShift(int64_t r) const {
    return (r + phaseShift) / stride + inputShift;
  }
  /// Taps of output phase r whose filter entry is inside the kernel.
  int64_t getRealTaps(int64_t r) const;
};
std::optional<PhaseTapsDim> getPhaseTapsDim(const SpatialParams &p,
                                            int64_t kernel, int64_t outputSize);

/// ONNX front-end rules (ONNX Conv-22 / ConvTranspose-22): turn `auto_pad`
/// and `output_shape` into the explicit padding (ONNX order) and
/// output_padding of the deconv ops.
enum class OnnxAutoPad { NotSet, Valid, SameUpper, SameLower };
std::optional<OnnxAutoPad> parseOnnxAutoPad(llvm::StringRef text);

/// Conv: explicit `pads` if NOTSET, else the SAME/VALID rule. Returns the
/// padding in ONNX order.
llvm::Expected<llvm::SmallVector<int64_t, 6>> resolveOnnxConvPadding(
    OnnxAutoPad autoPad, llvm::ArrayRef<int64_t> pads,
    llvm::ArrayRef<int64_t> inputSpatial, llvm::ArrayRef<int64_t> kernel,
    llvm::ArrayRef<int64_t> strides, llvm::ArrayRef<int64_t> dilations);

/// ConvTranspose: `output_shape` (spatial dims, may be empty) or auto_pad
/// SAME_* (output = in * stride) decide the pads; the total is split with floor
/// division. A negative end pad (more outputs than the full scatter has)
/// becomes output_padding; it must stay < max(stride, dilation).
struct ResolvedConvTranspose {
  llvm::SmallVector<int64_t, 6> padding;
  llvm::SmallVector<int64_t, 3> outputPadding;
};
llvm::Expected<ResolvedConvTranspose> resolveOnnxConvTransposePadding(
    OnnxAutoPad autoPad, llvm::ArrayRef<int64_t> pads,
    llvm::ArrayRef<int64_t> outputShape, llvm::ArrayRef<int64_t> outputPadding,
    llvm::ArrayRef<int64_t> inputSpatial, llvm::ArrayRef<int64_t> kernel,
    llvm::ArrayRef<int64_t> strides, llvm::ArrayRef<int64_t> dilations);

/// Renders a list of integers as "[a, b, c]" for messages.
std::string formatList(llvm::ArrayRef<int64_t> values);

} // namespace mlir::deconv

#endif // DECONV_SUPPORT_CONVGEOMETRY_H
