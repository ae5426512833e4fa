/* The public C API over whichever engine is linked in: argument marshalling, copies in and out of linear
 * memory (bounds-checked against the memory's size, so a wrong pointer from the core cannot reach the
 * host's memory), and a latch that turns the first trap into WT_ETRAP for every later call. */
#include "wt.h"
#include "engine.h"

#include <string.h>

static int trapped;
static uint32_t rx_at, io_at, io_size, frame_max, static_top;
static const char *start_error; /* why wt_start failed after the engine started */

static int32_t call(wt_fn fn, const uint32_t *args) {
  int32_t r = 0;
  if (trapped) return WT_ETRAP;
  if (wt_engine_call(fn, args, &r) != 0) { trapped = 1; return WT_ETRAP; }
  return r;
}
#define CALL0(fn) call(fn, 0)
#define CALLN(fn, ...) call(fn, (const uint32_t[]){__VA_ARGS__})

/* Linear memory at [at, at + len), or NULL if that range is not inside it. */
static uint8_t *mem(uint32_t at, uint32_t len) {
  uint32_t size = 0;
  uint8_t *m = wt_engine_memory(&size);
  if (!m || at > size || len > size - at) return 0;
  return m + at;
}

int wt_start(const uint8_t *wasm, uint32_t len) {
  trapped = 0;
  start_error = NULL;
  if (wt_engine_start(wasm, len) != 0) { trapped = 1; return -1; }
  rx_at = (uint32_t)CALL0(WT_FN_RX_BUFFER);
  io_at = (uint32_t)CALL0(WT_FN_IO_BUFFER);
  io_size = (uint32_t)CALL0(WT_FN_IO_BUFFER_SIZE);
  frame_max = (uint32_t)CALL0(WT_FN_FRAME_MAX);
  static_top = (uint32_t)CALL0(WT_FN_STATIC_TOP);
  if (trapped || !mem(rx_at, frame_max) || !mem(io_at, io_size) || !mem(0, static_top)) {
    if (!trapped) start_error = "the engine's linear memory is smaller than the core's static data (WT_WASM3_MEMORY)";
    trapped = 1;
    return -1;
  }
  return 0;
}

int32_t wt_init(const wt_config *c, uint32_t now) {
  const uint8_t *m = c->mac;
  uint32_t mac_hi = (uint32_t)m[0] << 8 | m[1];
  uint32_t mac_lo = (uint32_t)m[2] << 24 | (uint32_t)m[3] << 16 | (uint32_t)m[4] << 8 | m[5];
  return CALLN(WT_FN_INIT, mac_hi, mac_lo, c->ip, c->netmask, c->gateway, (uint32_t)(c->seed >> 32), (uint32_t)c->seed, now);
}

int32_t wt_input(const uint8_t *frame, uint32_t len, uint32_t now) {
  if (trapped) return WT_ETRAP;
  if (len > frame_max) return WT_EINVAL; /* rx_buffer() holds frame_max bytes: never write past it */
  memcpy(mem(rx_at, len), frame, len);
  return CALLN(WT_FN_INPUT, len, now);
}

int32_t wt_poll(uint32_t now) { return CALLN(WT_FN_POLL, now); }
int32_t wt_listen(uint32_t port, uint32_t backlog) { return CALLN(WT_FN_LISTEN, port, backlog); }
int32_t wt_accept(int32_t l) { return CALLN(WT_FN_ACCEPT, (uint32_t)l); }
int32_t wt_connect(uint32_t ip, uint32_t port, uint32_t lport, uint32_t now) { return CALLN(WT_FN_CONNECT, ip, port, lport, now); }

int32_t wt_send(int32_t h, const uint8_t *data, uint32_t len, uint32_t now) {
  if (trapped) return WT_ETRAP;
  if (len > io_size) len = io_size;
  memcpy(mem(io_at, len), data, len);
  return CALLN(WT_FN_SEND, (uint32_t)h, len, now);
}

