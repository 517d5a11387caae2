"""Checks the .npy files c-abi.c wrote in DIR against deconv-run's reference
implementation: deconv-run --reference --expect per function call (8 lines)."""
import os
import subprocess
import sys

d = sys.argv[1]
mlir = os.path.join(os.path.dirname(__file__), "c-abi.mlir")


def run(entry, inputs, expects):
    cmd = ["deconv-run", mlir, "--entry=" + entry, "--reference"]
    cmd += ["--input=" + os.path.join(d, i + ".npy") for i in inputs]
    cmd += ["--expect=" + os.path.join(d, e + ".npy") for e in expects]
    out = subprocess.run(cmd, capture_output=True, text=True)
    sys.stdout.write(out.stdout + out.stderr)


run("upsample", ["up_x", "up_w", "up_b"], ["up_y"])
for call in range(2):
    p = "dyn%d_" % call
    for k in range(3):
        # --expect compares result k only when given in order: pad with the
        # earlier results.
        run("dynamic", [p + "x", p + "w", p + "v"],
            [p + "y%d" % j for j in range(k + 1)])
run("const1d", ["c1_x"], ["c1_y"])
