/* wasmtcp on an MPS2 AN385 (Cortex-M3, LAN9118), as QEMU's mps2-an385 models it; the engine is chosen at
 * link time (wasm3 or wasm2c). The options come from QEMU's -append through semihosting, as `wasmtcp tap`
 * takes them (common/args.h): --ip A.B.C.D/N|dhcp [--name NAME] [--gw A.B.C.D] [--mac M] [--seed N]
 * [--serve echo:7,http:80] [--echo-to A.B.C.D:PORT:BYTES] (a client exchange at boot; its result goes to the
 * console). With dhcp the services open once the lease is bound (common/lease.h prints its changes).
 * Without --ip the stack takes 10.0.2.15/24 with gateway 10.0.2.2 (QEMU's user-mode network) and serves
 * echo on 7 and discard on 9. The receive interrupt moves frames into the ring; the main loop is
 * common/loop.h's turn, then WFI until the next deadline or frame. Any byte on the console prints a report
 * (heap, stack peak, counters); so does a heartbeat every 10 s. */
#include "board.h"
#include "mps2.h"
#include "lan9118.h"
#include "wt.h"
#include "engine.h"
#include "embed.h"
#include "loop.h"
#include "services.h"
#include "args.h"
#include "client.h"
#include "lease.h"

#include <string.h>

void wt_host_link_send(const uint8_t *frame, uint32_t len) { lan9118_send(frame, len); }
void wt_host_trace(int32_t k, int32_t a, int32_t b, int32_t c) { (void)k; (void)a; (void)b; (void)c; }
void wt_host_abort(uint32_t m, uint32_t f, uint32_t l, uint32_t c) { (void)m; (void)f; (void)c; board_panic("core abort at line", l); }

static void report(uint32_t now) {
  char name[48];
  uart_puts("t=");
  uart_putu(now);
  uart_puts(" ms heap ");
  uart_putu((uint32_t)board_heap_used());
  uart_puts(" bytes, stack peak ");
  uart_putu(board_stack_peak());
  uart_puts(" bytes, rx ring drops ");
  uart_putu(board_rx.dropped);
  uart_puts("\n");
  for (int32_t i = 0, n = wt_stats_count(); i < n; i++) {
    uint32_t v = wt_stat(i);
    if (!v) continue;
    uart_puts("  ");
    uart_puts(wt_stat_name(i, name, sizeof name));
    uart_puts(" ");
    uart_putu(v);
    uart_puts("\n");
  }
  uart_puts("end of report\n");
}

/* The options: QEMU's -append, else the user-mode network's defaults. A fixed seed unless --seed: the
 * board has no entropy at reset (run.sh passes one from the host). */
static wt_args options(void) {
  static char line[256];
  static char *defaults[] = {"--ip", "10.0.2.15/24", "--gw", "10.0.2.2"};
  enum { WORDS = 24, DEFAULTS = sizeof defaults / sizeof defaults[0] };
  char *words[WORDS], *argv[DEFAULTS + WORDS];
  int n = board_cmdline(line, sizeof line) > 0 ? wt_args_split(line, words, WORDS) : 0, argc = 0, given_ip = 0;
  for (int i = 1; i < n; i++) given_ip |= !strcmp(words[i], "--ip"); /* words[0] is the kernel's file name */
  if (!given_ip)
    for (int i = 0; i < DEFAULTS; i++) argv[argc++] = defaults[i];
  for (int i = 1; i < n; i++) argv[argc++] = words[i];
  wt_args a = {.serve = "echo:7,discard:9"};
  a.cfg.seed = 0x5eed5eed12345678ull;
  if (wt_args_parse(&a, argc, argv) != 0) { uart_puts(a.error); board_panic(": bad option", 0); }
  return a;
}

static wt_args opts;
static int serving;     /* the services are open: at boot, or with --ip dhcp once the lease is bound */
static wt_lease lease;  /* what was last printed of the lease (--ip dhcp) */

/* Reports the Ethernet link when it changes (never blocks: a board boots without a cable too). */
static void link_report(void) {
  static int last = -1;
  int l = lan9118_link_poll();
  if (l == last) return;
  uart_puts(l == 0 ? "eth: link down\n" : l == 2 ? "eth: link up, full duplex\n" : "eth: link up, half duplex\n");
  last = l;
}

/* The application part of each turn: the services, and the echo client when --echo-to asked for one. */
static void app_turn(void *ctx, uint32_t now) {
  if (!serving) return;
  services_turn(ctx, now);
  if (!opts.echo_port) return;
  int was_done = echo_client_status()->done;
  uint32_t refused = echo_client_status()->retries;
  echo_client_turn(ctx, now);
  const echo_client_result *r = echo_client_status();
  if (r->retries != refused) uart_puts("echo-to: connection refused, retrying\n");
  if (was_done || !r->done) return;
  uart_puts("echo-to: sent ");
  uart_putu(r->sent);
  uart_puts(", received ");
  uart_putu(r->received);
  uart_puts(echo_client_passed() ? ", identical" : ", FAILED");
  uart_puts(", error ");
  uart_putu((uint32_t)-r->error);
  uart_puts("\n");
}

