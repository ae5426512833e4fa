/* The Cortex-M reset handler every bare-metal image shares: copy .data from flash, clear .bss, let the
 * board prepare (board_reset_hook, weak: nothing by default), run main, then sleep. The linker script
 * provides the symbols; the image's vector table points its reset entry here. */
#include <stdint.h>

extern uint32_t __data_load, __data_start, __data_end, __bss_start, __bss_end;
int main(void);

__attribute__((weak)) void board_reset_hook(void) {}

void reset_handler(void) {
  uint32_t *src = &__data_load, *dst = &__data_start;
  while (dst < &__data_end) *dst++ = *src++;
  for (dst = &__bss_start; dst < &__bss_end; dst++) *dst = 0;
  board_reset_hook();
  main();
  for (;;) __asm__ volatile("wfi");
}