int32_t wt_recv(int32_t h, uint8_t *out, uint32_t len, uint32_t now) {
  if (len > io_size) len = io_size;
  int32_t n = CALLN(WT_FN_RECV, (uint32_t)h, len, now);
  if (n > 0) {
    const uint8_t *src = mem(io_at, (uint32_t)n);
    if (!src || (uint32_t)n > len) { trapped = 1; return WT_ETRAP; } /* the core broke its contract */
    memcpy(out, src, (uint32_t)n);
  }
  return n;
}

int32_t wt_shutdown(int32_t h, uint32_t how, uint32_t now) { return CALLN(WT_FN_SHUTDOWN, (uint32_t)h, how, now); }
int32_t wt_close(int32_t h, uint32_t now) { return CALLN(WT_FN_CLOSE, (uint32_t)h, now); }
int32_t wt_abort(int32_t h, uint32_t now) { return CALLN(WT_FN_ABORT, (uint32_t)h, now); }
int32_t wt_state(int32_t h) { return CALLN(WT_FN_STATE, (uint32_t)h); }
int32_t wt_events(int32_t h) { return CALLN(WT_FN_EVENTS, (uint32_t)h); }
int32_t wt_pending(int32_t after) { return CALLN(WT_FN_PENDING, (uint32_t)after); }
int32_t wt_setopt(int32_t h, uint32_t opt, int32_t v, uint32_t now) { return CALLN(WT_FN_SETOPT, (uint32_t)h, opt, (uint32_t)v, now); }
int32_t wt_getopt(int32_t h, uint32_t opt) { return CALLN(WT_FN_GETOPT, (uint32_t)h, opt); }
int32_t wt_remote_ip(int32_t h) { return CALLN(WT_FN_REMOTE_IP, (uint32_t)h); }
int32_t wt_remote_port(int32_t h) { return CALLN(WT_FN_REMOTE_PORT, (uint32_t)h); }
int32_t wt_local_port(int32_t h) { return CALLN(WT_FN_LOCAL_PORT, (uint32_t)h); }
int32_t wt_in_use(void) { return CALL0(WT_FN_IN_USE); }
int32_t wt_count_state(int32_t s) { return CALLN(WT_FN_COUNT_STATE, (uint32_t)s); }

int32_t wt_udp_bind(uint32_t port) { return CALLN(WT_FN_UDP_BIND, port); }
int32_t wt_udp_sendto(int32_t h, uint32_t ip, uint32_t port, const uint8_t *data, uint32_t len, uint32_t now) {
  if (trapped) return WT_ETRAP;
  if (len > io_size) return WT_EINVAL;
  memcpy(mem(io_at, len), data, len);
  return CALLN(WT_FN_UDP_SENDTO, (uint32_t)h, ip, port, len, now);
}
int32_t wt_udp_recvfrom(int32_t h, uint8_t *out, uint32_t len, uint32_t *ip, uint32_t *port) {
  if (len > io_size) len = io_size;
  int32_t n = CALLN(WT_FN_UDP_RECVFROM, (uint32_t)h, len);
  if (n >= 0) {
    uint32_t k = (uint32_t)n < len ? (uint32_t)n : len;
    const uint8_t *src = mem(io_at, k);
    if (!src) { trapped = 1; return WT_ETRAP; }
    memcpy(out, src, k);
    *ip = (uint32_t)CALLN(WT_FN_UDP_FROM_IP, (uint32_t)h);
    *port = (uint32_t)CALLN(WT_FN_UDP_FROM_PORT, (uint32_t)h);
  }
  return n;
}
int32_t wt_udp_close(int32_t h) { return CALLN(WT_FN_UDP_CLOSE, (uint32_t)h); }
uint32_t wt_ip_address(void) { return (uint32_t)CALL0(WT_FN_IP_ADDRESS); }
uint32_t wt_ip_netmask(void) { return (uint32_t)CALL0(WT_FN_IP_NETMASK); }
uint32_t wt_ip_gateway(void) { return (uint32_t)CALL0(WT_FN_IP_GATEWAY); }
int32_t wt_dhcp_start(uint32_t now) { return CALLN(WT_FN_DHCP_START, now); }
int32_t wt_dhcp_renew(uint32_t now) { return CALLN(WT_FN_DHCP_RENEW, now); }
int32_t wt_dhcp_release(uint32_t now) { return CALLN(WT_FN_DHCP_RELEASE, now); }
int32_t wt_dhcp_state(void) { return CALL0(WT_FN_DHCP_STATE); }
int32_t wt_dhcp_reboot(uint32_t now, uint32_t ip) { return CALLN(WT_FN_DHCP_REBOOT, now, ip); }

