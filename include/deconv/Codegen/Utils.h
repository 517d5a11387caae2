//===- Utils.h - Shared IR helpers of the code generator --------*- C++ -*-===//

#ifndef DECONV_CODEGEN_UTILS_H
#define DECONV_CODEGEN_UTILS_H

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir::deconv {

/// Marks the reduction steps of a kernel that are fully unrolled after
/// vectorization (--deconv-forward-accumulators).
constexpr StringLiteral kUnrollAttr = "deconv.unroll";

/// The largest divisor of `n` that is at most `cap` (at least 1).
int64_t largestDivisorAtMost(int64_t n, int64_t cap);

/// `v` modulo `m` (in [0, m)) where the IR shows it: constants, sums and
/// constant multiples (arith, affine.apply) and the induction variables of
/// loops whose lower bound is constant and whose step `m` divides.
std::optional<int64_t> residue(Value v, int64_t m);

/// Whether every index offset + k * stride (k < size) falls between the
/// elements of a zero insertion, an insert with offset `at` and stride
/// `step` > 1 into a fill: the slice then reads only the fill. `offset` is
/// the sum of `offsetTerms`; false when a term's residue is unknown.
bool missesStridedInsert(ArrayRef<OpFoldResult> offsetTerms, int64_t size,
                         int64_t stride, int64_t at, int64_t step);

/// Whether `a` and `b` are both fills with the same value (the same SSA
/// value or equal constants).
bool sameFillValue(linalg::FillOp a, linalg::FillOp b);

/// `v` through the expand/collapse_shapes that produce it: the value a
/// reshaped tensor was computed as.
Value skipReshapes(Value v);

/// The offsets and sizes of `op` if it is a unit-stride box of constant
/// offsets and sizes (SSA constants included: they are not folded into
/// the op until canonicalization).
std::optional<std::pair<SmallVector<int64_t>, SmallVector<int64_t>>>
getConstantBox(OffsetSizeAndStrideOpInterface op);

/// `v` as index attributes.
SmallVector<OpFoldResult> indexAttrs(Builder &b, ArrayRef<int64_t> v);

/// `inner` inserted at `offsets` with `strides` into a tensor of `shape`
/// filled with `value`.
Value insertIntoFill(OpBuilder &b, Location loc, Value inner, Value value,
                     ArrayRef<int64_t> shape, ArrayRef<int64_t> offsets,
                     ArrayRef<int64_t> strides);

/// `v` with zeros appended along `dim` up to size `size`.
Value padDim(OpBuilder &b, Location loc, Value v, int64_t dim, int64_t size);

/// The first `size` entries of `v` along `dim`.
Value sliceDim(OpBuilder &b, Location loc, Value v, int64_t dim, int64_t size);

/// Why no micro-kernel can take the conv `op`, or "" if one can: static
/// shapes, f32 operands or bf16 ones summed in f32, some product.
std::string getMicroKernelBlocker(linalg::LinalgOp op);

/// getMicroKernelBlocker(op) is empty.
bool isMicroKernelCandidate(linalg::LinalgOp op);

/// A tensor that holds a broadcast of `input` along the dims `added`.
struct BroadcastValue {
  Value input;
  SmallVector<int64_t> added;
};

/// `v` as a broadcast: a linalg.broadcast, seen through reshapes that only
/// merge or split unit dims into its dims, or inserted at offset 0 into a
/// fill that is larger only along broadcast dims (an accumulator padded to
/// whole vectors, whose padding is cut off afterwards and may hold
/// anything).
std::optional<BroadcastValue> getBroadcastValue(Value v);

/// `slice` (a unit-stride slice of a tensor that holds `b`) overwritten
/// with the same values: a broadcast of the slice's part of b's input into
/// it.
Value broadcastIntoSlice(OpBuilder &builder, tensor::ExtractSliceOp slice,
                         const BroadcastValue &b);

/// The linalg.fill that `v` is, through reshapes (the fill of a 1-D or 3-D
/// conv lifted or flattened to 2-D), or null.
linalg::FillOp fillThroughReshapes(Value v);

/// The indices of a reshape's source in terms of those of its result
/// (`idx`): a collapsed dim is delinearized into its group, an expanded
/// group linearized. Unit dims get 0.
SmallVector<AffineExpr> reshapeSourceIndices(Operation *reshape,
                                             ArrayRef<AffineExpr> idx);

/// Whether `op` only moves elements: one input, one init, all loops
/// parallel, and a body that yields its input (a transpose, or a generic
/// gathering a filter).
bool isCopyOnly(linalg::LinalgOp op);

/// Follows `src` up through static collapse/expand_shapes, rewriting `idx`
/// (indices into `src`) into indices of the chain's source, which is
/// returned. With `requireOneUse`, each link must have one use (the caller
/// replaces the chain's end); null if that or a static shape is missing.
Value throughStaticReshapes(Value src, SmallVector<AffineExpr> &idx,
                            bool requireOneUse);

} // namespace mlir::deconv

#endif // DECONV_CODEGEN_UTILS_H
