#include "replay.h"
#include "wt.h"
#include "loop.h"

#include <string.h>

#define MAX_TOKENS 12

static wt_replay_write sink;
static wt_ring *ring;
static uint32_t now;
static uint8_t bytes[WT_REPLAY_BYTES];
static char obuf[512];
static uint32_t olen;
static char err[96];

/* ---- output: buffered, no printf ---- */

void wt_replay_flush(void) {
  if (olen && sink) sink(obuf, olen);
  olen = 0;
}

static void out_n(const char *s, uint32_t n) {
  while (n) {
    uint32_t k = n < sizeof obuf - olen ? n : (uint32_t)sizeof obuf - olen;
    memcpy(obuf + olen, s, k);
    olen += k; s += k; n -= k;
    if (olen == sizeof obuf) wt_replay_flush();
  }
}
static void out_s(const char *s) { out_n(s, (uint32_t)strlen(s)); }
static void out_c(char c) { out_n(&c, 1); }

static void out_u(uint32_t v) {
  char b[10];
  int i = 10;
  do { b[--i] = (char)('0' + v % 10); v /= 10; } while (v);
  out_n(b + i, (uint32_t)(10 - i));
}
static void out_i(int32_t v) {
  if (v < 0) { out_c('-'); out_u(0u - (uint32_t)v); } else out_u((uint32_t)v);
}

/* An IPv4 address as a dotted quad. */
static void out_ip(uint32_t ip) {
  for (int s = 24; s >= 0; s -= 8) { out_u(ip >> s & 255); if (s) out_c('.'); }
}

static void out_hex(const uint8_t *p, uint32_t n) {
  static const char digits[] = "0123456789abcdef";
  if (n == 0) { out_c('-'); return; }
  for (uint32_t i = 0; i < n; i++) { char h[2] = {digits[p[i] >> 4], digits[p[i] & 15]}; out_n(h, 2); }
}

/* "<now> <word>" then the caller's fields; every line starts like this. */
static void head(const char *word) { out_u(now); out_c(' '); out_s(word); }

static void put_ret(const char *op, int32_t r) {
  if (r == WT_ETRAP) { head("trap "); out_s(op); out_c('\n'); return; }
  head(op); out_c(' '); out_i(r); out_c('\n');
}

void wt_replay_tx(const uint8_t *f, uint32_t len) { head("tx "); out_hex(f, len); out_c('\n'); }

void wt_replay_trace(int32_t k, int32_t a, int32_t b, int32_t c) {
  head("trace "); out_i(k); out_c(' '); out_i(a); out_c(' '); out_i(b); out_c(' '); out_i(c); out_c('\n');
}

void wt_replay_abort(uint32_t m, uint32_t f, uint32_t l, uint32_t c) {
  head("abort "); out_u(m); out_c(' '); out_u(f); out_c(' '); out_u(l); out_c(' '); out_u(c); out_c('\n');
}

/* ---- input parsing ---- */

static int fail(const char *what, const char *arg) {
  size_t n = strlen(what);
  if (n > sizeof err - 1) n = sizeof err - 1;
  memcpy(err, what, n);
  err[n] = 0;
  if (arg && n + 3 < sizeof err) {
    strcat(err, ": ");
    strncat(err, arg, sizeof err - strlen(err) - 1);
  }
  return -1;
}

static int hexval(char c) {
  return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* Decimal or 0x hex, optionally negative, 64 bits; the core sees the low 32 bits. */
static int num(const char *s, int64_t *v) {
  const char *p = s;
  int neg = *p == '-';
  uint64_t x = 0;
  if (neg) p++;
  if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
    p += 2;
    if (!*p) return fail("not a number", s);
    for (; *p; p++) { int h = hexval(*p); if (h < 0) return fail("not a number", s); x = x << 4 | (uint64_t)h; }
  } else {
    if (!*p) return fail("not a number", s);
    for (; *p; p++) { if (*p < '0' || *p > '9') return fail("not a number", s); x = x * 10 + (uint64_t)(*p - '0'); }
  }
  *v = neg ? -(int64_t)x : (int64_t)x;
  return 0;
}

