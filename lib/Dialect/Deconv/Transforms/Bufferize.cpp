//===- Bufferize.cpp - One-shot bufferization for native code -------------===//

#include "deconv/Dialect/Deconv/Transforms/Passes.h"
#include "deconv/Support/ConvGeometry.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/Transforms/OneShotAnalysis.h"
#include "mlir/Dialect/Bufferization/Transforms/OneShotModuleBufferize.h"
#include "mlir/Dialect/Bufferization/Transforms/Transforms.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/BuiltinAttributes.h"

namespace mlir::deconv {
#define GEN_PASS_DEF_DECONVBUFFERIZE
#include "deconv/Dialect/Deconv/Transforms/Passes.h.inc"
} // namespace mlir::deconv

using namespace mlir;

namespace {
struct DeconvBufferizePass
    : mlir::deconv::impl::DeconvBufferizeBase<DeconvBufferizePass> {
  using Base::Base;

  /// A huge splat costs nothing in the IR but is expanded byte by byte once
  /// it becomes a global; refuse it here, with the constant's location.
  LogicalResult checkConstantSizes() {
    WalkResult r = getOperation()->walk([&](arith::ConstantOp op) {
      auto type = dyn_cast<RankedTensorType>(op.getType());
      if (!type || !type.hasStaticShape() ||
          !type.getElementType().isIntOrFloat())
        return WalkResult::advance();
      std::optional<int64_t> bytes = deconv::getStaticByteSize(
          type.getShape(), deconv::getElementBytes(
                               type.getElementType().getIntOrFloatBitWidth()));
      if (bytes && *bytes <= maxConstantBytes)
        return WalkResult::advance();
      op.emitError("a tensor constant of type ")
          << type << " has more than " << int64_t(maxConstantBytes)
          << " bytes, the largest that can be embedded in the generated code "
             "(--deconv-bufferize=\"max-constant-bytes=N\")";
      return WalkResult::interrupt();
    });
    return failure(r.wasInterrupted());
  }

  void runOnOperation() override {
    if (failed(checkConstantSizes()))
      return signalPassFailure();
    bufferization::OneShotBufferizationOptions options;
    options.bufferizeFunctionBoundaries = true;
    options.setFunctionBoundaryTypeConversion(
        bufferization::LayoutMapOption::IdentityLayoutMap);
    // linalg.copy lowers to plain loops; memref.copy of strided buffers would
    // become a call into the MLIR runtime library (memrefCopy).
    options.memCpyFn = [](OpBuilder &b, Location loc, Value from,
                          Value to) -> LogicalResult {
      linalg::CopyOp::create(b, loc, from, to);
      return success();
    };
    // A tensor.empty whose value ends up inserted into a larger tensor
    // (a transpose written into a zero-padded buffer, a phase result into
    // its strided output slice) becomes that slice: no copy.
    IRRewriter rewriter(&getContext());
    if (failed(bufferization::eliminateEmptyTensors(rewriter, getOperation())))
      return signalPassFailure();
    bufferization::BufferizationState state;
    if (failed(bufferization::runOneShotModuleBufferize(getOperation(), options,
                                                        state)))
      return signalPassFailure();
  }
};
} // namespace
