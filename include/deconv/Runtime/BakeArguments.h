//===- BakeArguments.h - Function arguments made constants ------*- C++ -*-===//

#ifndef DECONV_RUNTIME_BAKEARGUMENTS_H
#define DECONV_RUNTIME_BAKEARGUMENTS_H

#include "deconv/Runtime/HostTensor.h"

#include "mlir/Support/LLVM.h"

#include <vector>

namespace mlir {
namespace func {
class FuncOp;
} // namespace func
} // namespace mlir

namespace mlir::deconv {

/// Makes the arguments `indices` of `func` constants holding `in`'s tensors
/// (tensor.cast back to the declared type where that has dynamic dims) and
/// removes them from the signature and from `in`, as a deployed network's
/// weights are compiled in. `in` holds one tensor per argument; shapes must
/// already match the declared types.
void bakeArguments(func::FuncOp func, ArrayRef<unsigned> indices,
                   std::vector<HostTensor> &in);

} // namespace mlir::deconv

#endif // DECONV_RUNTIME_BAKEARGUMENTS_H
