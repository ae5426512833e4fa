/* Board services: clock, sleep, heap bookkeeping, seed, panic. */
#include "board.h"
#include "net.h"
#include "stack.h"

#include <stdio.h>
#include <unistd.h>
#include "pico/stdlib.h"
#include "pico/rand.h"
#include "hardware/sync.h"

wt_ring board_rx;

uint32_t board_ms(void) { return to_ms_since_boot(get_absolute_time()); }

void board_sleep_until(uint32_t until_ms) {
  int32_t left = (int32_t)(until_ms - board_ms()); /* u32 ms wrap after 49 days: compare by difference */
  if (left <= 0) return;
  absolute_time_t until = make_timeout_time_ms((uint32_t)left);
  /* WFE, not WFI: the producers (the CYW43 callback, the W5500's INT interrupt) end with SEV, which sets
   * the event register even when it happens between the checks and the WFE, so no wake-up is lost. The
   * SDK arms a timer alarm for the deadline. */
  while (!wt_ring_peek(&board_rx) && !net_pending() && (int32_t)(until_ms - board_ms()) > 0)
    best_effort_wfe_or_timeout(until);
}

/* newlib takes this lock on every malloc, calloc, realloc and free (the SDK's pico_malloc wraps those
 * names already, so a second --wrap is not possible): counting here counts every heap call. The firmware
 * is single-threaded and nothing allocates in an interrupt, so the lock itself has nothing to exclude. */
struct _reent;
static volatile uint32_t heap_calls;
void __malloc_lock(struct _reent *r) { (void)r; heap_calls++; }
void __malloc_unlock(struct _reent *r) { (void)r; }

uint32_t board_allocs(void) { return heap_calls; }

extern char end;          /* the linker's end of .bss: where the heap starts (the SDK's _sbrk) */
extern char __StackLimit; /* and where it must stop */

size_t board_heap_used(void) { return (size_t)((char *)sbrk(0) - &end); }
size_t board_heap_free(void) { return (size_t)(&__StackLimit - (char *)sbrk(0)); }

uint64_t board_seed(void) { return get_rand_64(); }

static uint32_t *stack_lo, *stack_hi;

#if WASMTCP_MAIN_STACK > 0
static uint64_t main_stack[WASMTCP_MAIN_STACK / 8]; /* 8-byte aligned, as AAPCS wants the stack */

void board_start(void (*fn)(void)) {
  stack_lo = (uint32_t *)main_stack;
  stack_hi = (uint32_t *)(main_stack + sizeof main_stack / sizeof main_stack[0]);
  wt_stack_paint(stack_lo, stack_hi); /* not in use yet: painted whole */
  /* From here on the main stack is main_stack: thread code and every interrupt handler use it (one MSP,
   * no PSP). Nothing returns to the old frames, so they can be abandoned. */
  __asm__ volatile("mov sp, %0\n\tbx %1" : : "r"(stack_hi), "r"(fn) : "memory");
  __builtin_unreachable();
}
#else
extern uint32_t __StackBottom, __StackTop; /* the SDK's core 0 stack, at the top of SCRATCH_Y */

void board_start(void (*fn)(void)) {
  stack_lo = &__StackBottom;
  stack_hi = &__StackTop;
  wt_stack_paint(stack_lo, stack_hi); /* in use: painted below this frame */
  fn();
  __builtin_unreachable();
}
#endif

size_t board_stack_peak(void) { return wt_stack_peak(stack_lo, stack_hi); }

size_t board_stack_size(void) { return (size_t)(stack_hi - stack_lo) * 4; }

void board_panic(const char *what, uint32_t value) {
  for (;;) {
    printf("\npanic: %s %lu\n", what, (unsigned long)value);
    sleep_ms(5000);
  }
}
