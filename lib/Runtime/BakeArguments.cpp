//===- BakeArguments.cpp - Function arguments made constants --------------===//

#include "deconv/Runtime/BakeArguments.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

void mlir::deconv::bakeArguments(func::FuncOp func, ArrayRef<unsigned> indices,
                                 std::vector<HostTensor> &in) {
  SmallVector<unsigned> sorted(indices);
  llvm::sort(sorted, std::greater<unsigned>());
  OpBuilder b(func.getBody());
  for (unsigned i : sorted) {
    BlockArgument arg = func.getArgument(i);
    auto declared = cast<RankedTensorType>(arg.getType());
    auto type = RankedTensorType::get(in[i].shape, declared.getElementType());
    // The values in the element type's encoding, which is the layout of a
    // dense attribute's raw buffer.
    ElementKind kind = *getElementKind(type.getElementType());
    std::vector<char> raw(in[i].data.size() * getElementKindBytes(kind));
    encodeElements(in[i].data, kind, raw.data());
    Value v = arith::ConstantOp::create(
        b, arg.getLoc(), DenseElementsAttr::getFromRawBuffer(type, raw));
    if (type != declared)
      v = tensor::CastOp::create(b, arg.getLoc(), declared, v);
    arg.replaceAllUsesWith(v);
    (void)func.eraseArgument(i);
    in.erase(in.begin() + i);
  }
}
