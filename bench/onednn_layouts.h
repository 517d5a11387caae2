// onednn_layouts.h - PyTorch's layouts in oneDNN's terms, for the oneDNN
// peers (onednn_peer.cpp, onednn_net.cpp).
#ifndef DECONV_BENCH_ONEDNN_LAYOUTS_H
#define DECONV_BENCH_ONEDNN_LAYOUTS_H

#include <oneapi/dnnl/dnnl.hpp>

// Activations: NCW, NCHW or NCDHW.
inline dnnl::memory::format_tag plainActivation(size_t rank) {
  using tag = dnnl::memory::format_tag;
  return rank == 1 ? tag::ncw : rank == 2 ? tag::nchw : tag::ncdhw;
}

// Weights: [Cin][Cout/g][k...] for a transposed conv, [Cout][Cin/g][k...]
// for a conv, as oneDNN's [g][Cout/g][Cin/g][k...] (grouped) or
// [Cout][Cin][k...] dims see them.
inline dnnl::memory::format_tag plainWeights(bool transpose, bool grouped,
                                             size_t rank) {
  using tag = dnnl::memory::format_tag;
  // One tag per (transpose, grouped), indexed by rank - 1.
  static const tag tags[2][2][3] = {
      {{tag::abc, tag::abcd, tag::abcde}, {tag::abcd, tag::abcde, tag::abcdef}},
      {{tag::bac, tag::bacd, tag::bacde},
       {tag::acbd, tag::acbde, tag::acbdef}}};
  return tags[transpose][grouped][rank - 1];
}

#endif // DECONV_BENCH_ONEDNN_LAYOUTS_H
