/* What a board configured at build time starts with: its configuration header (the RP2040's config.h, from
 * boards/rp2040/config.cmake; or, with -DESP32_SDKCONFIG, an sdkconfig.h holding the ESP32 Kconfig's
 * defaults) through wt_args_configured and wt_args_default_name, as both boards' main.c call them, for an
 * interface whose own MAC ends in 3f:2a. Prints "dhcp 1 ip 0.0.0.0/0 gw 0.0.0.0 name wasmtcp-3f2a serve
 * echo:7,http:80", or "error OPTION" and exits 1. */
#include <stdio.h>
#include "args.h"

#ifdef ESP32_SDKCONFIG
#include "sdkconfig.h"
#define IP CONFIG_WASMTCP_IP
#define GW CONFIG_WASMTCP_GATEWAY
#define MAC CONFIG_WASMTCP_MAC
#define NAME CONFIG_WASMTCP_HOSTNAME
#define SERVE CONFIG_WASMTCP_SERVICES
#else
#include "config.h"
#define IP WASMTCP_IP
#define GW WASMTCP_GW
#define MAC WASMTCP_MAC
#define NAME WASMTCP_NAME
#define SERVE WASMTCP_SERVE
#endif

int main(void) {
  static char name[13];
  char ip[16], gw[16];
  wt_args a = {.serve = SERVE};
  if (wt_args_configured(&a, IP, GW, MAC, NAME) != 0) { printf("error %s\n", a.error); return 1; }
  if (!MAC[0]) { a.cfg.mac[4] = 0x3f; a.cfg.mac[5] = 0x2a; } /* the interface's own, as net_init gives it */
  wt_args_default_name(&a, name);
  wt_format_ip(ip, a.cfg.ip);
  wt_format_ip(gw, a.cfg.gateway);
  printf("dhcp %d ip %s/%d gw %s name %s serve %s\n", a.dhcp, ip, a.prefix, gw, a.name, a.serve);
  return 0;
}
