/* Replay mode on a POSIX host: common/replay.c's executor over a script file, output to a file or stdout.
 * Stops at the first script error (exit 1) or trap (exit 3, after the output's "trap" line). */
#include "posix.h"
#include "replay.h"
#include "wt.h"

#include <stdio.h>
#include <string.h>

static FILE *out;
static char line[2 * WT_REPLAY_BYTES + 256];
static wt_ring rx;

static void write_out(const char *s, uint32_t n) { fwrite(s, 1, n, out); }
static const posix_io replay_io = {wt_replay_tx, wt_replay_trace, wt_replay_abort};

int replay_main(int argc, char **argv) {
  const char *outname = NULL, *script = NULL;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "-o") && i + 1 < argc) outname = argv[++i];
    else if (!script) script = argv[i];
    else { fprintf(stderr, "replay: unexpected argument %s\n", argv[i]); return 2; }
  }
  if (!script) { fprintf(stderr, "replay: no script\n"); return 2; }
  FILE *in = strcmp(script, "-") ? fopen(script, "r") : stdin;
  if (!in) { perror(script); return 1; }
  out = outname ? fopen(outname, "w") : stdout;
  if (!out) { perror(outname); return 1; }
  posix_current_io = &replay_io;
  wt_replay_begin(write_out, &rx);

  int rc = 0;
  unsigned long lineno = 0;
  while (fgets(line, sizeof line, in)) {
    lineno++;
    size_t len = strlen(line);
    if (len == sizeof line - 1 && line[len - 1] != '\n') { fprintf(stderr, "%s:%lu: line too long\n", script, lineno); rc = 1; break; }
    int r = wt_replay_line(line);
    if (r < 0) { fprintf(stderr, "%s:%lu: %s\n", script, lineno, wt_replay_error()); rc = 1; break; }
    if (r > 0) { fprintf(stderr, "%s:%lu: trap: %s\n", script, lineno, wt_error()); rc = 3; break; }
  }
  wt_replay_flush();
  fflush(out);
  if (out != stdout) fclose(out);
  if (in != stdin) fclose(in);
  return rc;
}
