/* tap-bridge: joins a Linux TAP device to a parent process over its stdin and stdout.
 *
 * Every Ethernet frame crosses the pipes as a 2-byte big-endian length followed by the frame, in both
 * directions: frames read from the TAP device go to stdout, frames read from stdin are written to the
 * device. The process exits when stdin closes. It needs nothing from Node (no addon, no headers), so it
 * builds offline with any C compiler; opening the device needs CAP_NET_ADMIN or the device's owner.
 *
 * usage: tap-bridge DEVICE   (the device must exist, e.g. `ip tuntap add dev tap0 mode tap`)
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#define FRAME_MAX 65535

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

static int read_all(int fd, uint8_t *p, size_t n) {
  while (n > 0) {
    ssize_t k = read(fd, p, n);
    if (k == 0) return 1; /* end of stream */
    if (k < 0) { if (errno == EINTR) continue; return -1; }
    p += k; n -= (size_t)k;
  }
  return 0;
}

int main(int argc, char **argv) {
  if (argc != 2) { fprintf(stderr, "usage: tap-bridge DEVICE\n"); return 2; }
  int tap = open_tap(argv[1]);
  if (tap < 0) { fprintf(stderr, "tap-bridge: cannot open %s: %s\n", argv[1], strerror(errno)); return 1; }
  static uint8_t buf[2 + FRAME_MAX];
  struct pollfd fds[2] = { { .fd = tap, .events = POLLIN }, { .fd = 0, .events = POLLIN } };
  fprintf(stderr, "tap-bridge: %s open\n", argv[1]);
  for (;;) {
    if (poll(fds, 2, -1) < 0) { if (errno == EINTR) continue; perror("tap-bridge: poll"); return 1; }
    if (fds[0].revents & POLLIN) {
      ssize_t n = read(tap, buf + 2, FRAME_MAX);
      if (n > 0) {
        buf[0] = (uint8_t)(n >> 8); buf[1] = (uint8_t)n;
        if (write_all(1, buf, (size_t)n + 2) < 0) return 0; /* parent gone */
      }
    }
    if (fds[1].revents & (POLLIN | POLLHUP)) {
      int r = read_all(0, buf, 2);
      if (r != 0) return r < 0 ? 1 : 0;
      size_t n = ((size_t)buf[0] << 8) | buf[1];
      if (read_all(0, buf + 2, n) != 0) return 0;
      /* A frame the kernel refuses (e.g. while the link is down) is dropped, as a wire would. */
      if (write(tap, buf + 2, n) < 0 && errno != EIO && errno != EINVAL) perror("tap-bridge: write");
    }
  }
}
