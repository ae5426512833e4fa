#include "services.h"
#include "wt.h"
#include "http.h"

#include <string.h>

#ifndef WT_SERVICES_MAX
#define WT_SERVICES_MAX 4
#endif
#ifndef WT_SERVICE_CONNS
#define WT_SERVICE_CONNS 64 /* at least the core's connection slots */
#endif

enum kind { ECHO, DISCARD, CHARGEN, HTTP };

static struct { enum kind kind; uint16_t port; int32_t h; } svc[WT_SERVICES_MAX];
static struct { int32_t h; enum kind kind; uint32_t at; http_conn http; } conn[WT_SERVICE_CONNS];
static int nsvc;
#ifndef WT_SERVICES_BUF
#define WT_SERVICES_BUF 16384 /* the largest io_buffer_size() of the builds (the default build's is 2048) */
#endif
static uint8_t buf[WT_SERVICES_BUF]; /* one io_buffer's worth of application data at a time */

/* Reads "name:port", returns the characters used, or 0 if there is none at s. */
static int parse_one(const char *s, enum kind *k, uint16_t *port) {
  static const struct { const char *name; enum kind kind; } names[] = {{"echo", ECHO}, {"discard", DISCARD}, {"chargen", CHARGEN}, {"http", HTTP}};
  for (unsigned i = 0; i < sizeof names / sizeof names[0]; i++) {
    size_t n = strlen(names[i].name);
    if (strncmp(s, names[i].name, n) || s[n] != ':') continue;
    uint32_t p = 0;
    const char *d = s + n + 1;
    while (*d >= '0' && *d <= '9' && p <= 65535) p = p * 10 + (uint32_t)(*d++ - '0');
    if (d == s + n + 1 || p == 0 || p > 65535 || (*d && *d != ',')) return 0;
    *k = names[i].kind;
    *port = (uint16_t)p;
    return (int)(d - s);
  }
  return 0;
}

int services_parse(const char *spec) {
  nsvc = 0;
  while (spec && *spec) {
    int n = nsvc < WT_SERVICES_MAX ? parse_one(spec, &svc[nsvc].kind, &svc[nsvc].port) : 0;
    if (!n) return -1;
    svc[nsvc++].h = -1;
    spec += n;
    if (*spec == ',') spec++;
  }
  for (int i = 0; i < WT_SERVICE_CONNS; i++) conn[i].h = -1;
  return 0;
}

/* A listener the build has no slot for is left out (the default build has 2): the count says so. */
int services_start(void) {
  int up = 0;
  for (int i = 0; i < nsvc; i++) {
    svc[i].h = wt_listen(svc[i].port, 8);
    if (svc[i].h >= 0) up++;
  }
  return up;
}

int services_count(void) { return nsvc; }

/* What one call moves at most: the core's io_buffer or ours, whichever is smaller. */
static uint32_t chunk(void) { return wt_io_size() < sizeof buf ? wt_io_size() : (uint32_t)sizeof buf; }

/* Free room in the send buffer: echo never reads more than it can write back at once. */
static uint32_t room(int32_t h) {
  int32_t r = wt_getopt(h, WT_OPT_SNDBUF) - wt_getopt(h, WT_OPT_SND_QUEUED);
  return r <= 0 ? 0 : (uint32_t)r < chunk() ? (uint32_t)r : chunk();
}

/* RFC 864: 72-character lines of the 95 printable characters, each line starting one further. */
static uint8_t chargen_byte(uint32_t i) {
  uint32_t line = i / 74, col = i % 74;
  return col == 72 ? '\r' : col == 73 ? '\n' : (uint8_t)(' ' + (line + col) % 95);
}

/* One step of a connection: at most one io_buffer each way. Returns 1 if it moved bytes or closed (another
 * step may move more), 0 if it has to wait for the peer. */
