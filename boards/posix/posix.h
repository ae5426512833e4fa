/* What the posix board's parts share: the mode that owns the core's imports, and allocation counters. */
#ifndef WT_POSIX_H
#define WT_POSIX_H

#include <stdint.h>

/* The running mode's handlers for the core's imports (main.c's wt_host_* forward to them). */
typedef struct {
  void (*link_send)(const uint8_t *frame, uint32_t len);
  void (*trace)(int32_t kind, int32_t a, int32_t b, int32_t c);
  void (*abort)(uint32_t msg, uint32_t file, uint32_t line, uint32_t col);
} posix_io;

extern const posix_io *posix_current_io;

/* alloc.c: every malloc/calloc/realloc the engine's objects make (linked with -Wl,--wrap=...). */
typedef struct { uint64_t calls, live, peak; } posix_alloc_count;
extern posix_alloc_count posix_allocs;

int replay_main(int argc, char **argv);
int tap_main(int argc, char **argv);

#endif
