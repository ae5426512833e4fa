#include <string.h>
#include "lan9118.h"
#include "mps2.h"

/* Register map and bits from SMSC/Microchip's LAN9118 and LAN9220 datasheets (the family shares them). */
#define R(off) REG32(LAN9118_BASE + (off))
#define RX_DATA_FIFO 0x00
#define TX_DATA_FIFO 0x20
#define RX_STATUS_FIFO 0x40
#define TX_STATUS_FIFO 0x48
#define ID_REV 0x50
#define IRQ_CFG 0x54
#define INT_STS 0x58
#define INT_EN 0x5c
#define BYTE_TEST 0x64
#define TX_CFG 0x70
#define HW_CFG 0x74
#define RX_FIFO_INF 0x7c
#define TX_FIFO_INF 0x80
#define PMT_CTRL 0x84
#define GPIO_CFG 0x88
#define MAC_CSR_CMD 0xa4
#define MAC_CSR_DATA 0xa8
#define AFC_CFG 0xac

#define MAC_CR 1
#define MAC_ADDRH 2
#define MAC_ADDRL 3
#define MII_ACC 6
#define MII_DATA 7
#define MAC_CR_FDPX (1u << 20)
#define MAC_CR_MCPAS (1u << 19) /* pass all multicast */
#define MAC_CR_TXEN (1u << 3)
#define MAC_CR_RXEN (1u << 2)
#define INT_RSFL (1u << 3)   /* receive status FIFO level: a frame is waiting */
#define IRQ_EN (1u << 8)
#define IRQ_POL_HIGH (1u << 4)
#define IRQ_PUSH_PULL (1u << 0)
#define CSR_BUSY (1u << 31)
#define CSR_READ (1u << 30)
#define HW_CFG_SRST (1u << 0)
#define HW_CFG_MBO (1u << 20)      /* "must be one" (datasheet 5.3.9) */
#define HW_CFG_TX_FIF_5K (5u << 16) /* 5 KiB TX FIFO, the rest (11 KiB) for receive: the reset default */
#define PMT_READY (1u << 0)
/* Automatic flow control: assert at 0x6e * 64 bytes of RX FIFO, release at 0x37 * 64, back-pressure
 * duration 4 (about 500 us at 100 Mb/s); the thresholds the datasheet's 5 KiB TX FIFO split calls for. */
#define AFC_CFG_VALUE 0x006e3740u
#define GPIO_CFG_LEDS 0x70070000u  /* LED1-3 show link, activity and speed; GPIO0-2 push-pull */
#define MII_BUSY (1u << 0)
#define MII_WRITE (1u << 1)
#define PHY_ADDR 1                /* the internal PHY */
#define PHY_BMCR 0
#define PHY_BMSR 1
#define PHY_ANAR 4
#define PHY_ANLPAR 5
#define BMCR_RESET (1u << 15)
#define BMCR_ANENABLE (1u << 12)
#define BMCR_ANRESTART (1u << 9)
#define BMSR_LINK (1u << 2)
#define BMSR_ANCOMPLETE (1u << 5)
#define ANAR_ALL_10_100 0x01e1u   /* 100FD, 100HD, 10FD, 10HD, IEEE 802.3 selector */
#define AN_100FD (1u << 8)
#define AN_100HD (1u << 7)
#define AN_10FD (1u << 6)

/* Chips of the family that this programming model drives: LAN9115-9118, LAN9215-9218, LAN9210/9211,
 * LAN9220/9221 (real MPS2 boards carry a LAN9220; QEMU models a LAN9118). */
static const uint16_t chip_ids[] = {0x0115, 0x0116, 0x0117, 0x0118, 0x115a, 0x116a, 0x117a, 0x118a,
                                    0x9210, 0x9211, 0x9220, 0x9221};

static uint32_t rx_errors;

