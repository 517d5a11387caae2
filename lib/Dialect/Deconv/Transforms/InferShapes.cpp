//===- InferShapes.cpp - Refine result types through functions ------------===//
//
// When a value's type is refined, its old type is kept alive for the users
// through a "bridge" tensor.cast (new -> old), so the IR is valid after every
// step. Users that understand refinement (deconv ops, casts, elementwise ops,
// func.return) look through such casts to the precise value. Bridges that end
// up unused or as identities are removed at the end.
//
//===----------------------------------------------------------------------===//

#include "deconv/Dialect/Deconv/IR/DeconvOps.h"
#include "deconv/Dialect/Deconv/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/SymbolTable.h"

namespace mlir::deconv {
#define GEN_PASS_DEF_DECONVINFERSHAPES
#include "deconv/Dialect/Deconv/Transforms/Passes.h.inc"
} // namespace mlir::deconv

using namespace mlir;
using namespace mlir::deconv;

/// The most precise tensor type compatible with both (same element type), or
/// null if they contradict each other or carry encodings.
static TensorType meetTypes(Type a, Type b) {
  auto ta = dyn_cast<TensorType>(a), tb = dyn_cast<TensorType>(b);
  if (!ta || !tb || ta.getElementType() != tb.getElementType())
    return {};
  auto ra = dyn_cast<RankedTensorType>(ta), rb = dyn_cast<RankedTensorType>(tb);
  if ((ra && ra.getEncoding()) || (rb && rb.getEncoding()))
    return {};
  if (!ra)
    return tb;
  if (!rb)
    return ta;
  if (ra.getRank() != rb.getRank())
    return {};
  SmallVector<int64_t> dims;
  for (auto [x, y] : llvm::zip(ra.getShape(), rb.getShape())) {
    if (!ShapedType::isDynamic(x) && !ShapedType::isDynamic(y) && x != y)
      return {};
    dims.push_back(ShapedType::isDynamic(x) ? y : x);
  }
  return RankedTensorType::get(dims, ra.getElementType());
}

/// Whether `precise` refines `coarse` (is at least as precise and compatible).
static bool refines(Type precise, Type coarse) {
  return meetTypes(precise, coarse) == precise;
}

namespace {
class ShapeRefiner {
public:
  explicit ShapeRefiner(bool refineFunctionTypes)
      : refineFunctionTypes(refineFunctionTypes) {}

  /// One sweep over the module; returns whether anything changed.
  bool run(ModuleOp module);
  /// Removes bridge casts that are unused or identities.
  void cleanup();

private:
  /// Follows casts that only lose information back to the precise value.
  static Value lookThrough(Value v) {
    while (auto cast = v.getDefiningOp<tensor::CastOp>()) {
      if (!refines(cast.getSource().getType(), cast.getType()))
        break;
      v = cast.getSource();
    }
    return v;
  }

  /// Gives `v` the type `newType`; existing users keep the old type through a
  /// bridge cast placed right after the definition.
  void refineValue(Value v, Type newType);

  bool visitDeconvOp(Operation *op);
  /// Makes the dynamic spatial dims of `type`, the result type of deconv op
  /// `op`, static where their size arithmetic folds to a constant; false
  /// (reported) when a constant is not a valid length.
  bool foldDynamicLengths(Operation *op, TensorType &type);
  bool visitCast(tensor::CastOp cast);
  bool visitElementwise(Operation *op);
  bool visitFunction(func::FuncOp func, ModuleOp module);

  bool refineFunctionTypes;
  SmallVector<tensor::CastOp> bridges;

public:
  /// Set when refinement revealed a contradiction (reported on the op).
  bool hadError = false;
};
} // namespace

void ShapeRefiner::refineValue(Value v, Type newType) {
  Type oldType = v.getType();
  v.setType(newType);
  if (v.use_empty())
    return;
  OpBuilder b(v.getContext());
  b.setInsertionPointAfterValue(v);
  auto bridge = tensor::CastOp::create(b, v.getLoc(), oldType, v);
  v.replaceAllUsesExcept(bridge.getResult(), bridge);
  bridges.push_back(bridge);
}

