#!/usr/bin/python3
"""Runs the ONNX project's own operator tests, as Debian's libonnx-testdata
ships them (.onnx models with .pb inputs and outputs), through the importer
and every conv_transpose strategy.

Every case of the supported operators in data/node and data/pytorch-converted
is imported with deconv-import-onnx (the graph inputs that must be constants,
such as Reshape's shape or Resize's scales, bound to their .pb files) and run
with deconv-run on each of its data sets: with every strategy where the model
has a ConvTranspose, once more on two threads, and once with --reference (the
plain reference implementation). Every output must match ONNX's within
|got - want| <= 1e-4 + 1e-4 * max|want|.

The Conv and ConvTranspose cases run in f64 and f16 too: imported with
--element-type, their f32 inputs rounded to the type (--convert-inputs),
compiled with the default strategy, and compared with ONNX's f32 outputs
within widened tolerances (TYPED): f64 1e-6 + 1e-6 * max|want| (ONNX's
outputs are rounded to f32), f16 4e-3 + 4e-3 * max|want| (inputs, filters
and outputs are rounded to 11 significant bits).

Cases that use what the importer does not support (integer element types,
training-mode statistics, linear and cubic resizing, ...) are listed in
UNSUPPORTED with the message the import must fail with; such a case passes
when the importer rejects it with that message and exit code 1.

Usage: node_tests.py DATA_DIR WORK_DIR IMPORTER DECONV_RUN [FLAGS...]
"""
import concurrent.futures
import glob
import os
import re
import subprocess
import sys

import onnx

STRATEGIES = ["zero-insertion", "subpixel", "loops", "auto"]

# Which cases are run: operator tests of the supported operators.
NODE_PREFIXES = (
    "test_conv_", "test_convtranspose", "test_relu", "test_leakyrelu",
    "test_prelu", "test_sigmoid", "test_tanh", "test_clip", "test_add",
    "test_sub", "test_mul", "test_div", "test_batchnorm", "test_concat",
    "test_depthtospace", "test_resize", "test_upsample", "test_constant_pad",
    "test_identity", "test_reshape", "test_flatten", "test_transpose")
NODE_EXACT = ("test_conv_with_strides_padding",)
PYTORCH_PREFIXES = (
    "test_Conv", "test_ConvTranspose", "test_BatchNorm", "test_LeakyReLU",
    "test_PReLU", "test_PixelShuffle", "test_ReLU", "test_Sigmoid",
    "test_Tanh", "test_ZeroPad2d", "test_ConstantPad2d", "test_ReflectionPad2d",
    "test_ReplicationPad2d")

# Expected import failures: case -> a part of the message.
INTEGER = "only float inputs (FLOAT, DOUBLE, FLOAT16, BFLOAT16) are supported"
UNSUPPORTED = {
    "test_add_uint8": INTEGER, "test_sub_uint8": INTEGER,
    "test_mul_uint8": INTEGER, "test_div_uint8": INTEGER,
    "test_clip_default_int8_inbounds": INTEGER,
    "test_clip_default_int8_max": INTEGER,
    "test_clip_default_int8_min": INTEGER,
    "test_batchnorm_epsilon_training_mode": "only the first output",
    "test_batchnorm_example_training_mode": "only the first output",
    "test_identity_opt": "is not a tensor",
    "test_identity_sequence": "is not a tensor",
    "test_ReflectionPad2d": "mode 'reflect' is not supported",
    "test_ReplicationPad2d": "mode 'edge' is not supported",
    "test_resize_tf_crop_and_resize": "mode 'linear' is not supported",
    "test_resize_downsample_scales_nearest":
        "only integer up-sampling factors are",
    "test_resize_downsample_sizes_nearest": "static integer multiples",
    "test_resize_downsample_sizes_nearest_tf_half_pixel_for_nn":
        "static integer multiples",
    "test_resize_upsample_sizes_nearest": "static integer multiples",
    "test_resize_upsample_sizes_nearest_ceil_half_pixel":
        "'half_pixel' with nearest_mode 'ceil' is not supported",
    "test_resize_upsample_sizes_nearest_floor_align_corners":
        "'align_corners' with nearest_mode 'floor' is not supported",
    "test_resize_upsample_sizes_nearest_round_prefer_ceil_asymmetric":
        "'asymmetric' with nearest_mode 'round_prefer_ceil' is not supported",
}
# Imported, but refused by deconv-run: case -> a part of the message.
RUN_REJECTED = {"test_reshape_allowzero_reordered": "has an empty dim"}
for mode in ("cubic", "linear"):
    for case in ("test_resize_downsample_scales_%s", "test_resize_upsample_scales_%s",
                 "test_resize_downsample_sizes_%s", "test_resize_upsample_sizes_%s",
                 "test_resize_downsample_scales_%s_align_corners",
                 "test_resize_upsample_scales_%s_align_corners",
                 "test_resize_upsample_scales_%s_asymmetric",
                 "test_resize_downsample_scales_%s_A_n0p5_exclude_outside",
                 "test_resize_upsample_scales_%s_A_n0p5_exclude_outside",
                 "test_resize_downsample_sizes_%s_pytorch_half_pixel"):
        UNSUPPORTED[case % mode] = "mode '%s' is not supported" % mode