/* Copies `len` bytes to io_buffer() for the call that reads them there. */
static int to_io(const uint8_t *data, uint32_t len) {
  if (trapped || len > io_size) return -1;
  memcpy(mem(io_at, len), data, len);
  return 0;
}

int32_t wt_dns_set_server(int32_t i, uint32_t ip) { return CALLN(WT_FN_DNS_SET_SERVER, (uint32_t)i, ip); }
int32_t wt_set_hostname(const char *name, uint32_t len) {
  if (to_io((const uint8_t *)name, len)) return trapped ? WT_ETRAP : WT_EINVAL;
  return CALLN(WT_FN_SET_HOSTNAME, len);
}

int32_t wt_dns_resolve(const char *name, uint32_t len, uint32_t now) {
  if (to_io((const uint8_t *)name, len)) return trapped ? WT_ETRAP : WT_EINVAL;
  return CALLN(WT_FN_DNS_RESOLVE, len, now);
}
int32_t wt_dns_status(int32_t q) { return CALLN(WT_FN_DNS_STATUS, (uint32_t)q); }
uint32_t wt_dns_address(int32_t q) { return (uint32_t)CALLN(WT_FN_DNS_ADDRESS, (uint32_t)q); }
int32_t wt_dns_release(int32_t q) { return CALLN(WT_FN_DNS_RELEASE, (uint32_t)q); }
int32_t wt_mdns_start(uint32_t now) { return CALLN(WT_FN_MDNS_START, now); }
int32_t wt_mdns_stop(uint32_t now) { return CALLN(WT_FN_MDNS_STOP, now); }

int32_t wt_mdns_name(char *buf, uint32_t cap) {
  int32_t n = CALL0(WT_FN_MDNS_NAME);
  if (n <= 0 || cap == 0) { if (cap) buf[0] = 0; return n; }
  const uint8_t *src = mem(io_at, (uint32_t)n);
  if (!src) { trapped = 1; return WT_ETRAP; }
  uint32_t k = (uint32_t)n < cap - 1 ? (uint32_t)n : cap - 1;
  memcpy(buf, src, k);
  buf[k] = 0;
  return n;
}

int32_t wt_stats_count(void) { return CALL0(WT_FN_STATS_COUNT); }

uint32_t wt_stat(int32_t i) {
  int32_t base = CALL0(WT_FN_STATS);
  const uint8_t *p = base == WT_ETRAP ? 0 : mem((uint32_t)base + 4u * (uint32_t)i, 4);
  return p ? (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24 : 0;
}

/* stat_names() holds every name in stats() order, ASCII, each ended by a NUL: skip i of them. */
const char *wt_stat_name(int32_t i, char *buf, uint32_t size) {
  int32_t at = i >= 0 && i < wt_stats_count() ? CALL0(WT_FN_STAT_NAMES) : WT_ETRAP;
  uint32_t n = 0, mem_size = 0;
  wt_engine_memory(&mem_size);
  for (uint32_t p = (uint32_t)at; at != WT_ETRAP && p < mem_size; p++) {
    const uint8_t c = *mem(p, 1);
    if (i > 0) { if (!c) i--; continue; }
    if (!c) break;
    if (n + 1 < size) buf[n++] = (char)c;
  }
  if (size) buf[n] = 0;
  return buf;
}

uint32_t wt_io_size(void) { return io_size; }
uint32_t wt_frame_max(void) { return frame_max; }

uint32_t wt_state_hash(void) {
  const uint8_t *m = mem(0, static_top);
  uint32_t h = 2166136261u;
  for (uint32_t i = 0; m && i < static_top; i++) h = (h ^ m[i]) * 16777619u;
  return h;
}

int wt_trapped(void) { return trapped; }
const char *wt_error(void) { return start_error ? start_error : wt_engine_error(); }
