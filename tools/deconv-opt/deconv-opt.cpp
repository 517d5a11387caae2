//===- deconv-opt.cpp - mlir-opt with the deconv dialect ------------------===//
//
// mlir-opt with every upstream dialect, extension and pass plus deconv-opt's
// own, so that lowering pipelines can be written and tested textually.
//
//===----------------------------------------------------------------------===//

#include "deconv/InitAllDeconv.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  mlir::registerAllPasses();
  mlir::deconv::registerAllPasses();

  mlir::DialectRegistry registry;
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
  mlir::deconv::registerAllDialects(registry);

  return mlir::asMainReturnCode(mlir::MlirOptMain(
      argc, argv,
      "deconv-opt: the MLIR optimizer driver with the deconv dialect "
      "(deconv.conv, deconv.conv_transpose) and its passes\n",
      registry));
}