# The cases also run in other element types, with their tolerances.
TYPED_PREFIXES = ("test_conv_", "test_convtranspose", "test_Conv",
                  "test_ConvTranspose")
TYPED = {"f64": ["--atol=1e-6", "--rtol=1e-6"],
         "f16": ["--atol=4e-3", "--rtol=4e-3"]}

# Node inputs that must be known at compile time: op type -> input slots.
CONSTANT_SLOTS = {"Reshape": (1,), "Pad": (1, 2), "Resize": (1, 2, 3),
                  "Upsample": (1,)}


def selected(data_dir):
    cases = []
    for sub, prefixes in (("node", NODE_PREFIXES),
                          ("pytorch-converted", PYTORCH_PREFIXES)):
        for name in sorted(os.listdir(os.path.join(data_dir, sub))):
            if name.startswith(prefixes) or name in NODE_EXACT:
                cases.append(os.path.join(data_dir, sub, name))
    return cases


def run(cmd):
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    return r.returncode, r.stdout + r.stderr


def run_case(case_dir, work, importer, runner):
    case = os.path.basename(case_dir)
    model = onnx.load(os.path.join(case_dir, "model.onnx"))
    inits = {t.name for t in model.graph.initializer}
    inputs = [i.name for i in model.graph.input if i.name not in inits]
    bound = set()
    for node in model.graph.node:
        for slot in CONSTANT_SLOTS.get(node.op_type, ()):
            if slot < len(node.input) and node.input[slot] in inputs:
                bound.add(node.input[slot])
    transpose = any(n.op_type == "ConvTranspose" for n in model.graph.node)
    out = os.path.join(work, case)
    os.makedirs(out, exist_ok=True)
    lines = []
    for data in sorted(glob.glob(os.path.join(case_dir, "test_data_set_*"))):
        tag = case + "/" + os.path.basename(data)[len("test_data_set_"):]
        files = [os.path.join(data, "input_%d.pb" % i)
                 for i in range(len(inputs))]
        expects = sorted(glob.glob(os.path.join(data, "output_*.pb")))
        mlir = os.path.join(out, os.path.basename(data) + ".mlir")
        cmd_import = [importer, os.path.join(case_dir, "model.onnx")] + [
            "--bind-input=%s=%s" % (n, f)
            for n, f in zip(inputs, files) if n in bound]
        code, text = run(cmd_import + ["-o", mlir])
        if case in UNSUPPORTED:
            want = UNSUPPORTED[case]
            ok = code == 1 and want in text and "error:" in text
            lines.append(("PASS" if ok else "FAIL", tag, "rejected",
                          "" if ok else text.strip()[-300:]))
            break
        if code != 0:
            lines.append(("FAIL", tag, "import", text.strip()[-300:]))
            continue
        args = ["--input=" + f for n, f in zip(inputs, files) if n not in bound]
        args += ["--expect=" + e for e in expects]
        runs = (STRATEGIES if transpose else ["auto"]) + ["auto/2t", "reference"]
        for how in runs:
            cmd = runner + [mlir] + args
            if how == "reference":
                cmd.append("--reference")
            else:
                cmd.append("--strategy=" + how.split("/")[0])
            if how.endswith("/2t"):
                cmd.append("--threads=2")
            code, text = run(cmd)
            if case in RUN_REJECTED:
                passed = code == 1 and RUN_REJECTED[case] in text
            else:
                passed = (code == 0 and
                          len(re.findall(r"expect: PASS", text)) ==
                          len(expects))
            lines.append(("PASS" if passed else "FAIL", tag, how,
                          "" if passed else text.strip()[-300:]))
        if not case.startswith(TYPED_PREFIXES) or case in RUN_REJECTED:
            continue
        for t, tolerances in TYPED.items():
            typed = mlir[:-len(".mlir")] + "-" + t + ".mlir"
            code, text = run(cmd_import + ["--element-type=" + t, "-o", typed])
            if code == 0:
                code, text = run(runner + [typed, "--convert-inputs"] + args +
                                 tolerances)
            passed = (code == 0 and len(re.findall(r"expect: PASS", text)) ==
                      len(expects))
            lines.append(("PASS" if passed else "FAIL", tag, t,
                          "" if passed else text.strip()[-300:]))
    return lines


def main():
    data_dir, work, importer = sys.argv[1:4]
    runner = sys.argv[4:]
    os.makedirs(work, exist_ok=True)
    cases = selected(data_dir)
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(
            lambda c: run_case(c, work, importer, runner), cases))
    passed = failed = rejected = 0
    typed = {t: 0 for t in TYPED}
    for lines in results:
        for status, tag, how, detail in lines:
            print("%s %s [%s]%s" % (status, tag, how,
                                    (": " + detail) if detail else ""))
            if status == "PASS":
                passed += 1
                rejected += how == "rejected"
                if how in typed:
                    typed[how] += 1
            else:
                failed += 1
    print("onnx node tests: %d cases (%d expected rejections)"
          % (len(cases), rejected))
    print("%d passed, %d failed" % (passed, failed))
    print("passed in other element types: " +
          ", ".join("%d %s" % (n, t) for t, n in typed.items()))
    return 1 if failed or passed == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
