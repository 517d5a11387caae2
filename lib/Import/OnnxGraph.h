//===- OnnxGraph.h - The state of one ONNX graph's import -------*- C++ -*-===//
//
// GraphImporter holds what the op converters share: the builder, the table
// from ONNX value names to MLIR values or import-time constants, and the
// helpers that build broadcasting elementwise ops. Internal to lib/Import.
//
//===----------------------------------------------------------------------===//

#ifndef DECONV_LIB_IMPORT_ONNXGRAPH_H
#define DECONV_LIB_IMPORT_ONNXGRAPH_H

#include "OnnxProto.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringMap.h"

namespace mlir::deconv::onnx_import {

/// One ONNX value: an SSA value, a constant known at import time, or both
/// (a constant materialized once).
struct ValueEntry {
  Value value;
  std::optional<Literal> literal;
};

/// Builds the body of an elementwise op on scalars (one per input).
using ScalarBody = llvm::function_ref<Value(OpBuilder &, Location, ValueRange)>;

class GraphImporter {
public:
  GraphImporter(OpBuilder &builder, int64_t opset, FloatType floatType)
      : b(builder), opset(opset), floatType(floatType) {}

  OpBuilder &b;
  const int64_t opset;
  /// The element type of every float tensor of the graph (set before the
  /// first value is built).
  FloatType floatType;
  llvm::StringMap<ValueEntry> values;
  /// How many nodes and graph outputs read each value name.
  llvm::StringMap<unsigned> useCounts;

  /// The value named `name` as a ranked float tensor, materializing
  /// constants.
  llvm::Expected<Value> tensor(Location loc, llvm::StringRef name);
  /// The constant named `name`, or nullptr if it is not known at import time.
  const Literal *literal(llvm::StringRef name) const;
  /// Defines `name` as `v` (or as a constant).
  void define(llvm::StringRef name, Value v) { values[name].value = v; }
  void defineLiteral(llvm::StringRef name, Literal lit);

  /// A float constant tensor holding `lit`.
  Value constant(Location loc, const Literal &lit);
  /// A float scalar constant.
  Value scalar(Location loc, double v);
  /// A ranked tensor type of the graph's float type.
  RankedTensorType floatTensor(ArrayRef<int64_t> shape) const {
    return RankedTensorType::get(shape, floatType);
  }
  /// `v` as a scalar attribute of the graph's float type (rounded to it).
  FloatAttr floatAttr(double v) const { return b.getFloatAttr(floatType, v); }
  /// `values` as elements of `type` (rounded to its element type).
  DenseElementsAttr floatElements(ShapedType type,
                                  ArrayRef<double> values) const;
  /// The values of a float constant, or nullopt.
  static std::optional<std::vector<double>> constantValues(Value v);

  /// A linalg.generic over the numpy broadcast of `inputs`' shapes whose
  /// body `body` builds from one scalar per input. Errors name `what` when
  /// shapes do not broadcast.
  llvm::Expected<Value> elementwise(Location loc, ArrayRef<Value> inputs,
                                    ScalarBody body);

  /// A tensor.empty of `type` whose dynamic dims are taken from `like`'s
  /// dims (`dimMap[i]`: dim of `like` that gives result dim i).
  Value emptyLike(Location loc, RankedTensorType type, Value like,
                  ArrayRef<int64_t> dimMap);
};

/// Evaluates `expr` (an llvm::Expected) into `var`, or returns its error.
#define TRY(var, expr)                                                         \
  auto var##OrErr = (expr);                                                    \
  if (!var##OrErr)                                                             \
    return var##OrErr.takeError();                                             \
  auto &var = *var##OrErr;

inline RankedTensorType typeOf(Value v) {
  return cast<RankedTensorType>(v.getType());
}

/// Input `i` of `node`, or "" if absent (optional inputs may be empty names).
llvm::StringRef inputName(const onnx::NodeProto &node, int i);
/// Checks the number of inputs (lo to hi) and that there is an output.
llvm::Error expectInputs(const onnx::NodeProto &node, int lo, int hi);
/// Extra outputs (BatchNormalization's training statistics, say) must not be
/// used.
llvm::Error singleOutput(GraphImporter &g, const onnx::NodeProto &node);
/// `axis` in [-rank, rank) (or [-rank, rank] if `inclusive`), made >= 0.
llvm::Expected<int64_t> normalizeAxis(int64_t axis, int64_t rank,
                                      bool inclusive = false);
/// The inputs of `node` as tensors; absent optional inputs are skipped.
llvm::Expected<SmallVector<Value>>
tensorInputs(GraphImporter &g, const onnx::NodeProto &node, Location loc);
/// `x` reshaped to `shape` (static except where a dim of x passes through).
llvm::Expected<Value> reshapeTo(GraphImporter &g, Location loc, Value x,
                                ArrayRef<int64_t> shape);

/// The converters, one per operator (family). Each defines the node's
/// outputs in `g`; the error is the message without the node's name (the
/// caller adds it).
llvm::Error convertConv(GraphImporter &g, const onnx::NodeProto &node,
                        Location loc, bool transpose);
llvm::Error convertBatchNorm(GraphImporter &g, const onnx::NodeProto &node,
                             Location loc);
llvm::Error convertElementwise(GraphImporter &g, const onnx::NodeProto &node,
                               Location loc);
llvm::Error convertConcat(GraphImporter &g, const onnx::NodeProto &node,
                          Location loc);
llvm::Error convertDepthToSpace(GraphImporter &g, const onnx::NodeProto &node,
                                Location loc);
llvm::Error convertTranspose(GraphImporter &g, const onnx::NodeProto &node,
                             Location loc);
llvm::Error convertResize(GraphImporter &g, const onnx::NodeProto &node,
                          Location loc);
llvm::Error convertPad(GraphImporter &g, const onnx::NodeProto &node,
                       Location loc);
llvm::Error convertReshape(GraphImporter &g, const onnx::NodeProto &node,
                           Location loc);
llvm::Error convertConstant(GraphImporter &g, const onnx::NodeProto &node);

/// Converts one node by its op type.
llvm::Error convertNode(GraphImporter &g, const onnx::NodeProto &node,
                        Location loc);

} // namespace mlir::deconv::onnx_import

#endif // DECONV_LIB_IMPORT_ONNXGRAPH_H
