/* A minimal HTTP/1.1 server for one connection at a time, the `http` of services.c:
 *   GET /         200, text/plain: the engine's name, connections by state, the non-zero counters
 *   GET /bytes/N  200, application/octet-stream: N deterministic bytes (http_stream_byte), the same bytes
 *                 the Node harness's http service sends (host/services.ts streamChunk)
 *   HEAD of both, and 404 for any other path, 405 for another method, 431 for headers over 8 KiB.
 * Every response carries Content-Length and Connection: close; the server closes after it. */
#ifndef WT_HTTP_H
#define WT_HTTP_H

#include <stdint.h>

typedef struct {
  uint8_t phase;      /* reading the request, answering, sending the body, done */
  uint8_t newlines;   /* consecutive line ends seen (two end the header) */
  uint8_t line_done;  /* the request line is complete */
  uint8_t line_len;
  char line[48];      /* the request line, truncated: longer paths are not ours */
  uint32_t seen;      /* request bytes read */
  uint32_t at, total; /* body bytes queued, body length */
} http_conn;

void http_reset(http_conn *s);
/* One turn for connection h with events ev, using buf (size bytes) as scratch and room bytes of free send
 * buffer. Returns 1 when the response is queued in full (close the connection), -1 when the peer went away
 * first, 0 to be called again. */
int http_serve(http_conn *s, int32_t h, int32_t ev, uint8_t *buf, uint32_t size, uint32_t room, uint32_t now);
/* Byte i of /bytes/N: xorshift32 of a multiplicative hash of i mod HTTP_STREAM_PERIOD. A prime period, so
 * that a server can send from one precomputed copy (the Node service does) while a stream shifted by a
 * power of two (a ring's or window's size) still differs. */
#define HTTP_STREAM_PERIOD 65521u
uint8_t http_stream_byte(uint32_t i);
/* Bytes offset .. offset+n-1 of the stream into buf. */
void http_stream_fill(uint8_t *buf, uint32_t offset, uint32_t n);
/* Hosts with RAM to spare (-DHTTP_STREAM_TABLE: the posix board) keep one period and a send's worth of the
 * stream computed once, and send the body straight from it instead of computing every byte per send. */
#ifdef HTTP_STREAM_TABLE
#define HTTP_STREAM_VIEW_MAX 16384u /* the longest run a view gives: services.c's largest buffer */
#endif
/* Bytes offset .. offset+n-1 of the stream where they already are (n at most HTTP_STREAM_VIEW_MAX), or
 * NULL on a build without the table: fill a buffer instead. */
const uint8_t *http_stream_view(uint32_t offset, uint32_t n);

#endif
