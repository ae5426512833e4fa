#include "lease.h"
#include "args.h"
#include "wt.h"

static char *put(char *p, const char *s) {
  while (*s) *p++ = *s++;
  *p = '\0';
  return p;
}

static char *put_ip(char *p, uint32_t ip) { return p + wt_format_ip(p, ip); }

wt_lease_event wt_lease_follow(wt_lease *l, char line[WT_LEASE_LINE]) {
  uint32_t ip = wt_ip_address(), renewals = wt_stat(WT_STAT_DHCP_RENEWALS);
  char *p = line;
  if (ip == l->ip && renewals == l->renewals) return WT_LEASE_SAME;
  const int renewed = ip == l->ip;
  l->ip = ip;
  l->renewals = renewals;
  if (!ip) { put(p, "lease lost"); return WT_LEASE_LOST; }
  if (renewed) { put_ip(put(p, "lease renewed "), ip); return WT_LEASE_RENEWED; }
  p = put_ip(put(p, "lease "), ip);
  p = put_ip(put(p, " netmask "), wt_ip_netmask());
  put_ip(put(p, " gateway "), wt_ip_gateway());
  return WT_LEASE_BOUND;
}
