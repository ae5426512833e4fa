/* Two lwIP netifs in one process joined by an in-memory wire, for npm run bench: the same goodput and
 * connection-rate measurements bench/run.ts makes of wasmtcp, made of Debian's liblwip as built.
 *
 * Debian builds lwIP with NO_SYS=0 (the unix port: pthreads, LWIP_TCPIP_CORE_LOCKING). This program does
 * not start tcpip_thread: it calls lwip_init() and runs everything from one thread (frame input, the raw TCP
 * API, sys_check_timeouts()), as bench/run.ts runs both wasmtcp stacks from one loop. The port's
 * core-locking check only applies once a tcpip thread exists, and SYS_ARCH_PROTECT still takes the port's
 * mutex as it does for every user of the library.
 *
 * Time is virtual, as in tests/node/support/pair.ts: sys_now() below interposes the port's (the library
 * calls it through the PLT), a frame sent at t arrives at t+1 ms, and when nothing is in flight the clock
 * jumps to lwIP's next timer. lwIP is one stack instance: both netifs share it, so every pcb is bound to
 * its netif (tcp_bind_netif) or replies to 10.0.0.1 would be looped back inside the stack, not sent.
 *
 * pair [--bytes N] [--conns N] [--idle N]  prints one JSON object; wall times are CLOCK_MONOTONIC. --idle N
 * also measures the heap: per pcb with N idle connections open, and at the peak of a 4 MiB transfer.
 * Under callgrind, --toggle-collect=bulk_transfer (handshake and data, not the close) or =conn_cycles
 * counts just that part. */
#include <malloc.h>

#include "lwip/init.h"
#include "lwip/netif.h"
#include "lwip/pbuf.h"
#include "lwip/memp.h"
#include "lwip/priv/memp_priv.h"
#include "lwip/tcp.h"
#include "lwip/priv/tcp_priv.h"
#include "lwip/timeouts.h"
#include "lwip/etharp.h"
#include "lwip/ethip6.h"
#include "netif/ethernet.h"

#include "harness.h"

/* lwIP reads the virtual clock: this interposes the port's sys_now(), which the library calls through the
 * PLT (main() checks that it took). */
u32_t sys_now(void) { return vnow; }

static struct netif nif[2];

static err_t link_out(struct netif *n, struct pbuf *p) {
  int to = n == &nif[0] ? 1 : 0;
  struct frame *f = wire_slot(to, p->tot_len);
  if (f) { f->len = pbuf_copy_partial(p, f->data, p->tot_len, 0); wire_commit(); }
  return ERR_OK;
}

static err_t if_init(struct netif *n) {
  int i = n == &nif[1];
  n->name[0] = 'e'; n->name[1] = (char)('0' + i);
  n->output = etharp_output;
#if LWIP_IPV6
  n->output_ip6 = ethip6_output;
#endif
  n->linkoutput = link_out;
  n->mtu = 1500;
  n->hwaddr_len = 6;
  const u8_t mac[6] = { 0x02, 0x00, 0x00, 0x00, 0x00, (u8_t)(1 + i) };
  memcpy(n->hwaddr, mac, 6);
  n->flags = NETIF_FLAG_BROADCAST | NETIF_FLAG_ETHARP | NETIF_FLAG_ETHERNET | NETIF_FLAG_LINK_UP;
  return ERR_OK;
}

static void deliver(int to, const struct frame *f) {
  /* PBUF_RAM, not PBUF_POOL: Debian's build sizes the pool's elements for TCP_MSS 512 (glibc's
   * <netinet/tcp.h> redefines TCP_MSS in the files that include it) while pbuf_alloc() fills them
   * for TCP_MSS 1460, so a full frame in a PBUF_POOL pbuf overruns its heap block. */
  struct pbuf *p = pbuf_alloc(PBUF_RAW, f->len, PBUF_RAM);
  if (!p) { wire_drops++; return; }
  pbuf_take(p, f->data, f->len);
  if (nif[to].input(p, &nif[to]) != ERR_OK) pbuf_free(p);
}

/* pair.ts's step(): deliver what is due, run due timers, advance 1 ms while frames are in flight, else to
 * lwIP's next timer (at most 1 s). */
