/* Calls the status entry points of runtime-checks.mlir: bad sizes and failed
 * allocations come back as DECONV_ERROR_RUNTIME with the message, the
 * process goes on, and repeated failures leak nothing (glibc's mallinfo2
 * counts the bytes in use). */
#include "runtime-checks.h"

#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>

static float buffer[4096];

static long long bytesInUse(void) {
  struct mallinfo2 m = mallinfo2();
  return (long long)(m.uordblks + m.hblkhd);
}

/* chain or chain_big on an input of width n. */
static int chain(int big, int64_t n, const char **error,
                 deconv_memref_f32_3d *y) {
  deconv_memref_f32_3d x = deconv_memref_f32_3d_make(buffer, 1, 2, n);
  deconv_memref_f32_3d w1 = deconv_memref_f32_3d_make(buffer, 3, 2, 3);
  if (big) {
    deconv_memref_f32_3d w2 = deconv_memref_f32_3d_make(buffer, 3, 1, 3);
    return deconv_call_chain_big(error, y, &x, &w1, &w2);
  }
  deconv_memref_f32_3d w2 = deconv_memref_f32_3d_make(buffer, 4, 3, 5);
  return deconv_call_chain(error, y, &x, &w1, &w2);
}

int main(void) {
  const char *error = NULL;
  deconv_memref_f32_4d x = deconv_memref_f32_4d_make(buffer, 1, 5, 4, 4);
  deconv_memref_f32_4d w = deconv_memref_f32_4d_make(buffer, 4, 2, 3, 3);
  deconv_memref_f32_1d b = deconv_memref_f32_1d_make(buffer, 2);
  deconv_memref_f32_4d y4;
  int status = deconv_call_channels(&error, &y4, &x, &w, &b);
  printf("channels: status %d: %s", status, error);

  /* A null error pointer is allowed. */
  status = deconv_call_channels(NULL, &y4, &x, &w, &b);
  printf("channels without message: status %d\n", status);

  /* Good sizes after the failures. */
  x.sizes[1] = 4;
  error = NULL;
  status = deconv_call_channels(&error, &y4, &x, &w, &b);
  printf("channels-ok: status %d error %s sizes %lldx%lldx%lldx%lld\n", status,
         error ? error : "null", (long long)y4.sizes[0],
         (long long)y4.sizes[1], (long long)y4.sizes[2],
         (long long)y4.sizes[3]);
  free(y4.allocated);

  deconv_memref_f32_3d y;
  status = chain(0, 6, &error, &y);
  printf("chain: status %d: %s", status, error);
  status = chain(1, 6, &error, &y);
  printf("chain_big: status %d: %s", status, error);
  status = chain(0, 7, &error, &y);
  printf("chain-ok: status %d width %lld\n", status, (long long)y.sizes[2]);
  free(y.allocated);

  /* The first layer's buffer is freed on the way out. */
  for (int big = 0; big < 2; ++big) {
    for (int i = 0; i < 20; ++i) /* fills malloc's per-thread caches */
      chain(big, 6, &error, &y);
    long long before = bytesInUse();
    int failures = 0;
    for (int i = 0; i < 200; ++i)
      failures += chain(big, 6, &error, &y) == DECONV_ERROR_RUNTIME;
    printf("%s: %d failures, %lld bytes leaked\n", big ? "chain_big" : "chain",
           failures, bytesInUse() - before);
  }
  return 0;
}
