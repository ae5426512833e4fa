/* W5500 MACRAW driver, from the W5500 datasheet (v1.0.x): SPI frames are a 16-bit offset, a control byte
 * (block select << 3 | write << 2 | variable-length mode 00) and the data, framed by CS. Register blocks:
 * 0 common, 1 socket 0's registers, 2 its transmit memory, 3 its receive memory (socket n: 4n+1..4n+3).
 * Buffer pointers are free-running 16-bit offsets: the chip maps them onto the socket's memory itself,
 * so reads and writes may cross the end of the buffer without any wrapping here. */
#include "w5500.h"

#include <string.h>
#include "hardware/gpio.h"
#include "pico/time.h"

#define BLK_COMMON 0x00
#define BLK_S0_REG 0x01
#define BLK_S0_TX 0x02
#define BLK_S0_RX 0x03
#define BLK_SN_REG(n) ((uint8_t)((n) * 4 + 1))

/* Common registers */
#define MR 0x0000
#define SHAR 0x0009
#define INTLEVEL 0x0013
#define SIMR 0x0018
#define PHYCFGR 0x002e
#define VERSIONR 0x0039
#define MR_RST 0x80
#define PHYCFGR_LNK 0x01
#define W5500_VERSION 0x04

/* Socket registers */
#define SN_MR 0x0000
#define SN_CR 0x0001
#define SN_IR 0x0002
#define SN_SR 0x0003
#define SN_RXBUF_SIZE 0x001e
#define SN_TXBUF_SIZE 0x001f
#define SN_TX_FSR 0x0020
#define SN_TX_WR 0x0024
#define SN_RX_RSR 0x0026
#define SN_RX_RD 0x0028
#define SN_IMR 0x002c
#define MR_MACRAW 0x04
#define MR_MFEN 0x80 /* MACRAW only: pass frames for SHAR and broadcast, nothing else */
#define CR_OPEN 0x01
#define CR_CLOSE 0x10
#define CR_SEND 0x20
#define CR_RECV 0x40
#define IR_SENDOK 0x10
#define IR_RECV 0x04
#define SR_MACRAW 0x42

#define FRAME_MIN 60   /* Ethernet minimum without FCS */
#define FRAME_MAX 1514 /* and maximum */
#define WAIT_US 20000  /* for a command or a transmission: a 1514-byte frame takes 121 us at 100 Mb/s */

static w5500_pins pins;
static bool filter_on, sending;
static uint32_t link_drops;
static uint32_t errors;

/* One SPI frame: header, then n bytes out of `out` (write) or into `in` (read). */
static void xfer(uint16_t addr, uint8_t block, bool write, const uint8_t *out, uint8_t *in, size_t n) {
  uint8_t hdr[3] = {(uint8_t)(addr >> 8), (uint8_t)addr, (uint8_t)(block << 3 | (write ? 0x04 : 0x00))};
  gpio_put(pins.cs, 0);
  spi_write_blocking(pins.spi, hdr, sizeof hdr);
  if (write) spi_write_blocking(pins.spi, out, n);
  else spi_read_blocking(pins.spi, 0, in, n);
  gpio_put(pins.cs, 1);
}

static void write8(uint8_t block, uint16_t addr, uint8_t v) { xfer(addr, block, true, &v, NULL, 1); }
static uint8_t read8(uint8_t block, uint16_t addr) {
  uint8_t v;
  xfer(addr, block, false, NULL, &v, 1);
  return v;
}
static void write16(uint8_t block, uint16_t addr, uint16_t v) {
  uint8_t b[2] = {(uint8_t)(v >> 8), (uint8_t)v};
  xfer(addr, block, true, b, NULL, 2);
}
static uint16_t read16(uint8_t block, uint16_t addr) {
  uint8_t b[2];
  xfer(addr, block, false, NULL, b, 2);
  return (uint16_t)(b[0] << 8 | b[1]);
}
/* The free-size and received-size registers change while they are read: the datasheet asks for two
 * equal reads in a row. */
static uint16_t read16_stable(uint8_t block, uint16_t addr) {
  uint16_t a = read16(block, addr), b;
  while ((b = read16(block, addr)) != a) a = b;
  return a;
}

/* Issues a socket command and waits until the chip has taken it (Sn_CR reads 0 again). */
static bool command(uint8_t cmd) {
  write8(BLK_S0_REG, SN_CR, cmd);
  uint32_t t0 = time_us_32();
  while (read8(BLK_S0_REG, SN_CR))
    if (time_us_32() - t0 > WAIT_US) return false;
  return true;
}

static bool open_macraw(void) {
  command(CR_CLOSE);
  write8(BLK_S0_REG, SN_IR, 0xff);
  write8(BLK_S0_REG, SN_MR, (uint8_t)(MR_MACRAW | (filter_on ? MR_MFEN : 0)));
  sending = false;
  return command(CR_OPEN) && read8(BLK_S0_REG, SN_SR) == SR_MACRAW;
}

