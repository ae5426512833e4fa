/* The parts of the MPS2 AN385 (Cortex-M3) this firmware touches: addresses from ARM's AN385, as QEMU's
 * mps2-an385 models them. */
#ifndef MPS2_H
#define MPS2_H

#include <stdint.h>

#define REG32(addr) (*(volatile uint32_t *)(addr))

#define SYSCLK_HZ 25000000u

/* CMSDK APB UART0: QEMU's -serial (first) */
#define UART0_BASE 0x40004000u
#define UART_DATA(b) REG32((b) + 0x00)
#define UART_STATE(b) REG32((b) + 0x04) /* bit 0: TX buffer full */
#define UART_CTRL(b) REG32((b) + 0x08)  /* bit 0: TX enable */
#define UART_BAUDDIV(b) REG32((b) + 0x10)

/* Cortex-M3 system control space */
#define SYST_CSR REG32(0xE000E010u)
#define SYST_RVR REG32(0xE000E014u)
#define SYST_CVR REG32(0xE000E018u)
#define NVIC_ISER0 REG32(0xE000E100u)

/* SMSC LAN9118 on the static memory bus, interrupt 13 */
#define LAN9118_BASE 0x40200000u
#define LAN9118_IRQ 13

#endif
