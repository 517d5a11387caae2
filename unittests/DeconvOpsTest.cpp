//===- DeconvOpsTest.cpp - C++ API of the deconv ops ----------------------===//
//
// What IR tests cannot reach: builders that infer the result type, and the
// inference entry point on invalid operands (no crash, no diagnostics when no
// location is given).
//
//===----------------------------------------------------------------------===//

#include "deconv/Dialect/Deconv/IR/DeconvOps.h"
#include "deconv/InitAllDeconv.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"

#include <gtest/gtest.h>

using namespace mlir;

namespace {
class DeconvOpsTest : public ::testing::Test {
protected:
  DeconvOpsTest() {
    DialectRegistry registry;
    deconv::registerAllDialects(registry);
    ctx.appendDialectRegistry(registry);
    ctx.loadAllAvailableDialects();
    module = ModuleOp::create(UnknownLoc::get(&ctx));
  }

  /// A function with the given argument types; returns its arguments.
  ValueRange makeFunction(OpBuilder &b, ArrayRef<Type> args) {
    b.setInsertionPointToEnd(module->getBody());
    auto fn = func::FuncOp::create(b, b.getUnknownLoc(), "f",
                                   b.getFunctionType(args, {}));
    Block *body = fn.addEntryBlock();
    b.setInsertionPointToEnd(body);
    return body->getArguments();
  }

  MLIRContext ctx;
  OwningOpRef<ModuleOp> module;
};
} // namespace

TEST_F(DeconvOpsTest, BuilderInfersResultType) {
  OpBuilder b(&ctx);
  Type f32 = b.getF32Type();
  ValueRange args = makeFunction(b, {RankedTensorType::get({1, 4, 3, 3}, f32),
                                     RankedTensorType::get({4, 2, 3, 3}, f32),
                                     RankedTensorType::get({2}, f32)});
  auto op = deconv::ConvTransposeOp::create(
      b, b.getUnknownLoc(), args[0], args[1], args[2],
      b.getDenseI64ArrayAttr({2, 2}), /*dilations=*/nullptr,
      b.getDenseI64ArrayAttr({1, 1, 1, 1}), b.getDenseI64ArrayAttr({1, 1}),
      b.getI64IntegerAttr(1));
  EXPECT_EQ(op.getType(), RankedTensorType::get({1, 2, 6, 6}, f32));
  EXPECT_TRUE(succeeded(verify(op)));
  deconv::ConvParams p = op.getParams();
  EXPECT_EQ(p.strides[0], 2);
  EXPECT_EQ(p.dilations[1], 1); // default filled in
  EXPECT_EQ(p.padding.size(), 4u);
}

TEST_F(DeconvOpsTest, InferenceOnInvalidOperandsFailsQuietly) {
  OpBuilder b(&ctx);
  Type f32 = b.getF32Type();
  ValueRange args = makeFunction(b, {RankedTensorType::get({1, 4, 5, 5}, f32),
                                     RankedTensorType::get({3, 2, 3, 3}, f32)});
  SmallVector<Type> inferred;
  NamedAttrList attrs;
  attrs.append("strides", b.getI64IntegerAttr(2)); // wrong attribute kind
  EXPECT_TRUE(failed(deconv::ConvTransposeOp::inferReturnTypes(
      &ctx, std::nullopt, args, attrs.getDictionary(&ctx),
      OpaqueProperties(nullptr), {}, inferred)));
  // Channel mismatch with well-formed attributes.
  EXPECT_TRUE(failed(deconv::ConvTransposeOp::inferReturnTypes(
      &ctx, std::nullopt, args, DictionaryAttr::get(&ctx),
      OpaqueProperties(nullptr), {}, inferred)));
}

TEST_F(DeconvOpsTest, ReifyDynamicDims) {
  OpBuilder b(&ctx);
  Type f32 = b.getF32Type();
  int64_t dyn = ShapedType::kDynamic;
  ValueRange args = makeFunction(b, {RankedTensorType::get({dyn, 4, dyn}, f32),
                                     RankedTensorType::get({8, 4, 3}, f32)});
  auto op = deconv::ConvOp::create(b, b.getUnknownLoc(), args[0], args[1],
                                   /*bias=*/nullptr, nullptr, nullptr, nullptr,
                                   b.getI64IntegerAttr(1));
  EXPECT_EQ(op.getType(), RankedTensorType::get({dyn, 8, dyn}, f32));
  ReifiedRankedShapedTypeDims dims;
  ASSERT_TRUE(succeeded(op.reifyResultShapes(b, dims)));
  ASSERT_EQ(dims.size(), 1u);
  ASSERT_EQ(dims[0].size(), 3u);
  EXPECT_TRUE(isa<Value>(dims[0][0]));           // tensor.dim of the input
  EXPECT_EQ(getConstantIntValue(dims[0][1]), 8); // static Cout
  EXPECT_TRUE(isa<Value>(dims[0][2]));           // affine.apply of I and K
}
