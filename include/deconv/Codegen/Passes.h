//===- Passes.h - deconv code generator passes -----------------*- C++ -*-===//

#ifndef DECONV_CODEGEN_PASSES_H
#define DECONV_CODEGEN_PASSES_H

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Dialect/X86Vector/X86VectorDialect.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"
#include "mlir/Pass/PassOptions.h"

namespace mlir::deconv {

#define GEN_PASS_DECL
#include "deconv/Codegen/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "deconv/Codegen/Passes.h.inc"

struct VectorizeConvsOptions
    : public PassPipelineOptions<VectorizeConvsOptions> {
  PassOptions::Option<int64_t> vectorWidth{
      *this, "vector-width",
      llvm::cl::desc("f32 lanes of the target's vectors (16 for AVX-512, 8 "
                     "for AVX2)"),
      llvm::cl::init(16)};
  PassOptions::Option<int64_t> vectorRegisters{
      *this, "vector-registers",
      llvm::cl::desc("Vector registers of the target (0: 32 with 16 lanes, "
                     "else 16)"),
      llvm::cl::init(0)};
  PassOptions::Option<int64_t> l2CacheBytes{
      *this, "l2-cache-bytes",
      llvm::cl::desc("Per-core L2 cache size in bytes"),
      llvm::cl::init(2 << 20)};
  PassOptions::Option<bool> bf16Dot{
      *this, "bf16-dot",
      llvm::cl::desc("The target has AVX512_BF16's dot product: bf16 "
                     "channels-last kernels use it"),
      llvm::cl::init(false)};
  PassOptions::Option<bool> printConfig{
      *this, "print-config",
      llvm::cl::desc("Emit a remark per convolution with the kernel chosen"),
      llvm::cl::init(false)};
};

/// The kernel passes, in order, on a function (or any op with regions):
/// rank normalization, kernel configuration, conv tiling, layout
/// propagation, phase assembly, constant packing, transpose tiling,
/// vectorization, accumulator forwarding, zero skipping, transpose lowering.
void buildVectorizeConvsPipeline(OpPassManager &pm,
                                 const VectorizeConvsOptions &options);

/// Registers --deconv-vectorize-convs (buildVectorizeConvsPipeline).
void registerDeconvCodegenPipelines();

} // namespace mlir::deconv

#endif // DECONV_CODEGEN_PASSES_H