int w5500_init(const w5500_pins *p, const uint8_t mac[6], bool mac_filter) {
  pins = *p;
  filter_on = mac_filter;
  spi_init(pins.spi, pins.baud); /* mode 0, 8 bits, MSB first: one of the two modes the W5500 takes */
  gpio_set_function(pins.sck, GPIO_FUNC_SPI);
  gpio_set_function(pins.mosi, GPIO_FUNC_SPI);
  gpio_set_function(pins.miso, GPIO_FUNC_SPI);
  gpio_init(pins.cs);
  gpio_set_dir(pins.cs, GPIO_OUT);
  gpio_put(pins.cs, 1);
  gpio_init(pins.irq);
  gpio_set_dir(pins.irq, GPIO_IN);
  gpio_pull_up(pins.irq);

  /* Hardware reset: RSTn low for at least 500 us, then the PLL needs about 1 ms to lock. */
  gpio_init(pins.rst);
  gpio_set_dir(pins.rst, GPIO_OUT);
  gpio_put(pins.rst, 0);
  sleep_ms(1);
  gpio_put(pins.rst, 1);
  sleep_ms(10);
  write8(BLK_COMMON, MR, MR_RST);
  for (int i = 0; i < 100 && (read8(BLK_COMMON, MR) & MR_RST); i++) sleep_ms(1);
  if (read8(BLK_COMMON, VERSIONR) != W5500_VERSION) return -1;

  xfer(SHAR, BLK_COMMON, true, mac, NULL, 6);
  /* The eight sockets share 16 KiB each way (2 KiB each after reset): take it all for socket 0, which
   * then holds about ten full-size frames while the loop is busy inside the core. */
  for (int n = 1; n < 8; n++) {
    write8(BLK_SN_REG(n), SN_RXBUF_SIZE, 0);
    write8(BLK_SN_REG(n), SN_TXBUF_SIZE, 0);
  }
  write8(BLK_S0_REG, SN_RXBUF_SIZE, 16);
  write8(BLK_S0_REG, SN_TXBUF_SIZE, 16);

  if (!open_macraw()) return -2;
  /* INT pin: socket 0's RECV only (SENDOK is polled by w5500_send), asserted again at once after an
   * acknowledgement (INTLEVEL 0). */
  write16(BLK_COMMON, INTLEVEL, 0);
  write8(BLK_S0_REG, SN_IMR, IR_RECV);
  write8(BLK_COMMON, SIMR, 0x01);
  return 0;
}

bool w5500_link_up(void) { return read8(BLK_COMMON, PHYCFGR) & PHYCFGR_LNK; }

int w5500_send(const uint8_t *frame, uint32_t len) {
  static const uint8_t zeros[FRAME_MIN];
  if (len > FRAME_MAX) return -1;
  /* No cable: the chip never completes a SEND, so waiting would stall the loop and reopening the socket
   * would discard what it received. Drop the frame at once (TCP retransmits) until the link returns. */
  if (!w5500_link_up()) { link_drops++; return W5500_LINK_DOWN; }
  uint16_t padded = (uint16_t)(len < FRAME_MIN ? FRAME_MIN : len);
  uint32_t t0 = time_us_32();
  /* One SEND at a time: the previous one must have completed (SENDOK) before the next command. */
  while (sending && !(read8(BLK_S0_REG, SN_IR) & IR_SENDOK)) {
    if (time_us_32() - t0 > WAIT_US) {
      errors++;
      if (!open_macraw()) return -1; /* a stuck socket: start it over */
      break;
    }
  }
  if (sending) write8(BLK_S0_REG, SN_IR, IR_SENDOK);
  sending = false;
  while (read16_stable(BLK_S0_REG, SN_TX_FSR) < padded)
    if (time_us_32() - t0 > WAIT_US) return -1;

  uint16_t wr = read16(BLK_S0_REG, SN_TX_WR);
  xfer(wr, BLK_S0_TX, true, frame, NULL, len);
  if (padded > len) xfer((uint16_t)(wr + len), BLK_S0_TX, true, zeros, NULL, padded - len);
  write16(BLK_S0_REG, SN_TX_WR, (uint16_t)(wr + padded));
  if (!command(CR_SEND)) return -1;
  sending = true;
  return 0;
}

uint32_t w5500_rx_waiting(void) { return read16_stable(BLK_S0_REG, SN_RX_RSR); }

int w5500_recv(uint8_t *buf, uint32_t size) {
  for (;;) {
    uint16_t waiting = read16_stable(BLK_S0_REG, SN_RX_RSR);
    if (waiting < 2) return 0;
    uint16_t rd = read16(BLK_S0_REG, SN_RX_RD);
    uint8_t prefix[2];
    xfer(rd, BLK_S0_RX, false, NULL, prefix, 2);
    /* MACRAW's packet info: the frame's length plus the 2 bytes of the prefix itself, big-endian. */
    uint16_t total = (uint16_t)(prefix[0] << 8 | prefix[1]);
    if (total < 2 + 14 || total > 2 + FRAME_MAX) {
      /* Out of step with the chip's framing: nothing after this point can be trusted. Reopening the
       * socket empties its receive memory. */
      errors++;
      open_macraw();
      return -1;
    }
    if (total > waiting) return 0; /* not all of it yet */
    uint32_t len = total - 2u;
    if (len <= size) xfer((uint16_t)(rd + 2), BLK_S0_RX, false, NULL, buf, len);
    else errors++;
    write16(BLK_S0_REG, SN_RX_RD, (uint16_t)(rd + total));
    command(CR_RECV); /* tells the chip the space up to Sn_RX_RD is free again */
    if (len <= size) return (int)len;
  }
}

void w5500_irq_ack(void) { write8(BLK_S0_REG, SN_IR, IR_RECV); }

uint32_t w5500_errors(void) { return errors; }

uint32_t w5500_link_drops(void) { return link_drops; }
