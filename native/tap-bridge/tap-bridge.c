/* tap-bridge: joins a Linux TAP device to a parent process over its stdin and stdout.
 *
 * Every Ethernet frame crosses the pipes as a 2-byte big-endian length followed by the frame, in both
 * directions: frames read from the TAP device go to stdout, frames read from stdin are written to the
 * device. Frames cross in batches: each wake-up reads every frame the device has and writes them to stdout
 * in one write, and one read of stdin takes as many frames as the parent wrote. The process exits when
 * stdin closes. It needs nothing from Node (no addon, no headers), so it
 * builds offline with any C compiler; opening the device needs CAP_NET_ADMIN or the device's owner.
 *
 * usage: tap-bridge DEVICE [--netem "loss 5% reorder 10% duplicate 1% delay 20ms"] [--seed N]
 *   (the device must exist, e.g. `ip tuntap add dev tap0 mode tap`)
 *
 * --netem impairs frames in both directions with the parameters and meaning of Linux's netem qdisc, for
 * kernels built without sch_netem: each frame is lost with the loss probability, else duplicated with the
 * duplicate probability, and then either sent at once (with the reorder probability, so it overtakes
 * the frames being delayed) or after the delay. Decisions come from a seeded generator.
 */
#define _GNU_SOURCE /* F_SETPIPE_SZ */
#include <errno.h>
#include <stdlib.h>
#include <time.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#define FRAME_MAX 65535

/* ---- netem-compatible impairment ---- */
static double p_loss, p_dup, p_reorder;
static long delay_ms;
static uint64_t rng = 0x9e3779b97f4a7c15ull;

static double chance(void) { /* xorshift64*, uniform in [0, 1) */
  rng ^= rng >> 12; rng ^= rng << 25; rng ^= rng >> 27;
  return (double)((rng * 0x2545f4914f6cdd1dull) >> 11) / 9007199254740992.0;
}

static int parse_netem(const char *spec) {
  char buf[256];
  strncpy(buf, spec, sizeof buf - 1);
  buf[sizeof buf - 1] = 0;
  for (char *w = strtok(buf, " "); w; w = strtok(NULL, " ")) {
    char *v = strtok(NULL, " ");
    if (!v) return -1;
    if (!strcmp(w, "loss")) p_loss = atof(v) / 100;
    else if (!strcmp(w, "duplicate")) p_dup = atof(v) / 100;
    else if (!strcmp(w, "reorder")) p_reorder = atof(v) / 100;
    else if (!strcmp(w, "delay")) delay_ms = atol(v);
    else return -1;
  }
  return 0;
}

#define QUEUE_SLOTS 4096
struct held { long long due_ms; int to_tap; uint16_t len; uint8_t data[1514]; };
static struct held queue[QUEUE_SLOTS]; /* fixed: no allocation per frame */
static int queued;

static long long now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int write_all(int fd, const uint8_t *p, size_t n);

/* Frames on their way to stdout, written in one go by flush_out(). */
static uint8_t out[1 << 19];
static size_t out_len;

static void flush_out(void) {
  if (out_len) write_all(1, out, out_len);
  out_len = 0;
}

static void deliver(int tap, int to_tap, const uint8_t *f, size_t n) {
  if (to_tap) {
    if (write(tap, f, n) < 0 && errno != EIO && errno != EINVAL && errno != EAGAIN) perror("tap-bridge: write");
  } else {
    if (out_len + 2 + n > sizeof out) flush_out();
    out[out_len] = (uint8_t)(n >> 8); out[out_len + 1] = (uint8_t)n;
    memcpy(out + out_len + 2, f, n);
    out_len += 2 + n;
  }
}

/* Passes one frame through the impairment (or straight on when none is configured). */
static void impair(int tap, int to_tap, const uint8_t *f, size_t n) {
  if (p_loss == 0 && p_dup == 0 && p_reorder == 0 && delay_ms == 0) { deliver(tap, to_tap, f, n); return; }
  if (n > 1514 || chance() < p_loss) return;
  int copies = chance() < p_dup ? 2 : 1;
  for (int c = 0; c < copies; c++) {
    if (delay_ms == 0 || chance() < p_reorder || queued == QUEUE_SLOTS) { deliver(tap, to_tap, f, n); continue; }
    struct held *h = &queue[queued++];
    h->due_ms = now_ms() + delay_ms; h->to_tap = to_tap; h->len = (uint16_t)n;
    memcpy(h->data, f, n);
  }
}

/* Sends the held frames that are due; returns ms until the next one, or -1. */
static int release(int tap) {
  long long now = now_ms(), next = -1;
  int kept = 0;
  for (int i = 0; i < queued; i++) {
    if (queue[i].due_ms <= now) deliver(tap, queue[i].to_tap, queue[i].data, queue[i].len);
    else {
      if (next < 0 || queue[i].due_ms - now < next) next = queue[i].due_ms - now;
      if (kept != i) queue[kept] = queue[i];
      kept++;
    }
  }
  queued = kept;
  return (int)next;
}

