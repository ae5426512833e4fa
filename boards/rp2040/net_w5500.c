/* Back-end: W5500 over SPI. The chip's 16 KiB receive memory is the first queue: net_receive copies
 * frames from it into the ring only while the ring has free slots, so nothing is dropped between the two.
 * The INT pin's interrupt only wakes the loop (SEV): every SPI transfer happens in the loop, so sends
 * from inside the core and reads never share the bus. */
#include "net.h"
#include "w5500.h"

#include <stdio.h>
#include "hardware/gpio.h"
#include "hardware/sync.h"

/* W5500-EVB-Pico's wiring; a Pico with a W5500 module wired the same way works unchanged. */
#ifndef W5500_SPI
#define W5500_SPI spi0
#endif
#ifndef W5500_PIN_SCK
#define W5500_PIN_SCK 18
#define W5500_PIN_MOSI 19
#define W5500_PIN_MISO 16
#define W5500_PIN_CS 17
#define W5500_PIN_RST 20
#define W5500_PIN_INT 21
#endif
#ifndef W5500_SPI_HZ
#define W5500_SPI_HZ (33 * 1000 * 1000) /* clk_peri 125 MHz / 4 = 31.25 MHz; the chip is rated to 80 */
#endif
#ifndef WASMTCP_W5500_MAC_FILTER
#define WASMTCP_W5500_MAC_FILTER 1
#endif

static volatile bool irq_seen;
static wt_ring *ring;

static void on_int(uint gpio, uint32_t events) {
  (void)gpio; (void)events;
  irq_seen = true;
  __sev(); /* ends the loop's WFE even if the interrupt came just before it */
}

int net_init(uint8_t mac[6], wt_ring *rx) {
  ring = rx;
  static const w5500_pins pins = {W5500_SPI, W5500_SPI_HZ, W5500_PIN_SCK, W5500_PIN_MOSI, W5500_PIN_MISO,
                                  W5500_PIN_CS, W5500_PIN_RST, W5500_PIN_INT};
  int r = w5500_init(&pins, mac, WASMTCP_W5500_MAC_FILTER);
  if (r == -1) printf("w5500: no chip answers on SPI (VERSIONR != 4): check wiring and power\n");
  if (r == -2) printf("w5500: socket 0 did not open in MACRAW mode\n");
  if (r) return -1;
  printf("w5500: MACRAW, MAC filter %s, link %s\n", WASMTCP_W5500_MAC_FILTER ? "on" : "off",
         w5500_link_up() ? "up" : "down (no cable?)");
  /* INTn is active low and stays low while socket 0's RECV bit is set: the falling edge is the news. */
  gpio_set_irq_enabled_with_callback(W5500_PIN_INT, GPIO_IRQ_EDGE_FALL, true, on_int);
  return 0;
}

/* Says once that the link went down (frames are dropped meanwhile, see w5500_send), and once that it
 * came back, rather than a line per dropped frame. */
void net_send(const uint8_t *frame, uint32_t len) {
  static bool down;
  bool now_down = w5500_send(frame, len) == W5500_LINK_DOWN;
  if (now_down != down) printf(now_down ? "w5500: link down: frames are dropped until it returns\n" : "w5500: link up\n");
  down = now_down;
}

void net_receive(void) {
  if (irq_seen || !gpio_get(W5500_PIN_INT)) {
    irq_seen = false;
    w5500_irq_ack(); /* before reading: a frame arriving from now on asserts INT again */
  }
  while (ring->head - ring->tail < WT_RING_SLOTS) {
    wt_frame *f = wt_ring_claim(ring); /* cannot fail: a slot is free and this is the only producer */
    int n = w5500_recv(f->data, WT_RING_FRAME);
    if (n <= 0) break; /* the claimed slot is not committed: it stays free */
    wt_ring_commit(ring, (uint16_t)n);
  }
}

bool net_pending(void) { return irq_seen || !gpio_get(W5500_PIN_INT) || w5500_rx_waiting() >= 2; }
bool net_link_up(void) { return w5500_link_up(); }
uint32_t net_errors(void) { return w5500_errors() + w5500_link_drops(); }
const char *net_name(void) { return "w5500"; }
