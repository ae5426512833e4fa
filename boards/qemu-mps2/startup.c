/* The vector table (reset: common/reset_arm.c). Faults print where they happened and stop, so a test
 * sees them on the serial line instead of a silent hang. */
#include <stdint.h>
#include "board.h"

extern uint32_t __stack_top;
void reset_handler(void);

/* Runs after .data and .bss are set up, before main. */
void board_reset_hook(void) { board_stack_paint(); }

static void fault_handler(void) {
  uint32_t ipsr;
  __asm__ volatile("mrs %0, ipsr" : "=r"(ipsr));
  board_panic("fault, exception", ipsr & 0x1ff);
}

static void unused_handler(void) { board_panic("unexpected interrupt", 0); }

typedef void (*vector)(void);
__attribute__((section(".vectors"), used)) static const vector vectors[16 + 32] = {
  [0] = (vector)&__stack_top,
  [1] = reset_handler,
  [2] = fault_handler,  /* NMI */
  [3] = fault_handler,  /* HardFault */
  [4] = fault_handler,  /* MemManage */
  [5] = fault_handler,  /* BusFault */
  [6] = fault_handler,  /* UsageFault */
  [11] = unused_handler, /* SVCall */
  [14] = unused_handler, /* PendSV */
  [15] = systick_handler,
  [16 + 13] = eth_irq_handler,
};
