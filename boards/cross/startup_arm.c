/* The least a Cortex-M0+ image needs to link: a vector table with the stack and the shared reset
 * (common/reset_arm.c). (The probe is sized, never run; a real board's SDK brings its own.) */
#include <stdint.h>

extern uint32_t __stack_top;
void reset_handler(void);

__attribute__((section(".vectors"), used)) static const void *const vectors[2] = {&__stack_top, (void *)reset_handler};

/* newlib's malloc grows into [__heap_start, __heap_end): wasm3's load-time allocations. */
extern uint8_t __heap_start, __heap_end;
static uint8_t *brk = &__heap_start;

void *_sbrk(int n) {
  if (n < 0 || n > &__heap_end - brk) return (void *)-1;
  uint8_t *p = brk;
  brk += n;
  return p;
}
