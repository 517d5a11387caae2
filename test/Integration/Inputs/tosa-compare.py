"""Runs every function of a TOSA file twice on the same seeded inputs: once
lowered by upstream's own TOSA pipeline (tosa-optional-decompositions,
tosa-to-linalg-named, tosa-to-linalg, ...), once imported with
--deconv-import-tosa and lowered by deconv-opt's pipeline; prints one
`<function>: PASS|FAIL` line per function (deconv-run --expect compares).

usage: tosa-compare.py FILE.mlir WORKDIR [deconv-run flags...]
"""
import os
import re
import subprocess
import sys

import numpy as np

src, work = sys.argv[1], sys.argv[2]
extra = sys.argv[3:]
os.makedirs(work, exist_ok=True)
UPSTREAM = ("builtin.module(func.func(tosa-optional-decompositions,"
            "tosa-to-linalg-named,tosa-to-linalg,tosa-to-arith,tosa-to-tensor))")


def run(cmd):
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        sys.stdout.write(r.stdout + r.stderr)
    return r


upstream = os.path.join(work, "upstream.mlir")
imported = os.path.join(work, "imported.mlir")
run(["deconv-opt", src, "--pass-pipeline=" + UPSTREAM, "-o", upstream])
run(["deconv-opt", src, "--deconv-import-tosa", "-o", imported])
print("tosa ops left after import:",
      len(re.findall(r"tosa\.(conv|depthwise|transpose_conv)", open(imported).read())))

rng = np.random.default_rng(11)
text = open(src).read()
for m in re.finditer(r"func\.func @(\w+)\((.*?)\) -> \(?(.*?)\)? \{", text):
    name, args, results = m.group(1), m.group(2), m.group(3)
    inputs = []
    for i, shape in enumerate(re.findall(r"tensor<([0-9x]+)xf32>", args)):
        path = os.path.join(work, "%s.in%d.npy" % (name, i))
        dims = [int(d) for d in shape.split("x")]
        np.save(path, rng.uniform(-1, 1, dims).astype("<f4"))
        inputs.append("--input=" + path)
    n = len(re.findall(r"tensor<", results))
    outs = [os.path.join(work, "%s.out%d.npy" % (name, k)) for k in range(n)]
    base = ["deconv-run", "--entry=" + name] + inputs + extra
    a = run(base + [upstream] + ["--output=" + o for o in outs])
    b = run(base + [imported] + ["--expect=" + o for o in outs])
    ok = a.returncode == 0 and b.returncode == 0 and "expect: PASS" in b.stdout
    print("%s: %s" % (name, "PASS" if ok else "FAIL"))
