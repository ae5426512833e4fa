/* Two wasmtcp stacks as C (wasm2c of build/wasmtcp*.wasm, the wasm runtime's guard pages standing in for
 * bounds checks as V8's do) on harness.h's wire: the lwIP pair's twin, so that callgrind's instruction
 * counts of the two compare stacks, not harnesses. Under Node, callgrind would count V8's compilers and
 * the JavaScript harness too. Steps and the transfer loop follow tests/node/support/pair.ts; the
 * connection cycles follow wasmConnRate in bench/run.ts.
 *
 * wasmtcp-pair [--bytes N] [--conns N]  prints one JSON object; under callgrind,
 * --toggle-collect=bulk_transfer (handshake and data, not the close) or =conn_cycles counts just that part;
 * =full_segment_input counts the receiver's input() of each full in-order data segment (fullSegments in the
 * output), for bench/run.ts's instructions of input() beside those of the checksum (checksum-count.c). */
#include "harness.h"
#include "wasm-rt-impl.h"
#include "wasmtcp_core.h" /* generated: wasm2c BUILD.wasm -n wasmtcp */
#include "wt_abi.h"      /* generated from assembly/abi.ts */


struct Z_env_instance_t { int side; };
static struct Z_env_instance_t env[2] = { { 0 }, { 1 } };
static Z_wasmtcp_instance_t st[2];
#define A (&st[0])
#define B (&st[1])
static u32 rx[2], io[2], io_size;

static u8 *mem(int side, u32 ptr, u32 len) {
  Z_wasmtcp_instance_t *s = &st[side];
  if (ptr > s->w2c_memory.size || len > s->w2c_memory.size - ptr) fail("pointer out of the stack's memory");
  return s->w2c_memory.data + ptr;
}

void Z_envZ_link_send(struct Z_env_instance_t *e, u32 ptr, u32 len) {
  int to = !e->side;
  struct frame *f = wire_slot(to, len);
  if (f) { memcpy(f->data, mem(e->side, ptr, len), len); f->len = (uint16_t)len; wire_commit(); }
}
void Z_envZ_trace(struct Z_env_instance_t *e, u32 kind, u32 a, u32 b, u32 c) { (void)e; (void)kind; (void)a; (void)b; (void)c; }
void Z_envZ_abort(struct Z_env_instance_t *e, u32 msg, u32 file, u32 line, u32 col) {
  (void)e; (void)msg; (void)file; (void)line; (void)col; fail("core abort");
}

/* Ethernet, IPv4 and TCP headers, TSopt and a full segment's 1448 bytes of data. */
#define FULL_FRAME (14 + 20 + 32 + 1448)
static unsigned long full_segments;

__attribute__((noipa)) static void full_segment_input(int to, u32 len) {
  Z_wasmtcpZ_input(&st[to], len, vnow);
}

static void deliver(int to, const struct frame *f) {
  memcpy(mem(to, rx[to], f->len), f->data, f->len);
  if (to == 1 && f->len == FULL_FRAME) { full_segments++; full_segment_input(to, f->len); }
  else Z_wasmtcpZ_input(&st[to], f->len, vnow);
}

/* pair.ts's step(): deliver what is due, run timers, advance 1 ms while frames are in flight, else to the
 * nearer deadline (at most 1 s). */
static void step(void) {
  wire_deliver(deliver);
  int32_t da = (int32_t)Z_wasmtcpZ_poll(A, vnow), db = (int32_t)Z_wasmtcpZ_poll(B, vnow);
  if (in_flight()) { vnow += 1; return; }
  uint32_t d = 1000;
  if (da >= 0 && (uint32_t)da < d) d = (uint32_t)da;
  if (db >= 0 && (uint32_t)db < d) d = (uint32_t)db;
  vnow += d ? d : 1;
}

static u32 ip(int a, int b, int c, int d) { return (u32)a << 24 | (u32)b << 16 | (u32)c << 8 | (u32)d; }

struct bulk { size_t total, sent, got; struct sum hs, hr; uint32_t virtual_ms; int32_t l, c, s; };

/* pair.ts's transfer(), one way: send through io_buffer while writable, shut down when all is written,
 * read everything, step. bulk_close() then closes both and runs until no slot is in use. */
