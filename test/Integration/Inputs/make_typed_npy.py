# Inputs of element-types.mlir in every dtype deconv-run reads: '<f2', '<f8',
# bf16 as '<u2' bits (rounded to nearest even from f32 here, independently of
# the tools), and f32 originals for --convert-inputs.
import sys

import numpy as np

out = sys.argv[1]
rng = np.random.default_rng(7)
shapes = {"x": (2, 6, 5, 7), "w": (6, 4, 4, 3), "b": (4,), "v": (3, 4, 3, 3),
          "xd": (3, 6, 5, 9)}


def bf16_bits(a):
    u = np.asarray(a, dtype="<f4").view("<u4").astype(np.uint64)
    return ((u + 0x7FFF + ((u >> 16) & 1)) >> 16).astype("<u2")


for name, shape in shapes.items():
    a = rng.uniform(-1, 1, shape).astype("<f4")
    np.save("%s/%s_f32.npy" % (out, name), a)
    np.save("%s/%s_f16.npy" % (out, name), a.astype("<f2"))
    np.save("%s/%s_f64.npy" % (out, name), a.astype("<f8"))
    np.save("%s/%s_bf16.npy" % (out, name), bf16_bits(a))
