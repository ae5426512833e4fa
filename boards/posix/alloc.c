/* Counts the engine's heap use. The binaries link with -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,
 * --wrap=free, so every call from wasm3, wasm2c's runtime and our own objects lands here (libc's
 * internal calls do not). main.c reports the counts at start-up and after the run: the second must
 * equal the first, which is how the tests check "no allocation after start". `live` is what is held
 * (glibc's usable sizes, so a little above what was asked for). */
#include "posix.h"

#include <malloc.h>
#include <stddef.h>

posix_alloc_count posix_allocs;

void *__real_malloc(size_t n);
void *__real_calloc(size_t k, size_t n);
void *__real_realloc(void *p, size_t n);
void __real_free(void *p);

static void *count(void *p) {
  posix_allocs.calls++;
  if (p) posix_allocs.live += malloc_usable_size(p);
  if (posix_allocs.live > posix_allocs.peak) posix_allocs.peak = posix_allocs.live;
  return p;
}

void *__wrap_malloc(size_t n) { return count(__real_malloc(n)); }
void *__wrap_calloc(size_t k, size_t n) { return count(__real_calloc(k, n)); }
void *__wrap_realloc(void *p, size_t n) {
  if (p) posix_allocs.live -= malloc_usable_size(p);
  return count(__real_realloc(p, n));
}
void __wrap_free(void *p) {
  if (p) posix_allocs.live -= malloc_usable_size(p);
  __real_free(p);
}
