//===- OnnxProto.cpp - Decoding ONNX tensors and attributes ---------------===//

#include "OnnxProto.h"

#include "deconv/Import/OnnxImport.h"
#include "deconv/Runtime/Npy.h"

#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <cstring>
#include <limits>

using namespace mlir::deconv;
using namespace mlir::deconv::onnx_import;

llvm::Error onnx_import::importError(const llvm::Twine &msg) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), msg);
}

llvm::Expected<int64_t>
onnx_import::checkedElementCount(const std::vector<int64_t> &shape) {
  int64_t count = 1;
  for (int64_t d : shape) {
    if (d < 0)
      return importError("negative dimension " + llvm::Twine(d));
    if (d != 0 && count > kMaxElements / d)
      return importError("more than " + llvm::Twine(kMaxElements) +
                         " elements (shape " + formatShape(shape) + ")");
    count *= d;
  }
  return count;
}

std::string onnx_import::elementTypeName(int32_t type) {
  if (onnx::TensorProto_DataType_IsValid(type))
    return onnx::TensorProto_DataType_Name(
        static_cast<onnx::TensorProto_DataType>(type));
  return "type " + std::to_string(type);
}

std::optional<ElementKind> onnx_import::floatKindOf(int32_t type) {
  switch (type) {
  case onnx::TensorProto::FLOAT:
    return ElementKind::F32;
  case onnx::TensorProto::DOUBLE:
    return ElementKind::F64;
  case onnx::TensorProto::FLOAT16:
    return ElementKind::F16;
  case onnx::TensorProto::BFLOAT16:
    return ElementKind::BF16;
  default:
    return std::nullopt;
  }
}

namespace {

/// Copies `count` little-endian values of T from raw bytes.
template <typename T>
llvm::Expected<std::vector<T>> fromRaw(const std::string &raw, int64_t count) {
  if (raw.size() != size_t(count) * sizeof(T))
    return importError("raw_data holds " + llvm::Twine(raw.size()) +
                       " bytes, the dims need " +
                       llvm::Twine(count * int64_t(sizeof(T))));
  std::vector<T> v(count);
  if (count)
    std::memcpy(v.data(), raw.data(), raw.size());
  return v;
}

template <typename T, typename Field>
llvm::Expected<std::vector<T>> fromField(const Field &field, int64_t count,
                                         llvm::StringRef fieldName) {
  if (int64_t(field.size()) != count)
    return importError(fieldName + " holds " + llvm::Twine(field.size()) +
                       " values, the dims need " + llvm::Twine(count));
  return std::vector<T>(field.begin(), field.end());
}

} // namespace

llvm::Expected<Literal>
onnx_import::decodeTensor(const onnx::TensorProto &tensor) {
  if (tensor.data_location() == onnx::TensorProto::EXTERNAL)
    return importError("tensor '" + tensor.name() +
                       "' keeps its data in an external file, which is not "
                       "supported (save the model with its data inside)");
  if (tensor.has_segment())
    return importError("tensor '" + tensor.name() +
                       "' is segmented, which is not supported");
  Literal lit;
  lit.shape.assign(tensor.dims().begin(), tensor.dims().end());
  auto count = checkedElementCount(lit.shape);
  if (!count)
    return importError("tensor '" + tensor.name() +
                       "': " + llvm::toString(count.takeError()));
  bool raw = tensor.has_raw_data();
  auto wrap = [&](llvm::Error err) {
    return importError("tensor '" + tensor.name() +
                       "': " + llvm::toString(std::move(err)));
  };
  switch (tensor.data_type()) {
  case onnx::TensorProto::FLOAT: {
    auto v = raw ? fromRaw<float>(tensor.raw_data(), *count)
                 : fromField<float>(tensor.float_data(), *count, "float_data");
    if (!v)
      return wrap(v.takeError());
    lit.floats.assign(v->begin(), v->end());
    return lit;
  }
  case onnx::TensorProto::DOUBLE: {
    auto v =
        raw ? fromRaw<double>(tensor.raw_data(), *count)
            : fromField<double>(tensor.double_data(), *count, "double_data");
    if (!v)
      return wrap(v.takeError());
    lit.kind = ElementKind::F64;
    lit.floats = std::move(*v);
    return lit;
  }
  case onnx::TensorProto::FLOAT16:
  case onnx::TensorProto::BFLOAT16: {
    // 16-bit floats: raw bytes, or one value's bits per int32_data entry.
    auto v =
        raw ? fromRaw<uint16_t>(tensor.raw_data(), *count)
            : fromField<uint16_t>(tensor.int32_data(), *count, "int32_data");
    if (!v)
      return wrap(v.takeError());
    lit.kind = *floatKindOf(tensor.data_type());
    lit.floats = decodeElements(v->data(), *count, lit.kind);
    return lit;
  }
  case onnx::TensorProto::INT64: {
    auto v =
        raw ? fromRaw<int64_t>(tensor.raw_data(), *count)
            : fromField<int64_t>(tensor.int64_data(), *count, "int64_data");
    if (!v)
      return wrap(v.takeError());
    lit.isFloat = false;
    lit.ints = std::move(*v);
    return lit;
  }
  case onnx::TensorProto::INT32: {
    auto v =
        raw ? fromRaw<int32_t>(tensor.raw_data(), *count)
            : fromField<int32_t>(tensor.int32_data(), *count, "int32_data");
    if (!v)
      return wrap(v.takeError());
    lit.isFloat = false;
    lit.ints.assign(v->begin(), v->end());
    return lit;
  }
  default:
    return importError("tensor '" + tensor.name() + "' has element type " +
                       elementTypeName(tensor.data_type()) +
                       "; only FLOAT, DOUBLE, FLOAT16, BFLOAT16 (and INT32, "
                       "INT64 constants) are supported");
  }
}