static void step(void) {
  wire_deliver(deliver);
  sys_check_timeouts();
  if (in_flight()) { vnow += 1; return; }
  u32_t d = sys_timeouts_sleeptime();
  vnow += d == SYS_TIMEOUTS_SLEEPTIME_INFINITE || d > 1000 ? 1000 : d ? d : 1;
}

static int pcbs_in_use(void) { return tcp_active_pcbs != NULL || tcp_tw_pcbs != NULL; }

/* ---- bulk transfer with the raw API ------------------------------------------------------------------ */
struct bulk {
  size_t total, sent, got;
  struct sum hs, hr;
  struct tcp_pcb *client, *server;
  struct tcp_pcb *listener;
  int shut, err;
  u32_t virtual_ms;
};

static void pump(struct bulk *b) {
  struct tcp_pcb *pcb = b->client;
  while (b->sent < b->total) {
    size_t n = tcp_sndbuf(pcb);
    if (n == 0 || tcp_sndqueuelen(pcb) >= TCP_SND_QUEUELEN) break;
    if (n > b->total - b->sent) n = b->total - b->sent;
    if (n > 0xFFFF) n = 0xFFFF;
    const u8_t *src = pattern + (b->sent & 0xFFFF);
    if (tcp_write(pcb, src, (u16_t)n, TCP_WRITE_FLAG_COPY) != ERR_OK) break;
    sum_update(&b->hs, src, n);
    b->sent += n;
  }
  if (b->sent == b->total && !b->shut) { tcp_shutdown(pcb, 0, 1); b->shut = 1; }
  tcp_output(pcb);
}

static err_t bulk_sent(void *arg, struct tcp_pcb *pcb, u16_t len) { (void)pcb; (void)len; pump(arg); return ERR_OK; }
static err_t bulk_connected(void *arg, struct tcp_pcb *pcb, err_t err) {
  (void)pcb; if (err == ERR_OK) pump(arg); return ERR_OK;
}
static err_t bulk_recv(void *arg, struct tcp_pcb *pcb, struct pbuf *p, err_t err) {
  struct bulk *b = arg;
  (void)err;
  if (!p) return ERR_OK;
  for (struct pbuf *q = p; q; q = q->next) sum_update(&b->hr, q->payload, q->len);
  b->got += p->tot_len;
  tcp_recved(pcb, p->tot_len);
  pbuf_free(p);
  return ERR_OK;
}
static void bulk_err(void *arg, err_t err) { struct bulk *b = arg; b->err = err ? err : -100; }
static err_t bulk_accept(void *arg, struct tcp_pcb *pcb, err_t err) {
  struct bulk *b = arg;
  if (err != ERR_OK || !pcb) return ERR_VAL;
  b->server = pcb;
  tcp_arg(pcb, b); tcp_recv(pcb, bulk_recv); tcp_err(pcb, bulk_err);
  return ERR_OK;
}

static ip_addr_t ip_a, ip_b;

/* pair.ts's transfer(), one way: connect, send total bytes from a to b (shutting down a's side once all is
 * written) until b has read them all. bulk_close() then closes both ends and runs until no pcb is left. */
__attribute__((noipa)) static void bulk_transfer(struct bulk *b, size_t total, size_t *heap_peak) {
  memset(b, 0, sizeof *b);
  b->total = total;
  struct tcp_pcb *l = tcp_new();
  tcp_bind_netif(l, &nif[1]);
  if (tcp_bind(l, &ip_b, 80) != ERR_OK) fail("bind");
  l = b->listener = tcp_listen(l);
  tcp_arg(l, b); tcp_accept(l, bulk_accept);
  struct tcp_pcb *c = b->client = tcp_new();
  tcp_bind_netif(c, &nif[0]);
  tcp_arg(c, b); tcp_sent(c, bulk_sent); tcp_err(c, bulk_err);
  if (tcp_connect(c, &ip_b, 80, bulk_connected) != ERR_OK) fail("connect");
  u32_t v0 = vnow;
  for (unsigned long steps = 0; b->got < total; steps++) {
    if (b->err || steps > 50000000) fail("transfer stuck or reset");
    step();
    if (heap_peak) { size_t u = mallinfo2().uordblks; if (u > *heap_peak) *heap_peak = u; }
  }
  b->virtual_ms = vnow - v0;
}

static void bulk_close(struct bulk *b) {
  tcp_close(b->client);
  tcp_close(b->server);
  tcp_close(b->listener);
  for (int i = 0; i < 100000 && pcbs_in_use(); i++) step();
  if (pcbs_in_use()) fail("pcbs left after the transfer");
}

