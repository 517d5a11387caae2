//===- CommandLine.h - Shared command-line handling of the tools -*- C++
//-*-===//

#ifndef DECONV_SUPPORT_COMMANDLINE_H
#define DECONV_SUPPORT_COMMANDLINE_H

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"

namespace mlir::deconv {

/// The parser of an enum option whose error lists the valid values
/// ("unknown value 'fast'; expected auto, zero-insertion, ...") instead of
/// cl's "Cannot find option named 'fast'!".
template <typename EnumT>
struct EnumOptionParser : public llvm::cl::parser<EnumT> {
  using llvm::cl::parser<EnumT>::parser;
  bool parse(llvm::cl::Option &option, llvm::StringRef argName,
             llvm::StringRef arg, EnumT &value) {
    for (const auto &v : this->Values)
      if (v.Name == arg) {
        value = v.V.getValue();
        return false;
      }
    std::string names = llvm::join(
        llvm::map_range(this->Values, [](const auto &v) { return v.Name; }),
        ", ");
    return option.error("unknown value '" + arg + "'; expected " + names);
  }
};

/// libLLVM registers a global cl option named "threads", so the tools cannot
/// declare their own: this removes --threads=N / -threads=N / --threads N
/// from argv before cl parses it. N is an integer in [1, 1024], or "runtime"
/// (stored as 0: the OpenMP runtime picks the team at each call). Returns
/// false on anything else; `value` keeps its default when the flag is absent.
bool extractThreadsOption(int &argc, char **argv, unsigned &value);

/// What the tools say when extractThreadsOption fails.
inline constexpr const char *kThreadsError =
    "--threads needs an integer between 1 and 1024, or 'runtime'";

/// --threads in the tools' --help (cl cannot list it, see above).
inline constexpr const char *kThreadsHelp =
    "  --threads=<N>   threads for the parallel loops: 1 (default) runs\n"
    "                  serial code; N > 1 an OpenMP team of N threads;\n"
    "                  'runtime' the team the caller picks at each call\n"
    "                  (OMP_NUM_THREADS or omp_set_num_threads(); all cores\n"
    "                  when neither is set).\n";

/// The text of --verify-each, shared by deconv-compile and deconv-run.
inline constexpr const char *kVerifyEachDescription =
    "Verify the IR after every pass of the lowering (by default only its "
    "result is verified; the tests and fuzzers verify every pass)";

} // namespace mlir::deconv

#endif // DECONV_SUPPORT_COMMANDLINE_H
