#!/usr/bin/python3
"""Each element type against f32, and bf16 against oneDNN's bf16, on the
rows of bench/suite.csv (or any other list in its format).

Each row's layer is compiled by deconv-run in f32, f64, f16 and bf16 (input,
filter and result of that type; f16 and bf16 sum in f32 with one rounding at
the output), the filter compiled in as a constant (--constant-input=1, as a
deployed network's weights are). The peer is oneDNN's bf16 primitive
(bench/onednn_peer.cpp with TYPE bf16: bf16 input, weights and output,
format_tag::any, weights reordered outside the timed region). All run
alternately for --rounds rounds on the same inputs (random values that are
exact in bf16), 1 thread (--threads to choose); medians. Reported: f64's FLOP rate as a share of
half f32's (an f64 vector holds half the lanes), f32 / bf16 (above 1: our
bf16 is faster than our f32), bf16 / oneDNN bf16 (below 1: ours is faster).
Every output is checked: f64's and f16's against f32's, bf16's against
oneDNN's (max difference over max |reference| <= 1e-4 for f64, 1e-2 for the
16-bit types, which round f32 sums once, in different orders); a mismatch
fails the run. On a CPU with AVX512_BF16 the bf16 layers whose channels
allow it run on the vdpbf16ps dot product; the other bf16 layers and f16 run
the f32 kernels on f32 copies of their operands.

  bench/element_types.py [--build BUILD] [--rounds 3] [--rows a,b] [--suite CSV]
                         [--threads 1] [--out FILE]
"""
import argparse
import math
import os
import statistics
import sys
import tempfile
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run as suite  # noqa: E402
from dynamic import cpu_name  # noqa: E402


def has_bf16_dot():
    try:
        return " avx512_bf16" in open("/proc/cpuinfo").read()
    except OSError:
        return False


def to_bf16(a):
    """a rounded to the nearest bf16 value (ties to even), as f32."""
    bits = np.asarray(a, np.float32).view(np.uint32).astype(np.uint64)
    bits = (bits + 0x7FFF + ((bits >> 16) & 1)) & 0xFFFF0000
    return bits.astype(np.uint32).view(np.float32)


TYPES = ["f32", "f64", "f16", "bf16"]


def load_output(path):
    """deconv-run's .npy output as f64 (bf16 is <u2 holding bf16 bits)."""
    a = np.load(path)
    if a.dtype == np.uint16:
        a = (a.astype(np.uint32) << 16).view(np.float32)
    return a.astype(np.float64)


