#!/usr/bin/python3
"""Runs the networks exported from PyTorch (examples/onnx/models, written by
examples/onnx/export_models.py) end to end and compares with PyTorch's own
output for the stored inputs:
  - deconv-run MODEL.onnx with every conv_transpose strategy, --expect
    (PyTorch's output) and --check (the reference implementation);
  - deconv-compile MODEL.onnx -o MODEL.so --header (a shared library, by
    the extension), and the C program
    examples/onnx/run_model.c linked against the shared library (models with
    static shapes; the header's plain-buffer wrapper needs them).

Usage: pytorch_models.py MODELS_DIR WORK_DIR CC RUN_MODEL_C NPY_H_DIR
       DECONV_COMPILE [FLAGS...] -- DECONV_RUN [FLAGS...]
"""
import glob
import os
import subprocess
import sys

STRATEGIES = ["zero-insertion", "subpixel", "loops", "auto"]


def run(cmd):
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    return r.returncode, r.stdout + r.stderr


def main():
    sep = sys.argv.index("--")
    models, work, cc, driver, npy_dir = sys.argv[1:6]
    compile_tool = sys.argv[6:sep]
    runner = sys.argv[sep + 1:]
    os.makedirs(work, exist_ok=True)
    passed = failed = 0

    def report(ok, name, how, text):
        nonlocal passed, failed
        print("%s %s [%s]%s" % ("PASS" if ok else "FAIL", name, how,
                                "" if ok else ": " + text.strip()[-400:]))
        passed += ok
        failed += not ok

    for model in sorted(glob.glob(os.path.join(models, "*.onnx"))):
        name = os.path.basename(model)[:-len(".onnx")]
        inputs = sorted(glob.glob(os.path.join(models, name + ".in*.npy")))
        expected = os.path.join(models, name + ".out0.npy")
        for strategy in STRATEGIES:
            code, text = run(runner + [model, "--strategy=" + strategy,
                                       "--expect=" + expected, "--check"] +
                             ["--input=" + i for i in inputs])
            report(code == 0 and "expect: PASS" in text and
                   "check: PASS" in text, name, strategy, text)
        if name.endswith("_dyn"):
            continue
        lib = os.path.join(work, name + ".so")
        header = os.path.join(work, name + ".h")
        code, text = run(compile_tool + [model, "-o", lib,
                                         "--header=" + header])
        if code != 0:
            report(False, name, "C", text)
            continue
        exe = os.path.join(work, "run_" + name)
        code, text = run([cc, "-O2", "-std=c99", "-I" + work, "-I" + npy_dir,
                          '-DMODEL_HEADER="%s.h"' % name,
                          "-DENTRY=deconv_" + name,
                          "-DNUM_INPUTS=%d" % len(inputs), driver, lib, "-lm",
                          "-o", exe])
        if code != 0:
            report(False, name, "C", text)
            continue
        code, text = run([exe, expected] + inputs)
        report(code == 0 and "PASS" in text, name, "C", text)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    sys.exit(main())
