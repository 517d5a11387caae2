//===- Reference.cpp - Plain reference convolutions -----------------------===//

#include "deconv/Reference/Reference.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/BuiltinAttributes.h"

#include "llvm/ADT/DenseMap.h"

#include <cmath>

using namespace mlir;
using namespace mlir::deconv::reference;

namespace {

llvm::Error fail(const llvm::Twine &msg) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), msg);
}

int64_t product(const std::vector<int64_t> &v, size_t from = 0) {
  int64_t p = 1;
  for (size_t i = from; i < v.size(); ++i)
    p *= v[i];
  return p;
}

/// Decodes a flat index into a multi-index over `shape`.
void unflatten(int64_t flat, const std::vector<int64_t> &shape,
               std::vector<int64_t> &idx) {
  idx.resize(shape.size());
  for (size_t d = shape.size(); d-- > 0;) {
    idx[d] = flat % shape[d];
    flat /= shape[d];
  }
}

} // namespace

llvm::Expected<Tensor>
mlir::deconv::reference::convolution(const Tensor &x, const Tensor &w,
                                     const Tensor *bias, const ConvAttrs &a) {
  size_t rank = x.shape.size();
  if (rank < 3 || w.shape.size() != rank)
    return fail("reference: input and filter need the same rank >= 3");
  size_t k = rank - 2;
  int64_t n = x.shape[0], cin = x.shape[1], g = a.groups;
  if (g < 1 || cin % g)
    return fail("reference: groups must divide the input channels");
  int64_t cout = a.transpose ? w.shape[1] * g : w.shape[0];
  if ((a.transpose ? w.shape[0] : w.shape[1] * g) != cin)
    return fail("reference: filter channels do not match the input");
  int64_t cinG = cin / g, coutG = cout / g;
  std::vector<int64_t> ks(w.shape.begin() + 2, w.shape.end());
  std::vector<int64_t> in(x.shape.begin() + 2, x.shape.end());

  Tensor y;
  y.shape = {n, cout};
  for (size_t d = 0; d < k; ++d) {
    int64_t s = a.strides[d], dil = a.dilations[d];
    int64_t lo = a.padding[d], hi = a.padding[k + d];
    int64_t reach = dil * (ks[d] - 1);
    int64_t o = a.transpose
                    ? (in[d] - 1) * s - lo - hi + reach + a.outputPadding[d] + 1
                    : (in[d] + lo + hi - reach - 1) / s + 1;
    if (!a.transpose && in[d] + lo + hi - reach - 1 < 0)
      o = 0;
    if (o < 1)
      return fail("reference: empty output");
    y.shape.push_back(o);
  }
  std::vector<int64_t> outSp(y.shape.begin() + 2, y.shape.end());
  int64_t outPix = product(outSp), inPix = product(in), taps = product(ks);
  std::vector<double> acc(n * cout * outPix, 0.0);
  std::vector<int64_t> oi, ii;
  // Multi-indices of the taps, decoded once.
  std::vector<std::vector<int64_t>> tapIdx(taps);
  for (int64_t kp = 0; kp < taps; ++kp)
    unflatten(kp, ks, tapIdx[kp]);

  if (!a.transpose) {
    // Gather: y[n, co, o] = sum_{c, k} x[n, grp*Cin/g + c, o*s - lo + k*dil]
    //                                   * w[co, c, k]
    for (int64_t b = 0; b < n; ++b)
      for (int64_t co = 0; co < cout; ++co)
        for (int64_t op = 0; op < outPix; ++op) {
          unflatten(op, outSp, oi);
          double sum = 0;
          for (int64_t c = 0; c < cinG; ++c)
            for (int64_t kp = 0; kp < taps; ++kp) {
              const std::vector<int64_t> &ki = tapIdx[kp];
              int64_t xoff = 0;
              bool inside = true;
              for (size_t d = 0; d < k; ++d) {
                int64_t pos = oi[d] * a.strides[d] - a.padding[d] +
                              ki[d] * a.dilations[d];
                inside &= pos >= 0 && pos < in[d];
                xoff = xoff * in[d] + pos;
              }
              if (!inside)
                continue;
              int64_t ci = (co / coutG) * cinG + c;
              sum += double(x.data[(b * cin + ci) * inPix + xoff]) *
                     double(w.data[(co * cinG + c) * taps + kp]);
            }
          acc[(b * cout + co) * outPix + op] = sum;
        }
  } else {
    // Scatter: every x[n, ci, i] * w[ci, co, k] lands on o = i*s - lo + k*dil.
    for (int64_t b = 0; b < n; ++b)
      for (int64_t ci = 0; ci < cin; ++ci)
        for (int64_t ip = 0; ip < inPix; ++ip) {
          unflatten(ip, in, ii);
          double xv = x.data[(b * cin + ci) * inPix + ip];
          for (int64_t co = 0; co < coutG; ++co)
            for (int64_t kp = 0; kp < taps; ++kp) {
              const std::vector<int64_t> &ki = tapIdx[kp];
              int64_t ooff = 0;
              bool inside = true;
              for (size_t d = 0; d < k; ++d) {
                int64_t pos = ii[d] * a.strides[d] - a.padding[d] +
                              ki[d] * a.dilations[d];
                inside &= pos >= 0 && pos < outSp[d];
                ooff = ooff * outSp[d] + pos;
              }
              if (!inside)
                continue;
              int64_t oc = (ci / cinG) * coutG + co;
              acc[(b * cout + oc) * outPix + ooff] +=
                  xv * double(w.data[(ci * coutG + co) * taps + kp]);
            }
        }
  }
  y.data.resize(acc.size());
  for (size_t i = 0; i < acc.size(); ++i) {
    int64_t co = (i / outPix) % cout;
    y.data[i] = float(acc[i] + (bias ? double(bias->data[co]) : 0.0));
  }
  return y;
}

