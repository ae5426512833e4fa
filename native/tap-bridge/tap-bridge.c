/* tap-bridge: joins a Linux TAP device to a parent process over its stdin and stdout.
 *
 * Every Ethernet frame crosses the pipes as a 2-byte big-endian length followed by the frame, in both
 * directions: frames read from the TAP device go to stdout, frames read from stdin are written to the
 * device. Frames cross in batches: each wake-up reads every frame the device has and writes them to stdout
 * in one write, and one read of stdin takes as many frames as the parent wrote. The process exits when
 * stdin closes. It needs nothing from Node (no addon, no headers), so it
 * builds offline with any C compiler; opening the device needs CAP_NET_ADMIN or the device's owner.
 *
 * usage: tap-bridge DEVICE [--relay DEVICE2] [--netem "loss 5% reorder 10% duplicate 1% delay 20ms"] [--seed N]
 *   (the devices must exist, e.g. `ip tuntap add dev tap0 mode tap`)
 *
 * --netem impairs frames in both directions with the parameters and meaning of Linux's netem qdisc, for
 * kernels built without sch_netem: each frame is lost with the loss probability, else duplicated with the
 * duplicate probability, and then either sent at once (with the reorder probability, so it overtakes
 * the frames being delayed) or after the delay. Each direction draws from its own seeded generator, so
 * the n-th frame leaving DEVICE meets the same fate whatever answers it, and the other way round.
 *
 * --relay forwards frames between DEVICE and DEVICE2 through the same impairment instead of the pipes
 * (stdin only tells it when to exit): two network namespaces, one device moved into each once the bridge
 * has them open, talk Linux to Linux through the impairment that a stack on DEVICE would meet.
 *
 * At exit it prints what the impairment did, per direction, on stderr:
 *   tap-bridge: from DEVICE frames F lost L duplicated D reordered R delayed Y
 *   tap-bridge: to DEVICE frames F lost L duplicated D reordered R delayed Y
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
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#define FRAME_MAX 65535

/* ---- netem-compatible impairment ---- */
/* Directions: frames read from DEVICE, and frames written to it. */
enum { FROM_DEV = 0, TO_DEV = 1 };
static double p_loss, p_dup, p_reorder;
static long delay_ms;
static uint64_t rng[2] = { 0x9e3779b97f4a7c15ull, 0xd1b54a32d192ed03ull };

struct counts { unsigned long frames, lost, duplicated, reordered, delayed; };
static struct counts counted[2];

