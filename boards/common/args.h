/* The options every network board takes, as `wasmtcp tap` takes them:
 *   --ip A.B.C.D/N|dhcp [--name NAME] [--gw A.B.C.D] [--mac 02:..] [--seed N] [--serve echo:7,http:80]
 *   [--dev NAME] [--for MS]
 *   [--echo-to A.B.C.D:PORT:BYTES]  (client.h: send BYTES to an echo server and check what comes back)
 * posix reads them from argv, the QEMU firmware from its semihosting command line, other boards from a
 * configured string. No stdio, no heap: every board can link this. */
#ifndef WT_ARGS_H
#define WT_ARGS_H

#include <stdint.h>
#include "wt.h"

typedef struct {
  wt_config cfg;      /* mac, ip, netmask, gateway, seed (seed kept when --seed is absent) */
  int prefix;         /* the /N of --ip */
  const char *serve;  /* --serve, or the default the caller put there */
  const char *dev;    /* --dev, or NULL */
  int dhcp;           /* --ip dhcp: cfg.ip and netmask are 0 until the lease (RFC 2131) */
  const char *name;   /* --name: DHCP's host name and NAME.local for mDNS, or NULL */
  int32_t run_for;    /* --for in ms, or -1 */
  uint32_t echo_ip;   /* --echo-to's server, port and byte count; echo_port 0 when absent */
  uint16_t echo_port;
  uint32_t echo_bytes;
  const char *error;  /* after a failure: which option (a static string) */
} wt_args;

/* "A.B.C.D" or "A.B.C.D/N" (prefix may be NULL, and then "/N" is refused). 0, or -1. */
int wt_parse_ip(const char *s, uint32_t *ip, int *prefix);
/* "A.B.C.D" into out (16 bytes); returns its length. */
int wt_format_ip(char out[16], uint32_t ip);
/* "02:00:0a:00:02:0f". 0, or -1. */
int wt_parse_mac(const char *s, uint8_t mac[6]);
/* A decimal or 0x-hex number that fills the whole string. 0, or -1. */
int wt_parse_u64(const char *s, uint64_t *v);

/* Parses argv[0..argc). --ip is required; without --mac the MAC is 02:77 and the four address bytes
 * (stable across runs), or with --ip dhcp the seed's low four bytes. 0, or -1 with a->error naming the bad
 * or missing option. --name is checked by the core (wt_set_hostname), not here. */
int wt_args_parse(wt_args *a, int argc, char **argv);

/* A board configured at build time (the RP2040's CMake cache, the ESP32's Kconfig): its strings parsed as
 * the options above. ip is "A.B.C.D/N" or "dhcp"; gw, mac and name may be "" for none. 0, or -1 with
 * a->error naming the option. */
int wt_args_configured(wt_args *a, const char *ip, const char *gw, const char *mac, const char *name);

/* Without --name: "wasmtcp-" and the MAC's last two bytes in hex (e.g. wasmtcp-3f2a), written into buf, so
 * that boards configured alike still answer different NAME.local. Call once the MAC is final. */
void wt_args_default_name(wt_args *a, char buf[13]);

/* Splits a command line in place at spaces into at most max words. Returns how many. */
int wt_args_split(char *line, char **argv, int max);

#endif
