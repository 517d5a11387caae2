//===- DeconvOps.h - deconv.conv and deconv.conv_transpose ------*- C++ -*-===//

#ifndef DECONV_DIALECT_DECONV_IR_DECONVOPS_H
#define DECONV_DIALECT_DECONV_IR_DECONVOPS_H

#include "deconv/Dialect/Deconv/IR/DeconvDialect.h"
#include "deconv/Support/ConvGeometry.h"

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#define GET_OP_CLASSES
#include "deconv/Dialect/Deconv/IR/DeconvOps.h.inc"

namespace mlir::deconv {

/// Reads the parameters of a deconv op from its attributes, filling in
/// defaults. Attributes of the wrong kind (only possible in unverified IR) are
/// reported through `error` and yield failure. Shared by inference and the
/// lowerings.
FailureOr<::mlir::deconv::ConvParams>
readConvParams(::mlir::deconv::ConvKind kind, DictionaryAttr attrs,
               unsigned spatialRank,
               function_ref<void(const Twine &)> error = nullptr);

/// The parameters of `op`, a deconv.conv or deconv.conv_transpose.
::mlir::deconv::ConvParams getConvParams(Operation *op);

/// The output length of spatial dim `d` of a deconv op as an affine
/// expression of its input length `in` and kernel length `kernel`; null if
/// the formula's coefficients overflow int64. Shared by shape reification and
/// shape inference, so both fold the same expression.
AffineExpr getOutputLengthExpr(::mlir::deconv::ConvKind kind,
                               const ::mlir::deconv::SpatialParams &p,
                               AffineExpr in, AffineExpr kernel);

/// The deconv.conv and deconv.conv_transpose ops under `root`, in walk
/// order: the worklist of the passes that rewrite them one by one.
SmallVector<Operation *> getConvLikeOps(Operation *root);

} // namespace mlir::deconv

#endif // DECONV_DIALECT_DECONV_IR_DECONVOPS_H
