/* wasmtcp on an MPS2 AN385 (Cortex-M3, LAN9118), as QEMU's mps2-an385 models it; the engine is chosen at
 * link time (wasm3 or wasm2c). The stack takes 10.0.2.15/24 with gateway 10.0.2.2 (QEMU's user-mode
 * network) and serves echo on 7 and discard on 9. The receive interrupt moves frames into the ring; the
 * main loop is common/loop.h's turn, then WFI until the next deadline or frame. */
#include "board.h"
#include "mps2.h"
#include "lan9118.h"
#include "wt.h"
#include "engine.h"
#include "loop.h"
#include "services.h"

void wt_host_link_send(const uint8_t *frame, uint32_t len) { lan9118_send(frame, len); }
void wt_host_trace(int32_t k, int32_t a, int32_t b, int32_t c) { (void)k; (void)a; (void)b; (void)c; }
void wt_host_abort(uint32_t m, uint32_t f, uint32_t l, uint32_t c) { (void)m; (void)f; (void)c; board_panic("core abort at line", l); }

static void print_counters(void) {
  char name[48];
  int32_t n = wt_stats_count();
  for (int32_t i = 0; i < n; i++) {
    uint32_t v = wt_stat(i);
    if (!v) continue;
    uart_puts("  ");
    uart_puts(wt_stat_name(i, name, sizeof name));
    uart_puts(" ");
    uart_putu(v);
    uart_puts("\n");
  }
}

int main(void) {
  static const wt_config cfg = {{0x02, 0x00, 0x0a, 0x00, 0x02, 0x0f}, 0x0a00020f, 0xffffff00, 0x0a000202, 0x5eed5eed12345678ull};
  uint32_t wasm_len;
  const uint8_t *wasm = board_wasm(&wasm_len);
  board_init();
  uart_puts("wasmtcp mps2-an385 (");
  uart_puts(wt_engine_name());
  uart_puts(")\n");
  if (lan9118_init(cfg.mac) != 0) board_panic("no LAN9118", 0);
  if (wt_start(wasm, wasm_len) != 0) { uart_puts(wt_error()); board_panic("engine start failed", 0); }
  wt_init(&cfg, board_ms);
  if (services_parse("echo:7,discard:9") != 0 || services_start() != 2) board_panic("services", 0);
  uint32_t start_allocs = board_allocs;
  uart_puts("heap at start: ");
  uart_putu((uint32_t)board_heap_used());
  uart_puts(" bytes in ");
  uart_putu(start_allocs);
  uart_puts(" allocations\nready 10.0.2.15 echo:7 discard:9\n");
  NVIC_ISER0 = 1u << LAN9118_IRQ;

  uint32_t last_report = board_ms;
  for (;;) {
    uint32_t now = board_ms;
    int32_t wait = wt_loop_turn(&board_rx, now, services_turn, NULL);
    if (wt_trapped()) { uart_puts(wt_error()); board_panic("module trapped", 0); }
    if (board_allocs != start_allocs) board_panic("allocation after start", board_allocs - start_allocs);
    if (now - last_report >= 10000) { /* a heartbeat with the counters, every 10 s */
      last_report = now;
      uart_puts("t=");
      uart_putu(now);
      uart_puts(" ms\n");
      print_counters();
    }
    /* Sleep until the deadline or an interrupt. The ring is checked with interrupts masked, so a frame
     * arriving in between still ends the WFI (a pending interrupt wakes it even when masked). */
    uint32_t until = now + (uint32_t)(wait < 0 || wait > 1000 ? 1000 : wait);
    __asm__ volatile("cpsid i" ::: "memory");
    while (!wt_ring_peek(&board_rx) && (int32_t)(board_ms - until) < 0) {
      __asm__ volatile("wfi");
      __asm__ volatile("cpsie i\n\tisb\n\tcpsid i" ::: "memory"); /* let the handler run */
    }
    __asm__ volatile("cpsie i" ::: "memory");
  }
}
