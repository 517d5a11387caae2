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

defvar SubpixelFormOption =
    Option<"subpixelForm", "subpixel-form", "::mlir::deconv::SubpixelForm",
           /*default=*/"::mlir::deconv::SubpixelForm::Auto",
           "Form of the sub-pixel lowering",
           "::mlir::deconv::getSubpixelFormValues()">;

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

    Depth-to-space form (`subpixel-form=depth-to-space`): with dilation 1,
    one group, static shapes, one element type and every output a whole
    number of strides long (`O = M * s`), output `m*s + r` of each dim is
    `sum_t x[m + (r + pad_lo mod s) floordiv s + pad_lo floordiv s - t] *
    w[(r + pad_lo) mod s + t*s]` over the taps `t < ceil(K / s)` (fewer for
    phases the kernel does not reach). The layer is ONE contraction
    `y[n, co, m_1, r_1, ..., m_k, r_k] = bias[co] + sum_ci,t x[...] *
    w[ci, co, t_1, rho_1, ...]` (a `linalg.generic` over the input padded
    for the taps' reach and the filter padded with zeros to whole strides of
    taps, `[Cin, Cout, t_1, s_1, ...]`), and the output is `y` with each
    `(m_d, r_d)` pair merged (`tensor.collapse_shape`): no gather, no
    interleave pass, no transpose. `auto` takes it where each kernel equals
    its stride and nothing is padded (one tap per phase), for 2-D and 3-D
    f32 layers with at most 128 input channels and 8 phases (the U-Net
    family's 2x2 and 2x2x2 up-convs); and, where the batched form does not
    apply or pay, for 2-D and 3-D f32 layers with at most 64 input
    channels, 2 to 8 phases and rows of at least 64 outputs (ENet's 3x3
    stride-2 decoders). Other layers take it on request. Its kernel is
    `--deconv-vectorize-depth-to-space`.

    With an innermost stride of 8 or more, the batched form stacks the
    phases channel-major instead, output channels `(co, phase)`: the bias is
    the accumulator's start (broadcast over each channel's phases), and the
    interleave is `[N, Cout, s..., P...]` transposed to
    `[N, Cout, P_1, s_1, ..., P_k, s_k]`, merged into the padded output
    (`P_d * s_d` wide) and cut at the offset `pad_lo mod s`. A channels-last
    result then holds runs of `s_k` outputs that are adjacent in an output
    row, so the interleave moves whole runs instead of gathering single
    elements (about 3.4x faster at stride 32).
  }];
  let options = [
SubpixelFormOption
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
    - 2-D depthwise (one input channel per group, with or without a channel
      multiplier) with a row stride of at least 2 and a column stride of 2
      to 4: zero insertion too (measured: the depthwise kernel skips the
      rows of inserted zeros, and one vectorized convolution then beats
      `s_h * s_w` small phase convolutions and their interleave); 1-D
      depthwise layers, a row stride of 1 or wider column strides have no
      such rows or too many inserted columns and take sub-pixel;
    - otherwise: sub-pixel (no wasted multiplications).

    A strategy beyond its compile-time limit (sub-pixel: more than 32 phases
    with taps; loops: a stride above 65536) gives way to the next one within
    its limits, in the order sub-pixel, loops, zero insertion.

    Any other value forces that strategy for every op. With
    `print-decisions`, each op gets a remark naming the strategy chosen, the
    sub-pixel form it takes, and why.
  }];
  let options = [
    Option<"strategy", "strategy", "::mlir::deconv::TransposeStrategy",
           /*default=*/"::mlir::deconv::TransposeStrategy::Auto",
           "The conv_transpose strategy",
           "::mlir::deconv::getTransposeStrategyValues()">,
    ListOption<"loopTileSizes", "loop-tile-sizes", "int64_t",
               "Tile sizes for ops lowered to loops (see "
               "--deconv-transpose-to-loops)">,
    Option<"printDecisions", "print-decisions", "bool", /*default=*/"false",
           "Emit a remark per op with the strategy and sub-pixel form "
           "chosen, and why">,
SubpixelFormOption
  ];
  let dependentDialects = TransposeDeps;
}

