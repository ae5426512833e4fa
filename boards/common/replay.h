/* Replay: runs a script of timestamped calls into the core and writes everything that comes out, one
 * line per event (format: boards/README.md). The same executor runs on the posix board (files) and on
 * the QEMU firmware (the serial line); tests/node/support/replay.ts is its V8 twin. No stdio, no heap:
 * fixed buffers, output through the board's write function. */
#ifndef WT_REPLAY_H
#define WT_REPLAY_H

#include <stdint.h>
#include "ring.h"

#ifndef WT_REPLAY_BYTES
#define WT_REPLAY_BYTES (64 * 1024) /* the longest frame or send payload; at least io_buffer_size() */
#endif

typedef void (*wt_replay_write)(const char *s, uint32_t n);

/* Starts a replay: output goes to `write`; input frames pass through `rx` and the loop's drain. */
void wt_replay_begin(wt_replay_write write, wt_ring *rx);
/* Runs one script line (tokenised in place). Returns 0 (also for blank and comment lines), -1 for a
 * script error (wt_replay_error() says what), or 1 if the module trapped (the output says "trap"). */
int wt_replay_line(char *line);
const char *wt_replay_error(void);
/* Flushes buffered output to `write`. */
void wt_replay_flush(void);
/* Runs a script that lies in memory (a firmware's, loaded there by the emulator), tokenising it in place:
 * lines end with '\n'; a line "end", a NUL or `size` bytes end the script. Returns as wt_replay_line does
 * for the first line that is not 0, else 0 at the end. */
int wt_replay_memory(char *script, uint32_t size);

/* The core's imports while replaying: the board's wt_host_* forward to these. */
void wt_replay_tx(const uint8_t *frame, uint32_t len);
void wt_replay_trace(int32_t kind, int32_t a, int32_t b, int32_t c);
void wt_replay_abort(uint32_t msg, uint32_t file, uint32_t line, uint32_t col);

#endif
