//===- OnnxImporter.cpp - ONNX ModelProto to one func.func ----------------===//
//
// The graph level: the opset, the float type, graph inputs (ranked,
// symbolic dims dynamic), initializers kept as import-time constants, nodes
// converted in their (topological) order, graph outputs returned. Value names
// become `deconv.name` argument and result attributes.
//
//===----------------------------------------------------------------------===//

#include "OnnxGraph.h"

#include "deconv/Dialect/Deconv/IR/DeconvDialect.h"
#include "deconv/Import/OnnxImport.h"
#include "deconv/Support/ConvGeometry.h"
#include "deconv/Target/CInterface.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/ReshapeOpsUtils.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Support/FileUtilities.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"

#include <limits>

using namespace mlir;
using namespace mlir::deconv;
using namespace mlir::deconv::onnx_import;

//===----------------------------------------------------------------------===//
// GraphImporter helpers
//===----------------------------------------------------------------------===//

const Literal *GraphImporter::literal(llvm::StringRef name) const {
  auto it = values.find(name);
  if (it == values.end() || !it->second.literal)
    return nullptr;
  return &*it->second.literal;
}

void GraphImporter::defineLiteral(llvm::StringRef name, Literal lit) {
  ValueEntry &e = values[name];
  e.value = nullptr;
  e.literal = std::move(lit);
}

DenseElementsAttr GraphImporter::floatElements(ShapedType type,
                                               ArrayRef<double> values) const {
  const llvm::fltSemantics &sem =
      cast<FloatType>(type.getElementType()).getFloatSemantics();
  SmallVector<APFloat> elements;
  elements.reserve(values.size());
  for (double v : values) {
    APFloat f(v);
    bool lost;
    f.convert(sem, APFloat::rmNearestTiesToEven, &lost);
    elements.push_back(f);
  }
  return DenseElementsAttr::get(type, elements);
}

std::optional<std::vector<double>> GraphImporter::constantValues(Value v) {
  auto cst = v ? v.getDefiningOp<arith::ConstantOp>() : nullptr;
  auto dense = cst ? dyn_cast<DenseElementsAttr>(cst.getValue()) : nullptr;
  if (!dense || !isa<FloatType>(dense.getElementType()))
    return std::nullopt;
  std::vector<double> out;
  out.reserve(dense.getNumElements());
  for (APFloat f : dense.getValues<APFloat>()) {
    bool lost;
    f.convert(APFloat::IEEEdouble(), APFloat::rmNearestTiesToEven, &lost);
    out.push_back(f.convertToDouble());
  }
  return out;
}

Value GraphImporter::constant(Location loc, const Literal &lit) {
  std::vector<double> data;
  if (lit.isFloat)
    data = lit.floats;
  else
    data.assign(lit.ints.begin(), lit.ints.end());
  return arith::ConstantOp::create(b, loc,
                                   floatElements(floatTensor(lit.shape), data));
}

Value GraphImporter::scalar(Location loc, double v) {
  return arith::ConstantOp::create(b, loc, floatAttr(v));
}

llvm::Expected<Value> GraphImporter::tensor(Location loc,
                                            llvm::StringRef name) {
  auto it = values.find(name);
  if (it == values.end())
    return importError("input '" + name +
                       "' is not defined by a graph input, an initializer or "
                       "an earlier node (a cycle, or a missing initializer)");
  ValueEntry &e = it->second;
  if (e.value)
    return e.value;
  if (!e.literal->isFloat)
    return importError("integer tensor '" + name +
                       "' is used as data; only float data is supported");
  // Constants go to the top of the function so that every later use sees
  // them, wherever the first use was.
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(b.getInsertionBlock());
  e.value = constant(loc, *e.literal);
  return e.value;
}