/* IPv4: a.b.c.d, or a number. */
static int ip4(const char *s, uint32_t *v) {
  uint32_t part[4] = {0}, k = 0, digits = 0;
  const char *p = s;
  for (; *p && k < 4; p++) {
    if (*p == '.') { if (!digits) break; k++; digits = 0; continue; }
    if (*p < '0' || *p > '9' || part[k] > 25) break;
    part[k] = part[k] * 10 + (uint32_t)(*p - '0');
    digits++;
  }
  if (!*p && k == 3 && digits && part[0] < 256 && part[1] < 256 && part[2] < 256 && part[3] < 256) {
    *v = part[0] << 24 | part[1] << 16 | part[2] << 8 | part[3];
    return 0;
  }
  int64_t n;
  if (num(s, &n)) return -1;
  *v = (uint32_t)n;
  return 0;
}

/* Hex bytes ("-" is empty; ':' separators are skipped, so a MAC may be written aa:bb:...). */
static long hex(const char *s, uint8_t *dst, uint32_t cap) {
  uint32_t n = 0;
  if (!strcmp(s, "-")) return 0;
  while (*s) {
    if (*s == ':') { s++; continue; }
    int hi = hexval(s[0]), lo = s[1] ? hexval(s[1]) : -1;
    if (hi < 0 || lo < 0) return fail("bad hex", NULL);
    if (n >= cap) return fail("too many bytes for the replay buffer", NULL);
    dst[n++] = (uint8_t)(hi << 4 | lo);
    s += 2;
  }
  return (long)n;
}

void wt_replay_begin(wt_replay_write write, wt_ring *rx) {
  sink = write;
  ring = rx;
  olen = 0;
  err[0] = 0;
  wt_ring_reset(rx);
}

const char *wt_replay_error(void) { return err; }

