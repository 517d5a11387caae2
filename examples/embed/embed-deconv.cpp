//===- embed-deconv.cpp - Using deconv-opt from another compiler ----------===//
//
// What an embedding compiler does: register the deconv dialect and passes
// with its own registry, build a deconv.conv_transpose with the C++ API,
// run deconv-opt's lowering pipeline (options struct) on it, JIT-compile and
// call it, and check the result against the reference implementation.
//
//   embed-deconv [--strategy=auto|zero-insertion|subpixel|loops]
//
//===----------------------------------------------------------------------===//

#include "deconv/Dialect/Deconv/IR/DeconvOps.h"
#include "deconv/InitAllDeconv.h"
#include "deconv/Pipelines/Pipelines.h"
#include "deconv/Reference/Reference.h"
#include "deconv/Runtime/Jit.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Pass/PassManager.h"

#include "llvm/Support/raw_ostream.h"

#include <cmath>
#include <cstring>
#include <string>

using namespace mlir;

int main(int argc, char **argv) {
  std::string strategy = "auto";
  for (int i = 1; i < argc; ++i)
    if (!strncmp(argv[i], "--strategy=", 11))
      strategy = argv[i] + 11;

  DialectRegistry registry;
  deconv::registerJitDependencies(registry); // all dialects + LLVM IR export
  deconv::registerAllPasses();               // --deconv-* for textual use
  MLIRContext context(registry);
  context.loadDialect<deconv::DeconvDialect, func::FuncDialect>();

  // func @upsample(x: 2x8x5x5, w: 8x4x4x4, b: 4) -> conv_transpose, stride 2,
  // padding 1, output_padding 1 (PyTorch's ConvTranspose2d(8, 4, 4, 2, 1, 1)).
  OpBuilder b(&context);
  Location loc = b.getUnknownLoc();
  OwningOpRef<ModuleOp> module = ModuleOp::create(loc);
  auto f32 = b.getF32Type();
  auto xType = RankedTensorType::get({2, 8, 5, 5}, f32);
  auto wType = RankedTensorType::get({8, 4, 4, 4}, f32);
  auto bType = RankedTensorType::get({4}, f32);
  auto yType = RankedTensorType::get({2, 4, 11, 11}, f32);
  b.setInsertionPointToEnd(module->getBody());
  auto func = func::FuncOp::create(
      b, loc, "upsample", b.getFunctionType({xType, wType, bType}, {yType}));
  b.setInsertionPointToStart(func.addEntryBlock());
  Value y = deconv::ConvTransposeOp::create(
      b, loc, yType, func.getArgument(0), func.getArgument(1),
      func.getArgument(2), b.getDenseI64ArrayAttr({2, 2}),
      /*dilations=*/nullptr, b.getDenseI64ArrayAttr({1, 1, 1, 1}),
      b.getDenseI64ArrayAttr({1, 1}), /*groups=*/1);
  func::ReturnOp::create(b, loc, y);
  if (failed(verify(*module)))
    return 1;
  llvm::outs() << *module << "\n";

  // The inputs, and the reference result (computed before lowering).
  std::vector<deconv::HostTensor> inputs;
  unsigned seed = 1;
  for (RankedTensorType t : {xType, wType, bType}) {
    deconv::HostTensor h;
    h.shape.assign(t.getShape().begin(), t.getShape().end());
    h.data.resize(t.getNumElements());
    for (double &v : h.data)
      v = static_cast<float>((seed = seed * 1103515245u + 12345u) >> 16) /
              32768.0f -
          1.0f;
    inputs.push_back(std::move(h));
  }
  auto expected = deconv::reference::evaluate(func, inputs);
  if (!expected) {
    llvm::errs() << llvm::toString(expected.takeError()) << "\n";
    return 1;
  }

  // deconv-opt's pipeline, configured through its options struct, then the
  // JIT (which runs the same pipeline on its own copy of the module).
  deconv::LowerToLLVMOptions options;
  std::optional<deconv::TransposeStrategy> parsed =
      deconv::parseTransposeStrategy(strategy);
  if (!parsed) {
    llvm::errs() << "embed-deconv: unknown --strategy '" << strategy << "'\n";
    return 1;
  }
  options.strategy = *parsed;
  {
    OwningOpRef<ModuleOp> copy = module->clone();
    PassManager pm(&context);
    deconv::buildLowerToLLVMPipeline(pm, options);
    if (failed(pm.run(*copy)))
      return 1;
    llvm::outs() << "lowered to the LLVM dialect with strategy=" << strategy
                 << "\n";
  }
  auto jit = deconv::JitFunction::compile(*module, "upsample", options);
  if (!jit) {
    llvm::errs() << llvm::toString(jit.takeError()) << "\n";
    return 1;
  }
  auto results = (*jit)->call(inputs);
  if (!results) {
    llvm::errs() << llvm::toString(results.takeError()) << "\n";
    return 1;
  }
  const auto &got = (*results)[0], &want = (*expected)[0];
  double maxErr = 0;
  for (size_t i = 0; i < want.data.size(); ++i)
    maxErr = std::max(maxErr, std::fabs(got.data[i] - want.data[i]));
  bool ok = got.shape == want.shape && maxErr <= 1e-4;
  llvm::outs() << "result " << deconv::formatShape(got.shape)
               << " max_abs_err=" << maxErr << (ok ? " PASS" : " FAIL") << "\n";
  return ok ? 0 : 1;
}
