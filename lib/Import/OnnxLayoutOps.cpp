//===- OnnxLayoutOps.cpp - Data-movement operators ------------------------===//
//
// Concat, DepthToSpace, Transpose, Resize/Upsample (nearest), Pad, Reshape,
// Flatten and Constant become tensor and linalg ops (or import-time
// constants).
//
//===----------------------------------------------------------------------===//

#include "OnnxGraph.h"

#include "deconv/Support/ConvGeometry.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <cmath>

namespace mlir::deconv::onnx_import {

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
static Value expandTransposeCollapse(GraphImporter &g, Location loc, Value x,
                                     ArrayRef<int64_t> expandedShape,
                                     ArrayRef<ReassociationIndices> expand,
                                     ArrayRef<int64_t> perm,
                                     ArrayRef<ReassociationIndices> collapse) {
  FloatType ft = g.floatType;
  Value e = tensor::ExpandShapeOp::create(
      g.b, loc, RankedTensorType::get(expandedShape, ft), x, expand);
  SmallVector<int64_t> permShape;
  for (int64_t p : perm)
    permShape.push_back(expandedShape[p]);
  SmallVector<int64_t> dimMap(perm);
  Value init =
      g.emptyLike(loc, RankedTensorType::get(permShape, ft), e, dimMap);
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
  Value init = g.emptyLike(loc, g.floatTensor(shape), x, perm);
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
    if (sizeLit->isFloat || sizeLit->size() != rank)
      return importError("sizes needs " + llvm::Twine(rank) +
                         " int64 values");
    for (int64_t d = 0; d < rank; ++d) {
      int64_t in = xt.getDimSize(d), out = sizeLit->ints[d];
      if (ShapedType::isDynamic(in) || in < 1 || out < in || out % in ||
          out / in > 4096)
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
  FloatType ft = g.floatType;
  auto wideType = RankedTensorType::get(shape, ft);
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
  FloatType ft = g.floatType;
  Value pv = g.scalar(loc, value);
  Value y = tensor::PadOp::create(g.b, loc, RankedTensorType::get(padded, ft),
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
                                       RankedTensorType::get(cropped, ft), y,
                                       offsets, sizes, strides);
  }
  g.define(node.output(0), y);
  return llvm::Error::success();
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

} // namespace mlir::deconv::onnx_import