/* One call: a[1] is the operation, a[2..] its arguments. */
static int run(char **a, int n) {
  int64_t v[MAX_TOKENS] = {0};
  const char *op = a[1];
  #define NEED(k) do { if (n != (k) + 2) return fail("wrong number of arguments for", op); } while (0)
  #define NUMS(from, k) do { for (int j = (from); j < (k); j++) if (num(a[2 + j], &v[j])) return -1; } while (0)
  #define IS(name) (!strcmp(op, name))

  if (IS("init")) {
    wt_config c;
    NEED(5);
    if (hex(a[2], c.mac, 6) != 6) return fail("MAC needs 6 bytes", a[2]);
    if (ip4(a[3], &c.ip) || ip4(a[4], &c.netmask) || ip4(a[5], &c.gateway) || num(a[6], &v[0])) return -1;
    c.seed = (uint64_t)v[0];
    put_ret(op, wt_init(&c, now));
  } else if (IS("input")) {
    NEED(1);
    long len = hex(a[2], bytes, sizeof bytes);
    if (len < 0) return -1;
    int32_t r = WT_EINVAL; /* longer than a ring slot, i.e. than rx_buffer(): never reaches the core */
    if ((uint32_t)len <= WT_RING_FRAME) {
      wt_frame *f = wt_ring_claim(ring);
      if (!f) return fail("receive ring full", NULL);
      memcpy(f->data, bytes, (size_t)len);
      wt_ring_commit(ring, (uint16_t)len);
      wt_loop_drain(ring, now, &r);
    }
    put_ret(op, r);
  } else if (IS("poll")) {
    NEED(0);
    put_ret(op, wt_poll(now));
  } else if (IS("listen")) {
    NEED(2); NUMS(0, 2);
    put_ret(op, wt_listen((uint32_t)v[0], (uint32_t)v[1]));
  } else if (IS("accept")) {
    NEED(1); NUMS(0, 1);
    put_ret(op, wt_accept((int32_t)v[0]));
  } else if (IS("connect")) {
    uint32_t ip;
    NEED(3);
    if (ip4(a[2], &ip)) return -1;
    NUMS(1, 3);
    put_ret(op, wt_connect(ip, (uint32_t)v[1], (uint32_t)v[2], now));
  } else if (IS("send")) {
    NEED(2); NUMS(0, 1);
    long len = hex(a[3], bytes, sizeof bytes);
    if (len < 0) return -1;
    put_ret(op, wt_send((int32_t)v[0], bytes, (uint32_t)len, now));
  } else if (IS("recv")) {
    NEED(2); NUMS(0, 2);
    if (wt_io_size() > sizeof bytes) return fail("io_buffer larger than the replay buffer", NULL);
    int32_t r = wt_recv((int32_t)v[0], bytes, (uint32_t)v[1], now); /* wt_recv clamps to io_buffer_size */
    if (r <= 0) { put_ret(op, r); return 0; }
    head("recv "); out_i(r); out_c(' '); out_hex(bytes, (uint32_t)r); out_c('\n');
  } else if (IS("shutdown")) {
    NEED(2); NUMS(0, 2);
    put_ret(op, wt_shutdown((int32_t)v[0], (uint32_t)v[1], now));
  } else if (IS("close") || IS("abort")) {
    NEED(1); NUMS(0, 1);
    put_ret(op, op[0] == 'c' ? wt_close((int32_t)v[0], now) : wt_abort((int32_t)v[0], now));
  } else if (IS("state") || IS("events")) {
    NEED(1); NUMS(0, 1);
    put_ret(op, op[0] == 's' ? wt_state((int32_t)v[0]) : wt_events((int32_t)v[0]));
  } else if (IS("setopt")) {
    NEED(3); NUMS(0, 3);
    put_ret(op, wt_setopt((int32_t)v[0], (uint32_t)v[1], (int32_t)v[2], now));
  } else if (IS("getopt")) {
    NEED(2); NUMS(0, 2);
    put_ret(op, wt_getopt((int32_t)v[0], (uint32_t)v[1]));
  } else if (IS("addr")) {
    NEED(1); NUMS(0, 1);
    uint32_t ip = (uint32_t)wt_remote_ip((int32_t)v[0]);
    int32_t rp = wt_remote_port((int32_t)v[0]), lp = wt_local_port((int32_t)v[0]);
    if (wt_trapped()) { put_ret(op, WT_ETRAP); return 0; }
    head("addr ");
    out_ip(ip); out_c(' ');
    out_i(rp); out_c(' '); out_i(lp); out_c('\n');
  } else if (IS("udp_bind")) {
    NEED(1); NUMS(0, 1);
    put_ret(op, wt_udp_bind((uint32_t)v[0]));
  } else if (IS("udp_sendto")) {
    uint32_t ip;
    NEED(4); NUMS(0, 1);
    if (ip4(a[3], &ip)) return -1;
    NUMS(2, 3);
    long len = hex(a[5], bytes, sizeof bytes);
    if (len < 0) return -1;
    put_ret(op, wt_udp_sendto((int32_t)v[0], ip, (uint32_t)v[2], bytes, (uint32_t)len, now));
  } else if (IS("udp_recvfrom")) {
    uint32_t ip = 0, port = 0;
    NEED(2); NUMS(0, 2);
    if (wt_io_size() > sizeof bytes) return fail("io_buffer larger than the replay buffer", NULL);
    int32_t r = wt_udp_recvfrom((int32_t)v[0], bytes, (uint32_t)v[1], &ip, &port);
    if (r < 0) { put_ret(op, r); return 0; }
    uint32_t k = (uint32_t)r < (uint32_t)v[1] ? (uint32_t)r : (uint32_t)v[1];
    head("udp_recvfrom "); out_i(r); out_c(' ');
    out_ip(ip); out_c(' ');
    out_u(port); out_c(' '); out_hex(bytes, k); out_c('\n');
  } else if (IS("udp_close")) {
    NEED(1); NUMS(0, 1);
    put_ret(op, wt_udp_close((int32_t)v[0]));
  } else if (IS("dhcp_start") || IS("dhcp_renew") || IS("dhcp_release")) {
    NEED(0);
    put_ret(op, op[5] == 's' ? wt_dhcp_start(now) : op[7] == 'n' ? wt_dhcp_renew(now) : wt_dhcp_release(now));
  } else if (IS("dhcp_reboot")) {
    uint32_t ip;
    NEED(1);
    if (ip4(a[2], &ip)) return -1;
    put_ret(op, wt_dhcp_reboot(now, ip));
  } else if (IS("dhcp_state")) {
    NEED(0);
    put_ret(op, wt_dhcp_state());
  } else if (IS("ip_address")) {
    NEED(0);
    put_ret(op, (int32_t)wt_ip_address());
  } else if (IS("in_use")) {
    NEED(0);
    put_ret(op, wt_in_use());
  } else if (IS("count_state")) {
    NEED(1); NUMS(0, 1);
    put_ret(op, wt_count_state((int32_t)v[0]));
  } else if (IS("dns_server")) {
    uint32_t ip;
    NEED(2); NUMS(0, 1);
    if (ip4(a[3], &ip)) return -1;
    put_ret(op, wt_dns_set_server((int32_t)v[0], ip));
  } else if (IS("hostname")) {
    NEED(1);
    long len = hex(a[2], bytes, sizeof bytes);
    if (len < 0) return -1;
    put_ret(op, wt_set_hostname((const char *)bytes, (uint32_t)len));
  } else if (IS("resolve")) {
    NEED(1);
    long len = hex(a[2], bytes, sizeof bytes);
    if (len < 0) return -1;
    put_ret(op, wt_dns_resolve((const char *)bytes, (uint32_t)len, now));
  } else if (IS("dns_status")) {
    NEED(1); NUMS(0, 1);
    int32_t st = wt_dns_status((int32_t)v[0]);
    uint32_t ip = wt_dns_address((int32_t)v[0]);
    if (wt_trapped()) { put_ret(op, WT_ETRAP); return 0; }
    head("dns_status "); out_i(st); out_c(' ');
    out_ip(ip);
    out_c('\n');
  } else if (IS("dns_release")) {
    NEED(1); NUMS(0, 1);
    put_ret(op, wt_dns_release((int32_t)v[0]));
  } else if (IS("mdns_start") || IS("mdns_stop")) {
    NEED(0);
    put_ret(op, IS("mdns_start") ? wt_mdns_start(now) : wt_mdns_stop(now));
  } else if (IS("mdns_name")) {
    char name[96];
    NEED(0);
    int32_t n = wt_mdns_name(name, sizeof name);
    if (n < 0) { put_ret(op, n); return 0; }
    head("mdns_name "); out_s(name); out_c('\n');
  } else if (IS("stats")) {
    char name[64];
    NEED(0);
    int32_t count = wt_stats_count();
    for (int32_t j = 0; j < count && !wt_trapped(); j++) {
      wt_stat_name(j, name, sizeof name);
      uint32_t val = wt_stat(j);
      head("stat "); out_s(name); out_c(' '); out_u(val); out_c('\n');
    }
    if (wt_trapped()) put_ret(op, WT_ETRAP);
  } else if (IS("memhash")) {
    static const char digits[] = "0123456789abcdef";
    char h[8];
    NEED(0);
    uint32_t x = wt_state_hash();
    for (int j = 0; j < 8; j++) h[j] = digits[x >> (28 - 4 * j) & 15];
    head("memhash "); out_n(h, 8); out_c('\n');
  } else {
    return fail("unknown operation", op);
  }
  return 0;
}

static int space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

int wt_replay_line(char *line) {
  char *a[MAX_TOKENS], *p = line;
  int n = 0;
  for (;;) {
    while (space(*p)) p++;
    if (!*p) break;
    if (n == MAX_TOKENS) return fail("too many fields", NULL);
    a[n++] = p;
    while (*p && !space(*p)) p++;
    if (*p) *p++ = 0;
  }
  if (n == 0 || a[0][0] == '#') return 0;
  int64_t t;
  if (n < 2 || num(a[0], &t)) return fail("expected <time> <op> ...", NULL);
  now = (uint32_t)t;
  if (run(a, n) != 0) return -1;
  return wt_trapped() ? 1 : 0;
}

int wt_replay_memory(char *p, uint32_t size) {
  char *end = p + size;
  while (p < end && *p) {
    char *nl = memchr(p, '\n', (size_t)(end - p));
    if (!nl) break;
    *nl = 0;
    if (!strcmp(p, "end")) break;
    int r = wt_replay_line(p);
    wt_replay_flush();
    if (r != 0) return r;
    p = nl + 1;
  }
  return 0;
}
