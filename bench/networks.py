#!/usr/bin/python3
"""Whole example networks: ours against oneDNN and XNNPACK.

Each network of examples/ that has a oneDNN equivalent (its layers and
activations; the layer list below mirrors the example's MLIR) runs
  - ours: deconv-run --benchmark on the example, its weights compiled in
    (--constant-input), as a deployed network's are;
  - oneDNN: bench/onednn_net.cpp, one primitive per layer, the activation
    either a post-op of that primitive or an eltwise primitive of its own
    (both are timed: this oneDNN's deconvolutions with eltwise post-ops are
    several times slower than without), weights reordered outside the timed
    region, reorders between layers whose layouts differ inside it;
  - XNNPACK: bench/xnnpack_net.cpp, NHWC operators created outside the
    timed region, ReLU as their output clamp; XNNPACK has no tanh operator,
    so a final tanh is a plain loop (timed), and no 3-D operators (n/a);
on the same input, weights and biases (the peers' own bias arguments),
alternating, --rounds rounds per thread count; outputs must agree (a
mismatch fails the run).

  bench/networks.py [--build build] [--threads 1,2] [--rounds 5]
                    [--out bench/networks.md]
"""
import argparse
import math
import os
import statistics
import subprocess
import sys
import tempfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

# name: (example, input shape, layers). A layer: (kind, cin, cout, kernel,
# stride, pad, output_padding, post-op, bias), in the example's argument
# order (each layer's weights, then its bias if it has one).
NETWORKS = {
    "dcgan_generator": ("dcgan_generator.mlir", (16, 512, 4, 4), [
        ("convT", 512, 256, [4, 4], [2, 2], [1, 1], [0, 0], "relu", False),
        ("convT", 256, 128, [4, 4], [2, 2], [1, 1], [0, 0], "relu", False),
        ("convT", 128, 64, [4, 4], [2, 2], [1, 1], [0, 0], "relu", False),
        ("convT", 64, 3, [4, 4], [2, 2], [1, 1], [0, 0], "tanh", False),
    ]),
    "melgan_upsampler": ("melgan_upsampler.mlir", (1, 80, 32), [
        ("conv", 80, 512, [7], [1], [3], [0], "none", False),
        ("convT", 512, 256, [16], [8], [4], [0], "none", False),
        ("convT", 256, 128, [16], [8], [4], [0], "none", False),
        ("convT", 128, 64, [4], [2], [1], [0], "none", False),
        ("convT", 64, 32, [4], [2], [1], [0], "none", False),
        ("conv", 32, 1, [7], [1], [3], [0], "tanh", False),
    ]),
    # The example's batch is dynamic: one image here. Unpadded convs, as in
    # the U-Net paper.
    "unet_decoder_stage": ("unet_decoder_stage.mlir", (1, 1024, 28, 28), [
        ("convT", 1024, 512, [2, 2], [2, 2], [0, 0], [0, 0], "none", True),
        ("conv", 512, 512, [3, 3], [1, 1], [0, 0], [0, 0], "none", True),
        ("conv", 512, 512, [3, 3], [1, 1], [0, 0], [0, 0], "none", True),
    ]),
    "unet3d_upconv": ("unet3d_upconv.mlir", (1, 64, 16, 16, 16), [
        ("convT", 64, 32, [2, 2, 2], [2, 2, 2], [0, 0, 0], [0, 0, 0], "none",
         True),
    ]),
}


def dims(v):
    return "x".join(str(x) for x in v)


def run(cmd, env=None):
    p = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if p.returncode != 0:
        sys.exit("networks: %s failed:\n%s%s" % (" ".join(cmd), p.stdout,
                                                 p.stderr))
    return p