static int serve(int c, uint32_t now) {
  int32_t h = conn[c].h, ev = wt_events(h);
  if (ev < 0 || (ev & (WT_EV_ERROR | WT_EV_CLOSED))) { wt_close(h, now); conn[c].h = -1; return 0; }
  if (conn[c].kind == HTTP) { /* closes once the response is queued: the FIN follows it */
    uint32_t before = conn[c].http.seen + conn[c].http.at + (uint32_t)conn[c].http.phase;
    if (http_serve(&conn[c].http, h, ev, buf, chunk(), room(h), now) != 0) { wt_close(h, now); conn[c].h = -1; return 0; }
    return conn[c].http.seen + conn[c].http.at + (uint32_t)conn[c].http.phase != before;
  }
  int moved = 0;
  if (conn[c].kind == CHARGEN && (ev & WT_EV_WRITABLE)) {
    uint32_t n = room(h);
    for (uint32_t i = 0; i < n; i++) buf[i] = chargen_byte(conn[c].at + i);
    int32_t k = n ? wt_send(h, buf, n, now) : 0;
    if (k > 0) { conn[c].at += (uint32_t)k; moved = 1; }
  }
  if (ev & WT_EV_READABLE) {
    uint32_t want = conn[c].kind == ECHO ? room(h) : (uint32_t)sizeof buf;
    if (want == 0) return moved; /* echo: wait until the peer has taken some of what we sent */
    int32_t n = wt_recv(h, buf, want, now);
    if (n == 0) { wt_close(h, now); conn[c].h = -1; return 0; } /* end of stream: our FIN follows the data */
    if (n > 0 && conn[c].kind == ECHO) wt_send(h, buf, (uint32_t)n, now);
    if (n > 0) moved = 1;
  }
  return moved;
}

/* Steps per connection and turn: enough to drain a 128 KiB window through a 2 KiB io_buffer, few enough that
 * one busy connection cannot keep the loop from the device for long. */
#ifndef WT_SERVICE_STEPS
#define WT_SERVICE_STEPS 64
#endif
static int more; /* a connection used all its steps and may have more to do */

/* Nagle off (RFC 1122 4.2.3.4 lets an application ask) where a short tail ends what the peer waits for: an
 * echo's reply and an HTTP response would otherwise sit behind the peer's delayed ACK (Linux: 40 ms) of the
 * data before it. Chargen never ends, so Nagle only keeps its segments full; discard sends nothing. */
static int wants_nodelay(enum kind k) { return k == ECHO || k == HTTP; }

void services_turn(void *ctx, uint32_t now) {
  (void)ctx;
  for (int i = 0; i < nsvc; i++) {
    if (svc[i].h < 0 || !(wt_events(svc[i].h) & WT_EV_ACCEPTABLE)) continue;
    for (int c = 0; c < WT_SERVICE_CONNS; c++) {
      if (conn[c].h >= 0) continue;
      int32_t h = wt_accept(svc[i].h);
      if (h < 0) break;
      conn[c].h = h; conn[c].kind = svc[i].kind; conn[c].at = 0;
      http_reset(&conn[c].http);
      if (wants_nodelay(conn[c].kind)) wt_setopt(h, WT_OPT_NODELAY, 1, now);
    }
  }
  /* Each connection reads and writes until it would block (or its steps run out), so that a window the
   * peer filled is drained in one turn and the window update goes out with the next poll. */
  more = 0;
  for (int c = 0; c < WT_SERVICE_CONNS; c++) {
    int steps = 0;
    while (conn[c].h >= 0 && serve(c, now)) {
      if (++steps == WT_SERVICE_STEPS) { more = 1; break; }
    }
  }
}

int services_more(void) { return more; }

void services_stop(uint32_t now) {
  for (int c = 0; c < WT_SERVICE_CONNS; c++)
    if (conn[c].h >= 0) { wt_close(conn[c].h, now); conn[c].h = -1; }
  for (int i = 0; i < nsvc; i++)
    if (svc[i].h >= 0) { wt_close(svc[i].h, now); svc[i].h = -1; }
}

int services_idle(void) {
  return wt_in_use() - wt_count_state(WT_STATE_TIME_WAIT) - wt_count_state(WT_STATE_FIN_WAIT_2) <= 0;
}