static void mac_write(uint32_t reg, uint32_t v) {
  while (R(MAC_CSR_CMD) & CSR_BUSY) {}
  R(MAC_CSR_DATA) = v;
  R(MAC_CSR_CMD) = CSR_BUSY | reg;
  while (R(MAC_CSR_CMD) & CSR_BUSY) {}
}

static uint32_t mac_read(uint32_t reg) {
  while (R(MAC_CSR_CMD) & CSR_BUSY) {}
  R(MAC_CSR_CMD) = CSR_BUSY | CSR_READ | reg;
  while (R(MAC_CSR_CMD) & CSR_BUSY) {}
  return R(MAC_CSR_DATA);
}

static uint16_t phy_read(uint32_t reg) {
  while (mac_read(MII_ACC) & MII_BUSY) {}
  mac_write(MII_ACC, PHY_ADDR << 11 | reg << 6 | MII_BUSY);
  while (mac_read(MII_ACC) & MII_BUSY) {}
  return (uint16_t)mac_read(MII_DATA);
}

static void phy_write(uint32_t reg, uint16_t v) {
  while (mac_read(MII_ACC) & MII_BUSY) {}
  mac_write(MII_DATA, v);
  mac_write(MII_ACC, PHY_ADDR << 11 | reg << 6 | MII_WRITE | MII_BUSY);
  while (mac_read(MII_ACC) & MII_BUSY) {}
}

static uint32_t chip_id;
static uint32_t mac_cr;
static int link = -1; /* unknown until the first lan9118_link_poll */

/* Waits, bounded, for (reg & mask) == want: a chip that never gets there leaves a timeout, not a hang. */
static int wait_reg(uint32_t off, uint32_t mask, uint32_t want) {
  for (int i = 0; i < 1000000; i++)
    if ((R(off) & mask) == want) return 0;
  return -1;
}

int lan9118_init(const uint8_t mac[6]) {
  if (R(BYTE_TEST) != 0x87654321u) return -1;
  chip_id = R(ID_REV) >> 16;
  unsigned known = 0;
  for (unsigned i = 0; i < sizeof chip_ids / sizeof chip_ids[0]; i++) known |= chip_ids[i] == chip_id;
  if (!known) return -1;
  if (wait_reg(PMT_CTRL, PMT_READY, PMT_READY)) return -1; /* after power-on, registers are writable once READY */
  R(HW_CFG) = HW_CFG_SRST;
  if (wait_reg(HW_CFG, HW_CFG_SRST, 0) || wait_reg(PMT_CTRL, PMT_READY, PMT_READY)) return -1;
  R(HW_CFG) = HW_CFG_MBO | HW_CFG_TX_FIF_5K;
  R(AFC_CFG) = AFC_CFG_VALUE;
  R(GPIO_CFG) = GPIO_CFG_LEDS;

  /* The PHY: reset, advertise every 10/100 mode and start auto-negotiation. The link is not awaited
   * here (a board must boot without a cable): lan9118_link_poll sets the duplex once it is up. */
  phy_write(PHY_BMCR, BMCR_RESET);
  for (int i = 0; i < 100000 && (phy_read(PHY_BMCR) & BMCR_RESET); i++) {}
  phy_write(PHY_ANAR, ANAR_ALL_10_100);
  phy_write(PHY_BMCR, BMCR_ANENABLE | BMCR_ANRESTART);

  mac_write(MAC_ADDRL, (uint32_t)mac[0] | (uint32_t)mac[1] << 8 | (uint32_t)mac[2] << 16 | (uint32_t)mac[3] << 24);
  mac_write(MAC_ADDRH, (uint32_t)mac[4] | (uint32_t)mac[5] << 8);
  /* Not promiscuous (the reset default in QEMU): own address, broadcast, and multicast, which mDNS
   * (RFC 6762, 224.0.0.251) needs; the core drops other groups. Half duplex until auto-negotiation says
   * otherwise. */
  mac_cr = MAC_CR_TXEN | MAC_CR_RXEN | MAC_CR_MCPAS;
  mac_write(MAC_CR, mac_cr);
  R(TX_CFG) = 1u << 1; /* TX_ON */
  R(INT_STS) = 0xffffffffu;
  R(INT_EN) = INT_RSFL;
  R(IRQ_CFG) = IRQ_EN | IRQ_POL_HIGH | IRQ_PUSH_PULL;
  lan9118_link_poll();
  return 0;
}

