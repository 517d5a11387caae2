/* A program that defines deconv_error_handler: a failed run-time check of
 * the compiled code (a channel count that does not match the filter) calls
 * it with the message before the abort, and the program ends its own way. */
#include "runtime-checks.h"

#include <stdio.h>
#include <stdlib.h>

void deconv_error_handler(const char *message) {
  printf("handler: %s", message);
  fflush(stdout);
  exit(3);
}

static float buffer[5 * 4 * 4], weights[4 * 2 * 3 * 3], bias[2];

int main(void) {
  deconv_memref_f32_4d x = deconv_memref_f32_4d_make(buffer, 1, 5, 4, 4);
  deconv_memref_f32_4d w = deconv_memref_f32_4d_make(weights, 4, 2, 3, 3);
  deconv_memref_f32_1d b = deconv_memref_f32_1d_make(bias, 2);
  deconv_memref_f32_4d y;
  _mlir_ciface_channels(&y, &x, &w, &b);
  printf("not reached\n");
  return 0;
}
