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

defvar CodegenDeps = [
  "::mlir::affine::AffineDialect", "::mlir::arith::ArithDialect",
  "::mlir::linalg::LinalgDialect", "::mlir::scf::SCFDialect",
  "::mlir::tensor::TensorDialect", "::mlir::vector::VectorDialect"
];

defvar VectorWidthOption =
    Option<"vectorWidth", "vector-width", "int64_t", /*default=*/"16",
           "f32 lanes of the target's vectors (16 for AVX-512, 8 for AVX2)">;

def DeconvNormalizeConvRank : Pass<"deconv-normalize-conv-rank"> {
  let summary = "Express static 1-D and pointwise 3-D convs as 2-D convs";
  let description = [{
    The kernels are written for `linalg.conv_2d_nchw_fchw`. A static
    `linalg.conv_1d_ncw_fcw` becomes a 2-D conv of height 1 (unit stride and
    dilation in the new dim) between reshapes. A static
    `linalg.conv_3d_ncdhw_fcdhw` with a 1x1x1 kernel and unit strides (the
    sub-pixel phases of a kernel = stride 3-D up-conv) becomes a 2-D conv of
    height 1 over the flattened `D*H*W` positions.

    A window of a zero-padded 1-D input (an `extract_slice` of an
    `insert_slice` into a fill) is rebuilt in 4-D, the padded tensor once
    for all its windows, so that the layout passes still see the padding and
    the windows rather than a reshape of the padded tensor.
  }];
  let dependentDialects = CodegenDeps;
}

def DeconvConfigureKernels : Pass<"deconv-configure-kernels"> {
  let summary = "Choose each convolution's kernel and tiles for the target";
  let description = [{
    Attaches a `deconv.kernel` attribute to every linalg convolution: the
    kernel kind, its register tile and its cache blocking, chosen from a
    description of the target CPU (vector lanes and registers, L2 size).
    Everything after this pass reads the choice from the attribute; nothing
    else in the code generator picks tile sizes.

    The kernels take ops with static shapes whose input, filter and result
    are all f32 or all f64 (a tile counts vectors of the accumulators' type:
    an f64 vector holds half the lanes of an f32 one), and, with `bf16-dot`,
    bf16 input and filter summed in f32; other ops get `none`.

    Kinds:

    - `channels-last`: an ungrouped 2-D conv computed as
      `linalg.conv_2d_nhwc_hwcf` between layout transposes. Register tile
      `[rows, width, channels]`: `channels` output channels in the lanes (two
      vectors where they divide, else one, else the largest divisor below a
      vector), `width` output pixels (so that the accumulators fill about 7/8
      of the vector registers; a width with no good divisor is padded to
      `padded_width`), `rows` output rows when a row segment is short, and
      `reduction` input channels per unrolled step. A filter larger than
      half the L2 is taken in blocks of `channel_block` input channels whose
      slab fits a quarter of it; a filter larger than twice the L2 puts the
      channel tiles outermost (`filter_outer`).
    - `pointwise-nchw`: a 1x1, unit-stride conv of one image whose pixels
      fill whole pairs of vectors and whose filter fits a quarter of the L2,
      computed as a matrix product with the pixels in the lanes, without
      layout transposes. The sub-pixel phases of one output take it only if
      all of them qualify (they are then assembled by one interleave).
    - `rows`: a conv with at most a quarter of a vector of output channels
      (per group or per sub-pixel phase, as the op sees them), or at most
      half a vector when it has at least 512 output pixels per channel
      (those steps compile slowly, and the small ops of dynamic tiles and
      sub-pixel phases are compiled many times over), whose rows
      fill at least three quarters of their whole vectors and have a unit
      stride and dilation, kept NCHW with `channels` output channels x
      `rows` rows x a row segment of `width` pixels (a power-of-two number
      of vectors) per tile, at most 72 filter taps x channels x rows per
      unrolled step. Channels-last, such a conv would use half of each
      vector or less. The sub-pixel phases of one output take it only if
      all of them can take an NCHW kernel.
    - `depthwise-rows`: a unit-stride, undilated depthwise conv, kept NCHW
      with an output row segment of `width` pixels in the lanes and `rows`
      rows per step.
    - `depthwise-channels-last`: other depthwise convs, channels-last with
      `channels` channels in the lanes and `width` pixels per tile.
    - `none`: the conv is left to the scalar loop path; `reason` says why.

    The attribute is a dictionary: `kind` (one of the names above), `tile =
    array<i64: rows, width, channels, reduction>`, `padded_width`, and
    optionally `channel_block` and the unit `filter_outer`; for `none`,
    `reason`. For example:

    ```mlir
    linalg.conv_2d_nchw_fchw {deconv.kernel = {kind = "channels-last",
        padded_width = 6 : i64, tile = array<i64: 3, 6, 16, 8>}, ...}
    ```

    With `print-config`, each conv gets a remark with its kernel and tile
    (or why it has none).
  }];
  let options = [
    VectorWidthOption,
    Option<"vectorRegisters", "vector-registers", "int64_t", /*default=*/"0",
           "Vector registers of the target (0: 32 with 16 lanes, else 16)">,
    Option<"l2CacheBytes", "l2-cache-bytes", "int64_t",
           /*default=*/"2 << 20", "Per-core L2 cache size in bytes">,
    Option<"bf16Dot", "bf16-dot", "bool", /*default=*/"false",
           "The target has AVX512_BF16's dot product: channels-last kernels "
           "of bf16 operands take input channels in pairs">,
    Option<"printConfig", "print-config", "bool", /*default=*/"false",
           "Emit a remark per convolution with the kernel chosen">
  ];
  let dependentDialects = CodegenDeps;
}

