/* wasmtcp on an ESP32: the core owns one interface (Ethernet through esp_eth, or the Wi-Fi station) and
 * serves the configured services (echo:7,http:80). Everything comes from menuconfig: address (DHCP by
 * default: the services open once the lease is bound), host name (NAME.local by mDNS), services,
 * back-end, engine. The driver's receive callback copies frames into the ring and wakes the core's task;
 * that task is the only one that calls into the core: common/loop.h's turn, then sleep until the core's
 * next deadline or the next frame. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "freertos/FreeRTOS.h"
#include "freertos/task.h"
#include "bootloader_random.h"
#include "esp_event.h"
#include "esp_heap_caps.h"
#include "esp_idf_version.h"
#include "esp_random.h"
#include "sdkconfig.h"

#include "args.h"
#include "board.h"
#include "embed.h"
#include "engine.h"
#include "lease.h"
#include "link.h"
#include "loop.h"
#include "services.h"
#include "wt.h"

#if ESP_IDF_VERSION < ESP_IDF_VERSION_VAL(5, 3, 0)
#error "ESP-IDF v5.3 or later (eth_esp32_emac_config_t.smi_gpio, esp_driver_gpio, CONFIG_HEAP_USE_HOOKS)"
#endif

#define REPORT_MS 10000u /* counters on the console this often */
#define MAX_SLEEP_MS 1000u

/* The core's imports. link_send leaves the allocation guard around the driver: esp_wifi_internal_tx
 * copies each frame into a buffer of its own, which is the driver's business, not the core's. */
void wt_host_link_send(const uint8_t *frame, uint32_t len) {
  board_core_leave();
  link_send(frame, len);
  board_core_enter();
}
void wt_host_trace(int32_t k, int32_t a, int32_t b, int32_t c) { (void)k; (void)a; (void)b; (void)c; }
void wt_host_abort(uint32_t m, uint32_t f, uint32_t l, uint32_t c) { (void)m; (void)f; (void)c; board_panic("core abort at line", (int32_t)l); }

/* menuconfig's strings, through the parser every board shares (args.h). A bad one stops here, before any
 * driver. */
static void parse_config(wt_args *a) {
  *a = (wt_args){.serve = CONFIG_WASMTCP_SERVICES};
  if (wt_args_configured(a, CONFIG_WASMTCP_IP, CONFIG_WASMTCP_GATEWAY, CONFIG_WASMTCP_MAC, CONFIG_WASMTCP_HOSTNAME) != 0)
    board_panic(a->error, 0); /* names the option: --ip (WASMTCP_IP), --gw, --mac or --name (WASMTCP_HOSTNAME) */
  if (services_parse(CONFIG_WASMTCP_SERVICES) != 0) board_panic("bad services (WASMTCP_SERVICES): " CONFIG_WASMTCP_SERVICES, 0);
}

/* The core never reads randomness itself (its ISNs and ports come from this seed). Before any radio runs,
 * the RNG needs the SAR ADC's noise to be truly random: on for two reads, then off again for the drivers. */
static uint64_t random_seed(void) {
  bootloader_random_enable();
  uint64_t seed = (uint64_t)esp_random() << 32 | esp_random();
  bootloader_random_disable();
  return seed;
}

static void print_counters(uint32_t now) {
  char name[48];
  printf("t=%" PRIu32 " ms link %s, heap free %u (lowest %u), core stack unused %u, ring drops %" PRIu32
         ", oversize %" PRIu32 ", tx errors %" PRIu32 "\n",
         now, link_up() ? "up" : "down", (unsigned)heap_caps_get_free_size(MALLOC_CAP_8BIT),
         (unsigned)heap_caps_get_minimum_free_size(MALLOC_CAP_8BIT), (unsigned)uxTaskGetStackHighWaterMark(NULL),
         board_rx.dropped, board_rx_oversize, link_tx_errors());
  int32_t n = wt_stats_count();
  for (int32_t i = 0; i < n; i++) {
    uint32_t v = wt_stat(i);
    if (v) printf("  %s %" PRIu32 "\n", wt_stat_name(i, name, sizeof name), v);
  }
}

static wt_args opts; /* the core's task reads them after app_main returns */
static int serving;  /* the services are open: at start, or with DHCP once the lease is bound */
static wt_lease lease;

/* Opens the services once the interface has an address, then mDNS (RFC 6762 8.1: probing needs an address
 * to answer with); prints the "ready" line. Inside the allocation guard but for the printing. */
static void start_services(uint32_t now) {
  char ip[16];
  board_core_enter();
  int listening = services_start();
  int32_t mdns = wt_mdns_start(now);
  board_core_leave();
  serving = 1;
  if (listening < services_count())
    printf("warning: %d of %d services listening (the core's build has fewer listener slots)\n", listening, services_count());
  const uint8_t *m = opts.cfg.mac;
  wt_format_ip(ip, wt_ip_address());
  printf("ready %s mac %02x:%02x:%02x:%02x:%02x:%02x %s\n", ip, m[0], m[1], m[2], m[3], m[4], m[5], CONFIG_WASMTCP_SERVICES);
  if (mdns >= 0) printf("mdns %s.local\n", opts.name);
}

