/* What the firmware's files share: the clock, the receive ring the driver's task fills, the wake-up of the
 * core's task, the allocation guard, the panic, and the .wasm bytes. */
#ifndef BOARD_H
#define BOARD_H

#include <stddef.h>
#include <stdint.h>
#include "ring.h"

extern wt_ring board_rx;          /* filled by the link's receive callback, drained by the core's task */
extern uint32_t board_rx_oversize; /* frames longer than the ring's 1514 bytes (VLAN tags), dropped */

uint32_t board_now_ms(void); /* esp_timer, wraps after 49 days as the core expects */

/* The core's task: the only one that calls into wt_*. board_rx_frame wakes it. */
void board_set_core_task(void *task);
/* Producer side, from the driver's task: copies one frame into the ring and wakes the core's task. */
void board_rx_frame(const void *frame, uint32_t len);

/* Allocation guard: heap calls made by the core's task between enter and leave are counted (the heap's
 * allocation hook). The drivers' own buffers are outside it: link_send leaves it around the driver call. */
void board_core_enter(void);
void board_core_leave(void);
uint32_t board_core_allocs(void);
int board_alloc_checked(void); /* 0 when the heap has no hooks (CONFIG_HEAP_USE_HOOKS unset) */

__attribute__((noreturn)) void board_panic(const char *what, int32_t value);

#endif
