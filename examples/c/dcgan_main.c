/* dcgan_main.c - run the DCGAN generator compiled by deconv-compile and
 * check it against stored reference data.
 *
 *   deconv-compile examples/dcgan_generator.mlir -o dcgan_generator.o \
 *       --header=dcgan_generator.h
 *   cc -O2 -std=c99 -I. -Iexamples/c examples/c/dcgan_main.c \
 *       dcgan_generator.o -lm -o dcgan_main
 *   ./dcgan_main examples/c/dcgan_expected.npy
 *
 * The inputs (latent batch and the four filters) are generated here with a
 * fixed seed, like PyTorch's default initialisation; dcgan_expected.npy holds
 * the generator's output for them, computed by deconv-run's independent
 * reference implementation (see make-expected.sh). --write-inputs DIR writes
 * the inputs as .npy files for that.
 */
#define _POSIX_C_SOURCE 199309L
#include "dcgan_generator.h"
#include "npy.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { kArgs = 5, kRank = 4 };
static const int64_t kShapes[kArgs][kRank] = {{16, 512, 4, 4},
                                              {512, 256, 4, 4},
                                              {256, 128, 4, 4},
                                              {128, 64, 4, 4},
                                              {64, 3, 4, 4}};
static const int64_t kOutShape[kRank] = {16, 3, 64, 64};
/* Useful FLOPs of the four layers: 2 * N * Cin * Hin * Win * Cout * 4 * 4. */
static const double kFlops = 3321888768.0;

static uint64_t rng_state = 20261125;
static float uniform(float bound) { /* xorshift64*, in [-bound, bound) */
  rng_state ^= rng_state >> 12;
  rng_state ^= rng_state << 25;
  rng_state ^= rng_state >> 27;
  return bound * (2.0f * (float)((rng_state * 2685821657736338717ull) >> 40) /
                      16777216.0f -
                  1.0f);
}

static int64_t count_of(const int64_t *shape) {
  int64_t n = 1;
  int d;
  for (d = 0; d < kRank; ++d)
    n *= shape[d];
  return n;
}

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int compare_doubles(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

int main(int argc, char **argv) {
  float *in[kArgs], *out, *expected;
  int64_t out_count = count_of(kOutShape), i;
  double times[5], scale = 0, max_err = 0;
  int a, r;

  if (argc != 2 && !(argc == 4 && strcmp(argv[2], "--write-inputs") == 0)) {
    fprintf(stderr, "usage: %s EXPECTED.npy [--write-inputs DIR]\n", argv[0]);
    return 2;
  }
  for (a = 0; a < kArgs; ++a) {
    int64_t n = count_of(kShapes[a]);
    /* PyTorch: bound 1/sqrt(fan_in), fan_in = weight.size(1) * kH * kW. */
    float bound = a == 0 ? 1.0f : 1.0f / sqrtf((float)(kShapes[a][1] * 16));
    in[a] = malloc(n * sizeof(float));
    if (!in[a])
      return fprintf(stderr, "out of memory\n"), 1;
    for (i = 0; i < n; ++i)
      in[a][i] = uniform(bound);
  }
  if (argc == 4) {
    for (a = 0; a < kArgs; ++a) {
      char path[4096];
      snprintf(path, sizeof path, "%s/input%d.npy", argv[3], a);
      if (npy_write_f32(path, in[a], kRank, kShapes[a]))
        return 1;
    }
    return 0;
  }

  out = malloc(out_count * sizeof(float));
  expected = malloc(out_count * sizeof(float));
  if (!out || !expected)
    return fprintf(stderr, "out of memory\n"), 1;
  if (npy_read_f32(argv[1], expected, out_count))
    return 1;

  for (r = 0; r < 5; ++r) {
    double t0 = now_ms();
    int status = deconv_dcgan_generator(in[0], in[1], in[2], in[3], in[4], out);
    times[r] = now_ms() - t0;
    if (status != 0)
      return fprintf(stderr, "dcgan_generator failed: status %d\n", status), 1;
  }
  qsort(times, 5, sizeof times[0], compare_doubles);

  /* |out - expected| <= 1e-4 * max|expected|: float32 rounding of sums of
     products scales with the terms, and the outputs here are small. */
  for (i = 0; i < out_count; ++i)
    if (fabs(expected[i]) > scale)
      scale = fabs(expected[i]);
  for (i = 0; i < out_count; ++i) {
    double err = fabs((double)out[i] - expected[i]);
    if (!(err <= max_err))
      max_err = isnan(err) ? INFINITY : err;
  }
  printf("dcgan_generator 16x512x4x4 -> 16x3x64x64: median %.1f ms over 5 "
         "runs, %.2f GFLOP/s\n",
         times[2], kFlops / (times[2] * 1e6));
  printf("check against %s: %s (max abs error %.3g, max |expected| %.3g)\n",
         argv[1], max_err <= 1e-4 * scale ? "PASS" : "FAIL", max_err, scale);
  for (a = 0; a < kArgs; ++a)
    free(in[a]);
  free(out);
  free(expected);
  return max_err <= 1e-4 * scale ? 0 : 1;
}
