//===- Transforms.h - The code generator's rewrites -------------*- C++ -*-===//
//
// The rewrites behind the layout passes, callable on any op's regions.
//
//===----------------------------------------------------------------------===//

#ifndef DECONV_CODEGEN_TRANSFORMS_H
#define DECONV_CODEGEN_TRANSFORMS_H

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir::deconv {

/// A layout transpose tiled into 16x16 blocks of the two dims that are
/// innermost on either side (parallel tiles, shared among threads later):
/// the naive loop nest reads one of them with a stride of a whole row per
/// element, a cache miss each. Blocks of static shape are vectorized (a
/// vector.transpose of registers). A transpose that keeps the innermost dim
/// takes parallel tiles of the two innermost result dims instead. With 16
/// `lanes`, blocks of 4-16 by 4-16 are vectorized masked, as 16x16 ones.
void tileTranspose(RewriterBase &rewriter, linalg::TransposeOp op,
                   int64_t lanes);

/// Patterns that move zero padding, windows, fills and broadcasts across
/// layout transposes (and fold them), so that the transposes run once, on
/// the unpadded data, writing straight into their destination buffers.
void populateLayoutFoldingPatterns(RewritePatternSet &patterns);

/// Copies and transposes of constants (through static reshapes: a
/// constant filter and its packed layout) become constants, computed at
/// compile time. Returns whether any was folded.
bool foldConstantCopies(RewriterBase &rewriter, Operation *root);
/// A chain of insert_slices of transposed tensors (the sub-pixel phases, each
/// computed channels-last, transposed back and written to its strided slice
/// of the output) into a fill, broadcast or empty base becomes the chain of
/// the untransposed tensors into the base's transpose, transposed once at
/// the end. Returns whether any chain was rewritten.
bool hoistTransposesOutOfInsertChains(RewriterBase &rewriter, Operation *root);

/// A chain of insert_slices that writes NCHW tensors (sub-pixel phases kept
/// NCHW) to every residue of the strided slices of an output, covering it,
/// becomes the phases stacked contiguously, [s_1..s_k, N, C, P_1..P_k], and
/// one transpose to [N, C, P_1, s_1, ..., P_k, s_k] reshaped to the output:
/// tiled, it interleaves whole vectors of the phases instead of scattering
/// each element. Returns whether any chain was rewritten.
bool stackStridedPhases(RewriterBase &rewriter, Operation *root);

/// A transpose of a reshaped transpose (the batched sub-pixel form's
/// interleave of a channels-last result put back into NCHW) becomes one
/// transpose of the reshaped input, when the reshape can move before the
/// inner transpose. Returns whether any was merged.
bool mergeReshapedTransposes(RewriterBase &rewriter, Operation *root);

/// The output cut from a merged phase grid (the channel-major interleave,
/// extract_slice(collapse(transpose(x))) with x [N, P_1..P_k, C, s_1..s_k])
/// is built row by row instead: one parallel tile per output row, each run
/// of s_k outputs (clipped to the row) one vector read of x and one vector
/// write. No transposed grid is stored and copied out again. For rows of at
/// most 64 runs. Returns whether any was rewritten.
bool interleaveRuns(RewriterBase &rewriter, Operation *root);

} // namespace mlir::deconv

#endif // DECONV_CODEGEN_TRANSFORMS_H
