#!/usr/bin/python3
"""Runs every ONNX Conv/ConvTranspose node test (test/Conformance/onnx, the
ONNX project's own data) through deconv-run and compares with the stored
output (deconv-run --expect, |got - want| <= 1e-4 + 1e-4 * |want|).

Each case is turned into a deconv function by onnx-case-to-mlir, which
resolves auto_pad / output_shape with the library's ONNX rules. ConvTranspose
cases run once per strategy (zero-insertion, subpixel, loops, auto); Conv
cases once (deconv.conv has a single lowering); every case also runs with
the automatic choice on two OpenMP threads ("auto/2t").

Usage: onnx_runner.py ONNX_DIR ONNX_CASE_TO_MLIR WORK_DIR DECONV_RUN [FLAGS...]
(DECONV_RUN and its flags last: lit substitutes the tool with its flags.)
Prints one line per run and closing summary lines.
"""
import concurrent.futures
import os
import re
import subprocess
import sys

STRATEGIES = ["zero-insertion", "subpixel", "loops", "auto"]


def run_case(case, onnx_dir, importer, runner, work):
    out = os.path.join(work, case)
    imp = subprocess.run([importer, os.path.join(onnx_dir, case), out],
                         capture_output=True, text=True, timeout=120)
    if imp.returncode != 0:
        return [("FAIL", case, "import", imp.stderr.strip(), 0.0)]
    text = open(os.path.join(out, "case.mlir")).read()
    transpose = "conv_transpose" in text
    inputs = [n for n in ("X", "W", "B")
              if os.path.exists(os.path.join(out, n + ".npy"))]
    lines = []
    for strategy in (STRATEGIES if transpose else ["auto"]) + ["auto/2t"]:
        cmd = runner + [os.path.join(out, "case.mlir"),
               "--strategy=" + strategy.split("/")[0],
               "--expect=" + os.path.join(out, "Y.npy")]
        if strategy.endswith("/2t"):
            cmd.append("--threads=2")
        cmd += ["--input=" + os.path.join(out, n + ".npy") for n in inputs]
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
        m = re.search(r"expect: (PASS|FAIL) max_abs_err=(\S+) max_rel_err=(\S+)",
                      r.stdout)
        if r.returncode == 0 and m and m.group(1) == "PASS":
            lines.append(("PASS", case, strategy, "", float(m.group(3))))
        else:
            lines.append(("FAIL", case, strategy,
                          (r.stdout + r.stderr).strip()[-400:], 0.0))
    return lines


def main():
    onnx_dir, importer, work = sys.argv[1:4]
    runner = sys.argv[4:]
    os.makedirs(work, exist_ok=True)
    cases = sorted(c for c in os.listdir(onnx_dir)
                   if os.path.isdir(os.path.join(onnx_dir, c)))
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(
            lambda c: run_case(c, onnx_dir, importer, runner, work), cases))
    passed = failed = 0
    worst = 0.0
    conv = convt = 0
    for lines in results:
        for status, case, strategy, detail, err in lines:
            print("%s %s [%s]%s" % (status, case, strategy,
                                    (": " + detail) if detail else ""))
            if status == "PASS":
                passed += 1
                worst = max(worst, err)
            else:
                failed += 1
        if lines and lines[0][2] in STRATEGIES[:1]:
            convt += 1
        elif lines:
            conv += 1
    print("onnx: %d cases (%d Conv, %d ConvTranspose x %d strategies, each "
          "also on 2 threads), worst rel err %.2e"
          % (len(cases), conv, convt, len(STRATEGIES), worst))
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed or passed == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