namespace {

std::vector<int64_t> arrayAttr(Operation *op, StringRef name, size_t count,
                               int64_t dflt) {
  if (auto attr = op->getAttrOfType<DenseI64ArrayAttr>(name))
    return std::vector<int64_t>(attr.asArrayRef().begin(),
                                attr.asArrayRef().end());
  return std::vector<int64_t>(count, dflt);
}

llvm::Expected<Tensor> evalConv(Operation *op, ArrayRef<const Tensor *> args,
                                bool transpose) {
  size_t k = args[0]->shape.size() - 2;
  ConvAttrs a;
  a.transpose = transpose;
  a.strides = arrayAttr(op, "strides", k, 1);
  a.dilations = arrayAttr(op, "dilations", k, 1);
  a.padding = arrayAttr(op, "padding", 2 * k, 0);
  a.outputPadding = arrayAttr(op, "output_padding", k, 0);
  if (auto g = op->getAttrOfType<IntegerAttr>("groups"))
    a.groups = g.getInt();
  return convolution(*args[0], *args[1], args.size() > 2 ? args[2] : nullptr,
                     a);
}

llvm::Expected<Tensor> evalElementwise(Operation *op,
                                       ArrayRef<const Tensor *> args) {
  Tensor r = *args[0];
  for (const Tensor *t : args)
    if (t->shape != r.shape)
      return fail("reference: elementwise operands differ in shape");
  auto bin = [&](auto f) {
    for (size_t i = 0; i < r.data.size(); ++i)
      r.data[i] = f(args[0]->data[i], args[1]->data[i]);
  };
  auto un = [&](auto f) {
    for (float &v : r.data)
      v = f(v);
  };
  if (isa<arith::AddFOp>(op))
    bin([](float a, float b) { return a + b; });
  else if (isa<arith::SubFOp>(op))
    bin([](float a, float b) { return a - b; });
  else if (isa<arith::MulFOp>(op))
    bin([](float a, float b) { return a * b; });
  else if (isa<arith::DivFOp>(op))
    bin([](float a, float b) { return a / b; });
  else if (isa<arith::MaximumFOp>(op))
    bin([](float a, float b) { return std::isnan(a) || a > b ? a : b; });
  else if (isa<arith::MinimumFOp>(op))
    bin([](float a, float b) { return std::isnan(a) || a < b ? a : b; });
  else if (isa<arith::NegFOp>(op))
    un([](float a) { return -a; });
  else if (isa<math::TanhOp>(op))
    un([](float a) { return std::tanh(a); });
  else if (isa<math::ExpOp>(op))
    un([](float a) { return std::exp(a); });
  else
    return fail("reference: unsupported op");
  return r;
}

} // namespace

llvm::Expected<std::vector<Tensor>>
mlir::deconv::reference::evaluate(func::FuncOp func,
                                  const std::vector<Tensor> &inputs) {
  if (func.getNumArguments() != inputs.size())
    return fail("reference: wrong number of inputs");
  llvm::DenseMap<Value, Tensor> env;
  for (auto [arg, t] : llvm::zip(func.getArguments(), inputs))
    env[arg] = t;
  for (Operation &op : func.getBody().front()) {
    SmallVector<const Tensor *> args;
    for (Value v : op.getOperands()) {
      auto it = env.find(v);
      if (it == env.end())
        return fail("reference: operand of '" + op.getName().getStringRef() +
                    "' is not a tensor value");
      args.push_back(&it->second);
    }
    StringRef name = op.getName().getStringRef();
    if (isa<func::ReturnOp>(op)) {
      std::vector<Tensor> results;
      for (const Tensor *t : args)
        results.push_back(*t);
      return results;
    }
    llvm::Expected<Tensor> result =
        fail("reference: unsupported op '" + name + "'");
    if (name == "deconv.conv" || name == "deconv.conv_transpose") {
      llvm::consumeError(result.takeError());
      result = evalConv(&op, args, name == "deconv.conv_transpose");
    } else if (isa<tensor::CastOp>(op)) {
      llvm::consumeError(result.takeError());
      result = *args[0];
    } else if (auto cst = dyn_cast<arith::ConstantOp>(op)) {
      auto dense = dyn_cast<DenseElementsAttr>(cst.getValue());
      auto type = dyn_cast<RankedTensorType>(cst.getType());
      if (dense && type && type.getElementType().isF32()) {
        llvm::consumeError(result.takeError());
        Tensor t;
        t.shape.assign(type.getShape().begin(), type.getShape().end());
        for (float v : dense.getValues<float>())
          t.data.push_back(v);
        result = std::move(t);
      }
    } else if (op.getNumResults() == 1 &&
               isa<RankedTensorType, UnrankedTensorType>(
                   op.getResult(0).getType()) &&
               (isa<arith::ArithDialect, math::MathDialect>(op.getDialect()))) {
      llvm::consumeError(result.takeError());
      result = evalElementwise(&op, args);
      if (!result) {
        llvm::consumeError(result.takeError());
        result = fail("reference: unsupported op '" + name + "'");
      }
    }
    if (!result)
      return result.takeError();
    if (op.getNumResults() != 1)
      return fail("reference: unsupported op '" + name + "'");
    env[op.getResult(0)] = std::move(*result);
  }
  return fail("reference: function has no return");
}
