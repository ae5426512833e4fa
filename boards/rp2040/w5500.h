/* WIZnet W5500 as a plain Ethernet MAC: socket 0 in MACRAW mode owns all 16 KiB of the chip's receive
 * memory and all 16 KiB of its transmit memory and carries whole frames (no FCS) both ways. The chip's
 * own TCP/IP engine is never used: the wasmtcp core is the stack. */
#ifndef W5500_H
#define W5500_H

#include <stdbool.h>
#include <stdint.h>
#include "hardware/spi.h"

typedef struct {
  spi_inst_t *spi;
  uint32_t baud;                       /* SPI clock in Hz */
  uint8_t sck, mosi, miso, cs, rst, irq; /* GPIO numbers */
} w5500_pins;

/* Resets the chip (RST pin, then the MR software reset), checks VERSIONR, sets the MAC address, gives
 * socket 0 all buffer memory and opens it in MACRAW mode. With mac_filter the chip passes only frames
 * for its own address and broadcast; without, it is promiscuous. Enables the INT pin on received data.
 * 0, or -1 if no W5500 answers, -2 if socket 0 does not reach the MACRAW state. */
int w5500_init(const w5500_pins *p, const uint8_t mac[6], bool mac_filter);
/* PHYCFGR's link bit: a cable to a live port. */
bool w5500_link_up(void);
/* Queues one frame (without FCS; shorter than 60 bytes gets zero padding) and starts sending it.
 * Waits for the previous SEND to finish first. 0, -1 if the chip never made room (frame dropped), or
 * W5500_LINK_DOWN: no link, the frame is dropped at once, nothing waits and the socket is left as it is. */
#define W5500_LINK_DOWN (-3)
int w5500_send(const uint8_t *frame, uint32_t len);
/* Frames dropped because the link was down. */
uint32_t w5500_link_drops(void);
/* Bytes waiting in socket 0's receive memory (frames with their 2-byte length prefixes). */
uint32_t w5500_rx_waiting(void);
/* Reads the next frame into buf (size bytes, at least 1514): its length, 0 if none waits, or -1 after a
 * corrupt length prefix (the receive memory is then discarded: the socket is reopened). A frame longer
 * than size is skipped and counted as an error; the return is then 0 or the next frame's length. */
int w5500_recv(uint8_t *buf, uint32_t size);
/* Acknowledges socket 0's RECV interrupt, so the INT pin rises until the next frame arrives. */
void w5500_irq_ack(void);
/* Frames skipped (too long) and resynchronisations after a corrupt length prefix. */
uint32_t w5500_errors(void);

#endif
