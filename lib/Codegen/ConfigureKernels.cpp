//===- ConfigureKernels.cpp - Kernel choice attached to each conv ---------===//

#include "deconv/Codegen/KernelConfig.h"
#include "deconv/Codegen/Passes.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

namespace mlir::deconv {
#define GEN_PASS_DEF_DECONVCONFIGUREKERNELS
#include "deconv/Codegen/Passes.h.inc"
} // namespace mlir::deconv

using namespace mlir;
using namespace mlir::deconv;

namespace {

/// The first destination of the chain of insert_slices that `op`'s result
/// goes into (through reshapes), or null: the output that the sub-pixel
/// phases of one transposed conv share.
Value getInsertChainRoot(Operation *op) {
  Value v = op->getResult(0);
  while (v.hasOneUse() && isa<tensor::ExpandShapeOp, tensor::CollapseShapeOp>(
                              *v.getUsers().begin()))
    v = v.getUsers().begin()->getResult(0);
  auto ins = v.hasOneUse()
                 ? dyn_cast<tensor::InsertSliceOp>(*v.getUsers().begin())
                 : nullptr;
  if (!ins || ins.getSource() != v)
    return {};
  Value dest = ins.getDest();
  while (auto prev = dest.getDefiningOp<tensor::InsertSliceOp>())
    dest = prev.getDest();
  return dest;
}

struct DeconvConfigureKernelsPass
    : deconv::impl::DeconvConfigureKernelsBase<DeconvConfigureKernelsPass> {
  using Base::Base;

  void runOnOperation() override {
    if (vectorWidth != 8 && vectorWidth != 16) {
      emitError(getOperation()->getLoc())
          << "--deconv-configure-kernels: vector-width must be 8 or 16, got "
          << vectorWidth.getValue();
      return signalPassFailure();
    }
    CpuTarget target = CpuTarget::forF32Lanes(vectorWidth, vectorRegisters,
                                              l2CacheBytes, bf16Dot);

    SmallVector<linalg::LinalgOp> convs;
    getOperation()->walk([&](linalg::LinalgOp op) {
      // A depth-to-space contraction with taps reads like a convolution;
      // it has its own kernel (below).
      if ((isa<linalg::ConvolutionOpInterface>(op.getOperation()) ||
           linalg::isaConvolutionOpInterface(op)) &&
          !matchDepthToSpace(op))
        convs.push_back(op);
    });
    // Sub-pixel phases take an NCHW kernel only if all the phases of their
    // output do: the others are assembled channels-last and transposed once,
    // which one NCHW phase among them would break.
    DenseMap<Value, bool> chainNchw;
    for (linalg::LinalgOp op : convs)
      if (Value root = getInsertChainRoot(op))
        chainNchw.try_emplace(root, true).first->second &=
            isNchwCandidate(op, target);

    MLIRContext *ctx = &getContext();
    getOperation()->walk([&](linalg::GenericOp op) {
      std::optional<DepthToSpaceShape> shape = matchDepthToSpace(op);
      if (!shape)
        return;
      KernelConfig config;
      if (matchDepthToSpaceStart(op.getDpsInits()[0]))
        config = selectDepthToSpaceTile(*shape, target);
      else
        config.reason = "a depth-to-space contraction whose accumulator "
                        "starts from neither a fill nor a bias broadcast";
      op->setAttr(kKernelConfigAttr, config.toAttr(ctx));
      if (printConfig)
        op->emitRemark() << config.describe();
    });
    for (linalg::LinalgOp op : convs) {
      Value root = getInsertChainRoot(op);
      KernelConfig config =
          selectKernelConfig(op, target, !root || chainNchw.lookup(root));
      op->setAttr(kKernelConfigAttr, config.toAttr(ctx));
      if (printConfig)
        op->emitRemark() << config.describe();
    }
  }
};

} // namespace
