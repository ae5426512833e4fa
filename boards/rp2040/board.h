/* What the firmware's files share: the clock, the receive ring, sleeping, the heap's bookkeeping, the
 * seed, the .wasm bytes and the panic. */
#ifndef BOARD_H
#define BOARD_H

#include <stddef.h>
#include <stdint.h>
#include "ring.h"

extern wt_ring board_rx; /* filled by the network back-end (net.h), drained by the main loop */

/* Milliseconds since boot: the core takes any origin and wraps with the u32. */
uint32_t board_ms(void);
/* Sleeps until `until_ms` (board_ms time), a frame in the ring, or a frame waiting in the interface,
 * whichever comes first. Any interrupt ends the wait early too; the caller just takes another turn. */
void board_sleep_until(uint32_t until_ms);

/* Heap calls (malloc, calloc, realloc, free) so far: wasm3's load makes them all; none may follow. */
uint32_t board_allocs(void);
/* Bytes the heap has taken from RAM (sbrk), and what is left between it and the stack. */
size_t board_heap_used(void);
size_t board_heap_free(void);

/* 64 bits for the core's seed (ISNs, ephemeral ports): the SDK's pico_rand, which mixes the ring
 * oscillator's random bit, the bus performance counters, the unique board id and the time since boot. */
uint64_t board_seed(void);

/* Runs fn (which never returns) on the main stack: the SDK's 4 KiB in SCRATCH_Y, or, when the build sets
 * WASMTCP_MAIN_STACK (bytes), a static one in main RAM (wasm3 on the M0+ needs 23.4 KB; SCRATCH_Y cannot
 * grow past 4 KiB). Either way the stack is painted first, for board_stack_peak. */
__attribute__((noreturn)) void board_start(void (*fn)(void));
/* The deepest the main stack (interrupts included) has been so far, in bytes, and its size. */
size_t board_stack_peak(void);
size_t board_stack_size(void);

/* Prints what went wrong and stops there, repeating the message for a console attached later. */
__attribute__((noreturn)) void board_panic(const char *what, uint32_t value);

#endif
