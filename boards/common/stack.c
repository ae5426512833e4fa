#include "stack.h"

#define STACK_PAINT 0x5ac45ac4u

/* noinline: the frame address must be the caller's own frame, or just below it. */
__attribute__((noinline)) void wt_stack_paint(uint32_t *lowest, uint32_t *top) {
  volatile uint32_t here = 0;
  uint32_t *frame = (uint32_t *)(uintptr_t)&here - 16; /* 64 bytes of slack below this frame */
  uint32_t *end = (uintptr_t)&here >= (uintptr_t)lowest && (uintptr_t)&here < (uintptr_t)top ? frame : top;
  for (uint32_t *p = lowest; p < end; p++) *p = STACK_PAINT;
  (void)here;
}

uint32_t wt_stack_peak(const uint32_t *lowest, const uint32_t *top) {
  const uint32_t *p = lowest;
  while (p < top && *p == STACK_PAINT) p++;
  return (uint32_t)((uintptr_t)top - (uintptr_t)p);
}
