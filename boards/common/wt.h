/* wasmtcp for C: the core's ABI as plain C calls, the same on every engine and every board.
 * Handles, errors (negative, assembly/abi.ts's Err) and times (u32 ms, any origin) are the core's own;
 * this layer only moves bytes in and out of linear memory and turns a trap into WT_ETRAP. */
#ifndef WT_H
#define WT_H

#include <stdint.h>

#include "wt_abi.h" /* generated from assembly/abi.ts: WT_STATE_*, WT_ERR_*, WT_EV_*, WT_OPT_*, ... */

/* A trap inside the module (or calling after one): not an Err of the core, which never uses it. */
#define WT_ETRAP INT32_MIN
/* The host refused the call before the core saw it (a frame longer than frame_max()). Same as Err.INVAL. */
#define WT_EINVAL WT_ERR_INVAL

typedef struct {
  uint8_t mac[6];
  uint32_t ip, netmask, gateway; /* host order: 10.0.0.1 = 0x0a000001 */
  uint64_t seed;
} wt_config;

/* What a board provides: the core's three imports. Called from inside wt_* calls only. */
void wt_host_link_send(const uint8_t *frame, uint32_t len); /* bytes valid during the call */
void wt_host_trace(int32_t kind, int32_t a, int32_t b, int32_t c);
void wt_host_abort(uint32_t msg, uint32_t file, uint32_t line, uint32_t col); /* the module then traps */

/* Loads the engine (all its allocation happens here) and caches the core's buffer addresses. */
int wt_start(const uint8_t *wasm, uint32_t len);
int32_t wt_init(const wt_config *c, uint32_t now);

/* Copies the frame to rx_buffer() and processes it: 0, a drop reason's stats index, or WT_EINVAL. */
int32_t wt_input(const uint8_t *frame, uint32_t len, uint32_t now);
/* Runs due timers: ms until the next deadline, or -1 if none is armed. */
int32_t wt_poll(uint32_t now);

int32_t wt_listen(uint32_t port, uint32_t backlog);
int32_t wt_accept(int32_t listener);
int32_t wt_connect(uint32_t ip, uint32_t port, uint32_t local_port, uint32_t now);
/* Copies min(len, io_buffer_size) bytes to io_buffer() and queues them: the count taken, or an Err. */
int32_t wt_send(int32_t h, const uint8_t *data, uint32_t len, uint32_t now);
/* Receives up to min(len, io_buffer_size) bytes into out: the count, 0 at end of stream, or an Err. */
int32_t wt_recv(int32_t h, uint8_t *out, uint32_t len, uint32_t now);
int32_t wt_shutdown(int32_t h, uint32_t how, uint32_t now);
int32_t wt_close(int32_t h, uint32_t now);
int32_t wt_abort(int32_t h, uint32_t now);
int32_t wt_state(int32_t h);
int32_t wt_events(int32_t h);
/* The next handle after `after` (-1 to start) whose events changed since wt_events() read them, or -1. */
int32_t wt_pending(int32_t after);
int32_t wt_setopt(int32_t h, uint32_t opt, int32_t value, uint32_t now);
int32_t wt_getopt(int32_t h, uint32_t opt);
int32_t wt_remote_ip(int32_t h);
int32_t wt_remote_port(int32_t h);
int32_t wt_local_port(int32_t h);
int32_t wt_in_use(void);
int32_t wt_count_state(int32_t state);

/* UDP (RFC 768): bind (port 0: ephemeral), one datagram to ip:port, the oldest queued one (its whole
 * length returned, at most len bytes copied; its source in *ip, *port), close. */
int32_t wt_udp_bind(uint32_t port);
int32_t wt_udp_sendto(int32_t h, uint32_t ip, uint32_t port, const uint8_t *data, uint32_t len, uint32_t now);
int32_t wt_udp_recvfrom(int32_t h, uint8_t *out, uint32_t len, uint32_t *ip, uint32_t *port);
int32_t wt_udp_close(int32_t h);
/* The interface's address, netmask and gateway now (0 until DHCP's lease). */
uint32_t wt_ip_address(void);
uint32_t wt_ip_netmask(void);
uint32_t wt_ip_gateway(void);
/* The DHCP client (RFC 2131): start (init with ip 0 first), renew now, release, its WT_DHCP_STATE_*. */
int32_t wt_dhcp_start(uint32_t now);
int32_t wt_dhcp_renew(uint32_t now);
int32_t wt_dhcp_release(uint32_t now);
int32_t wt_dhcp_state(void);
/* INIT-REBOOT (RFC 2131 3.2): asks for `ip`, an address leased before, instead of a DISCOVER; a NAK or
 * silence falls back to one. WT_ERR_INVAL for an address no host may take. */
int32_t wt_dhcp_reboot(uint32_t now, uint32_t ip);
/* Names (RFC 1035, RFC 6762). wt_dns_resolve starts a lookup of the `len`-byte dotted name: a handle or an
 * Err; wt_dns_status: 0 done, WT_EWOULDBLOCK running, or its Err; wt_dns_address: the address found. */
int32_t wt_dns_set_server(int32_t index, uint32_t ip);
int32_t wt_set_hostname(const char *name, uint32_t len);
int32_t wt_dns_resolve(const char *name, uint32_t len, uint32_t now);
int32_t wt_dns_status(int32_t q);
uint32_t wt_dns_address(int32_t q);
int32_t wt_dns_release(int32_t q);
/* The mDNS responder for HOSTNAME.local; wt_mdns_name copies the name it holds into buf (NUL-terminated)
 * and returns its length (0 when off). */
int32_t wt_mdns_start(uint32_t now);
int32_t wt_mdns_stop(uint32_t now);
int32_t wt_mdns_name(char *buf, uint32_t cap);

/* Counters: how many, one value, one name (ASCII, copied into buf, NUL-terminated). */
int32_t wt_stats_count(void);
uint32_t wt_stat(int32_t i);
const char *wt_stat_name(int32_t i, char *buf, uint32_t size);

uint32_t wt_io_size(void);
uint32_t wt_frame_max(void);
/* FNV-1a of linear memory below static_top(): the core's whole state, to compare runtimes. */
uint32_t wt_state_hash(void);
/* Non-zero once the module has trapped; every later call returns WT_ETRAP. */
int wt_trapped(void);
const char *wt_error(void);

#endif
