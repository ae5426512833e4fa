/* The network back-end, one per build (WASMTCP_NET): raw Ethernet frames in and out, nothing above.
 *   net_w5500.c  WIZnet W5500 in MACRAW mode over SPI (W5500-EVB-Pico, or a Pico and a W5500 module)
 *   net_cyw43.c  the Pico W's CYW43439, station mode, through cyw43-driver without lwIP */
#ifndef NET_H
#define NET_H

#include <stdbool.h>
#include <stdint.h>
#include "ring.h"

/* Brings the interface up (for Wi-Fi: joins the configured network, which can take seconds); received
 * frames go into `rx`. `mac` is the configured address on entry and the one the interface really uses on
 * return: the CYW43 keeps its own, since the access point only forwards frames for the address that
 * associated. 0, or -1 (printed why). */
int net_init(uint8_t mac[6], wt_ring *rx);
/* Sends one frame (no FCS). Called from inside the core (wt_host_link_send), from the main loop only. */
void net_send(const uint8_t *frame, uint32_t len);
/* Moves frames the interface holds into the ring, as long as it has free slots. The W5500 is read here,
 * in the loop (its SPI bus is the loop's too); the CYW43's receive callback fills the ring by itself. */
void net_receive(void);
/* True when the interface holds frames that net_receive would move: the loop must not sleep then. */
bool net_pending(void);
bool net_link_up(void);
/* Frames lost in the interface (too long, corrupt, send failures, dropped while the link is down), for the heartbeat. */
uint32_t net_errors(void);
const char *net_name(void);

#endif
