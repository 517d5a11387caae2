/* Calls one object, compiled with --threads=runtime, on OpenMP teams of the
 * sizes given on the command line (omp_set_num_threads before each call),
 * and checks every result against a direct loop nest of the transposed
 * convolution's definition: equal to it within 1e-5 of the output's
 * magnitude, and bit for bit equal to the first team size's result. */
#include "runtime-threads.h"

#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { N = 2, CI = 24, H = 12, W = 10, CO = 16, K = 4, S = 2, P = 1,
       OH = 24, OW = 20 };

static float x[N * CI * H * W], w[CI * CO * K * K], b[CO],
    want[N * CO * OH * OW], got[N * CO * OH * OW], first[N * CO * OH * OW];

/* y[n][o][iy*S + ky - P][ix*S + kx - P] += x[n][c][iy][ix] * w[c][o][ky][kx] */
static void reference(void) {
  int n, c, o, iy, ix, ky, kx, i;
  for (i = 0; i < N * CO * OH * OW; ++i)
    want[i] = b[(i / (OH * OW)) % CO];
  for (n = 0; n < N; ++n)
    for (c = 0; c < CI; ++c)
      for (iy = 0; iy < H; ++iy)
        for (ix = 0; ix < W; ++ix)
          for (o = 0; o < CO; ++o)
            for (ky = 0; ky < K; ++ky)
              for (kx = 0; kx < K; ++kx) {
                int oy = iy * S + ky - P, ox = ix * S + kx - P;
                if (oy < 0 || oy >= OH || ox < 0 || ox >= OW)
                  continue;
                want[((n * CO + o) * OH + oy) * OW + ox] +=
                    x[((n * CI + c) * H + iy) * W + ix] *
                    w[((c * CO + o) * K + ky) * K + kx];
              }
}

int main(int argc, char **argv) {
  unsigned seed = 2026;
  int i, a, failures = 0;
  float scale = 0, err;
  /* Unbuffered, so that OpenMP's affinity lines (stderr) come in order. */
  setvbuf(stdout, NULL, _IONBF, 0);
  for (i = 0; i < N * CI * H * W; ++i)
    x[i] = (float)((seed = seed * 1103515245u + 12345u) >> 16) / 32768.0f - 1.0f;
  for (i = 0; i < CI * CO * K * K; ++i)
    w[i] = (float)((seed = seed * 1103515245u + 12345u) >> 16) / 131072.0f - 0.25f;
  for (i = 0; i < CO; ++i)
    b[i] = 0.1f * (float)i - 0.7f;
  reference();
  for (i = 0; i < N * CO * OH * OW; ++i)
    scale = fmaxf(scale, fabsf(want[i]));
  for (a = 1; a < argc; ++a) {
    int team = atoi(argv[a]);
    omp_set_num_threads(team);
    memset(got, 0, sizeof got);
    if (deconv_up(x, w, b, got)) {
      printf("team of %d: the call failed\n", team);
      return 1;
    }
    err = 0;
    for (i = 0; i < N * CO * OH * OW; ++i)
      err = fmaxf(err, fabsf(got[i] - want[i]));
    if (a == 1)
      memcpy(first, got, sizeof got);
    if (err > 1e-5f * scale || memcmp(first, got, sizeof got)) {
      printf("team of %d: FAIL (max error %g of %g)\n", team, err, scale);
      ++failures;
    } else {
      printf("team of %d: PASS\n", team);
    }
  }
  return failures != 0;
}