/* Whether a network device of that name exists (in this network namespace). TUNSETIFF would create a
 * missing one, so a typo would give a new, unconfigured device instead of an error. */
static int device_exists(const char *name) {
  int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (s < 0) return 1; /* cannot tell: TUNSETIFF decides */
  struct ifreq ifr;
  memset(&ifr, 0, sizeof ifr);
  strncpy(ifr.ifr_name, name, IFNAMSIZ - 1);
  int found = ioctl(s, SIOCGIFINDEX, &ifr) == 0;
  close(s);
  return found;
}

static int open_tap(const char *name) {
  int fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC);
  if (fd < 0) return -1;
  struct ifreq ifr;
  memset(&ifr, 0, sizeof ifr);
  ifr.ifr_flags = IFF_TAP | IFF_NO_PI; /* raw Ethernet frames, no packet-information prefix */
  strncpy(ifr.ifr_name, name, IFNAMSIZ - 1);
  if (ioctl(fd, TUNSETIFF, &ifr) < 0) { close(fd); return -1; }
  return fd;
}

static int write_all(int fd, const uint8_t *p, size_t n) {
  while (n > 0) {
    ssize_t k = write(fd, p, n);
    if (k < 0) { if (errno == EINTR) continue; return -1; }
    p += k; n -= (size_t)k;
  }
  return 0;
}

int main(int argc, char **argv) {
  const char *dev = NULL;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--netem") && i + 1 < argc) { if (parse_netem(argv[++i]) < 0) { fprintf(stderr, "tap-bridge: bad --netem\n"); return 2; } }
    else if (!strcmp(argv[i], "--seed") && i + 1 < argc) rng ^= strtoull(argv[++i], NULL, 0) * 0x100000001b3ull;
    else if (!dev) dev = argv[i];
    else dev = NULL, i = argc;
  }
  if (!dev) { fprintf(stderr, "usage: tap-bridge DEVICE [--netem SPEC] [--seed N]\n"); return 2; }
  if (!device_exists(dev)) {
    fprintf(stderr, "tap-bridge: no device %s (make one first: ip tuntap add dev %s mode tap)\n", dev, dev);
    return 1;
  }
  int tap = open_tap(dev);
  if (tap < 0) { fprintf(stderr, "tap-bridge: cannot open %s: %s\n", dev, strerror(errno)); return 1; }
  /* Non-blocking, so that a wake-up reads until the device has no more. */
  fcntl(tap, F_SETFL, fcntl(tap, F_GETFL) | O_NONBLOCK);
  /* Pipes that hold a window or more of frames: neither side blocks part-way through a batch (where the
   * kernel allows; the default size otherwise). */
  int big = 1 << 20;
  fcntl(0, F_SETPIPE_SZ, big);
  fcntl(1, F_SETPIPE_SZ, big);
  /* Node's stdio "pipes" are socket pairs: the same for this side's socket buffers. */
  setsockopt(0, SOL_SOCKET, SO_RCVBUF, &big, sizeof big);
  setsockopt(1, SOL_SOCKET, SO_SNDBUF, &big, sizeof big);
  static uint8_t frame[FRAME_MAX];
  static uint8_t in[1 << 20]; /* stdin: whole frames are taken out, a partial one waits */
  size_t in_len = 0;
  struct pollfd fds[2] = { { .fd = tap, .events = POLLIN }, { .fd = 0, .events = POLLIN } };
  fprintf(stderr, "tap-bridge: %s open\n", dev);
  for (;;) {
    int wait = release(tap);
    flush_out();
    if (poll(fds, 2, wait) < 0) { if (errno == EINTR) continue; perror("tap-bridge: poll"); return 1; }
    if (fds[0].revents & POLLIN) {
      for (int k = 0; k < 256; k++) { /* bounded, so that stdin gets its turn */
        ssize_t n = read(tap, frame, sizeof frame);
        if (n <= 0) break;
        impair(tap, 0, frame, (size_t)n);
      }
    }
    if (fds[1].revents & (POLLIN | POLLHUP)) {
      ssize_t k = read(0, in + in_len, sizeof in - in_len);
      if (k < 0 && errno == EINTR) continue;
      if (k <= 0) { flush_out(); return k < 0 ? 1 : 0; }
      in_len += (size_t)k;
      size_t off = 0;
      while (in_len - off >= 2) {
        size_t n = ((size_t)in[off] << 8) | in[off + 1];
        if (in_len - off < 2 + n) break;
        /* A frame the kernel refuses (e.g. while the link is down) is dropped, as a wire would. */
        impair(tap, 1, in + off + 2, n);
        off += 2 + n;
      }
      memmove(in, in + off, in_len - off);
      in_len -= off;
    }
  }
}
