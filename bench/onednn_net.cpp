// onednn_net.cpp - a chain of layers through oneDNN (Debian's libdnnl-dev),
// the peer of bench/networks.py: each layer one convolution or
// deconvolution primitive, its activation a post-op of that primitive, f32,
// inference. Every primitive picks its layouts (format_tag::any) and takes the
// previous one's output as it is; the weight reorders and the input's reorder
// run outside the timed region. Threads from OMP_NUM_THREADS.
//
//   onednn_net SPEC X.npy Y.npy MIN_RUNS MIN_SECONDS [separate]
//
// With "separate", each activation is an eltwise primitive of its own, run
// in place on the layer's output (this oneDNN's deconvolutions with an
// eltwise post-op can be several times slower than without).
//
// SPEC is a text file: a first line "input N C D1[xD2[xD3]]", then one line
// per layer:
//   KIND COUT GROUPS KERNEL STRIDE PAD OUTPAD DILATION W.npy POST [B.npy]
// with KIND conv or convT, the spatial lists 'x'-separated (bench/peer.h's
// format, W in PyTorch's layout), POST none, relu, leaky:ALPHA, tanh or
// sigmoid, and B the layer's bias (COUT values), if it has one. Prints
// "times_ms=..." (bench/peer.h) and writes the last layer's output to Y.npy
// (PyTorch's layout).
#include "onednn_layouts.h"
#include "peer.h"

#include <oneapi/dnnl/dnnl.hpp>

#include <fstream>
#include <sstream>

using namespace dnnl;
using tag = memory::format_tag;

namespace {

struct Layer {
  bool transpose;
  int64_t cout, groups;
  std::vector<int64_t> kernel, stride, pad, outPad, dilation;
  std::string weights, post, bias;
};

// The eltwise algorithm and alpha of a POST word; false if unknown.
bool parsePost(const std::string &post, bool &any, algorithm &alg,
               float &alpha) {
  any = post != "none";
  alpha = 0.f;
  if (post == "relu")
    alg = algorithm::eltwise_relu;
  else if (post.rfind("leaky:", 0) == 0)
    alg = algorithm::eltwise_relu, alpha = std::stof(post.substr(6));
  else if (post == "tanh")
    alg = algorithm::eltwise_tanh;
  else if (post == "sigmoid")
    alg = algorithm::eltwise_logistic;
  else
    return !any;
  return true;
}

} // namespace

