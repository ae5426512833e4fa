/* UART0, polled both ways: the console, and in the replay firmware the script coming in. No printf (it
 * would pull in newlib's stdio and its heap). */
#include "board.h"
#include "mps2.h"

void uart_init(void) {
  UART_BAUDDIV(UART0_BASE) = SYSCLK_HZ / 115200u;
  UART_CTRL(UART0_BASE) = 3; /* TX and RX enable */
}

static void putc_(char c) {
  while (UART_STATE(UART0_BASE) & 1) {}
  UART_DATA(UART0_BASE) = (uint8_t)c;
}

void uart_write(const char *s, uint32_t n) { while (n--) putc_(*s++); }

void uart_puts(const char *s) {
  for (; *s; s++) {
    if (*s == '\n') putc_('\r');
    putc_(*s);
  }
}

void uart_putu(uint32_t v) {
  char b[11];
  int i = 10;
  b[i] = 0;
  do { b[--i] = (char)('0' + v % 10); v /= 10; } while (v);
  uart_puts(b + i);
}

int uart_getc(void) {
  while (!(UART_STATE(UART0_BASE) & 2)) {} /* RX buffer full */
  return (int)(UART_DATA(UART0_BASE) & 0xff);
}

int uart_poll(void) { return UART_STATE(UART0_BASE) & 2 ? (int)(UART_DATA(UART0_BASE) & 0xff) : -1; }
