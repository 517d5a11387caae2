//===- Passes.td - deconv dialect passes -------------------*- tablegen -*-===//

#ifndef DECONV_TRANSFORMS_PASSES_TD
#define DECONV_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def DeconvInferShapes : Pass<"deconv-infer-shapes", "ModuleOp"> {
  let summary = "Refine unranked or dynamic result types through functions";
  let description = [{
    Propagates the types that `deconv.conv` and `deconv.conv_transpose` infer
    (from their operand shapes and attributes) through each function, in the
    spirit of the Toy tutorial's shape inference but with dynamic dims:

    - deconv ops get the most precise result type compatible with both the
      declared and the inferred one (`tensor<*xf32>` or `tensor<?x?x?x?xf32>`
      become static where the operands allow it);
    - `tensor.cast` ops that only lose information are refined (and vanish);
    - elementwise ops (`Elementwise` trait, all operands tensors) take the
      refined shape of their operands;
    - `func.return` operands are refined and the function's result types
      follow (and so do the result types of `func.call`s to it), unless
      `refine-function-types=false`.

    Users that cannot take a more precise operand type keep the old type
    through a `tensor.cast`, so the IR stays valid at every step. Dynamic dims
    that cannot be resolved statically stay dynamic; they remain reifiable
    through `ReifyRankedShapedTypeOpInterface`.

    A dynamic spatial length whose size expression, followed through a chain
    of deconv ops, folds to a constant is made static: that only happens when
    the strides multiply past int64 and the arithmetic wraps around, and the
    constant is then the length for every input that passes the run-time size
    checks (it is what the lowered code's folded size arithmetic would use). A
    constant below 1 means no input can run the op and is reported.

    Example:

    ```mlir
    func.func @f(%x: tensor<1x4x5x5xf32>, %w: tensor<4x2x3x3xf32>) -> tensor<*xf32> {
      %y = deconv.conv_transpose %x, %w strides = [2, 2]
          : (tensor<1x4x5x5xf32>, tensor<4x2x3x3xf32>) -> tensor<*xf32>
      %z = math.tanh %y : tensor<*xf32>
      return %z : tensor<*xf32>
    }
    ```

    becomes a function returning `tensor<1x2x11x11xf32>` with every value
    typed `tensor<1x2x11x11xf32>`.
  }];
  let options = [
    Option<"refineFunctionTypes", "refine-function-types", "bool",
           /*default=*/"true",
           "Refine function result types (and their call sites) from the "
           "refined operands of func.return">
  ];
  let dependentDialects = ["::mlir::tensor::TensorDialect"];
}

defvar TransposeDeps = [
  "::mlir::affine::AffineDialect", "::mlir::arith::ArithDialect",
  "::mlir::linalg::LinalgDialect", "::mlir::tensor::TensorDialect",
  "::mlir::scf::SCFDialect"
];

def DeconvTransposeToConv : Pass<"deconv-transpose-to-conv"> {
  let summary = "Lower deconv.conv_transpose by zero insertion (strategy 1)";
  let description = [{
    Rewrites every `deconv.conv_transpose` as the zero-insertion identity
    (a transposed convolution is a stride-1 convolution of the
    stride-dilated input with the flipped, regrouped filter):

    - the input is inserted with the op's strides (`tensor.insert_slice` with
      strides `s`) into a zero tensor that is already padded by
      `dil*(K-1) - pad_lo` before and `dil*(K-1) - pad_hi + output_padding`
      after; negative amounts crop (the input elements that would fall outside
      are sliced off first), so no separate pad or crop op is needed;
    - the filter `[Cin, Cout/g, K...]` becomes `[Cout, Cin/g, K...]`: input
      and output channels swapped per group and the spatial taps flipped (a
      `linalg.generic`, or folded at compile time for constant filters);
    - a `deconv.conv` with stride 1, the op's dilation, no padding, the op's
      groups and bias.

    Simple and general, but it multiplies by the inserted zeros: about
    `prod(s)` times the useful work. Needs a ranked result and a static filter
    shape; input and output dims may be dynamic.
  }];
  let dependentDialects = TransposeDeps;
}

