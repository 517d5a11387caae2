//===- CommandLine.cpp - Shared command-line handling of the tools --------===//

#include "deconv/Support/CommandLine.h"

#include "llvm/ADT/StringRef.h"

bool mlir::deconv::extractThreadsOption(int &argc, char **argv,
                                        unsigned &value) {
  int out = 1;
  bool ok = true;
  for (int i = 1; i < argc; ++i) {
    llvm::StringRef a = argv[i];
    llvm::StringRef v;
    if (a.consume_front("--threads") || a.consume_front("-threads")) {
      if (a.consume_front("="))
        v = a;
      else if (a.empty() && i + 1 < argc)
        v = argv[++i];
      else if (!a.empty()) {
        argv[out++] = argv[i];
        continue;
      }
      if (v == "runtime")
        value = 0;
      else
        ok &= !v.getAsInteger(10, value) && value >= 1 && value <= 1024;
      continue;
    }
    argv[out++] = argv[i];
  }
  argc = out;
  return ok;
}
