//===- SkipInsertedZeros.cpp - FMAs of inserted zeros dropped -------------===//

#include "deconv/Codegen/Passes.h"
#include "deconv/Codegen/Utils.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/SCF/Utils/Utils.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/IndexingUtils.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Dialect/Vector/Transforms/LoweringPatterns.h"
#include "mlir/Dialect/Vector/Transforms/VectorRewritePatterns.h"
#include "mlir/Dialect/Vector/Utils/VectorUtils.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "mlir/Transforms/LoopInvariantCodeMotionUtils.h"

namespace mlir::deconv {
#define GEN_PASS_DEF_DECONVSKIPINSERTEDZEROS
#include "deconv/Codegen/Passes.h.inc"
} // namespace mlir::deconv

using namespace mlir;
using namespace mlir::deconv;

namespace {

/// Whether `read` only reads inserted zeros: its window, followed up
/// through extract_slices, is a single index of a dim along which a tensor
/// was inserted with a stride into a zero fill (zero insertion), between
/// two inserted elements.
bool readsInsertedZeros(vector::TransferReadOp read) {
  if (!read.getPermutationMap().isMinorIdentity())
    return false;
  // Per dim of the current tensor: the terms of the window's offset, and
  // its size.
  auto type = dyn_cast<RankedTensorType>(read.getBase().getType());
  if (!type)
    return false;
  int64_t rank = type.getRank();
  SmallVector<SmallVector<OpFoldResult>> offsets(rank);
  SmallVector<int64_t> sizes(rank, 1);
  for (auto [d, idx] : llvm::enumerate(read.getIndices()))
    offsets[d].push_back(idx);
  ArrayRef<int64_t> vshape = read.getVectorType().getShape();
  for (auto [i, n] : llvm::enumerate(vshape))
    sizes[rank - vshape.size() + i] = n;
  Value v = read.getBase();
  while (auto slice = v.getDefiningOp<tensor::ExtractSliceOp>()) {
    if (!llvm::all_of(slice.getStaticStrides(),
                      [](int64_t s) { return s == 1; }))
      return false;
    llvm::SmallBitVector dropped = slice.getDroppedDims();
    int64_t srcRank = slice.getSourceType().getRank();
    SmallVector<SmallVector<OpFoldResult>> srcOffsets(srcRank);
    SmallVector<int64_t> srcSizes(srcRank, 1);
    for (int64_t j = 0, k = 0; j < srcRank; ++j) {
      srcOffsets[j].push_back(slice.getMixedOffsets()[j]);
      if (dropped.test(j))
        continue;
      llvm::append_range(srcOffsets[j], offsets[k]);
      srcSizes[j] = sizes[k++];
    }
    offsets = std::move(srcOffsets);
    sizes = std::move(srcSizes);
    v = slice.getSource();
  }
  // An insert into zeros, unit strides (the width padded to whole vectors):
  // what the window reads outside the inserted tensor is zero anyway, so the
  // window is followed into it, shifted by the insert's offsets.
  auto zeroInsert = [&](Value t) -> tensor::InsertSliceOp {
    auto ins = t.getDefiningOp<tensor::InsertSliceOp>();
    auto fill = ins ? ins.getDest().getDefiningOp<linalg::FillOp>() : nullptr;
    if (!fill || !matchPattern(fill.getInputs()[0], m_AnyZeroFloat()) ||
        ins.getSourceType().getRank() != ins.getType().getRank() ||
        static_cast<int64_t>(offsets.size()) != ins.getType().getRank() ||
        ShapedType::isDynamicShape(ins.getStaticOffsets()))
      return {};
    return ins;
  };
  tensor::InsertSliceOp ins = zeroInsert(v);
  while (ins && llvm::all_of(ins.getStaticStrides(),
                             [](int64_t s) { return s == 1; })) {
    for (auto [d, at] : llvm::enumerate(ins.getStaticOffsets()))
      offsets[d].push_back(
          IntegerAttr::get(IndexType::get(read.getContext()), -at));
    ins = zeroInsert(ins.getSource());
  }
  if (!ins)
    return false;
  for (auto [d, step] : llvm::enumerate(ins.getStaticStrides()))
    if (missesStridedInsert(offsets[d], sizes[d], /*stride=*/1,
                            ins.getStaticOffsets()[d], step))
      return true;
  return false;
}

/// Drops the FMAs of a zero-inserted input's inserted zeros (whole rows of
/// them, once the row steps are unrolled): on a stride-2 transposed conv
/// taken by zero insertion, half of the rows a tap reads are zeros. The
/// products are artifacts of the lowering, not of the op's definition, so
/// dropping them is exact.
void skipZeroInsertedProducts(RewriterBase &rewriter, Operation *root) {
  SmallVector<vector::FMAOp> fmas;
  root->walk([&](vector::FMAOp fma) {
    auto isZeroRead = [](Value v) {
      auto read = v.getDefiningOp<vector::TransferReadOp>();
      return read && readsInsertedZeros(read);
    };
    if (isZeroRead(fma.getLhs()) || isZeroRead(fma.getRhs()))
      fmas.push_back(fma);
  });
  for (vector::FMAOp fma : fmas)
    rewriter.replaceOp(fma, fma.getAcc());
}

struct DeconvSkipInsertedZerosPass
    : deconv::impl::DeconvSkipInsertedZerosBase<DeconvSkipInsertedZerosPass> {
  void runOnOperation() override {
    IRRewriter rewriter(&getContext());
    skipZeroInsertedProducts(rewriter, getOperation());
  }
};

} // namespace
