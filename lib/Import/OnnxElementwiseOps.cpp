//===- OnnxElementwiseOps.cpp - Activations and arithmetic ----------------===//
//
// Relu, LeakyRelu, PRelu, Sigmoid, Tanh, Clip, Add, Sub, Mul and Div become
// broadcasting linalg.generic ops (GraphImporter::elementwise).
//
//===----------------------------------------------------------------------===//

#include "OnnxGraph.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"

#include <cmath>
#include <functional>

namespace mlir::deconv::onnx_import {

//===----------------------------------------------------------------------===//
// Elementwise operators
//===----------------------------------------------------------------------===//

static Value cmpSelect(OpBuilder &b, Location l, arith::CmpFPredicate pred,
                       Value lhs, Value rhs, Value ifTrue, Value ifFalse) {
  Value c = arith::CmpFOp::create(b, l, pred, lhs, rhs);
  return arith::SelectOp::create(b, l, c, ifTrue, ifFalse);
}

llvm::Error convertElementwise(GraphImporter &g, const onnx::NodeProto &node,
                               Location loc) {
  llvm::StringRef op = node.op_type();
  NodeAttrs attrs(node);
  bool binary =
      op == "Add" || op == "Sub" || op == "Mul" || op == "Div" || op == "PRelu";
  if (op == "Clip") {
    if (auto err = expectInputs(node, 1, g.opset < 11 ? 1 : 3))
      return err;
  } else if (auto err = expectInputs(node, binary ? 2 : 1, binary ? 2 : 1)) {
    return err;
  }
  if (g.opset < 7 && binary && attrs.find("broadcast"))
    return importError("the legacy 'broadcast' attribute is not supported");
  TRY(ins, tensorInputs(g, node, loc));
  // PRelu before opset 7: a 1-D slope of C values is per channel (dim 1).
  if (op == "PRelu" && g.opset < 7) {
    auto xt = typeOf(ins[0]), st = typeOf(ins[1]);
    if (xt.getRank() > 2 && st.getRank() == 1 && st.getDimSize(0) != 1 &&
        st.getDimSize(0) == xt.getDimSize(1)) {
      SmallVector<int64_t> shape(xt.getRank() - 1, 1);
      shape[0] = st.getDimSize(0);
      TRY(slope, reshapeTo(g, loc, ins[1], shape));
      ins[1] = slope;
    }
  }
  using Pred = arith::CmpFPredicate;
  std::function<Value(OpBuilder &, Location, ValueRange)> body;
  FloatType ft = g.floatType;
  auto zero = [ft](OpBuilder &b, Location l) -> Value {
    return arith::ConstantOp::create(b, l, b.getFloatAttr(ft, 0.0));
  };
  if (op == "Add")
    body = [](OpBuilder &b, Location l, ValueRange v) -> Value {
      return arith::AddFOp::create(b, l, v[0], v[1]);
    };
  else if (op == "Sub")
    body = [](OpBuilder &b, Location l, ValueRange v) -> Value {
      return arith::SubFOp::create(b, l, v[0], v[1]);
    };
  else if (op == "Mul")
    body = [](OpBuilder &b, Location l, ValueRange v) -> Value {
      return arith::MulFOp::create(b, l, v[0], v[1]);
    };
  else if (op == "Div")
    body = [](OpBuilder &b, Location l, ValueRange v) -> Value {
      return arith::DivFOp::create(b, l, v[0], v[1]);
    };
  else if (op == "Relu")
    body = [&](OpBuilder &b, Location l, ValueRange v) -> Value {
      return arith::MaximumFOp::create(b, l, v[0], zero(b, l));
    };
  else if (op == "LeakyRelu") {
    TRY(alpha, attrs.getFloat("alpha", 0.01f));
    body = [&, alpha](OpBuilder &b, Location l, ValueRange v) -> Value {
      Value a = arith::ConstantOp::create(b, l, b.getFloatAttr(ft, alpha));
      Value scaled = arith::MulFOp::create(b, l, v[0], a);
      return cmpSelect(b, l, Pred::OLT, v[0], zero(b, l), scaled, v[0]);
    };
  } else if (op == "PRelu") {
    body = [&](OpBuilder &b, Location l, ValueRange v) -> Value {
      Value scaled = arith::MulFOp::create(b, l, v[0], v[1]);
      return cmpSelect(b, l, Pred::OLT, v[0], zero(b, l), scaled, v[0]);
    };
  } else if (op == "Sigmoid")
    body = [ft](OpBuilder &b, Location l, ValueRange v) -> Value {
      // 1 / (1 + exp(-x)).
      Value one = arith::ConstantOp::create(b, l, b.getFloatAttr(ft, 1.0));
      Value e = math::ExpOp::create(b, l, arith::NegFOp::create(b, l, v[0]));
      return arith::DivFOp::create(b, l, one,
                                   arith::AddFOp::create(b, l, one, e));
    };
  else if (op == "Tanh")
    body = [](OpBuilder &b, Location l, ValueRange v) -> Value {
      return math::TanhOp::create(b, l, v[0]);
    };
  else if (op == "Clip") {
    // Bounds: attributes before opset 11, optional scalar inputs after.
    std::optional<float> lo, hi;
    bool loInput = false, hiInput = false;
    if (g.opset < 11) {
      TRY(minAttr, attrs.getFloat("min", -INFINITY));
      TRY(maxAttr, attrs.getFloat("max", INFINITY));
      lo = minAttr;
      hi = maxAttr;
    } else {
      loInput = !inputName(node, 1).empty();
      hiInput = !inputName(node, 2).empty();
      for (Value v : ArrayRef<Value>(ins).drop_front())
        if (typeOf(v).getRank() != 0 && typeOf(v).getNumElements() != 1)
          return importError("min and max must be scalars");
    }
    body = [=](OpBuilder &b, Location l, ValueRange v) -> Value {
      Value r = v[0];
      unsigned next = 1;
      auto bound = [&](std::optional<float> c, bool isInput) -> Value {
        if (isInput)
          return v[next++];
        if (c && !std::isinf(*c))
          return arith::ConstantOp::create(b, l, b.getFloatAttr(ft, *c));
        return nullptr;
      };
      // max(min(x, hi), lo), as ONNX's reference computes it.
      Value loV = bound(lo, loInput);
      Value hiV = bound(hi, hiInput);
      if (hiV)
        r = cmpSelect(b, l, Pred::OGT, r, hiV, hiV, r);
      if (loV)
        r = cmpSelect(b, l, Pred::OLT, r, loV, loV, r);
      return r;
    };
  } else {
    return importError("internal: no elementwise body");
  }
  TRY(y, g.elementwise(loc, ins, body));
  g.define(node.output(0), y);
  return llvm::Error::success();
}

} // namespace mlir::deconv::onnx_import
