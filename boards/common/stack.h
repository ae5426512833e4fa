/* Stack high-water mark by painting: the unused part of a stack is filled with a pattern, and the peak is
 * how far down from the top the pattern was overwritten. Works on any core; the boards and the replay
 * programs report it so that each board's stack can be sized from a measured figure (boards/README.md). */
#ifndef WT_STACK_H
#define WT_STACK_H

#include <stdint.h>

/* Paints [lowest, top), stopping a little below the caller's frame if that frame lies inside it (a stack
 * in use is painted only where it is free; a stack not yet switched to is painted whole). */
void wt_stack_paint(uint32_t *lowest, uint32_t *top);
/* Bytes of the stack [lowest, top) that have been used since the last paint. */
uint32_t wt_stack_peak(const uint32_t *lowest, const uint32_t *top);

#endif
