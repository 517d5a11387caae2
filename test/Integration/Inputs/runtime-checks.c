/* Calls the functions of runtime-checks.mlir with the sizes MODE names; the
 * generated code must report bad ones on stderr and abort.
 *   runtime-checks MODE */
#include "runtime-checks.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static float buffer[64];

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "";
  if (!strcmp(mode, "channels") || !strcmp(mode, "bias") ||
      !strcmp(mode, "channels-ok")) {
    int64_t c = strcmp(mode, "channels") ? 4 : 5;
    int64_t nb = strcmp(mode, "bias") ? 2 : 3;
    deconv_memref_f32_4d x = deconv_memref_f32_4d_make(buffer, 1, c, 4, 4);
    float *wdata = (float *)calloc(4 * 2 * 3 * 3, sizeof(float));
    deconv_memref_f32_4d w = deconv_memref_f32_4d_make(wdata, 4, 2, 3, 3);
    deconv_memref_f32_1d b = deconv_memref_f32_1d_make(buffer, nb);
    deconv_memref_f32_4d y;
    _mlir_ciface_channels(&y, &x, &w, &b);
    printf("channels returned %lldx%lldx%lldx%lld\n", (long long)y.sizes[0],
           (long long)y.sizes[1], (long long)y.sizes[2],
           (long long)y.sizes[3]);
    free(y.allocated);
    free(wdata);
    return 0;
  }
  if (!strcmp(mode, "width") || !strcmp(mode, "width-ok")) {
    int64_t n = strcmp(mode, "width") ? 5 : 4;
    deconv_memref_f32_3d x = deconv_memref_f32_3d_make(buffer, 1, 2, n);
    deconv_memref_f32_3d w = deconv_memref_f32_3d_make(buffer, 3, 2, 3);
    deconv_memref_f32_3d y;
    _mlir_ciface_width(&y, &x, &w);
    printf("width returned %lldx%lldx%lld\n", (long long)y.sizes[0],
           (long long)y.sizes[1], (long long)y.sizes[2]);
    free(y.allocated);
    return 0;
  }
  if (!strcmp(mode, "overflow") || !strcmp(mode, "big")) {
    deconv_memref_f32_3d x = deconv_memref_f32_3d_make(buffer, 1, 1, 4);
    deconv_memref_f32_3d w = deconv_memref_f32_3d_make(buffer, 1, 1, 3);
    deconv_memref_f32_3d y;
    if (!strcmp(mode, "big"))
      _mlir_ciface_big(&y, &x, &w);
    else
      _mlir_ciface_overflow(&y, &x, &w);
    printf("%s returned\n", mode);
    return 0;
  }
  fprintf(stderr, "unknown mode '%s'\n", mode);
  return 2;
}