def DeconvTileDynamicSpatial : Pass<"deconv-tile-dynamic-spatial"> {
  let summary = "Compute convolutions of dynamic spatial lengths in static "
                "tiles";
  let description = [{
    A `deconv.conv` or `deconv.conv_transpose` with dynamic spatial lengths
    (static channels, filter and bias) computes its output in tiles of a
    fixed length along each dynamic dim (`tile-sizes`). Every tile is the
    same op, with static shapes along those dims, applied to a window of the
    input:

    - the part of the window inside the input is extracted and zero-extended
      to the window's static length (`tensor.pad` of run-time amounts, a
      small copy per tile);
    - the op runs on the window with the tile's padding (and no output
      padding);
    - a whole tile is inserted whole (bufferization builds it in place in
      the output); a tile that runs past the output's end inserts only its
      valid part.

    Along each of the two innermost dims, the whole tiles come first; the
    rest of the length runs in tiles of a quarter of the tile or less (at
    least 8 outputs along the innermost dim, which kernels vectorize), so
    that a length that is not a multiple of the tile, or is shorter than it,
    computes little past its end. Each combination of these runs over the
    dims is one `scf.forall` with its own static form of the op, all writing
    into one output: 2 forms in 1-D, 4 in 2-D and 3-D (the depth dim of a
    3-D op has one run, whose last tile may be cut). For compile time, the
    forms times the kernels in each (one per group up to 8 groups, times a
    transposed conv's sub-pixel phases) stay within 32: an op with more
    kernels per form gets remainder runs along the innermost dim only, or
    none.

    For a conv, tile t reads the inputs from `t * tile * stride - pad_lo`;
    for a transposed conv (tiles a multiple of the stride), the inputs
    whose taps land in the tile, with the padding that puts them there
    (`getOutputTileWindow` in ConvGeometry.h has the formulas). A transposed
    conv whose stride exceeds its dilated kernel length is left alone. A
    dynamic batch stays dynamic (`--deconv-split-dynamic-batch` runs after).
  }];
  let options = [
    ListOption<"tileSizes", "tile-sizes", "int64_t",
               "Input positions per tile from the innermost spatial dim "
               "outwards, the last repeated (default 256 for 1-D ops, 16,8 "
               "for 2-D and 3-D ones): a conv's tiles have that many divided "
               "by the stride outputs, a transposed conv's that many times "
               "the stride">
  ];
  let dependentDialects = [
    "::mlir::affine::AffineDialect", "::mlir::arith::ArithDialect",
    "::mlir::scf::SCFDialect", "::mlir::tensor::TensorDialect"
  ];
}

