/* wasmtcp on an RP2040 board: the core (wasm2c or wasm3, chosen at configure time) behind a W5500 or the
 * Pico W's CYW43439 (net.h), serving the configured services (echo:7,http:80 by default). The address
 * comes from the build's configuration (config.h, generated from the CMake cache): DHCP by default, the
 * services opened once the lease is bound, NAME.local answered by mDNS; or a static address.
 * The main loop is common/loop.h's turn, then WFE until the core's next deadline or the next frame. */
#include <stdio.h>
#include <string.h>
#include "pico/stdlib.h"
#include "pico/unique_id.h"

#include "board.h"
#include "config.h" /* generated: WASMTCP_IP, WASMTCP_GW, WASMTCP_MAC, WASMTCP_NAME, WASMTCP_SERVE */
#include "net.h"
#include "args.h"
#include "engine.h"
#include "embed.h"
#include "lease.h"
#include "loop.h"
#include "services.h"
#include "wt.h"

#define REPORT_MS 10000

static wt_args opts;
static int serving; /* the services are open: at start, or with DHCP once the lease is bound */
static wt_lease lease;

void wt_host_link_send(const uint8_t *frame, uint32_t len) { net_send(frame, len); }
void wt_host_trace(int32_t k, int32_t a, int32_t b, int32_t c) { (void)k; (void)a; (void)b; (void)c; }
void wt_host_abort(uint32_t m, uint32_t f, uint32_t l, uint32_t c) { (void)m; (void)f; (void)c; board_panic("core abort at line", l); }

/* The configured strings, parsed as every board parses its options (args.h): the netmask from the prefix,
 * and without WASMTCP_MAC the MAC every board derives (02:77 and the four address bytes); with DHCP, the
 * board id's last four bytes instead, so that the server sees the same client (and lease) at every boot. */
static void configure(wt_args *a) {
  *a = (wt_args){.serve = WASMTCP_SERVE};
  if (wt_args_configured(a, WASMTCP_IP, WASMTCP_GW, WASMTCP_MAC, WASMTCP_NAME) != 0)
    board_panic(a->error, 0); /* names the option: --ip, --gw, --mac or --name */
  if (a->dhcp && !WASMTCP_MAC[0]) {
    pico_unique_board_id_t id;
    pico_get_unique_board_id(&id);
    memcpy(a->cfg.mac + 2, id.id + PICO_UNIQUE_BOARD_ID_SIZE_BYTES - 4, 4);
  }
  if (services_parse(WASMTCP_SERVE) != 0) board_panic("bad WASMTCP_SERVE: " WASMTCP_SERVE, 0);
}

/* "ready 192.168.1.50 echo:7 http:80": the line scripts and students wait for. */
static void print_ready(void) {
  char ip[16];
  wt_format_ip(ip, wt_ip_address());
  printf("ready %s ", ip);
  for (const char *s = WASMTCP_SERVE; *s; s++) putchar(*s == ',' ? ' ' : *s);
  putchar('\n');
}

static void print_counters(uint32_t now) {
  char name[48];
  printf("t=%lu ms link %s, ring drops %lu, net errors %lu, stack peak %lu; ", (unsigned long)now,
         net_link_up() ? "up" : "down", (unsigned long)board_rx.dropped, (unsigned long)net_errors(),
         (unsigned long)board_stack_peak());
  if (serving) print_ready();
  else printf("dhcp: waiting for a lease\n");
  int32_t n = wt_stats_count();
  for (int32_t i = 0; i < n; i++) {
    uint32_t v = wt_stat(i);
    if (v) printf("  %s %lu\n", wt_stat_name(i, name, sizeof name), (unsigned long)v);
  }
}

/* Opens the services once the interface has an address, then mDNS (RFC 6762 8.1: probing needs an
 * address to answer with). */
static void start_services(uint32_t now) {
  int up = services_start();
  if (up < services_count()) board_panic("listeners opened (the core's listener slots are fewer)", (uint32_t)up);
  serving = 1;
  print_ready();
  if (wt_mdns_start(now) >= 0) printf("mdns %s.local\n", opts.name);
}

/* DHCP: prints each address the lease gives or takes away, and each renewal; the services open with the
 * first address. */
static void follow_lease(uint32_t now) {
  char line[WT_LEASE_LINE];
  wt_lease_event e = wt_lease_follow(&lease, line);
  if (e == WT_LEASE_SAME) return;
  printf("dhcp: %s\n", line);
  if (e == WT_LEASE_BOUND && !serving) start_services(now);
}

static void app_turn(void *ctx, uint32_t now) {
  if (serving) services_turn(ctx, now);
}

static void run(void) {
  static char default_name[13];
  printf("\nwasmtcp rp2040 (%s, %s)\n", wt_engine_name(), net_name());
  configure(&opts);
  wt_ring_reset(&board_rx);
  if (net_init(opts.cfg.mac, &board_rx) != 0) board_panic("network interface", 0);
  const uint8_t *m = opts.cfg.mac;
  printf("mac %02x:%02x:%02x:%02x:%02x:%02x\n", m[0], m[1], m[2], m[3], m[4], m[5]);
  wt_args_default_name(&opts, default_name); /* from the MAC the interface ended up with */
  opts.cfg.seed = board_seed();

  uint32_t wasm_len;
  const uint8_t *wasm = wt_embedded_wasm(&wasm_len);
  if (wt_start(wasm, wasm_len) != 0) { printf("%s\n", wt_error()); board_panic("engine start failed", 0); }
  wt_init(&opts.cfg, board_ms());
  if (wt_set_hostname(opts.name, (uint32_t)strlen(opts.name)) < 0) board_panic("bad WASMTCP_NAME (one DNS label): " WASMTCP_NAME, 0);
  uint32_t start_allocs = board_allocs();
  printf("heap at start: %lu bytes in %lu heap calls, %lu bytes free; stack peak %lu of %lu bytes\n",
         (unsigned long)board_heap_used(), (unsigned long)start_allocs, (unsigned long)board_heap_free(),
         (unsigned long)board_stack_peak(), (unsigned long)board_stack_size());
  if (!opts.dhcp) start_services(board_ms());
  else if (wt_dhcp_start(board_ms()) < 0) board_panic("dhcp start failed", 0);
  else printf("dhcp: waiting for a lease (host name %s)\n", opts.name);

  uint32_t last_report = board_ms();
  for (;;) {
    uint32_t now = board_ms();
    net_receive();
    if (opts.dhcp) follow_lease(now);
    int32_t wait = wt_loop_turn(&board_rx, now, app_turn, NULL);
    if (wt_trapped()) { printf("%s\n", wt_error()); board_panic("module trapped", 0); }
    if (board_allocs() != start_allocs) board_panic("heap call after start", board_allocs() - start_allocs);
    if (now - last_report >= REPORT_MS) { /* a heartbeat with the counters, every 10 s */
      last_report = now;
      print_counters(now);
    }
    board_sleep_until(now + (uint32_t)(wait < 0 || wait > 1000 ? 1000 : wait));
  }
}

int main(void) {
  stdio_init_all();
  board_start(run);
}
