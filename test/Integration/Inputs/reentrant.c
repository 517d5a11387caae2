/* Calls a compiled layer from several threads at once, each on its own
 * inputs, many times, and checks every result bit for bit against the same
 * call made alone first: the generated code keeps no state between calls. */
#include "reentrant.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { kThreads = 4, kCalls = 25, kX = 2 * 16 * 9 * 7, kW = 16 * 8 * 4 * 4,
       kB = 8, kY = 2 * 8 * 18 * 14 };

static float x[kThreads][kX], w[kW], b[kB], want[kThreads][kY];
static int failures;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static void *worker(void *arg) {
  int t = (int)(size_t)arg, c, bad = 0;
  static float got[kThreads][kY];
  for (c = 0; c < kCalls; ++c) {
    memset(got[t], 0, sizeof got[t]);
    deconv_layer(x[t], w, b, got[t]);
    bad += memcmp(got[t], want[t], sizeof got[t]) != 0;
  }
  pthread_mutex_lock(&lock);
  failures += bad;
  pthread_mutex_unlock(&lock);
  return NULL;
}

int main(void) {
  pthread_t threads[kThreads];
  unsigned seed = 12345;
  int t, i;
  for (t = 0; t < kThreads; ++t)
    for (i = 0; i < kX; ++i)
      x[t][i] = (float)((seed = seed * 1103515245u + 12345u) >> 16) / 32768.0f - 1.0f;
  for (i = 0; i < kW; ++i)
    w[i] = (float)((seed = seed * 1103515245u + 12345u) >> 16) / 131072.0f - 0.25f;
  for (i = 0; i < kB; ++i)
    b[i] = 0.1f * (float)i - 0.3f;
  for (t = 0; t < kThreads; ++t)
    deconv_layer(x[t], w, b, want[t]);
  for (t = 0; t < kThreads; ++t)
    if (pthread_create(&threads[t], NULL, worker, (void *)(size_t)t))
      return 2;
  for (t = 0; t < kThreads; ++t)
    pthread_join(threads[t], NULL);
  printf("%d threads x %d calls: %s (%d mismatching calls)\n", kThreads,
         kCalls, failures ? "FAIL" : "PASS", failures);
  return failures != 0;
}
