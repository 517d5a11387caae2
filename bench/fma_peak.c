/* fma_peak.c - this machine's FP32 FMA peak: every thread runs independent
 * FMA chains of the widest vectors the compiler targets (AVX-512 where
 * -march=native has it, else AVX2), enough of them to cover the FMA latency
 * on every pipe, for a fixed count; prints
 * "gflops_per_core=<float> threads=<n> width=<lanes>".
 *   cc -O2 -march=native -fopenmp fma_peak.c -o fma_peak; ./fma_peak [THREADS] */
#include <immintrin.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>

#ifdef __AVX512F__
typedef __m512 vec;
#define LANES 16
#define SET1 _mm512_set1_ps
#define ZERO _mm512_setzero_ps
#define FMA _mm512_fmadd_ps
#define ADD _mm512_add_ps
#define STORE _mm512_storeu_ps
#define CONSTRAINT "+v"
#else
typedef __m256 vec;
#define LANES 8
#define SET1 _mm256_set1_ps
#define ZERO _mm256_setzero_ps
#define FMA _mm256_fmadd_ps
#define ADD _mm256_add_ps
#define STORE _mm256_storeu_ps
#define CONSTRAINT "+x"
#endif

int main(int argc, char **argv) {
  int threads = argc > 1 ? atoi(argv[1]) : 1;
  const long iters = 200000000;
  double best = 0;
  int rep;
  for (rep = 0; rep < 5; ++rep) {
    double t0 = omp_get_wtime(), sink = 0;
#pragma omp parallel num_threads(threads) reduction(+ : sink)
    {
      vec a = SET1(1.0f), b = SET1(0.999999f);
      vec c0 = ZERO(), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0,
          c7 = c0, c8 = c0, c9 = c0;
      long i;
      for (i = 0; i < iters / 10; ++i) {
        c0 = FMA(a, b, c0);
        c1 = FMA(a, b, c1);
        c2 = FMA(a, b, c2);
        c3 = FMA(a, b, c3);
        c4 = FMA(a, b, c4);
        c5 = FMA(a, b, c5);
        c6 = FMA(a, b, c6);
        c7 = FMA(a, b, c7);
        c8 = FMA(a, b, c8);
        c9 = FMA(a, b, c9);
        __asm__ volatile(""
                         : CONSTRAINT(c0), CONSTRAINT(c1), CONSTRAINT(c2),
                           CONSTRAINT(c3), CONSTRAINT(c4), CONSTRAINT(c5),
                           CONSTRAINT(c6), CONSTRAINT(c7), CONSTRAINT(c8),
                           CONSTRAINT(c9));
      }
      vec sum = ADD(ADD(ADD(c0, c1), ADD(c2, c3)),
                    ADD(ADD(ADD(c4, c5), ADD(c6, c7)), ADD(c8, c9)));
      float out[LANES];
      STORE(out, sum);
      sink += out[0];
    }
    double sec = omp_get_wtime() - t0;
    double gflops = 2.0 * LANES * (double)(iters / 10 * 10) * threads / sec / 1e9;
    if (gflops / threads > best)
      best = gflops / threads;
    if (sink == 42)
      printf("#");
  }
  printf("gflops_per_core=%.2f threads=%d width=%d\n", best, threads, LANES);
  return 0;
}
