/* Calls a two-layer network compiled by deconv-compile: the first call
 * allocates the function's workspace; the calls after it find it cached and
 * allocate no buffer of an intermediate tensor's size. Then two pthreads
 * call it at the same time. The same network with a dynamic batch keeps
 * the largest blocks its calls needed: after a call of batch 1 and one of
 * batch 2, calls of either size allocate no block of an intermediate's
 * size either. Every result is checked against loop nests of
 * the definitions (within 1e-5 of the output's magnitude) and bit for bit
 * against the first call's. The program's aligned_alloc records the largest
 * block the object asks for. */
#define _POSIX_C_SOURCE 200112L
#include "workspaces.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { CI = 32, H = 16, W = 16, CM = 32, K1 = 4, OH = 32, OW = 32, CO = 8,
       K2 = 3, CALLS = 10 };
/* An intermediate tensor (the up-conv's output) in bytes. */
#define INTERMEDIATE_BYTES ((size_t)CM * OH * OW * sizeof(float))

static float x[CI * H * W], w1[CI * CM * K1 * K1], w2[CO * CM * K2 * K2],
    h[CM * OH * OW], want[CO * OH * OW], first[CO * OH * OW];
static size_t largest;

void *aligned_alloc(size_t alignment, size_t size) {
  void *p = NULL;
  if (size > largest)
    largest = size;
  return posix_memalign(&p, alignment < sizeof(void *) ? sizeof(void *)
                                                       : alignment,
                        size)
             ? NULL
             : p;
}

static void reference(void) {
  int c, m, o, iy, ix, ky, kx;
  memset(h, 0, sizeof h);
  memset(want, 0, sizeof want);
  /* h[m][iy*2 + ky - 1][ix*2 + kx - 1] += x[c][iy][ix] * w1[c][m][ky][kx] */
  for (c = 0; c < CI; ++c)
    for (iy = 0; iy < H; ++iy)
      for (ix = 0; ix < W; ++ix)
        for (m = 0; m < CM; ++m)
          for (ky = 0; ky < K1; ++ky)
            for (kx = 0; kx < K1; ++kx) {
              int oy = iy * 2 + ky - 1, ox = ix * 2 + kx - 1;
              if (oy >= 0 && oy < OH && ox >= 0 && ox < OW)
                h[(m * OH + oy) * OW + ox] +=
                    x[(c * H + iy) * W + ix] * w1[((c * CM + m) * K1 + ky) * K1 + kx];
            }
  /* want[o][y][x] = sum h[m][y + ky - 1][x + kx - 1] * w2[o][m][ky][kx] */
  for (o = 0; o < CO; ++o)
    for (m = 0; m < CM; ++m)
      for (iy = 0; iy < OH; ++iy)
        for (ix = 0; ix < OW; ++ix)
          for (ky = 0; ky < K2; ++ky)
            for (kx = 0; kx < K2; ++kx) {
              int sy = iy + ky - 1, sx = ix + kx - 1;
              if (sy >= 0 && sy < OH && sx >= 0 && sx < OW)
                want[(o * OH + iy) * OW + ix] +=
                    h[(m * OH + sy) * OW + sx] * w2[((o * CM + m) * K2 + ky) * K2 + kx];
            }
}

static float scale;

/* 0 when `got` matches the reference and the first result. */
static int check(const float *got) {
  float err = 0;
  int i;
  for (i = 0; i < CO * OH * OW; ++i)
    err = fmaxf(err, fabsf(got[i] - want[i]));
  return err > 1e-5f * scale || memcmp(got, first, sizeof first) != 0;
}

static void *worker(void *arg) {
  static float outs[2][CO * OH * OW];
  float *y = outs[(int)(size_t)arg];
  long bad = 0;
  int k;
  for (k = 0; k < CALLS; ++k) {
    memset(y, 0, sizeof outs[0]);
    bad += deconv_net(x, w1, w2, y) != 0 || check(y);
  }
  return (void *)bad;
}

