//===- CommandLine.h - Shared command-line handling of the tools -*- C++
//-*-===//

#ifndef DECONV_SUPPORT_COMMANDLINE_H
#define DECONV_SUPPORT_COMMANDLINE_H

namespace mlir::deconv {

/// libLLVM registers a global cl option named "threads", so the tools cannot
/// declare their own: this removes --threads=N / -threads=N / --threads N
/// from argv before cl parses it. Returns false if N is not an integer in
/// [1, 1024]; `value` keeps its default when the flag is absent.
bool extractThreadsOption(int &argc, char **argv, unsigned &value);

/// The text of --verify-each, shared by deconv-compile and deconv-run.
inline constexpr const char *kVerifyEachDescription =
    "Verify the IR after every pass of the lowering (by default only its "
    "result is verified; the tests and fuzzers verify every pass)";

} // namespace mlir::deconv

#endif // DECONV_SUPPORT_COMMANDLINE_H
