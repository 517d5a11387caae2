//===- ContractMultiplyAdd.cpp - Allow FMA for multiply-adds --------------===//
//
// The vector kernels multiply-add through vector.fma; the scalar loops that
// remain (the loops strategy, forms without a vector kernel) are plain
// arith.mulf and arith.addf. Marking each product and the sum it feeds with
// the `contract` fast-math flag lets LLVM fuse them into one FMA where the
// target has one, as C compilers do with -ffp-contract=fast, and keeps two
// instructions where it has none (an explicit fma would become a libm call).
//
//===----------------------------------------------------------------------===//

#include "deconv/Codegen/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"

namespace mlir::deconv {
#define GEN_PASS_DEF_DECONVCONTRACTMULTIPLYADD
#include "deconv/Codegen/Passes.h.inc"
} // namespace mlir::deconv

using namespace mlir;
using namespace mlir::deconv;

namespace {

void addContract(Operation *op) {
  auto fmf = cast<arith::ArithFastMathInterface>(op);
  arith::FastMathFlags flags = fmf.getFastMathFlagsAttr().getValue();
  op->setAttr(fmf.getFastMathAttrName(),
              arith::FastMathFlagsAttr::get(
                  op->getContext(), flags | arith::FastMathFlags::contract));
}

struct DeconvContractMultiplyAddPass
    : deconv::impl::DeconvContractMultiplyAddBase<
          DeconvContractMultiplyAddPass> {
  void runOnOperation() override {
    getOperation()->walk([](Operation *op) {
      if (!isa<arith::AddFOp, arith::SubFOp>(op))
        return;
      bool fused = false;
      for (Value operand : op->getOperands()) {
        // A product used elsewhere too is computed anyway: fusing it would
        // only round the sum differently.
        auto mul = operand.getDefiningOp<arith::MulFOp>();
        if (!mul || !mul->hasOneUse())
          continue;
        addContract(mul);
        fused = true;
      }
      if (fused)
        addContract(op);
    });
  }
};

} // namespace
