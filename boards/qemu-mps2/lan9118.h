/* SMSC LAN9118 Ethernet controller: programmed I/O through its FIFOs. */
#ifndef LAN9118_H
#define LAN9118_H

#include <stdint.h>
#include "ring.h"

/* Resets the chip, sets the MAC address and filtering (own address and broadcast), enables receive
 * and transmit, and raises the interrupt on every received frame. 0, or -1 if no chip answers. */
int lan9118_init(const uint8_t mac[6]);
/* Sends one frame (no FCS: the chip adds it). Waits for FIFO room; drops the frame if it never comes. */
void lan9118_send(const uint8_t *frame, uint32_t len);
/* Moves every received frame into the ring (frames the ring has no slot for are read and dropped).
 * Called from the interrupt handler; acknowledges the interrupt. */
void lan9118_receive(wt_ring *rx);
/* Frames with receive errors or too long for a slot. */
uint32_t lan9118_rx_errors(void);

#endif