def times_of(out):
    for line in out.splitlines():
        if line.startswith("times_ms="):
            return [float(t) for t in line[len("times_ms="):].split(",")]
    sys.exit("networks: no times in:\n" + out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--out", default="")
    args = ap.parse_args()
    work = tempfile.mkdtemp(prefix="deconv-networks-")
    peer = os.path.join(work, "onednn_net")
    xnn = os.path.join(work, "xnnpack_net")
    for src, exe, libs in (("onednn_net.cpp", peer, ["-ldnnl"]),
                           ("xnnpack_net.cpp", xnn,
                            ["-lXNNPACK", "-lpthreadpool"])):
        run(["g++", "-O2", "-std=c++17",
             "-I" + os.path.join(ROOT, "examples", "c"),
             os.path.join(HERE, src), "-o", exe] + libs)
    rng = np.random.default_rng(20261207)
    threads = [int(t) for t in args.threads.split(",")]
    lines = ["| network | threads | oneDNN post-ops ms | oneDNN separate ms "
             "| XNNPACK ms | ours ms | ours / best | rounds |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for name, (example, xshape, layers) in NETWORKS.items():
        d = os.path.join(work, name)
        os.makedirs(d)
        x = os.path.join(d, "x.npy")
        np.save(x, rng.uniform(-1, 1, xshape).astype(np.float32))
        spec = ["input %d %d %s" % (xshape[0], xshape[1], dims(xshape[2:]))]
        ours = [os.path.join(args.build, "bin", "deconv-run"),
                os.path.join(ROOT, "examples", example), "--input=" + x]
        for i, (kind, cin, cout, k, s, p, op, post, bias) in enumerate(
                layers):
            wshape = (cin, cout) if kind == "convT" else (cout, cin)
            w = os.path.join(d, "w%d.npy" % i)
            bound = 1 / math.sqrt(cin * math.prod(k))
            np.save(w, rng.uniform(-bound, bound, wshape + tuple(k)).astype(
                np.float32))
            line = "%s %d 1 %s %s %s %s %s %s %s" % (
                kind, cout, dims(k), dims(s), dims(p), dims(op),
                dims([1] * len(k)), w, post)
            ours.append("--input=" + w)
            if bias:
                b = os.path.join(d, "b%d.npy" % i)
                np.save(b, rng.uniform(-bound, bound, cout).astype(
                    np.float32))
                line += " " + b
                ours.append("--input=" + b)
            spec.append(line)
        open(os.path.join(d, "net.txt"), "w").write("\n".join(spec) + "\n")
        # Every argument but the input is a weight or a bias.
        ours.append("--constant-input=" +
                    ",".join(str(i) for i in range(1, len(ours) - 2)))
        # XNNPACK has no 3-D operators.
        has_xnn = len(xshape) <= 4
        for t in threads:
            env = dict(os.environ, OMP_NUM_THREADS=str(t))
            yo, yp = os.path.join(d, "ours.npy"), os.path.join(d, "peer.npy")
            ys = os.path.join(d, "separate.npy")
            yx = os.path.join(d, "xnnpack.npy")
            to, tp, ts, tx, rr = [], [], [], [], []
            for _ in range(args.rounds):
                a = times_of(run([peer, os.path.join(d, "net.txt"), x, yp,
                                  "5", "0.3"], env).stdout)
                c = times_of(run([peer, os.path.join(d, "net.txt"), x, ys,
                                  "5", "0.3", "separate"], env).stdout)
                e = times_of(run([xnn, os.path.join(d, "net.txt"), x, yx,
                                  "5", "0.3"], env).stdout) if has_xnn else [
                                      math.inf]
                b = times_of(run(ours + [
                    "--output=" + yo, "--benchmark", "--print-times",
                    "--repetitions=5", "--threads=%d" % t], env).stdout)
                tp += a
                ts += c
                tx += e
                to += b
                rr.append(statistics.median(b) / min(
                    statistics.median(a), statistics.median(c),
                    statistics.median(e)))
            got = np.load(yo)
            for f in (yp, ys, yx) if has_xnn else (yp, ys):
                want = np.load(f)
                scale = float(np.abs(want).max()) or 1.0
                if want.shape != got.shape or \
                        float(np.abs(want - got).max()) > 1e-4 * scale:
                    sys.exit("networks: %s: ours and the peer's %s "
                             "disagree" % (name, os.path.basename(f)))
            mp, ms, mx, mo = (statistics.median(tp), statistics.median(ts),
                              statistics.median(tx), statistics.median(to))
            line = ("| %s | %d | %.3f | %.3f | %s | %.3f | %.2f | "
                    "%.2f-%.2f |" % (name, t, mp, ms,
                                     "%.3f" % mx if has_xnn else "n/a", mo,
                                     mo / min(mp, ms, mx), min(rr), max(rr)))
            print(line, flush=True)
            lines.append(line)
    text = "\n".join(lines) + "\n"
    if args.out:
        open(args.out, "w").write(text)


if __name__ == "__main__":
    main()
