//===- DeconvOps.cpp - deconv.conv and deconv.conv_transpose --------------===//
//
// Verification, type inference and reification for both ops. All geometry
// comes from deconv/Support/ConvGeometry.h; this file only translates between
// MLIR types/attributes and that helper.
//
//===----------------------------------------------------------------------===//

#include "deconv/Dialect/Deconv/IR/DeconvOps.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/TypeUtilities.h"

using namespace mlir;
using namespace mlir::deconv;
using mlir::deconv::ConvKind;
using ::mlir::deconv::ConvParams;

static_assert(::mlir::deconv::kDynamicSize == ShapedType::kDynamic,
              "geometry helper and MLIR must agree on the dynamic marker");

//===----------------------------------------------------------------------===//
// Reading attributes
//===----------------------------------------------------------------------===//

FailureOr<ConvParams>
mlir::deconv::readConvParams(ConvKind kind, DictionaryAttr attrs,
                             unsigned spatialRank,
                             function_ref<void(const Twine &)> error) {
  ConvParams params = ConvParams::getDefault(kind, spatialRank);
  auto report = [&](StringRef name, StringRef what) {
    if (error)
      error(Twine("'") + name + "' must be " + what);
    return failure();
  };
  auto readArray = [&](StringRef name,
                       SmallVectorImpl<int64_t> &into) -> LogicalResult {
    Attribute attr = attrs ? attrs.get(name) : Attribute();
    if (!attr)
      return success();
    auto array = dyn_cast<DenseI64ArrayAttr>(attr);
    if (!array)
      return report(name, "an array of i64 (array<i64: ...>)");
    into.assign(array.asArrayRef().begin(), array.asArrayRef().end());
    return success();
  };
  if (failed(readArray("strides", params.strides)) ||
      failed(readArray("dilations", params.dilations)) ||
      failed(readArray("padding", params.padding)))
    return failure();
  if (kind == ConvKind::ConvTranspose &&
      failed(readArray("output_padding", params.outputPadding)))
    return failure();
  if (Attribute g = attrs ? attrs.get("groups") : Attribute()) {
    auto intAttr = dyn_cast<IntegerAttr>(g);
    if (!intAttr || !intAttr.getType().isInteger(64))
      return report("groups", "an i64 integer");
    params.groups = intAttr.getInt();
  }
  return params;
}

//===----------------------------------------------------------------------===//
// Inference shared by both ops
//===----------------------------------------------------------------------===//

namespace {
/// Emits "'deconv.X' op <message>" at the location, if there is one.
struct OpDiagnoser {
  std::optional<Location> loc;
  StringRef opName;
  LogicalResult operator()(const Twine &message) const {
    return emitOptionalError(loc, "'", opName, "' op ", message);
  }
};
} // namespace

/// Whether `wide` is the f32 that a 16-bit `narrow` op may sum into and
/// return.
static bool isWidenedType(Type narrow, Type wide) {
  return isa<Float16Type, BFloat16Type>(narrow) && wide.isF32();
}