Value GraphImporter::emptyLike(Location loc, RankedTensorType type, Value like,
                               ArrayRef<int64_t> dimMap) {
  SmallVector<Value> dyn;
  for (int64_t i = 0; i < type.getRank(); ++i)
    if (type.isDynamicDim(i))
      dyn.push_back(tensor::DimOp::create(b, loc, like, dimMap[i]));
  return tensor::EmptyOp::create(b, loc, type.getShape(), type.getElementType(),
                                 dyn);
}

llvm::Expected<Value> GraphImporter::elementwise(Location loc,
                                                 ArrayRef<Value> inputs,
                                                 ScalarBody body) {
  int64_t rank = 0;
  for (Value v : inputs)
    rank = std::max(rank, cast<RankedTensorType>(v.getType()).getRank());
  // Numpy broadcasting, aligned on the right. A dynamic dim against a static
  // one of size > 1 takes the static size; two dynamic dims are assumed equal
  // (ONNX requires it of valid inputs).
  SmallVector<int64_t> shape(rank, 1);
  SmallVector<std::pair<Value, int64_t>> dimSource(rank, {nullptr, 0});
  for (Value v : inputs) {
    auto t = cast<RankedTensorType>(v.getType());
    int64_t off = rank - t.getRank();
    for (int64_t d = 0; d < t.getRank(); ++d) {
      int64_t s = t.getDimSize(d), &r = shape[off + d];
      if (s == 1)
        continue;
      if (ShapedType::isDynamic(s)) {
        if (r == 1) {
          r = s;
          dimSource[off + d] = {v, d};
        }
        continue;
      }
      if (r != 1 && !ShapedType::isDynamic(r) && r != s)
        return importError("shapes do not broadcast: dim " +
                           llvm::Twine(off + d) + " is " + llvm::Twine(r) +
                           " in one input and " + llvm::Twine(s) +
                           " in another");
      r = s;
    }
  }
  auto resultType = floatTensor(shape);
  SmallVector<Value> dyn;
  for (int64_t d = 0; d < rank; ++d)
    if (ShapedType::isDynamic(shape[d]))
      dyn.push_back(tensor::DimOp::create(b, loc, dimSource[d].first,
                                          dimSource[d].second));
  Value init = tensor::EmptyOp::create(b, loc, shape, floatType, dyn);

  MLIRContext *ctx = b.getContext();
  SmallVector<AffineMap> maps;
  for (Value v : inputs) {
    auto t = cast<RankedTensorType>(v.getType());
    int64_t off = rank - t.getRank();
    SmallVector<AffineExpr> exprs;
    for (int64_t d = 0; d < t.getRank(); ++d)
      exprs.push_back(t.getDimSize(d) == 1 && shape[off + d] != 1
                          ? getAffineConstantExpr(0, ctx)
                          : getAffineDimExpr(off + d, ctx));
    maps.push_back(AffineMap::get(rank, 0, exprs, ctx));
  }
  maps.push_back(AffineMap::getMultiDimIdentityMap(rank, ctx));
  SmallVector<utils::IteratorType> iters(rank, utils::IteratorType::parallel);
  auto generic = linalg::GenericOp::create(
      b, loc, resultType, inputs, ValueRange{init}, maps, iters,
      [&](OpBuilder &nb, Location nloc, ValueRange args) {
        Value r = body(nb, nloc, args.drop_back());
        linalg::YieldOp::create(nb, nloc, r);
      });
  return generic.getResult(0);
}

//===----------------------------------------------------------------------===//
// Helpers shared by the converters
//===----------------------------------------------------------------------===//

namespace mlir::deconv::onnx_import {

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
                                      bool inclusive) {
  int64_t hi = inclusive ? rank : rank - 1;
  if (axis < -rank || axis > hi)
    return importError("axis " + llvm::Twine(axis) +
                       " is out of range for rank " + llvm::Twine(rank));
  return axis < 0 ? axis + rank : axis;
}

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

