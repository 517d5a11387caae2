// onednn_peer.cpp - the benchmark peer: one suite row through oneDNN
// (Debian's libdnnl-dev), inference, f32, format_tag::any with the reorders
// outside the timed region; threads from OMP_NUM_THREADS.
//
//   onednn_peer KIND N CIN COUT GROUPS IN KERNEL STRIDE PAD OUTPAD DILATION
//               X.npy W.npy Y.npy MIN_RUNS MIN_SECONDS
//
// IN, KERNEL, ... are 'x'-separated per spatial dim (the suite's format); X
// and W hold PyTorch layouts (W: [Cin, Cout/g, K...] for convT, [Cout,
// Cin/g, K...] for conv). Writes the output to Y.npy and prints one line
// "times_ms=t1,t2,..." (one warm-up call first, untimed).
#include "npy.h"

#include <oneapi/dnnl/dnnl.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

using namespace dnnl;
using tag = memory::format_tag;

static std::vector<int64_t> parseDims(const char *s) {
  std::vector<int64_t> v;
  for (const char *p = s; *p;) {
    char *end;
    v.push_back(std::strtoll(p, &end, 10));
    p = *end == 'x' ? end + 1 : end;
    if (end == p && *p)
      break;
  }
  return v;
}

static int64_t product(const std::vector<int64_t> &v) {
  int64_t n = 1;
  for (int64_t x : v)
    n *= x;
  return n;
}

int main(int argc, char **argv) {
  if (argc != 17) {
    std::fprintf(stderr, "usage: see the head of onednn_peer.cpp\n");
    return 2;
  }
  bool transpose = std::string(argv[1]) == "convT";
  int64_t n = std::atoll(argv[2]), cin = std::atoll(argv[3]),
          cout = std::atoll(argv[4]), g = std::atoll(argv[5]);
  auto in = parseDims(argv[6]), k = parseDims(argv[7]), s = parseDims(argv[8]),
       pad = parseDims(argv[9]), opad = parseDims(argv[10]),
       dil = parseDims(argv[11]);
  const char *xPath = argv[12], *wPath = argv[13], *yPath = argv[14];
  int minRuns = std::atoi(argv[15]);
  double minSeconds = std::atof(argv[16]);
  size_t rank = in.size();

  memory::dims out(rank), dilates(rank), padL(rank), padR(rank);
  for (size_t d = 0; d < rank; ++d) {
    dilates[d] = dil[d] - 1; // oneDNN counts the inserted gaps
    padL[d] = pad[d];
    // output_padding adds rows at the end: less right padding.
    padR[d] = pad[d] - opad[d];
    out[d] = transpose ? (in[d] - 1) * s[d] - 2 * pad[d] +
                             dil[d] * (k[d] - 1) + opad[d] + 1
                       : (in[d] + 2 * pad[d] - dil[d] * (k[d] - 1) - 1) / s[d] +
                             1;
  }
  memory::dims srcDims = {n, cin}, dstDims = {n, cout}, weiDims;
  srcDims.insert(srcDims.end(), in.begin(), in.end());
  dstDims.insert(dstDims.end(), out.begin(), out.end());
  if (g > 1)
    weiDims = {g, cout / g, cin / g};
  else
    weiDims = {cout, cin};
  weiDims.insert(weiDims.end(), k.begin(), k.end());

  tag act = rank == 1 ? tag::ncw : rank == 2 ? tag::nchw : tag::ncdhw;
  // The user's weight layout, as PyTorch stores it.
  tag wei;
  if (transpose)
    wei = g > 1 ? (rank == 1   ? tag::acbd
                   : rank == 2 ? tag::acbde
                               : tag::acbdef)
                : (rank == 1 ? tag::bac : rank == 2 ? tag::bacd : tag::bacde);
  else
    wei = g > 1 ? (rank == 1   ? tag::abcd
                   : rank == 2 ? tag::abcde
                               : tag::abcdef)
                : (rank == 1 ? tag::abc : rank == 2 ? tag::abcd : tag::abcde);

  std::vector<float> x(product(srcDims)), w(product(weiDims)),
      y(product(dstDims));
  if (npy_read_f32(xPath, x.data(), x.size()) ||
      npy_read_f32(wPath, w.data(), w.size()))
    return 1;

  engine eng(engine::kind::cpu, 0);
  stream strm(eng);
  memory::desc userSrc(srcDims, memory::data_type::f32, act);
  memory::desc userWei(weiDims, memory::data_type::f32, wei);
  memory::desc userDst(dstDims, memory::data_type::f32, act);
  memory::desc anySrc(srcDims, memory::data_type::f32, tag::any);
  memory::desc anyWei(weiDims, memory::data_type::f32, tag::any);
  memory::desc anyDst(dstDims, memory::data_type::f32, tag::any);

  primitive prim;
  memory::desc srcMd, weiMd, dstMd;
  // The same set-up for both primitive kinds; only the types differ.
  auto create = [&](auto kind, algorithm alg) {
    using Prim = decltype(kind);
    typename Prim::desc desc(prop_kind::forward_inference, alg, anySrc, anyWei,
                             anyDst, s, dilates, padL, padR);
    typename Prim::primitive_desc pd(desc, eng);
    prim = Prim(pd);
    srcMd = pd.src_desc(), weiMd = pd.weights_desc(), dstMd = pd.dst_desc();
    std::fprintf(stderr, "oneDNN implementation: %s\n", pd.impl_info_str());
  };
  if (transpose)
    create(deconvolution_forward(), algorithm::deconvolution_direct);
  else
    create(convolution_forward(), algorithm::convolution_direct);

  // Reorders into the primitive's layouts, outside the timed region.
  memory userSrcMem(userSrc, eng, x.data()), userWeiMem(userWei, eng, w.data()),
      userDstMem(userDst, eng, y.data());
  memory srcMem(srcMd, eng), weiMem(weiMd, eng), dstMem(dstMd, eng);
  reorder(userSrcMem, srcMem).execute(strm, userSrcMem, srcMem);
  reorder(userWeiMem, weiMem).execute(strm, userWeiMem, weiMem);
  strm.wait();

  auto call = [&] {
    prim.execute(strm, {{DNNL_ARG_SRC, srcMem},
                        {DNNL_ARG_WEIGHTS, weiMem},
                        {DNNL_ARG_DST, dstMem}});
    strm.wait();
  };
  call(); // warm-up
  std::vector<double> times;
  double total = 0;
  while (static_cast<int>(times.size()) < minRuns || total < minSeconds) {
    auto t0 = std::chrono::steady_clock::now();
    call();
    double sec = std::chrono::duration<double>(
                     std::chrono::steady_clock::now() - t0)
                     .count();
    total += sec;
    times.push_back(sec * 1e3);
  }
  reorder(dstMem, userDstMem).execute(strm, dstMem, userDstMem);
  strm.wait();
  if (npy_write_f32(yPath, y.data(), static_cast<int>(dstDims.size()),
                    dstDims.data()))
    return 1;
  std::printf("times_ms=");
  for (size_t i = 0; i < times.size(); ++i)
    std::printf("%s%.6f", i ? "," : "", times[i]);
  std::printf("\n");
  return 0;
}
