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
  GraphImporter(OpBuilder &builder, int64_t opset) : b(builder), opset(opset) {}

  OpBuilder &b;
  const int64_t opset;
  llvm::StringMap<ValueEntry> values;
  /// How many nodes and graph outputs read each value name.
  llvm::StringMap<unsigned> useCounts;

  /// The value named `name` as a ranked f32 tensor, materializing constants.
  llvm::Expected<Value> tensor(Location loc, llvm::StringRef name);
  /// The constant named `name`, or nullptr if it is not known at import time.
  const Literal *literal(llvm::StringRef name) const;
  /// Defines `name` as `v` (or as a constant).
  void define(llvm::StringRef name, Value v) { values[name].value = v; }
  void defineLiteral(llvm::StringRef name, Literal lit);

  /// An f32 constant tensor holding `lit`.
  Value constant(Location loc, const Literal &lit);
  /// An f32 scalar constant.
  Value scalar(Location loc, double v);

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

/// Converts one node; defines its outputs in `g`. The error is the message
/// without the node's name (the caller adds it).
llvm::Error convertNode(GraphImporter &g, const onnx::NodeProto &node,
                        Location loc);

} // namespace mlir::deconv::onnx_import

#endif // DECONV_LIB_IMPORT_ONNXGRAPH_H
