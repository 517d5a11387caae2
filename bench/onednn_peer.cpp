// onednn_peer.cpp - the benchmark peer: one suite row through oneDNN
// (Debian's libdnnl-dev), inference, f32 or bf16 (input, weights and output;
// f32 sums), format_tag::any with the reorders (and the conversions from the
// f32 files) outside the timed region; threads from OMP_NUM_THREADS. Command
// line and output: bench/peer.h.
#include "onednn_layouts.h"
#include "peer.h"

#include <oneapi/dnnl/dnnl.hpp>

using namespace dnnl;
using tag = memory::format_tag;

int main(int argc, char **argv) {
  PeerRow r;
  if (!peerParse(argc, argv, r))
    return 2;
  size_t rank = r.rank();
  int64_t g = r.groups;
  auto &s = r.stride;
  memory::dims dilates(rank), padL(rank), padR(rank);
  for (size_t d = 0; d < rank; ++d) {
    dilates[d] = r.dilation[d] - 1; // oneDNN counts the inserted gaps
    padL[d] = r.pad[d];
    // output_padding adds rows at the end: less right padding.
    padR[d] = r.pad[d] - r.outPad[d];
  }
  bool transpose = r.transpose;
  memory::dims srcDims = r.xShape(), dstDims = r.yShape(), weiDims;
  if (g > 1)
    weiDims = {g, r.cout / g, r.cin / g};
  else
    weiDims = {r.cout, r.cin};
  weiDims.insert(weiDims.end(), r.kernel.begin(), r.kernel.end());

  tag act = plainActivation(rank);
  // The user's weight layout, as PyTorch stores it.
  tag wei = plainWeights(transpose, g > 1, rank);

  std::vector<float> x(peerProduct(srcDims)), w(peerProduct(weiDims)),
      y(peerProduct(dstDims));
  if (npy_read_f32(r.xPath, x.data(), x.size()) ||
      npy_read_f32(r.wPath, w.data(), w.size()))
    return 1;

  engine eng(engine::kind::cpu, 0);
  stream strm(eng);
  memory::desc userSrc(srcDims, memory::data_type::f32, act);
  memory::desc userWei(weiDims, memory::data_type::f32, wei);
  memory::desc userDst(dstDims, memory::data_type::f32, act);
  auto type =
      r.type == "bf16" ? memory::data_type::bf16 : memory::data_type::f32;
  memory::desc anySrc(srcDims, type, tag::any);
  memory::desc anyWei(weiDims, type, tag::any);
  memory::desc anyDst(dstDims, type, tag::any);

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
  peerTime(r, call);
  reorder(dstMem, userDstMem).execute(strm, dstMem, userDstMem);
  strm.wait();
  return npy_write_f32(r.yPath, y.data(), static_cast<int>(dstDims.size()),
                       dstDims.data())
             ? 1
             : 0;
}
