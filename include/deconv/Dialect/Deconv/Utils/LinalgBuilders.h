//===- LinalgBuilders.h - Linalg forms of a convolution ---------*- C++ -*-===//
//
// The linalg ops a deconv convolution becomes, shared by --deconv-to-linalg
// and the conv_transpose strategies that emit their phase convolutions
// directly.
//
//===----------------------------------------------------------------------===//

#ifndef DECONV_DIALECT_DECONV_UTILS_LINALGBUILDERS_H
#define DECONV_DIALECT_DECONV_UTILS_LINALGBUILDERS_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpDefinition.h"

namespace mlir::deconv {

/// True when a convolution has no product to compute: its input, filter or
/// result has a static zero-size dim. Its result is then its accumulator
/// (and the slices and tiles of the real lowerings would index into empty
/// dims, which their verifiers reject).
bool hasNoProducts(Operation *convOp);

/// One spatial dim of the depth-to-space contraction (PhaseTapsDim in
/// ConvGeometry.h): output phase r of position m reads the (padded) input at
/// m + (r + phaseShift) floordiv stride - t + inputShift and the filter at
/// tap t, phase (r + phaseShift) mod stride.
struct DepthToSpaceMapDim {
  int64_t stride;
  int64_t phaseShift; ///< in [0, stride)
  int64_t inputShift; ///< >= taps - 1: the input is padded for the taps
};

/// The indexing maps of the depth-to-space contraction of a k-D transposed
/// conv, loops (n, co, m_1, r_1, ..., m_k, r_k, ci, t_1, ..., t_k): x (n, ci,
/// m_d + (r_d + phaseShift_d) floordiv s_d - t_d + inputShift_d ...), w (ci,
/// co, t_1, (r_1 + phaseShift_1) mod s_1, ..., t_k, ...), y (n, co, m_1, r_1,
/// ..., m_k, r_k). A zero phase shift leaves plain dims.
SmallVector<AffineMap> getDepthToSpaceMaps(ArrayRef<DepthToSpaceMapDim> dims,
                                           MLIRContext *ctx);

/// The accumulator of a convolution result [N, Cout, O...] of the given
/// sizes: the bias broadcast along N and the spatial dims, or zeros.
Value buildConvInit(OpBuilder &b, Location loc, ArrayRef<OpFoldResult> sizes,
                    Type elementType, Value bias);

/// Accumulates the convolution of an already padded channels-first input
/// with a [Cout, Cin/groups, K...] filter into `init` (destination-passing
/// style, so `init` may be a strided slice of a larger output): a named
/// linalg convolution for one group, a linalg.generic otherwise.
Value buildLinalgConv(OpBuilder &b, Location loc, Value input, Value filter,
                      Value init, ArrayRef<int64_t> strides,
                      ArrayRef<int64_t> dilations, int64_t groups);

/// acc + x * w in the accumulator's type: 16-bit operands are extended to
/// the f32 accumulator of a widened op before the product.
Value buildMultiplyAdd(OpBuilder &b, Location loc, Value acc, Value x, Value w);

/// `v` transposed by `perm` (result dim i is `v`'s dim perm[i]).
Value transposeTo(OpBuilder &b, Location loc, Value v, ArrayRef<int64_t> perm);

} // namespace mlir::deconv

#endif // DECONV_DIALECT_DECONV_UTILS_LINALGBUILDERS_H
