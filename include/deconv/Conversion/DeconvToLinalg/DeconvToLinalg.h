//===- DeconvToLinalg.h - deconv.conv to linalg -----------------*- C++ -*-===//

#ifndef DECONV_CONVERSION_DECONVTOLINALG_DECONVTOLINALG_H
#define DECONV_CONVERSION_DECONVTOLINALG_DECONVTOLINALG_H

namespace mlir {
class RewritePatternSet;
namespace deconv {

/// Patterns that rewrite deconv.conv into tensor.pad + linalg.
void populateDeconvToLinalgPatterns(RewritePatternSet &patterns);

} // namespace deconv
} // namespace mlir

#endif // DECONV_CONVERSION_DECONVTOLINALG_DECONVTOLINALG_H
