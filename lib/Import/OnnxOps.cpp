//===- OnnxOps.cpp - ONNX operators to deconv, linalg and tensor ops ------===//
//
// One converter per operator. Conv and ConvTranspose become deconv ops with
// auto_pad / output_shape resolved by the ONNX rules of ConvGeometry;
// elementwise operators become broadcasting linalg.generic ops;
// BatchNormalization folds into a preceding constant-weight conv; the layout
// operators (Concat, DepthToSpace, Resize, Pad, Reshape, Flatten,
// Transpose) become
// tensor and linalg ops.
//
//===----------------------------------------------------------------------===//

#include "OnnxGraph.h"

#include "deconv/Dialect/Deconv/IR/DeconvOps.h"
#include "deconv/Support/ConvGeometry.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/ReshapeOpsUtils.h"

#include <cmath>
#include <numeric>

using namespace mlir;
using namespace mlir::deconv;
using namespace mlir::deconv::onnx_import;

namespace {

#define TRY(var, expr)                                                         \
  auto var##OrErr = (expr);                                                    \
  if (!var##OrErr)                                                             \
    return var##OrErr.takeError();                                             \
  auto &var = *var##OrErr;

RankedTensorType typeOf(Value v) { return cast<RankedTensorType>(v.getType()); }

/// Input `i` of `node`, or "" if absent (optional inputs may be empty names).
llvm::StringRef inputName(const onnx::NodeProto &node, int i) {
  return i < node.input_size() ? llvm::StringRef(node.input(i))
                               : llvm::StringRef();
}

llvm::Error expectInputs(const onnx::NodeProto &node, int lo, int hi) {
  if (node.input_size() < lo || node.input_size() > hi)
    return importError("expects " + llvm::Twine(lo) +
                       (lo == hi ? "" : " to " + llvm::Twine(hi)) +
                       " inputs, has " + llvm::Twine(node.input_size()));
  if (node.output_size() < 1)
    return importError("has no output");
  return llvm::Error::success();
}

/// The only output used: extra outputs (BatchNormalization's training
/// statistics, say) must not be consumed.
llvm::Error singleOutput(GraphImporter &g, const onnx::NodeProto &node) {
  for (int i = 1; i < node.output_size(); ++i)
    if (!node.output(i).empty() && g.useCounts.lookup(node.output(i)))
      return importError("output " + llvm::Twine(i) + " ('" + node.output(i) +
                         "') is used; only the first output is supported");
  return llvm::Error::success();
}

llvm::Expected<int64_t> normalizeAxis(int64_t axis, int64_t rank,
                                      bool inclusive = false) {
  int64_t hi = inclusive ? rank : rank - 1;
  if (axis < -rank || axis > hi)
    return importError("axis " + llvm::Twine(axis) +
                       " is out of range for rank " + llvm::Twine(rank));
  return axis < 0 ? axis + rank : axis;
}

//===----------------------------------------------------------------------===//
// Conv and ConvTranspose
//===----------------------------------------------------------------------===//

llvm::Error convertConv(GraphImporter &g, const onnx::NodeProto &node,
                        Location loc, bool transpose) {
  if (auto err = expectInputs(node, 2, 3))
    return err;
  NodeAttrs attrs(node);
  TRY(x, g.tensor(loc, node.input(0)));
  TRY(w, g.tensor(loc, node.input(1)));
  Value bias;
  if (!inputName(node, 2).empty()) {
    TRY(bv, g.tensor(loc, node.input(2)));
    bias = bv;
  }
  auto xt = typeOf(x), wt = typeOf(w);
  if (xt.getRank() < 3 || xt.getRank() > 5)
    return importError("input has rank " + llvm::Twine(xt.getRank()) +
                       "; 1-D, 2-D and 3-D convolutions (rank 3 to 5) are "
                       "supported");
  size_t k = xt.getRank() - 2;
  if (wt.getRank() != xt.getRank())
    return importError("filter has rank " + llvm::Twine(wt.getRank()) +
                       ", the input " + llvm::Twine(xt.getRank()));
  SmallVector<int64_t> kernel(wt.getShape().drop_front(2));
  TRY(kernelShape, attrs.getInts("kernel_shape"));
  if (kernelShape) {
    if (kernelShape->size() != k)
      return importError("kernel_shape has " +
                         llvm::Twine(kernelShape->size()) + " values, needs " +
                         llvm::Twine(k));
    for (size_t d = 0; d < k; ++d) {
      if (!ShapedType::isDynamic(kernel[d]) && kernel[d] != (*kernelShape)[d])
        return importError("kernel_shape " + formatList(*kernelShape) +
                           " does not match the filter's shape");
      kernel[d] = (*kernelShape)[d];
    }
  }
  TRY(autoPadText, attrs.getString("auto_pad", "NOTSET"));
  auto autoPad = parseOnnxAutoPad(autoPadText);
  if (!autoPad)
    return importError("auto_pad '" + autoPadText +
                       "' is not NOTSET, SAME_UPPER, SAME_LOWER or VALID");
  TRY(strides, attrs.getInts("strides"));
  TRY(dilations, attrs.getInts("dilations"));
  TRY(pads, attrs.getInts("pads"));
  TRY(group, attrs.getInt("group", 1));
  std::vector<int64_t> s = strides.value_or(std::vector<int64_t>(k, 1));
  std::vector<int64_t> d = dilations.value_or(std::vector<int64_t>(k, 1));
  std::vector<int64_t> p = pads.value_or(std::vector<int64_t>());
  SmallVector<int64_t> spatial(xt.getShape().drop_front(2));

  ConvParams params = ConvParams::getDefault(
      transpose ? ConvKind::ConvTranspose : ConvKind::Conv, k);
  params.groups = group;
  if (!transpose) {
    bool same = *autoPad == OnnxAutoPad::SameUpper ||
                *autoPad == OnnxAutoPad::SameLower;
    if (same && (llvm::any_of(spatial, ShapedType::isDynamic) ||
                 llvm::any_of(kernel, ShapedType::isDynamic)))
      return importError("auto_pad " + autoPadText +
                         " needs static spatial and kernel sizes");
    auto padding = resolveOnnxConvPadding(*autoPad, p, spatial, kernel, s, d);
    if (!padding)
      return padding.takeError();
    params.padding.assign(padding->begin(), padding->end());
  } else {
    TRY(outputShape, attrs.getInts("output_shape"));
    TRY(outputPadding, attrs.getInts("output_padding"));
    std::vector<int64_t> os = outputShape.value_or(std::vector<int64_t>());
    // output_shape may list N and C too (older exporters).
    if (os.size() == k + 2)
      os.erase(os.begin(), os.begin() + 2);
    bool same = *autoPad == OnnxAutoPad::SameUpper ||
                *autoPad == OnnxAutoPad::SameLower;
    if ((same || !os.empty()) &&
        (llvm::any_of(spatial, ShapedType::isDynamic) ||
         llvm::any_of(kernel, ShapedType::isDynamic)))
      return importError("output_shape and auto_pad SAME_* need static "
                         "spatial and kernel sizes");
    auto resolved = resolveOnnxConvTransposePadding(
        *autoPad, p, os, outputPadding.value_or(std::vector<int64_t>()),
        spatial, kernel, s, d);
    if (!resolved)
      return resolved.takeError();
    params.padding.assign(resolved->padding.begin(), resolved->padding.end());
    params.outputPadding.assign(resolved->outputPadding.begin(),
                                resolved->outputPadding.end());
  }
  params.strides.assign(s.begin(), s.end());
  params.dilations.assign(d.begin(), d.end());
  if (auto err = verifyParams(params, k))
    return err;
  ConvShapes shapes;
  shapes.input.assign(xt.getShape().begin(), xt.getShape().end());
  shapes.filter.assign(wt.getShape().begin(), wt.getShape().end());
  if (bias)
    shapes.bias.emplace(typeOf(bias).getShape().begin(),
                        typeOf(bias).getShape().end());
  auto outShape = inferOutputShape(params, shapes);
  if (!outShape)
    return outShape.takeError();
  SmallVector<int64_t> out(outShape->begin(), outShape->end());
  for (int64_t &dim : out)
    if (isDynamicSize(dim))
      dim = ShapedType::kDynamic;
  auto resultType = RankedTensorType::get(out, g.b.getF32Type());
  auto arr = [&](ArrayRef<int64_t> v) { return g.b.getDenseI64ArrayAttr(v); };
  Value y;
  if (transpose)
    y = ConvTransposeOp::create(g.b, loc, resultType, x, w, bias,
                                arr(params.strides), arr(params.dilations),
                                arr(params.padding), arr(params.outputPadding),
                                params.groups);
  else
    y = ConvOp::create(g.b, loc, resultType, x, w, bias, arr(params.strides),
                       arr(params.dilations), arr(params.padding),
                       params.groups);
  g.define(node.output(0), y);
  return llvm::Error::success();
}

//===----------------------------------------------------------------------===//
// BatchNormalization
//===----------------------------------------------------------------------===//

/// Dense f32 values of a constant operand, or nullopt.
std::optional<std::vector<float>> constantData(Value v) {
  auto cst = v ? v.getDefiningOp<arith::ConstantOp>() : nullptr;
  auto dense = cst ? dyn_cast<DenseElementsAttr>(cst.getValue()) : nullptr;
  if (!dense || !dense.getElementType().isF32())
    return std::nullopt;
  auto values = dense.getValues<float>();
  return std::vector<float>(values.begin(), values.end());
}

/// Scales output channel c of the conv producing `y` by a[c] and sets its
/// bias to bias*a + shift. Returns the conv's (new) result, or null if its
/// filter (and bias) are not constants.
Value foldIntoConv(GraphImporter &g, Value y, ArrayRef<float> a,
                   ArrayRef<float> shift) {
  Operation *op = y.getDefiningOp();
  if (!isa_and_nonnull<ConvOp, ConvTransposeOp>(op))
    return nullptr;
  bool transpose = isa<ConvTransposeOp>(op);
  Value filter = op->getOperand(1);
  Value bias = op->getNumOperands() > 2 ? op->getOperand(2) : Value();
  auto w = constantData(filter);
  std::optional<std::vector<float>> bv =
      bias ? constantData(bias) : std::vector<float>(a.size(), 0.0f);
  auto wt = typeOf(filter);
  if (!w || !bv || !wt.hasStaticShape() || bv->size() != a.size())
    return nullptr;
  int64_t groups = op->getAttrOfType<IntegerAttr>("groups").getInt();
  int64_t taps = 1;
  for (int64_t d = 2; d < wt.getRank(); ++d)
    taps *= wt.getDimSize(d);
  int64_t d0 = wt.getDimSize(0), d1 = wt.getDimSize(1);
  for (int64_t i = 0; i < d0; ++i)
    for (int64_t j = 0; j < d1; ++j) {
      // Conv filters are [Cout, Cin/g, ...]; ConvTranspose [Cin, Cout/g, ...].
      int64_t co = transpose ? (i / (d0 / groups)) * d1 + j : i;
      if (co >= int64_t(a.size()))
        return nullptr;
      for (int64_t t = 0; t < taps; ++t)
        (*w)[(i * d1 + j) * taps + t] *= a[co];
    }
  for (size_t c = 0; c < a.size(); ++c)
    (*bv)[c] = (*bv)[c] * a[c] + shift[c];
  OpBuilder::InsertionGuard guard(g.b);
  g.b.setInsertionPoint(op);
  Location loc = op->getLoc();
  auto biasType = RankedTensorType::get({int64_t(a.size())}, g.b.getF32Type());
  Value newW = arith::ConstantOp::create(
      g.b, loc, DenseElementsAttr::get(wt, ArrayRef<float>(*w)));
  Value newB = arith::ConstantOp::create(
      g.b, loc, DenseElementsAttr::get(biasType, ArrayRef<float>(*bv)));
  op->setOperand(1, newW);
  Value result = op->getResult(0);
  if (bias) {
    op->setOperand(2, newB);
  } else {
    // The bias operand is optional: the op is built again with one.
    OperationState state(loc, op->getName());
    state.addOperands({op->getOperand(0), newW, newB});
    state.addAttributes(op->getAttrs());
    state.addTypes(result.getType());
    Operation *withBias = g.b.create(state);
    result.replaceAllUsesWith(withBias->getResult(0));
    op->erase();
    result = withBias->getResult(0);
  }
  for (Value old : {filter, bias})
    if (old && old.use_empty() && old.getDefiningOp())
      old.getDefiningOp()->erase();
  return result;
}

llvm::Error convertBatchNorm(GraphImporter &g, const onnx::NodeProto &node,
                             Location loc) {
  if (auto err = expectInputs(node, 5, 5))
    return err;
  if (auto err = singleOutput(g, node))
    return err;
  NodeAttrs attrs(node);
  TRY(training, attrs.getInt("training_mode", 0));
  if (training)
    return importError("training_mode=1 is not supported (inference only)");
  TRY(spatial, attrs.getInt("spatial", 1));
  if (g.opset < 9 && !spatial)
    return importError("spatial=0 (per-element statistics) is not supported");
  TRY(eps, attrs.getFloat("epsilon", 1e-5f));
  TRY(x, g.tensor(loc, node.input(0)));
  auto xt = typeOf(x);
  if (xt.getRank() < 2)
    return importError("input needs rank >= 2");
  int64_t c = xt.getDimSize(1);
  const Literal *lits[4];
  bool allConstant = true;
  for (int i = 0; i < 4; ++i) {
    lits[i] = g.literal(node.input(i + 1));
    allConstant &= lits[i] && lits[i]->isFloat && lits[i]->size() == c;
  }
  if (allConstant && !ShapedType::isDynamic(c)) {
    // y = x * a + shift with a = scale / sqrt(var + eps),
    // shift = B - mean * a.
    std::vector<float> a(c), shift(c);
    for (int64_t i = 0; i < c; ++i) {
      double ai = lits[0]->at(i) / std::sqrt(lits[3]->at(i) + double(eps));
      a[i] = float(ai);
      shift[i] = float(lits[1]->at(i) - lits[2]->at(i) * ai);
    }
    if (g.useCounts.lookup(node.input(0)) == 1)
      if (Value folded = foldIntoConv(g, x, a, shift)) {
        g.define(node.input(0), folded);
        g.define(node.output(0), folded);
        return llvm::Error::success();
      }
    SmallVector<int64_t> chanShape(xt.getRank() - 1, 1);
    chanShape[0] = c;
    Literal la{
        std::vector<int64_t>(chanShape.begin(), chanShape.end()), true, a, {}};
    Literal ls{la.shape, true, shift, {}};
    Value av = g.constant(loc, la), sv = g.constant(loc, ls);
    TRY(y, g.elementwise(
               loc, {x, av, sv}, [](OpBuilder &b, Location l, ValueRange v) {
                 Value m = arith::MulFOp::create(b, l, v[0], v[1]);
                 return arith::AddFOp::create(b, l, m, v[2]).getResult();
               }));
    g.define(node.output(0), y);
    return llvm::Error::success();
  }
  // Statistics computed at run time: the formula itself, per channel.
  SmallVector<Value> ins{x};
  SmallVector<int64_t> chanShape(xt.getRank() - 1, 1);
  chanShape[0] = ShapedType::isDynamic(c) ? ShapedType::kDynamic : c;
  for (int i = 1; i < 5; ++i) {
    TRY(v, g.tensor(loc, node.input(i)));
    if (typeOf(v).getRank() != 1)
      return importError("scale, B, mean and var must be 1-D");
    SmallVector<ReassociationIndices> re{{0}};
    for (size_t j = 1; j < chanShape.size(); ++j)
      re.back().push_back(j);
    SmallVector<int64_t> sh(chanShape);
    sh[0] = typeOf(v).getDimSize(0);
    ins.push_back(tensor::ExpandShapeOp::create(
        g.b, loc, RankedTensorType::get(sh, g.b.getF32Type()), v, re));
  }
  TRY(y, g.elementwise(loc, ins, [&](OpBuilder &b, Location l, ValueRange v) {
    Value epsV = arith::ConstantOp::create(b, l, b.getF32FloatAttr(eps));
    Value den =
        math::SqrtOp::create(b, l, arith::AddFOp::create(b, l, v[4], epsV));
    Value norm = arith::DivFOp::create(
        b, l, arith::SubFOp::create(b, l, v[0], v[3]), den);
    return arith::AddFOp::create(b, l, arith::MulFOp::create(b, l, norm, v[1]),
                                 v[2])
        .getResult();
  }));
  g.define(node.output(0), y);
  return llvm::Error::success();
}

llvm::Expected<Value> reshapeTo(GraphImporter &g, Location loc, Value x,
                                ArrayRef<int64_t> shape);

//===----------------------------------------------------------------------===//
// Elementwise operators
//===----------------------------------------------------------------------===//

/// The inputs of `node` as tensors; absent optional inputs are skipped.
llvm::Expected<SmallVector<Value>>
tensorInputs(GraphImporter &g, const onnx::NodeProto &node, Location loc) {
  SmallVector<Value> ins;
  for (const std::string &name : node.input()) {
    if (name.empty())
      continue;
    TRY(v, g.tensor(loc, name));
    ins.push_back(v);
  }
  return ins;
}

Value cmpSelect(OpBuilder &b, Location l, arith::CmpFPredicate pred, Value lhs,
                Value rhs, Value ifTrue, Value ifFalse) {
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
  auto zero = [](OpBuilder &b, Location l) -> Value {
    return arith::ConstantOp::create(b, l, b.getF32FloatAttr(0.0f));
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
      Value a = arith::ConstantOp::create(b, l, b.getF32FloatAttr(alpha));
      Value scaled = arith::MulFOp::create(b, l, v[0], a);
      return cmpSelect(b, l, Pred::OLT, v[0], zero(b, l), scaled, v[0]);
    };
  } else if (op == "PRelu") {
    body = [&](OpBuilder &b, Location l, ValueRange v) -> Value {
      Value scaled = arith::MulFOp::create(b, l, v[0], v[1]);
      return cmpSelect(b, l, Pred::OLT, v[0], zero(b, l), scaled, v[0]);
    };
  } else if (op == "Sigmoid")
    body = [](OpBuilder &b, Location l, ValueRange v) -> Value {
      // 1 / (1 + exp(-x)).
      Value one = arith::ConstantOp::create(b, l, b.getF32FloatAttr(1.0f));
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
          return arith::ConstantOp::create(b, l, b.getF32FloatAttr(*c));
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

//===----------------------------------------------------------------------===//
// Layout operators
//===----------------------------------------------------------------------===//

llvm::Error convertConcat(GraphImporter &g, const onnx::NodeProto &node,
                          Location loc) {
  if (node.input_size() < 1)
    return importError("expects at least one input");
  TRY(ins, tensorInputs(g, node, loc));
  NodeAttrs attrs(node);
  if (!attrs.find("axis"))
    return importError("attribute 'axis' is required");
  TRY(axisAttr, attrs.getInt("axis", 0));
  int64_t rank = typeOf(ins[0]).getRank();
  TRY(axis, normalizeAxis(axisAttr, rank));
  for (Value v : ins) {
    auto t = typeOf(v);
    if (t.getRank() != rank)
      return importError("inputs differ in rank");
    for (int64_t d = 0; d < rank; ++d) {
      int64_t a = t.getDimSize(d), b0 = typeOf(ins[0]).getDimSize(d);
      if (d != axis && !ShapedType::isDynamic(a) &&
          !ShapedType::isDynamic(b0) && a != b0)
        return importError("inputs differ in dim " + llvm::Twine(d) + " (" +
                           llvm::Twine(b0) + " and " + llvm::Twine(a) + ")");
    }
  }
  Value y = ins.size() == 1
                ? ins[0]
                : tensor::ConcatOp::create(g.b, loc, axis, ins).getResult();
  g.define(node.output(0), y);
  return llvm::Error::success();
}

/// x reshaped by `reassociation` (an expansion or collapse), then permuted.
Value expandTransposeCollapse(GraphImporter &g, Location loc, Value x,
                              ArrayRef<int64_t> expandedShape,
                              ArrayRef<ReassociationIndices> expand,
                              ArrayRef<int64_t> perm,
                              ArrayRef<ReassociationIndices> collapse) {
  auto f32 = g.b.getF32Type();
  Value e = tensor::ExpandShapeOp::create(
      g.b, loc, RankedTensorType::get(expandedShape, f32), x, expand);
  SmallVector<int64_t> permShape;
  for (int64_t p : perm)
    permShape.push_back(expandedShape[p]);
  SmallVector<int64_t> dimMap(perm);
  Value init =
      g.emptyLike(loc, RankedTensorType::get(permShape, f32), e, dimMap);
  Value t = linalg::TransposeOp::create(g.b, loc, e, init, perm).getResult()[0];
  return tensor::CollapseShapeOp::create(g.b, loc, t, collapse);
}

llvm::Error convertDepthToSpace(GraphImporter &g, const onnx::NodeProto &node,
                                Location loc) {
  if (auto err = expectInputs(node, 1, 1))
    return err;
  NodeAttrs attrs(node);
  TRY(bs, attrs.getInt("blocksize", 0));
  TRY(mode, attrs.getString("mode", "DCR"));
  TRY(x, g.tensor(loc, node.input(0)));
  auto xt = typeOf(x);
  if (xt.getRank() != 4)
    return importError("input must have rank 4");
  int64_t c = xt.getDimSize(1);
  if (bs < 1 || bs > 4096)
    return importError("blocksize must be in [1, 4096], got " +
                       llvm::Twine(bs));
  if (ShapedType::isDynamic(c) || c % (bs * bs))
    return importError("the channel count must be static and divisible by "
                       "blocksize^2 = " +
                       llvm::Twine(bs * bs));
  if (mode != "DCR" && mode != "CRD")
    return importError("mode '" + mode + "' is not DCR or CRD");
  int64_t n = xt.getDimSize(0), h = xt.getDimSize(2), w = xt.getDimSize(3);
  int64_t cc = c / (bs * bs);
  // DCR: [N, b, b, C', H, W] -> [N, C', H, b, W, b];
  // CRD: [N, C', b, b, H, W] -> [N, C', H, b, W, b].
  bool dcr = mode == "DCR";
  SmallVector<int64_t> shape = dcr ? SmallVector<int64_t>{n, bs, bs, cc, h, w}
                                   : SmallVector<int64_t>{n, cc, bs, bs, h, w};
  SmallVector<int64_t> perm = dcr ? SmallVector<int64_t>{0, 3, 4, 1, 5, 2}
                                  : SmallVector<int64_t>{0, 1, 4, 2, 5, 3};
  Value y =
      expandTransposeCollapse(g, loc, x, shape, {{0}, {1, 2, 3}, {4}, {5}},
                              perm, {{0}, {1}, {2, 3}, {4, 5}});
  g.define(node.output(0), y);
  return llvm::Error::success();
}

llvm::Error convertTranspose(GraphImporter &g, const onnx::NodeProto &node,
                             Location loc) {
  if (auto err = expectInputs(node, 1, 1))
    return err;
  TRY(x, g.tensor(loc, node.input(0)));
  auto xt = typeOf(x);
  NodeAttrs attrs(node);
  TRY(permAttr, attrs.getInts("perm"));
  SmallVector<int64_t> perm;
  if (permAttr) {
    perm.assign(permAttr->begin(), permAttr->end());
  } else {
    for (int64_t d = xt.getRank(); d-- > 0;)
      perm.push_back(d);
  }
  SmallVector<int64_t> sorted(perm);
  llvm::sort(sorted);
  if (int64_t(perm.size()) != xt.getRank() ||
      !llvm::equal(sorted, llvm::seq<int64_t>(0, xt.getRank())))
    return importError("perm " + formatList(perm) +
                       " is not a permutation of the input's " +
                       llvm::Twine(xt.getRank()) + " dims");
  SmallVector<int64_t> shape;
  for (int64_t p : perm)
    shape.push_back(xt.getDimSize(p));
  Value init =
      g.emptyLike(loc, RankedTensorType::get(shape, g.b.getF32Type()), x, perm);
  g.define(node.output(0),
           linalg::TransposeOp::create(g.b, loc, x, init, perm).getResult()[0]);
  return llvm::Error::success();
}

/// Integer up-sampling factors of a nearest-neighbour resize whose sampling
/// repeats every input element `factor` times (floor(out / factor)).
llvm::Error convertResize(GraphImporter &g, const onnx::NodeProto &node,
                          Location loc) {
  bool upsample = node.op_type() == "Upsample";
  NodeAttrs attrs(node);
  TRY(x, g.tensor(loc, node.input(0)));
  auto xt = typeOf(x);
  int64_t rank = xt.getRank();
  TRY(mode, attrs.getString("mode", "nearest"));
  if (mode != "nearest")
    return importError("mode '" + mode + "' is not supported; only nearest is");
  std::vector<double> scales;
  const Literal *scaleLit = nullptr, *sizeLit = nullptr;
  if (upsample) {
    TRY(attrScales, attrs.getFloats("scales"));
    if (attrScales)
      scales.assign(attrScales->begin(), attrScales->end());
    else if (!inputName(node, 1).empty() &&
             !(scaleLit = g.literal(node.input(1))))
      return importError("scales must be a constant");
  } else {
    if (g.opset >= 18 && attrs.find("axes"))
      return importError("the 'axes' attribute is not supported");
    TRY(antialias, attrs.getInt("antialias", 0));
    if (antialias)
      return importError("antialias=1 is not supported");
    int si = g.opset < 11 ? 1 : 2;
    if (!inputName(node, si).empty() && !(scaleLit = g.literal(node.input(si))))
      return importError("scales must be a constant");
    if (g.opset >= 11 && !inputName(node, 3).empty() &&
        !(sizeLit = g.literal(node.input(3))))
      return importError("sizes must be a constant");
    if (scaleLit && scaleLit->size() == 0)
      scaleLit = nullptr;
  }
  if (scaleLit)
    for (int64_t i = 0; i < scaleLit->size(); ++i)
      scales.push_back(scaleLit->at(i));
  std::vector<int64_t> factors(rank, 1);
  if (sizeLit) {
    if (sizeLit->size() != rank)
      return importError("sizes needs " + llvm::Twine(rank) + " values");
    for (int64_t d = 0; d < rank; ++d) {
      int64_t in = xt.getDimSize(d), out = int64_t(sizeLit->at(d));
      if (ShapedType::isDynamic(in) || in < 1 || out % in)
        return importError("sizes must be static integer multiples of the "
                           "input's sizes");
      factors[d] = out / in;
    }
  } else {
    if (int64_t(scales.size()) != rank)
      return importError("scales needs " + llvm::Twine(rank) + " values, has " +
                         llvm::Twine(scales.size()));
    for (int64_t d = 0; d < rank; ++d) {
      double s = scales[d];
      if (!(s >= 1 && s <= 4096 && s == std::floor(s)))
        return importError("scale " + llvm::Twine(std::to_string(s)) +
                           " in dim " + llvm::Twine(d) +
                           " is not supported; only integer up-sampling "
                           "factors are");
      factors[d] = int64_t(s);
    }
  }
  // Which transformation modes sample floor(o / f) for an integer factor f:
  // half_pixel-like modes with any rounding, asymmetric with floor.
  if (!upsample) {
    TRY(ctm, attrs.getString("coordinate_transformation_mode", "half_pixel"));
    TRY(nearestMode, attrs.getString("nearest_mode", "round_prefer_floor"));
    bool halfPixel = ctm == "half_pixel" || ctm == "pytorch_half_pixel" ||
                     ctm == "tf_half_pixel_for_nn";
    bool repeats = (halfPixel && ctm != "tf_half_pixel_for_nn" &&
                    nearestMode != "ceil" && nearestMode != "floor") ||
                   (ctm == "asymmetric" && nearestMode == "floor") ||
                   (ctm == "tf_half_pixel_for_nn" && nearestMode == "floor");
    if (llvm::all_of(factors, [](int64_t f) { return f == 1; }))
      repeats = true;
    if (!repeats)
      return importError("coordinate_transformation_mode '" + ctm +
                         "' with nearest_mode '" + nearestMode +
                         "' is not supported (half_pixel with round_prefer_* "
                         "or asymmetric with floor are)");
  }
  // y[.., o, ..] = x[.., o / f, ..]: a generic over [.., i, f, ..] that
  // broadcasts, collapsed.
  SmallVector<int64_t> shape;
  SmallVector<AffineExpr> exprs;
  SmallVector<ReassociationIndices> groups;
  SmallVector<int64_t> dimMap;
  MLIRContext *ctx = g.b.getContext();
  for (int64_t d = 0; d < rank; ++d) {
    groups.push_back({int64_t(shape.size())});
    exprs.push_back(getAffineDimExpr(shape.size(), ctx));
    shape.push_back(xt.getDimSize(d));
    dimMap.push_back(d);
    if (factors[d] > 1) {
      groups.back().push_back(shape.size());
      shape.push_back(factors[d]);
      dimMap.push_back(0);
    }
  }
  auto f32 = g.b.getF32Type();
  auto wideType = RankedTensorType::get(shape, f32);
  Value init = g.emptyLike(loc, wideType, x, dimMap);
  SmallVector<AffineMap> maps{
      AffineMap::get(shape.size(), 0, exprs, ctx),
      AffineMap::getMultiDimIdentityMap(shape.size(), ctx)};
  SmallVector<utils::IteratorType> iters(shape.size(),
                                         utils::IteratorType::parallel);
  Value wide =
      linalg::GenericOp::create(g.b, loc, wideType, ValueRange{x},
                                ValueRange{init}, maps, iters,
                                [](OpBuilder &b, Location l, ValueRange args) {
                                  linalg::YieldOp::create(b, l, args[0]);
                                })
          .getResult(0);
  Value y = tensor::CollapseShapeOp::create(g.b, loc, wide, groups);
  g.define(node.output(0), y);
  return llvm::Error::success();
}

llvm::Error convertPad(GraphImporter &g, const onnx::NodeProto &node,
                       Location loc) {
  NodeAttrs attrs(node);
  TRY(x, g.tensor(loc, node.input(0)));
  auto xt = typeOf(x);
  int64_t rank = xt.getRank();
  TRY(mode, attrs.getString("mode", "constant"));
  if (mode != "constant")
    return importError("mode '" + mode +
                       "' is not supported; only constant is");
  std::vector<int64_t> pads;
  double value = 0;
  if (g.opset < 11) {
    TRY(p, attrs.getInts("pads"));
    if (!p)
      return importError("attribute 'pads' is required");
    pads = *p;
    TRY(v, attrs.getFloat("value", 0.0f));
    value = v;
  } else {
    if (node.input_size() > 3 && !node.input(3).empty())
      return importError("the 'axes' input is not supported");
    const Literal *p = g.literal(inputName(node, 1));
    if (!p || p->isFloat)
      return importError("pads must be a constant int64 tensor");
    pads = p->ints;
    if (!inputName(node, 2).empty()) {
      const Literal *v = g.literal(node.input(2));
      if (!v || v->size() != 1)
        return importError("constant_value must be a constant scalar");
      value = v->at(0);
    }
  }
  if (int64_t(pads.size()) != 2 * rank)
    return importError("pads needs " + llvm::Twine(2 * rank) + " values, has " +
                       llvm::Twine(pads.size()));
  // Positive pads pad; negative ones crop, after padding.
  SmallVector<OpFoldResult> lo, hi;
  bool crops = false;
  for (int64_t d = 0; d < rank; ++d) {
    if (std::abs(pads[d]) > kMaxElements ||
        std::abs(pads[rank + d]) > kMaxElements)
      return importError("pads " + formatList(pads) + " are out of range");
    lo.push_back(g.b.getIndexAttr(std::max<int64_t>(0, pads[d])));
    hi.push_back(g.b.getIndexAttr(std::max<int64_t>(0, pads[rank + d])));
    crops |= pads[d] < 0 || pads[rank + d] < 0;
  }
  SmallVector<int64_t> padded;
  for (int64_t d = 0; d < rank; ++d) {
    int64_t s = xt.getDimSize(d);
    padded.push_back(ShapedType::isDynamic(s)
                         ? s
                         : s + std::max<int64_t>(0, pads[d]) +
                               std::max<int64_t>(0, pads[rank + d]));
  }
  auto f32 = g.b.getF32Type();
  Value pv = g.scalar(loc, value);
  Value y = tensor::PadOp::create(g.b, loc, RankedTensorType::get(padded, f32),
                                  x, lo, hi, pv);
  if (crops) {
    SmallVector<OpFoldResult> offsets, sizes, strides;
    SmallVector<int64_t> cropped;
    for (int64_t d = 0; d < rank; ++d) {
      int64_t cl = std::max<int64_t>(0, -pads[d]),
              ch = std::max<int64_t>(0, -pads[rank + d]);
      if (ShapedType::isDynamic(padded[d]) && (cl || ch))
        return importError("negative pads on a dynamic dim are not supported");
      int64_t size =
          ShapedType::isDynamic(padded[d]) ? padded[d] : padded[d] - cl - ch;
      if (!ShapedType::isDynamic(size) && size < 0)
        return importError("negative pads remove more than the whole dim " +
                           llvm::Twine(d));
      offsets.push_back(g.b.getIndexAttr(cl));
      sizes.push_back(
          ShapedType::isDynamic(size)
              ? OpFoldResult(tensor::DimOp::create(g.b, loc, y, d).getResult())
              : OpFoldResult(g.b.getIndexAttr(size)));
      strides.push_back(g.b.getIndexAttr(1));
      cropped.push_back(size);
    }
    y = tensor::ExtractSliceOp::create(g.b, loc,
                                       RankedTensorType::get(cropped, f32), y,
                                       offsets, sizes, strides);
  }
  g.define(node.output(0), y);
  return llvm::Error::success();
}

/// x reshaped to `shape` (static except where a dim of x passes through).
llvm::Expected<Value> reshapeTo(GraphImporter &g, Location loc, Value x,
                                ArrayRef<int64_t> shape) {
  auto xt = typeOf(x);
  auto f32 = g.b.getF32Type();
  auto type = RankedTensorType::get(shape, f32);
  if (type == xt)
    return x;
  if (type.getRank() < xt.getRank())
    if (auto re = getReassociationIndicesForCollapse(xt.getShape(), shape))
      return tensor::CollapseShapeOp::create(g.b, loc, type, x, *re)
          .getResult();
  if (type.getRank() > xt.getRank())
    if (auto re = getReassociationIndicesForCollapse(shape, xt.getShape()))
      return tensor::ExpandShapeOp::create(g.b, loc, type, x, *re).getResult();
  if (!xt.hasStaticShape() || !type.hasStaticShape())
    return importError("reshape from " + formatList(xt.getShape()) + " to " +
                       formatList(shape) +
                       " moves a dynamic dim; only reshapes that keep "
                       "dynamic dims in place are supported");
  // Through one dimension: collapse everything, expand to the result.
  SmallVector<ReassociationIndices> toFlat(1), fromFlat(1);
  for (int64_t d = 0; d < xt.getRank(); ++d)
    toFlat[0].push_back(d);
  for (int64_t d = 0; d < type.getRank(); ++d)
    fromFlat[0].push_back(d);
  Value flat = x;
  if (xt.getRank() != 1)
    flat = tensor::CollapseShapeOp::create(
        g.b, loc, RankedTensorType::get({xt.getNumElements()}, f32), x,
        xt.getRank() ? toFlat : SmallVector<ReassociationIndices>{});
  if (type.getRank() == 1)
    return flat;
  return tensor::ExpandShapeOp::create(
             g.b, loc, type, flat,
             type.getRank() ? fromFlat : SmallVector<ReassociationIndices>{})
      .getResult();
}

llvm::Error convertReshape(GraphImporter &g, const onnx::NodeProto &node,
                           Location loc) {
  NodeAttrs attrs(node);
  TRY(x, g.tensor(loc, node.input(0)));
  auto xt = typeOf(x);
  std::vector<int64_t> target;
  if (node.op_type() == "Flatten") {
    if (auto err = expectInputs(node, 1, 1))
      return err;
    TRY(axisAttr, attrs.getInt("axis", 1));
    TRY(axis, normalizeAxis(axisAttr, xt.getRank(), /*inclusive=*/true));
    int64_t outer = 1, inner = 1;
    for (int64_t d = 0; d < xt.getRank(); ++d) {
      int64_t &p = d < axis ? outer : inner;
      int64_t s = xt.getDimSize(d);
      p = ShapedType::isDynamic(s) || ShapedType::isDynamic(p)
              ? ShapedType::kDynamic
              : p * s;
    }
    target = {outer, inner};
  } else {
    if (auto err = expectInputs(node, g.opset < 5 ? 1 : 2, 2))
      return err;
    const Literal *shape = g.literal(inputName(node, 1));
    if (!shape || shape->isFloat || shape->shape.size() != 1)
      return importError("shape must be a constant 1-D int64 tensor");
    TRY(allowZero, attrs.getInt("allowzero", 0));
    int64_t known = 1, inferred = -1;
    for (auto [i, given] : llvm::enumerate(shape->ints)) {
      int64_t s = given;
      if (s == 0 && !allowZero) {
        if (int64_t(i) >= xt.getRank())
          return importError("shape copies dim " + llvm::Twine(i) +
                             ", which the input does not have");
        s = xt.getDimSize(i);
      } else if (s == -1) {
        if (inferred >= 0)
          return importError("shape has more than one -1");
        inferred = i;
      } else if (s < 0) {
        return importError("shape has the negative size " + llvm::Twine(s));
      }
      target.push_back(s);
      if (s != -1) {
        if (ShapedType::isDynamic(s) || ShapedType::isDynamic(known))
          known = ShapedType::kDynamic;
        else if (s && known > kMaxElements / s)
          return importError("shape " + formatList(shape->ints) +
                             " has too many elements");
        else
          known *= s;
      }
    }
    if (inferred >= 0) {
      if (!xt.hasStaticShape() || ShapedType::isDynamic(known))
        return importError("a -1 in the shape needs static sizes");
      if (known == 0 || xt.getNumElements() % known)
        return importError("cannot infer the -1 dim of " +
                           formatList(shape->ints) + " from " +
                           llvm::Twine(xt.getNumElements()) + " elements");
      target[inferred] = xt.getNumElements() / known;
    }
  }
  if (xt.hasStaticShape() && llvm::none_of(target, ShapedType::isDynamic)) {
    int64_t count = 1;
    for (int64_t s : target)
      count *= s;
    if (count != xt.getNumElements())
      return importError("cannot reshape " + llvm::Twine(xt.getNumElements()) +
                         " elements to " + formatList(target));
  }
  TRY(y, reshapeTo(g, loc, x, target));
  g.define(node.output(0), y);
  return llvm::Error::success();
}

llvm::Error convertConstant(GraphImporter &g, const onnx::NodeProto &node) {
  NodeAttrs attrs(node);
  if (node.attribute_size() != 1)
    return importError("needs exactly one value attribute");
  TRY(tensorValue, attrs.getTensor("value"));
  if (tensorValue) {
    g.defineLiteral(node.output(0), std::move(*tensorValue));
    return llvm::Error::success();
  }
  Literal lit;
  if (auto *a = attrs.find("value_float")) {
    lit.floats = {a->f()};
  } else if (auto *a = attrs.find("value_floats")) {
    lit.floats.assign(a->floats().begin(), a->floats().end());
    lit.shape = {int64_t(lit.floats.size())};
  } else if (auto *a = attrs.find("value_int")) {
    lit.isFloat = false;
    lit.ints = {a->i()};
  } else if (auto *a = attrs.find("value_ints")) {
    lit.isFloat = false;
    lit.ints.assign(a->ints().begin(), a->ints().end());
    lit.shape = {int64_t(lit.ints.size())};
  } else {
    return importError("attribute '" + node.attribute(0).name() +
                       "' is not supported");
  }
  g.defineLiteral(node.output(0), std::move(lit));
  return llvm::Error::success();
}

} // namespace

llvm::Error onnx_import::convertNode(GraphImporter &g,
                                     const onnx::NodeProto &node,
                                     Location loc) {
  llvm::StringRef op = node.op_type();
  if (node.output_size() < 1 || node.output(0).empty())
    return importError("has no output");
  if (op == "Conv" || op == "ConvTranspose")
    return convertConv(g, node, loc, op == "ConvTranspose");
  if (op == "BatchNormalization")
    return convertBatchNorm(g, node, loc);
  if (llvm::is_contained({"Add", "Sub", "Mul", "Div", "Relu", "LeakyRelu",
                          "PRelu", "Sigmoid", "Tanh", "Clip"},
                         op))
    return convertElementwise(g, node, loc);
  if (op == "Concat")
    return convertConcat(g, node, loc);
  if (op == "DepthToSpace")
    return convertDepthToSpace(g, node, loc);
  if (op == "Resize" || op == "Upsample")
    return convertResize(g, node, loc);
  if (op == "Pad")
    return convertPad(g, node, loc);
  if (op == "Transpose")
    return convertTranspose(g, node, loc);
  if (op == "Reshape" || op == "Flatten")
    return convertReshape(g, node, loc);
  if (op == "Constant")
    return convertConstant(g, node);
  if (op == "Identity") {
    if (auto err = expectInputs(node, 1, 1))
      return err;
    auto it = g.values.find(node.input(0));
    if (it == g.values.end())
      return importError("input '" + node.input(0) + "' is not defined");
    ValueEntry e = it->second;
    g.values[node.output(0)] = std::move(e);
    return llvm::Error::success();
  }
  return importError("operator " + op.str() + " is not supported");
}
