//===- Passes.h - deconv dialect passes -------------------------*- C++ -*-===//

#ifndef DECONV_DIALECT_DECONV_TRANSFORMS_PASSES_H
#define DECONV_DIALECT_DECONV_TRANSFORMS_PASSES_H

#include "deconv/Dialect/Deconv/Transforms/Strategies.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace mlir::deconv {

#define GEN_PASS_DECL
#include "deconv/Dialect/Deconv/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "deconv/Dialect/Deconv/Transforms/Passes.h.inc"

} // namespace mlir::deconv

#endif // DECONV_DIALECT_DECONV_TRANSFORMS_PASSES_H
