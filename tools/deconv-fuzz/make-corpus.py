#!/usr/bin/env python3
"""Seed corpora for the fuzzers.

  make-corpus.py SOURCE_ROOT OUT_DIR        deconv-text-fuzzer: every .mlir
      IR test (not the execution tests' inputs), split at `// -----` into
      one file per case, without the lit RUN/CHECK lines.
  make-corpus.py --npy OUT_DIR              deconv-npy-fuzzer: small valid
      .npy files (versions 1 and 2, ranks 0 to 5, an empty tensor).
  make-corpus.py --exec OUT_DIR              deconv-exec-fuzzer: 24 seeded
      random byte strings of 96 bytes (each a whole network's choices; the
      fuzzer compiles and runs every seed before it mutates, about 5 s each
      under ASan).
  make-corpus.py --onnx SOURCE_ROOT OUT_DIR deconv-onnx-fuzzer: the exported
      example networks and the smallest ONNX operator tests of Debian's
      libonnx-testdata (models and their .pb tensors).
"""
import hashlib
import pathlib
import re
import sys


def npy_seeds(out):
    import struct
    out.mkdir(parents=True, exist_ok=True)
    shapes = [(), (3,), (2, 3), (1, 2, 2, 2), (2, 1, 1, 1, 2), (0, 4), (1, 1, 1, 1, 1)]
    for i, shape in enumerate(shapes):
        count = 1
        for d in shape:
            count *= d
        dims = "".join("%d, " % d for d in shape) if len(shape) == 1 else ", ".join(map(str, shape))
        header = "{'descr': '<f4', 'fortran_order': False, 'shape': (%s), }" % dims
        for version in (1, 2):
            pad = 64 - (10 + (2 if version == 2 else 0) + len(header) + 1) % 64
            h = (header + " " * pad + "\n").encode()
            size = struct.pack("<H", len(h)) if version == 1 else struct.pack("<I", len(h))
            data = struct.pack("<%df" % count, *[0.5 * k for k in range(count)])
            blob = b"\x93NUMPY" + bytes([version, 0]) + size + h + data
            (out / ("seed%d_v%d.npy" % (i, version))).write_bytes(blob)
    print(f"make-corpus: {2 * len(shapes)} .npy seeds in {out}")


def onnx_seeds(src, out):
    import shutil
    out.mkdir(parents=True, exist_ok=True)
    files = sorted(src.glob("examples/onnx/models/*.onnx"))
    data = pathlib.Path("/usr/share/libonnx-testdata/data/node")
    prefixes = ("test_conv", "test_relu", "test_add_bcast", "test_batchnorm_e",
                "test_concat_2d", "test_depthtospace", "test_resize_upsample",
                "test_constant_pad", "test_reshape_reduced", "test_flatten_axis1",
                "test_clip_splitbounds", "test_transpose_default",
                "test_leakyrelu", "test_prelu_broadcast", "test_sigmoid")
    if data.is_dir():
        for case in sorted(data.iterdir()):
            if case.name.startswith(prefixes):
                files.append(case / "model.onnx")
                files += sorted(case.glob("test_data_set_0/*.pb"))[:2]
    for i, path in enumerate(files):
        if path.stat().st_size <= 100000:
            shutil.copy(path, out / ("seed%03d%s" % (i, path.suffix)))
    print(f"make-corpus: {len(list(out.iterdir()))} ONNX seeds in {out}")


def exec_seeds(out):
    import random
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(20261205)
    for i in range(24):
        (out / ("seed%02d" % i)).write_bytes(bytes(rng.randrange(256) for _ in range(96)))
    print(f"make-corpus: 24 exec seeds in {out}")


def main():
    if sys.argv[1] == "--exec":
        return exec_seeds(pathlib.Path(sys.argv[2]))
    if sys.argv[1] == "--npy":
        return npy_seeds(pathlib.Path(sys.argv[2]))
    if sys.argv[1] == "--onnx":
        return onnx_seeds(pathlib.Path(sys.argv[2]), pathlib.Path(sys.argv[3]))
    src, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    count = 0
    # The IR tests' cases; the execution tests' networks (Integration/Inputs,
    # examples) take up to a minute each to lower under ASan with every
    # strategy, and the fuzzer replays every seed before it mutates any.
    files = [p for p in sorted(src.glob("test/**/*.mlir"))
             if "Inputs" not in p.parts]
    for path in files:
        text = path.read_text()
        for case in re.split(r"^// -----\s*$", text, flags=re.M):
            lines = [l for l in case.splitlines()
                     if not re.match(r"\s*//\s*(RUN|CHECK|expected-)", l)]
            body = "\n".join(lines).strip() + "\n"
            if len(body) < 8:
                continue
            name = hashlib.sha1(body.encode()).hexdigest()[:16] + ".mlir"
            (out / name).write_text(body)
            count += 1
    print(f"make-corpus: {count} seeds from {len(files)} files in {out}")


if __name__ == "__main__":
    main()