def DeconvTileConvs : Pass<"deconv-tile-convs"> {
  let summary = "Rewrite configured convolutions into their tiled kernels";
  let description = [{
    For each convolution with a `deconv.kernel` attribute (see
    `--deconv-configure-kernels`), builds the kernel's layout and tiles it:

    - `channels-last`: the input, filter and accumulator are transposed to
      NHWC/HWCF around a `linalg.conv_2d_nhwc_hwcf`; the filter is packed
      into blocks of the tile's output channels, `[F/f, KH, KW, C, f]`, so
      that each tile reads one contiguous panel. Parallel tiles
      (`scf.forall`) of the register tile, reduction steps (`scf.for`) over
      the filter taps and input channels, one input channel per unrolled
      step (marked `deconv.unroll`).
    - `pointwise-nchw`: the same conv on reshapes with the roles swapped
      (filter rows broadcast, image pixels in the lanes), pixel tiles
      outermost.
    - `rows`: no layout transposes; parallel tiles of channels x rows x a
      row segment, one sequential step per input channel, and in it each
      filter tap, output channel and row unrolled as a `linalg.conv_1d` of a
      row segment and one filter value: a tap's input segment is loaded once
      for all the channels, and each filter value broadcast once for all the
      rows and vectors.
    - `depthwise-rows`: one channel per parallel tile, which zero-pads its
      own input in cache; tiles of rows x a row segment, each row and filter
      tap a `linalg.conv_1d`.
    - `depthwise-channels-last`: `linalg.depthwise_conv_2d_nhwc_hwc` between
      layout transposes, tiles of pixels x channels.

    Each tile rebuilds its own part of a zero-padded input (a `tensor.pad`
    or an insert into a fill) instead of slicing a padded copy of the whole
    tensor, and starts a filled accumulator from the fill value and one
    that starts as a broadcast (a bias) from its own part of the broadcast
    input (per row step in the depthwise-rows kernel), so the tiles share an
    empty output. Convs without the attribute are left alone.
  }];
  let dependentDialects = CodegenDeps;
}

