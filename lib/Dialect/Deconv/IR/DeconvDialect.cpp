//===- DeconvDialect.cpp - The deconv dialect -----------------------------===//

#include "deconv/Dialect/Deconv/IR/DeconvDialect.h"
#include "deconv/Dialect/Deconv/IR/DeconvOps.h"

using namespace mlir;
using namespace mlir::deconv;

#include "deconv/Dialect/Deconv/IR/DeconvDialect.cpp.inc"

void DeconvDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "deconv/Dialect/Deconv/IR/DeconvOps.cpp.inc"
      >();
}
