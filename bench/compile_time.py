#!/usr/bin/python3
"""Compile time of deconv-compile against the number of layers in one function.

The network is a chain of blocks (3x3 conv, stride-2 conv_transpose, stride-2
conv; 32 channels, 16x16 pixels between blocks) with its weights as
arguments, compiled to an object (`deconv-compile net.mlir -o net.o`). Each
size is compiled --repeat times and the median wall time reported, with
the time per layer and the MLIR lowering / LLVM -O3 / machine code split of
the median run (--mlir-timing). With --a, a second build is timed on the
same inputs, alternating the two, and the ratio reported.

  bench/compile_time.py [--build BUILD] [--a OTHER_BUILD]
                        [--a-max-layers N] [--layers 6,24,48,96,201]
                        [--repeat 3] [--out bench/compile-time.md]

--a-max-layers skips build A on larger networks (a slow A takes minutes).
"""
import argparse
import datetime
import os
import re
import shlex
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def chain_mlir(blocks, c=32, h=16):
    t = lambda s: "tensor<1x%dx%dx%dxf32>" % (c, s, s)
    args, body, cur = [], [], "%x"
    for i in range(blocks):
        args += ["%%w1_%d: tensor<%dx%dx3x3xf32>" % (i, c, c),
                 "%%w2_%d: tensor<%dx%dx4x4xf32>" % (i, c, c),
                 "%%w3_%d: tensor<%dx%dx4x4xf32>" % (i, c, c)]
        body += [
            "  %%a%d = deconv.conv %s, %%w1_%d padding = [1, 1, 1, 1] : "
            "(%s, tensor<%dx%dx3x3xf32>) -> %s" % (i, cur, i, t(h), c, c, t(h)),
            "  %%b%d = deconv.conv_transpose %%a%d, %%w2_%d strides = [2, 2] "
            "padding = [1, 1, 1, 1] : (%s, tensor<%dx%dx4x4xf32>) -> %s" % (
                i, i, i, t(h), c, c, t(2 * h)),
            "  %%c%d = deconv.conv %%b%d, %%w3_%d strides = [2, 2] "
            "padding = [1, 1, 1, 1] : (%s, tensor<%dx%dx4x4xf32>) -> %s" % (
                i, i, i, t(2 * h), c, c, t(h))]
        cur = "%%c%d" % i
    return ("func.func @chain(%%x: %s, %s) -> %s {\n%s\n  return %s : %s\n}\n"
            % (t(h), ", ".join(args), t(h), "\n".join(body), cur, t(h)))


def compile_once(build, src, out):
    t0 = time.perf_counter()
    p = subprocess.run([os.path.join(build, "bin", "deconv-compile"), src,
                        "-o", out, "--mlir-timing"],
                       capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if p.returncode != 0:
        sys.exit("compile_time: deconv-compile failed:\n" + p.stderr)
    split = {}
    for key, pat in (("mlir", "Lower to the LLVM dialect"),
                     ("llvm", "LLVM translation and -O3"),
                     ("mc", "Machine code generation")):
        m = re.search(r"^\s*([\d.]+) \([^)]*\)\s+[\d.]+ \([^)]*\)\s+" + pat,
                      p.stderr, re.M)
        split[key] = float(m.group(1)) if m else float("nan")
    return wall, split


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", default=os.path.join(HERE, "..", "build"))
    ap.add_argument("--a", default="", help="another build to compare with")
    ap.add_argument("--a-max-layers", type=int, default=0,
                    help="time build A only up to this many layers")
    ap.add_argument("--layers", default="6,24,48,96,201")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--out", default=os.path.join(HERE, "compile-time.md"))
    args = ap.parse_args()
    work = tempfile.mkdtemp(prefix="deconv-compile-time-")
    builds = ([("A", args.a)] if args.a else []) + [("B", args.build)]
    rows = []
    for layers in [int(v) for v in args.layers.split(",")]:
        blocks = max(1, layers // 3)
        src = os.path.join(work, "chain%d.mlir" % blocks)
        open(src, "w").write(chain_mlir(blocks))
        active = [(n, b) for n, b in builds if n == "B" or
                  not args.a_max_layers or 3 * blocks <= args.a_max_layers]
        runs = {name: [] for name, _ in active}
        for _ in range(args.repeat):
            for name, build in active:
                runs[name].append(compile_once(build, src,
                                               os.path.join(work, "x.o")))
        res = {}
        for name in runs:
            walls = sorted(runs[name], key=lambda r: r[0])
            res[name] = walls[len(walls) // 2]
        rows.append((3 * blocks, res))
        print("%4d layers: %s" % (3 * blocks, "  ".join(
            "%s %.2f s (%.3f s/layer)" % (n, r[0], r[0] / (3 * blocks))
            for n, r in res.items())), flush=True)

    out = ["# Compile time against the number of layers\n",
           "Produced by `%s` on %s (%s cores). One function, a chain of "
           "blocks (3x3 conv, stride-2 conv_transpose, stride-2 conv; 32 "
           "channels), weights as arguments, compiled to an object by "
           "`deconv-compile`; medians of %d runs%s. The split is "
           "`--mlir-timing`'s, of the median run.\n" % (
               " ".join(["bench/compile_time.py"] +
                        [shlex.quote(a) for a in sys.argv[1:]]),
               datetime.date.today().isoformat(), os.cpu_count(),
               args.repeat, ", alternating A (%s) and B (%s)" % (
                   args.a, args.build) if args.a else "")]
    head = "| layers |"
    sep = "| ---: |"
    for name, _ in builds:
        head += " %s s | %s s/layer |" % (name, name)
        sep += " ---: | ---: |"
    head += " MLIR lowering s | LLVM -O3 s | machine code s |"
    sep += " ---: | ---: | ---: |"
    if args.a:
        head += " B / A |"
        sep += " ---: |"
    out += [head, sep]
    for layers, res in rows:
        line = "| %d |" % layers
        for name, _ in builds:
            line += (" %.2f | %.3f |" % (res[name][0], res[name][0] / layers)
                     if name in res else " - | - |")
        b = res["B"][1]
        line += " %.2f | %.2f | %.2f |" % (b["mlir"], b["llvm"], b["mc"])
        if args.a:
            line += (" %.2f |" % (res["B"][0] / res["A"][0])
                     if "A" in res else " - |")
        out.append(line)
    open(args.out, "w").write("\n".join(out) + "\n")
    print("compile_time: wrote " + args.out)


if __name__ == "__main__":
    main()
