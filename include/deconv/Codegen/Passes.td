//===- Passes.td - deconv's CPU code generator passes ------*- tablegen -*-===//
//
// The passes that turn the linalg/tensor form of a network into register-
// tiled vector kernels and bufferize it for native code. They run after the
// dialect's passes and --deconv-to-linalg, on linalg, tensor and vector ops.
//
//===----------------------------------------------------------------------===//

#ifndef DECONV_CODEGEN_PASSES_TD
#define DECONV_CODEGEN_PASSES_TD

include "mlir/Pass/PassBase.td"

def DeconvVectorizeConvs : Pass<"deconv-vectorize-convs"> {
  let summary = "Register-tiled, vectorized micro-kernels for linalg convs";
  let description = [{
    Rewrites every `linalg.conv_2d_nchw_fchw` with static shapes (what
    `--deconv-to-linalg` emits for ungrouped 2-D convolutions, including the
    sub-pixel phases and the zero-insertion convolution; static 1-D
    `linalg.conv_1d_ncw_fcw` ops are first lifted to height 1, and pointwise
    static 3-D ones flattened to a 2-D conv over D*H*W) into the
    channels-last form `linalg.conv_2d_nhwc_hwcf` between layout transposes,
    tiles it to a register tile of `ow` output pixels x `f` output channels
    with a reduction tile of `c` input channels (all dividing the sizes, so
    no remainder tiles), decomposes the unit-height window to a 1-D
    convolution and vectorizes it: the accumulators stay in vector registers
    across the whole reduction (loop-invariant subset hoisting on tensors)
    and each step is a broadcast-FMA outer product, one input channel per
    unrolled step. The filter is packed into blocks of `f` output channels,
    `[F/f, KH, KW, C, f]`, so that each tile reads one contiguous panel; a
    sub-pixel phase's filter is gathered from the transposed conv's weights
    straight into that layout, and a constant filter is packed at compile
    time. A filter of more than 1 MiB is taken in blocks of input channels
    (a sequential loop around the parallel tiles) of at most 512 KiB, so
    that a block stays in L2 over all the output tiles. Convs that read the
    same tensor share its layout transpose. A zero (or any filled)
    accumulator is not stored: each parallel tile starts its accumulators
    as vectors of the fill value, and the tiles share an empty output (also
    for the lifted 1-D and flattened 3-D convs, whose fill is seen through
    the reshapes). An
    output width with no good divisor is padded to whole tiles. Narrow row segments (fewer pixels
    than half the register budget) take several output rows per tile, one
    row per innermost step, unrolled so that the rows share each filter
    load.

    A 1x1, unit-stride conv of one image whose pixels fill whole pairs of
    vectors and whose filter is at most 512 KiB (resnet_1x1, the phases of
    a kernel = stride up-conv such as unet3d_up's) is a matrix product
    `y[co, p] = w[co, :] x[:, p]` with the pixels contiguous in both `x`
    and `y`. It stays NCHW: the same channels-last conv and tiling run on
    reshapes with the roles swapped (the filter's rows are the "pixels",
    broadcast; the image's pixels are the "output channels", in the vector
    lanes), with the pixel tiles outermost so that each panel of the image
    stays in cache while every filter row passes over it. No layout
    transpose is left. When all the sub-pixel phases of an output are such
    convs, they are not scattered to their strided pixels: each writes its
    slice of a stack `[s_1..s_k, <phase>]`, and one transpose interleaves
    the stack into the output (blocks of up to 4 x 16 that become columns
    lower to one shuffle of the flattened vector).

    Depthwise 2-D convs (`linalg.conv_2d_ngchw_gfchw` with one channel per
    group): with unit strides and dilations they stay NCHW, each channel its
    own image and its own parallel tile, which zero-pads its part of the
    input itself, in cache (the padded or zero-inserted copy of the whole
    input is not built); inside, tiles of 4 rows x a power-of-two row
    segment with the pixels in the vector lanes; each row and filter tap is
    a `linalg.conv_1d` that vectorizes to one unaligned load and one FMA,
    and the rows and taps are unrolled. Each row of a tile starts its
    accumulator as zero vectors (the filled output is neither stored nor
    loaded back). Where the
    input is zero-inserted with a stride along the rows (a depthwise
    transposed conv by zero insertion), the FMAs whose input row is a row of
    inserted zeros are dropped: half of them at stride 2. Strided ones run channels-last
    (`linalg.depthwise_conv_2d_nhwc_hwc`) with the channels in the lanes.
    Other ops are left for the scalar loop path.

    The layout transposes (those it creates and any other static
    `linalg.transpose` whose innermost dim moves) are folded where they meet
    zero padding, windows of a padded input, fills and broadcasts, so that
    each runs once on the unpadded data and writes straight into its
    destination buffer. A chain of transposed results inserted into strided
    slices of one output (the sub-pixel phases) becomes the chain of the
    channels-last results, transposed once at the end; a phase reshaped
    after its transpose (1-D and 3-D phases are computed with their pixels
    flattened) is reshaped before it instead, when the reshape only merges
    or splits runs of consecutive dims. A transpose of a reshaped transpose
    (the channel-major batched interleave of the NCHW result) is one
    transpose of the channels-last result. Between two layers, a transpose
    to NCHW and one back cancel, also across an elementwise op (an
    activation), which then runs channels-last when its other operands are
    fills or splat constants. The remaining
    transposes are tiled into parallel 16x16 blocks of the two dims that are
    innermost on either side, and blocks that divide the shape are
    vectorized: a naive transpose reads one side with a stride of a whole
    row per element, a cache miss each. With `vector-width=16` a 16x16 f32
    block becomes upstream's AVX-512 sequence of unpacks and 128-bit lane
    shuffles (the element-wise default leaves LLVM 256 scalar inserts to
    rebuild); a block of 4-16 by 4-16 (the 14-wide blocks of 56, 196 and
    392 wide images, DCGAN's 4 and 8) is read and written as a 16x16 one
    with its extra lanes masked off, and takes the same shuffles. A
    transpose that keeps the innermost dim (it moves whole rows) takes
    parallel tiles of its two innermost result dims.
  }];
  let options = [
    Option<"vectorWidth", "vector-width", "int64_t", /*default=*/"16",
           "f32 lanes of the target's vectors (16 for AVX-512, 8 for AVX2)">,
  ];
  let dependentDialects = [
    "::mlir::linalg::LinalgDialect", "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect", "::mlir::vector::VectorDialect",
    "::mlir::arith::ArithDialect", "::mlir::affine::AffineDialect"
  ];
}

def DeconvBufferize : Pass<"deconv-bufferize", "ModuleOp"> {
  let summary = "One-shot bufferization set up for self-contained native code";
  let description = [{
    Runs MLIR's one-shot module bufferization with the settings the native
    code path needs: function boundaries bufferized with identity-layout
    memrefs (a plain C ABI), and buffer copies emitted as `linalg.copy` rather
    than `memref.copy`, so that no call to the MLIR runtime's `memrefCopy`
    is left in the object. A fill used only as the destination of a
    unit-stride insert (zero padding around an inserted box) fills only
    the slabs around the box, not the whole buffer the insert then mostly
    overwrites. Afterwards, copies, fills and identity-map
    elementwise ops run on views whose contiguous trailing dims are collapsed
    into one (`memref.collapse_shape`): one loop where there were one per
    dim, which LLVM turns into memset/memcpy or one vectorized loop.

    Tensor constants become read-only globals in the object, flattened to
    one dim (and viewed through `memref.expand_shape`): the LLVM global of a
    multi-dim constant is a nested array with one constant per innermost row,
    which LLVM's passes walk one by one. One larger than
    `max-constant-bytes` (default 1 GiB) is reported as an error instead of
    being expanded in memory by the translation to LLVM IR.
  }];
  let options = [
    Option<"maxConstantBytes", "max-constant-bytes", "int64_t",
           /*default=*/"int64_t(1) << 30",
           "The largest tensor constant, in bytes, that may be embedded">
  ];
  let dependentDialects = [
    "::mlir::bufferization::BufferizationDialect",
    "::mlir::linalg::LinalgDialect", "::mlir::memref::MemRefDialect"
  ];
}

#endif // DECONV_CODEGEN_PASSES_TD