/// x reshaped to `shape` (static except where a dim of x passes through).
llvm::Expected<Value> reshapeTo(GraphImporter &g, Location loc, Value x,
                                ArrayRef<int64_t> shape) {
  auto xt = typeOf(x);
  auto type = g.floatTensor(shape);
  if (type == xt)
    return x;
  if (type.getRank() < xt.getRank())
    if (auto re = getReassociationIndicesForCollapse(xt.getShape(), shape))
      return tensor::CollapseShapeOp::create(g.b, loc, type, x, *re)
          .getResult();
  if (type.getRank() > xt.getRank())
    if (auto re = getReassociationIndicesForCollapse(shape, xt.getShape())) {
      // The expansion's sizes follow from the source only with at most one
      // dynamic size per group.
      bool inferable = llvm::all_of(*re, [&](const ReassociationIndices &g) {
        return llvm::count_if(g, [&](int64_t d) {
                 return ShapedType::isDynamic(shape[d]);
               }) <= 1;
      });
      if (inferable)
        return tensor::ExpandShapeOp::create(g.b, loc, type, x, *re)
            .getResult();
    }
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
        g.b, loc, g.floatTensor({xt.getNumElements()}), x,
        xt.getRank() ? toFlat : SmallVector<ReassociationIndices>{});
  if (type.getRank() == 1)
    return flat;
  return tensor::ExpandShapeOp::create(
             g.b, loc, type, flat,
             type.getRank() ? fromFlat : SmallVector<ReassociationIndices>{})
      .getResult();
}

llvm::Error convertNode(GraphImporter &g, const onnx::NodeProto &node,
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

} // namespace mlir::deconv::onnx_import

//===----------------------------------------------------------------------===//
// Model import
//===----------------------------------------------------------------------===//

