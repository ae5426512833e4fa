/* Board services the rest of the firmware uses: the clock, the receive ring and the wake-up of the core's
 * task, the allocation guard (through the heap's allocation hook) and the panic. */
#include "board.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "freertos/FreeRTOS.h"
#include "freertos/task.h"
#include "esp_heap_caps.h"
#include "esp_timer.h"
#include "sdkconfig.h"

wt_ring board_rx;
uint32_t board_rx_oversize;

static TaskHandle_t volatile core_task;
static volatile int in_core;
static volatile uint32_t core_allocs;

uint32_t board_now_ms(void) { return (uint32_t)(esp_timer_get_time() / 1000); }

void board_set_core_task(void *task) { core_task = (TaskHandle_t)task; }

/* The driver's task is the ring's only producer (one back-end is linked in, and it delivers from one task).
 * A full ring drops the frame, as a NIC does when its descriptors run out. */
void board_rx_frame(const void *frame, uint32_t len) {
  if (len > WT_RING_FRAME) { board_rx_oversize++; return; }
  wt_frame *f = wt_ring_claim(&board_rx);
  if (!f) return; /* counted in board_rx.dropped */
  memcpy(f->data, frame, len);
  wt_ring_commit(&board_rx, (uint16_t)len);
  TaskHandle_t t = core_task;
  if (t) xTaskNotifyGive(t); /* never lost: a notification given before the take makes it return at once */
}

void board_core_enter(void) { in_core = 1; }
void board_core_leave(void) { in_core = 0; }
uint32_t board_core_allocs(void) { return core_allocs; }

#if CONFIG_HEAP_USE_HOOKS
/* Called by the heap after every allocation, from the allocating task, inside the heap's lock: no logging
 * here, only the count. The declaration in esp_heap_caps.h puts it in IRAM. */
void esp_heap_trace_alloc_hook(void *ptr, size_t size, uint32_t caps) {
  (void)ptr; (void)size; (void)caps;
  if (in_core && xTaskGetCurrentTaskHandle() == core_task) core_allocs++;
}
int board_alloc_checked(void) { return 1; }
#else
int board_alloc_checked(void) { return 0; }
#endif

void board_panic(const char *what, int32_t value) {
  printf("\npanic: %s %" PRId32 "\n", what, value);
  fflush(stdout);
  abort(); /* ESP-IDF's panic handler prints the backtrace, then reboots (CONFIG_ESP_SYSTEM_PANIC) */
}
