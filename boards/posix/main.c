/* wasmtcp on a POSIX host, with the engine chosen at link time (wasm3 or wasm2c).
 *   wasmtcp-<engine> [--wasm FILE] [--alloc-report] replay SCRIPT [-o OUT]
 *   wasmtcp-<engine> [--wasm FILE] [--alloc-report] tap --dev tap0 --ip 10.9.0.2/24 [--gw ..] [--mac ..] --serve echo:7
 * --wasm matters to wasm3 only (default: wasmtcp.wasm beside the binary's directory, i.e. build/). */
#include "posix.h"
#include "wt.h"
#include "engine.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <libgen.h>
#include <limits.h>

const posix_io *posix_current_io;

void wt_host_link_send(const uint8_t *frame, uint32_t len) { if (posix_current_io) posix_current_io->link_send(frame, len); }
void wt_host_trace(int32_t k, int32_t a, int32_t b, int32_t c) { if (posix_current_io) posix_current_io->trace(k, a, b, c); }
void wt_host_abort(uint32_t m, uint32_t f, uint32_t l, uint32_t c) { if (posix_current_io) posix_current_io->abort(m, f, l, c); }

/* The .wasm stays in this buffer for the module's lifetime (wasm3 keeps pointers into it). */
static uint8_t wasm[4u << 20];

static long load_wasm(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) { perror(path); return -1; }
  size_t n = fread(wasm, 1, sizeof wasm, f);
  int big = !feof(f);
  fclose(f);
  if (big) { fprintf(stderr, "%s: larger than %zu bytes\n", path, sizeof wasm); return -1; }
  return (long)n;
}

static void default_wasm(char *out, size_t size) {
  char exe[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n <= 0) { snprintf(out, size, "build/wasmtcp.wasm"); return; }
  exe[n] = 0;
  snprintf(out, size, "%s/../wasmtcp.wasm", dirname(exe));
}

static int usage(void) {
  const char *e = wt_engine_name();
  fprintf(stderr,
    "usage: wasmtcp-%s [--wasm FILE] [--alloc-report] replay SCRIPT [-o OUT]\n"
    "       wasmtcp-%s [--wasm FILE] [--alloc-report] tap --dev DEV --ip A.B.C.D/N [--gw A.B.C.D] [--mac M]\n"
    "                 [--seed N] [--serve echo:7,discard:9,chargen:19,http:80] [--echo-to A.B.C.D:PORT:BYTES] [--for MS]\n", e, e);
  return 2;
}

int main(int argc, char **argv) {
  char path[PATH_MAX + 32];
  int report = 0, i = 1;
  default_wasm(path, sizeof path);
  for (; i < argc && argv[i][0] == '-'; i++) {
    if (!strcmp(argv[i], "--wasm") && i + 1 < argc) snprintf(path, sizeof path, "%s", argv[++i]);
    else if (!strcmp(argv[i], "--alloc-report")) report = 1;
    else return usage();
  }
  if (i >= argc) return usage();
  /* wasm2c has the module compiled in; only wasm3 reads the file. */
  long len = strcmp(wt_engine_name(), "wasm3") ? 0 : load_wasm(path);
  if (len < 0) return 1;
  if (wt_start(wasm, (uint32_t)len) != 0) {
    fprintf(stderr, "%s: cannot start the module: %s\n", wt_engine_name(), wt_error());
    return 1;
  }
  posix_alloc_count at_start = posix_allocs;
  int rc;
  if (!strcmp(argv[i], "replay")) rc = replay_main(argc - i, argv + i);
  else if (!strcmp(argv[i], "tap")) rc = tap_main(argc - i, argv + i);
  else return usage();
  if (report)
    fprintf(stderr, "alloc %s: start %llu calls, %llu bytes held (peak %llu); after start %llu calls, %llu bytes held\n",
            wt_engine_name(), (unsigned long long)at_start.calls, (unsigned long long)at_start.live,
            (unsigned long long)at_start.peak, (unsigned long long)(posix_allocs.calls - at_start.calls),
            (unsigned long long)posix_allocs.live);
  return rc;
}
