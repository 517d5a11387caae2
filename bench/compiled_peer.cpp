// compiled_peer.cpp - our side of the benchmark as a user deploys it: one
// suite row compiled by deconv-compile (weights as constants) to an object,
// called from C++ through the header's dense entry point deconv_<f>(x, y),
// which computes into the caller's array. Built per row with
//   -include <layer.h> -DDECONV_LAYER=deconv_<f>
// and linked with the object (and -lomp when it has parallel loops). The
// command line and output are the peers' (bench/peer.h); W.npy is not read,
// since the weights are in the object. The arrays are 64-byte aligned, as
// docs/CInterface.md advises (the peers align theirs too).
#include "peer.h"

#include <cstdlib>
#include <memory>

#ifndef DECONV_LAYER
#error "build with -DDECONV_LAYER=deconv_<f> and -include <the layer's header>"
#endif

int main(int argc, char **argv) {
  PeerRow r;
  if (!peerParse(argc, argv, r))
    return 2;
  auto aligned = [](int64_t n) {
    size_t bytes = (n * sizeof(float) + 63) / 64 * 64;
    return std::unique_ptr<float, void (*)(void *)>(
        static_cast<float *>(std::aligned_alloc(64, bytes)), std::free);
  };
  int64_t xn = peerProduct(r.xShape()), yn = peerProduct(r.yShape());
  auto x = aligned(xn), y = aligned(yn);
  if (!x || !y || npy_read_f32(r.xPath, x.get(), xn))
    return 1;
  int status = 0;
  peerTime(r, [&] {
    if (int s = DECONV_LAYER(x.get(), y.get()))
      status = s;
  });
  if (status) {
    std::fprintf(stderr, "compiled layer: deconv_<f> returned %d\n", status);
    return 1;
  }
  auto yShape = r.yShape();
  return npy_write_f32(r.yPath, y.get(), static_cast<int>(yShape.size()),
                       yShape.data())
             ? 1
             : 0;
}
