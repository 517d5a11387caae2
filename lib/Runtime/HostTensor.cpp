//===- HostTensor.cpp - Element kinds and their encodings -----------------===//

#include "deconv/Runtime/HostTensor.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"

#include "llvm/ADT/bit.h"

#include <cmath>
#include <cstring>

using namespace mlir;
using namespace mlir::deconv;

const char *mlir::deconv::getElementKindName(ElementKind kind) {
  switch (kind) {
  case ElementKind::F32:
    return "f32";
  case ElementKind::F64:
    return "f64";
  case ElementKind::F16:
    return "f16";
  case ElementKind::BF16:
    return "bf16";
  }
  return "?";
}

unsigned mlir::deconv::getElementKindBytes(ElementKind kind) {
  switch (kind) {
  case ElementKind::F32:
    return 4;
  case ElementKind::F64:
    return 8;
  case ElementKind::F16:
  case ElementKind::BF16:
    return 2;
  }
  return 0;
}

std::optional<ElementKind> mlir::deconv::getElementKind(Type type) {
  if (type.isF32())
    return ElementKind::F32;
  if (type.isF64())
    return ElementKind::F64;
  if (type.isF16())
    return ElementKind::F16;
  if (type.isBF16())
    return ElementKind::BF16;
  return std::nullopt;
}

FloatType mlir::deconv::getElementKindType(MLIRContext *context,
                                           ElementKind kind) {
  Builder b(context);
  switch (kind) {
  case ElementKind::F32:
    return b.getF32Type();
  case ElementKind::F64:
    return b.getF64Type();
  case ElementKind::F16:
    return b.getF16Type();
  case ElementKind::BF16:
    return b.getBF16Type();
  }
  llvm_unreachable("unknown element kind");
}

std::optional<ElementKind>
mlir::deconv::parseElementKind(const std::string &name) {
  for (ElementKind k : {ElementKind::F32, ElementKind::F64, ElementKind::F16,
                        ElementKind::BF16})
    if (name == getElementKindName(k))
      return k;
  return std::nullopt;
}

namespace {
/// A binary floating-point format narrower than double: explicit mantissa
/// bits, smallest normal exponent, largest finite value.
struct Format {
  int mantissaBits;
  int minExponent;
  double maxFinite;
};
constexpr Format kHalf{10, -14, 65504.0};
constexpr Format kBFloat{7, -126, 0x1.fep127};

/// Round to nearest, ties to even, in `f`: a multiple of the quantum of the
/// value's binade (or of the subnormal quantum) is exact in double.
double roundTo(double v, const Format &f) {
  if (!std::isfinite(v) || v == 0)
    return v;
  int e = std::max(std::ilogb(v), f.minExponent);
  double quantum = std::ldexp(1.0, e - f.mantissaBits);
  double r = std::nearbyint(v / quantum) * quantum;
  if (std::fabs(r) > f.maxFinite)
    return std::copysign(INFINITY, v);
  return r;
}

/// binary16 bits of a value already rounded to it.
uint16_t halfBits(double r) {
  uint16_t sign = std::signbit(r) ? 0x8000 : 0;
  double a = std::fabs(r);
  if (std::isnan(r))
    return sign | 0x7e00;
  if (std::isinf(a))
    return sign | 0x7c00;
  if (a < 0x1p-14)
    return sign | static_cast<uint16_t>(a * 0x1p24);
  int e = std::ilogb(a);
  auto mantissa = static_cast<uint16_t>((std::ldexp(a, -e) - 1) * 1024);
  return sign | static_cast<uint16_t>((e + 15) << 10) | mantissa;
}

double halfValue(uint16_t bits) {
  double sign = bits & 0x8000 ? -1.0 : 1.0;
  int exponent = (bits >> 10) & 31;
  int mantissa = bits & 1023;
  if (exponent == 0)
    return sign * std::ldexp(double(mantissa), -24);
  if (exponent == 31)
    return mantissa ? NAN : sign * INFINITY;
  return sign * std::ldexp(double(1024 + mantissa), exponent - 25);
}
} // namespace

double mlir::deconv::roundToElementKind(double value, ElementKind kind) {
  switch (kind) {
  case ElementKind::F32:
    return double(float(value));
  case ElementKind::F64:
    return value;
  case ElementKind::F16:
    return roundTo(value, kHalf);
  case ElementKind::BF16:
    return roundTo(value, kBFloat);
  }
  return value;
}

void mlir::deconv::encodeElements(const std::vector<double> &values,
                                  ElementKind kind, void *dst) {
  auto *bytes = static_cast<char *>(dst);
  for (size_t i = 0; i < values.size(); ++i) {
    double r = roundToElementKind(values[i], kind);
    switch (kind) {
    case ElementKind::F32: {
      float f = float(r);
      std::memcpy(bytes + 4 * i, &f, 4);
      break;
    }
    case ElementKind::F64:
      std::memcpy(bytes + 8 * i, &r, 8);
      break;
    case ElementKind::F16: {
      uint16_t h = halfBits(r);
      std::memcpy(bytes + 2 * i, &h, 2);
      break;
    }
    case ElementKind::BF16: {
      // The value is exact in binary32, whose upper half is the bf16.
      auto h = static_cast<uint16_t>(llvm::bit_cast<uint32_t>(float(r)) >> 16);
      std::memcpy(bytes + 2 * i, &h, 2);
      break;
    }
    }
  }
}

double mlir::deconv::decodeElement(const void *src, ElementKind kind) {
  switch (kind) {
  case ElementKind::F32: {
    float f;
    std::memcpy(&f, src, 4);
    return f;
  }
  case ElementKind::F64: {
    double d;
    std::memcpy(&d, src, 8);
    return d;
  }
  case ElementKind::F16:
  case ElementKind::BF16: {
    uint16_t h;
    std::memcpy(&h, src, 2);
    return kind == ElementKind::F16
               ? halfValue(h)
               : double(llvm::bit_cast<float>(uint32_t(h) << 16));
  }
  }
  return 0;
}

std::vector<double> mlir::deconv::decodeElements(const void *src, int64_t count,
                                                 ElementKind kind) {
  std::vector<double> values(count);
  const auto *bytes = static_cast<const char *>(src);
  unsigned width = getElementKindBytes(kind);
  for (int64_t i = 0; i < count; ++i)
    values[i] = decodeElement(bytes + i * width, kind);
  return values;
}

std::string mlir::deconv::formatShape(const std::vector<int64_t> &shape) {
  if (shape.empty())
    return "scalar";
  std::string s;
  for (size_t i = 0; i < shape.size(); ++i)
    s += (i ? "x" : "") + std::to_string(shape[i]);
  return s;
}
