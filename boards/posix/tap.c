/* TAP mode: the stack on a Linux TAP device, serving echo, discard, chargen and http, in the loop every board
 * runs (common/loop.h): frames from the device go through the receive ring, then the services' socket
 * calls, then poll; the process sleeps in poll(2) until the next deadline or the next frame (not while a
 * service has work left).
 *   tap --dev tap0 --ip 10.9.0.2/24|dhcp [--name NAME] [--gw 10.9.0.1] [--mac 02:..] [--seed N]
 *       (dhcp: the services start once the lease is bound, the address is printed, and the lease is released
 *        at exit; --name: the host name for DHCP, and NAME.local answered by mDNS once there is an address)
 *       [--serve echo:7,http:80] (default; also discard:9, chargen:19: the build's listener slots take the first ones)
 *       [--echo-to A.B.C.D:PORT:BYTES] (be a client too: send BYTES to that echo server, check the echo,
 *                                       stop when it is over; exit 0 if every byte came back, else 4)
 *       [--for MS]   (stop after MS milliseconds; SIGINT/SIGTERM stop too)
 *       [--events FILE] (every frame in and out and every trace event of the core, one line each, "-" for
 *                        stdout: `wasmtcp view --events FILE` draws them live in the playground page)
 * On stop it closes every connection, lets the closes go out, and prints the non-zero counters. */
#include "posix.h"
#include "wt.h"
#include "loop.h"
#include "services.h"
#include "engine.h"
#include "args.h"
#include "client.h"
#include "lease.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

static int fd = -1;
static wt_ring rx;
static volatile sig_atomic_t stopping;
static uint32_t tx_errors;
static FILE *events;  /* --events: NULL when not asked for */
static uint32_t events_t0;
static int serving;   /* the services are open: at once, or with --ip dhcp once the lease is bound */
static wt_lease lease;  /* what was last printed of the lease (--ip dhcp) */

static uint32_t now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint32_t)((uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u);
}

/* One frame of the --events stream: "i" (received) or "o" (sent), ms since start, the bytes in hex. */
static void event_frame(char dir, const uint8_t *f, uint32_t len) {
  static const char hex[] = "0123456789abcdef";
  static char line[2 * sizeof(((wt_frame *)0)->data) + 32];
  if (!events) return;
  int n = snprintf(line, sizeof line, "%c %u ", dir, now_ms() - events_t0);
  for (uint32_t i = 0; i < len && (size_t)n + 3 < sizeof line; i++) { line[n++] = hex[f[i] >> 4]; line[n++] = hex[f[i] & 15]; }
  line[n++] = '\n';
  fwrite(line, 1, (size_t)n, events);
}

static void io_link_send(const uint8_t *f, uint32_t len) {
  event_frame('o', f, len);
  if (write(fd, f, len) != (ssize_t)len) tx_errors++; /* a full device queue drops, like a wire */
}
/* The core's trace hook: into the --events stream as "t MS KIND A B C" (host/live.ts reads them). */
static void io_trace(int32_t k, int32_t a, int32_t b, int32_t c) {
  if (events) fprintf(events, "t %u %d %d %d %d\n", now_ms() - events_t0, k, a, b, c);
}
static void io_abort(uint32_t m, uint32_t f, uint32_t l, uint32_t c) { fprintf(stderr, "tap: core abort at %u:%u\n", l, c); (void)m; (void)f; }
static const posix_io tap_io = {io_link_send, io_trace, io_abort};

static int open_tap(const char *dev) {
  struct ifreq ifr;
  int t = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
  if (t < 0) { perror("/dev/net/tun"); return -1; }
  memset(&ifr, 0, sizeof ifr);
  ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
  snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "%s", dev);
  if (ioctl(t, TUNSETIFF, &ifr) < 0) { perror(dev); close(t); return -1; }
  return t;
}

/* Moves the frames the device has into the ring, until it is empty or the ring is full; what stays behind
 * waits in the device's queue for the next turn (the kernel drops only when that queue overflows, as a
 * NIC out of descriptors). */