static FailureOr<RankedTensorType> inferResultType(ConvKind kind,
                                                   OpDiagnoser diag,
                                                   ValueRange operands,
                                                   DictionaryAttr attrs) {
  if (operands.size() != 2 && operands.size() != 3) {
    (void)diag("expects 2 or 3 operands (input, filter, optional bias), got " +
               Twine(operands.size()));
    return failure();
  }
  static constexpr StringLiteral roles[] = {"input", "filter", "bias"};
  SmallVector<RankedTensorType, 3> types;
  for (auto [i, v] : llvm::enumerate(operands)) {
    auto t = dyn_cast<RankedTensorType>(v.getType());
    if (!t) {
      (void)diag(Twine(roles[i]) + " must be a ranked tensor");
      return failure();
    }
    types.push_back(t);
  }
  Type elementType = types[0].getElementType();
  for (unsigned i = 1; i < types.size(); ++i) {
    // A 16-bit op's bias may be f32, the type its sums are formed in.
    bool wideBias =
        i == 2 && isWidenedType(elementType, types[i].getElementType());
    if (types[i].getElementType() != elementType && !wideBias) {
      std::string a, b;
      llvm::raw_string_ostream(a) << elementType;
      llvm::raw_string_ostream(b) << types[i].getElementType();
      (void)diag(Twine("element types must match: input has ") + a + ", " +
                 roles[i] + " has " + b);
      return failure();
    }
  }

  int64_t rank = types[0].getRank();
  unsigned spatialRank = rank >= 2 ? rank - 2 : 0;
  FailureOr<ConvParams> params = readConvParams(
      kind, attrs, spatialRank, [&](const Twine &msg) { (void)diag(msg); });
  if (failed(params))
    return failure();

  ::mlir::deconv::ConvShapes shapes;
  shapes.input.assign(types[0].getShape().begin(), types[0].getShape().end());
  shapes.filter.assign(types[1].getShape().begin(), types[1].getShape().end());
  if (elementType.isIntOrFloat())
    shapes.elementBytes = getElementBytes(elementType.getIntOrFloatBitWidth());
  if (types.size() == 3)
    shapes.bias.emplace(types[2].getShape().begin(), types[2].getShape().end());

  auto shape = ::mlir::deconv::inferOutputShape(*params, shapes);
  if (!shape) {
    (void)diag(llvm::toString(shape.takeError()));
    return failure();
  }
  return RankedTensorType::get(*shape, elementType);
}

/// Whether `declared` may stand for `inferred`: the same element type (or
/// f32 for a 16-bit one) and a shape that is equal or less precise.
static bool isCompatibleResultType(Type inferred, Type declared) {
  auto a = dyn_cast<TensorType>(inferred);
  auto b = dyn_cast<TensorType>(declared);
  if (!a || !b)
    return false;
  return (a.getElementType() == b.getElementType() ||
          isWidenedType(a.getElementType(), b.getElementType())) &&
         succeeded(verifyCompatibleShape(a, b));
}

static bool areCompatibleResultTypes(TypeRange l, TypeRange r) {
  if (l.size() != r.size())
    return false;
  for (auto [a, b] : llvm::zip(l, r))
    if (!isCompatibleResultType(a, b))
      return false;
  return true;
}

static std::string typeToString(Type t) {
  std::string s;
  llvm::raw_string_ostream(s) << t;
  return s;
}

static LogicalResult refineConvLike(ConvKind kind, StringRef opName,
                                    std::optional<Location> loc,
                                    ValueRange operands, DictionaryAttr attrs,
                                    SmallVectorImpl<Type> &returnTypes) {
  OpDiagnoser diag{loc, opName};
  FailureOr<RankedTensorType> inferred =
      inferResultType(kind, diag, operands, attrs);
  if (failed(inferred))
    return failure();
  if (returnTypes.empty() || !returnTypes[0]) {
    returnTypes.assign(1, *inferred);
    return success();
  }
  Type declared = returnTypes[0];
  auto declaredTensor = dyn_cast<TensorType>(declared);
  if (!declaredTensor)
    return diag("result must be a tensor, got " + typeToString(declared));
  Type declaredElement = declaredTensor.getElementType();
  if (declaredElement != inferred->getElementType() &&
      !isWidenedType(inferred->getElementType(), declaredElement))
    return diag("result element type " + typeToString(declaredElement) +
                " must match the operands' element type " +
                typeToString(inferred->getElementType()) +
                (isa<Float16Type, BFloat16Type>(inferred->getElementType())
                     ? " (or be f32)"
                     : ""));
  auto declaredRanked = dyn_cast<RankedTensorType>(declared);
  int64_t elementBytes =
      getElementBytes(declaredElement.getIntOrFloatBitWidth());
  if (declaredRanked &&
      !getStaticByteSize(declaredRanked.getShape(), elementBytes))
    return diag("result type " + typeToString(declared) + " has more bytes (" +
                Twine(elementBytes) +
                " per element) in its static dims than int64 can count");
  if (!isCompatibleResultType(*inferred, declared)) {
    auto ranked = cast<RankedTensorType>(declared);
    if (ranked.getRank() != inferred->getRank())
      return diag("result type " + typeToString(declared) + " has rank " +
                  Twine(ranked.getRank()) + ", but the inferred type " +
                  typeToString(*inferred) + " has rank " +
                  Twine(inferred->getRank()));
    for (int64_t d = 0; d < ranked.getRank(); ++d) {
      int64_t a = ranked.getDimSize(d), b = inferred->getDimSize(d);
      if (!ShapedType::isDynamic(a) && !ShapedType::isDynamic(b) && a != b)
        return diag("result type " + typeToString(declared) +
                    " contradicts the inferred type " +
                    typeToString(*inferred) + ": dim " + Twine(d) + " is " +
                    Twine(a) + ", expected " + Twine(b));
    }
  }
  // The output channels come in `groups` equal parts; with a dynamic filter
  // dim, only the result type says how many there are.
  auto groups = attrs ? attrs.getAs<IntegerAttr>("groups") : IntegerAttr();
  if (declaredRanked && declaredRanked.getRank() >= 2 && groups &&
      groups.getInt() > 0 && !declaredRanked.isDynamicDim(1) &&
      declaredRanked.getDimSize(1) % groups.getInt() != 0)
    return diag("result type " + typeToString(declared) + " has " +
                Twine(declaredRanked.getDimSize(1)) +
                " output channels, which 'groups' = " + Twine(groups.getInt()) +
                " does not divide");
  return success();
}

