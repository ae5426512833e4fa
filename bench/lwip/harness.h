/* What the two C pairs share, so that their instruction counts differ only by the stack: the wire (frames
 * copied into a ring, due one virtual ms later), the data (tests/node/support/pair.ts's fill() stream for
 * seed 1) and the checksum both ends keep. Header-only; each pair includes it once. */
#ifndef BENCH_HARNESS_H
#define BENCH_HARNESS_H
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static uint32_t vnow = 1;   /* virtual milliseconds */

static void fail(const char *what) { fprintf(stderr, "bench pair: %s\n", what); exit(1); }

static double wall(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec / 1e9;
}

/* ---- the wire: one queue for both directions, each frame due one virtual ms after it was sent; as the
 * times only grow, the queue stays in pair.ts's order (by due time, then by when the frame was sent) ---- */
#define RING 2048
struct frame { uint8_t to; uint16_t len; uint32_t at; uint8_t data[1518]; };
static struct { struct frame f[RING]; unsigned head, count; } wire;
static unsigned long wire_drops, frames_carried;
static unsigned syn_mss, max_payload;   /* what the stack really uses, seen on the wire */

static void observe(const uint8_t *f, unsigned len) {
  if (len < 54 || f[12] != 0x08 || f[13] != 0x00 || f[23] != 6) return;
  unsigned ihl = (f[14] & 15) * 4, tcp = 14 + ihl, doff = (f[tcp + 12] >> 4) * 4;
  unsigned payload = ((f[16] << 8) | f[17]) - ihl - doff;
  if (payload > max_payload) max_payload = payload;
  if ((f[tcp + 13] & 0x02) && doff > 20 && f[tcp + 20] == 2) syn_mss = (f[tcp + 22] << 8) | f[tcp + 23];
}

/* A slot for the next frame to side `to` (the caller fills data and len, then commits), or NULL: the
 * frame is dropped and counted. */
static struct frame *wire_slot(int to, unsigned len) {
  if (wire.count == RING || len > sizeof wire.f[0].data) { wire_drops++; return NULL; }
  struct frame *f = &wire.f[(wire.head + wire.count) % RING];
  f->to = (uint8_t)to;
  f->at = vnow + 1;
  return f;
}
static void wire_commit(void) {
  struct frame *f = &wire.f[(wire.head + wire.count) % RING];
  observe(f->data, f->len);
  wire.count++;
  frames_carried++;
}
static int in_flight(void) { return wire.count != 0; }

/* Hands every frame due by now to deliver(); frames sent meanwhile are due later. */
static void wire_deliver(void (*deliver)(int to, const struct frame *f)) {
  while (wire.count && (int32_t)(wire.f[wire.head].at - vnow) <= 0) {
    const struct frame *f = &wire.f[wire.head];
    wire.head = (wire.head + 1) % RING; wire.count--;
    deliver(f->to, f);
  }
}

/* ---- data: byte x of the stream is (31x + 7(x>>8) + 1) & 255, which repeats every 65536 bytes -------- */
static uint8_t pattern[2 * 65536];
static void pattern_init(void) {
  for (unsigned x = 0; x < sizeof pattern; x++) pattern[x] = (uint8_t)(x * 31 + (x >> 8) * 7 + 1);
}

/* A 64-bit checksum of a byte stream: any split of the stream into pieces gives the same value. */
struct sum { uint64_t h, n; uint8_t part[8]; };
static inline void mix(struct sum *s, uint64_t w) { s->h = (s->h ^ w) * 0x9E3779B97F4A7C15ull; s->h ^= s->h >> 29; }
/* noipa: callgrind counts it on its own, to take the harness's hashing out of the stacks' counts. */
__attribute__((noipa)) static void sum_update(struct sum *s, const uint8_t *p, size_t len) {
  while (len && (s->n & 7)) { s->part[s->n++ & 7] = *p++; len--; if (!(s->n & 7)) { uint64_t w; memcpy(&w, s->part, 8); mix(s, w); } }
  for (; len >= 8; p += 8, len -= 8, s->n += 8) { uint64_t w; memcpy(&w, p, 8); mix(s, w); }
  while (len) { s->part[s->n++ & 7] = *p++; len--; }
}
static uint64_t sum_final(const struct sum *s) {
  struct sum t = *s;
  uint64_t w = 0;
  memcpy(&w, t.part, t.n & 7);
  mix(&t, w); mix(&t, t.n);
  return t.h;
}

/* After a timed one-way transfer of `bytes` (started at wall time t0): both ends counted every byte and
 * hashed the same stream; prints the figures as JSON fields. */
static void report_transfer(size_t bytes, size_t sent, size_t got, const struct sum *hs, const struct sum *hr,
                            unsigned long virtual_ms, double t0) {
  double s = wall() - t0;
  if (got != bytes || sent != bytes) fail("byte count");
  if (sum_final(hs) != sum_final(hr)) fail("checksum mismatch");
  printf(",\"transferBytes\":%zu,\"goodputMiBs\":%.1f,\"transferVirtualMs\":%lu,\"checksum\":\"%016llx\"",
         bytes, bytes / s / 1048576.0, virtual_ms, (unsigned long long)sum_final(hr));
}
#endif
