/* The main loop every board runs, one turn at a time:
 *   frames in (each through input), then the application's socket calls, then poll(now),
 *   then sleep until poll's deadline or the next frame, whichever comes first.
 * The board owns the clock and the sleeping; this file owns the order of calls into the core. */
#ifndef WT_LOOP_H
#define WT_LOOP_H

#include <stdint.h>
#include "ring.h"

/* The application's turn: socket calls between input and poll, so that poll flushes what they queued. */
typedef void (*wt_app_fn)(void *ctx, uint32_t now);

/* Feeds every queued frame to the core at time `now`. Returns how many; *last gets the last input()'s
 * result (0, a drop reason, or WT_EINVAL) when last is not NULL. */
uint32_t wt_loop_drain(wt_ring *rx, uint32_t now, int32_t *last);

/* One turn. Returns how long the board may sleep in ms: until the core's next deadline, or -1 for "until a
 * frame arrives" (no timer armed). Frames already queued make it 0. */
int32_t wt_loop_turn(wt_ring *rx, uint32_t now, wt_app_fn app, void *ctx);

#endif