/* DHCP: prints each address the lease gives or takes away, and each renewal; the services open with the
 * first address. */
static void follow_lease(uint32_t now) {
  char line[WT_LEASE_LINE];
  board_core_enter();
  wt_lease_event e = wt_lease_follow(&lease, line);
  board_core_leave();
  if (e == WT_LEASE_SAME) return;
  printf("dhcp: %s\n", line);
  if (e == WT_LEASE_BOUND && !serving) start_services(now);
}

static void app_turn(void *ctx, uint32_t now) {
  if (serving) services_turn(ctx, now);
}

static void core_task(void *arg) {
  (void)arg;
  uint32_t wasm_len;
  const uint8_t *wasm = wt_embedded_wasm(&wasm_len);
  board_set_core_task(xTaskGetCurrentTaskHandle());

  /* Every allocation the engine makes happens here (wasm3: ~250 KB; wasm2c: none, its memory is static). */
  size_t free_before = heap_caps_get_free_size(MALLOC_CAP_8BIT);
  board_core_enter();
  int started = wt_start(wasm, wasm_len);
  if (started == 0 && wt_init(&opts.cfg, board_now_ms()) != 0) started = -1;
  int named = started == 0 ? wt_set_hostname(opts.name, (uint32_t)strlen(opts.name)) : 0;
  board_core_leave();
  if (started != 0) { printf("%s\n", wt_error()); board_panic("engine start failed", 0); }
  if (named < 0) board_panic("bad host name (WASMTCP_HOSTNAME: one DNS label)", named);
  size_t free_after = heap_caps_get_free_size(MALLOC_CAP_8BIT);
  uint32_t start_allocs = board_core_allocs();
  printf("heap at start: %u bytes free before the engine, %u after (%d bytes in %" PRIu32 " allocations)%s\n",
         (unsigned)free_before, (unsigned)free_after, (int)(free_before - free_after), start_allocs,
         board_alloc_checked() ? "" : "; allocations not counted: CONFIG_HEAP_USE_HOOKS is off");

  if (link_start() != 0) board_panic("link start failed", 0);
  if (!opts.dhcp) start_services(board_now_ms());
  else {
    board_core_enter();
    int32_t dhcp = wt_dhcp_start(board_now_ms());
    board_core_leave();
    if (dhcp < 0) board_panic("dhcp start failed", dhcp);
    printf("dhcp: waiting for a lease (host name %s)\n", opts.name);
  }

  uint32_t last_report = board_now_ms();
  for (;;) {
    uint32_t now = board_now_ms();
    if (opts.dhcp) follow_lease(now);
    board_core_enter();
    int32_t wait = wt_loop_turn(&board_rx, now, app_turn, NULL);
    board_core_leave();
    if (wt_trapped()) { printf("%s\n", wt_error()); board_panic("module trapped", 0); }
    if (board_core_allocs() != start_allocs) board_panic("allocation after start", (int32_t)(board_core_allocs() - start_allocs));
    if (now - last_report >= REPORT_MS) { /* a heartbeat with the counters */
      last_report = now;
      print_counters(now);
    }
    /* Sleep until the deadline (rounded up to a tick, or the core would spin through the last one) or
     * until the receive callback gives a notification; one given since the last take returns at once. */
    uint32_t ms = wait < 0 || (uint32_t)wait > MAX_SLEEP_MS ? MAX_SLEEP_MS : (uint32_t)wait;
    ulTaskNotifyTake(pdTRUE, (TickType_t)((ms + portTICK_PERIOD_MS - 1) / portTICK_PERIOD_MS));
  }
}

void app_main(void) {
  static char default_name[13];
  printf("wasmtcp on %s (%s, %s, ESP-IDF %s)\n", CONFIG_IDF_TARGET, link_name(), wt_engine_name(), esp_get_idf_version());
  parse_config(&opts);
  opts.cfg.seed = random_seed();
  wt_ring_reset(&board_rx);
  /* esp_eth and esp_wifi post their state changes to the default loop (esp_eth_start fails without it). */
  if (esp_event_loop_create_default() != ESP_OK) board_panic("no default event loop", 0);
  /* Without WASMTCP_MAC the interface's own MAC: stable across boots, so DHCP leases the same address. */
  if (link_init(opts.cfg.mac, CONFIG_WASMTCP_MAC[0] != 0) != 0) board_panic("link init failed", 0);
  wt_args_default_name(&opts, default_name); /* from the MAC the interface ended up with */
  /* On the last core: the Wi-Fi task runs on core 0 (ESP_WIFI_TASK_PINNED_TO_CORE_0). */
  if (xTaskCreatePinnedToCore(core_task, "wasmtcp", CONFIG_WASMTCP_TASK_STACK, NULL, CONFIG_WASMTCP_TASK_PRIORITY,
                              NULL, portNUM_PROCESSORS - 1) != pdPASS)
    board_panic("no memory for the core's task", CONFIG_WASMTCP_TASK_STACK);
}
