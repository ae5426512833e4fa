#include "lan9118.h"
#include "mps2.h"

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
#define MAC_CSR_CMD 0xa4
#define MAC_CSR_DATA 0xa8

#define MAC_CR 1
#define MAC_ADDRH 2
#define MAC_ADDRL 3
#define MAC_CR_FDPX (1u << 20)
#define MAC_CR_TXEN (1u << 3)
#define MAC_CR_RXEN (1u << 2)
#define INT_RSFL (1u << 3)   /* receive status FIFO level: a frame is waiting */
#define IRQ_EN (1u << 8)
#define IRQ_POL_HIGH (1u << 4)
#define IRQ_PUSH_PULL (1u << 0)
#define CSR_BUSY (1u << 31)
#define CSR_READ (1u << 30)

static uint32_t rx_errors;

static void mac_write(uint32_t reg, uint32_t v) {
  while (R(MAC_CSR_CMD) & CSR_BUSY) {}
  R(MAC_CSR_DATA) = v;
  R(MAC_CSR_CMD) = CSR_BUSY | reg;
  while (R(MAC_CSR_CMD) & CSR_BUSY) {}
}

int lan9118_init(const uint8_t mac[6]) {
  if (R(BYTE_TEST) != 0x87654321u || (R(ID_REV) >> 16) != 0x0118) return -1;
  R(HW_CFG) = 1; /* soft reset */
  for (int i = 0; i < 100000 && (R(HW_CFG) & 1); i++) {}
  for (int i = 0; i < 100000 && !(R(PMT_CTRL) & 1); i++) {} /* READY */
  mac_write(MAC_ADDRL, (uint32_t)mac[0] | (uint32_t)mac[1] << 8 | (uint32_t)mac[2] << 16 | (uint32_t)mac[3] << 24);
  mac_write(MAC_ADDRH, (uint32_t)mac[4] | (uint32_t)mac[5] << 8);
  /* Not promiscuous (the reset default in QEMU): own address and broadcast only. */
  mac_write(MAC_CR, MAC_CR_FDPX | MAC_CR_TXEN | MAC_CR_RXEN);
  R(TX_CFG) = 1u << 1; /* TX_ON */
  R(INT_STS) = 0xffffffffu;
  R(INT_EN) = INT_RSFL;
  R(IRQ_CFG) = IRQ_EN | IRQ_POL_HIGH | IRQ_PUSH_PULL;
  return 0;
}

void lan9118_send(const uint8_t *f, uint32_t len) {
  uint32_t words = (len + 3) / 4;
  for (int i = 0; (R(TX_FIFO_INF) & 0xffff) < words * 4 + 8; i++)
    if (i > 1000000) return; /* the chip never drained: drop, as a full queue would */
  R(TX_DATA_FIFO) = 1u << 13 | 1u << 12 | len; /* command A: first and last segment, buffer size */
  R(TX_DATA_FIFO) = len;                      /* command B: packet length */
  for (uint32_t i = 0; i < words; i++) {
    uint32_t w = 0;
    for (uint32_t b = 0; b < 4 && 4 * i + b < len; b++) w |= (uint32_t)f[4 * i + b] << (8 * b);
    R(TX_DATA_FIFO) = w;
  }
  while ((R(TX_FIFO_INF) >> 16) & 0xff) (void)R(TX_STATUS_FIFO); /* nobody reads the status: discard it */
}

void lan9118_receive(wt_ring *rx) {
  while ((R(RX_FIFO_INF) >> 16) & 0xff) {
    uint32_t status = R(RX_STATUS_FIFO);
    uint32_t len = (status >> 16) & 0x3fff; /* includes the 4-byte FCS */
    uint32_t words = (len + 3) / 4;
    wt_frame *f = (status & (1u << 15)) || len < 4 || len - 4 > WT_RING_FRAME ? 0 : wt_ring_claim(rx);
    if (!f) rx_errors += (status & (1u << 15)) || len < 4 || len - 4 > WT_RING_FRAME;
    for (uint32_t i = 0; i < words; i++) {
      uint32_t w = R(RX_DATA_FIFO);
      for (uint32_t b = 0; f && b < 4 && 4 * i + b < len - 4; b++) f->data[4 * i + b] = (uint8_t)(w >> (8 * b));
    }
    if (f) wt_ring_commit(rx, (uint16_t)(len - 4));
  }
  R(INT_STS) = INT_RSFL;
}

uint32_t lan9118_rx_errors(void) { return rx_errors; }