namespace {

constexpr int64_t kMinOpset = 6, kMaxOpset = 18;

llvm::Expected<int64_t> defaultOpset(const onnx::ModelProto &model) {
  for (const onnx::OperatorSetIdProto &id : model.opset_import())
    if (id.domain().empty() || id.domain() == "ai.onnx") {
      if (id.version() < kMinOpset || id.version() > kMaxOpset)
        return importError("the model uses ONNX opset " +
                           llvm::Twine(id.version()) + "; opsets " +
                           llvm::Twine(kMinOpset) + " to " +
                           llvm::Twine(kMaxOpset) + " are supported");
      return id.version();
    }
  return importError("the model imports no version of the default ONNX "
                     "operator set (opset_import)");
}

llvm::Error checkStaticSize(ArrayRef<int64_t> shape);

/// The declared type of a graph input: ranked, of the graph's float type
/// `floatType`, symbolic or missing dims dynamic.
llvm::Expected<RankedTensorType> inputType(const onnx::ValueInfoProto &info,
                                           FloatType floatType) {
  const onnx::TypeProto &type = info.type();
  if (!type.has_tensor_type())
    return importError("graph input '" + info.name() +
                       "' is not a tensor (sequences, maps and optionals are "
                       "not supported)");
  const onnx::TypeProto_Tensor &tt = type.tensor_type();
  if (!floatKindOf(tt.elem_type()))
    return importError("graph input '" + info.name() + "' has element type " +
                       elementTypeName(tt.elem_type()) +
                       "; only float inputs (FLOAT, DOUBLE, FLOAT16, BFLOAT16) "
                       "are supported (bind integer inputs to constants with "
                       "--bind-input)");
  if (!tt.has_shape())
    return importError("graph input '" + info.name() +
                       "' has no shape; the importer needs its rank");
  SmallVector<int64_t> shape;
  for (const onnx::TensorShapeProto_Dimension &d : tt.shape().dim()) {
    if (d.has_dim_value()) {
      if (d.dim_value() < 0 || d.dim_value() > kMaxElements)
        return importError("graph input '" + info.name() + "' has dimension " +
                           llvm::Twine(d.dim_value()));
      shape.push_back(d.dim_value());
    } else {
      shape.push_back(ShapedType::kDynamic);
    }
  }
  if (shape.size() > 8)
    return importError("graph input '" + info.name() + "' has rank " +
                       llvm::Twine(shape.size()) + "; at most 8 is supported");
  if (auto err = checkStaticSize(shape))
    return importError("graph input '" + info.name() +
                       "': " + llvm::toString(std::move(err)));
  return RankedTensorType::get(shape, floatType);
}

/// The graph's float type when the options do not choose one: that of its
/// float inputs (which must agree), or f32.
llvm::Expected<ElementKind> inputsFloatKind(const onnx::GraphProto &graph,
                                            const GraphImporter &g) {
  std::optional<ElementKind> kind;
  for (const onnx::ValueInfoProto &in : graph.input()) {
    if (g.literal(in.name()) || !in.type().has_tensor_type())
      continue;
    std::optional<ElementKind> k =
        floatKindOf(in.type().tensor_type().elem_type());
    if (!k)
      continue;
    if (kind && *kind != *k)
      return importError(llvm::Twine("the graph's inputs have different float "
                                     "types (") +
                         getElementKindName(*kind) + " and " +
                         getElementKindName(*k) +
                         "); choose the function's with --element-type");
    kind = k;
  }
  return kind.value_or(ElementKind::F32);
}

/// Every tensor has at most kMaxElements elements (its static dims' product
/// alone): bigger types would overflow int64 byte counts downstream.
llvm::Error checkStaticSize(ArrayRef<int64_t> shape) {
  std::vector<int64_t> known;
  for (int64_t d : shape)
    if (!ShapedType::isDynamic(d))
      known.push_back(d);
  return checkedElementCount(known).takeError();
}

llvm::Error checkOutputSizes(GraphImporter &g, const onnx::NodeProto &node) {
  for (const std::string &out : node.output()) {
    auto it = g.values.find(out);
    if (out.empty() || it == g.values.end() || !it->second.value)
      continue;
    auto type = cast<RankedTensorType>(it->second.value.getType());
    if (auto err = checkStaticSize(type.getShape()))
      return importError("output '" + out +
                         "': " + llvm::toString(std::move(err)));
  }
  return llvm::Error::success();
}

/// Where the diagnostics of node `index` point: its name (or op type and
/// index) in the model file.
Location nodeLoc(MLIRContext *ctx, llvm::StringRef fileName,
                 const onnx::NodeProto &node, int index) {
  std::string name = node.name().empty()
                         ? node.op_type() + "#" + std::to_string(index)
                         : node.name();
  return NameLoc::get(StringAttr::get(ctx, name),
                      FileLineColLoc::get(ctx, fileName, 0, 0));
}

LogicalResult importGraph(const onnx::ModelProto &model, ModuleOp module,
                          llvm::StringRef fileName,
                          const OnnxImportOptions &options) {
  MLIRContext *ctx = module.getContext();
  Location fileLoc = FileLineColLoc::get(ctx, fileName, 0, 0);
  auto opset = defaultOpset(model);
  if (!opset)
    return emitError(fileLoc) << llvm::toString(opset.takeError());
  if (!model.has_graph())
    return emitError(fileLoc) << "the model has no graph";
  const onnx::GraphProto &graph = model.graph();

  OpBuilder b(ctx);
  b.setInsertionPointToEnd(module.getBody());
  std::string funcName = options.functionName;
  if (funcName.empty()) {
    for (char c : llvm::sys::path::stem(fileName))
      funcName += llvm::isAlnum(c) || c == '_' ? c : '_';
    if (funcName.empty() || llvm::isDigit(funcName[0]) || funcName == "main")
      funcName = "model_" + funcName;
  }
  auto func =
      func::FuncOp::create(b, fileLoc, funcName, b.getFunctionType({}, {}));
  Block *body = func.addEntryBlock();
  b.setInsertionPointToEnd(body);
  // The float type is set once the inputs bound to constants are known.
  GraphImporter g(b, *opset, b.getF32Type());

  for (const onnx::TensorProto &init : graph.initializer()) {
    auto lit = decodeTensor(init);
    if (!lit)
      return emitError(fileLoc)
             << "initializer: " << llvm::toString(lit.takeError());
    g.defineLiteral(init.name(), std::move(*lit));
  }
  for (const auto &bound : options.boundInputs) {
    const std::string &name = bound.first, &path = bound.second;
    auto file = llvm::MemoryBuffer::getFile(path, false, false);
    if (!file)
      return emitError(fileLoc) << "--bind-input " << name << ": cannot read '"
                                << path << "': " << file.getError().message();
    onnx::TensorProto proto;
    std::optional<Literal> lit;
    if (proto.ParseFromArray((*file)->getBufferStart(),
                             int((*file)->getBufferSize()))) {
      auto decoded = decodeTensor(proto);
      if (!decoded)
        return emitError(fileLoc) << "--bind-input " << name << ": "
                                  << llvm::toString(decoded.takeError());
      lit = std::move(*decoded);
    } else {
      auto t = readTensorFile(path);
      if (!t)
        return emitError(fileLoc) << "--bind-input " << name << ": "
                                  << llvm::toString(t.takeError());
      lit.emplace();
      lit->shape = t->shape;
      lit->kind = t->kind;
      lit->floats = std::move(t->data);
    }
    bool found = llvm::any_of(
        graph.input(), [&](const auto &in) { return in.name() == name; });
    if (!found)
      return emitError(fileLoc)
             << "--bind-input: the graph has no input named '" << name << "'";
    g.defineLiteral(name, std::move(*lit));
  }

  if (options.elementType) {
    g.floatType = getElementKindType(ctx, *options.elementType);
  } else {
    auto kind = inputsFloatKind(graph, g);
    if (!kind)
      return emitError(fileLoc) << llvm::toString(kind.takeError());
    g.floatType = getElementKindType(ctx, *kind);
  }

  // Graph inputs that are not initializers (older exporters list the
  // initializers among the inputs too) become the function's arguments.
  SmallVector<Type> argTypes;
  SmallVector<Attribute> argNames;
  for (const onnx::ValueInfoProto &in : graph.input()) {
    if (g.literal(in.name()))
      continue;
    auto type = inputType(in, g.floatType);
    if (!type)
      return emitError(fileLoc) << llvm::toString(type.takeError());
    BlockArgument arg = body->addArgument(
        *type, NameLoc::get(b.getStringAttr(in.name()), fileLoc));
    g.define(in.name(), arg);
    argTypes.push_back(*type);
    argNames.push_back(b.getDictionaryAttr(
        b.getNamedAttr(kValueNameAttr, b.getStringAttr(in.name()))));
  }

  for (const onnx::NodeProto &node : graph.node())
    for (const std::string &in : node.input())
      ++g.useCounts[in];
  for (const onnx::ValueInfoProto &out : graph.output())
    ++g.useCounts[out.name()];

  for (auto [i, node] : llvm::enumerate(graph.node())) {
    Location loc = nodeLoc(ctx, fileName, node, int(i));
    std::string domain = node.domain();
    if (!domain.empty() && domain != "ai.onnx")
      return emitError(loc) << "node '" << cast<NameLoc>(loc).getName().str()
                            << "': operator " << node.op_type()
                            << " of domain '" << domain << "' is not supported";
    std::string shown = cast<NameLoc>(loc).getName().str();
    llvm::Error err = convertNode(g, node, loc);
    if (!err)
      err = checkOutputSizes(g, node);
    if (err)
      return emitError(loc)
             << "node '" << shown << "' (" << node.op_type() << ", opset "
             << *opset << "): " << llvm::toString(std::move(err));
  }

  SmallVector<Value> results;
  SmallVector<Attribute> resultNames;
  for (const onnx::ValueInfoProto &out : graph.output()) {
    auto v = g.tensor(fileLoc, out.name());
    if (!v)
      return emitError(fileLoc) << "graph output '" << out.name()
                                << "': " << llvm::toString(v.takeError());
    results.push_back(*v);
    resultNames.push_back(b.getDictionaryAttr(
        b.getNamedAttr(kValueNameAttr, b.getStringAttr(out.name()))));
  }
  if (results.empty())
    return emitError(fileLoc) << "the graph has no outputs";
  func::ReturnOp::create(b, fileLoc, results);
  func.setType(b.getFunctionType(argTypes, ValueRange(results).getTypes()));
  func.setAllArgAttrs(argNames);
  func.setAllResultAttrs(resultNames);
  return success();
}

} // namespace

