#!/usr/bin/python3
"""Runs the ONNX Conv node tests (shared/conformance/onnx) through
--deconv-to-linalg and upstream's bufferize-and-loops pipeline under
mlir-runner, and compares with the stored outputs.

Interim harness until deconv-run exists: it covers `deconv.conv` only and
skips cases with auto_pad (those rules belong in the library). The reference
is the ONNX project's own data; nothing here computes a convolution.

Usage: onnx_conv_runner.py ONNX_DIR DECONV_OPT MLIR_RUNNER LIB_DIR
Prints one line per case and a closing 'N passed, N failed' line.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

PIPELINE = ",".join([
    "deconv-to-linalg",
    "func.func(canonicalize)",
    "one-shot-bufferize{bufferize-function-boundaries}",
    "convert-linalg-to-loops",
    "convert-scf-to-cf",
    "expand-strided-metadata",
    "lower-affine",
    "finalize-memref-to-llvm",
    "convert-arith-to-llvm",
    "convert-cf-to-llvm",
    "convert-func-to-llvm",
    "reconcile-unrealized-casts",
])
TOL = 1e-4


def read_case(path):
    attrs, tensors = {}, []
    for line in open(os.path.join(path, "case.txt")):
        parts = line.split()
        if not parts:
            continue
        if parts[0] == "op":
            op = parts[1]
        elif parts[0] == "attr":
            attrs[parts[1]] = parts[2:]
        else:
            tensors.append((parts[0], parts[1], [int(x) for x in parts[2:]]))
    values = {name: open(os.path.join(path, name + ".txt")).read().split()
              for _, name, _ in tensors}
    return op, attrs, tensors, values


def ttype(shape):
    return "tensor<" + "x".join(map(str, shape)) + "xf32>"


def dense(vals, shape):
    return "dense<[" + ", ".join(repr(float(v)) for v in vals) + "]> : tensor<%dxf32>" % len(vals)


def build_module(attrs, tensors, values):
    ins = [(n, s) for role, n, s in tensors if role == "input"]
    out = [(n, s) for role, n, s in tensors if role == "output"][0]
    k = len(ins[0][1]) - 2
    strides = attrs.get("strides", ["1"] * k)
    dil = attrs.get("dilations", ["1"] * k)
    pads = attrs.get("pads", ["0"] * (2 * k))
    group = attrs.get("group", ["1"])[0]
    lines = ["func.func private @printMemrefF32(tensor<*xf32>)",
             "func.func @main() {"]
    for name, shape in ins:
        n = 1
        for s in shape:
            n *= s
        lines.append("  %%%s_flat = arith.constant %s" % (name, dense(values[name], [n])))
        lines.append("  %%%s = tensor.reshape %%%s_flat(%%%s_shape) : (tensor<%dxf32>, tensor<%dxindex>) -> %s"
                     % (name, name, name, n, len(shape), ttype(shape)))
        lines.insert(len(lines) - 2, "  %%%s_shape = arith.constant dense<[%s]> : tensor<%dxindex>"
                     % (name, ", ".join(map(str, shape)), len(shape)))
    operands = ", ".join("%" + n for n, _ in ins)
    types = ", ".join(ttype(s) for _, s in ins)
    lines.append("  %%y = deconv.conv %s strides = [%s] dilations = [%s] padding = [%s] groups = %s : (%s) -> %s"
                 % (operands, ", ".join(strides), ", ".join(dil), ", ".join(pads), group, types, ttype(out[1])))
    lines.append("  %%u = tensor.cast %%y : %s to tensor<*xf32>" % ttype(out[1]))
    lines.append("  call @printMemrefF32(%u) : (tensor<*xf32>) -> ()")
    lines.append("  return")
    lines.append("}")
    return "\n".join(lines) + "\n", out


def main():
    onnx_dir, opt, runner, libdir = sys.argv[1:5]
    opt = shutil.which(opt) or opt
    passed = failed = skipped = 0
    worst = 0.0
    for case in sorted(os.listdir(onnx_dir)):
        path = os.path.join(onnx_dir, case)
        if not os.path.isdir(path):
            continue
        op, attrs, tensors, values = read_case(path)
        if op != "Conv" or attrs.get("auto_pad", ["NOTSET"])[0] != "NOTSET":
            skipped += 1
            continue
        module, out = build_module(attrs, tensors, values)
        with tempfile.NamedTemporaryFile("w", suffix=".mlir", delete=False) as f:
            f.write(module)
        try:
            lowered = subprocess.run(
                [opt, f.name, "--pass-pipeline=builtin.module(%s)" % PIPELINE],
                capture_output=True, text=True, timeout=300)
            if lowered.returncode != 0:
                print("FAIL %s: lowering failed: %s" % (case, lowered.stderr.strip()[:500]))
                failed += 1
                continue
            run = subprocess.run(
                [runner, "-e", "main", "-entry-point-result=void",
                 "-shared-libs=%s/libmlir_runner_utils.so" % libdir,
                 "-shared-libs=%s/libmlir_c_runner_utils.so" % libdir],
                input=lowered.stdout, capture_output=True, text=True, timeout=300)
        finally:
            os.unlink(f.name)
        if run.returncode != 0:
            print("FAIL %s: run failed: %s" % (case, run.stderr.strip()[:500]))
            failed += 1
            continue
        body = run.stdout.split("data =", 1)[-1]
        got = [float(x) for x in re.findall(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|nan|inf", body)]
        want = [float(x) for x in values[out[0]]]
        if len(got) != len(want):
            print("FAIL %s: %d values, expected %d" % (case, len(got), len(want)))
            failed += 1
            continue
        err = max((abs(a - b) / max(1.0, abs(b)) for a, b in zip(got, want)), default=0.0)
        worst = max(worst, err)
        if err <= TOL:
            print("PASS %s (max rel err %.2e)" % (case, err))
            passed += 1
        else:
            print("FAIL %s: max rel err %.2e > %.0e" % (case, err, TOL))
            failed += 1
    print("onnx conv: %d cases run, %d skipped (ConvTranspose or auto_pad), worst rel err %.2e"
          % (passed + failed, skipped, worst))
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed or passed == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
