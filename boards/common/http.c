#include "http.h"
#include "wt.h"
#include "engine.h"

#include <string.h>

enum { READING, ANSWERING, BODY, DONE };
#define HEADER_MAX 8192 /* a request whose header is larger gets 431 */
#define RESPONSE_HEAD 192 /* room reserved in front of a generated body for the status line and headers */

static const char *const state_names[] = WT_STATE_NAMES;
#define FIRST_REPORTED_STATE WT_STATE_SYN_SENT /* CLOSED and LISTEN are not connections */

void http_reset(http_conn *s) { memset(s, 0, sizeof *s); }

static uint8_t pattern_byte(uint32_t k) {
  uint32_t x = (k * 2654435761u) ^ 0x5bd1e995u;
  x ^= x << 13;
  x ^= x >> 17;
  x ^= x << 5;
  return (uint8_t)x;
}

uint8_t http_stream_byte(uint32_t i) { return pattern_byte(i % HTTP_STREAM_PERIOD); }

void http_stream_fill(uint8_t *buf, uint32_t offset, uint32_t n) {
  uint32_t k = offset % HTTP_STREAM_PERIOD; /* one division per call, then a wrapping counter */
  for (uint32_t i = 0; i < n; i++) {
    buf[i] = pattern_byte(k);
    if (++k == HTTP_STREAM_PERIOD) k = 0;
  }
}

#ifdef HTTP_STREAM_TABLE
static uint8_t stream_table[HTTP_STREAM_PERIOD + HTTP_STREAM_VIEW_MAX]; /* byte i is stream byte i */
static int stream_table_ready;

const uint8_t *http_stream_view(uint32_t offset, uint32_t n) {
  if (n > HTTP_STREAM_VIEW_MAX) return NULL;
  if (!stream_table_ready) { http_stream_fill(stream_table, 0, sizeof stream_table); stream_table_ready = 1; }
  return stream_table + offset % HTTP_STREAM_PERIOD;
}
#else
const uint8_t *http_stream_view(uint32_t offset, uint32_t n) { (void)offset; (void)n; return NULL; }
#endif

/* Appends s to out[*n], never past cap. */
static void put(char *out, uint32_t *n, uint32_t cap, const char *s) {
  while (*s && *n < cap) out[(*n)++] = *s++;
}

static void put_u32(char *out, uint32_t *n, uint32_t cap, uint32_t v) {
  char d[10];
  int k = 0;
  do d[k++] = (char)('0' + v % 10); while ((v /= 10) != 0);
  while (k && *n < cap) out[(*n)++] = d[--k];
}

/* GET /: what the Node service reports, from the core's own counters. */
static uint32_t status_text(char *out, uint32_t cap) {
  char name[48];
  uint32_t n = 0;
  put(out, &n, cap, "wasmtcp ");
  put(out, &n, cap, wt_engine_name());
  put(out, &n, cap, "\nconnections {");
  for (uint32_t s = FIRST_REPORTED_STATE; s < sizeof state_names / sizeof state_names[0]; s++) {
    put(out, &n, cap, s > FIRST_REPORTED_STATE ? ",\"" : "\"");
    put(out, &n, cap, state_names[s]);
    put(out, &n, cap, "\":");
    put_u32(out, &n, cap, (uint32_t)wt_count_state((int32_t)s));
  }
  put(out, &n, cap, "}\n");
  for (int32_t i = 0, count = wt_stats_count(); i < count; i++) {
    uint32_t v = wt_stat(i);
    const char *k = wt_stat_name(i, name, sizeof name);
    if (!v || !strcmp(k, "none")) continue;
    put(out, &n, cap, k);
    put(out, &n, cap, " ");
    put_u32(out, &n, cap, v);
    put(out, &n, cap, "\n");
  }
  return n;
}

/* "/bytes/N" with N a decimal below 2^32: 0 and *len, or -1. */
static int bytes_path(const char *p, uint32_t *len) {
  static const char prefix[] = "/bytes/";
  uint64_t v = 0;
  if (strncmp(p, prefix, sizeof prefix - 1)) return -1;
  p += sizeof prefix - 1;
  if (!*p) return -1;
  for (; *p; p++) {
    if (*p < '0' || *p > '9' || (v = v * 10 + (uint64_t)(*p - '0')) > 0xffffffffu) return -1;
  }
  *len = (uint32_t)v;
  return 0;
}

/* Feeds request bytes: 1 once the header has ended. */
static int read_request(http_conn *s, const uint8_t *b, uint32_t n) {
  for (uint32_t i = 0; i < n; i++) {
    uint8_t c = b[i];
    if (c == '\n') {
      s->line_done = 1;
      if (++s->newlines == 2) return 1;
    } else if (c != '\r') {
      s->newlines = 0;
      if (!s->line_done && s->line_len < sizeof s->line - 1) s->line[s->line_len++] = (char)c;
    }
  }
  return 0;
}

