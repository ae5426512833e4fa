/* Counts every malloc, calloc and realloc of a firmware whose link wraps them
 * (-Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc): the engines allocate only while starting, so a board
 * reads the count after wt_start and checks that it never moves again. */
#ifndef WT_HEAP_CALLS_H
#define WT_HEAP_CALLS_H

#include <stdint.h>

extern volatile uint32_t wt_heap_calls;

#endif
