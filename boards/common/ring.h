/* A fixed ring of received Ethernet frames between whatever receives them (a reader thread, a MAC's
 * interrupt, a replay file) and the main loop. Single producer, single consumer, no locks: the producer
 * only moves head, the consumer only tail. Frames that find the ring full are counted and dropped, as a
 * NIC drops them when its descriptors run out: TCP recovers, and the core's timers keep their pace. */
#ifndef WT_RING_H
#define WT_RING_H

#include <stdint.h>

#ifndef WT_RING_SLOTS
#define WT_RING_SLOTS 8 /* a power of two */
#endif
#define WT_RING_FRAME 1514 /* the core's frame_max(): Ethernet header + 1500, no FCS */

typedef struct {
  uint16_t len;
  uint8_t data[WT_RING_FRAME];
} wt_frame;

typedef struct {
  volatile uint32_t head, tail; /* free-running counters; head - tail frames are queued */
  uint32_t dropped;             /* frames that found the ring full */
  wt_frame slot[WT_RING_SLOTS];
} wt_ring;

void wt_ring_reset(wt_ring *r);
/* Producer: the slot to fill next, or NULL (and one more drop) if the ring is full. */
wt_frame *wt_ring_claim(wt_ring *r);
/* Producer: publishes the claimed slot with its length. */
void wt_ring_commit(wt_ring *r, uint16_t len);
/* Consumer: the oldest queued frame, or NULL. */
wt_frame *wt_ring_peek(wt_ring *r);
/* Consumer: frees the frame peek returned. */
void wt_ring_release(wt_ring *r);

#endif
