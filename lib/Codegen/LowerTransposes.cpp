//===- LowerTransposes.cpp - Vector transposes of transpose blocks --------===//

#include "deconv/Codegen/Passes.h"
#include "deconv/Codegen/Transforms.h"
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
#define GEN_PASS_DEF_DECONVLOWERTRANSPOSES
#include "deconv/Codegen/Passes.h.inc"
} // namespace mlir::deconv

using namespace mlir;
using namespace mlir::deconv;

namespace {

/// Lowers the transposes of `blocks` with upstream's `lowering` patterns.
void lowerTransposes(ArrayRef<Operation *> blocks,
                     vector::VectorTransposeLowering lowering) {
  if (blocks.empty())
    return;
  RewritePatternSet patterns(blocks.front()->getContext());
  vector::populateVectorTransposeLoweringPatterns(patterns, lowering);
  GreedyRewriteConfig config;
  config.setStrictness(GreedyRewriteStrictness::ExistingOps);
  (void)applyOpPatternsGreedily(blocks, std::move(patterns), config);
}

/// The blocks of the layout transposes (tileTranspose) as shuffles:
/// - with 16 lanes, 16x16 f32 blocks as AVX-512 unpacks and lane shuffles.
///   The default element-wise lowering leaves LLVM 256 scalar inserts to
///   rebuild, which it does with vpermt2ps and masked moves, about three
///   times the code. Only these blocks: upstream's shuffle lowering of other
///   shapes spills registers.
/// - blocks of at most 4 rows of 8-16 that become columns (the interleave
///   of stacked NCHW phases: 2 phases x 16 pixels) as one shuffle of the
///   flattened vector, a vpermt2ps per output vector; element-wise, LLVM
///   rebuilds them from scalar inserts and 128-bit pieces.
void lowerTransposeBlocks(Operation *root, int64_t lanes) {
  SmallVector<Operation *> square, narrow;
  root->walk([&](vector::TransposeOp op) {
    FailureOr<std::pair<int, int>> dims = vector::isTranspose2DSlice(op);
    VectorType type = op.getSourceVectorType();
    if (failed(dims) || !type.getElementType().isF32())
      return;
    int64_t a = type.getDimSize(dims->first), b = type.getDimSize(dims->second);
    if (lanes == 16 && a == 16 && b == 16)
      square.push_back(op);
    else if (a <= 4 && b >= 8 && b <= 16)
      narrow.push_back(op);
  });
  lowerTransposes(square, vector::VectorTransposeLowering::Shuffle16x16);
  lowerTransposes(narrow, vector::VectorTransposeLowering::Shuffle1D);
}

struct DeconvLowerTransposesPass
    : deconv::impl::DeconvLowerTransposesBase<DeconvLowerTransposesPass> {
  using Base::Base;
  void runOnOperation() override {
    lowerTransposeBlocks(getOperation(), vectorWidth);
  }
};

} // namespace