int main(int argc, char **argv) {
  if (argc != 6 && !(argc == 7 && std::string(argv[6]) == "separate")) {
    std::fprintf(stderr,
                 "usage: %s SPEC X.npy Y.npy MIN_RUNS MIN_SECONDS [separate] "
                 "(see the file's header)\n",
                 argv[0]);
    return 2;
  }
  bool separate = argc == 7;
  std::ifstream spec(argv[1]);
  std::string line, word;
  std::getline(spec, line);
  std::istringstream head(line);
  int64_t n, c;
  std::string in;
  head >> word >> n >> c >> in;
  if (!head || word != "input") {
    std::fprintf(stderr, "%s: the first line is 'input N C DIMS'\n", argv[1]);
    return 2;
  }
  std::vector<Layer> layers;
  while (std::getline(spec, line)) {
    if (line.empty())
      continue;
    std::istringstream s(line);
    Layer l;
    std::string k, st, p, op, d;
    s >> word >> l.cout >> l.groups >> k >> st >> p >> op >> d >> l.weights >>
        l.post;
    bool complete = static_cast<bool>(s);
    s >> l.bias;
    if (!complete || (word != "conv" && word != "convT")) {
      std::fprintf(stderr, "%s: bad layer line '%s'\n", argv[1], line.c_str());
      return 2;
    }
    l.transpose = word == "convT";
    l.kernel = peerParseDims(k.c_str()), l.stride = peerParseDims(st.c_str());
    l.pad = peerParseDims(p.c_str()), l.outPad = peerParseDims(op.c_str());
    l.dilation = peerParseDims(d.c_str());
    layers.push_back(l);
  }

  engine eng(engine::kind::cpu, 0);
  stream strm(eng);
  std::vector<int64_t> spatial = peerParseDims(in.c_str());
  size_t rank = spatial.size();
  memory::dims srcDims = {n, c};
  srcDims.insert(srcDims.end(), spatial.begin(), spatial.end());
  std::vector<float> x(peerProduct(srcDims));
  if (npy_read_f32(argv[2], x.data(), x.size()))
    return 1;
  memory userSrc({srcDims, memory::data_type::f32, plainActivation(rank)}, eng,
                 x.data());

  std::vector<primitive> prims;
  std::vector<std::unordered_map<int, memory>> args;
  std::vector<std::vector<float>> weights(layers.size()), biases(layers.size());
  memory::desc src(srcDims, memory::data_type::f32, tag::any), srcLayout;
  memory srcMem;
  for (size_t i = 0; i < layers.size(); ++i) {
    const Layer &l = layers[i];
    int64_t cin = srcDims[1], g = l.groups;
    memory::dims dstDims = {n, l.cout}, weiDims, dilates, padL, padR;
    weiDims = g > 1 ? memory::dims{g, l.cout / g, cin / g}
                    : memory::dims{l.cout, cin};
    weiDims.insert(weiDims.end(), l.kernel.begin(), l.kernel.end());
    for (size_t d = 0; d < rank; ++d) {
      int64_t extent = l.dilation[d] * (l.kernel[d] - 1) + 1;
      dstDims.push_back(
          l.transpose
              ? (srcDims[2 + d] - 1) * l.stride[d] - 2 * l.pad[d] + extent +
                    l.outPad[d]
              : (srcDims[2 + d] + 2 * l.pad[d] - extent) / l.stride[d] + 1);
      dilates.push_back(l.dilation[d] - 1);
      padL.push_back(l.pad[d]);
      padR.push_back(l.pad[d] - l.outPad[d]);
    }
    weights[i].resize(peerProduct(weiDims));
    if (npy_read_f32(l.weights.c_str(), weights[i].data(), weights[i].size()))
      return 1;
    if (!l.bias.empty()) {
      biases[i].resize(l.cout);
      if (npy_read_f32(l.bias.c_str(), biases[i].data(), biases[i].size()))
        return 1;
    }
    bool hasPost;
    algorithm postAlg;
    float alpha;
    if (!parsePost(l.post, hasPost, postAlg, alpha)) {
      std::fprintf(stderr, "%s: unknown post-op '%s'\n", argv[1],
                   l.post.c_str());
      return 2;
    }
    primitive_attr attr;
    if (hasPost && !separate) {
      post_ops ops;
      ops.append_eltwise(1.f, postAlg, alpha, 0.f);
      attr.set_post_ops(ops);
    }
    memory::desc anyWei(weiDims, memory::data_type::f32, tag::any);
    memory::desc anyDst(dstDims, memory::data_type::f32, tag::any);
    memory::desc biasMd({l.cout}, memory::data_type::f32, tag::x);
    memory::desc srcMd, weiMd, dstMd;
    auto create = [&](auto kind, algorithm alg) {
      using Prim = decltype(kind);
      auto desc = l.bias.empty()
                      ? typename Prim::desc(prop_kind::forward_inference, alg,
                                            src, anyWei, anyDst, l.stride,
                                            dilates, padL, padR)
                      : typename Prim::desc(prop_kind::forward_inference, alg,
                                            src, anyWei, biasMd, anyDst,
                                            l.stride, dilates, padL, padR);
      typename Prim::primitive_desc pd(desc, attr, eng);
      prims.push_back(Prim(pd));
      srcMd = pd.src_desc(), weiMd = pd.weights_desc(), dstMd = pd.dst_desc();
      std::fprintf(stderr, "oneDNN layer %zu: %s\n", i, pd.impl_info_str());
    };
    if (l.transpose)
      create(deconvolution_forward(), algorithm::deconvolution_direct);
    else
      create(convolution_forward(), algorithm::convolution_direct);
    if (i == 0) {
      srcMem = memory(srcMd, eng);
      reorder(userSrc, srcMem).execute(strm, userSrc, srcMem);
    } else if (srcMd != srcLayout) {
      // This primitive reads another layout than the last one wrote: a
      // reorder between them, timed (a user's network pays it too).
      memory converted(srcMd, eng);
      prims.insert(prims.end() - 1, reorder(srcMem, converted));
      args.push_back({{DNNL_ARG_FROM, srcMem}, {DNNL_ARG_TO, converted}});
      srcMem = converted;
      std::fprintf(stderr, "oneDNN reorder before layer %zu\n", i);
    }
    memory userWei({weiDims, memory::data_type::f32,
                    plainWeights(l.transpose, g > 1, rank)},
                   eng, weights[i].data());
    memory weiMem(weiMd, eng), dstMem(dstMd, eng);
    reorder(userWei, weiMem).execute(strm, userWei, weiMem);
    args.push_back({{DNNL_ARG_SRC, srcMem},
                    {DNNL_ARG_WEIGHTS, weiMem},
                    {DNNL_ARG_DST, dstMem}});
    if (!l.bias.empty())
      args.back().insert(
          {DNNL_ARG_BIAS, memory(biasMd, eng, biases[i].data())});
    if (hasPost && separate) {
      eltwise_forward::desc desc(prop_kind::forward_inference, postAlg, dstMd,
                                 alpha, 0.f);
      eltwise_forward::primitive_desc pd(desc, eng);
      prims.push_back(eltwise_forward(pd));
      std::fprintf(stderr, "oneDNN eltwise %zu: %s\n", i, pd.impl_info_str());
      args.push_back({{DNNL_ARG_SRC, dstMem}, {DNNL_ARG_DST, dstMem}});
    }
    // The next layer picks its own input layout (format_tag::any): with
    // the last output's layout imposed, oneDNN has only reference
    // implementations for some (1-D deconvolutions in nwc16c, say).
    src = memory::desc(dstDims, memory::data_type::f32, tag::any);
    srcLayout = dstMd;
    srcMem = dstMem;
    srcDims = dstDims;
  }
  strm.wait();

  PeerRow timing;
  timing.minRuns = std::atoi(argv[4]);
  timing.minSeconds = std::atof(argv[5]);
  peerTime(timing, [&] {
    for (size_t i = 0; i < prims.size(); ++i)
      prims[i].execute(strm, args[i]);
    strm.wait();
  });
  std::vector<float> y(peerProduct(srcDims));
  memory userDst({srcDims, memory::data_type::f32, plainActivation(rank)}, eng,
                 y.data());
  reorder(srcMem, userDst).execute(strm, srcMem, userDst);
  strm.wait();
  return npy_write_f32(argv[3], y.data(), static_cast<int>(srcDims.size()),
                       srcDims.data())
             ? 1
             : 0;
}