def DeconvTransposeToSubpixel : Pass<"deconv-transpose-to-subpixel"> {
  let summary = "Lower deconv.conv_transpose by sub-pixel (polyphase) "
                "decomposition (strategy 2)";
  let description = [{
    Splits the output into the `prod(s)` phases `o = q*s + r`. Each phase is
    a stride-1 convolution of the ORIGINAL input with exactly the filter taps
    that land on it (taps `k` with `k*dil = r + pad_lo (mod s)`, reversed;
    sub-dilation `dil / gcd(s, dil)`), so nothing is multiplied by an inserted
    zero and no filter is padded with zeros:

    - kernel sizes not divisible by the stride give phases with different
      sub-kernel sizes; a phase with no tap keeps the bias only;
    - each phase reads a zero-padded/cropped window of the input
      (`tensor.extract_slice` + `tensor.pad`);
    - the accumulator of each phase is a strided `tensor.extract_slice`
      (offset `r`, stride `s`) of the bias-initialised output, and the phase
      result goes back with the matching `tensor.insert_slice`. After one-shot
      bufferization both are the same strided `memref.subview`, so each phase
      writes straight into its output positions: there is no interleave pass.

    The phase convolutions are emitted directly as linalg (the same builders
    as `--deconv-to-linalg`). Needs a ranked result and a static filter shape,
    and at most 32 phases with taps: one-shot bufferization of many slices of
    one output grows about 4x per doubling of their number (a 2-D layer with
    64 -> 32 channels compiled in 1.7 s at 16 phases, 5.4 s at 32, 23 s at
    64).

    Batched form (`subpixel-form=batched`): when every stride divides its
    kernel (every phase then has `T = K / s` taps), dilation is 1, there is
    one group and all shapes are static, the `S = prod(s)` phases run as ONE
    stride-1 convolution whose output channels are `(phase, co)`: the
    filters are stacked (`[S*Cout, Cin, T...]`, folded at compile time for
    constant weights) and one `linalg.generic` gathers the result into the
    output (depth-to-space: output `o` reads phase `(o + pad_lo) mod s` at
    position `(o + pad_lo) floordiv s - floor(pad_lo / s)`), adding the bias.
    The input is read once and one large convolution replaces S small ones,
    but positions past the output's edges are computed and dropped (the
    surplus: `prod(positions * s) / prod(O)`). `auto` (the default) takes the
    batched form when the surplus is at most 1.3 and the layer has at most 16
    output channels (measured: it wins where each phase alone would be a
    narrow convolution and loses where the phases are already wide, their
    S-times larger stacked weights falling out of cache), or when the
    per-phase form would have more than 16 phases (for compile time: the
    batched form has no phase limit and compiled those layers in 0.25 s);
    `per-phase` forces the form described above.

    With an innermost stride of 8 or more, the batched form stacks the
    phases channel-major instead, output channels `(co, phase)`: the bias is
    the accumulator's start (broadcast over each channel's phases), and the
    interleave is `[N, Cout, s..., P...]` transposed to
    `[N, Cout, P_1, s_1, ..., P_k, s_k]`, merged into the padded output
    (`P_d * s_d` wide) and cut at the offset `pad_lo mod s`. A channels-last
    result then holds runs of `s_k` outputs that are adjacent in an output
    row, so the interleave moves whole runs instead of gathering single
    elements (FCN-32s' stride-32 upsampling: 89 -> 26 ms).
  }];
  let options = [
    Option<"subpixelForm", "subpixel-form", "std::string",
           /*default=*/"\"auto\"",
           "Form of the sub-pixel lowering: auto (batched when its surplus "
           "is at most 1.3x and Cout at most 16, or when the per-phase form "
           "would have more than 16 phases), batched or per-phase">
  ];
  let dependentDialects = TransposeDeps;
}

