/* Replay program for QEMU's RISC-V `virt` machine (rv32), built for the ESP32-C3's rv32imc with either
 * engine: common/replay.c's executor, so the differential test compares this instruction set with V8 too.
 * QEMU's generic loader puts the script at SCRIPT (-device loader,file=S,addr=0x84000000,force-raw=on);
 * the output goes out on the NS16550 UART (-serial stdio); the sifive_test device ends QEMU with the
 * status: 0, 1 after a script error, 3 after a trap, 2 on a failure of the program itself. */
#include "wt.h"
#include "engine.h"
#include "embed.h"
#include "replay.h"
#include "heap_calls.h"
#include "stack.h"

#include <stddef.h>
#include <stdint.h>

#define REG8(a) (*(volatile uint8_t *)(a))
#define UART 0x10000000u    /* NS16550: THR at +0, LSR at +5 (bit 5: room to transmit) */
#define TEST_DEV 0x00100000u /* sifive_test: 0x5555 exits 0, (code << 16) | 0x3333 exits with code */
#define SCRIPT ((char *)0x84000000u) /* 64 MiB into RAM, above this program's (the link puts it below) */
#define SCRIPT_MAX (16u << 20)

static void uart_write(const char *s, uint32_t n) {
  while (n--) {
    while (!(REG8(UART + 5) & 0x20)) {}
    REG8(UART) = (uint8_t)*s++;
  }
}

static void uart_puts(const char *s) {
  uint32_t n = 0;
  while (s[n]) n++;
  uart_write(s, n);
}

static void uart_putu(uint32_t v) {
  char b[10];
  int i = 10;
  do b[--i] = (char)('0' + v % 10); while ((v /= 10) != 0);
  uart_write(b + i, (uint32_t)(10 - i));
}

__attribute__((noreturn)) static void quit(int status) {
  *(volatile uint32_t *)TEST_DEV = status == 0 ? 0x5555u : ((uint32_t)status << 16) | 0x3333u;
  for (;;) {}
}

/* What abort() ends in (picolibc: raise -> kill, getpid; then _exit): QEMU stops with status 2. */
void _exit(int status) { (void)status; quit(2); }
int getpid(void) { return 1; }
int kill(int pid, int sig) { (void)pid; (void)sig; quit(2); }

extern char __heap_start; /* picolibc.ld: where malloc's sbrk begins */
/* The stack: __stack_size bytes below __stack (the Makefile's --defsym). Not from __heap_end: picolibc.ld
 * computes that before the command line's __stack_size is seen, and puts it 2 KiB below __stack. */
extern uint32_t __stack[];
extern char __stack_size[];
#define STACK_LOWEST ((uint32_t *)((char *)__stack - (uintptr_t)__stack_size))
void *sbrk(ptrdiff_t n);

void wt_host_link_send(const uint8_t *f, uint32_t len) { wt_replay_tx(f, len); }
void wt_host_trace(int32_t k, int32_t a, int32_t b, int32_t c) { wt_replay_trace(k, a, b, c); }
void wt_host_abort(uint32_t m, uint32_t f, uint32_t l, uint32_t c) { wt_replay_abort(m, f, l, c); }

static wt_ring rx;

int main(void) {
  wt_stack_paint(STACK_LOWEST, __stack);
  uint32_t wasm_len;
  const uint8_t *wasm = wt_embedded_wasm(&wasm_len);
  uart_puts("# wasmtcp replay riscv virt, rv32imc code (");
  uart_puts(wt_engine_name());
  uart_puts(")\n");
  if (!SCRIPT[0]) { uart_puts("# no script at 0x84000000\n"); quit(1); }
  if (wt_start(wasm, wasm_len) != 0) { uart_puts("# engine start failed: "); uart_puts(wt_error()); uart_puts("\n"); quit(2); }
  uint32_t start_peak = wt_stack_peak(STACK_LOWEST, __stack); /* the engine's start (wasm3 compiles here) */
  wt_stack_paint(STACK_LOWEST, __stack);
  uint32_t start_allocs = wt_heap_calls; /* every heap call is counted: none may follow */
  wt_replay_begin(uart_write, &rx);
  int r = wt_replay_memory(SCRIPT, SCRIPT_MAX);
  if (r < 0) { uart_puts("# error: "); uart_puts(wt_replay_error()); uart_puts("\n"); quit(1); }
  if (r > 0) quit(3);
  if (wt_heap_calls != start_allocs) { uart_puts("# allocation after start\n"); quit(2); }
  uart_puts("# end, heap ");
  uart_putu((uint32_t)((char *)sbrk(0) - &__heap_start));
  uart_puts(" bytes in ");
  uart_putu(start_allocs);
  uart_puts(" heap calls, none after start\n# stack peak start ");
  uart_putu(start_peak);
  uart_puts(", replay ");
  uart_putu(wt_stack_peak(STACK_LOWEST, __stack));
  uart_puts(" bytes\n");
  quit(0);
}
