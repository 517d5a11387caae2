//===- DeconvDialect.h - The deconv dialect ---------------------*- C++ -*-===//

#ifndef DECONV_DIALECT_DECONV_IR_DECONVDIALECT_H
#define DECONV_DIALECT_DECONV_IR_DECONVDIALECT_H

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Dialect.h"

#include "deconv/Dialect/Deconv/IR/DeconvDialect.h.inc"

#endif // DECONV_DIALECT_DECONV_IR_DECONVDIALECT_H
