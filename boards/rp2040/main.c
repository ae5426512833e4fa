/* wasmtcp on an RP2040 board: the core (wasm2c or wasm3, chosen at configure time) behind a W5500 or the
 * Pico W's CYW43439 (net.h), serving the configured services (echo:7,http:80 by default). The address
 * comes from the build's configuration (config.h, generated from the CMake cache): there is no DHCP.
 * The main loop is common/loop.h's turn, then WFE until the core's next deadline or the next frame. */
#include <stdio.h>
#include "pico/stdlib.h"

#include "board.h"
#include "config.h" /* generated: WASMTCP_IP, WASMTCP_GW, WASMTCP_MAC, WASMTCP_SERVE */
#include "net.h"
#include "args.h"
#include "engine.h"
#include "embed.h"
#include "loop.h"
#include "services.h"
#include "wt.h"

#define REPORT_MS 10000

void wt_host_link_send(const uint8_t *frame, uint32_t len) { net_send(frame, len); }
void wt_host_trace(int32_t k, int32_t a, int32_t b, int32_t c) { (void)k; (void)a; (void)b; (void)c; }
void wt_host_abort(uint32_t m, uint32_t f, uint32_t l, uint32_t c) { (void)m; (void)f; (void)c; board_panic("core abort at line", l); }

/* The configured strings, parsed as every board parses its options (args.h): the netmask from the prefix,
 * and without WASMTCP_MAC the MAC every board derives (02:77 and the four address bytes). */
static void configure(wt_config *cfg) {
  char *argv[8] = {"--ip", WASMTCP_IP};
  int argc = 2;
  if (WASMTCP_GW[0]) { argv[argc++] = "--gw"; argv[argc++] = WASMTCP_GW; }
  if (WASMTCP_MAC[0]) { argv[argc++] = "--mac"; argv[argc++] = WASMTCP_MAC; }
  wt_args a = {.serve = WASMTCP_SERVE};
  if (wt_args_parse(&a, argc, argv) != 0) board_panic(a.error, 0); /* names the option: --ip, --gw or --mac */
  *cfg = a.cfg;
  if (services_parse(WASMTCP_SERVE) != 0) board_panic("bad WASMTCP_SERVE: " WASMTCP_SERVE, 0);
}

static void print_ip(uint32_t ip) {
  printf("%lu.%lu.%lu.%lu", (unsigned long)(ip >> 24), (unsigned long)(ip >> 16 & 255), (unsigned long)(ip >> 8 & 255),
         (unsigned long)(ip & 255));
}

/* "ready 192.168.1.50 echo:7 http:80": the line scripts and students wait for. */
static void print_ready(const wt_config *cfg) {
  printf("ready ");
  print_ip(cfg->ip);
  putchar(' ');
  for (const char *s = WASMTCP_SERVE; *s; s++) putchar(*s == ',' ? ' ' : *s);
  putchar('\n');
}

static void print_counters(uint32_t now, const wt_config *cfg) {
  char name[48];
  printf("t=%lu ms link %s, ring drops %lu, net errors %lu, stack peak %lu; ", (unsigned long)now,
         net_link_up() ? "up" : "down", (unsigned long)board_rx.dropped, (unsigned long)net_errors(),
         (unsigned long)board_stack_peak());
  print_ready(cfg);
  int32_t n = wt_stats_count();
  for (int32_t i = 0; i < n; i++) {
    uint32_t v = wt_stat(i);
    if (v) printf("  %s %lu\n", wt_stat_name(i, name, sizeof name), (unsigned long)v);
  }
}

static void run(void) {
  static wt_config cfg;
  printf("\nwasmtcp rp2040 (%s, %s)\n", wt_engine_name(), net_name());
  configure(&cfg);
  wt_ring_reset(&board_rx);
  if (net_init(cfg.mac, &board_rx) != 0) board_panic("network interface", 0);
  printf("mac %02x:%02x:%02x:%02x:%02x:%02x\n", cfg.mac[0], cfg.mac[1], cfg.mac[2], cfg.mac[3], cfg.mac[4], cfg.mac[5]);
  cfg.seed = board_seed();

  uint32_t wasm_len;
  const uint8_t *wasm = wt_embedded_wasm(&wasm_len);
  if (wt_start(wasm, wasm_len) != 0) { printf("%s\n", wt_error()); board_panic("engine start failed", 0); }
  wt_init(&cfg, board_ms());
  int up = services_start();
  if (up < services_count()) board_panic("listeners opened (the core's listener slots are fewer)", (uint32_t)up);
  uint32_t start_allocs = board_allocs();
  printf("heap at start: %lu bytes in %lu heap calls, %lu bytes free; stack peak %lu of %lu bytes\n",
         (unsigned long)board_heap_used(), (unsigned long)start_allocs, (unsigned long)board_heap_free(),
         (unsigned long)board_stack_peak(), (unsigned long)board_stack_size());
  print_ready(&cfg);

  uint32_t last_report = board_ms();
  for (;;) {
    uint32_t now = board_ms();
    net_receive();
    int32_t wait = wt_loop_turn(&board_rx, now, services_turn, NULL);
    if (wt_trapped()) { printf("%s\n", wt_error()); board_panic("module trapped", 0); }
    if (board_allocs() != start_allocs) board_panic("heap call after start", board_allocs() - start_allocs);
    if (now - last_report >= REPORT_MS) { /* a heartbeat with the counters, every 10 s */
      last_report = now;
      print_counters(now, &cfg);
    }
    board_sleep_until(now + (uint32_t)(wait < 0 || wait > 1000 ? 1000 : wait));
  }
}

int main(void) {
  stdio_init_all();
  board_start(run);
}