/* ---- connection cycles, as wasmConnRate in bench/run.ts ---------------------------------------------- */
static struct tcp_pcb *accepted;
static err_t cyc_accept(void *arg, struct tcp_pcb *pcb, err_t err) {
  (void)arg;
  if (err != ERR_OK || !pcb) return ERR_VAL;
  accepted = pcb;
  return ERR_OK;
}
static err_t cyc_connected(void *arg, struct tcp_pcb *pcb, err_t err) { (void)arg; (void)pcb; (void)err; return ERR_OK; }

/* expire_tw: run each close to the end, TIME_WAIT included (virtual time is free), as bench/run.ts does for
 * wasmtcp; else stop once both pcbs are in TIME_WAIT and let them pile up (lwIP's pcbs come from malloc). */
__attribute__((noipa)) static void cycles(int count, int expire_tw) {
  for (int i = 0; i < count; i++) {
    struct tcp_pcb *c = tcp_new();
    tcp_bind_netif(c, &nif[0]);
    if (tcp_connect(c, &ip_b, 80, cyc_connected) != ERR_OK) fail("connect");
    accepted = NULL;
    for (int k = 0; k < 100 && !accepted; k++) step();
    if (!accepted) fail("no accept");
    tcp_close(c);
    tcp_close(accepted);
    for (int k = 0; k < 100000 && (expire_tw ? pcbs_in_use() : tcp_active_pcbs != NULL); k++) step();
    if (expire_tw ? pcbs_in_use() : tcp_active_pcbs != NULL) fail("pcbs left after a cycle");
  }
}

__attribute__((noipa)) static void conn_cycles(int count) { cycles(count, 1); }
__attribute__((noipa)) static void conn_cycles_tw_kept(int count) { cycles(count, 0); }

/* ---- heap per idle connection: n established connections (2n pcbs), measured with mallinfo2 ---------- */
static size_t idle_heap_per_pcb(int n) {
  static struct tcp_pcb *cs[1024], *ss[1024];
  if (n > 1024) n = 1024;
  for (int i = 0; i < 20; i++) step();
  size_t before = mallinfo2().uordblks;
  for (int i = 0; i < n; i++) {
    cs[i] = tcp_new();
    tcp_bind_netif(cs[i], &nif[0]);
    if (tcp_connect(cs[i], &ip_b, 80, cyc_connected) != ERR_OK) fail("connect");
    accepted = NULL;
    for (int k = 0; k < 100 && !accepted; k++) step();
    if (!accepted) fail("no accept");
    ss[i] = accepted;
  }
  while (in_flight()) step();
  size_t after = mallinfo2().uordblks;
  for (int i = 0; i < n; i++) { tcp_abort(cs[i]); tcp_abort(ss[i]); }
  for (int k = 0; k < 100000 && pcbs_in_use(); k++) step();
  return (after - before) / (2 * (size_t)n);
}