def DeconvPropagateLayouts : Pass<"deconv-propagate-layouts"> {
  let summary = "Move layout transposes to where they cost least, and cancel "
                "them";
  let description = [{
    Moves `linalg.transpose` ops across the ops around them so that each runs
    once, on unpadded data, writing straight into its destination:

    - a transpose of zero padding (`tensor.pad`, an insert into a fill) or of
      a window of a padded tensor becomes padding of the transpose;
    - a transposed fill or broadcast (an accumulator) is a fill or broadcast
      in the new layout, and so is a slice of one, or a reshape of a
      broadcast that only moves unit and broadcast dims;
    - a transpose to NCHW and one back cancel, also across an elementwise op,
      which then runs channels-last when its other operands are fills or
      splat constants;
    - a transpose of a copy of a constant folds into the constant's layout;
    - a transpose of a reshaped transpose becomes one transpose when the
      reshape can move before the inner one;
    - a chain of transposed results inserted into strided slices of one
      output (sub-pixel phases computed channels-last) becomes the chain of
      the channels-last results, transposed once at the end; a phase
      reshaped after its transpose is reshaped before it instead, when the
      reshape only merges or splits runs of consecutive dims.
  }];
  let dependentDialects = CodegenDeps;
}

def DeconvAssemblePhases : Pass<"deconv-assemble-phases"> {
  let summary = "Interleave sub-pixel phases with whole vectors";
  let description = [{
    Rewrites the two ways the sub-pixel phases of a transposed conv reach
    their output so that the interleave moves vectors, not elements:

    - the output cut from a merged phase grid (the channel-major batched
      form: `extract_slice(collapse(transpose(x)))` with `x`
      `[N, P_1..P_k, C, s_1..s_k]`) is built row by row, one parallel tile
      per output row, each run of `s_k` adjacent outputs one vector read and
      one vector write (rows of at most 64 runs);
    - a chain of inserts of NCHW phases into every residue of an output's
      strided slices becomes the phases stacked contiguously,
      `[s_1..s_k, N, C, P_1..P_k]`, and one transpose to
      `[N, C, P_1, s_1, ..., P_k, s_k]` reshaped to the output.
  }];
  let dependentDialects = CodegenDeps;
}

def DeconvPackConstants : Pass<"deconv-pack-constants"> {
  let summary = "Compute copies and transposes of constants at compile time";
  let description = [{
    A copy or transpose of a constant (also through static reshapes: a
    constant filter and its packed, blocked layout) becomes a constant in
    the result's layout, so that constant filters are packed once, at
    compile time.
  }];
  let dependentDialects = CodegenDeps;
}

def DeconvTileTransposes : Pass<"deconv-tile-transposes"> {
  let summary = "Tile layout transposes into vector blocks";
  let description = [{
    Transposes of the same tensor with the same permutation into empty
    destinations are merged. Each static `linalg.transpose` that moves the
    innermost dim is then tiled into parallel 16x16 blocks of the two dims
    that are innermost on either side (a naive transpose reads one side with
    a stride of a whole row per element), each block one transposing vector
    read and write. Where no block size near 16 divides a dim (29, say), the
    blocks are 16 wide and the last ones' transfers reach out of bounds. With
    16 lanes, blocks of 4-16 by 4-16 are read and written as 16x16 ones with
    their extra lanes masked off. A transpose that keeps
    the innermost dim (it moves whole rows) takes parallel tiles of its two
    innermost result dims.
  }];
  let options = [VectorWidthOption];
  let dependentDialects = CodegenDeps;
}

