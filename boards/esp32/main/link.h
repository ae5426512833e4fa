/* The network back-end: one of link_eth.c (esp_eth, internal EMAC + LAN8720) or link_wifi.c (esp_wifi
 * station), chosen in menuconfig. Either one moves raw Ethernet frames: received ones into board_rx
 * (board_rx_frame), sent ones straight to the driver. Neither touches esp_netif or lwIP. */
#ifndef LINK_H
#define LINK_H

#include <stdint.h>

/* Brings the driver up far enough to know its MAC (into mac; a configured one is applied first where the
 * hardware allows it, mac_set non-zero). Nothing is received yet. 0, or -1 after logging why. */
int link_init(uint8_t mac[6], int mac_set);
/* Starts receiving (and, for Wi-Fi, connecting). From the core's task, after wt_init. 0, or -1. */
int link_start(void);
/* One frame out; the bytes are only valid during the call. Failures are counted, not retried: TCP
 * retransmits, as it would after a loss on the wire. */
void link_send(const uint8_t *frame, uint32_t len);

const char *link_name(void);
int link_up(void);           /* carrier (Ethernet) or association (Wi-Fi) */
uint32_t link_tx_errors(void);

#endif