static void read_frames(void) {
  while (rx.head - rx.tail < WT_RING_SLOTS) {
    wt_frame *f = wt_ring_claim(&rx);
    ssize_t n = read(fd, f->data, sizeof f->data);
    if (n <= 0) break;
    event_frame('i', f->data, (uint32_t)n);
    wt_ring_commit(&rx, (uint16_t)n);
  }
}

static void on_signal(int sig) { (void)sig; stopping = 1; }

static uint64_t random_seed(void) {
  uint64_t s = 0;
  int r = open("/dev/urandom", O_RDONLY);
  if (r >= 0) { if (read(r, &s, sizeof s) != sizeof s) s = 0; close(r); }
  return s ^ ((uint64_t)now_ms() << 32) ^ (uint64_t)getpid();
}

static void print_counters(void) {
  char name[64];
  int32_t n = wt_stats_count();
  for (int32_t i = 0; i < n; i++) {
    uint32_t v = wt_stat(i);
    if (v) fprintf(stderr, "  %-28s %u\n", wt_stat_name(i, name, sizeof name), v);
  }
  if (rx.dropped) fprintf(stderr, "  %-28s %u\n", "board_rx_ring_full", rx.dropped);
  if (tx_errors) fprintf(stderr, "  %-28s %u\n", "board_tx_errors", tx_errors);
}

/* The application part of each turn: the services, and the echo client (idle unless --echo-to started it). */
static void app_turn(void *ctx, uint32_t now) {
  if (!serving) return;
  services_turn(ctx, now);
  uint32_t refused = echo_client_status()->retries;
  echo_client_turn(ctx, now);
  if (echo_client_status()->retries != refused) fprintf(stderr, "echo-to: connection refused, retrying\n");
}

/* 0 if every byte came back equal, 4 if not. */
static int report_echo_client(void) {
  const echo_client_result *r = echo_client_status();
  fprintf(stderr, "echo-to: sent %u, received %u, %s, error %d\n", r->sent, r->received,
          r->mismatch_at == UINT32_MAX ? "identical" : "differs", r->error);
  if (r->mismatch_at != UINT32_MAX) fprintf(stderr, "echo-to: first difference at byte %u\n", r->mismatch_at);
  return echo_client_passed() ? 0 : 4;
}

/* Opens the listeners (and the echo client, and mDNS) once the interface has its address. 0, or -1 when
 * nothing could start. */
static int start_services(const wt_args *a, uint32_t now) {
  uint32_t ip = wt_ip_address(), mask = wt_ip_netmask();
  int prefix = 0;
  while (prefix < 32 && mask << prefix & 0x80000000u) prefix++;
  int up = services_start();
  if (up < services_count()) fprintf(stderr, "tap: only %d of the services could listen (the build's listener slots)\n", up);
  if (up == 0 && !a->echo_port) return -1;
  serving = 1;
  fprintf(stderr, "tap: %s up as %u.%u.%u.%u/%d (%s), serving %s\n", a->dev, ip >> 24, ip >> 16 & 255,
          ip >> 8 & 255, ip & 255, prefix, wt_engine_name(), a->serve);
  /* RFC 6762 8.1: probing needs an address to answer with, so it starts now. */
  if (a->name && wt_mdns_start(now) >= 0) fprintf(stderr, "tap: mdns %s.local\n", a->name);
  if (a->echo_port && echo_client_start(a->echo_ip, a->echo_port, a->echo_bytes, now) != 0)
    fprintf(stderr, "tap: --echo-to: connect failed (%d)\n", echo_client_status()->error);
  return 0;
}

/* --ip dhcp: prints each address the lease gives or takes away, and each renewal; the services start with
 * the first address. */
static int follow_lease(const wt_args *a, uint32_t now) {
  char line[WT_LEASE_LINE];
  wt_lease_event e = wt_lease_follow(&lease, line);
  if (e == WT_LEASE_SAME) return 0;
  fprintf(stderr, "tap: %s\n", line);
  return e != WT_LEASE_BOUND || serving ? 0 : start_services(a, now);
}