bool ShapeRefiner::visitDeconvOp(Operation *op) {
  bool changed = false;
  // Deconv ops accept any operand type that refines the current one, as long
  // as what the refined operands imply still agrees with the declared result
  // (a batch of 7 flowing into a result declared with batch 9 is an error in
  // the program, which only the refinement makes visible).
  SmallVector<Value> sources;
  for (Value v : op->getOperands())
    sources.push_back(lookThrough(v));
  auto infer = cast<InferTypeOpInterface>(op);
  SmallVector<Type, 1> inferred;
  if (failed(infer.inferReturnTypes(
          op->getContext(), op->getLoc(), sources, op->getAttrDictionary(),
          op->getPropertiesStorage(), op->getRegions(), inferred))) {
    op->emitRemark("with the operand types refined through the function: ")
        << TypeRange(ValueRange(sources));
    hadError = true;
    return changed;
  }
  Value result = op->getResult(0);
  // The shape is inferred; the element type is the declared one (the op's
  // verifier has checked it against the operands').
  auto resultType = cast<TensorType>(result.getType());
  TensorType meet = meetTypes(
      resultType,
      cast<TensorType>(inferred[0]).clone(resultType.getElementType()));
  if (!meet) {
    op->emitOpError("result type ")
        << result.getType() << " contradicts the type " << inferred[0]
        << " implied by its operands, refined through the function to "
        << TypeRange(ValueRange(sources));
    hadError = true;
    return changed;
  }
  if (!foldDynamicLengths(op, meet)) {
    hadError = true;
    return changed;
  }
  for (auto [operand, src] : llvm::zip(op->getOpOperands(), sources)) {
    if (src != operand.get() && src.getType() != operand.get().getType()) {
      operand.set(src);
      changed = true;
    }
  }
  if (meet != result.getType()) {
    refineValue(result, meet);
    changed = true;
  }
  return changed;
}

/// Bounds the chains of deconv ops that length expressions follow.
static constexpr unsigned kMaxLengthChain = 16;

static AffineExpr
getLengthExpr(Value v, unsigned d,
              SmallVectorImpl<std::pair<Value, unsigned>> &leaves,
              unsigned depth);

/// The output length of spatial dim `d` (counting batch and channel dims) of
/// deconv op `op`, as an expression of the lengths its operands derive from;
/// null if its formula overflows.
static AffineExpr
getResultLengthExpr(Operation *op, unsigned d,
                    SmallVectorImpl<std::pair<Value, unsigned>> &leaves,
                    unsigned depth) {
  ConvParams params = getConvParams(op);
  if (d < 2 || d - 2 >= params.getSpatialRank())
    return {};
  // Filters are followed no further than their own type.
  return getOutputLengthExpr(
      params.kind, params.dim(d - 2),
      getLengthExpr(op->getOperand(0), d, leaves, depth + 1),
      getLengthExpr(op->getOperand(1), d, leaves, kMaxLengthChain));
}

/// The length of dim `d` of `v` as an affine expression of the dynamic
/// lengths it derives from through casts and chains of deconv ops (`leaves`
/// lists those, one symbol each). Built from the expressions that shape
/// reification uses, so it folds as the canonicalizer folds the lowered size
/// arithmetic, with the same int64 wraparound.
static AffineExpr
getLengthExpr(Value v, unsigned d,
              SmallVectorImpl<std::pair<Value, unsigned>> &leaves,
              unsigned depth) {
  auto type = dyn_cast<RankedTensorType>(v.getType());
  if (type && !type.isDynamicDim(d))
    return getAffineConstantExpr(type.getDimSize(d), v.getContext());
  if (depth < kMaxLengthChain) {
    if (auto cast = v.getDefiningOp<tensor::CastOp>())
      return getLengthExpr(cast.getSource(), d, leaves, depth + 1);
    Operation *def = v.getDefiningOp();
    if (isa_and_nonnull<ConvOp, ConvTransposeOp>(def))
      if (AffineExpr e = getResultLengthExpr(def, d, leaves, depth))
        return e;
  }
  auto it = llvm::find(leaves, std::make_pair(v, d));
  if (it == leaves.end())
    it = leaves.insert(leaves.end(), {v, d});
  return getAffineSymbolExpr(it - leaves.begin(), v.getContext());
}

