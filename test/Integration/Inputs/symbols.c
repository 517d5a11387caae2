/* Links clash-main.o and clash-other.o (functions named main, puts, write,
 * malloc) into a program with its own main that also calls libc's puts,
 * write and malloc. */
#include "clash-main.h"
#include "clash-other.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(void) {
  float x[18], w[8], y[36], v[4] = {1, -2, 3, 0.5f}, r[4];
  int i, ok = 1;
  float *buffer = malloc(16 * sizeof(float)); /* libc's */
  if (!buffer)
    return 1;
  free(buffer);
  for (i = 0; i < 18; ++i)
    x[i] = (float)i;
  for (i = 0; i < 8; ++i)
    w[i] = 1.0f;
  /* Kernel = stride = 2, one output channel, all-ones filter: each output
     pixel is the sum of the two input channels at its source pixel. */
  deconv_main(x, w, y);
  for (i = 0; i < 36; ++i) {
    int oy = i / 6, ox = i % 6, src = (oy / 2) * 3 + ox / 2;
    ok &= y[i] == x[src] + x[9 + src];
  }
  deconv_puts(v, r);
  for (i = 0; i < 4; ++i)
    ok &= r[i] == 2 * v[i];
  deconv_malloc(v, r);
  for (i = 0; i < 4; ++i)
    ok &= r[i] == -v[i];
  puts("libc puts still prints"); /* libc's, not the network */
  fflush(stdout);
  if (write(1, "libc write too\n", 15) != 15)
    ok = 0;
  printf("%s\n", ok ? "PASS" : "FAIL");
  return ok ? 0 : 1;
}
