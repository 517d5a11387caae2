//===- Evaluate.cpp - Op-by-op evaluation of a function -------------------===//
//
// A plain interpreter for the reference: tensors are dense row-major host
// tensors, linalg ops run their payload per point of the iteration space, and
// nothing is shared with the lowerings (no tiling, no bufferization, no
// shape reification), so the two check each other. Scalars are computed in
// double and rounded to the element type of the value they define.
//
//===----------------------------------------------------------------------===//

#include "deconv/Reference/Reference.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/BuiltinAttributes.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/TypeSwitch.h"

#include <cmath>

using namespace mlir;
using namespace mlir::deconv::reference;

namespace {

llvm::Error fail(const llvm::Twine &msg) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 "reference: " + msg);
}

int64_t numElements(const std::vector<int64_t> &shape) {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

std::vector<int64_t> strides(const std::vector<int64_t> &shape) {
  std::vector<int64_t> s(shape.size(), 1);
  for (size_t d = shape.size(); d-- > 1;)
    s[d - 1] = s[d] * shape[d];
  return s;
}

/// Advances a multi-index over `shape`; false after the last one.
bool next(std::vector<int64_t> &idx, const std::vector<int64_t> &shape) {
  for (size_t d = shape.size(); d-- > 0;) {
    if (++idx[d] < shape[d])
      return true;
    idx[d] = 0;
  }
  return false;
}

/// `v` rounded to `type` where it is a float type of the tools.
double roundTo(double v, Type type) {
  if (auto kind = deconv::getElementKind(type))
    return deconv::roundToElementKind(v, *kind);
  return v;
}

/// Rounds every element to the element type of `type` (a tensor type) and
/// records that type as the tensor's kind.
void roundTo(Tensor &t, Type type) {
  auto shaped = dyn_cast<ShapedType>(type);
  if (!shaped)
    return;
  auto kind = deconv::getElementKind(shaped.getElementType());
  if (!kind)
    return;
  t.kind = *kind;
  for (double &v : t.data)
    v = deconv::roundToElementKind(v, *kind);
}

Tensor zeros(std::vector<int64_t> shape) {
  Tensor t;
  t.data.assign(numElements(shape), 0.0);
  t.shape = std::move(shape);
  return t;
}

/// Values known while evaluating: tensors, and scalars (f32 constants,
/// index values such as tensor.dim results).
struct Env {
  llvm::DenseMap<Value, Tensor> tensors;
  llvm::DenseMap<Value, double> scalars;

  llvm::Expected<const Tensor *> tensor(Value v, Operation *user) {
    auto it = tensors.find(v);
    if (it == tensors.end())
      return fail("operand of '" + user->getName().getStringRef() +
                  "' is not a tensor value");
    return &it->second;
  }
  llvm::Expected<double> scalar(Value v, Operation *user) {
    auto it = scalars.find(v);
    if (it == scalars.end())
      return fail("operand of '" + user->getName().getStringRef() +
                  "' is not a known scalar");
    return it->second;
  }
  llvm::Expected<int64_t> size(OpFoldResult ofr, Operation *user) {
    if (auto attr = dyn_cast<Attribute>(ofr))
      return cast<IntegerAttr>(attr).getInt();
    auto v = scalar(cast<Value>(ofr), user);
    if (!v)
      return v.takeError();
    return int64_t(*v);
  }
  /// The shape of `type`, dynamic dims from `dynamic` in order.
  llvm::Expected<std::vector<int64_t>>
  shape(RankedTensorType type, ValueRange dynamic, Operation *user) {
    std::vector<int64_t> s;
    unsigned next = 0;
    for (int64_t d : type.getShape()) {
      if (!ShapedType::isDynamic(d)) {
        s.push_back(d);
        continue;
      }
      if (next >= dynamic.size())
        return fail("missing dynamic size in '" +
                    user->getName().getStringRef() + "'");
      auto v = scalar(dynamic[next++], user);
      if (!v)
        return v.takeError();
      s.push_back(int64_t(*v));
    }
    return s;
  }
};

//===----------------------------------------------------------------------===//
// Scalar ops (linalg payloads and tensor.pad bodies)
//===----------------------------------------------------------------------===//

llvm::Expected<double> evalScalarOp(Operation &op, ArrayRef<double> a) {
  auto cmp = [](arith::CmpFPredicate p, double x, double y) -> double {
    bool unordered = std::isnan(x) || std::isnan(y);
    using P = arith::CmpFPredicate;
    switch (p) {
    case P::OEQ:
      return !unordered && x == y;
    case P::OGT:
      return !unordered && x > y;
    case P::OGE:
      return !unordered && x >= y;
    case P::OLT:
      return !unordered && x < y;
    case P::OLE:
      return !unordered && x <= y;
    case P::ONE:
      return !unordered && x != y;
    case P::ORD:
      return !unordered;
    case P::UEQ:
      return unordered || x == y;
    case P::UGT:
      return unordered || x > y;
    case P::UGE:
      return unordered || x >= y;
    case P::ULT:
      return unordered || x < y;
    case P::ULE:
      return unordered || x <= y;
    case P::UNE:
      return unordered || x != y;
    case P::UNO:
      return unordered;
    case P::AlwaysFalse:
      return 0;
    case P::AlwaysTrue:
      return 1;
    }
    return 0;
  };
  auto nanMax = [](double x, double y) {
    return std::isnan(x) || std::isnan(y) ? NAN : std::max(x, y);
  };
  auto nanMin = [](double x, double y) {
    return std::isnan(x) || std::isnan(y) ? NAN : std::min(x, y);
  };
  return llvm::TypeSwitch<Operation *, llvm::Expected<double>>(&op)
      .Case([&](arith::AddFOp) { return a[0] + a[1]; })
      .Case([&](arith::SubFOp) { return a[0] - a[1]; })
      .Case([&](arith::MulFOp) { return a[0] * a[1]; })
      .Case([&](arith::DivFOp) { return a[0] / a[1]; })
      .Case([&](arith::NegFOp) { return -a[0]; })
      .Case([&](arith::MaximumFOp) { return nanMax(a[0], a[1]); })
      .Case([&](arith::MinimumFOp) { return nanMin(a[0], a[1]); })
      .Case([&](arith::MaxNumFOp) { return std::fmax(a[0], a[1]); })
      .Case([&](arith::MinNumFOp) { return std::fmin(a[0], a[1]); })
      .Case([&](arith::CmpFOp c) { return cmp(c.getPredicate(), a[0], a[1]); })
      .Case([&](arith::SelectOp) { return a[0] != 0 ? a[1] : a[2]; })
      .Case([&](arith::ExtFOp) { return a[0]; })
      .Case([&](arith::TruncFOp) { return a[0]; })
      .Case([&](math::TanhOp) { return std::tanh(a[0]); })
      .Case([&](math::ExpOp) { return std::exp(a[0]); })
      .Case([&](math::SqrtOp) { return std::sqrt(a[0]); })
      .Case([&](math::AbsFOp) { return std::fabs(a[0]); })
      .Case([&](math::LogOp) { return std::log(a[0]); })
      .Default([&](Operation *o) -> llvm::Expected<double> {
        return fail("unsupported op '" + o->getName().getStringRef() +
                    "' in a payload");
      });
}

/// Runs a single-block payload on `args`; returns the yielded values.
/// `point` gives linalg.index its values.
llvm::Error runPayload(Block &block, ArrayRef<double> args,
                       ArrayRef<int64_t> point, const Env &outer,
                       SmallVectorImpl<double> &yielded) {
  llvm::DenseMap<Value, double> local;
  for (auto [arg, v] : llvm::zip(block.getArguments(), args))
    local[arg] = v;
  auto lookup = [&](Value v) -> std::optional<double> {
    if (auto it = local.find(v); it != local.end())
      return it->second;
    if (auto it = outer.scalars.find(v); it != outer.scalars.end())
      return it->second;
    return std::nullopt;
  };
  for (Operation &op : block) {
    if (op.hasTrait<OpTrait::IsTerminator>()) {
      yielded.clear();
      for (Value v : op.getOperands()) {
        auto x = lookup(v);
        if (!x)
          return fail("payload yields an unknown value");
        yielded.push_back(*x);
      }
      return llvm::Error::success();
    }
    if (op.getNumResults() != 1)
      return fail("unsupported op '" + op.getName().getStringRef() +
                  "' in a payload");
    double r;
    if (auto cst = dyn_cast<arith::ConstantOp>(op)) {
      if (auto f = dyn_cast<FloatAttr>(cst.getValue()))
        r = f.getValueAsDouble();
      else if (auto i = dyn_cast<IntegerAttr>(cst.getValue()))
        r = double(i.getInt());
      else
        return fail("unsupported constant in a payload");
    } else if (auto index = dyn_cast<linalg::IndexOp>(op)) {
      if (index.getDim() >= point.size())
        return fail("linalg.index outside the iteration space");
      r = double(point[index.getDim()]);
    } else {
      SmallVector<double, 3> operands;
      for (Value v : op.getOperands()) {
        auto x = lookup(v);
        if (!x)
          return fail("payload op '" + op.getName().getStringRef() +
                      "' reads an unknown value");
        operands.push_back(*x);
      }
      auto v = evalScalarOp(op, operands);
      if (!v)
        return v.takeError();
      r = *v;
    }
    local[op.getResult(0)] = roundTo(r, op.getResult(0).getType());
  }
  return fail("payload without terminator");
}

//===----------------------------------------------------------------------===//
// Tensor-level ops
//===----------------------------------------------------------------------===//

llvm::Expected<std::vector<Tensor>> evalLinalg(linalg::LinalgOp op, Env &env) {
  if (!op.hasPureTensorSemantics())
    return fail("'" + op->getName().getStringRef() +
                "' does not work on tensors");
  SmallVector<const Tensor *> operands;
  for (OpOperand &o : op->getOpOperands()) {
    if (!isa<RankedTensorType>(o.get().getType()))
      continue;
    auto t = env.tensor(o.get(), op);
    if (!t)
      return t.takeError();
    operands.push_back(*t);
  }
  // Loop ranges from the operands' sizes.
  SmallVector<int64_t> allSizes;
  for (const Tensor *t : operands)
    allSizes.append(t->shape.begin(), t->shape.end());
  AffineMap shapesToLoops = op.getShapesToLoopsMap();
  if (!shapesToLoops)
    return fail("'" + op->getName().getStringRef() +
                "': the loop ranges do not follow from the shapes");
  SmallVector<int64_t> ranges = shapesToLoops.compose(allSizes);
  SmallVector<AffineMap> maps = op.getIndexingMapsArray();
  unsigned numInputs = op.getNumDpsInputs();
  std::vector<Tensor> outs;
  for (OpOperand &init : op.getDpsInitsMutable()) {
    auto t = env.tensor(init.get(), op);
    if (!t)
      return t.takeError();
    outs.push_back(**t);
  }
  std::vector<int64_t> point(ranges.size(), 0),
      shape(ranges.begin(), ranges.end());
  if (llvm::any_of(shape, [](int64_t s) { return s <= 0; }))
    return outs;
  SmallVector<std::vector<int64_t>> operandStrides;
  for (const Tensor *t : operands)
    operandStrides.push_back(strides(t->shape));
  for (Tensor &t : outs)
    operandStrides.push_back(strides(t.shape));
  Block &body = op->getRegion(0).front();
  SmallVector<double> args(maps.size()), yielded;
  SmallVector<int64_t> offsets(maps.size());
  do {
    for (auto [i, map] : llvm::enumerate(maps)) {
      SmallVector<int64_t> idx = map.compose(point);
      const Tensor &t = i < numInputs ? *operands[i] : outs[i - numInputs];
      int64_t off = 0;
      for (auto [d, x] : llvm::enumerate(idx)) {
        if (x < 0 || x >= t.shape[d])
          return fail("'" + op->getName().getStringRef() +
                      "' reads outside an operand");
        off += x * operandStrides[i][d];
      }
      offsets[i] = off;
      args[i] = t.data[off];
    }
    if (auto err = runPayload(body, args, point, env, yielded))
      return std::move(err);
    for (auto [j, v] : llvm::enumerate(yielded))
      outs[j].data[offsets[numInputs + j]] = v;
  } while (next(point, shape));
  return outs;
}

llvm::Expected<Tensor> evalElementwise(Operation *op,
                                       ArrayRef<const Tensor *> args) {
  Tensor r = *args[0];
  for (const Tensor *t : args)
    if (t->shape != r.shape)
      return fail("elementwise operands of '" + op->getName().getStringRef() +
                  "' differ in shape");
  SmallVector<double, 3> a(args.size());
  for (size_t i = 0; i < r.data.size(); ++i) {
    for (auto [k, t] : llvm::enumerate(args))
      a[k] = t->data[i];
    auto v = evalScalarOp(*op, a);
    if (!v)
      return fail("unsupported op '" + op->getName().getStringRef() + "'");
    r.data[i] = *v;
  }
  return r;
}

/// Copies the box of `src` starting at `srcOff` with `sizes` (and source
/// strides `step`) to `dst` at `dstOff`.
void copyBox(const Tensor &src, ArrayRef<int64_t> srcOff,
             ArrayRef<int64_t> step, Tensor &dst, ArrayRef<int64_t> dstOff,
             const std::vector<int64_t> &sizes) {
  if (numElements(sizes) == 0)
    return;
  std::vector<int64_t> s = strides(src.shape), d = strides(dst.shape);
  std::vector<int64_t> idx(sizes.size(), 0);
  do {
    int64_t so = 0, dof = 0;
    for (size_t k = 0; k < sizes.size(); ++k) {
      so += (srcOff[k] + idx[k] * step[k]) * s[k];
      dof += (dstOff[k] + idx[k]) * d[k];
    }
    dst.data[dof] = src.data[so];
  } while (next(idx, sizes));
}

/// The offsets, sizes and strides of a slice op.
struct Box {
  std::vector<int64_t> offsets, sizes, strides;
};
llvm::Expected<Box> sliceBox(OffsetSizeAndStrideOpInterface op, Env &env) {
  Box box;
  for (auto [o, s, st] : llvm::zip(op.getMixedOffsets(), op.getMixedSizes(),
                                   op.getMixedStrides())) {
    auto ov = env.size(o, op), sv = env.size(s, op), tv = env.size(st, op);
    if (!ov || !sv || !tv) {
      llvm::consumeError(ov.takeError());
      llvm::consumeError(sv.takeError());
      llvm::consumeError(tv.takeError());
      return fail("'" + op->getName().getStringRef() +
                  "': unknown offsets, sizes or strides");
    }
    box.offsets.push_back(*ov);
    box.sizes.push_back(*sv);
    box.strides.push_back(*tv);
  }
  return box;
}

llvm::Expected<Tensor> evalTensorOp(Operation &op, Env &env) {
  auto input = [&](unsigned i) { return env.tensor(op.getOperand(i), &op); };
  if (auto empty = dyn_cast<tensor::EmptyOp>(op)) {
    auto shape = env.shape(empty.getType(), empty.getDynamicSizes(), &op);
    if (!shape)
      return shape.takeError();
    return zeros(*shape);
  }
  if (isa<tensor::CastOp>(op)) {
    auto t = input(0);
    if (!t)
      return t.takeError();
    return **t;
  }
  if (isa<tensor::ExpandShapeOp, tensor::CollapseShapeOp, tensor::ReshapeOp>(
          op)) {
    auto t = input(0);
    if (!t)
      return t.takeError();
    Tensor r = **t;
    auto type = cast<RankedTensorType>(op.getResult(0).getType());
    r.shape.clear();
    if (auto expand = dyn_cast<tensor::ExpandShapeOp>(op)) {
      for (OpFoldResult s : expand.getMixedOutputShape()) {
        auto v = env.size(s, &op);
        if (!v)
          return v.takeError();
        r.shape.push_back(*v);
      }
    } else if (auto collapse = dyn_cast<tensor::CollapseShapeOp>(op)) {
      for (const ReassociationIndices &group :
           collapse.getReassociationIndices()) {
        int64_t n = 1;
        for (int64_t d : group)
          n *= (*t)->shape[d];
        r.shape.push_back(n);
      }
    } else {
      auto shapeT = input(1);
      if (!shapeT)
        return shapeT.takeError();
      for (double v : (*shapeT)->data)
        r.shape.push_back(int64_t(v));
    }
    if (int64_t(r.shape.size()) != type.getRank() ||
        numElements(r.shape) != int64_t(r.data.size()))
      return fail("'" + op.getName().getStringRef() +
                  "' changes the number of elements");
    return r;
  }
  if (auto concat = dyn_cast<tensor::ConcatOp>(op)) {
    std::vector<int64_t> shape;
    int64_t dim = concat.getDim(), at = 0;
    for (unsigned i = 0; i < op.getNumOperands(); ++i) {
      auto t = input(i);
      if (!t)
        return t.takeError();
      if (i == 0)
        shape = (*t)->shape;
      else
        shape[dim] += (*t)->shape[dim];
    }
    Tensor r = zeros(shape);
    for (unsigned i = 0; i < op.getNumOperands(); ++i) {
      const Tensor &t = env.tensors[op.getOperand(i)];
      std::vector<int64_t> srcOff(shape.size(), 0), dstOff(shape.size(), 0),
          step(shape.size(), 1);
      dstOff[dim] = at;
      copyBox(t, srcOff, step, r, dstOff, t.shape);
      at += t.shape[dim];
    }
    return r;
  }
  if (auto pad = dyn_cast<tensor::PadOp>(op)) {
    auto t = input(0);
    if (!t)
      return t.takeError();
    SmallVector<double> yielded;
    SmallVector<double> noArgs(pad.getRegion().getNumArguments(), 0.0);
    if (auto err =
            runPayload(pad.getRegion().front(), noArgs, {}, env, yielded))
      return std::move(err);
    std::vector<int64_t> shape, lo;
    for (auto [d, l, h] :
         llvm::zip(llvm::seq<size_t>(0, (*t)->shape.size()),
                   pad.getMixedLowPad(), pad.getMixedHighPad())) {
      auto lv = env.size(l, &op), hv = env.size(h, &op);
      if (!lv || !hv) {
        llvm::consumeError(lv.takeError());
        llvm::consumeError(hv.takeError());
        return fail("tensor.pad: unknown padding");
      }
      lo.push_back(*lv);
      shape.push_back((*t)->shape[d] + *lv + *hv);
    }
    Tensor r = zeros(shape);
    std::fill(r.data.begin(), r.data.end(), yielded[0]);
    std::vector<int64_t> zero(shape.size(), 0), step(shape.size(), 1);
    copyBox(**t, zero, step, r, lo, (*t)->shape);
    return r;
  }
  if (auto slice = dyn_cast<tensor::ExtractSliceOp>(op)) {
    auto t = input(0);
    if (!t)
      return t.takeError();
    auto box = sliceBox(slice, env);
    if (!box)
      return box.takeError();
    auto &[off, size, step] = *box;
    Tensor r = zeros(size);
    std::vector<int64_t> zero(size.size(), 0);
    copyBox(**t, off, step, r, zero, size);
    // Rank-reducing slices drop unit dims.
    auto type = slice.getType();
    if (type.getRank() != int64_t(size.size())) {
      std::vector<int64_t> kept;
      llvm::SmallBitVector dropped = slice.getDroppedDims();
      for (size_t d = 0; d < size.size(); ++d)
        if (!dropped.test(d))
          kept.push_back(size[d]);
      r.shape = kept;
    }
    return r;
  }
  if (auto insert = dyn_cast<tensor::InsertSliceOp>(op)) {
    auto src = input(0), dst = input(1);
    if (!src || !dst) {
      llvm::consumeError(src.takeError());
      llvm::consumeError(dst.takeError());
      return fail("tensor.insert_slice: unknown operands");
    }
    Tensor r = **dst;
    auto box = sliceBox(insert, env);
    if (!box)
      return box.takeError();
    auto &[off, size, step] = *box;
    if (llvm::any_of(step, [](int64_t s) { return s != 1; }))
      return fail("tensor.insert_slice: only unit strides are supported");
    Tensor srcFull = **src;
    srcFull.shape = size;
    std::vector<int64_t> zero(size.size(), 0);
    copyBox(srcFull, zero, step, r, off, size);
    return r;
  }
  return fail("unsupported op '" + op.getName().getStringRef() + "'");
}

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

} // namespace