const onnx::AttributeProto *NodeAttrs::find(llvm::StringRef name) const {
  for (const onnx::AttributeProto &attr : node.attribute())
    if (attr.name() == name)
      return &attr;
  return nullptr;
}

llvm::Error NodeAttrs::wrongType(const onnx::AttributeProto &attr,
                                 llvm::StringRef expected) const {
  return importError("attribute '" + attr.name() + "' should be " + expected +
                     ", not " +
                     onnx::AttributeProto_AttributeType_Name(attr.type()));
}

llvm::Expected<int64_t> NodeAttrs::getInt(llvm::StringRef name,
                                          int64_t dflt) const {
  const onnx::AttributeProto *attr = find(name);
  if (!attr)
    return dflt;
  if (attr->type() != onnx::AttributeProto::INT)
    return wrongType(*attr, "INT");
  return attr->i();
}

llvm::Expected<float> NodeAttrs::getFloat(llvm::StringRef name,
                                          float dflt) const {
  const onnx::AttributeProto *attr = find(name);
  if (!attr)
    return dflt;
  if (attr->type() != onnx::AttributeProto::FLOAT)
    return wrongType(*attr, "FLOAT");
  return attr->f();
}

llvm::Expected<std::string> NodeAttrs::getString(llvm::StringRef name,
                                                 llvm::StringRef dflt) const {
  const onnx::AttributeProto *attr = find(name);
  if (!attr)
    return dflt.str();
  if (attr->type() != onnx::AttributeProto::STRING)
    return wrongType(*attr, "STRING");
  return attr->s();
}

llvm::Expected<std::optional<std::vector<int64_t>>>
NodeAttrs::getInts(llvm::StringRef name) const {
  const onnx::AttributeProto *attr = find(name);
  if (!attr)
    return std::nullopt;
  if (attr->type() != onnx::AttributeProto::INTS)
    return wrongType(*attr, "INTS");
  return std::vector<int64_t>(attr->ints().begin(), attr->ints().end());
}

llvm::Expected<std::optional<std::vector<float>>>
NodeAttrs::getFloats(llvm::StringRef name) const {
  const onnx::AttributeProto *attr = find(name);
  if (!attr)
    return std::nullopt;
  if (attr->type() != onnx::AttributeProto::FLOATS)
    return wrongType(*attr, "FLOATS");
  return std::vector<float>(attr->floats().begin(), attr->floats().end());
}

llvm::Expected<std::optional<Literal>>
NodeAttrs::getTensor(llvm::StringRef name) const {
  const onnx::AttributeProto *attr = find(name);
  if (!attr)
    return std::nullopt;
  if (attr->type() != onnx::AttributeProto::TENSOR)
    return wrongType(*attr, "TENSOR");
  auto lit = decodeTensor(attr->t());
  if (!lit)
    return lit.takeError();
  return std::optional<Literal>(std::move(*lit));
}

bool mlir::deconv::isOnnxModelFile(llvm::StringRef path) {
  return llvm::sys::path::extension(path).equals_insensitive(".onnx");
}

llvm::Expected<HostTensor>
mlir::deconv::parseOnnxTensor(llvm::StringRef bytes) {
  if (bytes.size() > size_t(std::numeric_limits<int>::max()))
    return importError("TensorProto larger than 2 GB");
  onnx::TensorProto proto;
  if (!proto.ParseFromArray(bytes.data(), int(bytes.size())))
    return importError("not a valid ONNX TensorProto (protobuf parse failed)");
  auto lit = decodeTensor(proto);
  if (!lit)
    return lit.takeError();
  if (!lit->isFloat)
    return importError("TensorProto holds " +
                       elementTypeName(proto.data_type()) +
                       " data; float data was expected");
  HostTensor t;
  t.shape = std::move(lit->shape);
  t.kind = lit->kind;
  t.data = std::move(lit->floats);
  return t;
}

llvm::Expected<HostTensor> mlir::deconv::readTensorFile(llvm::StringRef path) {
  if (!llvm::sys::path::extension(path).equals_insensitive(".pb"))
    return readNpy(path);
  auto file = llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                          /*RequiresNullTerminator=*/false);
  if (!file)
    return importError("cannot read '" + path +
                       "': " + file.getError().message());
  auto t = parseOnnxTensor((*file)->getBuffer());
  if (!t)
    return importError("'" + path + "': " + llvm::toString(t.takeError()));
  return t;
}
