/* Each function of destination.mlir through its dense-buffer wrapper
 * deconv_<f> (the destination entry: results computed in the caller's
 * arrays) and through _mlir_ciface_<f> (results allocated by the callee):
 * the results must be bitwise equal, and the wrapper must write every
 * element of the caller's arrays (they start as NaN). */
#include "destination.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned seed = 1;

static float *random_buffer(size_t n) {
  float *p = (float *)malloc(n * sizeof(float));
  size_t i;
  for (i = 0; i < n; ++i) {
    seed = seed * 1103515245u + 12345u;
    p[i] = (float)((seed >> 8) & 0xffff) / 32768.0f - 1.0f;
  }
  return p;
}

static float *nan_buffer(size_t n) {
  float *p = (float *)malloc(n * sizeof(float));
  memset(p, 0xff, n * sizeof(float)); /* all NaN */
  return p;
}

static int failures = 0;

static void compare(const char *name, const float *got, const float *want,
                    size_t n) {
  int same = memcmp(got, want, n * sizeof(float)) == 0;
  printf("%s: %s\n", name, same ? "PASS" : "FAIL");
  failures += !same;
}

int main(void) {
  {
    float *x = random_buffer(2 * 32 * 6 * 6), *w = random_buffer(32 * 16 * 16),
          *b = random_buffer(16), *y = nan_buffer(2 * 16 * 12 * 12);
    deconv_memref_f32_4d xd = deconv_memref_f32_4d_make(x, 2, 32, 6, 6),
                         wd = deconv_memref_f32_4d_make(w, 32, 16, 4, 4), r;
    deconv_memref_f32_1d bd = deconv_memref_f32_1d_make(b, 16);
    int status = deconv_up2d(x, w, b, y);
    _mlir_ciface_up2d(&r, &xd, &wd, &bd);
    compare(status ? "up2d status" : "up2d", y, r.aligned + r.offset,
            2 * 16 * 12 * 12);
    free(r.allocated), free(x), free(w), free(b), free(y);
  }
  {
    float *x = random_buffer(16 * 64), *w = random_buffer(16 * 8 * 8),
          *y = nan_buffer(8 * 512);
    deconv_memref_f32_5d xd = deconv_memref_f32_5d_make(x, 1, 16, 4, 4, 4),
                         wd = deconv_memref_f32_5d_make(w, 16, 8, 2, 2, 2), r;
    int status = deconv_up3d(x, w, y);
    _mlir_ciface_up3d(&r, &xd, &wd);
    compare(status ? "up3d status" : "up3d", y, r.aligned + r.offset, 8 * 512);
    free(r.allocated), free(x), free(w), free(y);
  }
  {
    float *x = random_buffer(64 * 63), *w = random_buffer(32 * 64),
          *y = nan_buffer(32 * 63);
    deconv_memref_f32_4d xd = deconv_memref_f32_4d_make(x, 1, 64, 7, 9),
                         wd = deconv_memref_f32_4d_make(w, 32, 64, 1, 1), r;
    int status = deconv_pointwise(x, w, y);
    _mlir_ciface_pointwise(&r, &xd, &wd);
    compare(status ? "pointwise status" : "pointwise", y, r.aligned + r.offset,
            32 * 63);
    free(r.allocated), free(x), free(w), free(y);
  }
  {
    float *x = random_buffer(32 * 20), *w = random_buffer(32 * 16 * 16),
          *y = nan_buffer(16 * 160);
    deconv_memref_f32_3d xd = deconv_memref_f32_3d_make(x, 1, 32, 20),
                         wd = deconv_memref_f32_3d_make(w, 32, 16, 16), r;
    int status = deconv_up1d(x, w, y);
    _mlir_ciface_up1d(&r, &xd, &wd);
    compare(status ? "up1d status" : "up1d", y, r.aligned + r.offset, 16 * 160);
    free(r.allocated), free(x), free(w), free(y);
  }
  {
    float *x = random_buffer(32 * 49), *w = random_buffer(32 * 4 * 16),
          *y = nan_buffer(16 * 196);
    deconv_memref_f32_4d xd = deconv_memref_f32_4d_make(x, 1, 32, 7, 7),
                         wd = deconv_memref_f32_4d_make(w, 32, 4, 4, 4), r;
    int status = deconv_grouped(x, w, y);
    _mlir_ciface_grouped(&r, &xd, &wd);
    compare(status ? "grouped status" : "grouped", y, r.aligned + r.offset,
            16 * 196);
    free(r.allocated), free(x), free(w), free(y);
  }
  {
    float *x = random_buffer(8 * 25), *w = random_buffer(8 * 8 * 9),
          *y = nan_buffer(8 * 25), *z = nan_buffer(8 * 25);
    deconv_memref_f32_4d xd = deconv_memref_f32_4d_make(x, 1, 8, 5, 5),
                         wd = deconv_memref_f32_4d_make(w, 8, 8, 3, 3);
    two_results r;
    int status = deconv_two(x, w, y, z);
    _mlir_ciface_two(&r, &xd, &wd);
    compare(status ? "two status" : "two.0", y,
            r.result0.aligned + r.result0.offset, 8 * 25);
    compare(status ? "two status" : "two.1", z, x, 8 * 25);
    free(r.result0.allocated), free(r.result1.allocated);
    free(x), free(w), free(y), free(z);
  }
  return failures != 0;
}
