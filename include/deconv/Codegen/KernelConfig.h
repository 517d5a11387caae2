//===- KernelConfig.h - Kernel and tile choice per convolution --*- C++ -*-===//
//
// The one place where the code generator decides how a convolution is
// computed: which kernel, which register tile, which cache blocking. The
// choice is made from a description of the target, attached to the op as a
// `deconv.kernel` attribute by --deconv-configure-kernels, and read back by
// the passes that build the kernel.
//
//===----------------------------------------------------------------------===//

#ifndef DECONV_CODEGEN_KERNELCONFIG_H
#define DECONV_CODEGEN_KERNELCONFIG_H

#include "deconv/Support/ConvGeometry.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Operation.h"
#include "llvm/ADT/SmallVector.h"

#include <optional>
#include <string>

namespace mlir::deconv {

/// What the kernel choice needs to know of the target CPU.
struct CpuTarget {
  int64_t vectorBits = 512;
  int64_t vectorRegisters = 32;
  int64_t l2CacheBytes = 2 << 20;
  /// AVX512_BF16's dot product of bf16 pairs into f32 (vdpbf16ps).
  bool bf16Dot = false;
  /// The bits of the accumulators' element type (f32, or f64).
  int64_t elementBits = 32;

  /// Accumulator elements per vector.
  int64_t getLanes() const { return vectorBits / elementBits; }
  /// Vectors a kernel's accumulators may take; the others hold the input
  /// broadcasts and the filter rows of a step.
  int64_t getAccumulatorRegisters() const {
    return vectorRegisters - vectorRegisters / 8;
  }
  /// A filter slab larger than this is split into blocks of input channels
  /// that fit it, so that a block stays in L2 over all the output tiles.
  int64_t getChannelBlockBytes() const { return l2CacheBytes / 4; }
  /// A filter larger than this cannot stay cached over a row of output
  /// tiles: its channel tiles become the outermost loop.
  int64_t getStreamedFilterBytes() const { return 2 * l2CacheBytes; }

  /// The registers left to a bf16 dot-product kernel's tile: the two filter
  /// rows of a channel pair, their interleave and its index take four more
  /// than an f32 step's filter vectors.
  CpuTarget forBf16Pairs() const {
    CpuTarget t = *this;
    t.vectorRegisters -= 4;
    return t;
  }

  /// The same target for a kernel whose accumulators have `bits` bits: the
  /// tiles count vectors of those.
  CpuTarget forElementBits(int64_t bits) const {
    CpuTarget t = *this;
    t.elementBits = bits;
    return t;
  }

  /// The x86 target with `lanes` f32 lanes: AVX-512 (32 registers) for 16,
  /// AVX2 (16 registers) for 8. `registers` 0 takes that default.
  static CpuTarget forF32Lanes(int64_t lanes, int64_t registers = 0,
                               int64_t l2CacheBytes = 2 << 20,
                               bool bf16Dot = false);
};

enum class KernelKind {
  /// Left to the scalar loop path.
  None,
  /// NHWC conv between layout transposes, output channels in the lanes.
  ChannelsLast,
  /// 1x1 conv of one image as a matrix product, pixels in the lanes.
  PointwiseNchw,
  /// Unit-stride depthwise conv kept NCHW, an output row in the lanes.
  DepthwiseRows,
  /// Depthwise conv channels-last, channels in the lanes.
  DepthwiseChannelsLast,
  /// Conv with few output channels kept NCHW, an output row in the lanes.
  Rows,
  /// The depth-to-space contraction of a transposed conv whose kernel is its
  /// stride, NCHW, an input row in the lanes, the phases interleaved in
  /// registers.
  DepthToSpace,
};

StringRef stringifyKernelKind(KernelKind kind);
std::optional<KernelKind> symbolizeKernelKind(StringRef name);

/// How one convolution is computed. Tiles are in output positions: `rows`
/// output rows x `width` output pixels x `channels` output channels per
/// register tile, `reduction` input channels per unrolled step.
struct KernelConfig {
  KernelKind kind = KernelKind::None;
  int64_t rows = 1;
  int64_t width = 1;
  int64_t channels = 1;
  int64_t reduction = 1;
  /// The output width padded to a multiple of `width` (the width itself when
  /// `width` divides it).
  int64_t paddedWidth = 0;
  /// Input channels per L2 block of the filter; 0: no blocking.
  int64_t channelBlock = 0;
  /// Channel tiles outermost (the filter, or for PointwiseNchw the image,
  /// is the operand that must stay in cache).
  bool filterOuter = false;
  /// A channels-last kernel of bf16 operands on the bf16 dot product: its
  /// steps take input channels in pairs.
  bool bf16Pairs = false;
  /// DepthToSpace: output channels per register tile of a row's last chunk,
  /// which has fewer vectors (0: `channels`).
  int64_t tailChannels = 0;
  /// For None: why no kernel applies.
  std::string reason;

