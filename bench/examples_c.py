#!/usr/bin/python3
"""The example networks called from C against deconv-run --benchmark.

Each network of examples/*.mlir is compiled by deconv-compile (--threads=T)
to an object and a header, and a generated C program calls it on random
inputs as a user would: through deconv_<f> (into the caller's arrays) where
every shape is static (the arrays 64-byte aligned), else through
_mlir_ciface_<f> with the result freed
after each call (dynamic dims get --dynamic-size). deconv-run --benchmark
runs the same function through its JIT. The two alternate for --rounds
rounds; each reports the median of its calls (a warm-up call first), and the
table gives the medians over the rounds.

  bench/examples_c.py [--build BUILD] [--threads 1,2] [--rounds 3]
                      [--calls 10] [--dynamic-size 1] [--out FILE]
"""
import argparse
import datetime
import math
import os
import re
import shlex
import statistics
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run as suite  # noqa: E402
from dynamic import cpu_name  # noqa: E402

EXAMPLES = ["dcgan_generator", "unet_decoder_stage", "melgan_upsampler",
            "unet3d_upconv"]

DRIVER = r"""
#define _ISOC11_SOURCE
#define _POSIX_C_SOURCE 199309L
#include "net.h"
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

%(timing)s/* 64-byte aligned, as docs/CInterface.md advises. */
static float *aligned(size_t n) {
  return aligned_alloc(64, (n * sizeof(float) + 63) / 64 * 64);
}
static float *filled(size_t n) {
  float *p = aligned(n);
  size_t i;
  unsigned s = 12345u + (unsigned)n;
  for (i = 0; i < n; ++i)
    p[i] = (float)((s = s * 1103515245u + 12345u) >> 16) / 32768.0f - 1.0f;
  return p;
}

int main(int argc, char **argv) {
  int calls = atoi(argv[1]), k;
  double *t = malloc((calls + 1) * sizeof(double));
  %(setup)s
  for (k = 0; k <= calls; ++k) {
    double t0 = now();
    %(call)s
    t[k] = now() - t0;
  }
  qsort(t + 1, calls, sizeof(double), cmp);
  printf("%%.4f\n", t[1 + calls / 2] * 1e3);
  return 0;
}
"""


def signature(text, name):
    """The argument and result shapes of @name (None for a dynamic dim)."""
    m = re.search(r"func\.func @%s\((.*?)\)\s*->\s*(.*?)\s*\{" % name, text,
                  re.S)
    shape = lambda t: [None if d == "?" else int(d)
                       for d in t.split("x")[:-1]]
    args = [shape(t) for t in re.findall(r"tensor<([^>]*)>", m.group(1))]
    results = [shape(t) for t in re.findall(r"tensor<([^>]*)>", m.group(2))]
    return args, results


def driver(name, args, results, dyn):
    setup, call = [], []
    concrete = lambda s: [dyn if d is None else d for d in s]
    static = all(None not in s for s in args + results)
    for i, s in enumerate(args):
        setup.append("float *a%d = filled(%d);" % (i, math.prod(concrete(s))))
    if static:
        for i, s in enumerate(results):
            setup.append("float *r%d = aligned(%d);" %
                         (i, math.prod(s)))
        call.append("if (deconv_%s(%s)) return 1;" % (name, ", ".join(
            ["a%d" % i for i in range(len(args))] +
            ["r%d" % i for i in range(len(results))])))
    else:
        assert len(results) == 1
        for i, s in enumerate(args):
            setup.append("deconv_memref_f32_%dd d%d = deconv_memref_f32_%dd_make"
                         "(a%d, %s);" % (len(s), i, len(s), i, ", ".join(
                             map(str, concrete(s)))))
        setup.append("deconv_memref_f32_%dd r;" % len(results[0]))
        call.append("_mlir_ciface_%s(&r, %s); free(r.allocated);" % (
            name, ", ".join("&d%d" % i for i in range(len(args)))))
    return DRIVER % {"setup": "\n  ".join(setup), "call": " ".join(call),
                     "timing": suite.C_TIMING}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", default=os.path.join(suite.HERE, "..", "build"))
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--calls", type=int, default=10)
    ap.add_argument("--dynamic-size", type=int, default=1)
    ap.add_argument("--out", default="")
    args = ap.parse_args()
    threads = [int(t) for t in args.threads.split(",")]
    examples = os.path.join(suite.HERE, "..", "examples")
    rows = []
    with tempfile.TemporaryDirectory() as work:
        for name in EXAMPLES:
            src = os.path.join(examples, name + ".mlir")
            # The examples leave result shapes to shape inference.
            inferred = suite.run([os.path.join(args.build, "bin", "deconv-opt"),
                                  src, "--deconv-infer-shapes"]).stdout
            sig = signature(inferred, name)
            c = os.path.join(work, "driver.c")
            with open(c, "w") as f:
                f.write(driver(name, *sig, args.dynamic_size))
            for t in threads:
                env = dict(os.environ, OMP_NUM_THREADS=str(t))
                obj = os.path.join(work, "net.o")
                suite.run([os.path.join(args.build, "bin", "deconv-compile"),
                           src, "--threads=%d" % t, "-o", obj,
                           "--header=" + os.path.join(work, "net.h")])
                exe = os.path.join(work, "driver")
                suite.run(["cc", "-O2", "-std=c11", "-I" + work, c, obj, "-lm"]
                          + (["-lomp"] if t > 1 else []) + ["-o", exe])
                jit = [os.path.join(args.build, "bin", "deconv-run"), src,
                       "--random-inputs", "--dynamic-size=%d" %
                       args.dynamic_size, "--benchmark", "--print-times",
                       "--repetitions=%d" % args.calls, "--threads=%d" % t]
                c_ms, jit_ms = [], []
                for _ in range(args.rounds):
                    c_ms.append(float(suite.run([exe, str(args.calls)],
                                                env).stdout))
                    jit_ms.append(statistics.median(
                        suite.times_of(suite.run(jit, env).stdout)))
                row = (name, t, "deconv_%s" % name if None not in sum(
                    sig[0] + sig[1], []) else "_mlir_ciface_%s" % name,
                       statistics.median(c_ms), statistics.median(jit_ms))
                rows.append(row)
                print("%s %dt (%s): C %.3f ms, deconv-run %.3f ms" % row,
                      flush=True)
    lines = [
        "# The example networks called from C against deconv-run",
        "",
        "Produced by `%s` on %s (%s). C: the object of `deconv-compile "
        "--threads=T` called from a C program through the entry point "
        "named (default glibc malloc settings); deconv-run: `deconv-run "
        "--benchmark` of the same file. Medians over %d alternating rounds "
        "of each process's median of %d calls; dynamic dims = %d."
        % (" ".join(["bench/examples_c.py"] +
                    [shlex.quote(a) for a in sys.argv[1:]]),
           datetime.date.today().isoformat(), cpu_name(), args.rounds,
           args.calls, args.dynamic_size),
        "",
        "| network | threads | entry point | C ms | deconv-run ms | C / deconv-run |",
        "| --- | ---: | --- | ---: | ---: | ---: |",
    ]
    for name, t, entry, c, j in rows:
        lines.append("| %s | %d | `%s` | %.3f | %.3f | %.2f |" % (
            name, t, entry, c, j, c / j))
    text = "\n".join(lines) + "\n"
    if args.out:
        with open(args.out, "w") as f:
            f.write(text)
    print(text)


if __name__ == "__main__":
    main()
