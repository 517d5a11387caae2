#!/usr/bin/python3
"""A/B of two deconv-opt builds on every row of bench/suite.csv.

For each row and thread count, build A's and build B's deconv-run --benchmark
run on the same inputs (weights compiled in, as bench/run.py does),
alternating A and B for --rounds rounds so that the host's drift hits both;
the times of all rounds are pooled and the medians compared (ratio B / A,
below 1 means B is faster). Outputs of A and B must agree.

  bench/ab.py --a OLD_BUILD --b NEW_BUILD [--threads 1] [--rounds 3]
              [--rows a,b] [--suite bench/suite.csv] [--vector-width 8]
              [--bias] [--mlir net.mlir,...] [--out bench/ab.md]

--bias gives every row a bias (random, passed at every call).

--mlir times whole functions instead of the suite's rows (the examples'
networks, say), on random inputs (--random-inputs --seed=1, dynamic dims
of size 2), weights passed at every call.
"""
import argparse
import math
import os
import statistics
import sys
import tempfile

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run as suite  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--a", required=True)
    ap.add_argument("--b", required=True)
    ap.add_argument("--threads", default="1")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--rows", default="")
    ap.add_argument("--suite", default=os.path.join(suite.HERE, "suite.csv"),
                    help="a CSV of layers in suite.csv's format")
    ap.add_argument("--vector-width", type=int, default=0,
                    help="deconv-run's --vector-width (default: the host's)")
    ap.add_argument("--bias", action="store_true",
                    help="give every suite row a bias argument")
    ap.add_argument("--mlir", default="",
                    help="comma-separated MLIR files to time instead")
    ap.add_argument("--out", default="")
    args = ap.parse_args()
    if args.mlir:
        rows = [{"name": os.path.splitext(os.path.basename(f))[0], "file": f}
                for f in args.mlir.split(",")]
    else:
        rows = suite.load_suite(args.suite)
    if args.rows:
        rows = [r for r in rows if r["name"] in args.rows.split(",")]
    threads = [int(t) for t in args.threads.split(",")]
    per_round = max(1, math.ceil(10 / args.rounds))
    rng = np.random.default_rng(20261205)
    work = tempfile.mkdtemp(prefix="deconv-ab-")
    lines = ["| row | threads | A ms | B ms | B / A | rounds' B / A |",
             "| --- | ---: | ---: | ---: | ---: | ---: |"]
    ratios = {t: [] for t in threads}
    for r in rows:
        d = os.path.join(work, r["name"])
        os.makedirs(d)
        if "file" in r:
            mlir = r["file"]
            inputs = ["--random-inputs", "--seed=1", "--dynamic-size=2"]
        else:
            xs, ws, _ = suite.shapes(r)
            np.save(os.path.join(d, "x.npy"),
                    rng.uniform(-1, 1, xs).astype(np.float32))
            np.save(os.path.join(d, "w.npy"),
                    rng.uniform(-1, 1, ws).astype(np.float32) /
                    math.sqrt(ws[1] * math.prod(r["kernel"])))
            mlir = os.path.join(d, "layer.mlir")
            open(mlir, "w").write(suite.layer_mlir(r, args.bias))
            inputs = ["--input=" + os.path.join(d, "x.npy"),
                      "--input=" + os.path.join(d, "w.npy"),
                      "--constant-input=1"]
            if args.bias:
                np.save(os.path.join(d, "bias.npy"),
                        rng.uniform(-1, 1, [suite.shapes(r)[2][1]]).astype(
                            np.float32))
                inputs.append("--input=" + os.path.join(d, "bias.npy"))

        def cmd(build, tag, t):
            return [os.path.join(build, "bin", "deconv-run"), mlir] + inputs + [
                    "--output=" + os.path.join(d, tag + ".npy"),
                    "--benchmark", "--print-times",
                    "--repetitions=%d" % per_round, "--threads=%d" % t] + (
                        ["--vector-width=%d" % args.vector_width]
                        if args.vector_width else [])
        for t in threads:
            env = dict(os.environ, OMP_NUM_THREADS=str(t))
            ta, tb, rr = [], [], []
            for _ in range(args.rounds):
                a = suite.times_of(suite.run(cmd(args.a, "a", t), env).stdout)
                b = suite.times_of(suite.run(cmd(args.b, "b", t), env).stdout)
                ta += a
                tb += b
                rr.append(statistics.median(b) / statistics.median(a))
            ya = np.load(os.path.join(d, "a.npy"))
            yb = np.load(os.path.join(d, "b.npy"))
            scale = float(np.abs(ya).max()) or 1.0
            if ya.shape != yb.shape or \
                    float(np.abs(ya - yb).max()) > 1e-4 * scale:
                sys.exit("ab: %s: A and B disagree" % r["name"])
            ma, mb = statistics.median(ta), statistics.median(tb)
            ratios[t].append(mb / ma)
            line = "| %s | %d | %.3f | %.3f | %.2f | %.2f-%.2f |" % (
                r["name"], t, ma, mb, mb / ma, min(rr), max(rr))
            print(line, flush=True)
            lines.append(line)
    for t in threads:
        g = math.exp(statistics.mean(math.log(x) for x in ratios[t]))
        lines.append("")
        lines.append("Geomean B / A at %d thread(s): %.3f over %d rows; "
                     "worst %.2f." % (t, g, len(ratios[t]), max(ratios[t])))
    text = "\n".join(lines) + "\n"
    print(text)
    if args.out:
        open(args.out, "w").write(text)


if __name__ == "__main__":
    main()
