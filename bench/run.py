#!/usr/bin/python3
"""deconv-opt against oneDNN and XNNPACK on every row of bench/suite.csv.

For each row and thread count, the two peers (onednn_peer.cpp on Debian's
libdnnl-dev, xnnpack_peer.cpp on libxnnpack-dev; XNNPACK has no 3-D
operators, so 3-D rows have oneDNN alone) and deconv-opt's generated code
run on the same .npy inputs. Ours is timed as a user deploys it: the row
compiled by deconv-compile (--threads=T) to an object, called from a C++
program (compiled_peer.cpp) through the header's deconv_<f>, which writes
into the caller's array; and, for comparison, through deconv-run
--benchmark (the same pipeline, JIT-compiled, writing into result
buffers kept across calls as deconv_<f> does). The four alternate for
--rounds rounds so that drift hits all of them; each round is a warm-up
call and then at least 10/rounds calls and 0.5 s. The times of all rounds are pooled and their
median reported; the lowest and highest ratio to the faster peer of single
rounds are reported too (how far the host's drift moved it within the run).
Every output must agree with ours (|ours - peer| <= 1e-4 * max|peer|, and
deconv-run's with the compiled object's): a mismatch makes the run exit 1,
after the report is written.
The FMA peak of this machine is measured with fma_peak.c. Writes
bench/results.md and bench/ratios.png (gnuplot; another --out gets
<name>-ratios.png beside it).

  bench/run.py [--build BUILD] [--threads 1,2] [--rounds 3] [--rows a,b]
               [--suite bench/suite.csv] [--strategies] [--runtime-weights]
               [--out bench/results.md]

--suite takes another list of layers in suite.csv's format (to check that
a layer outside the suite runs as fast as its kind in it).

By default our weights are compiled in as constants (--constant-input=1):
the filter packing is then done at compile time, as the peers' weight
packing is done outside their timed regions. --runtime-weights passes them
at every call instead (deconv-run only: the C program then is not built).

--strategies also times every conv_transpose strategy at 1 thread and says
how far the automatic choice is from the best one.
"""
import argparse
import csv
import datetime
import math
import os
import platform
import re
import shlex
import statistics
import subprocess
import sys
import tempfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
STRATEGIES = ["zero-insertion", "subpixel", "loops"]


def dims(s):
    return [int(v) for v in s.split("x")]


def load_suite(path):
    with open(path) as f:
        lines = [l for l in f if not l.startswith("#")]
    rows = []
    for r in csv.DictReader(lines):
        r["N"], r["Cin"], r["Cout"], r["groups"] = (
            int(r["N"]), int(r["Cin"]), int(r["Cout"]), int(r["groups"]))
        for key in ("in_spatial", "kernel", "stride", "pad", "out_pad",
                    "dilation"):
            r[key] = dims(r[key])
        rows.append(r)
    return rows


