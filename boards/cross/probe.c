/* A board with no MAC: the shared layer, an engine and the services, linked the way a firmware links them,
 * so that a cross build measures what boards/common costs on a target (text, data, bss) and proves every
 * symbol resolves against that target's C library. Frames would come in through probe_frame_in (an
 * interrupt handler on a real board) and go out to a register. It is never run. */
#include "wt.h"
#include "ring.h"
#include "loop.h"
#include "services.h"
#include "args.h"
#include "lease.h"
#include "embed.h"

#include <stddef.h>

static wt_ring rx;
volatile uint32_t probe_clock_ms;     /* a timer interrupt's counter */
volatile uint32_t probe_mac_register; /* where a MAC's transmit FIFO would be */

void wt_host_link_send(const uint8_t *frame, uint32_t len) {
  for (uint32_t i = 0; i < len; i++) probe_mac_register = frame[i];
}
void wt_host_trace(int32_t k, int32_t a, int32_t b, int32_t c) { (void)k; (void)a; (void)b; (void)c; }
void wt_host_abort(uint32_t m, uint32_t f, uint32_t l, uint32_t c) { (void)m; (void)f; (void)l; (void)c; }

/* The receive path a driver runs: one frame into the ring. */
__attribute__((used)) void probe_frame_in(const uint8_t *frame, uint16_t len) {
  wt_frame *f = wt_ring_claim(&rx);
  if (!f || len > WT_RING_FRAME) return;
  for (uint16_t i = 0; i < len; i++) f->data[i] = frame[i];
  wt_ring_commit(&rx, len);
}

/* Configured as the RP2040 and ESP32 projects are by default: DHCP, a host name from the MAC, and the
 * services opened once the lease is bound. */
static int serving;
static void app_turn(void *ctx, uint32_t now) {
  if (serving) services_turn(ctx, now);
}

int main(void) {
  static char name[13];
  static wt_lease lease;
  char line[WT_LEASE_LINE];
  wt_args a = {.serve = "echo:7,http:80"};
  uint32_t wasm_len;
  const uint8_t *wasm = wt_embedded_wasm(&wasm_len);
  if (wt_args_configured(&a, "dhcp", "", "", "") != 0 || wt_start(wasm, wasm_len) != 0) return 1;
  wt_args_default_name(&a, name);
  wt_init(&a.cfg, probe_clock_ms);
  if (services_parse(a.serve) != 0 || wt_set_hostname(a.name, 12) < 0 || wt_dhcp_start(probe_clock_ms) < 0) return 1;
  for (;;) {
    if (wt_lease_follow(&lease, line) == WT_LEASE_BOUND && !serving) {
      serving = services_start() == services_count();
      wt_mdns_start(probe_clock_ms);
    }
    wt_loop_turn(&rx, probe_clock_ms, app_turn, NULL);
  }
}
