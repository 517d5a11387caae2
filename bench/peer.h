// peer.h - what the benchmark peers share: the command line (one suite row),
// the output size, and the timing loop.
//
//   PEER KIND N CIN COUT GROUPS IN KERNEL STRIDE PAD OUTPAD DILATION
//        X.npy W.npy Y.npy MIN_RUNS MIN_SECONDS [TYPE]
//
// IN, KERNEL, ... are 'x'-separated per spatial dim (the suite's format); X
// and W hold PyTorch layouts (W: [Cin, Cout/g, K...] for convT, [Cout,
// Cin/g, K...] for conv), Y is written in PyTorch's layout. A peer prints one
// line "times_ms=t1,t2,..." (one warm-up call first, untimed). TYPE (f32 by
// default, or bf16) is the element type of the computation's input, weights
// and output; the files stay f32 (a bf16 peer converts them outside the timed
// region, so the inputs should hold bf16 values).
#ifndef DECONV_BENCH_PEER_H
#define DECONV_BENCH_PEER_H

#include "npy.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

struct PeerRow {
  bool transpose;
  int64_t n, cin, cout, groups;
  std::vector<int64_t> in, kernel, stride, pad, outPad, dilation, out;
  const char *xPath, *wPath, *yPath;
  int minRuns;
  double minSeconds;
  std::string type = "f32";

  size_t rank() const { return in.size(); }
  // PyTorch's shapes of the input, the weights and the output.
  std::vector<int64_t> xShape() const { return withSpatial({n, cin}, in); }
  std::vector<int64_t> wShape() const {
    return withSpatial(transpose ? std::vector<int64_t>{cin, cout / groups}
                                 : std::vector<int64_t>{cout, cin / groups},
                       kernel);
  }
  std::vector<int64_t> yShape() const { return withSpatial({n, cout}, out); }

private:
  static std::vector<int64_t> withSpatial(std::vector<int64_t> head,
                                          const std::vector<int64_t> &tail) {
    head.insert(head.end(), tail.begin(), tail.end());
    return head;
  }
};

inline std::vector<int64_t> peerParseDims(const char *s) {
  std::vector<int64_t> v;
  for (const char *p = s; *p;) {
    char *end;
    v.push_back(std::strtoll(p, &end, 10));
    if (end == p)
      break;
    p = *end == 'x' ? end + 1 : end;
  }
  return v;
}

inline int64_t peerProduct(const std::vector<int64_t> &v) {
  int64_t n = 1;
  for (int64_t x : v)
    n *= x;
  return n;
}

// Parses the command line; false (after a message) when it is malformed.
inline bool peerParse(int argc, char **argv, PeerRow &r) {
  if (argc != 17 && argc != 18) {
    std::fprintf(stderr,
                 "usage: %s KIND N CIN COUT GROUPS IN KERNEL STRIDE "
                 "PAD OUTPAD DILATION X.npy W.npy Y.npy MIN_RUNS "
                 "MIN_SECONDS [TYPE] (see bench/peer.h)\n",
                 argv[0]);
    return false;
  }
  r.transpose = std::string(argv[1]) == "convT";
  r.n = std::atoll(argv[2]), r.cin = std::atoll(argv[3]),
  r.cout = std::atoll(argv[4]), r.groups = std::atoll(argv[5]);
  r.in = peerParseDims(argv[6]), r.kernel = peerParseDims(argv[7]),
  r.stride = peerParseDims(argv[8]), r.pad = peerParseDims(argv[9]),
  r.outPad = peerParseDims(argv[10]), r.dilation = peerParseDims(argv[11]);
  r.xPath = argv[12], r.wPath = argv[13], r.yPath = argv[14];
  r.minRuns = std::atoi(argv[15]);
  r.minSeconds = std::atof(argv[16]);
  if (argc == 18)
    r.type = argv[17];
  if (r.type != "f32" && r.type != "bf16") {
    std::fprintf(stderr, "%s: TYPE is f32 or bf16, not '%s'\n", argv[0],
                 r.type.c_str());
    return false;
  }
  size_t rank = r.in.size();
  for (auto *v : {&r.kernel, &r.stride, &r.pad, &r.outPad, &r.dilation})
    if (v->size() != rank) {
      std::fprintf(stderr, "%s: every spatial list needs %zu entries\n",
                   argv[0], rank);
      return false;
    }
  r.out.resize(rank);
  for (size_t d = 0; d < rank; ++d) {
    int64_t extent = r.dilation[d] * (r.kernel[d] - 1) + 1;
    r.out[d] =
        r.transpose
            ? (r.in[d] - 1) * r.stride[d] - 2 * r.pad[d] + extent + r.outPad[d]
            : (r.in[d] + 2 * r.pad[d] - extent) / r.stride[d] + 1;
  }
  return true;
}

// One warm-up call, then calls until both minimums are met; prints the times.
template <typename Call> void peerTime(const PeerRow &r, Call call) {
  call();
  std::vector<double> times;
  double total = 0;
  while (static_cast<int>(times.size()) < r.minRuns || total < r.minSeconds) {
    auto t0 = std::chrono::steady_clock::now();
    call();
    double sec =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0)
            .count();
    total += sec;
    times.push_back(sec * 1e3);
  }
  std::printf("times_ms=");
  for (size_t i = 0; i < times.size(); ++i)
    std::printf("%s%.6f", i ? "," : "", times[i]);
  std::printf("\n");
}

// The thread count the harness asks for (OMP_NUM_THREADS, as for oneDNN).
inline int peerThreads() {
  const char *s = std::getenv("OMP_NUM_THREADS");
  int t = s ? std::atoi(s) : 1;
  return t > 0 ? t : 1;
}

#endif // DECONV_BENCH_PEER_H