llvm::Error mlir::deconv::parseOnnxElementType(llvm::StringRef value,
                                               OnnxImportOptions &options) {
  if (value.empty())
    return llvm::Error::success();
  options.elementType = parseElementKind(value.str());
  if (!options.elementType)
    return importError("--element-type must be f32, f64, f16 or bf16, got '" +
                       value + "'");
  return llvm::Error::success();
}

void mlir::deconv::registerOnnxImportDialects(DialectRegistry &registry) {
  registry.insert<arith::ArithDialect, DeconvDialect, func::FuncDialect,
                  linalg::LinalgDialect, math::MathDialect,
                  tensor::TensorDialect>();
}

OwningOpRef<ModuleOp>
mlir::deconv::importOnnxModel(llvm::StringRef bytes, llvm::StringRef fileName,
                              MLIRContext *context,
                              const OnnxImportOptions &options) {
  // Only the dialects the importer builds (the tools' contexts register
  // every dialect; loading them all would cost more than the import).
  context->loadDialect<arith::ArithDialect, DeconvDialect, func::FuncDialect,
                       linalg::LinalgDialect, math::MathDialect,
                       tensor::TensorDialect>();
  Location fileLoc = FileLineColLoc::get(context, fileName, 0, 0);
  onnx::ModelProto model;
  if (bytes.size() > size_t(std::numeric_limits<int>::max()) ||
      !model.ParseFromArray(bytes.data(), int(bytes.size()))) {
    emitError(fileLoc) << "not a valid ONNX model (protobuf parse failed)";
    return nullptr;
  }
  OwningOpRef<ModuleOp> module = ModuleOp::create(fileLoc);
  if (failed(importGraph(model, *module, fileName, options)))
    return nullptr;
  if (failed(verify(*module)))
    return nullptr;
  return module;
}