ConvParams mlir::deconv::getConvParams(Operation *op) {
  if (auto t = dyn_cast<ConvTransposeOp>(op))
    return t.getParams();
  return cast<ConvOp>(op).getParams();
}

AffineExpr mlir::deconv::getOutputLengthExpr(ConvKind kind,
                                             const SpatialParams &p,
                                             AffineExpr in, AffineExpr kernel) {
  std::optional<OutputSizeFormula> f = getOutputSizeFormula(kind, p);
  if (!f)
    return {};
  return (in * f->inCoeff + kernel * f->kernelCoeff + f->constant)
             .floorDiv(f->divisor) +
         1;
}

/// Reifies the result shape with the same formula the verifier uses.
template <typename OpTy>
static LogicalResult reifyConvLike(OpTy op, ConvKind kind, OpBuilder &b,
                                   ReifiedRankedShapedTypeDims &reified) {
  auto resultType = dyn_cast<RankedTensorType>(op.getType());
  if (!resultType)
    return failure();
  Location loc = op.getLoc();
  ConvParams params = op.getParams();
  MLIRContext *ctx = b.getContext();
  Value input = op.getInput(), filter = op.getFilter();

  SmallVector<OpFoldResult> dims;
  auto staticOr = [&](int64_t d, function_ref<OpFoldResult()> compute) {
    if (!resultType.isDynamicDim(d))
      return OpFoldResult(b.getIndexAttr(resultType.getDimSize(d)));
    return compute();
  };
  dims.push_back(
      staticOr(0, [&] { return tensor::getMixedSize(b, loc, input, 0); }));
  dims.push_back(staticOr(1, [&]() -> OpFoldResult {
    if (kind == ConvKind::Conv)
      return tensor::getMixedSize(b, loc, filter, 0);
    AffineExpr s0 = getAffineSymbolExpr(0, ctx);
    return affine::makeComposedFoldedAffineApply(
        b, loc, AffineMap::get(0, 1, s0 * params.groups),
        {tensor::getMixedSize(b, loc, filter, 1)});
  }));
  for (unsigned d = 0; d < params.getSpatialRank(); ++d) {
    AffineExpr e =
        getOutputLengthExpr(kind, params.dim(d), getAffineSymbolExpr(0, ctx),
                            getAffineSymbolExpr(1, ctx));
    if (!e)
      return failure();
    dims.push_back(staticOr(2 + d, [&]() -> OpFoldResult {
      return affine::makeComposedFoldedAffineApply(
          b, loc, AffineMap::get(0, 2, e),
          {tensor::getMixedSize(b, loc, input, 2 + d),
           tensor::getMixedSize(b, loc, filter, 2 + d)});
    }));
  }
  reified.push_back(std::move(dims));
  return success();
}

//===----------------------------------------------------------------------===//
// Attribute names and the custom assembly form
//===----------------------------------------------------------------------===//

