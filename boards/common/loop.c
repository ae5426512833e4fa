#include "loop.h"
#include "wt.h"

#include <stddef.h>

uint32_t wt_loop_drain(wt_ring *rx, uint32_t now, int32_t *last) {
  uint32_t n = 0;
  wt_frame *f;
  while ((f = wt_ring_peek(rx)) != NULL) {
    int32_t r = wt_input(f->data, f->len, now);
    wt_ring_release(rx);
    if (last) *last = r;
    n++;
  }
  return n;
}

int32_t wt_loop_turn(wt_ring *rx, uint32_t now, wt_app_fn app, void *ctx) {
  wt_loop_drain(rx, now, NULL);
  if (app) app(ctx, now);
  int32_t wait = wt_poll(now);
  if (wait == WT_ETRAP) return -1;
  return wt_ring_peek(rx) ? 0 : wait;
}