llvm::Expected<std::vector<Tensor>>
mlir::deconv::reference::evaluate(func::FuncOp func,
                                  const std::vector<Tensor> &inputs) {
  if (func.getNumArguments() != inputs.size())
    return fail("wrong number of inputs");
  Env env;
  for (auto [arg, t] : llvm::zip(func.getArguments(), inputs))
    env.tensors[arg] = t;
  for (Operation &op : func.getBody().front()) {
    StringRef name = op.getName().getStringRef();
    if (isa<func::ReturnOp>(op)) {
      std::vector<Tensor> results;
      for (Value v : op.getOperands()) {
        auto t = env.tensor(v, &op);
        if (!t)
          return t.takeError();
        results.push_back(**t);
      }
      return results;
    }
    if (auto cst = dyn_cast<arith::ConstantOp>(op)) {
      Attribute value = cst.getValue();
      if (auto f = dyn_cast<FloatAttr>(value)) {
        env.scalars[cst] = f.getValueAsDouble();
        continue;
      }
      if (auto i = dyn_cast<IntegerAttr>(value)) {
        env.scalars[cst] = double(i.getInt());
        continue;
      }
      auto dense = dyn_cast<DenseElementsAttr>(value);
      auto type = dyn_cast<RankedTensorType>(cst.getType());
      if (!dense || !type)
        return fail("unsupported constant");
      Tensor t;
      t.shape.assign(type.getShape().begin(), type.getShape().end());
      if (deconv::getElementKind(type.getElementType())) {
        for (const APFloat &v : dense.getValues<APFloat>()) {
          bool lost;
          APFloat d = v;
          d.convert(APFloat::IEEEdouble(), APFloat::rmNearestTiesToEven, &lost);
          t.data.push_back(d.convertToDouble());
        }
      } else if (type.getElementType().isIntOrIndex()) {
        for (const APInt &v : dense.getValues<APInt>())
          t.data.push_back(double(v.getSExtValue()));
      } else {
        return fail("constant of unsupported element type");
      }
      roundTo(t, type);
      env.tensors[cst] = std::move(t);
      continue;
    }
    if (auto dim = dyn_cast<tensor::DimOp>(op)) {
      auto t = env.tensor(dim.getSource(), &op);
      auto d = env.scalar(dim.getIndex(), &op);
      if (!t || !d) {
        llvm::consumeError(t.takeError());
        llvm::consumeError(d.takeError());
        return fail("tensor.dim of an unknown value");
      }
      if (*d < 0 || *d >= double((*t)->shape.size()))
        return fail("tensor.dim out of range");
      env.scalars[dim] = double((*t)->shape[int64_t(*d)]);
      continue;
    }
    if (op.getNumResults() < 1)
      return fail("unsupported op '" + name + "'");
    if (auto linalgOp = dyn_cast<linalg::LinalgOp>(op)) {
      auto outs = evalLinalg(linalgOp, env);
      if (!outs)
        return outs.takeError();
      for (auto [r, t] : llvm::zip(op.getResults(), *outs)) {
        roundTo(t, r.getType());
        env.tensors[r] = std::move(t);
      }
      continue;
    }
    if (op.getNumResults() != 1)
      return fail("unsupported op '" + name + "'");
    llvm::Expected<Tensor> result = fail("unsupported op '" + name + "'");
    SmallVector<const Tensor *> args;
    auto collectArgs = [&]() -> llvm::Error {
      for (Value v : op.getOperands()) {
        auto t = env.tensor(v, &op);
        if (!t)
          return t.takeError();
        args.push_back(*t);
      }
      return llvm::Error::success();
    };
    if (name == "deconv.conv" || name == "deconv.conv_transpose") {
      llvm::consumeError(result.takeError());
      if (auto err = collectArgs())
        return std::move(err);
      result = evalConv(&op, args, name == "deconv.conv_transpose");
    } else if (isa<tensor::TensorDialect>(op.getDialect())) {
      llvm::consumeError(result.takeError());
      result = evalTensorOp(op, env);
    } else if (isa<RankedTensorType, UnrankedTensorType>(
                   op.getResult(0).getType()) &&
               isa<arith::ArithDialect, math::MathDialect>(op.getDialect())) {
      llvm::consumeError(result.takeError());
      if (auto err = collectArgs())
        return std::move(err);
      result = evalElementwise(&op, args);
    }
    if (!result)
      return result.takeError();
    roundTo(*result, op.getResult(0).getType());
    env.tensors[op.getResult(0)] = std::move(*result);
  }
  return fail("function has no return");
}
