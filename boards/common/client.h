/* An echo client for boards: connects to an echo server (RFC 862), sends `bytes` bytes of the
 * deterministic stream (http_stream_byte, the bytes /bytes/N serves), half-closes, and checks that exactly
 * those bytes come back before the server's FIN. A board tests itself as a TCP client with it against a
 * laptop's echo server; the posix host's --echo-to option runs it. echo_client_turn is a wt_app_fn.
 * A refused connect is retried a few times with a doubling wait, as a device booting before its peer would. */
#ifndef WT_CLIENT_H
#define WT_CLIENT_H

#include <stdint.h>

typedef struct {
  uint32_t sent, received; /* stream bytes queued, bytes echoed back */
  uint32_t mismatch_at;    /* the first echoed byte that differs, or UINT32_MAX */
  int32_t error;           /* the connection's error (an Err of the core), or 0 */
  int done;                /* the exchange is over: the server closed, or the connection failed */
  uint32_t retries;        /* connects refused (server not listening yet) and tried again */
} echo_client_result;

/* Opens the connection (after wt_init): 0, or the core's Err from connect. */
int32_t echo_client_start(uint32_t ip, uint16_t port, uint32_t bytes, uint32_t now);
/* One turn of the exchange; does nothing before echo_client_start or after the exchange is over. */
void echo_client_turn(void *ctx, uint32_t now);
const echo_client_result *echo_client_status(void);
/* Done, every byte back and equal, no error. */
int echo_client_passed(void);

#endif
