/* run_model.c - call a network compiled by deconv-compile from C, on inputs
 * and an expected output held in .npy files.
 *
 *   deconv-compile model.onnx --emit=shared -o model.so --header=model.h
 *   cc -O2 -std=c99 -I. -Iexamples/c -DMODEL_HEADER='"model.h"' \
 *      -DENTRY=deconv_model -DNUM_INPUTS=1 examples/onnx/run_model.c \
 *      ./model.so -lm -o run_model
 *   ./run_model expected.npy input0.npy
 *
 * ENTRY is the header's plain-buffer wrapper (deconv_<function>), which
 * takes NUM_INPUTS (1 to 3) input buffers and one output buffer. Prints the
 * median time of 5 calls and PASS or FAIL (|got - want| <= 1e-4 *
 * max|want|); exits 0 on PASS.
 */
#define _POSIX_C_SOURCE 199309L
#include MODEL_HEADER
#include "npy.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static float *load(const char *path, int64_t *count) {
  float *data;
  *count = npy_count(path);
  if (*count < 0 || !(data = malloc((*count ? *count : 1) * sizeof(float))))
    return NULL;
  if (npy_read_f32(path, data, *count)) {
    free(data);
    return NULL;
  }
  return data;
}

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec * 1e-6;
}

static int compare_doubles(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

int main(int argc, char **argv) {
  float *in[3] = {0, 0, 0}, *want, *got;
  int64_t count, want_count, i;
  double times[5], scale = 0, max_err = 0;
  int a, r, ok;
  if (argc != 2 + NUM_INPUTS) {
    fprintf(stderr, "usage: %s EXPECTED.npy INPUT.npy...\n", argv[0]);
    return 2;
  }
  for (a = 0; a < NUM_INPUTS; ++a)
    if (!(in[a] = load(argv[2 + a], &count)))
      return fprintf(stderr, "cannot read %s\n", argv[2 + a]), 1;
  if (!(want = load(argv[1], &want_count)) ||
      !(got = malloc(want_count * sizeof(float))))
    return fprintf(stderr, "cannot read %s\n", argv[1]), 1;
  for (r = 0; r < 5; ++r) {
    double t0 = now_ms();
#if NUM_INPUTS == 1
    ENTRY(in[0], got);
#elif NUM_INPUTS == 2
    ENTRY(in[0], in[1], got);
#else
    ENTRY(in[0], in[1], in[2], got);
#endif
    times[r] = now_ms() - t0;
  }
  qsort(times, 5, sizeof times[0], compare_doubles);
  for (i = 0; i < want_count; ++i)
    if (fabs(want[i]) > scale)
      scale = fabs(want[i]);
  for (i = 0; i < want_count; ++i) {
    double err = fabs((double)got[i] - want[i]);
    if (!(err <= max_err))
      max_err = isnan(err) ? INFINITY : err;
  }
  ok = max_err <= 1e-4 * scale;
  printf("median %.3f ms over 5 calls; check against %s: %s (max abs error "
         "%.3g, max |expected| %.3g)\n",
         times[2], argv[1], ok ? "PASS" : "FAIL", max_err, scale);
  for (a = 0; a < NUM_INPUTS; ++a)
    free(in[a]);
  free(want);
  free(got);
  return ok ? 0 : 1;
}
