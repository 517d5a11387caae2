/* Calls the f16, bf16, f64 and mixed functions of element-types.mlir through
 * the header deconv-compile wrote, and checks each result against loops of
 * conv_transpose's definition in double, on the same (rounded) inputs.
 * Prints one line per function. Built as C99 (needs _Float16, as GCC 12 and
 * Clang have on x86-64). */
#include "element-types.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

enum { N = 2, CI = 6, IH = 5, IW = 7, CO = 4, KH = 4, KW = 3, OH = 10, OW = 13 };
#define NX (N * CI * IH * IW)
#define NW (CI * CO * KH * KW)
#define NY (N * CO * OH * OW)

static uint64_t state = 7;
static double next(void) {
  state = state * 6364136223846793005ull + 1442695040888963407ull;
  return (double)((state >> 40) & 0xffff) / 32768.0 - 1.0;
}

/* y = conv_transpose(x, w) + b, stride 2, padding 1, from the definition. */
static void reference(const double *x, const double *w, const double *b,
                      double *y) {
  int n, ci, co, i, j, kh, kw;
  for (n = 0; n < N; ++n)
    for (co = 0; co < CO; ++co)
      for (i = 0; i < OH; ++i)
        for (j = 0; j < OW; ++j)
          y[((n * CO + co) * OH + i) * OW + j] = b[co];
  for (n = 0; n < N; ++n)
    for (ci = 0; ci < CI; ++ci)
      for (i = 0; i < IH; ++i)
        for (j = 0; j < IW; ++j)
          for (co = 0; co < CO; ++co)
            for (kh = 0; kh < KH; ++kh)
              for (kw = 0; kw < KW; ++kw) {
                int oh = i * 2 - 1 + kh, ow = j * 2 - 1 + kw;
                if (oh < 0 || oh >= OH || ow < 0 || ow >= OW)
                  continue;
                y[((n * CO + co) * OH + oh) * OW + ow] +=
                    x[((n * CI + ci) * IH + i) * IW + j] *
                    w[((ci * CO + co) * KH + kh) * KW + kw];
              }
}

static double x[NX], w[NW], b[CO], want[NY];

/* The largest |got - want| over max(1, max |want|). */
static double error_of(const double *got) {
  double err = 0, scale = 1;
  int k;
  for (k = 0; k < NY; ++k)
    scale = fmax(scale, fabs(want[k]));
  for (k = 0; k < NY; ++k)
    err = fmax(err, fabs(got[k] - want[k]));
  return err / scale;
}

static int report(const char *what, int rc, const double *got, double tol) {
  double err = error_of(got);
  int ok = rc == 0 && err <= tol;
  printf("%s: %s rc=%d err=%.3g\n", what, ok ? "PASS" : "FAIL", rc, err);
  return !ok;
}

int main(void) {
  static deconv_f16_t xh[NX], wh[NW], bh[CO], yh[NY];
  static deconv_bf16_t xb[NX], wb[NW], bb[CO], yb[NY];
  static double xd[NX], wd[NW], bd[CO], yd[NY], got[NY];
  static float bf[CO], yf[NY];
  int k, fails = 0, rc;

  /* f16: inputs rounded to f16; the reference sums their exact values. */
  for (k = 0; k < NX; ++k)
    x[k] = (double)(xh[k] = (deconv_f16_t)next());
  for (k = 0; k < NW; ++k)
    w[k] = (double)(wh[k] = (deconv_f16_t)next());
  for (k = 0; k < CO; ++k)
    b[k] = (double)(bh[k] = (deconv_f16_t)next());
  reference(x, w, b, want);
  rc = deconv_up_f16(xh, wh, bh, yh);
  for (k = 0; k < NY; ++k)
    got[k] = (double)yh[k];
  fails |= report("f16", rc, got, 1e-3);

  /* The same f16 operands, an f32 bias, f32 sums returned. */
  for (k = 0; k < CO; ++k)
    b[k] = bf[k] = (float)next();
  reference(x, w, b, want);
  rc = deconv_up_f16_to_f32(xh, wh, bf, yf);
  for (k = 0; k < NY; ++k)
    got[k] = yf[k];
  fails |= report("f16->f32", rc, got, 1e-6);

  /* bf16, through the header's conversions. */
  for (k = 0; k < NX; ++k)
    x[k] = deconv_bf16_to_float(xb[k] = deconv_bf16_from_float((float)next()));
  for (k = 0; k < NW; ++k)
    w[k] = deconv_bf16_to_float(wb[k] = deconv_bf16_from_float((float)next()));
  for (k = 0; k < CO; ++k)
    b[k] = deconv_bf16_to_float(bb[k] = deconv_bf16_from_float((float)next()));
  reference(x, w, b, want);
  rc = deconv_up_bf16(xb, wb, bb, yb);
  for (k = 0; k < NY; ++k)
    got[k] = deconv_bf16_to_float(yb[k]);
  fails |= report("bf16", rc, got, 8e-3);

  /* f64: no rounding anywhere but the sums'. */
  for (k = 0; k < NX; ++k)
    x[k] = xd[k] = next();
  for (k = 0; k < NW; ++k)
    w[k] = wd[k] = next();
  for (k = 0; k < CO; ++k)
    b[k] = bd[k] = next();
  reference(x, w, b, want);
  rc = deconv_up_f64(xd, wd, bd, yd);
  fails |= report("f64", rc, yd, 1e-13);

  /* The bf16 conversions round to nearest even and keep NaN a NaN. */
  if (deconv_bf16_from_float(1.00390625f) != 0x3f80 ||
      deconv_bf16_from_float(1.01171875f) != 0x3f82 ||
      deconv_bf16_from_float(-2.0f) != 0xc000 ||
      !isnan(deconv_bf16_to_float(deconv_bf16_from_float(NAN)))) {
    printf("bf16 conversions: FAIL\n");
    fails = 1;
  } else {
    printf("bf16 conversions: PASS\n");
  }
  return fails;
}
