//===- OnnxProto.h - Decoding ONNX protobuf messages ------------*- C++ -*-===//
//
// The importer's view of ONNX data: constant tensors as host literals, and
// typed attribute access with messages that name the node. Internal to
// lib/Import.
//
//===----------------------------------------------------------------------===//

#ifndef DECONV_LIB_IMPORT_ONNXPROTO_H
#define DECONV_LIB_IMPORT_ONNXPROTO_H

#include "onnx/onnx_pb.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include "deconv/Runtime/HostTensor.h"
#include <cstdint>
#include <optional>
#include <string>

#include <optional>
#include <vector>

namespace mlir::deconv::onnx_import {

/// A constant tensor known at import time: float data (`kind` says which
/// type the file held; the values are exact as doubles), or integers
/// (shapes, pads, axes). Exactly one of `floats` and `ints` is used.
struct Literal {
  std::vector<int64_t> shape;
  bool isFloat = true;
  ElementKind kind = ElementKind::F32;
  std::vector<double> floats;
  std::vector<int64_t> ints;

  int64_t size() const { return isFloat ? floats.size() : ints.size(); }
  /// Element i as a double, whatever the kind.
  double at(int64_t i) const { return isFloat ? floats[i] : double(ints[i]); }
};

/// The most elements one constant or value may have.
inline constexpr int64_t kMaxElements = int64_t(1) << 32;

llvm::Error importError(const llvm::Twine &msg);

/// Product of `shape`, or an error if a dim is negative or the product
/// exceeds kMaxElements.
llvm::Expected<int64_t> checkedElementCount(const std::vector<int64_t> &shape);

/// Decodes float (f32, f64, f16, bf16), int32 and int64 tensors; other
/// element types, external data and size mismatches are errors.
llvm::Expected<Literal> decodeTensor(const onnx::TensorProto &tensor);

/// The name of an ONNX element type (TensorProto::DataType), for messages.
std::string elementTypeName(int32_t type);
/// The float kind of an ONNX element type (FLOAT, DOUBLE, FLOAT16,
/// BFLOAT16), or nullopt.
std::optional<ElementKind> floatKindOf(int32_t type);

/// Attribute access for one node; messages name the node.
class NodeAttrs {
public:
  explicit NodeAttrs(const onnx::NodeProto &node) : node(node) {}
  const onnx::AttributeProto *find(llvm::StringRef name) const;
  llvm::Expected<int64_t> getInt(llvm::StringRef name, int64_t dflt) const;
  llvm::Expected<float> getFloat(llvm::StringRef name, float dflt) const;
  llvm::Expected<std::string> getString(llvm::StringRef name,
                                        llvm::StringRef dflt) const;
  /// An INTS attribute, or nullopt if absent.
  llvm::Expected<std::optional<std::vector<int64_t>>>
  getInts(llvm::StringRef name) const;
  llvm::Expected<std::optional<std::vector<float>>>
  getFloats(llvm::StringRef name) const;
  llvm::Expected<std::optional<Literal>> getTensor(llvm::StringRef name) const;

private:
  llvm::Error wrongType(const onnx::AttributeProto &attr,
                        llvm::StringRef expected) const;
  const onnx::NodeProto &node;
};

} // namespace mlir::deconv::onnx_import

#endif // DECONV_LIB_IMPORT_ONNXPROTO_H
