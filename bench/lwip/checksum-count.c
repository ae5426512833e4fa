/* The core's checksum alone (build/bench/checksum.wasm, bench/wasm/checksum.ts) as C through wasm2c, for
 * callgrind: --toggle-collect=checksum_rounds counts the checksums of --rounds N times --len bytes (default:
 * the 1480 a full segment's checksum covers), the figure the instructions of input() of a full segment are
 * held against. Prints one JSON object. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "wasm-rt-impl.h"
#include "checksum_core.h" /* generated: wasm2c checksum.wasm -n checksum */

static Z_checksum_instance_t inst;

__attribute__((noipa)) static u32 checksum_rounds(u32 len, u32 rounds) { return Z_checksumZ_checksum(&inst, len, rounds); }

int main(int argc, char **argv) {
  u32 len = 20 + 12 + 1448, rounds = 1000;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!strcmp(argv[i], "--len")) len = (u32)atoi(argv[i + 1]);
    else if (!strcmp(argv[i], "--rounds")) rounds = (u32)atoi(argv[i + 1]);
    else { fprintf(stderr, "usage: checksum-count [--len N] [--rounds N]\n"); return 2; }
  }
  wasm_rt_init();
  Z_checksum_init_module();
  Z_checksum_instantiate(&inst);
  u32 p = Z_checksumZ_scratch(&inst);
  if (len > 4096 || p + len > inst.w2c_memory.size) { fprintf(stderr, "checksum-count: --len too large\n"); return 2; }
  for (u32 i = 0; i < len; i++) inst.w2c_memory.data[p + i] = (uint8_t)(i * 31 + 7); /* segment.ts's checksumNs bytes */
  u32 r = checksum_rounds(len, rounds);
  printf("{\"len\":%u,\"rounds\":%u,\"checksum\":%u}\n", len, rounds, r);
  return 0;
}
