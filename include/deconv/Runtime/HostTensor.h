//===- HostTensor.h - A dense f32 tensor in host memory ---------*- C++ -*-===//

#ifndef DECONV_RUNTIME_HOSTTENSOR_H
#define DECONV_RUNTIME_HOSTTENSOR_H

#include <cstdint>
#include <string>
#include <vector>

namespace mlir::deconv {

/// Row-major (C order) f32 data with its shape.
struct HostTensor {
  std::vector<int64_t> shape;
  std::vector<float> data;
};

/// "1x2x3" (or "scalar" for rank 0).
std::string formatShape(const std::vector<int64_t> &shape);

} // namespace mlir::deconv

#endif // DECONV_RUNTIME_HOSTTENSOR_H
