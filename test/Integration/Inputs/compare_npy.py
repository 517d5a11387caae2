# compare_npy.py A B: prints A's dtype and shape, and whether A and B hold the
# same values within a tolerance fit for A's dtype (bf16 files are '<u2' bits).
import sys

import numpy as np


def values(path):
    a = np.load(path)
    if a.dtype == np.dtype("<u2"):
        return a, (a.astype(np.uint32) << 16).view(np.float32).astype(np.float64)
    return a, a.astype(np.float64)


a, va = values(sys.argv[1])
_, vb = values(sys.argv[2])
tol = {"<f2": 4e-3, "<u2": 3e-2, "<f4": 1e-5, "<f8": 1e-12}[a.dtype.str]
scale = max(1.0, float(np.abs(vb).max()))
ok = va.shape == vb.shape and float(np.abs(va - vb).max()) <= tol * scale
print(a.dtype.str, a.shape, "match" if ok else "MISMATCH")
