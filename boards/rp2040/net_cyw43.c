/* Back-end: the Pico W's CYW43439 in station mode, through cyw43-driver built without lwIP
 * (pico_cyw43_arch_none). The driver runs in the SDK's background async context (a low-priority
 * interrupt) and hands every received Ethernet frame to cyw43_cb_process_ethernet, which copies it into
 * the ring: that callback is the ring's only producer. cyw43_send_ethernet takes the driver's lock itself,
 * so the core may send from the main loop at any time.
 * Without lwIP the SDK's weak defaults of the link callbacks panic ("cyw43 has no ethernet interface"):
 * this file provides them. */
#include "net.h"
#include "config.h" /* generated: WIFI_SSID, WIFI_PASSWORD */

#include <stdio.h>
#include <string.h>
#include "pico/cyw43_arch.h"
#include "hardware/sync.h"

#ifndef WIFI_SSID
#error "WIFI_SSID is not set (cmake -DWIFI_SSID=...)"
#endif
#ifndef WIFI_PASSWORD
#define WIFI_PASSWORD ""
#endif
#define JOIN_TIMEOUT_MS 30000

static wt_ring *ring;
static volatile bool link_up;
static volatile uint32_t errors;

void cyw43_cb_process_ethernet(void *cb_data, int itf, size_t len, const uint8_t *buf) {
  (void)cb_data;
  if (itf != CYW43_ITF_STA || !ring) return;
  if (len > WT_RING_FRAME) { errors++; return; }
  wt_frame *f = wt_ring_claim(ring); /* NULL when full: the ring counts the drop */
  if (!f) return;
  memcpy(f->data, buf, len);
  wt_ring_commit(ring, (uint16_t)len);
  __sev(); /* ends the loop's WFE even if the frame came just before it */
}

void cyw43_cb_tcpip_set_link_up(cyw43_t *self, int itf) {
  (void)self;
  if (itf == CYW43_ITF_STA) link_up = true;
}

void cyw43_cb_tcpip_set_link_down(cyw43_t *self, int itf) {
  (void)self;
  if (itf == CYW43_ITF_STA) link_up = false;
}

/* cyw43_arch_wifi_connect_timeout_ms waits for lwIP's "has an IP address" state, which never comes
 * without lwIP: this waits for the driver's own "joined and keyed" state (CYW43_LINK_JOIN) instead. */
static int join(void) {
  const char *pw = WIFI_PASSWORD[0] ? WIFI_PASSWORD : NULL;
  for (int attempt = 1;; attempt++) {
    printf("wifi: joining \"%s\" (attempt %d)\n", WIFI_SSID, attempt);
    if (cyw43_arch_wifi_connect_async(WIFI_SSID, pw, CYW43_AUTH_WPA2_AES_PSK) != 0) return -1;
    absolute_time_t until = make_timeout_time_ms(JOIN_TIMEOUT_MS);
    int status;
    while ((status = cyw43_wifi_link_status(&cyw43_state, CYW43_ITF_STA)) != CYW43_LINK_JOIN) {
      if (status == CYW43_LINK_BADAUTH) { printf("wifi: wrong password\n"); return -1; }
      if (status == CYW43_LINK_FAIL || status == CYW43_LINK_NONET || time_reached(until)) break;
      sleep_ms(50);
    }
    if (status == CYW43_LINK_JOIN) return 0;
    printf("wifi: %s, retrying\n", status == CYW43_LINK_NONET ? "network not found" : "join failed");
    cyw43_wifi_leave(&cyw43_state, CYW43_ITF_STA);
    sleep_ms(1000);
  }
}

int net_init(uint8_t mac[6], wt_ring *rx) {
  ring = rx;
  if (cyw43_arch_init() != 0) { printf("cyw43: init failed\n"); return -1; }
  cyw43_arch_enable_sta_mode();
  /* No power saving: in PM2 the chip sleeps between beacons and a ping waits up to 200 ms for it. */
  cyw43_wifi_pm(&cyw43_state, CYW43_NONE_PM);
  if (join() != 0) return -1;
  cyw43_wifi_get_mac(&cyw43_state, CYW43_ITF_STA, mac);
  printf("wifi: joined \"%s\"\n", WIFI_SSID);
  return 0;
}

/* cyw43_ll_send_ethernet names lwIP's pbuf_copy_partial for its is_pbuf case whether lwIP is there or not
 * (cyw43_ll.c declares it itself). Frames here are plain buffers (is_pbuf false), so it is never called:
 * this only satisfies the linker. */
struct pbuf;
uint16_t pbuf_copy_partial(const struct pbuf *p, void *dataptr, uint16_t len, uint16_t offset) {
  (void)p; (void)dataptr; (void)len; (void)offset;
  panic("pbuf_copy_partial without lwIP");
}

void net_send(const uint8_t *frame, uint32_t len) {
  if (cyw43_send_ethernet(&cyw43_state, CYW43_ITF_STA, len, frame, false) != 0) errors++;
}

void net_receive(void) {}
bool net_pending(void) { return false; }
bool net_link_up(void) { return link_up; }
uint32_t net_errors(void) { return errors; }
const char *net_name(void) { return "cyw43"; }
