/* The least a Cortex-M0+ image needs to link: a vector table with the stack and reset, .data and .bss
 * set up, main. (The probe is sized, never run; a real board's SDK brings its own.) */
#include <stdint.h>

extern uint32_t __data_load, __data_start, __data_end, __bss_start, __bss_end, __stack_top;
int main(void);

void reset_handler(void) {
  uint32_t *src = &__data_load, *dst = &__data_start;
  while (dst < &__data_end) *dst++ = *src++;
  for (dst = &__bss_start; dst < &__bss_end; dst++) *dst = 0;
  main();
  for (;;) {}
}

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