def geomean(v):
    return math.exp(statistics.mean(math.log(x) for x in v))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", default=os.path.join(suite.HERE, "..", "build"))
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--rows", default="")
    ap.add_argument("--suite", default=os.path.join(suite.HERE, "suite.csv"))
    ap.add_argument("--out", default="")
    args = ap.parse_args()
    rows = suite.load_suite(args.suite)
    if args.rows:
        rows = [r for r in rows if r["name"] in args.rows.split(",")]
    run = os.path.join(args.build, "bin", "deconv-run")
    work = tempfile.mkdtemp(prefix="deconv-types-")
    onednn = suite.build_peers(work)["oneDNN"]
    env = dict(os.environ, OMP_NUM_THREADS=str(args.threads))
    rng = np.random.default_rng(20261207)
    lines = ["| row | f32 ms | f64 ms | f64 / half f32 rate | f16 ms | "
             "bf16 ms | bf16 GFLOP/s | oneDNN bf16 ms | f32 / bf16 | "
             "bf16 / oneDNN bf16 | oneDNN's kernel |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | "
             "---: | --- |"]
    f64_shares = []
    speedups, vs_peer, bad = [], [], []
    per_round = max(1, math.ceil(10 / args.rounds))
    for r in rows:
        d = os.path.join(work, r["name"])
        os.makedirs(d)
        xs, ws, _ = suite.shapes(r)
        fan_in = ws[1] * math.prod(r["kernel"])
        x = to_bf16(rng.uniform(-1, 1, xs))
        w = to_bf16(rng.uniform(-1, 1, ws) / math.sqrt(fan_in))
        np.save(os.path.join(d, "x.npy"), x)
        np.save(os.path.join(d, "w.npy"), w)
        text = suite.layer_mlir(r)
        ours = ["--input=" + os.path.join(d, "x.npy"),
                "--input=" + os.path.join(d, "w.npy"), "--constant-input=1",
                "--convert-inputs", "--benchmark", "--print-times",
                "--threads=%d" % args.threads,
                "--repetitions=%d" % per_round]
        cmds = []
        for t in TYPES:
            mlir = os.path.join(d, t + ".mlir")
            open(mlir, "w").write(text.replace("xf32>", "x%s>" % t))
            cmds.append([run, mlir, "--output=" + os.path.join(d, t + ".npy")]
                        + ours)
        peer = [onednn, r["kind"], str(r["N"]), str(r["Cin"]), str(r["Cout"]),
                str(r["groups"])] + [
                    "x".join(str(v) for v in r[k]) for k in
                    ("in_spatial", "kernel", "stride", "pad", "out_pad",
                     "dilation")] + [
                    os.path.join(d, "x.npy"), os.path.join(d, "w.npy"),
                    os.path.join(d, "onednn.npy"), str(per_round), "0.5",
                    "bf16"]
        medians = suite.alternating_medians(cmds + [peer], args.rounds, env)
        ms = dict(zip(TYPES + ["oneDNN"], medians))
        impl = suite.run(peer, env).stderr.split("implementation: ")[-1].strip()
        out = {t: load_output(os.path.join(d, t + ".npy")) for t in TYPES}
        out["oneDNN"] = np.load(os.path.join(d, "onednn.npy"))
        for t, ref, tol in (("f64", "f32", 1e-4), ("f16", "f32", 1e-2),
                            ("bf16", "oneDNN", 1e-2)):
            err = suite.rel_err(out[t], out[ref])
            if not err <= tol:
                bad.append("%s %s (%.2e against %s)" % (r["name"], t, err, ref))
        flops = suite.useful_flops(r)
        m32, m16, mpeer = ms["f32"], ms["bf16"], ms["oneDNN"]
        speedups.append(m32 / m16)
        vs_peer.append(m16 / mpeer)
        f64_shares.append(2 * m32 / ms["f64"])
        line = ("| %s | %.3f | %.3f | %.0f %% | %.3f | %.3f | %.1f | %.3f | "
                "%.2f | %.2f | %s |" % (
                    r["name"], m32, ms["f64"], 100 * f64_shares[-1], ms["f16"],
                    m16, flops / m16 / 1e6, mpeer, m32 / m16, m16 / mpeer,
                    impl))
        print(line, flush=True)
        lines.append(line)
    lines += ["", "Geomeans over %d layers: f64 / half f32 rate %.0f %%, "
              "f32 / bf16 %.3f, bf16 / oneDNN bf16 %.3f." % (
                  len(rows), 100 * geomean(f64_shares), geomean(speedups),
                  geomean(vs_peer))]
    header = ["# Element types against f32, bf16 against oneDNN", "",
              "Produced by `bench/element_types.py --rounds %d%s%s%s --out %s` "
              "on %s "
              "(%s, %s, %d thread(s)). Each layer compiled in f32, f64, f16 and "
              "bf16 (input, filter and result of the type; f16 and bf16 sum "
              "in f32), the filter compiled in; oneDNN's bf16 primitive on the "
              "same inputs (values exact in bf16), its weights reordered "
              "outside the timed region; f64 and f16 outputs checked against "
              "f32's, bf16's against oneDNN's; medians of %d alternating "
              "rounds."
              % (args.rounds, " --rows " + args.rows if args.rows else "",
                 " --suite " + os.path.basename(args.suite)
                 if args.suite != os.path.join(suite.HERE, "suite.csv") else "",
                 " --threads %d" % args.threads if args.threads != 1 else "",
                 args.out or "FILE", time.strftime("%Y-%m-%d"), cpu_name(),
                 "AVX512_BF16" if has_bf16_dot() else "no AVX512_BF16",
                 args.threads, args.rounds), ""]
    out = "\n".join(header + lines) + "\n"
    print(out)
    if args.out:
        open(args.out, "w").write(out)
    if bad:
        sys.exit("bench: outputs differ: " + ", ".join(bad))


if __name__ == "__main__":
    main()