int tap_main(int argc, char **argv) {
  wt_args a = {.serve = "echo:7,http:80"}; /* the default build has two listener slots */
  a.cfg.seed = random_seed();
  /* --events is this host's own: taken out before the options every board shares are parsed. */
  const char *events_path = NULL;
  int kept = 1;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--events") && i + 1 < argc) events_path = argv[++i];
    else argv[kept++] = argv[i];
  }
  argc = kept;
  if (wt_args_parse(&a, argc - 1, argv + 1) != 0) {
    fprintf(stderr, "tap: bad or missing %s\n", a.error);
    return 2;
  }
  if (!a.dev) { fprintf(stderr, "tap: --dev is required\n"); return 2; }
  const char *serve = a.serve;
  const wt_config cfg = a.cfg;
  if (services_parse(serve) != 0) { fprintf(stderr, "tap: bad --serve %s (want e.g. echo:7,discard:9,chargen:19,http:80)\n", serve); return 2; }
  if ((fd = open_tap(a.dev)) < 0) return 1;
  if (events_path) {
    events = strcmp(events_path, "-") ? fopen(events_path, "w") : stdout;
    if (!events) { perror(events_path); return 2; }
  }

  signal(SIGINT, on_signal);
  signal(SIGTERM, on_signal);
  signal(SIGPIPE, SIG_IGN);
  posix_current_io = &tap_io;
  wt_ring_reset(&rx);
  uint32_t start = now_ms();
  events_t0 = start;
  /* The stream's first line names the stack: "h ADDRESS ENGINE". */
  if (events) fprintf(events, "h %u.%u.%u.%u %s\n", cfg.ip >> 24, cfg.ip >> 16 & 255, cfg.ip >> 8 & 255, cfg.ip & 255, wt_engine_name());
  wt_init(&cfg, start);
  if (a.name && wt_set_hostname(a.name, (uint32_t)strlen(a.name)) < 0) {
    fprintf(stderr, "tap: bad --name %s (one DNS label: letters, digits, inner hyphens, at most 63)\n", a.name);
    return 2;
  }
  if (a.dhcp) {
    if (wt_dhcp_start(start) < 0) { fprintf(stderr, "tap: --ip dhcp: the DHCP client did not start\n"); return 1; }
    fprintf(stderr, "tap: %s waiting for a DHCP lease (%s)\n", a.dev, wt_engine_name());
  } else if (start_services(&a, start) != 0) return 1;

  uint32_t stop_at = 0;
  for (;;) {
    /* Every frame the device has goes in before the turn's poll; the turn itself runs even without frames,
     * for the timers and the services. */
    read_frames();
    uint32_t now = now_ms();
    if (!stopping && a.run_for >= 0 && now - start >= (uint32_t)a.run_for) stopping = 1;
    if (!stopping && a.dhcp && follow_lease(&a, now) != 0) return 1;
    if (stopping == 1) {
      if (serving) services_stop(now);
      stopping = 2;
      stop_at = now;
    }
    int32_t wait = wt_loop_turn(&rx, now, app_turn, NULL);
    if (wt_trapped()) { fprintf(stderr, "tap: the module trapped: %s\n", wt_error()); return 3; }
    if (!stopping && a.echo_port && echo_client_status()->done) stopping = 1; /* the client's exchange is over */
    /* After a stop, give the closes a second to go out (FIN, or RST for unread data). */
    if (stopping == 2 && (now - stop_at >= 1000 || !serving || services_idle())) {
      if (!a.dhcp || wt_dhcp_state() == WT_DHCP_STATE_OFF) break;
      /* RFC 2131 4.4.6: the lease goes back to the server; a moment for the RELEASE (and an ARP for the
       * server if its MAC is not cached) to go out. */
      wt_dhcp_release(now);
      stopping = 3;
      stop_at = now;
    }
    if (stopping == 3 && now - stop_at >= 300) break;
    /* Sleep until the next frame or deadline, but not while work is pending: a services' turn left undone. */
    struct pollfd p = {fd, POLLIN, 0};
    int ms = wait < 0 || wait > 1000 ? 1000 : wait; /* wake at least every second: --for, signals */
    if (serving && services_more()) ms = 0;
    if (stopping >= 2 && ms > 50) ms = 50;
    if (events) fflush(events); /* the turn's lines go out before the process sleeps */
    poll(&p, 1, ms);
  }
  print_counters();
  close(fd);
  if (events && events != stdout) fclose(events);
  else if (events) fflush(events);
  return a.echo_port ? report_echo_client() : 0;
}
