/* npy.h - read and write NumPy .npy files of little-endian f32 in C order.
 *
 * A small, dependency-free helper for C programs that call code built by
 * deconv-compile (the examples and the integration tests). Functions return 0
 * on success and print a message to stderr otherwise.
 */
#ifndef DECONV_EXAMPLES_NPY_H
#define DECONV_EXAMPLES_NPY_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Writes `data` (count = product of shape) as a version 1.0 .npy file. */
static inline int npy_write_f32(const char *path, const float *data, int rank,
                                const int64_t *shape) {
  char dict[256];
  int64_t count = 1;
  int n, i, pad;
  FILE *f;
  n = snprintf(dict, sizeof dict,
               "{'descr': '<f4', 'fortran_order': False, "
               "'shape': (");
  for (i = 0; i < rank; ++i) {
    n += snprintf(dict + n, sizeof dict - n, "%lld,%s", (long long)shape[i],
                  i + 1 < rank ? " " : "");
    count *= shape[i];
  }
  n += snprintf(dict + n, sizeof dict - n, "), }");
  /* magic (6) + version (2) + length (2) + dict + padding + '\n' is a
     multiple of 64. */
  pad = 63 - (10 + n) % 64;
  f = fopen(path, "wb");
  if (!f) {
    fprintf(stderr, "npy: cannot write %s\n", path);
    return 1;
  }
  fwrite("\x93NUMPY\x01\x00", 1, 8, f);
  fputc((n + pad + 1) & 0xff, f);
  fputc((n + pad + 1) >> 8, f);
  fwrite(dict, 1, n, f);
  for (i = 0; i < pad; ++i)
    fputc(' ', f);
  fputc('\n', f);
  if (fwrite(data, sizeof(float), (size_t)count, f) != (size_t)count) {
    fclose(f);
    fprintf(stderr, "npy: short write to %s\n", path);
    return 1;
  }
  return fclose(f) != 0;
}

/* The element count of the shape tuple in a .npy header dict ('shape': (...)
   already found at `p`). */
static inline int64_t npy_shape_count(const char *p) {
  int64_t have = 1;
  for (p += 10; *p && *p != ')';) {
    char *end;
    long long d = strtoll(p, &end, 10);
    if (end == p)
      break;
    have *= d;
    p = end;
    while (*p == ',' || *p == ' ')
      ++p;
  }
  return have;
}

/* The element count of a version 1 .npy file, or -1. */
static inline int64_t npy_count(const char *path) {
  unsigned char head[10];
  char dict[4096];
  unsigned len;
  const char *p;
  FILE *f = fopen(path, "rb");
  int ok;
  if (!f)
    return -1;
  ok = fread(head, 1, 10, f) == 10 && memcmp(head, "\x93NUMPY", 6) == 0;
  len = head[8] | (unsigned)head[9] << 8;
  ok = ok && len < sizeof dict && fread(dict, 1, len, f) == len;
  fclose(f);
  if (!ok)
    return -1;
  dict[len] = 0;
  p = strstr(dict, "'shape': (");
  return p ? npy_shape_count(p) : -1;
}

/* Reads a .npy of little-endian f32 in C order with exactly `count`
   elements into `data`. */
static inline int npy_read_f32(const char *path, float *data, int64_t count) {
  unsigned char head[10];
  char dict[4096];
  unsigned len;
  int64_t have = 1;
  const char *p;
  FILE *f = fopen(path, "rb");
  if (!f) {
    fprintf(stderr, "npy: cannot open %s\n", path);
    return 1;
  }
  if (fread(head, 1, 10, f) != 10 || memcmp(head, "\x93NUMPY", 6) != 0 ||
      head[6] != 1) {
    fclose(f);
    fprintf(stderr, "npy: %s is not a version 1 .npy file\n", path);
    return 1;
  }
  len = head[8] | (unsigned)head[9] << 8;
  if (len >= sizeof dict || fread(dict, 1, len, f) != len) {
    fclose(f);
    fprintf(stderr, "npy: %s has a bad header\n", path);
    return 1;
  }
  dict[len] = 0;
  if (!strstr(dict, "'descr': '<f4'") ||
      !strstr(dict, "'fortran_order': False") ||
      !(p = strstr(dict, "'shape': ("))) {
    fclose(f);
    fprintf(stderr, "npy: %s is not little-endian f32 in C order\n", path);
    return 1;
  }
  have = npy_shape_count(p);
  if (have != count ||
      fread(data, sizeof(float), (size_t)count, f) != (size_t)count) {
    fclose(f);
    fprintf(stderr, "npy: %s does not hold %lld floats\n", path,
            (long long)count);
    return 1;
  }
  fclose(f);
  return 0;
}

#endif /* DECONV_EXAMPLES_NPY_H */
