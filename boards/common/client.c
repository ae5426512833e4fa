#include "client.h"
#include "http.h"
#include "wt.h"

#include <string.h>

/* A refused connect (the server is not listening yet, e.g. still starting) is retried as a device would:
 * up to CONNECT_TRIES attempts, waiting RETRY_FIRST_MS and doubling, about 15 s in all. */
enum { CONNECT_TRIES = 6, RETRY_FIRST_MS = 500 };

static int32_t h = -1;
static uint32_t total;
static int fin_sent;
static echo_client_result r;
static uint32_t server_ip, retry_at, retry_wait;
static uint16_t server_port;
static int tries;

static int32_t open_connection(uint32_t now) {
  tries++;
  h = wt_connect(server_ip, server_port, 0, now);
  if (h < 0) { r.error = h; r.done = 1; }
  return h < 0 ? h : 0;
}
static uint8_t buf[2048]; /* the default build's io_buffer; a larger build just moves more per call */

int32_t echo_client_start(uint32_t ip, uint16_t port, uint32_t bytes, uint32_t now) {
  memset(&r, 0, sizeof r);
  r.mismatch_at = UINT32_MAX;
  total = bytes;
  fin_sent = 0;
  server_ip = ip;
  server_port = port;
  tries = 0;
  retry_wait = RETRY_FIRST_MS;
  return open_connection(now);
}

static void finish(int32_t error, uint32_t now) {
  if (error) r.error = error;
  r.done = 1;
  wt_close(h, now);
  h = -1;
}

/* Refused before any byte moved, with tries left: close this attempt and schedule the next. */
static int retry_refused(int32_t error, uint32_t now) {
  if (error != WT_ERR_CONNREFUSED || r.sent || r.received || tries >= CONNECT_TRIES) return 0;
  wt_close(h, now);
  h = -1;
  retry_at = now + retry_wait;
  retry_wait *= 2;
  r.retries++;
  return 1;
}

void echo_client_turn(void *ctx, uint32_t now) {
  (void)ctx;
  if (h < 0 && !r.done && tries > 0 && (int32_t)(now - retry_at) >= 0) open_connection(now);
  if (h < 0) return;
  int32_t ev = wt_events(h);
  if (ev < 0 || (ev & WT_EV_ERROR)) {
    int32_t error = ev < 0 ? ev : wt_getopt(h, WT_OPT_SO_ERROR);
    if (!retry_refused(error, now)) finish(error, now);
    return;
  }
  if ((ev & WT_EV_WRITABLE) && r.sent < total) {
    int32_t room = wt_getopt(h, WT_OPT_SNDBUF) - wt_getopt(h, WT_OPT_SND_QUEUED);
    uint32_t n = total - r.sent;
    if (room > 0 && n > (uint32_t)room) n = (uint32_t)room;
    if (n > sizeof buf) n = sizeof buf;
    if (room > 0) http_stream_fill(buf, r.sent, n);
    int32_t k = room > 0 ? wt_send(h, buf, n, now) : 0;
    if (k > 0) r.sent += (uint32_t)k;
  }
  if (r.sent == total && !fin_sent) { wt_shutdown(h, WT_SHUT_WR, now); fin_sent = 1; } /* RFC 9293 3.10.4: our FIN */
  while (ev & WT_EV_READABLE) {
    int32_t n = wt_recv(h, buf, sizeof buf, now);
    if (n == 0) { finish(0, now); return; } /* the server's FIN: everything it will echo is here */
    if (n < 0) break;
    for (int32_t i = 0; i < n && r.mismatch_at == UINT32_MAX; i++)
      if (buf[i] != http_stream_byte(r.received + (uint32_t)i)) r.mismatch_at = r.received + (uint32_t)i;
    r.received += (uint32_t)n;
    ev = wt_events(h);
  }
  if (ev & WT_EV_CLOSED) finish(0, now);
}

const echo_client_result *echo_client_status(void) { return &r; }

int echo_client_passed(void) {
  return r.done && !r.error && r.sent == total && r.received == total && r.mismatch_at == UINT32_MAX;
}