__attribute__((noipa)) static void bulk_transfer(struct bulk *b, size_t total) {
  memset(b, 0, sizeof *b);
  b->total = total;
  int32_t l = (int32_t)Z_wasmtcpZ_tcp_listen(B, 80, 4);
  int32_t c = (int32_t)Z_wasmtcpZ_tcp_connect(A, ip(10, 0, 0, 2), 80, 0, vnow), s = -1;
  if (l < 0 || c < 0) fail("listen/connect");
  int shut = 0;
  uint32_t v0 = vnow;
  for (unsigned long steps = 0; b->got < total; steps++) {
    if (steps > 50000000) fail("transfer stuck");
    if (s < 0) s = (int32_t)Z_wasmtcpZ_tcp_accept(B, (u32)l);
    while (b->sent < total && (Z_wasmtcpZ_tcp_events(A, (u32)c) & WT_EV_WRITABLE)) {
      size_t n = total - b->sent < io_size ? total - b->sent : io_size;
      const uint8_t *src = pattern + (b->sent & 0xFFFF);
      memcpy(mem(0, io[0], (u32)n), src, n);
      int32_t k = (int32_t)Z_wasmtcpZ_tcp_send(A, (u32)c, (u32)n, vnow);
      if (k <= 0) break;
      sum_update(&b->hs, src, (size_t)k);
      b->sent += (size_t)k;
    }
    if (b->sent == total && !shut) { Z_wasmtcpZ_tcp_shutdown(A, (u32)c, WT_SHUT_WR, vnow); shut = 1; }
    if (s >= 0) {
      for (;;) {
        int32_t k = (int32_t)Z_wasmtcpZ_tcp_recv(B, (u32)s, io_size, vnow);
        if (k <= 0) break;
        sum_update(&b->hr, mem(1, io[1], (u32)k), (size_t)k);
        b->got += (size_t)k;
      }
    }
    if (Z_wasmtcpZ_tcp_state(A, (u32)c) == WT_STATE_CLOSED) fail("connection closed early");
    step();
  }
  b->virtual_ms = vnow - v0;
  b->l = l; b->c = c; b->s = s;
}

static void bulk_close(struct bulk *b) {
  Z_wasmtcpZ_tcp_close(A, (u32)b->c, vnow);
  Z_wasmtcpZ_tcp_close(B, (u32)b->s, vnow);
  Z_wasmtcpZ_tcp_close(B, (u32)b->l, vnow);
  for (int i = 0; i < 1000 && (Z_wasmtcpZ_tcp_in_use(A) || Z_wasmtcpZ_tcp_in_use(B)); i++) step();
}

/* wasmConnRate of bench/run.ts. */
__attribute__((noipa)) static void conn_cycles(int count, int32_t l) {
  for (int i = 0; i < count; i++) {
    int32_t c = (int32_t)Z_wasmtcpZ_tcp_connect(A, ip(10, 0, 0, 2), 80, 0, vnow), s = -1;
    if (c < 0) fail("connect");
    for (int k = 0; k < 100 && s < 0; k++) { step(); s = (int32_t)Z_wasmtcpZ_tcp_accept(B, (u32)l); }
    if (s < 0) fail("no accept");
    Z_wasmtcpZ_tcp_close(A, (u32)c, vnow);
    Z_wasmtcpZ_tcp_close(B, (u32)s, vnow);
    for (int k = 0; k < 1000 && (Z_wasmtcpZ_tcp_in_use(A) || (int32_t)Z_wasmtcpZ_tcp_in_use(B) > 0); k++) step();
  }
}

int main(int argc, char **argv) {
  static size_t bytes = 64u << 20; /* static: a trap longjmps back into main */
  static int conns = 2000;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!strcmp(argv[i], "--bytes")) bytes = strtoull(argv[i + 1], NULL, 0);
    else if (!strcmp(argv[i], "--conns")) conns = atoi(argv[i + 1]);
    else fail("usage: wasmtcp-pair [--bytes N] [--conns N]");
  }
  pattern_init();
  wasm_rt_init();
  Z_wasmtcp_init_module();
  if (wasm_rt_impl_try() != 0) fail("wasm trap");
  for (int i = 0; i < 2; i++) {
    Z_wasmtcp_instantiate(&st[i], &env[i]);
    Z_wasmtcpZ_init(&st[i], 0x0200, (u32)(1 + i), ip(10, 0, 0, (1 + i)), ip(255, 255, 255, 0), 0, 0, (u32)(1 + i), vnow);
    rx[i] = Z_wasmtcpZ_rx_buffer(&st[i]);
    io[i] = Z_wasmtcpZ_io_buffer(&st[i]);
  }
  io_size = Z_wasmtcpZ_io_buffer_size(A);
  printf("{\"connectionsMax\":%u,\"sndBuf\":%u,\"rcvBuf\":%u", Z_wasmtcpZ_config_connections(A),
         Z_wasmtcpZ_config_snd_buf(A), Z_wasmtcpZ_config_rcv_buf(A));
  static struct bulk b;
  if (bytes) {
    double t0 = wall();
    bulk_transfer(&b, bytes);
    bulk_close(&b);
    report_transfer(bytes, b.sent, b.got, &b.hs, &b.hr, (unsigned long)b.virtual_ms, t0);
  }
  if (conns) {
    int32_t l = (int32_t)Z_wasmtcpZ_tcp_listen(B, 80, 64);
    if (l < 0) fail("listen");
    double t0 = wall();
    conn_cycles(conns, l);
    printf(",\"connections\":%d,\"connPerSec\":%.0f", conns, conns / (wall() - t0));
  }
  printf(",\"synMssOnWire\":%u,\"maxPayloadOnWire\":%u,\"wireFrames\":%lu,\"fullSegments\":%lu,\"wireDrops\":%lu}\n",
         syn_mss, max_payload, frames_carried, full_segments, wire_drops);
  return wire_drops ? 1 : 0;
}