bool ShapeRefiner::foldDynamicLengths(Operation *op, TensorType &type) {
  auto ranked = dyn_cast<RankedTensorType>(type);
  if (!ranked)
    return true;
  SmallVector<int64_t> shape(ranked.getShape());
  for (unsigned d = 2; d < shape.size(); ++d) {
    if (!ShapedType::isDynamic(shape[d]))
      continue;
    SmallVector<std::pair<Value, unsigned>> leaves;
    AffineExpr e = getResultLengthExpr(op, d, leaves, 0);
    if (!e)
      continue;
    auto c =
        dyn_cast<AffineConstantExpr>(simplifyAffineExpr(e, 0, leaves.size()));
    if (!c)
      continue;
    // The expression only folds to a constant when a coefficient product
    // wrapped around int64; for every input that passes the run-time size
    // checks, the real length is then this constant.
    if (c.getValue() < 1) {
      op->emitOpError("output length of spatial dim ")
          << d - 2 << " folds to " << c.getValue()
          << ": the strides of the ops it derives from multiply past int64, "
             "so no input length passes the run-time size checks";
      return false;
    }
    shape[d] = c.getValue();
  }
  type = RankedTensorType::get(shape, ranked.getElementType());
  return true;
}

bool ShapeRefiner::visitCast(tensor::CastOp cast) {
  Value src = lookThrough(cast.getSource());
  TensorType meet = meetTypes(cast.getType(), src.getType());
  if (!meet || meet == cast.getType())
    return false;
  // `src` refines `meet`, so the cast stays valid (and becomes an identity
  // when `meet` is the source type).
  cast.getSourceMutable().assign(src);
  refineValue(cast.getResult(), meet);
  return true;
}

bool ShapeRefiner::visitElementwise(Operation *op) {
  if (op->getNumRegions() != 0 || op->getNumOperands() == 0)
    return false;
  auto isTensor = [](Type t) { return isa<TensorType>(t); };
  if (!llvm::all_of(op->getOperandTypes(), isTensor) ||
      !llvm::all_of(op->getResultTypes(), isTensor))
    return false;
  // The common shape of all operands (looked through) and results.
  SmallVector<Value> sources;
  std::optional<TensorType> shape;
  auto meetShape = [&](Type t) {
    auto tt = cast<TensorType>(t);
    if (!shape) {
      shape = tt;
      return true;
    }
    TensorType m = meetTypes(*shape, tt.clone(shape->getElementType()));
    if (!m)
      return false;
    shape = m;
    return true;
  };
  for (Value v : op->getOperands()) {
    sources.push_back(lookThrough(v));
    if (!meetShape(sources.back().getType()))
      return false;
  }
  for (Type t : op->getResultTypes())
    if (!meetShape(t))
      return false;
  // Only refine when every operand source already has the common shape: no
  // new runtime-checked casts are introduced.
  auto withShape = [&](Type t) {
    auto tt = cast<TensorType>(t);
    if (auto ranked = dyn_cast<RankedTensorType>(*shape))
      return TensorType(
          RankedTensorType::get(ranked.getShape(), tt.getElementType()));
    return TensorType(UnrankedTensorType::get(tt.getElementType()));
  };
  for (Value s : sources)
    if (s.getType() != withShape(s.getType()))
      return false;
  bool changed = false;
  for (auto [operand, src] : llvm::zip(op->getOpOperands(), sources)) {
    if (operand.get() != src) {
      operand.set(src);
      changed = true;
    }
  }
  for (Value r : op->getResults()) {
    Type t = withShape(r.getType());
    if (t != r.getType()) {
      refineValue(r, t);
      changed = true;
    }
  }
  return changed;
}

