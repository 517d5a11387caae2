// xnnpack_net.cpp - a chain of 1-D or 2-D layers through XNNPACK (Debian's
// libxnnpack-dev), the second peer of bench/networks.py: NHWC operators
// created (weights packed) outside the timed region, ReLU as the operators'
// output clamp, sigmoid as XNNPACK's sigmoid operator; XNNPACK has no tanh
// operator, so a tanh runs as a plain std::tanh loop on one thread (timed,
// said in the report). The input's NCHW -> NHWC transpose and the output's
// transpose back run outside the timed region. Threads: a pthreadpool of
// OMP_NUM_THREADS threads.
//
//   xnnpack_net SPEC X.npy Y.npy MIN_RUNS MIN_SECONDS
//
// SPEC: bench/onednn_net.cpp's format (groups 1, dilation 1 only here; a
// bias is passed to the operator).
#include "peer.h"

#include <pthreadpool.h>
#include <xnnpack.h>

#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>

namespace {

int fail(const char *what, xnn_status status) {
  std::fprintf(stderr, "XNNPACK: %s failed (status %d)\n", what,
               static_cast<int>(status));
  return 1;
}

uint32_t u(int64_t v) { return static_cast<uint32_t>(v); }

} // namespace

int main(int argc, char **argv) {
  if (argc != 6) {
    std::fprintf(stderr, "usage: %s SPEC X.npy Y.npy MIN_RUNS MIN_SECONDS\n",
                 argv[0]);
    return 2;
  }
  std::ifstream spec(argv[1]);
  std::string line, word, in;
  std::getline(spec, line);
  std::istringstream head(line);
  int64_t n, c;
  head >> word >> n >> c >> in;
  std::vector<int64_t> spatial = peerParseDims(in.c_str());
  if (!head || word != "input" || spatial.size() > 2) {
    std::fprintf(stderr, "%s: needs 'input N C DIMS' of 1 or 2 dims\n",
                 argv[1]);
    return 2;
  }
  bool oneD = spatial.size() == 1;
  // 1-D layers run as 2-D ones of height 1.
  auto dim2 = [&](std::vector<int64_t> v, int64_t one) {
    return oneD ? std::vector<int64_t>{one, v[0]} : v;
  };
  int64_t h = oneD ? 1 : spatial[0], w = spatial.back();

  std::vector<float> x(n * c * h * w);
  if (npy_read_f32(argv[2], x.data(), x.size()))
    return 1;
  std::vector<std::vector<float>> bufs(1, std::vector<float>(x.size()));
  for (int64_t b = 0; b < n; ++b)
    for (int64_t ch = 0; ch < c; ++ch)
      for (int64_t p = 0; p < h * w; ++p)
        bufs[0][(b * h * w + p) * c + ch] = x[(b * c + ch) * h * w + p];

  if (xnn_status st = xnn_initialize(nullptr); st != xnn_status_success)
    return fail("xnn_initialize", st);
  int threads = peerThreads();
  pthreadpool_t pool = threads > 1 ? pthreadpool_create(threads) : nullptr;
  const float inf = std::numeric_limits<float>::infinity();
  // Each step: an operator, or a tanh loop over a buffer.
  struct Step {
    xnn_operator_t op = nullptr;
    float *tanhData = nullptr;
    size_t tanhSize = 0;
  };
  std::vector<Step> steps;
  int64_t cin = c;
  while (std::getline(spec, line)) {
    if (line.empty())
      continue;
    std::istringstream s(line);
    int64_t cout, groups;
    std::string kind, k, st, p, op, d, wPath, post, bPath;
    s >> kind >> cout >> groups >> k >> st >> p >> op >> d >> wPath >> post;
    bool complete = static_cast<bool>(s);
    s >> bPath;
    auto kk = dim2(peerParseDims(k.c_str()), 1);
    auto ss = dim2(peerParseDims(st.c_str()), 1);
    auto pp = dim2(peerParseDims(p.c_str()), 0);
    auto oo = dim2(peerParseDims(op.c_str()), 0);
    if (!complete || groups != 1 ||
        dim2(peerParseDims(d.c_str()), 1) != std::vector<int64_t>{1, 1}) {
      std::fprintf(stderr, "%s: bad or unsupported layer '%s'\n", argv[1],
                   line.c_str());
      return 2;
    }
    bool transpose = kind == "convT";
    std::vector<float> wt(cin * cout * kk[0] * kk[1]), packed(wt.size());
    if (npy_read_f32(wPath.c_str(), wt.data(), wt.size()))
      return 1;
    std::vector<float> bias(bPath.empty() ? 0 : cout);
    if (!bPath.empty() && npy_read_f32(bPath.c_str(), bias.data(), cout))
      return 1;
    const float *biasData = bias.empty() ? nullptr : bias.data();
    for (int64_t o = 0; o < cout; ++o)
      for (int64_t i = 0; i < cin; ++i)
        for (int64_t t = 0; t < kk[0] * kk[1]; ++t)
          packed[(o * kk[0] * kk[1] + t) * cin + i] =
              wt[(transpose ? i * cout + o : o * cin + i) * kk[0] * kk[1] + t];
    int64_t oh, ow;
    if (transpose) {
      oh = (h - 1) * ss[0] - 2 * pp[0] + kk[0] + oo[0];
      ow = (w - 1) * ss[1] - 2 * pp[1] + kk[1] + oo[1];
    } else {
      oh = (h + 2 * pp[0] - kk[0]) / ss[0] + 1;
      ow = (w + 2 * pp[1] - kk[1]) / ss[1] + 1;
    }
    float lo = post == "relu" ? 0.f : -inf;
    bufs.emplace_back(n * oh * ow * cout);
    float *src = bufs[bufs.size() - 2].data(), *dst = bufs.back().data();
    Step step;
    xnn_status status;
    if (transpose) {
      status = xnn_create_deconvolution2d_nhwc_f32(
          u(pp[0]), u(pp[1]), u(pp[0]), u(pp[1]), u(kk[0]), u(kk[1]), u(ss[0]),
          u(ss[1]), 1, 1, 1, cin, cout, cin, cout, packed.data(), biasData, lo,
          inf, 0, &step.op);
      if (status == xnn_status_success)
        status = xnn_setup_deconvolution2d_nhwc_f32(step.op, n, h, w, u(oo[0]),
                                                    u(oo[1]), src, dst, pool);
    } else {
      status = xnn_create_convolution2d_nhwc_f32(
          u(pp[0]), u(pp[1]), u(pp[0]), u(pp[1]), u(kk[0]), u(kk[1]), u(ss[0]),
          u(ss[1]), 1, 1, 1, cin, cout, cin, cout, packed.data(), biasData, lo,
          inf, 0, &step.op);
      if (status == xnn_status_success)
        status =
            xnn_setup_convolution2d_nhwc_f32(step.op, n, h, w, src, dst, pool);
    }
    if (status != xnn_status_success)
      return fail("a layer's create/setup", status);
    steps.push_back(step);
    size_t size = bufs.back().size();
    if (post == "tanh") {
      steps.push_back({nullptr, dst, size});
    } else if (post == "sigmoid") {
      Step sig;
      status = xnn_create_sigmoid_nc_f32(cout, cout, cout, 0, &sig.op);
      if (status == xnn_status_success)
        status = xnn_setup_sigmoid_nc_f32(sig.op, n * oh * ow, dst, dst, pool);
      if (status != xnn_status_success)
        return fail("sigmoid", status);
      steps.push_back(sig);
    } else if (post != "none" && post != "relu") {
      std::fprintf(stderr, "%s: post-op '%s' not in this harness\n", argv[1],
                   post.c_str());
      return 2;
    }
    cin = cout, h = oh, w = ow;
  }

  PeerRow timing;
  timing.minRuns = std::atoi(argv[4]);
  timing.minSeconds = std::atof(argv[5]);
  xnn_status runStatus = xnn_status_success;
  peerTime(timing, [&] {
    for (const Step &s : steps) {
      if (s.op) {
        if (xnn_status st = xnn_run_operator(s.op, pool);
            st != xnn_status_success)
          runStatus = st;
      } else {
        for (size_t i = 0; i < s.tanhSize; ++i)
          s.tanhData[i] = std::tanh(s.tanhData[i]);
      }
    }
  });
  if (runStatus != xnn_status_success)
    return fail("xnn_run_operator", runStatus);
  std::vector<float> y(bufs.back().size());
  for (int64_t b = 0; b < n; ++b)
    for (int64_t ch = 0; ch < cin; ++ch)
      for (int64_t p = 0; p < h * w; ++p)
        y[(b * cin + ch) * h * w + p] = bufs.back()[(b * h * w + p) * cin + ch];
  for (const Step &s : steps)
    if (s.op)
      xnn_delete_operator(s.op);
  if (pool)
    pthreadpool_destroy(pool);
  std::vector<int64_t> shape = {n, cin};
  if (!oneD)
    shape.push_back(h);
  shape.push_back(w);
  return npy_write_f32(argv[3], y.data(), static_cast<int>(shape.size()),
                       shape.data())
             ? 1
             : 0;
}