def DeconvSplitDynamicBatch : Pass<"deconv-split-dynamic-batch"> {
  let summary = "Run convolutions of a dynamic batch image by image";
  let description = [{
    A `deconv.conv` or `deconv.conv_transpose` whose input and result have
    a dynamic batch and static other dims (and a static filter and bias)
    becomes an `scf.for` over the images: each iteration slices one image
    out of the input, applies the same op to it with static shapes, and
    inserts its result into the output. The strategies and the code
    generator then see static ops, so a function compiled for any batch size
    runs the same kernels as one compiled for a fixed batch; work that does
    not depend on the image (filter transforms and packing) is hoisted out
    of the loop later (`loop-invariant-code-motion` in
    `--deconv-lower-to-llvm`).

    ```mlir
    %y = deconv.conv %x, %w : (tensor<?x8x6x6xf32>, tensor<16x8x3x3xf32>)
        -> tensor<?x16x4x4xf32>
    ```

    becomes, with `%n = tensor.dim %x, 0`:

    ```mlir
    %y = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %empty) {
      %xi = tensor.extract_slice %x[%i, 0, 0, 0] [1, 8, 6, 6] [1, 1, 1, 1]
      %yi = deconv.conv %xi, %w : (tensor<1x8x6x6xf32>, ...)
          -> tensor<1x16x4x4xf32>
      %r = tensor.insert_slice %yi into %acc[%i, 0, 0, 0] [1, 16, 4, 4] ...
      scf.yield %r
    }
    ```
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect"
  ];
}

def DeconvSplitGroups : Pass<"deconv-split-groups"> {
  let summary = "Run grouped convolutions as one ungrouped op per group";
  let description = [{
    A grouped `deconv.conv` or `deconv.conv_transpose` with static shapes
    and more than one input channel per group is G independent convolutions
    on channel slices. Each group becomes the same op with `groups = 1` on
    its input channels, its filter rows and its bias entries, and its result
    is inserted into its output channels, so that every group takes the
    ungrouped strategies and kernels. Up to `max-unrolled-groups` groups are
    unrolled (static offsets: a constant filter is sliced, and later packed,
    at compile time); more groups run as a parallel loop over the groups
    (`scf.forall`: many small groups share the threads, where each group's
    kernel alone is too small to split).

    Depthwise and channel-multiplier layers (one input channel per group)
    keep their own path, as do ops with dynamic shapes (a dynamic batch is
    split into images first, by `--deconv-split-dynamic-batch`).
  }];
  let options = [
    Option<"maxUnrolledGroups", "max-unrolled-groups", "int64_t",
           /*default=*/"8",
           "Groups up to this count are unrolled; more run as a loop">
  ];
  let dependentDialects = [
    "::mlir::affine::AffineDialect", "::mlir::arith::ArithDialect",
    "::mlir::scf::SCFDialect", "::mlir::tensor::TensorDialect"
  ];
}

def DeconvExpandChannelMultiplier : Pass<"deconv-expand-channel-multiplier"> {
  let summary = "Depthwise layers with a channel multiplier as depthwise "
                "layers of a repeated input";
  let description = [{
    A `deconv.conv` or `deconv.conv_transpose` with static shapes, one group
    per input channel and M > 1 output channels per group computes, for
    output channel `g*M + m`, the depthwise layer of input channel `g` with
    filter row `g*M + m`. It becomes a depthwise layer (`groups = G*M`) of the
    input with each channel repeated M times (`linalg.broadcast`, then a
    `tensor.collapse_shape`), so that the depthwise kernels apply. A
    conv_transpose's filter `[G, M, K...]` is reshaped to `[G*M, 1, K...]`.
    The input is read M times; the products are the same.
  }];
  let dependentDialects = [
    "::mlir::linalg::LinalgDialect", "::mlir::tensor::TensorDialect"
  ];
}

def DeconvWidenAccumulators : Pass<"deconv-widen-accumulators"> {
  let summary = "Sum f16 and bf16 convolutions in f32, rounding once at the "
                "output";
  let description = [{
    A `deconv.conv` or `deconv.conv_transpose` whose input and filter are f16
    or bf16 forms its sums in f32, as deployment libraries do: the op gets an
    f32 result (and an f32 bias, `arith.extf` of the given one), followed by
    one `arith.truncf` to the declared result type. Ops that already return
    f32 only get their bias widened. No product or partial sum is rounded
    to 16 bits (a sum of K products rounded at every step would lose about
    log2(K) bits).

    With `operands`, the input and filter are extended to f32 as well, so
    that the op is an f32 op and takes the f32 kernels: one conversion pass
    over the input, none at run time for a constant filter (the extension
    folds). The extension is exact, and so is the f32 product of two 16-bit
    values, so the results are the same as without it.

    With `bf16-dot-lanes=N` (targets with AVX512_BF16's dot product, N f32
    lanes per vector), bf16 operands stay bf16 where the dot-product kernels
    take them that way: an even number of input channels and a multiple of
    N output channels per group. The product of two bf16 values is exact in
    f32, so these results too are the same up to the order of the sums.
  }];
  let options = [
    Option<"widenOperands", "operands", "bool", /*default=*/"false",
           "Also extend the input and filter to f32">,
    Option<"bf16DotLanes", "bf16-dot-lanes", "int64_t", /*default=*/"0",
           "With operands: keep bf16 operands with an even number of input "
           "channels and a multiple of this many output channels per group, "
           "for the bf16 dot-product kernels (0: keep none)">
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::tensor::TensorDialect"
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

    What the checks establish, the op's operand types then say: an input
    channel count or bias length that is dynamic where the filter fixes it
    is cast (`tensor.cast`) to that static count, so that the code
    generator's vector kernels, which need static channel counts, take the
    op. A filter whose channel dims are dynamic fixes nothing.

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
#endif // DECONV_TRANSFORMS_PASSES_TD
