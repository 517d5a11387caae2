// xnnpack_peer.cpp - the second benchmark peer: one 1-D or 2-D suite row
// through XNNPACK (Debian's libxnnpack-dev), f32, NHWC operators created (and
// their weights packed) outside the timed region, the NCHW <-> NHWC
// transposes of input and output outside it too; 1-D rows run as height 1.
// XNNPACK has no 3-D operators: such a row exits with status 3. Threads: a
// pthreadpool of OMP_NUM_THREADS threads. Command line and output:
// bench/peer.h.
#include "peer.h"

#include <pthreadpool.h>
#include <xnnpack.h>

#include <limits>

static int fail(const char *what, xnn_status status) {
  std::fprintf(stderr, "XNNPACK: %s failed (status %d)\n", what,
               static_cast<int>(status));
  return 1;
}

int main(int argc, char **argv) {
  PeerRow r;
  if (!peerParse(argc, argv, r))
    return 2;
  if (r.type != "f32") {
    std::fprintf(stderr, "this peer runs f32 only\n");
    return 3;
  }
  if (r.rank() == 3) {
    std::fprintf(stderr, "XNNPACK has no 3-D convolution operators\n");
    return 3;
  }
  // A 1-D row is a 2-D one of height 1.
  auto dim2 = [&](const std::vector<int64_t> &v, int64_t one) {
    return r.rank() == 1 ? std::vector<int64_t>{one, v[0]} : v;
  };
  auto in = dim2(r.in, 1), k = dim2(r.kernel, 1), s = dim2(r.stride, 1),
       pad = dim2(r.pad, 0), opad = dim2(r.outPad, 0),
       dil = dim2(r.dilation, 1), out = dim2(r.out, 1);
  int64_t g = r.groups, cig = r.cin / g, cog = r.cout / g;
  int64_t ih = in[0], iw = in[1], oh = out[0], ow = out[1], kh = k[0],
          kw = k[1];

  std::vector<float> x(peerProduct(r.xShape())), w(peerProduct(r.wShape())),
      y(peerProduct(r.yShape()));
  if (npy_read_f32(r.xPath, x.data(), x.size()) ||
      npy_read_f32(r.wPath, w.data(), w.size()))
    return 1;

  // XNNPACK's layouts: activations NHWC, weights [g][Cout/g][kh][kw][Cin/g].
  std::vector<float> xNhwc(x.size()), yNhwc(y.size()), wGohwi(w.size());
  for (int64_t b = 0; b < r.n; ++b)
    for (int64_t c = 0; c < r.cin; ++c)
      for (int64_t p = 0; p < ih * iw; ++p)
        xNhwc[(b * ih * iw + p) * r.cin + c] = x[(b * r.cin + c) * ih * iw + p];
  for (int64_t gi = 0; gi < g; ++gi)
    for (int64_t o = 0; o < cog; ++o)
      for (int64_t i = 0; i < cig; ++i)
        for (int64_t t = 0; t < kh * kw; ++t) {
          // PyTorch: [Cin][Cout/g][k] for convT, [Cout][Cin/g][k] for conv.
          int64_t from = r.transpose ? ((gi * cig + i) * cog + o) * kh * kw + t
                                     : ((gi * cog + o) * cig + i) * kh * kw + t;
          wGohwi[((gi * cog + o) * kh * kw + t) * cig + i] = w[from];
        }

  xnn_status st = xnn_initialize(nullptr);
  if (st != xnn_status_success)
    return fail("xnn_initialize", st);
  int threads = peerThreads();
  pthreadpool_t pool = threads > 1 ? pthreadpool_create(threads) : nullptr;
  const float lo = -std::numeric_limits<float>::infinity(),
              hi = std::numeric_limits<float>::infinity();
  xnn_operator_t op = nullptr;
  auto u = [](int64_t v) { return static_cast<uint32_t>(v); };
  if (r.transpose) {
    // PyTorch's padding crops the full output; output_padding is XNNPACK's
    // "adjustment" at the bottom/right.
    st = xnn_create_deconvolution2d_nhwc_f32(
        u(pad[0]), u(pad[1]), u(pad[0]), u(pad[1]), u(kh), u(kw), u(s[0]),
        u(s[1]), u(dil[0]), u(dil[1]), u(g), cig, cog, r.cin, r.cout,
        wGohwi.data(), nullptr, lo, hi, 0, &op);
    if (st != xnn_status_success)
      return fail("xnn_create_deconvolution2d_nhwc_f32", st);
    st = xnn_setup_deconvolution2d_nhwc_f32(op, r.n, ih, iw, u(opad[0]),
                                            u(opad[1]), xNhwc.data(),
                                            yNhwc.data(), pool);
  } else {
    st = xnn_create_convolution2d_nhwc_f32(
        u(pad[0]), u(pad[1]), u(pad[0]), u(pad[1]), u(kh), u(kw), u(s[0]),
        u(s[1]), u(dil[0]), u(dil[1]), u(g), cig, cog, r.cin, r.cout,
        wGohwi.data(), nullptr, lo, hi, 0, &op);
    if (st != xnn_status_success)
      return fail("xnn_create_convolution2d_nhwc_f32", st);
    st = xnn_setup_convolution2d_nhwc_f32(op, r.n, ih, iw, xNhwc.data(),
                                          yNhwc.data(), pool);
  }
  if (st != xnn_status_success)
    return fail("operator setup", st);
  std::fprintf(stderr, "XNNPACK implementation: %s\n",
               r.transpose ? "deconvolution2d_nhwc_f32"
                           : "convolution2d_nhwc_f32");

  xnn_status runStatus = xnn_status_success;
  peerTime(r, [&] {
    if (xnn_status s = xnn_run_operator(op, pool); s != xnn_status_success)
      runStatus = s;
  });
  if (runStatus != xnn_status_success)
    return fail("xnn_run_operator", runStatus);
  for (int64_t b = 0; b < r.n; ++b)
    for (int64_t c = 0; c < r.cout; ++c)
      for (int64_t p = 0; p < oh * ow; ++p)
        y[(b * r.cout + c) * oh * ow + p] =
            yNhwc[(b * oh * ow + p) * r.cout + c];
  xnn_delete_operator(op);
  if (pool)
    pthreadpool_destroy(pool);
  auto yShape = r.yShape();
  return npy_write_f32(r.yPath, y.data(), static_cast<int>(yShape.size()),
                       yShape.data())
             ? 1
             : 0;
}
