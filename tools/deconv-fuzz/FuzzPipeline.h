//===- FuzzPipeline.h - What every deconv fuzzer runs on its input -*- C++ -*-===//
//
// The fuzzers hand MLIR text to runFuzzPipeline: parse, verify,
// --deconv-infer-shapes, then --deconv-lower-to-llvm once per conv_transpose
// strategy (each on its own clone) and the translation to LLVM IR. Rejected
// input is fine; a crash, a sanitizer report, or a pass that succeeds but
// leaves IR that does not verify (reported through abort()) is a bug.
//
//===----------------------------------------------------------------------===//

#ifndef DECONV_TOOLS_DECONV_FUZZ_FUZZPIPELINE_H
#define DECONV_TOOLS_DECONV_FUZZ_FUZZPIPELINE_H

#include "llvm/ADT/StringRef.h"

namespace mlir::deconv::fuzz {

/// Runs the whole compile path on `text`. Returns true if the input parsed
/// and verified.
bool runFuzzPipeline(llvm::StringRef text);

} // namespace mlir::deconv::fuzz

#endif // DECONV_TOOLS_DECONV_FUZZ_FUZZPIPELINE_H
