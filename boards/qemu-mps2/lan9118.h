/* SMSC LAN9118 Ethernet controller: programmed I/O through its FIFOs. */
#ifndef LAN9118_H
#define LAN9118_H

#include <stdint.h>
#include "ring.h"

/* Initialises the chip as its datasheet orders: waits for READY, soft reset, HW_CFG (must-be-one bit,
 * FIFO split), automatic flow control thresholds, LEDs; resets the PHY and starts auto-negotiation without
 * waiting for a link; sets the MAC address and filtering (own address and broadcast), enables receive and
 * transmit, and raises the interrupt on every received frame. 0, or -1 if no chip of the family answers. */
int lan9118_init(const uint8_t mac[6]);
/* Reads the PHY's link; when it comes up, sets the MAC's duplex from the auto-negotiation result.
 * 0: link down, 1: up at half duplex, 2: up at full duplex. Call it now and then (it is a few MII reads). */
int lan9118_link_poll(void);
/* The chip's ID (ID_REV's upper half: 0x0118 for a LAN9118, 0x9220 for a LAN9220). */
uint32_t lan9118_chip_id(void);
/* Sends one frame (no FCS: the chip adds it). Waits for FIFO room; drops the frame if it never comes. */
void lan9118_send(const uint8_t *frame, uint32_t len);
/* Moves every received frame into the ring (frames the ring has no slot for are read and dropped).
 * Called from the interrupt handler; acknowledges the interrupt. */
void lan9118_receive(wt_ring *rx);
/* Frames with receive errors or too long for a slot. */
uint32_t lan9118_rx_errors(void);

#endif
