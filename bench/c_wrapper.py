#!/usr/bin/python3
"""The deployed C path: deconv_<f> against _mlir_ciface_<f> + copy-out.

For each row of the suite, the layer is compiled by deconv-compile to an
object and a header, and a C program calls it in a loop on dense buffers in
two ways, in alternating processes for --rounds rounds:

  - copy: _mlir_ciface_<f> (the result allocated by the callee), copied into
    the caller's buffer with the header's copy-out helper and freed: what a
    caller with its own output array did before deconv_into_<f> existed;
  - into: deconv_<f>, which computes the result in the caller's buffer
    through deconv_into_<f>.

Default glibc malloc settings, 1 thread; the median call time of each
process, then the median over the rounds.

  bench/c_wrapper.py [--build BUILD] [--rounds 5] [--calls 30]
                     [--rows a,b] [--out FILE]
"""
import argparse
import datetime
import math
import os
import statistics
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run as suite  # noqa: E402
from dynamic import cpu_name  # noqa: E402

DRIVER = r"""
#define _POSIX_C_SOURCE 199309L
#include "layer.h"
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

%(timing)s
int main(int argc, char **argv) {
  int calls = atoi(argv[1]), copy = argc > 2, k;
  double *t = malloc(calls * sizeof(double));
  %(setup)s
  for (k = 0; k < calls; ++k) {
    double t0 = now();
    if (copy) {
      %(copy)s
    } else if (%(into)s) {
      return 1;
    }
    t[k] = now() - t0;
  }
  qsort(t, calls, sizeof(double), cmp);
  printf("%%.4f\n", t[calls / 2] * 1e3);
  return 0;
}
"""


def driver(r):
    """The C program for the row's layer (function @<name>)."""
    name = r["name"]
    x, w, y = suite.shapes(r)
    setup, descs = [], []
    for i, shape in enumerate((x, w)):
        n = math.prod(shape)
        setup.append("float *a%d = malloc(%d * sizeof(float));" % (i, n))
        setup.append("for (k = 0; k < %d; ++k) a%d[k] = (k %% 7) * 0.1f;"
                     % (n, i))
        setup.append("deconv_memref_f32_%dd d%d = deconv_memref_f32_%dd_make("
                     "a%d, %s);" % (len(shape), i, len(shape), i,
                                    ", ".join(map(str, shape))))
        descs.append("&d%d" % i)
    setup.append("float *y = malloc(%d * sizeof(float));" % math.prod(y))
    setup.append("deconv_memref_f32_%dd r;" % len(y))
    copy = ("_mlir_ciface_%s(&r, %s); deconv_memref_f32_%dd_copy_out(&r, y); "
            "free(r.allocated);" % (name, ", ".join(descs), len(y)))
    into = "deconv_%s(a0, a1, y)" % name
    return DRIVER % {"setup": "\n  ".join(setup), "copy": copy,
                     "into": into, "timing": suite.C_TIMING}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", default=os.path.join(suite.HERE, "..", "build"))
    ap.add_argument("--suite", default=os.path.join(suite.HERE, "suite.csv"))
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--calls", type=int, default=30)
    ap.add_argument("--rows", default="")
    ap.add_argument("--out", default="")
    args = ap.parse_args()
    rows = suite.load_suite(args.suite)
    if args.rows:
        wanted = args.rows.split(",")
        rows = [r for r in rows if r["name"] in wanted]
    compiler = os.path.join(args.build, "bin", "deconv-compile")
    results = []
    with tempfile.TemporaryDirectory() as work:
        for r in rows:
            src = os.path.join(work, "layer.mlir")
            with open(src, "w") as f:
                f.write(suite.layer_mlir(r))
            obj = os.path.join(work, "layer.o")
            subprocess.run([compiler, src, "-o", obj,
                            "--header=" + os.path.join(work, "layer.h")],
                           check=True)
            c = os.path.join(work, "driver.c")
            with open(c, "w") as f:
                f.write(driver(r))
            exe = os.path.join(work, "driver")
            subprocess.run(["cc", "-O2", "-std=c99", "-I" + work, c, obj,
                            "-lm", "-o", exe], check=True)
            copy, into = [], []
            for _ in range(args.rounds):
                for mode, times in ((["copy"], copy), ([], into)):
                    out = subprocess.run([exe, str(args.calls)] + mode,
                                         check=True, capture_output=True,
                                         text=True).stdout
                    times.append(float(out))
            row = (r["name"], statistics.median(copy), statistics.median(into))
            results.append(row)
            print("%s: copy %.3f ms, into %.3f ms" % row, flush=True)
    lines = [
        "# The deployed C path: `deconv_<f>` against `_mlir_ciface_<f>` + "
        "copy-out",
        "",
        "Produced by `bench/c_wrapper.py --rounds %d --calls %d` on %s (%s, "
        "1 thread, default glibc malloc settings). `copy`: `_mlir_ciface_<f>`, "
        "then the result copied into the caller's array and freed; `into`: "
        "`deconv_<f>`, which computes into the caller's array. Medians of %d "
        "alternating processes, each the median of %d calls."
        % (args.rounds, args.calls, datetime.date.today().isoformat(),
           cpu_name(),
           args.rounds, args.calls),
        "",
        "| row | copy ms | into ms | copy / into |",
        "| --- | ---: | ---: | ---: |",
    ]
    for name, c, i in results:
        lines.append("| %s | %.3f | %.3f | %.2f |" % (name, c, i, c / i))
    if results:
        g = math.exp(statistics.mean(math.log(c / i) for _, c, i in results))
        lines += ["", "Geomean copy / into: %.2f over %d layers." %
                  (g, len(results))]
    text = "\n".join(lines) + "\n"
    if args.out:
        with open(args.out, "w") as f:
            f.write(text)
    print(text)


if __name__ == "__main__":
    main()