/* Opens the services (then mDNS and the echo client) once the interface has an address; prints "ready". */
static void start_services(const wt_args *a, uint32_t now) {
  if (services_start() != services_count()) board_panic("more services than listener slots", services_count());
  serving = 1;
  char ip[16];
  wt_format_ip(ip, wt_ip_address());
  uart_puts("ready ");
  uart_puts(ip);
  uart_puts(" ");
  uart_puts(a->serve);
  uart_puts("\n");
  /* RFC 6762 8.1: probing needs an address to answer with, so it starts now. */
  if (a->name && wt_mdns_start(now) >= 0) { uart_puts("mdns "); uart_puts(a->name); uart_puts(".local\n"); }
  if (a->echo_port && echo_client_start(a->echo_ip, a->echo_port, a->echo_bytes, now) != 0) uart_puts("echo-to: connect failed\n");
}

/* --ip dhcp: prints each address the lease gives or takes away, and each renewal; the services start with
 * the first address. */
static void follow_lease(const wt_args *a, uint32_t now) {
  char line[WT_LEASE_LINE];
  wt_lease_event e = wt_lease_follow(&lease, line);
  if (e == WT_LEASE_SAME) return;
  uart_puts("dhcp: ");
  uart_puts(line);
  uart_puts("\n");
  if (e == WT_LEASE_BOUND && !serving) start_services(a, now);
}

int main(void) {
  uint32_t wasm_len;
  const uint8_t *wasm = wt_embedded_wasm(&wasm_len);
  board_init();
  uart_puts("wasmtcp mps2-an385 (");
  uart_puts(wt_engine_name());
  uart_puts(")\n");
  const wt_args a = opts = options();
  if (lan9118_init(a.cfg.mac) != 0) board_panic("no LAN9118-family chip", 0);
  char id[] = "eth: chip 0x....\n";
  for (int i = 0; i < 4; i++) id[12 + i] = "0123456789abcdef"[lan9118_chip_id() >> (12 - 4 * i) & 15];
  uart_puts(id);
  link_report();
  if (wt_start(wasm, wasm_len) != 0) { uart_puts(wt_error()); board_panic("engine start failed", 0); }
  wt_init(&a.cfg, board_ms);
  if (services_parse(a.serve) != 0) board_panic("bad --serve", 0);
  if (a.name && wt_set_hostname(a.name, (uint32_t)strlen(a.name)) < 0) board_panic("bad --name", 0);
  uint32_t start_allocs = wt_heap_calls;
  uart_puts("heap at start: ");
  uart_putu((uint32_t)board_heap_used());
  uart_puts(" bytes in ");
  uart_putu(start_allocs);
  uart_puts(" allocations\n");
  NVIC_ISER0 = 1u << LAN9118_IRQ;
  if (!a.dhcp) start_services(&a, board_ms);
  else if (wt_dhcp_start(board_ms) < 0) board_panic("dhcp start failed", 0);
  else uart_puts("dhcp: waiting for a lease\n");

  uint32_t last_report = board_ms, last_link = board_ms;
  for (;;) {
    uint32_t now = board_ms;
    if (now - last_link >= 500) { last_link = now; link_report(); }
    if (a.dhcp) follow_lease(&a, now);
    int32_t wait = wt_loop_turn(&board_rx, now, app_turn, NULL);
    if (wt_trapped()) { uart_puts(wt_error()); board_panic("module trapped", 0); }
    if (wt_heap_calls != start_allocs) board_panic("allocation after start", wt_heap_calls - start_allocs);
    int key = 0;
    while (uart_poll() >= 0) key = 1; /* a line typed counts once */
    if (key || now - last_report >= 10000) { last_report = now; report(now); }
    /* Sleep until the deadline or an interrupt. The ring is checked with interrupts masked, so a frame
     * arriving in between still ends the WFI (a pending interrupt wakes it even when masked). The console
     * is polled, so the sleep is at most 100 ms; none while a service has work left. */
    uint32_t until = now + (uint32_t)(serving && services_more() ? 0 : wait < 0 || wait > 100 ? 100 : wait);
    __asm__ volatile("cpsid i" ::: "memory");
    while (!wt_ring_peek(&board_rx) && (int32_t)(board_ms - until) < 0) {
      __asm__ volatile("wfi");
      __asm__ volatile("cpsie i\n\tisb\n\tcpsid i" ::: "memory"); /* let the handler run */
    }
    __asm__ volatile("cpsie i" ::: "memory");
  }
}
