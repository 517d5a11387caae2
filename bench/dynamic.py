#!/usr/bin/python3
"""Dynamic dims against their static twins on the rows of bench/suite.csv.

For each row, the layer is compiled with static shapes, with a dynamic batch,
with dynamic spatial lengths (rows whose spatial input lengths are all equal,
since deconv-run --dynamic-size gives every dynamic dim the same size) and
with a dynamic input channel count (the filter stays static). Each dynamic form runs at the row's sizes, alternating
with the static twin for --rounds rounds (deconv-run --benchmark, random
inputs and weights passed at every call, 1 thread); the ratio is the
dynamic form's median time over the static one's.

  bench/dynamic.py [--build BUILD] [--rounds 3] [--rows a,b]
                   [--forms batch,spatial,channels] [--out FILE]
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


def cpu_name():
    """The CPU's model name and core count, as /proc/cpuinfo gives them."""
    try:
        lines = open("/proc/cpuinfo").read().splitlines()
    except OSError:
        return "unknown CPU"
    names = [l.split(":", 1)[1].strip() for l in lines
             if l.startswith("model name")]
    return "%s, %d cores" % (names[0] if names else "unknown CPU", len(names))


def dynamic_form(r, form):
    """The row's layer with a dynamic batch, dynamic spatial lengths, or a
    dynamic input channel count."""
    text = suite.layer_mlir(r)
    x, w, y = suite.shapes(r)
    def dyn(shape, dims):
        s = ["?" if d in dims else n for d, n in enumerate(shape)]
        return "tensor<%sxf32>" % "x".join(str(d) for d in s)
    if form == "channels":
        # Only the input's type: the filter fixes the result's channels.
        old = suite.tensor(x)
        new = dyn(x, {1})
        return text.replace("%%x: %s" % old, "%%x: %s" % new).replace(
            "(%s, " % old, "(%s, " % new)
    dims = {0} if form == "batch" else set(range(2, len(x)))
    for shape in (x, y):
        text = text.replace(suite.tensor(shape), dyn(shape, dims))
    return text


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", default=os.path.join(suite.HERE, "..", "build"))
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--rows", default="")
    ap.add_argument("--forms", default="batch,spatial,channels",
                    help="which dims are dynamic: batch, spatial (square "
                    "inputs only), channels (the input channel count)")
    ap.add_argument("--out", default="")
    args = ap.parse_args()
    rows = suite.load_suite(os.path.join(suite.HERE, "suite.csv"))
    if args.rows:
        rows = [r for r in rows if r["name"] in args.rows.split(",")]
    run = os.path.join(args.build, "bin", "deconv-run")
    work = tempfile.mkdtemp(prefix="deconv-dynamic-")
    env = dict(os.environ, OMP_NUM_THREADS="1")
    lines = ["| row | dynamic dims | static ms | dynamic ms | dynamic / static |",
             "| --- | --- | ---: | ---: | ---: |"]
    ratios = []
    for r in rows:
        static = os.path.join(work, r["name"] + ".mlir")
        open(static, "w").write(suite.layer_mlir(r))
        wanted = args.forms.split(",")
        forms = [("batch", r["N"])]
        if len(set(r["in_spatial"])) == 1:
            forms.append(("spatial", r["in_spatial"][0]))
        forms.append(("channels", r["Cin"]))
        forms = [f for f in forms if f[0] in wanted]
        for form, size in forms:
            dynamic = os.path.join(work, "%s-%s.mlir" % (r["name"], form))
            open(dynamic, "w").write(dynamic_form(r, form))
            common = ["--random-inputs", "--benchmark", "--print-times",
                      "--repetitions=%d" % max(1, math.ceil(10 / args.rounds))]
            ms, md = suite.alternating_medians(
                [[run, static] + common,
                 [run, dynamic, "--dynamic-size=%d" % size] + common],
                args.rounds, env)
            ratios.append(md / ms)
            line = "| %s | %s | %.3f | %.3f | %.2f |" % (r["name"], form, ms,
                                                      md, md / ms)
            print(line, flush=True)
            lines.append(line)
    g = math.exp(statistics.mean(math.log(x) for x in ratios))
    lines += ["", "Geomean dynamic / static: %.3f over %d layers; worst %.2f."
              % (g, len(ratios), max(ratios))]
    header = ["# Dynamic dims against their static twins", "",
              "Produced by `bench/dynamic.py --rounds %d --out %s` on %s "
              "(%s, 1 thread). Each row's layer compiled with static shapes, "
              "with a dynamic batch, and (square inputs) with dynamic spatial "
              "lengths, run at the row's sizes; random inputs and weights "
              "passed at every call; medians of %d alternating rounds."
              % (args.rounds, args.out or "FILE", time.strftime("%Y-%m-%d"),
                 cpu_name(), args.rounds), ""]
    text = "\n".join(header + lines) + "\n"
    print(text)
    if args.out:
        open(args.out, "w").write(text)


if __name__ == "__main__":
    main()