def out_spatial(r):
    out = []
    for i, k, s, p, op, d in zip(r["in_spatial"], r["kernel"], r["stride"],
                                 r["pad"], r["out_pad"], r["dilation"]):
        if r["kind"] == "convT":
            out.append((i - 1) * s - 2 * p + d * (k - 1) + op + 1)
        else:
            out.append((i + 2 * p - d * (k - 1) - 1) // s + 1)
    return out


def useful_flops(r):
    k = math.prod(r["kernel"])
    if r["kind"] == "convT":
        return (2 * r["N"] * r["Cin"] * math.prod(r["in_spatial"]) *
                (r["Cout"] // r["groups"]) * k)
    return (2 * r["N"] * r["Cout"] * math.prod(out_spatial(r)) *
            (r["Cin"] // r["groups"]) * k)


def shapes(r):
    x = [r["N"], r["Cin"]] + r["in_spatial"]
    if r["kind"] == "convT":
        w = [r["Cin"], r["Cout"] // r["groups"]] + r["kernel"]
    else:
        w = [r["Cout"], r["Cin"] // r["groups"]] + r["kernel"]
    y = [r["N"], r["Cout"]] + out_spatial(r)
    return x, w, y


def tensor(shape):
    return "tensor<%sxf32>" % "x".join(str(d) for d in shape)


def layer_mlir(r, bias=False):
    """The row as a function of (x, w), or of (x, w, b) with `bias`."""
    x, w, y = shapes(r)
    k = len(r["kernel"])
    arr = lambda v: "[" + ", ".join(str(i) for i in v) + "]"
    op = "deconv.conv_transpose" if r["kind"] == "convT" else "deconv.conv"
    attrs = "strides = %s dilations = %s padding = %s" % (
        arr(r["stride"]), arr(r["dilation"]), arr(r["pad"] * 2))
    if r["kind"] == "convT":
        attrs += " output_padding = %s" % arr(r["out_pad"])
    attrs += " groups = %d" % r["groups"]
    assert len(r["pad"] * 2) == 2 * k
    b = "tensor<%dxf32>" % y[1]
    args = "%%x: %s, %%w: %s" % (tensor(x), tensor(w)) + (
        ", %%b: %s" % b if bias else "")
    operands = "%x, %w" + (", %b" if bias else "")
    types = "%s, %s" % (tensor(x), tensor(w)) + (", " + b if bias else "")
    return ("func.func @%s(%s) -> %s {\n"
            "  %%y = %s %s %s : (%s) -> %s\n"
            "  return %%y : %s\n}\n" % (
                r["name"], args, tensor(y), op, operands, attrs, types,
                tensor(y), tensor(y)))


def run(cmd, env=None, check=True):
    p = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if p.returncode != 0 and check:
        sys.exit("bench: %s failed:\n%s%s" % (" ".join(cmd), p.stdout,
                                                p.stderr))
    return p


def times_of(text):
    m = re.search(r"times_ms=(\S+)", text)
    return [float(t) for t in m.group(1).split(",")]


def alternating_medians(commands, rounds, env=None):
    """Runs the deconv-run commands (--benchmark --print-times) in turn for
    `rounds` rounds; the median of each command's times."""
    times = [[] for _ in commands]
    for _ in range(rounds):
        for t, cmd in zip(times, commands):
            t += times_of(run(cmd, env).stdout)
    return [statistics.median(t) for t in times]


PEERS = ["oneDNN", "XNNPACK"]

# The clock and the sort comparison of the generated C timing programs
# (c_wrapper.py, examples_c.py); they include <time.h> with
# _POSIX_C_SOURCE >= 199309L.
C_TIMING = r"""static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + 1e-9 * t.tv_nsec;
}
static int cmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}
"""


def build_peers(work):
    """Compiles the peers; returns {name: binary}."""
    inc = "-I" + os.path.join(HERE, "..", "examples", "c")
    bins = {}
    for name, src, libs in (("oneDNN", "onednn_peer.cpp", ["-ldnnl"]),
                            ("XNNPACK", "xnnpack_peer.cpp",
                             ["-lXNNPACK", "-lpthreadpool"])):
        bins[name] = os.path.join(work, src[:-4])
        run(["g++", "-O2", "-std=c++17", inc, os.path.join(HERE, src)] +
            libs + ["-o", bins[name]])
    return bins


def build_compiled(build, r, d, t):
    """deconv-compile's object of the row (weights compiled in, --threads=t)
    linked with compiled_peer.cpp; returns the program."""
    base = os.path.join(d, "compiled_%dt" % t)
    run([os.path.join(build, "bin", "deconv-compile"),
         os.path.join(d, "layer.mlir"), "--constant-input=1",
         "--input=" + os.path.join(d, "w.npy"), "--threads=%d" % t,
         "-o", base + ".o", "--header=" + base + ".h"])
    run(["g++", "-O2", "-std=c++17",
         "-I" + os.path.join(HERE, "..", "examples", "c"),
         "-include", base + ".h", "-DDECONV_LAYER=deconv_" + r["name"],
         os.path.join(HERE, "compiled_peer.cpp"), base + ".o"] +
        (["-lomp"] if t > 1 else []) + ["-o", base])
    return base


def rel_err(ours, ref):
    """max |ours - ref| / max |ref| (inf when the shapes differ)."""
    if ours.shape != ref.shape:
        return math.inf
    scale = float(np.abs(ref).max()) or 1.0
    return float(np.abs(ours - ref).max()) / scale


def peer_supports(name, r):
    return name != "XNNPACK" or len(r["kernel"]) < 3


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", default=os.path.join(HERE, "..", "build"))
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--rows", default="")
    ap.add_argument("--suite", default=os.path.join(HERE, "suite.csv"),
                    help="a CSV of layers in suite.csv's format")
    ap.add_argument("--strategies", action="store_true")
    ap.add_argument("--runtime-weights", action="store_true")
    ap.add_argument("--out", default=os.path.join(HERE, "results.md"))
    args = ap.parse_args()
    threads = [int(t) for t in args.threads.split(",")]
    deconv_run = os.path.join(args.build, "bin", "deconv-run")
    deconv_opt = os.path.join(args.build, "bin", "deconv-opt")
    work = tempfile.mkdtemp(prefix="deconv-bench-")

    peer_bins = build_peers(work)
    fma = os.path.join(work, "fma_peak")
    run(["cc", "-O2", "-march=native", "-fopenmp",
         os.path.join(HERE, "fma_peak.c"), "-o", fma])
    peak = float(re.search(r"gflops_per_core=(\S+)",
                           run([fma, "1"]).stdout).group(1))
    print("FMA peak: %.1f GFLOP/s per core" % peak, flush=True)

    rows = load_suite(args.suite)
    if args.rows:
        wanted = args.rows.split(",")
        rows = [r for r in rows if r["name"] in wanted]
    per_round = max(1, math.ceil(10 / args.rounds))
    rng = np.random.default_rng(20261125)
    results = []
    for r in rows:
        d = os.path.join(work, r["name"])
        os.makedirs(d)
        xs, ws, ys = shapes(r)
        x = rng.uniform(-1, 1, xs).astype(np.float32)
        fan_in = ws[1] * math.prod(r["kernel"])
        w = rng.uniform(-1, 1, ws).astype(np.float32) / math.sqrt(fan_in)
        np.save(os.path.join(d, "x.npy"), x)
        np.save(os.path.join(d, "w.npy"), w)
        mlir = os.path.join(d, "layer.mlir")
        open(mlir, "w").write(layer_mlir(r))
        strategy = ""
        if r["kind"] == "convT":
            p = run([deconv_opt, mlir,
                     "--deconv-select-strategy=print-decisions"])
            m = re.search(r"lowered by (\S+?)[:;, ]", p.stderr) or \
                re.search(r"strategy[: ]+'?([a-z-]+)", p.stderr)
            strategy = m.group(1) if m else "?"
        flops = useful_flops(r)
        row_args = [r["kind"], str(r["N"]), str(r["Cin"]), str(r["Cout"]),
                    str(r["groups"])] + [
                        "x".join(str(v) for v in r[k]) for k in
                        ("in_spatial", "kernel", "stride", "pad", "out_pad",
                         "dilation")] + [
                        os.path.join(d, "x.npy"), os.path.join(d, "w.npy")]
        peers = [n for n in PEERS if peer_supports(n, r)]
        peer_cmds = {n: [peer_bins[n]] + row_args + [
            os.path.join(d, n + ".npy"), str(per_round), "0.5"]
            for n in peers}
        jit_npy = os.path.join(d, "ours_jit.npy")
        jit_cmd = [deconv_run, mlir, "--input=" + os.path.join(d, "x.npy"),
                   "--input=" + os.path.join(d, "w.npy"),
                   "--output=" + jit_npy, "--benchmark",
                   "--print-times", "--repetitions=%d" % per_round]
        if not args.runtime_weights:
            jit_cmd.append("--constant-input=1")
        for t in threads:
            env = dict(os.environ, OMP_NUM_THREADS=str(t))
            c_cmd = None
            if not args.runtime_weights:
                c_cmd = [build_compiled(args.build, r, d, t)] + row_args + [
                    os.path.join(d, "ours.npy"), str(per_round), "0.5"]
            peer_times = {n: [] for n in peers}
            impl = {}
            our_times, jit_times, round_ratios = [], [], []
            for _ in range(args.rounds):
                best_round = math.inf
                for n in peers:
                    p = run(peer_cmds[n], env)
                    pt = times_of(p.stdout)
                    impl[n] = re.search(r"implementation: (\S+)",
                                        p.stderr).group(1)
                    peer_times[n] += pt
                    best_round = min(best_round, statistics.median(pt))
                jt = times_of(run(jit_cmd + ["--threads=%d" % t], env).stdout)
                jit_times += jt
                ot = times_of(run(c_cmd, env).stdout) if c_cmd else jt
                our_times += ot
                # Each round's own ratio: how far the host's drift moves it.
                round_ratios.append(statistics.median(ot) / best_round)
            ours = np.load(os.path.join(d, "ours.npy") if c_cmd else jit_npy)
            errs = {}
            for n in peers:
                b = np.load(os.path.join(d, n + ".npy"))
                errs[n] = rel_err(ours, b)
            if c_cmd:
                errs["deconv-run"] = rel_err(np.load(jit_npy), ours)
            ok = all(e <= 1e-4 for e in errs.values())
            peer_ms = {n: statistics.median(peer_times[n]) for n in peers}
            best = min(peer_ms, key=peer_ms.get)
            om = statistics.median(our_times)
            res = dict(name=r["name"], kind=r["kind"], threads=t,
                       gflop=flops / 1e9, peer_ms=peer_ms, best=best,
                       ours_ms=om, jit_ms=statistics.median(jit_times),
                       ours_gflops=flops / (om * 1e6),
                       peak_pct=100 * flops / (om * 1e6) / (peak * t),
                       ratio=om / peer_ms[best],
                       ratios={n: om / peer_ms[n] for n in peers},
                       ok=ok, errs=errs,
                       ratio_range=(min(round_ratios), max(round_ratios)),
                       impl=impl, strategy=strategy)
            results.append(res)
            print("%-14s %dt  %s  ours %9.3f ms  ours/best %6.2f  %s" % (
                r["name"], t, "  ".join(
                    "%s %9.3f ms" % (n, peer_ms[n]) for n in peers), om,
                res["ratio"], "match" if ok else "MISMATCH " + ", ".join(
                    "%s %.2e" % (n, e) for n, e in errs.items())),
                flush=True)
        if args.strategies and r["kind"] == "convT":
            best = {}
            for s in STRATEGIES:
                # A strategy beyond its limits (e.g. more than 64 sub-pixel
                # phases) refuses the layer: recorded as not available.
                p = run(jit_cmd + ["--strategy=" + s, "--threads=1"],
                        check=False)
                if p.returncode == 0:
                    best[s] = statistics.median(times_of(p.stdout))
            for res in results:
                if res["name"] == r["name"]:
                    res["by_strategy"] = best
            print("  strategies at 1 thread: " + ", ".join(
                "%s %.3f ms" % (k, best[k]) if k in best else "%s n/a" % k
                for k in STRATEGIES), flush=True)

    write_report(args, results, peak, work)
    bad = [r for r in results if not r["ok"]]
    if bad:
        sys.exit("bench: outputs differ from a peer on %s" % ", ".join(
            "%s (%dt)" % (r["name"], r["threads"]) for r in bad))


def geomean(v):
    return math.exp(sum(math.log(x) for x in v) / len(v)) if v else float("nan")


def fmt_ms(r, n):
    return "%.3f" % r["peer_ms"][n] if n in r["peer_ms"] else "n/a"


def fmt_ratio(r, n):
    return "%.2f" % r["ratios"][n] if n in r["ratios"] else "n/a"


def summary(rs, key):
    """Geomean and worst of the ratio key(r) by kind, for the rows that have it."""
    parts = []
    for kind in ("convT", "conv"):
        v = [key(r) for r in rs if r["kind"] == kind and key(r) is not None]
        if v:
            worst = max(rs, key=lambda r: key(r) if r["kind"] == kind and
                        key(r) is not None else -1)
            parts.append("%s rows: geomean %.2f, worst %.2f (%s), %d of %d "
                         "above 1.0" % (kind, geomean(v), max(v),
                                        worst["name"],
                                        sum(1 for x in v if x > 1.0), len(v)))
    return "; ".join(parts)


def write_report(args, results, peak, work):
    cpu = ""
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    threads = sorted({r["threads"] for r in results})
    out = []
    out.append("# deconv-opt vs oneDNN and XNNPACK on %s\n" % os.path.relpath(
        os.path.abspath(args.suite), os.path.join(HERE, "..")))
    out.append("Produced by `%s` on %s (%s, %d cores; oneDNN from Debian's "
               "libdnnl-dev, XNNPACK from libxnnpack-dev).\n" % (
                   " ".join(["bench/run.py"] +
                            [shlex.quote(a) for a in sys.argv[1:]]),
                   datetime.date.today().isoformat(),
                   cpu or platform.machine(), os.cpu_count()))
    out.append("Measured FMA peak (bench/fma_peak.c): **%.1f GFLOP/s per core**."
               " Times are medians of all timed calls of %d alternating rounds"
               " (oneDNN, XNNPACK, deconv-run, ours) per row. Ours: the"
               " object deconv-compile made of the row, called from C++"
               " (bench/compiled_peer.cpp) through `deconv_<f>`, which writes"
               " into the caller's array; deconv-run: the same pipeline"
               " through `deconv-run --benchmark`'s JIT (into result buffers"
               " kept across calls). ours/best = our time / the"
               " faster peer's (lower is better); rounds' ratios = the lowest"
               " and highest ours/best of one round's own medians (the host's"
               " drift between rounds); %% peak = our GFLOP/s / (peak x"
               " threads). GFLOP are useful FLOPs as the suite defines them."
               " XNNPACK has no 3-D operators (n/a); its 1-D rows run as"
               " height 1.\n" % (peak, args.rounds))
    if args.runtime_weights:
        out.append("Weights are run-time arguments of our compiled function: "
                   "every call packs them for the micro-kernels, while "
                   "the peers pack their weights outside the timed region.\n")
    else:
        out.append("Weights are compiled in as constants (deconv-run "
                   "--constant-input=1, as a deployed network's are), so our "
                   "filter packing happens at compile time, as the peers' "
                   "weight packing (oneDNN's reorder to format_tag::any, "
                   "XNNPACK's at operator creation) happens outside their "
                   "timed regions. The peers' NCHW <-> blocked/NHWC transposes "
                   "of input and output are outside their timed regions too; "
                   "ours take NCHW and return NCHW inside it. "
                   "`--runtime-weights` times weights passed at every call.\n")
    for t in threads:
        rs = [r for r in results if r["threads"] == t]
        out.append("\n## %d thread%s\n" % (t, "" if t == 1 else "s"))
        out.append("| row | kind | GFLOP | oneDNN ms | oneDNN impl | "
                   "XNNPACK ms | ours ms | deconv-run ms | ours/deconv-run | "
                   "ours GFLOP/s | % peak | ours/oneDNN"
                   " | ours/XNNPACK | ours/best | rounds' ratios | strategy |"
                   " output |")
        out.append("| --- | --- | ---: | ---: | --- | ---: | ---: | ---: | "
                   "---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |")
        for r in rs:
            out.append("| %s | %s | %.3f | %s | %s | %s | %.3f | %.3f | %.2f |"
                       " %.1f | %.1f"
                       " | %s | %s | **%.2f** | %.2f-%.2f | %s | %s |" % (
                           r["name"], r["kind"], r["gflop"],
                           fmt_ms(r, "oneDNN"), r["impl"].get("oneDNN", "-"),
                           fmt_ms(r, "XNNPACK"), r["ours_ms"], r["jit_ms"],
                           r["ours_ms"] / r["jit_ms"],
                           r["ours_gflops"], r["peak_pct"],
                           fmt_ratio(r, "oneDNN"), fmt_ratio(r, "XNNPACK"),
                           r["ratio"], r["ratio_range"][0],
                           r["ratio_range"][1], r["strategy"] or "-",
                           "match" if r["ok"] else "MISMATCH (%s)" % ", ".join(
                               "%s %.1e" % (n, e)
                               for n, e in r["errs"].items())))
        out.append("\nAgainst the faster peer: %s.\n" %
                   summary(rs, lambda r: r["ratio"]))
        out.append("Against oneDNN: %s.\n" %
                   summary(rs, lambda r: r["ratios"].get("oneDNN")))
        out.append("Against XNNPACK: %s.\n" %
                   summary(rs, lambda r: r["ratios"].get("XNNPACK")))
        out.append("The compiled object against deconv-run: %s.\n" %
                   summary(rs, lambda r: r["ours_ms"] / r["jit_ms"]))
    by = [r for r in results if "by_strategy" in r and r["threads"] == threads[0]]
    if by:
        out.append("\n## Strategy choice (1 thread)\n")
        out.append("| row | auto picks | zero-insertion ms | subpixel ms | "
                   "loops ms | best | picked / best |")
        out.append("| --- | --- | ---: | ---: | ---: | --- | ---: |")
        for r in by:
            b = r["by_strategy"]
            best = min(b, key=b.get)
            picked = b.get(r["strategy"], float("nan"))
            cell = lambda k: "%.3f" % b[k] if k in b else "n/a (limit)"
            out.append("| %s | %s | %s | %s | %s | %s | %.2f |" % (
                r["name"], r["strategy"], cell("zero-insertion"),
                cell("subpixel"), cell("loops"), best, picked / b[best]))
    # results.md's plot is ratios.png; another report's is <stem>-ratios.png,
    # so that it does not overwrite the suite's.
    stem = os.path.splitext(os.path.basename(args.out))[0]
    png_name = "ratios.png" if stem == "results" else stem + "-ratios.png"
    out.append("\n![ours / the faster peer](%s)\n" % png_name)
    open(args.out, "w").write("\n".join(out) + "\n")

    png = os.path.join(os.path.dirname(args.out), png_name)
    plot_ratios(results, threads, png, work)
    print("bench: wrote %s and %s" % (args.out, png))


def plot_ratios(results, threads, png, work):
    """Bar chart of ours / the faster peer per row and thread count."""
    dat = os.path.join(work, "ratios.dat")
    names = [r["name"] for r in results if r["threads"] == threads[0]]
    with open(dat, "w") as f:
        for n in names:
            f.write(n + " " + " ".join(
                "%.4f" % r["ratio"] for t in threads for r in results
                if r["name"] == n and r["threads"] == t) + "\n")
    # noenhanced: row names are printed as written (no '_' subscripts).
    plot = ["set terminal pngcairo size 1200,500 noenhanced",
            "set output '%s'" % png,
            "set style data histograms", "set style fill solid 0.8",
            "set logscale y",
            "set ylabel 'ours / the faster peer (lower is better)'",
            "set xtics rotate by -45", "set grid ytics",
            "set arrow from graph 0, first 1 to graph 1, first 1 nohead",
            "plot " + ", ".join(
                "'%s' using %d:xtic(1) title '%d thread%s'" % (
                    dat, i + 2, t, "" if t == 1 else "s")
                for i, t in enumerate(threads))]
    subprocess.run(["gnuplot"], input="\n".join(plot), text=True, check=True)


if __name__ == "__main__":
    main()
