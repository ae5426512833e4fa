#include "ring.h"

#if (WT_RING_SLOTS & (WT_RING_SLOTS - 1)) != 0
#error "WT_RING_SLOTS must be a power of two"
#endif

/* Orders the slot's bytes before the index that publishes them (and the other way round). Enough on a
 * single core with an interrupt as producer; on SMP hosts a full fence. */
#define PUBLISH() __atomic_thread_fence(__ATOMIC_SEQ_CST)

void wt_ring_reset(wt_ring *r) { r->head = r->tail = 0; r->dropped = 0; }

wt_frame *wt_ring_claim(wt_ring *r) {
  if (r->head - r->tail >= WT_RING_SLOTS) { r->dropped++; return 0; }
  return &r->slot[r->head & (WT_RING_SLOTS - 1)];
}

void wt_ring_commit(wt_ring *r, uint16_t len) {
  r->slot[r->head & (WT_RING_SLOTS - 1)].len = len;
  PUBLISH();
  r->head++;
}

wt_frame *wt_ring_peek(wt_ring *r) {
  if (r->head == r->tail) return 0;
  PUBLISH();
  return &r->slot[r->tail & (WT_RING_SLOTS - 1)];
}

void wt_ring_release(wt_ring *r) {
  PUBLISH();
  r->tail++;
}