int lan9118_link_poll(void) {
  uint16_t bmsr = phy_read(PHY_BMSR);
  bmsr = phy_read(PHY_BMSR); /* the link bit latches low (IEEE 802.3 22.2.4.2.13): the second read is now */
  int up = (bmsr & BMSR_LINK) && (bmsr & BMSR_ANCOMPLETE);
  if (up && link != 1) {
    /* Resolve the duplex as IEEE 802.3 Annex 28B.3 orders the common modes: 100FD, 100HD, 10FD, 10HD. */
    uint16_t common = phy_read(PHY_ANAR) & phy_read(PHY_ANLPAR);
    int full = (common & AN_100FD) || (!(common & AN_100HD) && (common & AN_10FD));
    mac_cr = full ? mac_cr | MAC_CR_FDPX : mac_cr & ~MAC_CR_FDPX;
    mac_write(MAC_CR, mac_cr);
  }
  link = up;
  return up ? (mac_cr & MAC_CR_FDPX ? 2 : 1) : 0;
}

uint32_t lan9118_chip_id(void) { return chip_id; }

void lan9118_send(const uint8_t *f, uint32_t len) {
  uint32_t words = (len + 3) / 4;
  for (int i = 0; (R(TX_FIFO_INF) & 0xffff) < words * 4 + 8; i++)
    if (i > 1000000) return; /* the chip never drained: drop, as a full queue would */
  R(TX_DATA_FIFO) = 1u << 13 | 1u << 12 | len; /* command A: first and last segment, buffer size */
  R(TX_DATA_FIFO) = len;                      /* command B: packet length */
  /* Word by word (the FIFO takes the frame's bytes little-endian, as the M3 loads them; it may load
   * unaligned), the tail zero-padded. */
  uint32_t i = 0;
  for (; 4 * i + 4 <= len; i++) { uint32_t w; memcpy(&w, f + 4 * i, 4); R(TX_DATA_FIFO) = w; }
  if (i < words) { uint32_t w = 0; memcpy(&w, f + 4 * i, len - 4 * i); R(TX_DATA_FIFO) = w; }
  while ((R(TX_FIFO_INF) >> 16) & 0xff) (void)R(TX_STATUS_FIFO); /* nobody reads the status: discard it */
}

void lan9118_receive(wt_ring *rx) {
  while ((R(RX_FIFO_INF) >> 16) & 0xff) {
    uint32_t status = R(RX_STATUS_FIFO);
    uint32_t len = (status >> 16) & 0x3fff; /* includes the 4-byte FCS */
    uint32_t words = (len + 3) / 4;
    wt_frame *f = (status & (1u << 15)) || len < 4 || len - 4 > WT_RING_FRAME ? 0 : wt_ring_claim(rx);
    if (!f) rx_errors += (status & (1u << 15)) || len < 4 || len - 4 > WT_RING_FRAME;
    /* Every word is read to empty the FIFO; the frame's bytes (not its FCS) are kept, a word at a time. */
    uint32_t keep = f ? len - 4 : 0;
    for (uint32_t i = 0; i < words; i++) {
      uint32_t w = R(RX_DATA_FIFO);
      if (4 * i + 4 <= keep) memcpy(f->data + 4 * i, &w, 4);
      else if (4 * i < keep) memcpy(f->data + 4 * i, &w, keep - 4 * i);
    }
    if (f) wt_ring_commit(rx, (uint16_t)(len - 4));
  }
  R(INT_STS) = INT_RSFL;
}

uint32_t lan9118_rx_errors(void) { return rx_errors; }
