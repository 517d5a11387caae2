"""Writes the .npy files the deconv-run tests use (numpy, seeded)."""
import sys
import numpy as np

out = sys.argv[1]
rng = np.random.default_rng(5)
for name, shape in [("x2", (2, 4, 3, 5)), ("x3", (3, 4, 6, 2)), ("w", (4, 2, 2, 2)),
                    ("b", (2,)), ("bad_ch", (2, 5, 3, 5))]:
    np.save("%s/%s.npy" % (out, name), rng.uniform(-1, 1, shape).astype("<f4"))
np.save(out + "/f64.npy", np.zeros((2,), dtype="<f8"))
np.save(out + "/int32.npy", np.zeros((2,), dtype="<i4"))
np.save(out + "/big_endian.npy", np.zeros((2,), dtype=">f4"))
np.save(out + "/fortran.npy", np.asfortranarray(np.zeros((2, 3), dtype="<f4")))
raw = open(out + "/w.npy", "rb").read()
open(out + "/truncated.npy", "wb").write(raw[:-7])
open(out + "/garbage.npy", "wb").write(b"this is not numpy\n")