int main(void) {
  static float y[CO * OH * OW];
  unsigned seed = 7;
  int i, k, failures = 0;
  pthread_t threads[2];
  long bad = 0;
  for (i = 0; i < CI * H * W; ++i)
    x[i] = (float)((seed = seed * 1103515245u + 12345u) >> 16) / 32768.0f - 1.0f;
  for (i = 0; i < CI * CM * K1 * K1; ++i)
    w1[i] = (float)((seed = seed * 1103515245u + 12345u) >> 16) / 262144.0f - 0.125f;
  for (i = 0; i < CO * CM * K2 * K2; ++i)
    w2[i] = (float)((seed = seed * 1103515245u + 12345u) >> 16) / 262144.0f - 0.125f;
  reference();
  for (i = 0; i < CO * OH * OW; ++i)
    scale = fmaxf(scale, fabsf(want[i]));

  largest = 0;
  if (deconv_net(x, w1, w2, first)) {
    printf("first call failed\n");
    return 1;
  }
  {
    float err = 0;
    for (i = 0; i < CO * OH * OW; ++i)
      err = fmaxf(err, fabsf(first[i] - want[i]));
    if (err > 1e-5f * scale) {
      printf("first call: FAIL (max error %g of %g)\n", err, scale);
      return 1;
    }
  }
  printf("first call: %s\n", largest >= INTERMEDIATE_BYTES
                                 ? "allocates the workspace"
                                 : "FAIL (no block of an intermediate's size)");
  failures += largest < INTERMEDIATE_BYTES;

  largest = 0;
  for (k = 0; k < CALLS; ++k) {
    memset(y, 0, sizeof y);
    if (deconv_net(x, w1, w2, y) || check(y)) {
      printf("call %d: FAIL\n", k + 2);
      ++failures;
    }
  }
  if (largest < INTERMEDIATE_BYTES) {
    printf("later calls: PASS (largest block %zu bytes)\n", largest);
  } else {
    printf("later calls: FAIL (a block of %zu bytes)\n", largest);
    ++failures;
  }

  for (i = 0; i < 2; ++i)
    pthread_create(&threads[i], NULL, worker, (void *)(size_t)i);
  for (i = 0; i < 2; ++i) {
    void *r;
    pthread_join(threads[i], &r);
    bad += (long)r;
  }
  printf("2 threads x %d calls: %s (%ld mismatching calls)\n", CALLS,
         bad ? "FAIL" : "PASS", bad);

  {
    static float x2[2 * CI * H * W];
    static const int batches[] = {1, 2, 1, 2, 2, 1};
    deconv_memref_f32_4d dw1 = deconv_memref_f32_4d_make(w1, CI, CM, K1, K1);
    deconv_memref_f32_4d dw2 = deconv_memref_f32_4d_make(w2, CO, CM, K2, K2);
    int dynamicBad = 0;
    memcpy(x2, x, sizeof x);
    memcpy(x2 + CI * H * W, x, sizeof x);
    for (k = 0; k < 6; ++k) {
      int n = batches[k], b;
      deconv_memref_f32_4d dx = deconv_memref_f32_4d_make(x2, n, CI, H, W);
      deconv_memref_f32_4d r;
      if (k == 2)
        largest = 0;
      _mlir_ciface_net_dyn(&r, &dx, &dw1, &dw2);
      dynamicBad += r.sizes[0] != n;
      for (b = 0; b < n && r.sizes[0] == n; ++b)
        dynamicBad += check(r.aligned + r.offset + b * CO * OH * OW);
      free(r.allocated);
    }
    printf("dynamic batch: %s (%d mismatching images, largest block after "
           "the first two calls %s)\n",
           !dynamicBad && largest < INTERMEDIATE_BYTES ? "PASS" : "FAIL",
           dynamicBad, largest < INTERMEDIATE_BYTES ? "small" : "large");
    failures += dynamicBad != 0 || largest >= INTERMEDIATE_BYTES;
  }
  return failures != 0 || bad != 0;
}
