/* Calls the functions of c-abi.mlir through the header deconv-compile wrote
 * (c-abi.h) and writes inputs and results as .npy files into DIR, for
 * deconv-run --reference to check. Built as C99 and as C++.
 *   c-abi DIR */
#include "c-abi.h"
#include "npy.h"

#include <stdio.h>
#include <stdlib.h>

static uint64_t state = 42;
static float next(void) {
  state = state * 6364136223846793005ull + 1442695040888963407ull;
  return (float)((state >> 40) & 0xffff) / 32768.0f - 1.0f;
}

static float *random_buffer(int64_t n) {
  float *p = (float *)malloc(n * sizeof(float));
  int64_t i;
  for (i = 0; i < n; ++i)
    p[i] = next();
  return p;
}

static const char *dir;
static int save(const char *name, const float *data, int rank,
                const int64_t *shape) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s.npy", dir, name);
  return npy_write_f32(path, data, rank, shape);
}

/* Saves a (possibly strided) 4-D result after copying it out. */
static int save_result(const char *name, const deconv_memref_f32_4d *m) {
  int64_t n = m->sizes[0] * m->sizes[1] * m->sizes[2] * m->sizes[3];
  float *dense = (float *)malloc((n ? n : 1) * sizeof(float));
  int rc;
  deconv_memref_f32_4d_copy_out(m, dense);
  rc = save(name, dense, 4, m->sizes);
  free(dense);
  return rc;
}

int main(int argc, char **argv) {
  int rc = 0, call;
  if (argc != 2) {
    fprintf(stderr, "usage: c-abi DIR\n");
    return 2;
  }
  dir = argv[1];

  { /* Static: the plain-buffer wrapper. */
    static const int64_t xs[4] = {2, 4, 5, 5}, ws[4] = {4, 3, 3, 3},
                         bs[1] = {3}, ys[4] = {2, 3, 10, 10};
    float *x = random_buffer(200), *w = random_buffer(108),
          *b = random_buffer(3);
    float y[600];
    deconv_upsample(x, w, b, y);
    rc |= save("up_x", x, 4, xs) | save("up_w", w, 4, ws) |
          save("up_b", b, 1, bs) | save("up_y", y, 4, ys);
    free(x);
    free(w);
    free(b);
  }

  /* Dynamic: two calls of the same function with different batch and
     height, through the descriptors. */
  for (call = 0; call < 2; ++call) {
    int64_t n = call ? 3 : 1, h = call ? 2 : 6;
    int64_t xs[4], ws[4] = {4, 1, 3, 3}, vs[4] = {2, 2, 1, 3};
    char name[64];
    float *x, *w = random_buffer(36), *v = random_buffer(12);
    deconv_memref_f32_4d xd, wd, vd;
    dynamic_results r;
    xs[0] = n, xs[1] = 4, xs[2] = h, xs[3] = 5;
    x = random_buffer(n * 4 * h * 5);
    xd = deconv_memref_f32_4d_make(x, n, 4, h, 5);
    wd = deconv_memref_f32_4d_make(w, 4, 1, 3, 3);
    vd = deconv_memref_f32_4d_make(v, 2, 2, 1, 3);
    _mlir_ciface_dynamic(&r, &xd, &wd, &vd);
    if (r.result0.allocated == r.result1.allocated) {
      fprintf(stderr, "results 0 and 1 share a buffer\n");
      return 1;
    }
    snprintf(name, sizeof name, "dyn%d_x", call);
    rc |= save(name, x, 4, xs);
    snprintf(name, sizeof name, "dyn%d_w", call);
    rc |= save(name, w, 4, ws);
    snprintf(name, sizeof name, "dyn%d_v", call);
    rc |= save(name, v, 4, vs);
    snprintf(name, sizeof name, "dyn%d_y0", call);
    rc |= save_result(name, &r.result0);
    snprintf(name, sizeof name, "dyn%d_y1", call);
    rc |= save_result(name, &r.result1);
    snprintf(name, sizeof name, "dyn%d_y2", call);
    rc |= save_result(name, &r.result2);
    printf("dynamic call %d: result 0 is %lldx%lldx%lldx%lld\n", call,
           (long long)r.result0.sizes[0], (long long)r.result0.sizes[1],
           (long long)r.result0.sizes[2], (long long)r.result0.sizes[3]);
    free(r.result0.allocated);
    free(r.result1.allocated);
    free(r.result2.allocated);
    free(x);
    free(w);
    free(v);
  }

  { /* 1-D with a constant filter: the descriptor interface for rank 3. */
    static const int64_t xs[3] = {1, 2, 7};
    float *x = random_buffer(14), y[42];
    deconv_const1d(x, y);
    {
      static const int64_t ys[3] = {1, 2, 21};
      rc |= save("c1_x", x, 3, xs) | save("c1_y", y, 3, ys);
    }
    free(x);
  }
  return rc;
}
