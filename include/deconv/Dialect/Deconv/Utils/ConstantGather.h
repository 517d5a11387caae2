//===- ConstantGather.h - Compile-time gathers of constant tensors -*- C++
//-*-===//
//
// Filters that are constants are regrouped, flipped, split into phases and
// packed at compile time; these gathers do it on the constant's bytes.
//
//===----------------------------------------------------------------------===//

#ifndef DECONV_DIALECT_DECONV_UTILS_CONSTANTGATHER_H
#define DECONV_DIALECT_DECONV_UTILS_CONSTANTGATHER_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"

namespace mlir::deconv {

/// `filter` gathered into `resultType` at compile time if it is a constant
/// (splat, or `dense`/`dense_resource` with its data at hand): result element
/// `idx` is the filter's element at row-major offset `offset(idx)`. Null if
/// `filter` is not such a constant.
Value foldConstantFilter(OpBuilder &b, Location loc, Value filter,
                         RankedTensorType resultType,
                         function_ref<int64_t(ArrayRef<int64_t>)> offset);

} // namespace mlir::deconv

#endif // DECONV_DIALECT_DECONV_UTILS_CONSTANTGATHER_H
