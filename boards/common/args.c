#include "args.h"

#include <string.h>

/* Reads a decimal number of at most `max`; returns the characters used, 0 if none or too large. */
static int decimal(const char *s, uint32_t max, uint32_t *v) {
  uint64_t n = 0;
  int i = 0;
  for (; s[i] >= '0' && s[i] <= '9'; i++) {
    n = n * 10 + (uint64_t)(s[i] - '0');
    if (n > max) return 0;
  }
  *v = (uint32_t)n;
  return i;
}

int wt_parse_ip(const char *s, uint32_t *ip, int *prefix) {
  uint32_t a = 0, part;
  for (int i = 0; i < 4; i++) {
    int n = decimal(s, 255, &part);
    if (!n) return -1;
    s += n;
    a = a << 8 | part;
    if (i < 3 && *s++ != '.') return -1;
  }
  uint32_t p = 32;
  if (*s == '/') {
    int n = prefix ? decimal(s + 1, 32, &p) : 0;
    if (!n) return -1;
    s += 1 + n;
  }
  if (*s) return -1;
  *ip = a;
  if (prefix) *prefix = (int)p;
  return 0;
}

int wt_format_ip(char out[16], uint32_t ip) {
  int n = 0;
  for (int i = 3; i >= 0; i--) {
    uint32_t b = ip >> (8 * i) & 255;
    if (b >= 100) out[n++] = (char)('0' + b / 100);
    if (b >= 10) out[n++] = (char)('0' + b / 10 % 10);
    out[n++] = (char)('0' + b % 10);
    if (i) out[n++] = '.';
  }
  out[n] = '\0';
  return n;
}

static int hex_digit(char c) {
  return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

int wt_parse_mac(const char *s, uint8_t mac[6]) {
  uint8_t m[6];
  for (int i = 0; i < 6; i++) {
    int hi = hex_digit(s[0]), lo = hex_digit(s[1]);
    if (hi < 0 || lo < 0 || s[2] != (i < 5 ? ':' : '\0')) return -1;
    m[i] = (uint8_t)(hi << 4 | lo);
    s += 3;
  }
  memcpy(mac, m, 6);
  return 0;
}

int wt_parse_u64(const char *s, uint64_t *v) {
  uint64_t n = 0;
  int base = 10;
  if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) { base = 16; s += 2; }
  if (!*s) return -1;
  for (; *s; s++) {
    int d = hex_digit(*s);
    if (d < 0 || d >= base || n > (UINT64_MAX - (uint64_t)d) / (uint64_t)base) return -1; /* not a digit, or too big */
    n = n * (uint64_t)base + (uint64_t)d;
  }
  *v = n;
  return 0;
}

/* "A.B.C.D:PORT:BYTES" */
static int parse_echo_to(const char *s, wt_args *a) {
  char ip[16];
  uint32_t port, bytes;
  int n = 0, k;
  while (s[n] && s[n] != ':' && n < 15) { ip[n] = s[n]; n++; }
  ip[n] = 0;
  if (s[n++] != ':' || wt_parse_ip(ip, &a->echo_ip, NULL)) return -1;
  if (!(k = decimal(s + n, 65535, &port)) || port == 0 || s[n + k] != ':') return -1;
  n += k + 1;
  if (!(k = decimal(s + n, 0xffffffffu, &bytes)) || s[n + k]) return -1;
  a->echo_port = (uint16_t)port;
  a->echo_bytes = bytes;
  return 0;
}

int wt_args_parse(wt_args *a, int argc, char **argv) {
  int have_ip = 0, have_mac = 0;
  a->dev = NULL;
  a->dhcp = 0;
  a->name = NULL;
  a->run_for = -1;
  a->prefix = 24;
  a->echo_port = 0;
  a->error = NULL;
  for (int i = 0; i < argc; i += 2) {
    const char *k = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
    uint64_t n;
    a->error = k;
    if (!v) return -1;
    if (!strcmp(k, "--dev")) a->dev = v;
    else if (!strcmp(k, "--ip") && !strcmp(v, "dhcp")) { a->dhcp = 1; a->cfg.ip = 0; a->prefix = 0; have_ip = 1; }
    else if (!strcmp(k, "--ip")) { if (wt_parse_ip(v, &a->cfg.ip, &a->prefix)) return -1; a->dhcp = 0; have_ip = 1; }
    else if (!strcmp(k, "--name")) a->name = v;
    else if (!strcmp(k, "--gw")) { if (wt_parse_ip(v, &a->cfg.gateway, NULL)) return -1; }
    else if (!strcmp(k, "--mac")) { if (wt_parse_mac(v, a->cfg.mac)) return -1; have_mac = 1; }
    else if (!strcmp(k, "--seed")) { if (wt_parse_u64(v, &n)) return -1; a->cfg.seed = n; }
    else if (!strcmp(k, "--serve")) a->serve = v;
    else if (!strcmp(k, "--echo-to")) { if (parse_echo_to(v, a)) return -1; }
    else if (!strcmp(k, "--for")) { if (wt_parse_u64(v, &n) || n > INT32_MAX) return -1; a->run_for = (int32_t)n; }
    else return -1;
  }
  a->error = "--ip";
  if (!have_ip) return -1;
  a->error = NULL;
  a->cfg.netmask = a->prefix ? 0xffffffffu << (32 - a->prefix) : 0;
  if (!have_mac) {
    /* No address to take the bytes from before the lease: the seed's (a fixed --seed gives a fixed MAC). */
    const uint32_t b = a->dhcp ? (uint32_t)a->cfg.seed : a->cfg.ip;
    const uint8_t m[6] = {0x02, 0x77, (uint8_t)(b >> 24), (uint8_t)(b >> 16), (uint8_t)(b >> 8), (uint8_t)b};
    memcpy(a->cfg.mac, m, 6);
  }
  return 0;
}

int wt_args_configured(wt_args *a, const char *ip, const char *gw, const char *mac, const char *name) {
  char *argv[8] = {"--ip", (char *)ip};
  int argc = 2;
  if (gw[0]) { argv[argc++] = "--gw"; argv[argc++] = (char *)gw; }
  if (mac[0]) { argv[argc++] = "--mac"; argv[argc++] = (char *)mac; }
  if (name[0]) { argv[argc++] = "--name"; argv[argc++] = (char *)name; }
  return wt_args_parse(a, argc, argv);
}

void wt_args_default_name(wt_args *a, char buf[13]) {
  if (a->name) return;
  memcpy(buf, "wasmtcp-", 8);
  for (int i = 0; i < 4; i++) buf[8 + i] = "0123456789abcdef"[a->cfg.mac[4 + i / 2] >> (i % 2 ? 0 : 4) & 15];
  buf[12] = '\0';
  a->name = buf;
}

int wt_args_split(char *line, char **argv, int max) {
  int n = 0;
  while (*line && n < max) {
    while (*line == ' ' || *line == '\t' || *line == '\n') *line++ = '\0';
    if (!*line) break;
    argv[n++] = line;
    while (*line && *line != ' ' && *line != '\t' && *line != '\n') line++;
  }
  return n;
}
