#!/usr/bin/python3
"""Where a suite row's cycles go: perf on the deployed C path.

The row is compiled by deconv-compile (weights as arguments) and called from
a small C program through deconv_<f> in a loop, at 1 thread, with glibc's
trim and mmap thresholds raised as deconv-run does. `perf record` samples
it; the samples inside the layer's function are grouped per 1 KiB of code
and each group is labelled by its instruction mix (FMA and broadcasts: the
micro-kernels; loads, unpacks, shuffles and masked stores: layout
transposes and copies), with the share of the process outside the layer
(page faults, malloc) listed after.

  bench/profile.py ROW [--suite bench/suite.csv] [--build BUILD] [--top 8]
                   [--strategy S] [--subpixel-form F]

Needs perf (Debian's linux-perf) and permission to use it.
"""
import argparse
import math
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run as suite  # noqa: E402

DRIVER = r"""
#include "layer.h"
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>

int main(void) {
  long i, nx = %(nx)d, nw = %(nw)d, ny = %(ny)d;
  int k;
  float *x = malloc(nx * 4), *w = malloc(nw * 4), *y = malloc(ny * 4);
  mallopt(M_MMAP_THRESHOLD, 1 << 30);
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
  for (i = 0; i < nx; ++i)
    x[i] = (float)(i %% 7) * 0.1f;
  for (i = 0; i < nw; ++i)
    w[i] = (float)(i %% 5) * 0.01f;
  for (k = 0; k < %(calls)d; ++k)
    if (deconv_%(name)s(x, w, y))
      return 1;
  printf("%%f\n", y[ny / 3]);
  return 0;
}
"""

KERNEL_OPS = ("vfmadd231ps", "vfmadd213ps", "vbroadcastss")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("row")
    ap.add_argument("--suite", default=os.path.join(suite.HERE, "suite.csv"))
    ap.add_argument("--build", default=os.path.join(suite.HERE, "..", "build"))
    ap.add_argument("--top", type=int, default=8)
    ap.add_argument("--strategy", default="auto",
                    help="deconv-compile's --strategy for a conv_transpose")
    ap.add_argument("--subpixel-form", default="auto",
                    help="deconv-compile's --subpixel-form")
    args = ap.parse_args()
    rows = [r for r in suite.load_suite(args.suite) if r["name"] == args.row]
    if not rows:
        sys.exit("profile: no row '%s' in %s" % (args.row, args.suite))
    r = rows[0]
    work = tempfile.mkdtemp(prefix="deconv-profile-")
    src = os.path.join(work, "layer.mlir")
    open(src, "w").write(suite.layer_mlir(r).replace(
        "@%s(" % r["name"], "@layer("))
    x, w, y = suite.shapes(r)
    # About a second of calls at 100 GFLOP/s.
    calls = max(20, int(1e11 / suite.useful_flops(r)))
    open(os.path.join(work, "main.c"), "w").write(DRIVER % dict(
        nx=math.prod(x), nw=math.prod(w), ny=math.prod(y), calls=calls,
        name="layer"))
    suite.run([os.path.join(args.build, "bin", "deconv-compile"), src, "-o",
               os.path.join(work, "layer.o"), "--strategy=" + args.strategy,
               "--subpixel-form=" + args.subpixel_form,
               "--header=" + os.path.join(work, "layer.h")])
    exe = os.path.join(work, "main")
    suite.run(["cc", "-O2", "-I" + work, os.path.join(work, "main.c"),
               os.path.join(work, "layer.o"), "-lm", "-o", exe])
    data = os.path.join(work, "perf.data")
    suite.run(["perf", "record", "-q", "-o", data, exe])
    report = suite.run(["perf", "report", "-i", data, "--stdio", "--sort",
                        "symbol"]).stdout
    # The layer's code: the hottest of its symbols (LLVM may inline the
    # body into the C interface wrapper).
    symbol = "__deconv_into_layer"
    for line in report.splitlines():
        m = re.match(r"\s+[0-9.]+%\s+\[\.\]\s+(\S*deconv_into_layer\S*)",
                     line)
        if m:
            symbol = m.group(1)
            break
    text = suite.run(["perf", "annotate", "-i", data, "--stdio", "-s",
                      symbol]).stdout
    groups = {}
    for line in text.splitlines():
        m = re.match(r"\s+([0-9.]+) :\s+([0-9a-f]+):\s+(\S+)", line)
        if not m:
            continue
        pct, addr, op = float(m.group(1)), int(m.group(2), 16), m.group(3)
        g = groups.setdefault(addr // 1024, [0.0, {}])
        g[0] += pct
        g[1][op] = g[1].get(op, 0.0) + pct
    kernel = sum(ops.get(k, 0.0) for _, ops in groups.values()
                 for k in KERNEL_OPS)
    print("%s, %d calls, 1 thread: FMA and broadcast instructions hold "
          "%.1f %% of the layer function's samples" % (r["name"], calls,
                                                       kernel))
    print("code (1 KiB)  share  instruction mix")
    for g, (pct, ops) in sorted(groups.items(), key=lambda kv: -kv[1][0])[
            :args.top]:
        mix = ", ".join("%s %.1f" % kv for kv in sorted(
            ops.items(), key=lambda kv: -kv[1])[:4])
        print("%#8x     %5.1f %%  %s" % (g * 1024, pct, mix))
    print("whole process, by symbol:")
    for line in [l for l in report.splitlines() if "%" in l and
                 not l.startswith("#")][:6]:
        print("  " + " ".join(line.split()[:3]))


if __name__ == "__main__":
    main()