static double chance(int dir) { /* xorshift64*, uniform in [0, 1) */
  uint64_t *x = &rng[dir];
  *x ^= *x >> 12; *x ^= *x << 25; *x ^= *x >> 27;
  return (double)((*x * 0x2545f4914f6cdd1dull) >> 11) / 9007199254740992.0;
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
struct held { long long due_ms; int dir; uint16_t len; uint8_t data[1514]; };
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

/* The devices: DEVICE, and DEVICE2 in relay mode (-1: frames from DEVICE go to stdout). */
static int tap = -1, relay = -1;

static void write_frame(int fd, const uint8_t *f, size_t n) {
  /* A frame the kernel refuses (e.g. while the link is down) is dropped, as a wire would. */
  if (write(fd, f, n) < 0 && errno != EIO && errno != EINVAL && errno != EAGAIN) perror("tap-bridge: write");
}

static void deliver(int dir, const uint8_t *f, size_t n) {
  if (dir == TO_DEV) write_frame(tap, f, n);
  else if (relay >= 0) write_frame(relay, f, n);
  else {
    if (out_len + 2 + n > sizeof out) flush_out();
    out[out_len] = (uint8_t)(n >> 8); out[out_len + 1] = (uint8_t)n;
    memcpy(out + out_len + 2, f, n);
    out_len += 2 + n;
  }
}

/* Passes one frame through the impairment (or straight on when none is configured). */
static void impair(int dir, const uint8_t *f, size_t n) {
  struct counts *k = &counted[dir];
  k->frames++;
  if (p_loss == 0 && p_dup == 0 && p_reorder == 0 && delay_ms == 0) { deliver(dir, f, n); return; }
  if (n > 1514 || chance(dir) < p_loss) { k->lost++; return; }
  int copies = chance(dir) < p_dup ? 2 : 1;
  k->duplicated += (unsigned long)(copies - 1);
  for (int c = 0; c < copies; c++) {
    if (delay_ms == 0) { deliver(dir, f, n); continue; }
    if (chance(dir) < p_reorder || queued == QUEUE_SLOTS) { k->reordered++; deliver(dir, f, n); continue; }
    struct held *h = &queue[queued++];
    h->due_ms = now_ms() + delay_ms; h->dir = dir; h->len = (uint16_t)n;
    memcpy(h->data, f, n);
    k->delayed++;
  }
}

/* Sends the held frames that are due; returns ms until the next one, or -1. */
static int release(void) {
  long long now = now_ms(), next = -1;
  int kept = 0;
  for (int i = 0; i < queued; i++) {
    if (queue[i].due_ms <= now) deliver(queue[i].dir, queue[i].data, queue[i].len);
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

/* Opens a device that exists, non-blocking (a wake-up reads until it has no more); -1 after saying why. */
static int open_existing(const char *dev) {
  if (!device_exists(dev)) {
    fprintf(stderr, "tap-bridge: no device %s (make one first: ip tuntap add dev %s mode tap)\n", dev, dev);
    return -1;
  }
  int fd = open_tap(dev);
  if (fd < 0) { fprintf(stderr, "tap-bridge: cannot open %s: %s\n", dev, strerror(errno)); return -1; }
  fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
  return fd;
}

static const char *dev_name;
static volatile sig_atomic_t stopping;
static void stop(int sig) { (void)sig; stopping = 1; }

static int finish(int code) {
  flush_out();
  static const char *const way[2] = { "from", "to" };
  for (int d = 0; d < 2; d++) {
    const struct counts *k = &counted[d];
    fprintf(stderr, "tap-bridge: %s %s frames %lu lost %lu duplicated %lu reordered %lu delayed %lu\n",
            way[d], dev_name, k->frames, k->lost, k->duplicated, k->reordered, k->delayed);
  }
  return code;
}

/* Reads up to 256 frames from a device (bounded, so that the other inputs get their turn) into the impairment. */
static void read_device(int fd, int dir) {
  static uint8_t frame[FRAME_MAX];
  for (int k = 0; k < 256; k++) {
    ssize_t n = read(fd, frame, sizeof frame);
    if (n <= 0) break;
    impair(dir, frame, (size_t)n);
  }
}

int main(int argc, char **argv) {
  const char *dev = NULL, *dev2 = NULL;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--netem") && i + 1 < argc) { if (parse_netem(argv[++i]) < 0) { fprintf(stderr, "tap-bridge: bad --netem\n"); return 2; } }
    else if (!strcmp(argv[i], "--seed") && i + 1 < argc) {
      uint64_t seed = strtoull(argv[++i], NULL, 0) * 0x100000001b3ull;
      rng[0] ^= seed; rng[1] ^= seed;
      for (int d = 0; d < 2; d++) if (!rng[d]) rng[d] = 1; /* xorshift's one stuck state */
    }
    else if (!strcmp(argv[i], "--relay") && i + 1 < argc) dev2 = argv[++i];
    else if (!dev) dev = argv[i];
    else dev = NULL, i = argc;
  }
  if (!dev) { fprintf(stderr, "usage: tap-bridge DEVICE [--relay DEVICE2] [--netem SPEC] [--seed N]\n"); return 2; }
  dev_name = dev;
  if ((tap = open_existing(dev)) < 0) return 1;
  if (dev2 && (relay = open_existing(dev2)) < 0) return 1;
  /* Pipes that hold a window or more of frames: neither side blocks part-way through a batch (where the
   * kernel allows; the default size otherwise). */
  int big = 1 << 20;
  fcntl(0, F_SETPIPE_SZ, big);
  fcntl(1, F_SETPIPE_SZ, big);
  /* Node's stdio "pipes" are socket pairs: the same for this side's socket buffers. */
  setsockopt(0, SOL_SOCKET, SO_RCVBUF, &big, sizeof big);
  setsockopt(1, SOL_SOCKET, SO_SNDBUF, &big, sizeof big);
  /* SIGTERM and SIGINT end it as stdin's closing does: with the counts. */
  struct sigaction sa = { .sa_handler = stop };
  sigaction(SIGTERM, &sa, NULL);
  sigaction(SIGINT, &sa, NULL);
  static uint8_t in[1 << 20]; /* stdin: whole frames are taken out, a partial one waits */
  size_t in_len = 0;
  struct pollfd fds[3] = { { .fd = tap, .events = POLLIN }, { .fd = 0, .events = POLLIN }, { .fd = relay, .events = POLLIN } };
  if (dev2) fprintf(stderr, "tap-bridge: %s and %s open\n", dev, dev2);
  else fprintf(stderr, "tap-bridge: %s open\n", dev);
  while (!stopping) {
    int wait = release();
    flush_out();
    if (poll(fds, dev2 ? 3 : 2, wait) < 0) { if (errno == EINTR) continue; perror("tap-bridge: poll"); return finish(1); }
    if (fds[0].revents & POLLIN) read_device(tap, FROM_DEV);
    if (dev2 && (fds[2].revents & POLLIN)) read_device(relay, TO_DEV);
    if (fds[1].revents & (POLLIN | POLLHUP)) {
      ssize_t k = read(0, in + in_len, sizeof in - in_len);
      if (k < 0 && errno == EINTR) continue;
      if (k <= 0) return finish(k < 0 ? 1 : 0);
      if (dev2) continue; /* relay mode: stdin carries no frames */
      in_len += (size_t)k;
      size_t off = 0;
      while (in_len - off >= 2) {
        size_t n = ((size_t)in[off] << 8) | in[off + 1];
        if (in_len - off < 2 + n) break;
        impair(TO_DEV, in + off + 2, n);
        off += 2 + n;
      }
      memmove(in, in + off, in_len - off);
      in_len -= off;
    }
  }
  return finish(0);
}
