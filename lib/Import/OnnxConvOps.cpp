//===- OnnxConvOps.cpp - Conv, ConvTranspose, BatchNormalization ----------===//
//
// Conv and ConvTranspose become deconv ops with auto_pad / output_shape
// resolved by the ONNX rules of ConvGeometry; BatchNormalization folds into a
// preceding constant-weight conv, or becomes a per-channel multiply-add.
//
//===----------------------------------------------------------------------===//

#include "OnnxGraph.h"

#include "deconv/Dialect/Deconv/IR/DeconvOps.h"
#include "deconv/Support/ConvGeometry.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <cmath>

namespace mlir::deconv::onnx_import {

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
  auto resultType = g.floatTensor(out);
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

/// Scales output channel c of the conv producing `y` by a[c] and sets its
/// bias to bias*a + shift. Returns the conv's (new) result, or null if its
/// filter (and bias) are not constants.
static Value foldIntoConv(GraphImporter &g, Value y, ArrayRef<double> a,
                          ArrayRef<double> shift) {
  Operation *op = y.getDefiningOp();
  if (!isa_and_nonnull<ConvOp, ConvTransposeOp>(op))
    return nullptr;
  bool transpose = isa<ConvTransposeOp>(op);
  Value filter = op->getOperand(1);
  Value bias = op->getNumOperands() > 2 ? op->getOperand(2) : Value();
  auto w = GraphImporter::constantValues(filter);
  std::optional<std::vector<double>> bv =
      bias ? GraphImporter::constantValues(bias)
           : std::vector<double>(a.size(), 0.0);
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
  Value newW = arith::ConstantOp::create(g.b, loc, g.floatElements(wt, *w));
  Value newB = arith::ConstantOp::create(
      g.b, loc, g.floatElements(g.floatTensor({int64_t(a.size())}), *bv));
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
    std::vector<double> a(c), shift(c);
    for (int64_t i = 0; i < c; ++i) {
      a[i] = lits[0]->at(i) / std::sqrt(lits[3]->at(i) + double(eps));
      shift[i] = lits[1]->at(i) - lits[2]->at(i) * a[i];
    }
    if (g.useCounts.lookup(node.input(0)) == 1)
      if (Value folded = foldIntoConv(g, x, a, shift)) {
        g.define(node.input(0), folded);
        g.define(node.output(0), folded);
        return llvm::Error::success();
      }
    SmallVector<int64_t> chanShape(xt.getRank() - 1, 1);
    chanShape[0] = c;
    Literal la, ls;
    la.shape.assign(chanShape.begin(), chanShape.end());
    la.floats = std::move(a);
    ls.shape = la.shape;
    ls.floats = std::move(shift);
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
    ins.push_back(
        tensor::ExpandShapeOp::create(g.b, loc, g.floatTensor(sh), v, re));
  }
  TRY(y, g.elementwise(loc, ins, [&](OpBuilder &b, Location l, ValueRange v) {
    Value epsV =
        arith::ConstantOp::create(b, l, b.getFloatAttr(g.floatType, eps));
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

} // namespace mlir::deconv::onnx_import
