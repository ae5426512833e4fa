/* The engine interface: one way to run the core's exports, whatever executes the .wasm.
 * Two implementations: engine_wasm3.c (interprets the .wasm bytes) and engine_wasm2c.c (calls the C that
 * wasm2c generated from the same .wasm). wt.c builds the public API on top and never knows which. */
#ifndef WT_ENGINE_H
#define WT_ENGINE_H

#include <stdint.h>

/* Every export the boards use: X(ID, name, argument count, R = returns i32 | V = returns nothing).
 * One list, so the engines' lookup tables and dispatch cannot drift from each other. */
#define WT_EXPORTS(X)                  \
  X(INIT, init, 8, V)                  \
  X(RX_BUFFER, rx_buffer, 0, R)        \
  X(INPUT, input, 2, R)                \
  X(POLL, poll, 1, R)                  \
  X(IO_BUFFER, io_buffer, 0, R)        \
  X(IO_BUFFER_SIZE, io_buffer_size, 0, R) \
  X(FRAME_MAX, frame_max, 0, R)        \
  X(LISTEN, tcp_listen, 2, R)          \
  X(ACCEPT, tcp_accept, 1, R)          \
  X(CONNECT, tcp_connect, 4, R)        \
  X(SEND, tcp_send, 3, R)              \
  X(RECV, tcp_recv, 3, R)              \
  X(SHUTDOWN, tcp_shutdown, 3, R)      \
  X(CLOSE, tcp_close, 2, R)            \
  X(ABORT, tcp_abort, 2, R)            \
  X(STATE, tcp_state, 1, R)            \
  X(EVENTS, tcp_events, 1, R)          \
  X(PENDING, tcp_pending, 1, R)        \
  X(SETOPT, tcp_setopt, 4, R)          \
  X(GETOPT, tcp_getopt, 2, R)          \
  X(REMOTE_IP, tcp_remote_ip, 1, R)    \
  X(REMOTE_PORT, tcp_remote_port, 1, R) \
  X(LOCAL_PORT, tcp_local_port, 1, R)  \
  X(IN_USE, tcp_in_use, 0, R)          \
  X(COUNT_STATE, tcp_count_state, 1, R) \
  X(STATS, stats, 0, R)                \
  X(STATS_COUNT, stats_count, 0, R)    \
  X(STAT_NAMES, stat_names, 0, R)      \
  X(STATIC_TOP, static_top, 0, R)      \
  X(UDP_BIND, udp_bind, 1, R)          \
  X(UDP_SENDTO, udp_sendto, 5, R)      \
  X(UDP_RECVFROM, udp_recvfrom, 2, R)  \
  X(UDP_FROM_IP, udp_from_ip, 1, R)    \
  X(UDP_FROM_PORT, udp_from_port, 1, R) \
  X(UDP_CLOSE, udp_close, 1, R)        \
  X(IP_ADDRESS, ip_address, 0, R)      \
  X(IP_NETMASK, ip_netmask, 0, R)      \
  X(IP_GATEWAY, ip_gateway, 0, R)      \
  X(DHCP_START, dhcp_start, 1, R)      \
  X(DHCP_RENEW, dhcp_renew, 1, R)      \
  X(DHCP_RELEASE, dhcp_release, 1, R)  \
  X(DHCP_STATE, dhcp_state, 0, R)      \
  X(DHCP_REBOOT, dhcp_reboot, 2, R)    \
  X(DNS_SET_SERVER, dns_set_server, 2, R) \
  X(SET_HOSTNAME, set_hostname, 1, R)  \
  X(DNS_RESOLVE, dns_resolve, 2, R)    \
  X(DNS_STATUS, dns_status, 1, R)      \
  X(DNS_ADDRESS, dns_address, 1, R)    \
  X(DNS_RELEASE, dns_release, 1, R)    \
  X(MDNS_START, mdns_start, 1, R)      \
  X(MDNS_STOP, mdns_stop, 1, R)        \
  X(MDNS_NAME, mdns_name, 0, R)

typedef enum {
#define WT_X_ENUM(id, name, argc, ret) WT_FN_##id,
  WT_EXPORTS(WT_X_ENUM)
#undef WT_X_ENUM
  WT_FN_COUNT
} wt_fn;

/* Loads and links the module (wasm3 parses `wasm`; wasm2c ignores it: the module is compiled in).
 * Every allocation the engine makes happens here. Returns 0, or -1 with wt_engine_error() set. */
int wt_engine_start(const uint8_t *wasm, uint32_t len);

/* Calls one export with `args` (wt_fn's argument count of them). Returns 0 and the i32 result in *ret
 * (0 for a void export), or -1 if the module trapped (wt_engine_error() says why). */
int wt_engine_call(wt_fn fn, const uint32_t *args, int32_t *ret);

/* The module's linear memory now. Only memory.grow could move it; the core never grows. */
uint8_t *wt_engine_memory(uint32_t *size);

const char *wt_engine_name(void);
const char *wt_engine_error(void);

#endif
