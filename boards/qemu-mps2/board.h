/* What the firmware's files share: the clock, the receive ring the Ethernet interrupt fills, the
 * console and the heap's bookkeeping. */
#ifndef BOARD_H
#define BOARD_H

#include <stddef.h>
#include <stdint.h>
#include "ring.h"
#include "heap_calls.h" /* wt_heap_calls: malloc/calloc/realloc calls so far (wasm3's load) */

extern volatile uint32_t board_ms; /* SysTick, 1 ms */
extern wt_ring board_rx;           /* filled by the LAN9118 interrupt */
size_t board_heap_used(void);

void board_init(void); /* console, SysTick */
void systick_handler(void);
void eth_irq_handler(void);
__attribute__((noreturn)) void board_panic(const char *what, uint32_t value);
/* Ends QEMU with this exit status (semihosting SYS_EXIT; needs -semihosting). */
__attribute__((noreturn)) void board_exit(int status);
/* The command line QEMU was given (-append, after the kernel's name; semihosting SYS_GET_CMDLINE),
 * NUL-terminated in buf. Returns its length, or -1. */
int board_cmdline(char *buf, uint32_t size);
/* Fills the unused stack with a pattern (at reset); the deepest the stack has been since, in bytes. */
void board_stack_paint(void);
uint32_t board_stack_peak(void);

/* Serial console (UART0): output polled, input polled. */
void uart_init(void);
void uart_write(const char *s, uint32_t n); /* raw bytes */
void uart_puts(const char *s);              /* '\n' becomes "\r\n" */
void uart_putu(uint32_t v);
int uart_getc(void); /* waits for one byte */
int uart_poll(void); /* one byte if one has arrived, else -1 */


#endif