OwningOpRef<ModuleOp>
mlir::deconv::importOnnxModelFile(llvm::StringRef path, MLIRContext *context,
                                  const OnnxImportOptions &options) {
  auto file =
      llvm::MemoryBuffer::getFileOrSTDIN(path, /*IsText=*/false,
                                         /*RequiresNullTerminator=*/false);
  if (!file) {
    emitError(FileLineColLoc::get(context, path, 0, 0))
        << "cannot read the model: " << file.getError().message();
    return nullptr;
  }
  return importOnnxModel((*file)->getBuffer(), path, context, options);
}

OwningOpRef<ModuleOp>
mlir::deconv::loadInputModule(llvm::StringRef path, MLIRContext *context,
                              llvm::SourceMgr &sourceMgr,
                              const OnnxImportOptions &options) {
  if (isOnnxModelFile(path))
    return importOnnxModelFile(path, context, options);
  std::string error;
  auto file = openInputFile(path, &error);
  if (!file) {
    emitError(UnknownLoc::get(context)) << error;
    return nullptr;
  }
  sourceMgr.AddNewSourceBuffer(std::move(file), llvm::SMLoc());
  OwningOpRef<ModuleOp> module = parseSourceFile<ModuleOp>(sourceMgr, context);
  if (!module || failed(verify(*module)))
    return nullptr;
  return module;
}
