//===- Reference.h - Plain reference convolutions ---------------*- C++ -*-===//
//
// Straight loops written from the ops' definitions (DeconvOps.td), for
// tests and `deconv-run --reference` only. Nothing here is shared with the
// lowerings (not even the output-size formula or the attribute decoding), so
// the two can check each other. Accumulates in double.
//
//===----------------------------------------------------------------------===//

#ifndef DECONV_REFERENCE_REFERENCE_H
#define DECONV_REFERENCE_REFERENCE_H

#include "deconv/Runtime/HostTensor.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <vector>

namespace mlir {
class Operation;
namespace func {
class FuncOp;
} // namespace func
} // namespace mlir

namespace mlir::deconv::reference {

/// A dense row-major tensor (a plain data holder, no behaviour).
using Tensor = HostTensor;

struct ConvAttrs {
  bool transpose = false;
  std::vector<int64_t> strides, dilations, padding, outputPadding;
  int64_t groups = 1;
};

/// y = conv(x, w) + bias, or conv_transpose; `bias` may be null. The values
/// are the exact sums (in double), not rounded to any narrower type; the
/// result's kind is x's. Errors on inconsistent shapes.
llvm::Expected<Tensor> convolution(const Tensor &x, const Tensor &w,
                                   const Tensor *bias, const ConvAttrs &attrs);

/// Evaluates `func` op by op on `inputs`, with straight loops of its own:
///  - deconv.conv and deconv.conv_transpose (convolution() above);
///  - linalg ops on tensors (linalg.generic, fill, transpose, broadcast, map,
///    matmul, ...: any linalg op whose payload uses the scalar ops below),
///    parallel and reduction loops alike;
///  - elementwise arith/math ops on tensors;
///  - tensor.empty, dim, cast, concat, pad (constant padding value),
///    expand_shape, collapse_shape, reshape, extract_slice, insert_slice;
///  - arith.constant (dense f32 tensors, f32 and index scalars) and
///    func.return.
/// Scalar ops: arith addf, subf, mulf, divf, negf, maximumf, minimumf,
/// maxnumf, minnumf, cmpf, select, constant, and math tanh, exp, sqrt, absf,
/// log, plus linalg.index. Any other op is an error naming it.
llvm::Expected<std::vector<Tensor>> evaluate(func::FuncOp func,
                                             const std::vector<Tensor> &inputs);

} // namespace mlir::deconv::reference

#endif // DECONV_REFERENCE_REFERENCE_H
