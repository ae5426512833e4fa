#include "heap_calls.h"

#include <stddef.h>

volatile uint32_t wt_heap_calls;

void *__real_malloc(size_t n);
void *__real_calloc(size_t k, size_t n);
void *__real_realloc(void *p, size_t n);
void *__wrap_malloc(size_t n) { wt_heap_calls++; return __real_malloc(n); }
void *__wrap_calloc(size_t k, size_t n) { wt_heap_calls++; return __real_calloc(k, n); }
void *__wrap_realloc(void *p, size_t n) { wt_heap_calls++; return __real_realloc(p, n); }