static ArrayRef<StringRef> attributeNames(ConvKind kind) {
  static constexpr StringRef conv[] = {"strides", "dilations", "padding",
                                       "groups"};
  static constexpr StringRef transpose[] = {"strides", "dilations", "padding",
                                            "output_padding", "groups"};
  if (kind == ConvKind::Conv)
    return conv;
  return transpose;
}

/// " (did you mean 'X'?)" for the closest valid name, if one is close.
static std::string suggestion(StringRef name, ArrayRef<StringRef> valid) {
  if (name == "output_padding" && !llvm::is_contained(valid, name))
    return " (only deconv.conv_transpose has it)";
  StringRef best;
  unsigned bestDistance = 4;
  for (StringRef v : valid) {
    unsigned d = name.edit_distance(v, /*AllowReplacements=*/true,
                                    /*MaxEditDistance=*/bestDistance);
    if (d < bestDistance) {
      bestDistance = d;
      best = v;
    }
  }
  return best.empty() ? std::string() : " (did you mean '" + best.str() + "'?)";
}

static std::string listNames(ArrayRef<StringRef> names) {
  std::string s;
  for (auto [i, n] : llvm::enumerate(names))
    s += (i ? ", " : "") + n.str();
  return s;
}

/// Attributes without a dialect prefix must be the op's own: a misspelled
/// `stride` would otherwise be kept and ignored.
static LogicalResult verifyAttributeNames(Operation *op, ConvKind kind) {
  ArrayRef<StringRef> valid = attributeNames(kind);
  for (NamedAttribute attr : op->getAttrs()) {
    StringRef name = attr.getName().strref();
    if (name.contains('.') || llvm::is_contained(valid, name))
      continue;
    return op->emitOpError("has unknown attribute '")
           << name << "'" << suggestion(name, valid) << "; its attributes are "
           << listNames(valid);
  }
  return success();
}

/// input, filter [, bias], then the keywords of `kind` in any order (each at
/// most once), attr-dict, `:` functional type.
static ParseResult parseConvLike(OpAsmParser &parser, OperationState &result,
                                 ConvKind kind) {
  SmallVector<OpAsmParser::UnresolvedOperand, 3> operands(2);
  if (parser.parseOperand(operands[0]) || parser.parseComma() ||
      parser.parseOperand(operands[1]))
    return failure();
  if (succeeded(parser.parseOptionalComma()) &&
      parser.parseOperand(operands.emplace_back()))
    return failure();
  ArrayRef<StringRef> valid = attributeNames(kind);
  llvm::SmallDenseSet<StringRef> seen;
  while (true) {
    SMLoc loc = parser.getCurrentLocation();
    StringRef keyword;
    if (failed(parser.parseOptionalKeyword(&keyword)))
      break;
    if (!llvm::is_contained(valid, keyword))
      return parser.emitError(loc, "unknown keyword '")
             << keyword << "'" << suggestion(keyword, valid)
             << "; expected one of " << listNames(valid)
             << " (each once, in any order), or ':'";
    if (!seen.insert(keyword).second)
      return parser.emitError(loc, "'") << keyword << "' is given twice";
    if (parser.parseEqual())
      return failure();
    Attribute value;
    if (keyword == "groups") {
      IntegerAttr groups;
      if (parser.parseCustomAttributeWithFallback(
              groups, parser.getBuilder().getIntegerType(64)))
        return failure();
      value = groups;
    } else {
      DenseI64ArrayAttr list;
      if (parser.parseCustomAttributeWithFallback(list, Type{}))
        return failure();
      value = list;
    }
    result.attributes.append(keyword, value);
  }
  SMLoc typeLoc = parser.getCurrentLocation();
  FunctionType type;
  if (parser.parseOptionalAttrDict(result.attributes) ||
      parser.parseColonType(type))
    return failure();
  if (type.getNumInputs() != operands.size())
    return parser.emitError(typeLoc, "the type lists ")
           << type.getNumInputs() << " operand types for " << operands.size()
           << " operands";
  if (parser.resolveOperands(operands, type.getInputs(), typeLoc,
                             result.operands))
    return failure();
  result.addTypes(type.getResults());
  return success();
}

