//===- InitAllDeconv.cpp - Register deconv-opt's dialects and passes ------===//

#include "deconv/InitAllDeconv.h"

#include "deconv/Codegen/Passes.h"
#include "deconv/Conversion/Passes.h"
#include "deconv/Dialect/Deconv/IR/DeconvDialect.h"
#include "deconv/Dialect/Deconv/Transforms/Passes.h"
#include "deconv/Pipelines/Pipelines.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/DialectRegistry.h"

void mlir::deconv::registerAllDialects(mlir::DialectRegistry &registry) {
  registry.insert<mlir::deconv::DeconvDialect, mlir::affine::AffineDialect,
                  mlir::arith::ArithDialect, mlir::func::FuncDialect,
                  mlir::linalg::LinalgDialect, mlir::tensor::TensorDialect,
                  mlir::tosa::TosaDialect>();
}

void mlir::deconv::registerAllPasses() {
  mlir::deconv::registerDeconvPasses();
  mlir::deconv::registerDeconvConversionPasses();
  mlir::deconv::registerDeconvCodegenPasses();
  mlir::deconv::registerDeconvCodegenPipelines();
  mlir::deconv::registerDeconvPipelines();
}