bool ShapeRefiner::visitFunction(func::FuncOp func, ModuleOp module) {
  bool changed = false;
  SmallVector<Operation *> ops;
  func.walk([&](Operation *op) { ops.push_back(op); });
  SmallVector<func::ReturnOp> returns;
  for (Operation *op : ops) {
    if (isa<ConvOp, ConvTransposeOp>(op))
      changed |= visitDeconvOp(op);
    else if (auto cast = dyn_cast<tensor::CastOp>(op))
      changed |= visitCast(cast);
    else if (op->hasTrait<OpTrait::Elementwise>())
      changed |= visitElementwise(op);
    else if (auto ret = dyn_cast<func::ReturnOp>(op))
      returns.push_back(ret);
  }
  if (!refineFunctionTypes || func.isExternal() || returns.empty())
    return changed;

  // Only refine the signature if every use of the function is a direct call
  // whose results we can update.
  std::optional<SymbolTable::UseRange> uses =
      SymbolTable::getSymbolUses(func, module);
  if (!uses)
    return changed;
  SmallVector<func::CallOp> calls;
  for (const SymbolTable::SymbolUse &use : *uses) {
    auto call = dyn_cast<func::CallOp>(use.getUser());
    if (!call)
      return changed;
    calls.push_back(call);
  }

  FunctionType fnType = func.getFunctionType();
  SmallVector<Type> results(fnType.getResults());
  bool signatureChanged = false;
  for (unsigned i = 0; i < results.size(); ++i) {
    Type candidate;
    for (func::ReturnOp ret : returns) {
      Type t = lookThrough(ret.getOperand(i)).getType();
      if (candidate && candidate != t) {
        candidate = {};
        break;
      }
      candidate = t;
    }
    if (!candidate || candidate == results[i] ||
        !refines(candidate, results[i]))
      continue;
    for (func::ReturnOp ret : returns)
      ret->setOperand(i, lookThrough(ret.getOperand(i)));
    for (func::CallOp call : calls)
      refineValue(call.getResult(i), candidate);
    results[i] = candidate;
    signatureChanged = true;
  }
  if (signatureChanged) {
    func.setFunctionType(
        FunctionType::get(func.getContext(), fnType.getInputs(), results));
    changed = true;
  }
  return changed;
}

bool ShapeRefiner::run(ModuleOp module) {
  bool changed = false;
  for (auto func : module.getOps<func::FuncOp>())
    changed |= visitFunction(func, module);
  return changed;
}

void ShapeRefiner::cleanup() {
  // Later bridges may feed earlier ones' users; erase until nothing changes.
  bool erased = true;
  while (erased) {
    erased = false;
    for (tensor::CastOp &bridge : bridges) {
      if (!bridge)
        continue;
      if (bridge.getSource().getType() == bridge.getType())
        bridge.getResult().replaceAllUsesWith(bridge.getSource());
      if (bridge.getResult().use_empty()) {
        bridge.erase();
        bridge = nullptr;
        erased = true;
      }
    }
  }
}

namespace {
struct DeconvInferShapesPass
    : public mlir::deconv::impl::DeconvInferShapesBase<DeconvInferShapesPass> {
  using DeconvInferShapesBase::DeconvInferShapesBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    ShapeRefiner refiner(refineFunctionTypes);
    // Each sweep only makes types more precise, so this terminates; the bound
    // is a guard against a bug, not a tuning knob.
    for (int sweep = 0; sweep < 64 && !refiner.hadError && refiner.run(module);
         ++sweep) {
    }
    if (refiner.hadError)
      return signalPassFailure();
    refiner.cleanup();
    // User-written casts that became identities.
    module.walk([](tensor::CastOp cast) {
      if (cast.getSource().getType() == cast.getType()) {
        cast.getResult().replaceAllUsesWith(cast.getSource());
        cast.erase();
      }
    });
  }
};
} // namespace
