//===- HostTensor.h - A dense tensor in host memory -------------*- C++ -*-===//
//
// The tools' tensors: a shape, the element type the compiled code and the
// .npy files hold, and the values as doubles (every f32, f16, bf16 and f64
// value is a double, so the reference and the comparisons need one code
// path). Conversion to and from the packed element encodings lives here too.
//
//===----------------------------------------------------------------------===//

#ifndef DECONV_RUNTIME_HOSTTENSOR_H
#define DECONV_RUNTIME_HOSTTENSOR_H

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mlir {
class FloatType;
class MLIRContext;
class Type;
namespace deconv {

/// The element types that cross the tools' and the C interface's boundary.
enum class ElementKind { F32, F64, F16, BF16 };

/// "f32", "f64", "f16", "bf16" (MLIR's spelling).
const char *getElementKindName(ElementKind kind);
/// Bytes of one element.
unsigned getElementKindBytes(ElementKind kind);
/// The kind of an MLIR float type, or nullopt for any other type.
std::optional<ElementKind> getElementKind(Type type);
/// The MLIR float type of `kind`.
FloatType getElementKindType(MLIRContext *context, ElementKind kind);
/// The kind named `name` ("f32", "f64", "f16", "bf16"), or nullopt.
std::optional<ElementKind> parseElementKind(const std::string &name);

/// `value` rounded to the nearest `kind` value (ties to even; beyond the
/// largest finite value, infinity), as a double.
double roundToElementKind(double value, ElementKind kind);
/// Writes `values`, rounded, to `dst` in `kind`'s encoding (IEEE binary32,
/// binary64, binary16, or the upper half of binary32 for bf16).
void encodeElements(const std::vector<double> &values, ElementKind kind,
                    void *dst);
/// Reads one element of `kind`'s encoding at `src`.
double decodeElement(const void *src, ElementKind kind);
/// Reads `count` elements of `kind`'s encoding from `src`.
std::vector<double> decodeElements(const void *src, int64_t count,
                                   ElementKind kind);

/// Row-major (C order) values with their shape and element type. The values
/// are meant to be representable in `kind` (encodeElements rounds them).
struct HostTensor {
  std::vector<int64_t> shape;
  ElementKind kind = ElementKind::F32;
  std::vector<double> data;
};

/// "1x2x3" (or "scalar" for rank 0).
std::string formatShape(const std::vector<int64_t> &shape);

} // namespace deconv
} // namespace mlir

#endif // DECONV_RUNTIME_HOSTTENSOR_H
