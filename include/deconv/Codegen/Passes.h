//===- Passes.h - deconv code generator passes -----------------*- C++ -*-===//

#ifndef DECONV_CODEGEN_PASSES_H
#define DECONV_CODEGEN_PASSES_H

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
#include "deconv/Codegen/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "deconv/Codegen/Passes.h.inc"

} // namespace mlir::deconv

#endif // DECONV_CODEGEN_PASSES_H