/* Writes the response into buf: the head ends at RESPONSE_HEAD, a generated body (GET /, errors) follows.
 * Returns where it starts in buf; *len is its length. Sets s->total for /bytes/N. */
static uint32_t answer(http_conn *s, uint8_t *buf, uint32_t size, uint32_t *len) {
  char line[sizeof s->line]; /* parsed in a copy: a response that waits for room is built again later */
  memcpy(line, s->line, sizeof line);
  const char *status = "200 OK", *type = "text/plain; charset=utf-8", *error = NULL, *method = line, *path = "";
  char *sp = strchr(line, ' ');
  if (sp) { *sp = 0; path = sp + 1; if ((sp = strchr(path, ' ')) != NULL) *sp = 0; }
  int head_only = !strcmp(method, "HEAD");
  char *text = (char *)buf + RESPONSE_HEAD;
  uint32_t body = 0, cap = size - RESPONSE_HEAD, n;
  s->total = 0;
  if (s->seen > HEADER_MAX) status = "431 Request Header Fields Too Large", error = "header too large\n";
  /* RFC 9110 15.5.6: a 405 names the methods allowed (the header rides in the status string) */
  else if (strcmp(method, "GET") && !head_only) status = "405 Method Not Allowed\r\nAllow: GET, HEAD", error = "method not allowed\n";
  else if (!strcmp(path, "/")) body = status_text(text, cap);
  else if (bytes_path(path, &n) == 0) type = "application/octet-stream", s->total = n;
  else status = "404 Not Found", error = "not found\n";
  if (error) put(text, &body, cap, error);
  char head[RESPONSE_HEAD];
  n = 0;
  put(head, &n, sizeof head, "HTTP/1.1 ");
  put(head, &n, sizeof head, status);
  put(head, &n, sizeof head, "\r\nContent-Type: ");
  put(head, &n, sizeof head, type);
  put(head, &n, sizeof head, "\r\nContent-Length: ");
  put_u32(head, &n, sizeof head, s->total ? s->total : body);
  put(head, &n, sizeof head, "\r\nConnection: close\r\n\r\n");
  if (head_only) body = 0, s->total = 0;
  memcpy(text - n, head, n);
  *len = n + body;
  return RESPONSE_HEAD - n;
}

/* How much of n bytes to send so that the data not yet sent ends on a segment boundary (0: wait for room
 * for a whole segment). With Nagle off (services.c) the part of a segment a send ends in would go out at
 * once as a short segment of its own: one per send, and one whenever the buffer's last room is short. */
static uint32_t whole_segments(int32_t h, uint32_t n) {
  int32_t mss = wt_getopt(h, WT_OPT_MSS);
  if (mss <= 0) return n;
  uint32_t unsent = (uint32_t)wt_getopt(h, WT_OPT_SND_QUEUED) - ((uint32_t)wt_getopt(h, WT_OPT_SND_NXT) - (uint32_t)wt_getopt(h, WT_OPT_SND_UNA));
  uint32_t cut = (unsent + n) % (uint32_t)mss;
  return cut < n ? n - cut : 0;
}

int http_serve(http_conn *s, int32_t h, int32_t ev, uint8_t *buf, uint32_t size, uint32_t room, uint32_t now) {
  if (size <= RESPONSE_HEAD) return -1;
  if (ev & WT_EV_READABLE) { /* the request while reading it; anything after it is read and ignored */
    int32_t n = wt_recv(h, buf, size, now);
    if (n == 0 && s->phase == READING) return -1; /* the peer ended before asking */
    if (n > 0 && s->phase == READING) {
      s->seen += (uint32_t)n;
      if (read_request(s, buf, (uint32_t)n) || s->seen > HEADER_MAX) s->phase = ANSWERING;
    }
  }
  if (s->phase == ANSWERING) {
    uint32_t len, at = answer(s, buf, size, &len);
    if (room < len) return 0; /* the whole head (and generated body) goes in one send; answer() again later */
    if (wt_send(h, buf + at, len, now) != (int32_t)len) return -1;
    s->phase = s->total ? BODY : DONE;
    room -= len;
  }
  if (s->phase == BODY && room) {
    uint32_t n = s->total - s->at;
    if (n > room) n = room;
    if (n > size) n = size;
    if (n < s->total - s->at) n = whole_segments(h, n);
    if (n) {
      const uint8_t *body = http_stream_view(s->at, n);
      if (!body) http_stream_fill(buf, s->at, n), body = buf;
      int32_t k = wt_send(h, body, n, now);
      if (k < 0) return -1;
      if ((s->at += (uint32_t)k) == s->total) s->phase = DONE;
    }
  }
  return s->phase == DONE;
}
