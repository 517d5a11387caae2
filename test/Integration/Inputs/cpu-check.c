/* Calls deconv_malloc (clash-other.mlir: y = -x) through its CPU check. */
#include "clash-other.h"

#include <stdio.h>

int main(void) {
  float x[4] = {1, -2, 3, 4}, y[4] = {0, 0, 0, 0};
  int status = deconv_malloc(x, y);
  printf("status %d supported %d result %g %g\n", status,
         deconv_malloc_cpu_supported(), y[0], y[1]);
  return 0;
}
