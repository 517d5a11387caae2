//===- TosaToDeconv.h - Import TOSA convolutions ----------------*- C++ -*-===//

#ifndef DECONV_CONVERSION_TOSATODECONV_TOSATODECONV_H
#define DECONV_CONVERSION_TOSATODECONV_TOSATODECONV_H

namespace mlir {
class RewritePatternSet;
namespace deconv {

/// Patterns that rewrite float tosa.conv2d, tosa.conv3d,
/// tosa.depthwise_conv2d and tosa.transpose_conv2d into deconv ops between
/// explicit layout transposes, and fold transposes that undo each other.
void populateTosaToDeconvPatterns(RewritePatternSet &patterns);

} // namespace deconv
} // namespace mlir

#endif // DECONV_CONVERSION_TOSATODECONV_TOSATODECONV_H
