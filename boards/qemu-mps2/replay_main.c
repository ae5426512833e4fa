/* Replay firmware: common/replay.c's executor on the Cortex-M3, so the differential test compares this
 * CPU and engine with V8 as well. The script is loaded into PSRAM at 0x21000000 by QEMU's generic loader
 * (-device loader,file=SCRIPT,addr=0x21000000,force-raw=on: the serial line would take ~10 KB/s); a line
 * "end" or a NUL ends it. The output goes out on the serial line; lines starting with '#' are the
 * firmware's own. QEMU then exits (semihosting): 0, or 1 after a script error, 3 after a trap. */
#include "board.h"
#include "wt.h"
#include "engine.h"
#include "embed.h"
#include "replay.h"

/* The instruction set gcc compiled for: the M3's own, or the M0+'s subset of it. */
#ifdef __ARM_ARCH_6M__
#define ISA "ARMv6-M (Cortex-M0+)"
#else
#define ISA "ARMv7-M (Cortex-M3)"
#endif

#define SCRIPT ((char *)0x21000000u) /* PSRAM, 16 MiB, zero at power-on */
#define SCRIPT_MAX (16u << 20)

void wt_host_link_send(const uint8_t *f, uint32_t len) { wt_replay_tx(f, len); }
void wt_host_trace(int32_t k, int32_t a, int32_t b, int32_t c) { wt_replay_trace(k, a, b, c); }
void wt_host_abort(uint32_t m, uint32_t f, uint32_t l, uint32_t c) { wt_replay_abort(m, f, l, c); }

int main(void) {
  uint32_t wasm_len;
  const uint8_t *wasm = wt_embedded_wasm(&wasm_len);
  board_init();
  uart_puts("# wasmtcp replay mps2-an385, " ISA " code (");
  uart_puts(wt_engine_name());
  uart_puts(")\n");
  if (!SCRIPT[0]) { uart_puts("# no script at 0x21000000\n"); board_exit(1); }
  if (wt_start(wasm, wasm_len) != 0) { uart_puts(wt_error()); board_panic("engine start failed", 0); }
  uint32_t start_peak = board_stack_peak(); /* painted at reset: the engine's start (wasm3 compiles here) */
  board_stack_paint();
  uint32_t start_allocs = wt_heap_calls;
  wt_replay_begin(uart_write, &board_rx);
  int r = wt_replay_memory(SCRIPT, SCRIPT_MAX);
  if (r < 0) { uart_puts("# error: "); uart_puts(wt_replay_error()); uart_puts("\n"); board_exit(1); }
  if (r > 0) board_exit(3);
  if (wt_heap_calls != start_allocs) board_panic("allocation after start", wt_heap_calls - start_allocs);
  uart_puts("# end, heap ");
  uart_putu((uint32_t)board_heap_used());
  uart_puts(" bytes in ");
  uart_putu(start_allocs);
  uart_puts(" allocations, none after start\n# stack peak start ");
  uart_putu(start_peak);
  uart_puts(", replay ");
  uart_putu(board_stack_peak());
  uart_puts(" bytes\n");
  board_exit(0);
}
