/* Board services both firmwares use: clock, receive ring, panic and exit, the heap for wasm3's load
 * (every call counted by common/heap_calls.c: the main loops check the count never moves). */
#include "board.h"
#include "mps2.h"
#include "lan9118.h"
#include "stack.h"

volatile uint32_t board_ms;
wt_ring board_rx;

void systick_handler(void) { board_ms++; }
void eth_irq_handler(void) { lan9118_receive(&board_rx); }

void board_init(void) {
  uart_init();
  SYST_RVR = SYSCLK_HZ / 1000u - 1;
  SYST_CVR = 0;
  SYST_CSR = 7; /* processor clock, interrupt, enable */
  wt_ring_reset(&board_rx);
}

void board_panic(const char *what, uint32_t value) {
  __asm__ volatile("cpsid i");
  uart_puts("\npanic: ");
  uart_puts(what);
  uart_puts(" ");
  uart_putu(value);
  uart_puts("\n");
  board_exit(2);
}

void board_exit(int status) {
  /* SYS_EXIT with ADP_Stopped_ApplicationExit (QEMU exits 0) or RunTimeErrorUnknown (exits 1). */
  register uint32_t r0 __asm__("r0") = 0x18;
  register uint32_t r1 __asm__("r1") = status == 0 ? 0x20026u : 0x20023u;
  __asm__ volatile("bkpt 0xab" : : "r"(r0), "r"(r1) : "memory");
  for (;;) __asm__ volatile("wfi"); /* without -semihosting: stop here */
}

int board_cmdline(char *buf, uint32_t size) {
  /* SYS_GET_CMDLINE: r1 points at {buffer, size}; QEMU writes the line and its length back. */
  uint32_t block[2] = {(uint32_t)buf, size};
  register uint32_t r0 __asm__("r0") = 0x15;
  register uint32_t r1 __asm__("r1") = (uint32_t)block;
  __asm__ volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
  if (r0 != 0 || block[1] >= size) return -1;
  buf[block[1]] = 0;
  return (int)block[1];
}

extern uint8_t __heap_start, __heap_end, __stack_top;

/* The stack lies between the heap's end and __stack_top (mps2.ld). */
void board_stack_paint(void) { wt_stack_paint((uint32_t *)(void *)&__heap_end, (uint32_t *)(void *)&__stack_top); }

uint32_t board_stack_peak(void) {
  return wt_stack_peak((const uint32_t *)(const void *)&__heap_end, (const uint32_t *)(const void *)&__stack_top);
}

static uint8_t *brk = &__heap_start;

void *_sbrk(ptrdiff_t n) {
  if (n < 0 || (size_t)n > (size_t)(&__heap_end - brk)) return (void *)-1;
  uint8_t *p = brk;
  brk += n;
  return p;
}

size_t board_heap_used(void) { return (size_t)(brk - &__heap_start); }