def DeconvTransposeToLoops : Pass<"deconv-transpose-to-loops"> {
  let summary = "Lower deconv.conv_transpose to a tiled gather loop nest "
                "(strategy 3)";
  let description = [{
    Rewrites every `deconv.conv_transpose` into one `linalg.generic` over the
    output `[N, Cout, O...]` (all parallel) whose body gathers, for its output
    position, exactly the taps that hit it (`(o + pad_lo - k*dil) mod s == 0`
    and an input index inside the input) and sums over the group's input
    channels with an `scf.for`. The generic is then tiled over output tiles
    with `scf.for` loops (TilingInterface). No intermediate tensor is
    created: the only tensor is the (bias-initialised) output.
  }];
  let options = [
    ListOption<"tileSizes", "tile-sizes", "int64_t",
               "Tile sizes over [N, Cout, O_1..O_k]; 0 leaves a dim untiled "
               "and missing entries are 0 (default 1,8,8,... per rank)">
  ];
  let dependentDialects = TransposeDeps;
}

def DeconvSelectStrategy : Pass<"deconv-select-strategy"> {
  let summary = "Pick a conv_transpose strategy per op and apply it";
  let description = [{
    Lowers every `deconv.conv_transpose` with one of the three strategies.
    With `strategy=auto` (the default) a first, simple rule decides:

    - stride 1 in every dim: zero insertion (nothing is inserted, so it is
      exactly a convolution with the flipped filter);
    - depthwise (one input and one output channel per group) with
      `prod(s) <= 4`: zero insertion too (measured: one vectorized depthwise
      convolution beats `s^k` small phase convolutions despite the inserted
      zeros);
    - otherwise: sub-pixel (no wasted multiplications).

    A strategy beyond its compile-time limit (sub-pixel: more than 32 phases
    with taps; loops: a stride above 65536) gives way to the next one within
    its limits, in the order sub-pixel, loops, zero insertion.

    Any other value forces that strategy for every op. With
    `print-decisions`, each op gets a remark naming the strategy chosen.
  }];
  let options = [
    Option<"strategy", "strategy", "std::string", /*default=*/"\"auto\"",
           "auto, zero-insertion, subpixel or loops">,
    ListOption<"loopTileSizes", "loop-tile-sizes", "int64_t",
               "Tile sizes for ops lowered to loops (see "
               "--deconv-transpose-to-loops)">,
    Option<"printDecisions", "print-decisions", "bool", /*default=*/"false",
           "Emit a remark per op with the strategy chosen">,
    Option<"subpixelForm", "subpixel-form", "std::string",
           /*default=*/"\"auto\"",
           "Form of the sub-pixel lowering: auto (batched when its surplus "
           "is at most 1.3x and Cout at most 16, or when the per-phase form "
           "would have more than 16 phases), batched or per-phase">
  ];
  let dependentDialects = TransposeDeps;
}

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

def DeconvRuntimeChecks : Pass<"deconv-runtime-checks", "ModuleOp"> {
  let summary = "Check the sizes only known at run time before each deconv op";
  let description = [{
    The verifiers prove static sizes consistent; sizes that are dynamic reach
    the generated code unchecked. Before every `deconv.conv` and
    `deconv.conv_transpose` this pass inserts run-time checks of what the
    verifier would have checked, on the sizes the caller passed:

    - the input's channel count matches the filter's (and `groups` divides a
      dynamic filter channel count), and a bias has one value per output
      channel;
    - each dynamic spatial input length is in the range for which the output
      length is at least 1 and its formula does not overflow int64 (bounds
      computed at compile time; not checked when the kernel length is
      dynamic);
    - the result's byte size fits in 2^62.

    A failed check writes `deconv: error: <file:line:col>: '<op>' <what>` to
    stderr and aborts: the C interface has no error channel, and going on
    would read or write out of bounds.

    It also defines the allocation functions that `finalize-memref-to-llvm`
    calls with `use-generic-functions` (`_mlir_memref_to_llvm_alloc`,
    `_aligned_alloc` and `_free`, internal to the module, on libc's `malloc`,
    `aligned_alloc` and `free`), so that a failed allocation is reported the
    same way instead of crashing later. The generated code then still needs
    only libc. `--deconv-lower-to-llvm` allocates with `aligned_alloc`
    (`use-aligned-alloc`): the result is the aligned pointer itself, so LLVM
    knows that distinct buffers do not overlap.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::LLVM::LLVMDialect",
    "::mlir::scf::SCFDialect", "::mlir::tensor::TensorDialect"
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

#endif // DECONV_TRANSFORMS_PASSES_TD