  DictionaryAttr toAttr(MLIRContext *ctx) const;
  /// Null if `attr` is not a well-formed kernel configuration.
  static std::optional<KernelConfig> fromAttr(Attribute attr);
  /// One line for remarks: the kind and the tile, or the reason.
  std::string describe() const;
};

/// The attribute --deconv-configure-kernels attaches to each conv.
constexpr StringLiteral kKernelConfigAttr = "deconv.kernel";

/// A tile of at most `maxWidth` pixels for an output width `width`, and the
/// width padded to a multiple of it.
std::pair<int64_t, int64_t> selectWidthTile(int64_t width, int64_t maxWidth);

/// The register tile of a channels-last conv with `oh` x `ow` outputs, `f`
/// output and `c` input channels.
KernelConfig selectChannelsLastTile(int64_t oh, int64_t ow, int64_t f,
                                    int64_t c, const CpuTarget &target);

/// The kernel for `conv`, a linalg convolution. `nchw` says whether the
/// kernels that keep the NCHW layout (pointwise NCHW, rows) may be used (the
/// caller knows whether the conv's sub-pixel siblings can all take one).
KernelConfig selectKernelConfig(Operation *conv, const CpuTarget &target,
                                bool nchw = true);

/// The register tile of the rows kernel for an NCHW conv with `oh` x `ow`
/// outputs, `f` output channels and `taps` filter taps per input channel,
/// if that kernel uses the vector lanes better than the channels-last one:
/// `f` fills at most a quarter of a vector (half of one for ops of at least
/// 512 output pixels per channel), a row at least three quarters of its
/// whole vectors.
std::optional<KernelConfig> selectRowsTile(int64_t oh, int64_t ow, int64_t f,
                                           int64_t taps,
                                           const CpuTarget &target);

/// The sizes of a depth-to-space contraction, as
/// --deconv-transpose-to-subpixel's depth-to-space form builds it (maps from
/// getDepthToSpaceMaps), all f32 and static: y[n, co, m_1, r_1, ..., m_k,
/// r_k] += x[n, ci, m_d + (r_d + phaseShift_d) floordiv s_d - t_d +
/// inputShift_d ...] * w[ci, co, t_1, (r_1 + phaseShift_1) mod s_1, ...].
struct DepthToSpaceShape {
  int64_t images, inChannels, outChannels;
  SmallVector<int64_t, 3> sizes;   ///< m_d: output positions per dim
  SmallVector<int64_t, 3> strides; ///< s_d: phases per dim
  SmallVector<int64_t, 3> taps;    ///< t_d: taps of the filter operand
  SmallVector<int64_t, 3> phaseShifts, inputShifts;
  SmallVector<int64_t, 3> inputSizes; ///< the input operand's spatial dims
  /// Per dim, the filter length whose taps may be nonzero: a filter padded
  /// to whole strides of taps (a zero tensor.pad) has structural zeros that
  /// the kernel skips.
  SmallVector<int64_t, 3> kernels;

  int64_t getPhases() const;
  /// Filter phase and input offset of output phase r of dim d.
  int64_t getFilterPhase(unsigned d, int64_t r) const;
  int64_t getInputOffset(unsigned d, int64_t r) const;
  /// Taps of output phase r of dim d that may be nonzero.
  int64_t getRealTaps(unsigned d, int64_t r) const;
  /// Products per input channel, output channel and output position (of all
  /// phases): the real taps summed over the phases.
  int64_t getProductsPerPosition() const;
  /// The input offsets, relative to an output position, that dim d's real
  /// taps read: [first, last].
  struct InputReach {
    int64_t first = 0, last = 0;
    int64_t getSpan() const { return last - first + 1; }
  };
  InputReach getInputReach(unsigned d) const;
  /// Dim d's geometry, its input shift counted in the input operand.
  PhaseTapsDim getDim(unsigned d) const;
};
std::optional<DepthToSpaceShape> matchDepthToSpace(Operation *op);

/// Where a depth-to-space contraction's accumulators start, if its kernel
/// can start them: a fill's `scalar`, or a 1-D `bias` broadcast along all
/// but the output channels.
struct DepthToSpaceStart {
  Value scalar;
  Value bias;
};
std::optional<DepthToSpaceStart> matchDepthToSpaceStart(Value init);

/// The depth-to-space kernel's register tile: `channels` output channels x
/// all phases x `width` output positions (whole vectors). A step loads the
/// taps' input vectors (rows x column shifts x vectors) and broadcasts one
/// filter value per channel and real tap, each feeding width / lanes FMAs,
/// so the tile maximises FMAs per load within the registers (accumulators,
/// the input vectors of a step and a broadcast).
KernelConfig selectDepthToSpaceTile(const DepthToSpaceShape &shape,
                                    const CpuTarget &target);

/// Whether `conv` can take a kernel that keeps the NCHW layout.
bool isNchwCandidate(Operation *conv, const CpuTarget &target);

} // namespace mlir::deconv

#endif // DECONV_CODEGEN_KERNELCONFIG_H
