//===- Reference.cpp - Plain reference convolutions -----------------------===//

#include "deconv/Reference/Reference.h"

#include <cmath>

using namespace mlir;
using namespace mlir::deconv::reference;

namespace {

llvm::Error fail(const llvm::Twine &msg) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), msg);
}

int64_t product(const std::vector<int64_t> &v, size_t from = 0) {
  int64_t p = 1;
  for (size_t i = from; i < v.size(); ++i)
    p *= v[i];
  return p;
}

/// Decodes a flat index into a multi-index over `shape`.
void unflatten(int64_t flat, const std::vector<int64_t> &shape,
               std::vector<int64_t> &idx) {
  idx.resize(shape.size());
  for (size_t d = shape.size(); d-- > 0;) {
    idx[d] = flat % shape[d];
    flat /= shape[d];
  }
}

} // namespace

llvm::Expected<Tensor>
mlir::deconv::reference::convolution(const Tensor &x, const Tensor &w,
                                     const Tensor *bias, const ConvAttrs &a) {
  size_t rank = x.shape.size();
  if (rank < 3 || w.shape.size() != rank)
    return fail("reference: input and filter need the same rank >= 3");
  size_t k = rank - 2;
  int64_t n = x.shape[0], cin = x.shape[1], g = a.groups;
  if (g < 1 || cin % g)
    return fail("reference: groups must divide the input channels");
  int64_t cout = a.transpose ? w.shape[1] * g : w.shape[0];
  if ((a.transpose ? w.shape[0] : w.shape[1] * g) != cin)
    return fail("reference: filter channels do not match the input");
  int64_t cinG = cin / g, coutG = cout / g;
  std::vector<int64_t> ks(w.shape.begin() + 2, w.shape.end());
  std::vector<int64_t> in(x.shape.begin() + 2, x.shape.end());

  Tensor y;
  y.kind = x.kind;
  y.shape = {n, cout};
  for (size_t d = 0; d < k; ++d) {
    int64_t s = a.strides[d], dil = a.dilations[d];
    int64_t lo = a.padding[d], hi = a.padding[k + d];
    int64_t reach = dil * (ks[d] - 1);
    int64_t o = a.transpose
                    ? (in[d] - 1) * s - lo - hi + reach + a.outputPadding[d] + 1
                    : (in[d] + lo + hi - reach - 1) / s + 1;
    if (!a.transpose && in[d] + lo + hi - reach - 1 < 0)
      o = 0;
    if (o < 1)
      return fail("reference: empty output");
    y.shape.push_back(o);
  }
  std::vector<int64_t> outSp(y.shape.begin() + 2, y.shape.end());
  int64_t outPix = product(outSp), inPix = product(in), taps = product(ks);
  std::vector<double> acc(n * cout * outPix, 0.0);
  std::vector<int64_t> oi, ii;
  // Multi-indices of the taps, decoded once.
  std::vector<std::vector<int64_t>> tapIdx(taps);
  for (int64_t kp = 0; kp < taps; ++kp)
    unflatten(kp, ks, tapIdx[kp]);

  if (!a.transpose) {
    // Gather: y[n, co, o] = sum_{c, k} x[n, grp*Cin/g + c, o*s - lo + k*dil]
    //                                   * w[co, c, k]
    for (int64_t b = 0; b < n; ++b)
      for (int64_t co = 0; co < cout; ++co)
        for (int64_t op = 0; op < outPix; ++op) {
          unflatten(op, outSp, oi);
          double sum = 0;
          for (int64_t c = 0; c < cinG; ++c)
            for (int64_t kp = 0; kp < taps; ++kp) {
              const std::vector<int64_t> &ki = tapIdx[kp];
              int64_t xoff = 0;
              bool inside = true;
              for (size_t d = 0; d < k; ++d) {
                int64_t pos = oi[d] * a.strides[d] - a.padding[d] +
                              ki[d] * a.dilations[d];
                inside &= pos >= 0 && pos < in[d];
                xoff = xoff * in[d] + pos;
              }
              if (!inside)
                continue;
              int64_t ci = (co / coutG) * cinG + c;
              sum += x.data[(b * cin + ci) * inPix + xoff] *
                     w.data[(co * cinG + c) * taps + kp];
            }
          acc[(b * cout + co) * outPix + op] = sum;
        }
  } else {
    // Scatter: every x[n, ci, i] * w[ci, co, k] lands on o = i*s - lo + k*dil.
    for (int64_t b = 0; b < n; ++b)
      for (int64_t ci = 0; ci < cin; ++ci)
        for (int64_t ip = 0; ip < inPix; ++ip) {
          unflatten(ip, in, ii);
          double xv = x.data[(b * cin + ci) * inPix + ip];
          for (int64_t co = 0; co < coutG; ++co)
            for (int64_t kp = 0; kp < taps; ++kp) {
              const std::vector<int64_t> &ki = tapIdx[kp];
              int64_t ooff = 0;
              bool inside = true;
              for (size_t d = 0; d < k; ++d) {
                int64_t pos = ii[d] * a.strides[d] - a.padding[d] +
                              ki[d] * a.dilations[d];
                inside &= pos >= 0 && pos < outSp[d];
                ooff = ooff * outSp[d] + pos;
              }
              if (!inside)
                continue;
              int64_t oc = (ci / cinG) * coutG + co;
              acc[(b * cout + oc) * outPix + ooff] +=
                  xv * w.data[(ci * coutG + co) * taps + kp];
            }
        }
  }
  y.data.resize(acc.size());
  for (size_t i = 0; i < acc.size(); ++i) {
    int64_t co = (i / outPix) % cout;
    y.data[i] = acc[i] + (bias ? bias->data[co] : 0.0);
  }
  return y;
}