def DeconvVectorizeKernels : Pass<"deconv-vectorize-kernels"> {
  let summary = "Vectorize the kernels' innermost tiles into FMA outer "
                "products";
  let description = [{
    Unit-height tiles of channels-last and depthwise convs become 1-D
    convolutions (upstream's downscaling patterns), which, with the 1-D
    convs of the depthwise row kernels, are vectorized
    (`linalg::vectorize`). The resulting contractions are lowered to
    broadcast-FMA outer products, with upstream's transfer permutation,
    reduction-to-contract and sinking patterns.

    With `bf16-dot`, a channels-last contraction of bf16 input and filter
    summed in f32 (an even number of input channels, whole vectors of
    output channels) becomes AVX512_BF16 dot products
    (`x86vector.avx512.dot`, `vdpbf16ps`) instead: per pair of input
    channels, the pixel's two values broadcast as one 32-bit word, the two
    filter rows interleaved, both products added to the f32 accumulators.
    Twice the multiply-adds of an FMA per instruction; subnormal inputs are
    flushed to zero.
  }];
  let options = [
    VectorWidthOption,
    Option<"bf16Dot", "bf16-dot", "bool", /*default=*/"false",
           "Use the AVX512_BF16 dot product for bf16 contractions (the "
           "target must have it)">
  ];
  let dependentDialects = !listconcat(CodegenDeps,
                                      ["::mlir::x86vector::X86VectorDialect"]);
}

def DeconvVectorizeDepthToSpace : Pass<"deconv-vectorize-depth-to-space"> {
  let summary = "Write depth-to-space contractions as NCHW vector kernels "
                "that interleave the phases in registers";
  let description = [{
    A transposed conv in the sub-pixel strategy's depth-to-space form is the
    contraction `y[n, co, m_1, r_1, ..., m_k, r_k] += x[n, ci, m + shift(r)
    - t...] * w[ci, co, t_1, phase(r_1), ...]` over input channels and taps
    (`y` reshaped is the output; with the kernel equal to the stride, one
    tap and `shift = 0`). Configured with a `depth-to-space` kernel
    (`--deconv-configure-kernels`), it becomes:

    - parallel tiles (`scf.forall`) of one image x one position of every
      spatial dim but the last (several rows of the next-to-last dim where
      rows are short: the tile's `rows`) x a group of output channels (all
      of them when there are enough rows for the threads);
    - in each, the rows in chunks of whole vectors of output positions; per
      chunk the input rows its taps reach are packed side by side
      (`[Cin, rows x (vectors x lanes + the taps' reach)]`, so that the
      kernel reads a few contiguous pages rather than one page per input
      channel and row), read from the source of the form's zero
      `tensor.pad` with rows and columns outside the input as zeros (the
      padded input is never materialized; a first chunk that starts before
      the row is emitted on its own, its first vector shifted in registers);
    - per chunk and tile of output channels, the accumulators (channels x
      phases x vectors, started from the fill or the bias) summed over the
      input channels (`scf.for`) and the phases' taps: each input vector
      read once per step, each filter value broadcast once for the chunk;
      taps that a zero-padded filter holds only as padding are skipped; a
      row's last, shorter chunk may take more channels per tile
      (`tail_channels`);
    - the last dim's `s` phases interleaved with vector shuffles into `s`
      vectors of consecutive outputs, each written with one store; only the
      row's last vector is masked.

    Neither the input nor the output is transposed, and each output element
    is written once. The filter is read in panels of a tile's channels,
    `[Cout/B, Cin, B, t_1, s_1, ...]` (a transpose that `--deconv-pack-constants`
    folds for constant filters), so that a tile streams through one
    contiguous panel.
    Contractions whose accumulator starts from anything but a fill or a bias
    broadcast are left as they are.
  }];
  let options = [VectorWidthOption];
  let dependentDialects = CodegenDeps;
}

def DeconvForwardAccumulators : Pass<"deconv-forward-accumulators"> {
  let summary = "Keep accumulators in registers across reduction loops";
  let description = [{
    Loop-invariant `vector.transfer_read`/`transfer_write` pairs of the
    accumulators are hoisted out of the reduction loops (innermost first,
    on tensors), and the loops marked `deconv.unroll` are fully unrolled.
    A parallel loop whose shared output starts as a broadcast (a conv's
    bias) shares an empty tensor instead and broadcasts each tile's part of
    the bias into the tile. Then a read of a filled tensor becomes a splat
    of the fill value, a read of a broadcast a read of its input with the
    broadcast dims repeated, a write that overwrites a whole fill or
    broadcast drops it, and an insert over one that is overwritten elsewhere
    inserts into the tensor under it: a tile starts its accumulators in
    registers (zeros or the bias), and the initial output is neither stored
    nor loaded back. Accumulators written back after
    a loop into slices of one tile take each slice from the tile as the
    previous inserts left it (a slice also read before the loop keeps that
    read), so that bufferization writes them in place instead of through a
    temporary buffer per slice.
  }];
  let dependentDialects = CodegenDeps;
}

def DeconvSkipInsertedZeros : Pass<"deconv-skip-inserted-zeros"> {
  let summary = "Drop the FMAs that only read zero-inserted elements";
  let description = [{
    In a transposed conv lowered by zero insertion, an unrolled kernel step
    whose input read (followed up through slices) falls entirely between
    the elements inserted with a stride into a zero fill multiplies zeros:
    its FMA is dropped (half of a depthwise row kernel's FMAs at stride 2).
    The products are artifacts of the lowering, so dropping them is exact.
  }];
  let dependentDialects = CodegenDeps;
}

def DeconvLowerTransposes : Pass<"deconv-lower-transposes"> {
  let summary = "Lower vector transposes of layout-transpose blocks";
  let description = [{
    The `vector.transpose` ops of the tiled layout transposes are lowered:
    with 16 lanes a 16x16 f32 block becomes upstream's AVX-512 sequence of
    unpacks and 128-bit lane shuffles (the element-wise default leaves LLVM
    256 scalar inserts to rebuild); blocks that become columns (up to 4 x
    16) lower to one shuffle of the flattened vector.
  }];
  let options = [VectorWidthOption];
  let dependentDialects = CodegenDeps;
}

def DeconvFuseEpilogues : Pass<"deconv-fuse-epilogues"> {
  let summary = "Apply elementwise consumers of a result to its tiles";
  let description = [{
    An elementwise `linalg.generic` (parallel loops, static shapes, a
    payload of `arith` and `math` ops such as ReLU, LeakyReLU, clamp, tanh,
    sigmoid, a residual add or a type conversion) that reads a result of a
    tiled loop moves into that loop: it is pushed through the inserts that
    place sub-pixel phases into the output (its other operands sliced the
    same way), fused into the `scf.forall` that writes the tiles, and
    vectorized on each tile, so that it applies to the values before they
    are stored instead of in a separate pass over the result.
  }];
  let dependentDialects = CodegenDeps;
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

def DeconvVectorizeCopies : Pass<"deconv-vectorize-copies"> {
  let summary = "Write copies and fills of rows of run-time length as vector "
                "loops";
  let description = [{
    Runs on buffers, after bufferization. A `linalg.copy`, `linalg.fill` or
    constant `linalg.map` (a lowered `tensor.pad`'s padding) whose innermost
    extent is dynamic and of unit stride becomes a loop nest over the outer
    dims around a row loop of whole vectors (`vector.load`/`vector.store`)
    and one masked vector for the row's end (`vector.maskedload`/
    `vector.maskedstore`). Left to LLVM, such a copy is one `memcpy` or
    `memset` call per row, which costs more than it moves on the short rows
    of the tiles of dynamically shaped ops. Copies and fills with a static
    innermost extent are left to LLVM, which vectorizes them.
  }];
  let options = [VectorWidthOption];
  let dependentDialects = [
    "::mlir::affine::AffineDialect", "::mlir::arith::ArithDialect",
    "::mlir::memref::MemRefDialect", "::mlir::scf::SCFDialect",
    "::mlir::vector::VectorDialect"
  ];
}

def DeconvContractMultiplyAdd : Pass<"deconv-contract-multiply-add"> {
  let summary = "Let LLVM fuse floating-point multiply-adds into FMAs";
  let description = [{
    Marks every `arith.mulf` whose only use is an `arith.addf` or
    `arith.subf`, and that sum, with the `contract` fast-math flag. LLVM then
    emits one fused multiply-add for the pair where the target has an FMA
    instruction, and the pair unchanged where it has none (as C compilers do
    with `-ffp-contract=fast`). The vector kernels already multiply-add with
    `vector.fma`; this pass is for the scalar loops that remain: the `loops`
    strategy and the forms that no vector kernel covers. A product with other
    uses is left alone.

    Example: `%p = arith.mulf %a, %b : f32` and `%s = arith.addf %c, %p : f32`
    become `arith.mulf %a, %b fastmath<contract>` and
    `arith.addf %c, %p fastmath<contract>`.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect"];
}

def DeconvVectorizePhaseGathers : Pass<"deconv-vectorize-phase-gathers"> {
  let summary = "Interleave the batched sub-pixel form's phases with vector "
                "shuffles";
  let description = [{
    Runs on buffers, after bufferization. The batched sub-pixel form of a
    transposed conv ends in one gather per output plane,
    `out[o] = z[(o + off) mod s, (o + off) floordiv s]` along each spatial
    dim (plus the bias). Such a `linalg.generic` becomes loops over the
    output's outer dims and, along each row, steps that read `vector-width`
    positions of each of the row's `s` phases (`vector.transfer_read`, the
    row's end masked), shuffle them into `s * vector-width` outputs
    (`vector.shuffle`) and write them (masked at the row's end). Left to
    LLVM, the gather is a vector gather per few outputs with its index
    arithmetic. Row strides above 8 are left alone.
  }];
  let options = [VectorWidthOption];
  let dependentDialects = [
    "::mlir::affine::AffineDialect", "::mlir::arith::ArithDialect",
    "::mlir::memref::MemRefDialect", "::mlir::scf::SCFDialect",
    "::mlir::vector::VectorDialect"
  ];
}

def DeconvDestinationEntries : Pass<"deconv-destination-entries", "ModuleOp"> {
  let summary = "Add a twin of a function that writes its results into "
                "buffers the caller passes";
  let description = [{
    Runs on buffers, after bufferization and before buffer deallocation. Each
    `func.func` carrying a `deconv.destination_entry = "name"` attribute gets
    a twin `@name` whose memref results are trailing memref arguments
    instead (upstream's buffer-results-to-out-params on the twin only). Where
    a result is a `memref.alloc` of static shape in the function, the twin
    computes directly into the caller's buffer: the allocation is replaced by
    the argument, and there is no copy. Other results are copied into it at
    the return. The twin keeps the original's attributes (the C interface).
    The original then allocates its results (64-byte aligned) and calls the
    twin, so that the code exists once; an original whose results have a
    non-identity layout keeps its body. The attribute is removed.

    The C interface gives functions with static shapes such a twin, so that
    `deconv_<f>` in the generated header writes into the caller's arrays.
    The caller's buffers must not overlap the inputs.
  }];
  let dependentDialects = ["::mlir::memref::MemRefDialect"];
}

def DeconvOutlineLoopNests : Pass<"deconv-outline-loop-nests", "ModuleOp"> {
  let summary = "Move each top-level loop nest of a function into a function "
                "of its own";
  let description = [{
    Runs on buffers, after buffer deallocation. Every loop nest directly in
    the body of a `func.func` (an `scf.for`, `scf.forall` or `scf.parallel`,
    or a linalg op on buffers) with at least `min-ops` operations, regions
    included, becomes the body of a new private function that the original
    calls. Its memref, index and scalar operands and the values its regions
    capture become arguments; constants are cloned into the new function, so
    that loop bounds and steps stay constants there. The new functions have
    internal linkage and are not inlined.

    A network lowers to one function with a few loop nests per layer. LLVM's
    loop passes (rotation, full unrolling, memcpy optimization, loop
    deletion) take time that grows faster than linearly with a function's
    size, so one function per nest keeps the compile time per layer flat as
    networks grow. A function with fewer than `min-nests` nests (a layer or
    a few) stays whole: there the gain is small, and inside one function
    LLVM knows which buffers are distinct allocations and how they are
    aligned, which out-of-line nests no longer see (0-4 % of run time on
    single layers).
  }];
  let options = [
    Option<"minNests", "min-nests", "int64_t", /*default=*/"64",
           "Functions with fewer top-level loop nests stay whole">,
    Option<"minOps", "min-ops", "int64_t", /*default=*/"1",
           "Nests with fewer operations (regions included) stay inline">,
  ];
  let dependentDialects = ["::mlir::func::FuncDialect",
                           "::mlir::LLVM::LLVMDialect"];
}

def DeconvPlanWorkspaces : Pass<"deconv-plan-workspaces", "ModuleOp"> {
  let summary = "Place each function's temporary buffers in one workspace";
  let description = [{
    Runs on buffers, after buffer deallocation. A temporary of a `func.func`
    is a `memref.alloc` of static shape and identity layout, in the body or
    in sequential `scf.for` and `scf.if` regions of it (not in parallel
    loops, whose iterations run at once), freed by one `memref.dealloc` in
    the same block, none of whose views leaves through a nested region's
    terminator. Its lifetime runs from the body's operation that holds the
    allocation to the last one that uses it or a memref derived from it (a
    view, a cast, or any result of an op that takes it): a buffer of a
    loop's body lives during the whole loop, and its iterations reuse it.

    The temporaries of static size get offsets in one byte buffer, the
    workspace: the largest first, each at the lowest 64-byte aligned offset
    free of the temporaries live at the same time. Each allocation becomes a
    `memref.view` of the workspace and its dealloc goes. The function takes
    the workspace from `__deconv_workspace_acquire_<f>` at its start and
    gives it to `__deconv_workspace_release_<f>` before its return. A
    temporary of run-time size (a dynamic batch's activations) gets a
    workspace of its own, `__deconv_workspace_acquire_<f>_<k>(bytes)`, taken
    where it was allocated and given back where it was freed. The functions
    are declared here with the size (attribute `deconv.workspace_bytes`, 0
    for a size passed at run time; `deconv.workspace_release` names an
    acquire's release) and defined by `--deconv-cache-workspaces` after the
    conversion to LLVM.

    With the workspaces kept between calls, a function allocates its
    temporaries on its first call (and when a run-time size grows), in a
    space no larger than what is live at once. Buffers allocated inside
    parallel loops (a kernel's per-tile scratch) or returned stay as they
    are.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::func::FuncDialect",
                           "::mlir::memref::MemRefDialect"];
}

def DeconvCacheWorkspaces : Pass<"deconv-cache-workspaces", "ModuleOp"> {
  let summary = "Define the workspace functions: one workspace per function "
                "kept across calls";
  let description = [{
    Runs on the LLVM dialect, after the conversion of the functions
    `--deconv-plan-workspaces` declared. Each workspace waits between calls
    in an internal global slot, in a block whose 64-byte header holds its
    capacity. An acquire takes the block out with an atomic exchange and
    uses it if it holds the bytes asked; when the slot is empty, or its
    block is too small (a run-time size that grew; the small block is
    freed), it allocates a new one, 64-byte aligned. A release puts the block
    back with a compare-exchange into the empty slot, or frees it when
    another caller's block is there by now. Concurrent calls of one function
    therefore never share a workspace, and a call that follows another finds
    warm pages instead of allocating. A destructor of the object
    (`llvm.global_dtors`) frees the blocks left in the slots.

    The taking function's result is declared `noalias` and 64-byte aligned,
    as an allocation's is, so LLVM still sees the temporaries as distinct
    aligned buffers. A taken workspace is passed to
    `__deconv_workspace_adopt`, which `--deconv-status-entries` makes record
    it with the call's buffers: a call that fails frees it.
  }];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect"];
}

def DeconvStatusEntries : Pass<"deconv-status-entries", "ModuleOp"> {
  let summary = "Add entry points that return run-time errors as a status";
  let description = [{
    Runs on the LLVM dialect, after the whole lowering, on a module whose
    run-time checks and allocation functions `--deconv-runtime-checks`
    defined. Next to each C interface wrapper `_mlir_ciface_<f>` it defines

    ```c
    int __deconv_status_<f>(const char **error, <the wrapper's arguments>);
    ```

    which returns 0 when the wrapper returned, and 2 when a run-time check or
    an allocation failed, with `*error` (if `error` is not null) pointing to
    the message that `_mlir_ciface_<f>` would have printed before its abort.
    Then every buffer the call had allocated is freed: no result is
    returned, nothing leaks, and the process goes on.

    How: the entry point stores a context (a `jmp_buf` and the list of live
    buffers) in a thread-local pointer and calls `_setjmp`; while the
    pointer is set, `__deconv_fatal` frees the listed buffers and
    `longjmp`s back instead of aborting, and the allocation functions keep
    the list (and so does `__deconv_workspace_adopt`, where
    `--deconv-cache-workspaces` defined it, for a cached workspace a call
    takes). Allocations inside OpenMP parallel regions are not listed and
    abort on failure: no jump may leave a parallel region. `_mlir_ciface_<f>`
    itself still aborts.
  }];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect"];
}

#endif // DECONV_CODEGEN_PASSES_TD
