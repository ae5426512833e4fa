/* --ip dhcp on every board: what the lease did since the last turn, as the line the board prints with its
 * own prefix and output ("lease 10.9.0.2 netmask 255.255.255.0 gateway 10.9.0.1", "lease renewed 10.9.0.2",
 * "lease lost"). The board opens its services on the first WT_LEASE_BOUND. No stdio, no heap. */
#ifndef WT_LEASE_H
#define WT_LEASE_H

#include <stdint.h>

typedef enum { WT_LEASE_SAME, WT_LEASE_BOUND, WT_LEASE_RENEWED, WT_LEASE_LOST } wt_lease_event;

typedef struct {
  uint32_t ip;       /* the address last told */
  uint32_t renewals; /* the core's dhcp_renewals counter last told */
} wt_lease;

/* Enough for the longest line and its NUL. */
#define WT_LEASE_LINE 80

/* Compares the interface with what was last told; on a change, writes its line into line (WT_LEASE_LINE
 * bytes) and returns what happened. A renewal at T1 (RFC 2131 4.4.5) keeps the address: it is told by the
 * counter. */
wt_lease_event wt_lease_follow(wt_lease *l, char line[WT_LEASE_LINE]);

#endif
