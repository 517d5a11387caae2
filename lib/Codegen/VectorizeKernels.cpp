//===- VectorizeKernels.cpp - Kernel tiles to FMA outer products ----------===//

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
#define GEN_PASS_DEF_DECONVVECTORIZEKERNELS
#include "deconv/Codegen/Passes.h.inc"
} // namespace mlir::deconv

using namespace mlir;
using namespace mlir::deconv;

namespace {

struct DeconvVectorizeKernelsPass
    : deconv::impl::DeconvVectorizeKernelsBase<DeconvVectorizeKernelsPass> {
  void runOnOperation() override {
    Operation *root = getOperation();
    MLIRContext *ctx = &getContext();
    IRRewriter rewriter(ctx);
    // Unit-height tiles become 1-D convolutions, which vectorize.
    {
      RewritePatternSet patterns(ctx);
      patterns.add<linalg::DownscaleSizeOneWindowed2DConvolution<
                       linalg::Conv2DNhwcHwcfOp, linalg::Conv1DNwcWcfOp>,
                   linalg::DownscaleDepthwiseConv2DNhwcHwcOp>(ctx);
      if (failed(applyPatternsGreedily(root, std::move(patterns))))
        return signalPassFailure();
    }
    SmallVector<linalg::LinalgOp> conv1ds;
    root->walk([&](Operation *op) {
      if (isa<linalg::Conv1DNwcWcfOp, linalg::DepthwiseConv1DNwcWcOp,
              linalg::Conv1DOp>(op))
        conv1ds.push_back(cast<linalg::LinalgOp>(op));
    });
    for (auto op : conv1ds) {
      rewriter.setInsertionPoint(op);
      auto vectorized = linalg::vectorize(rewriter, op);
      if (failed(vectorized))
        continue;
      rewriter.replaceOp(op, vectorized->replacements);
    }

    // vector.contract -> broadcast-FMA outer products.
    RewritePatternSet patterns(ctx);
    vector::populateVectorContractLoweringPatterns(
        patterns, vector::VectorContractLowering::OuterProduct);
    vector::populateVectorOuterProductLoweringPatterns(patterns);
    vector::populateVectorTransferPermutationMapLoweringPatterns(patterns);
    vector::populateVectorReductionToContractPatterns(patterns);
    vector::populateSinkVectorOpsPatterns(patterns);
    vector::TransferReadOp::getCanonicalizationPatterns(patterns, ctx);
    vector::TransferWriteOp::getCanonicalizationPatterns(patterns, ctx);
    tensor::ExtractSliceOp::getCanonicalizationPatterns(patterns, ctx);
    if (failed(applyPatternsGreedily(root, std::move(patterns))))
      return signalPassFailure();
  }
};

} // namespace
