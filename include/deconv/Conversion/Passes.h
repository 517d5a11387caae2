//===- Passes.h - deconv conversion passes ----------------------*- C++ -*-===//

#ifndef DECONV_CONVERSION_PASSES_H
#define DECONV_CONVERSION_PASSES_H

#include "deconv/Conversion/DeconvToLinalg/DeconvToLinalg.h"
#include "deconv/Conversion/TosaToDeconv/TosaToDeconv.h"
#include "deconv/Dialect/Deconv/IR/DeconvDialect.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Pass/Pass.h"

namespace mlir::deconv {

#define GEN_PASS_DECL
#include "deconv/Conversion/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "deconv/Conversion/Passes.h.inc"

} // namespace mlir::deconv

#endif // DECONV_CONVERSION_PASSES_H
