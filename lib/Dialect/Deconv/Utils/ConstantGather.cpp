//===- ConstantGather.cpp - Compile-time gathers of constant tensors -----===//

#include "deconv/Dialect/Deconv/Utils/ConstantGather.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/Matchers.h"

#include <cstring>

using namespace mlir;

namespace {

/// The raw row-major bytes of a constant filter: `dense<...>` (not splat) or
/// `dense_resource<...>` whose blob is present.
std::optional<ArrayRef<char>> getConstantFilterData(ElementsAttr w) {
  if (auto dense = dyn_cast<DenseElementsAttr>(w))
    return dense.isSplat() ? std::nullopt
                           : std::optional<ArrayRef<char>>(dense.getRawData());
  if (auto resource = dyn_cast<DenseResourceElementsAttr>(w)) {
    AsmResourceBlob *blob = resource.getRawHandle().getBlob();
    size_t bytes = w.getShapedType().getNumElements() *
                   (w.getElementType().getIntOrFloatBitWidth() / 8);
    if (blob && blob->getData().size() == bytes)
      return blob->getData();
  }
  return std::nullopt;
}

/// A gather of constant data into `resultType`, element by element (any
/// width): output element `idx` is source element `sourceOffset(idx)`.
Value foldGather(OpBuilder &b, Location loc, ElementsAttr w, ArrayRef<char> src,
                 RankedTensorType resultType,
                 function_ref<int64_t(ArrayRef<int64_t>)> sourceOffset) {
  ArrayRef<int64_t> outShape = resultType.getShape();
  size_t eltBytes = w.getElementType().getIntOrFloatBitWidth() / 8;
  std::vector<char> dst(resultType.getNumElements() * eltBytes);
  SmallVector<int64_t> idx(outShape.size(), 0);
  for (int64_t flat = 0, e = resultType.getNumElements(); flat < e; ++flat) {
    int64_t rem = flat;
    for (int64_t d = outShape.size() - 1; d >= 0; --d) {
      idx[d] = rem % outShape[d];
      rem /= outShape[d];
    }
    std::memcpy(&dst[flat * eltBytes], &src[sourceOffset(idx) * eltBytes],
                eltBytes);
  }
  return arith::ConstantOp::create(
      b, loc, DenseElementsAttr::getFromRawBuffer(resultType, dst));
}

} // namespace

Value mlir::deconv::foldConstantFilter(
    OpBuilder &b, Location loc, Value filter, RankedTensorType resultType,
    function_ref<int64_t(ArrayRef<int64_t>)> offset) {
  DenseElementsAttr splat;
  if (matchPattern(filter, m_Constant(&splat)) && splat.isSplat())
    return arith::ConstantOp::create(
        b, loc,
        DenseElementsAttr::get(resultType, splat.getSplatValue<Attribute>()));
  ElementsAttr constant;
  if (matchPattern(filter, m_Constant(&constant)))
    if (auto data = getConstantFilterData(constant))
      return foldGather(b, loc, constant, *data, resultType, offset);
  return {};
}
