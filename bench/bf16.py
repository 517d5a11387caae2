#!/usr/bin/python3
"""bf16 against f32 on the rows of bench/suite.csv (and any other list).

Each row's layer is compiled twice by deconv-run: in f32, and with bf16
input, filter and result (sums in f32, one rounding at the output), the
filter compiled in as a constant (--constant-input=1, as a deployed
network's weights are) in both. The two run alternately for --rounds rounds
(deconv-run --benchmark, random inputs, 1 thread); the ratio is f32's median
time over bf16's (above 1: bf16 is faster). On a CPU with AVX512_BF16 the
bf16 layers whose channels allow it run on the vdpbf16ps dot product; the
others run the f32 kernels on f32 copies of their operands.

  bench/bf16.py [--build BUILD] [--rounds 3] [--rows a,b] [--suite CSV]
                [--out FILE]
"""
import argparse
import math
import os
import statistics
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run as suite  # noqa: E402
from dynamic import cpu_name  # noqa: E402


def has_bf16_dot():
    try:
        return " avx512_bf16" in open("/proc/cpuinfo").read()
    except OSError:
        return False


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", default=os.path.join(suite.HERE, "..", "build"))
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--rows", default="")
    ap.add_argument("--suite", default=os.path.join(suite.HERE, "suite.csv"))
    ap.add_argument("--out", default="")
    args = ap.parse_args()
    rows = suite.load_suite(args.suite)
    if args.rows:
        rows = [r for r in rows if r["name"] in args.rows.split(",")]
    run = os.path.join(args.build, "bin", "deconv-run")
    work = tempfile.mkdtemp(prefix="deconv-bf16-")
    env = dict(os.environ, OMP_NUM_THREADS="1")
    lines = ["| row | f32 ms | f32 GFLOP/s | bf16 ms | bf16 GFLOP/s | "
             "f32 / bf16 |", "| --- | ---: | ---: | ---: | ---: | ---: |"]
    ratios = []
    for r in rows:
        f32 = os.path.join(work, r["name"] + ".mlir")
        text = suite.layer_mlir(r)
        open(f32, "w").write(text)
        bf16 = os.path.join(work, r["name"] + "-bf16.mlir")
        open(bf16, "w").write(text.replace("xf32>", "xbf16>"))
        common = ["--random-inputs", "--constant-input=1", "--benchmark",
                  "--print-times",
                  "--repetitions=%d" % max(1, math.ceil(10 / args.rounds))]
        m32, m16 = suite.alternating_medians(
            [[run, f32] + common, [run, bf16] + common], args.rounds, env)
        flops = suite.useful_flops(r)
        ratios.append(m32 / m16)
        line = "| %s | %.3f | %.1f | %.3f | %.1f | %.2f |" % (
            r["name"], m32, flops / m32 / 1e6, m16, flops / m16 / 1e6,
            m32 / m16)
        print(line, flush=True)
        lines.append(line)
    g = math.exp(statistics.mean(math.log(x) for x in ratios))
    lines += ["", "Geomean f32 / bf16: %.3f over %d layers." % (g, len(ratios))]
    header = ["# bf16 against f32", "",
              "Produced by `bench/bf16.py --rounds %d%s%s --out %s` on %s "
              "(%s, %s, 1 thread). Each layer compiled in f32 and in bf16 "
              "(bf16 input, filter and result, f32 sums), the filter compiled "
              "in; random inputs; medians of %d alternating rounds."
              % (args.rounds, " --rows " + args.rows if args.rows else "",
                 " --suite " + os.path.basename(args.suite)
                 if args.suite != os.path.join(suite.HERE, "suite.csv") else "",
                 args.out or "FILE", time.strftime("%Y-%m-%d"), cpu_name(),
                 "AVX512_BF16" if has_bf16_dot() else "no AVX512_BF16",
                 args.rounds), ""]
    out = "\n".join(header + lines) + "\n"
    print(out)
    if args.out:
        open(args.out, "w").write(out)


if __name__ == "__main__":
    main()