int main(int argc, char **argv) {
  size_t bytes = 64u << 20;
  int conns = 2000, idle = 0;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!strcmp(argv[i], "--bytes")) bytes = strtoull(argv[i + 1], NULL, 0);
    else if (!strcmp(argv[i], "--conns")) conns = atoi(argv[i + 1]);
    else if (!strcmp(argv[i], "--idle")) idle = atoi(argv[i + 1]);
    else fail("usage: pair [--bytes N] [--conns N] [--idle N]");
  }
  pattern_init();

  lwip_init();
  /* The library must see our clock: its timers have to fire when virtual time jumps. */
  u32_t d0 = sys_timeouts_sleeptime();
  vnow += 100000;
  if (d0 == 0 || sys_timeouts_sleeptime() != 0) fail("sys_now() is not interposed: lwIP does not read the virtual clock");
  sys_check_timeouts();

  ip4_addr_t mask, gw;
  IP_ADDR4(&ip_a, 10, 0, 0, 1); IP_ADDR4(&ip_b, 10, 0, 0, 2); IP4_ADDR(&mask, 255, 255, 255, 0); ip4_addr_set_zero(&gw);
  if (!netif_add(&nif[0], ip_2_ip4(&ip_a), &mask, &gw, NULL, if_init, ethernet_input)) fail("netif_add");
  if (!netif_add(&nif[1], ip_2_ip4(&ip_b), &mask, &gw, NULL, if_init, ethernet_input)) fail("netif_add");
  netif_set_up(&nif[0]); netif_set_up(&nif[1]);
  for (int i = 0; i < 10; i++) step();

  /* The library's own element sizes must match these headers' structs, or the figures below mean nothing. */
  if (memp_pools[MEMP_TCP_PCB]->size != LWIP_MEM_ALIGN_SIZE(sizeof(struct tcp_pcb)) || memp_pools[MEMP_TCP_SEG]->size != LWIP_MEM_ALIGN_SIZE(sizeof(struct tcp_seg)))
    fail("liblwip was built with other struct layouts than /usr/include/lwip describes");
  printf("{\"lwipVersion\":\"%s\",\"noSys\":%d,\"coreLocking\":%d,\"memLibcMalloc\":%d,\"mempMemMalloc\":%d,"
         "\"mss\":%d,\"tcpWnd\":%d,\"tcpSndBuf\":%d,\"wndScale\":%d,\"rcvScale\":%d,\"tcpSndQueueLen\":%d,"
         "\"sackOut\":%d,\"timestamps\":%d,\"tcpMslMs\":%lu,\"tcpPcbBytes\":%zu,\"tcpPcbListenBytes\":%zu,"
         "\"pbufBytes\":%zu,\"tcpSegBytes\":%zu,\"pbufPoolElementBytes\":%u,\"pbufPoolElementBytesHeaders\":%u",
         LWIP_VERSION_STRING, NO_SYS, LWIP_TCPIP_CORE_LOCKING, MEM_LIBC_MALLOC, MEMP_MEM_MALLOC,
         TCP_MSS, (int)TCP_WND, (int)TCP_SND_BUF, LWIP_WND_SCALE, TCP_RCV_SCALE, (int)TCP_SND_QUEUELEN,
         LWIP_TCP_SACK_OUT, LWIP_TCP_TIMESTAMPS, (unsigned long)TCP_MSL, sizeof(struct tcp_pcb),
         sizeof(struct tcp_pcb_listen), sizeof(struct pbuf), sizeof(struct tcp_seg), (unsigned)memp_pools[MEMP_PBUF_POOL]->size,
         (unsigned)(LWIP_MEM_ALIGN_SIZE(sizeof(struct pbuf)) + LWIP_MEM_ALIGN_SIZE(PBUF_POOL_BUFSIZE)));

  static struct bulk b;
  if (bytes) {
    double t0 = wall();
    bulk_transfer(&b, bytes, NULL);
    bulk_close(&b);
    report_transfer(bytes, b.sent, b.got, &b.hs, &b.hr, (unsigned long)b.virtual_ms, t0);
  }
  struct tcp_pcb *l = NULL;
  if (conns || idle) {
    l = tcp_new();
    tcp_bind_netif(l, &nif[1]);
    if (tcp_bind(l, &ip_b, 80) != ERR_OK) fail("bind");
    l = tcp_listen_with_backlog(l, 64);
    tcp_accept(l, cyc_accept);
  }
  if (conns) {
    double t0 = wall();
    conn_cycles(conns);
    double rate = conns / (wall() - t0);
    t0 = wall();
    conn_cycles_tw_kept(conns);
    double kept = conns / (wall() - t0);
    for (int k = 0; k < 100000 && pcbs_in_use(); k++) step();
    printf(",\"connections\":%d,\"connPerSec\":%.0f,\"connPerSecTimeWaitKept\":%.0f", conns, rate, kept);
  }
  if (idle) printf(",\"idleConnections\":%d,\"heapPerIdlePcbBytes\":%zu", idle, idle_heap_per_pcb(idle));
  if (l) tcp_close(l);
  if (bytes && idle) {
    size_t base = mallinfo2().uordblks, peak = base;
    bulk_transfer(&b, bytes < (4u << 20) ? bytes : (4u << 20), &peak);
    bulk_close(&b);
    printf(",\"heapPeakBulkBytes\":%zu", peak - base);
  }
  printf(",\"synMssOnWire\":%u,\"maxPayloadOnWire\":%u,\"wireFrames\":%lu,\"wireDrops\":%lu}\n",
         syn_mss, max_payload, frames_carried, wire_drops);
  return wire_drops ? 1 : 0;
}