static void printConvLike(OpAsmPrinter &p, Operation *op, ConvKind kind) {
  p << ' ' << op->getOperands();
  SmallVector<StringRef, 6> elided;
  for (StringRef name : attributeNames(kind)) {
    Attribute value = op->getAttr(name);
    if (!value)
      continue;
    elided.push_back(name);
    if (name == "groups") {
      if (cast<IntegerAttr>(value).getInt() != 1)
        p << " groups = " << cast<IntegerAttr>(value).getInt();
      continue;
    }
    p << ' ' << name << " = ";
    p.printStrippedAttrOrType(cast<DenseI64ArrayAttr>(value));
  }
  p.printOptionalAttrDict(op->getAttrs(), elided);
  p << " : ";
  p.printFunctionalType(op->getOperandTypes(), op->getResultTypes());
}

//===----------------------------------------------------------------------===//
// Per-op hooks (the two ops differ only in their kind)
//===----------------------------------------------------------------------===//

#define DECONV_DEFINE_CONV_LIKE_HOOKS(OpTy, Kind)                              \
  ConvParams OpTy::getParams() {                                               \
    FailureOr<ConvParams> p =                                                  \
        readConvParams(Kind, (*this)->getAttrDictionary(), getSpatialRank());  \
    assert(succeeded(p) && "reading the parameters of an unverified op");      \
    return *p;                                                                 \
  }                                                                            \
  LogicalResult OpTy::inferReturnTypes(                                        \
      MLIRContext *, std::optional<Location> loc, ValueRange operands,         \
      DictionaryAttr attrs, OpaqueProperties, RegionRange,                     \
      SmallVectorImpl<Type> &inferred) {                                       \
    inferred.clear();                                                          \
    return refineConvLike(Kind, getOperationName(), loc, operands, attrs,      \
                          inferred);                                           \
  }                                                                            \
  /* Errors are reported once, by verify(), with their own messages;      */   \
  /* failing here would add a generic "failed to infer" error to each.    */   \
  LogicalResult OpTy::refineReturnTypes(                                       \
      MLIRContext *, std::optional<Location>, ValueRange, DictionaryAttr,      \
      OpaqueProperties, RegionRange, SmallVectorImpl<Type> &) {                \
    return success();                                                          \
  }                                                                            \
  ParseResult OpTy::parse(OpAsmParser &parser, OperationState &result) {       \
    return parseConvLike(parser, result, Kind);                                \
  }                                                                            \
  void OpTy::print(OpAsmPrinter &p) { printConvLike(p, *this, Kind); }         \
  LogicalResult OpTy::verify() {                                               \
    if (failed(verifyAttributeNames(*this, Kind)))                             \
      return failure();                                                        \
    SmallVector<Type, 1> declared{getType()};                                  \
    return refineConvLike(Kind, getOperationName(), getLoc(),                  \
                          getOperation()->getOperands(),                       \
                          (*this)->getAttrDictionary(), declared);             \
  }                                                                            \
  bool OpTy::isCompatibleReturnTypes(TypeRange l, TypeRange r) {               \
    return areCompatibleResultTypes(l, r);                                     \
  }                                                                            \
  LogicalResult OpTy::reifyResultShapes(                                       \
      OpBuilder &b, ReifiedRankedShapedTypeDims &reified) {                    \
    return reifyConvLike(*this, Kind, b, reified);                             \
  }

DECONV_DEFINE_CONV_LIKE_HOOKS(ConvOp, ConvKind::Conv)
DECONV_DEFINE_CONV_LIKE_HOOKS(ConvTransposeOp, ConvKind::ConvTranspose)

SmallVector<Operation *> mlir::deconv::getConvLikeOps(Operation *root) {
  SmallVector<Operation *> ops;
  root->walk([&](Operation *op) {
    if (isa<ConvOp, ConvTransposeOp>(op))
      ops.push_back(op);
  });
  return ops;
}

#define GET_OP_CLASSES
#include "deconv/Dialect/Deconv/IR/DeconvOps.cpp.inc"
