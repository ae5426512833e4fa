// Counters, readable by the host through stats(). Drop reasons are counters too: input() returns the
// index of the one it counted. Append new counters at the end of a group; names are part of the ABI.

export const enum Stat {
  NONE = 0, // input() returns 0 when the frame was consumed; never counted
  ETH_IN, ETH_OUT, ARP_IN, ARP_OUT, IP_IN, IP_OUT, ICMP_IN, ICMP_OUT, TCP_IN, TCP_OUT,
  TCP_ACTIVE_OPENS, TCP_PASSIVE_OPENS, TCP_ESTABLISHED, TCP_RESETS_SENT, TCP_RESETS_RECEIVED,
  TCP_RETRANSMITS, TCP_FAST_RETRANSMITS, TCP_RTO_TIMEOUTS, TCP_CHALLENGE_ACKS, TCP_CHALLENGE_ACKS_LIMITED,
  TCP_PERSIST_PROBES, TCP_KEEPALIVE_PROBES, TCP_DELAYED_ACKS, TCP_OOO_SEGMENTS, TCP_DUP_SEGMENTS,
  TCP_TIMEOUTS, TCP_RX_BYTES, TCP_TX_BYTES,
  TCP_SYNCOOKIES_SENT, TCP_SYNCOOKIES_VALIDATED, TCP_SYNCOOKIES_FAILED, TCP_SYNCOOKIES_NO_OPTIONS,
  TCP_HALF_OPEN_EVICTED, TCP_ORPHANS_DROPPED, TCP_ORPHANS_RECLAIMED,
  // drop reasons
  DROP_ETH_SHORT, DROP_ETH_LONG, DROP_ETH_TYPE, DROP_ETH_NOT_FOR_US,
  DROP_ARP_SHORT, DROP_ARP_FORMAT, DROP_ARP_NOT_FOR_US, DROP_ARP_UNRESOLVED, DROP_ARP_PENDING_REPLACED,
  DROP_IP_SHORT, DROP_IP_VERSION, DROP_IP_IHL, DROP_IP_LENGTH, DROP_IP_CHECKSUM, DROP_IP_FRAGMENT,
  DROP_IP_NOT_FOR_US, DROP_IP_BAD_SOURCE, DROP_IP_PROTOCOL, DROP_IP_NO_ROUTE,
  DROP_ICMP_SHORT, DROP_ICMP_CHECKSUM, DROP_ICMP_TYPE,
  DROP_TCP_SHORT, DROP_TCP_CHECKSUM, DROP_TCP_OFFSET, DROP_TCP_OPTIONS, DROP_TCP_FLAGS,
  DROP_TCP_NO_SOCKET, DROP_TCP_NOT_ACCEPTABLE, DROP_TCP_BAD_ACK, DROP_TCP_RST_INVALID,
  DROP_TCP_SYN_INVALID, DROP_TCP_BACKLOG_FULL, DROP_TCP_HALF_OPEN_FULL, DROP_TCP_NO_MEMORY,
  DROP_TCP_OOO_FULL, DROP_TCP_NO_ACK, DROP_TCP_AFTER_CLOSE, DROP_TCP_PORT_ZERO,
  COUNT,
}

import { trace } from "../host";
import { Trace } from "../abi";

export const STATS_COUNT: i32 = Stat.COUNT;
const STATS = memory.data(Stat.COUNT * 4);

// @ts-ignore: decorator
@inline export function count(s: Stat): void { store<u32>(STATS + (<usize>s << 2), load<u32>(STATS + (<usize>s << 2)) + 1); }
// @ts-ignore: decorator
@inline export function countN(s: Stat, n: u32): void { store<u32>(STATS + (<usize>s << 2), load<u32>(STATS + (<usize>s << 2)) + n); }
export function statsPtr(): usize { return STATS; }
export function statsReset(): void { memory.fill(STATS, 0, Stat.COUNT * 4); }

/** A drop: counted, traced, and `reason` returned so callers can `return drop(...)`. */
export function drop(reason: Stat): i32 {
  count(reason);
  trace(Trace.DROP, reason, -1, 0);
  return reason;
}

export function statName(i: i32): usize {
  let s: string;
  switch (i) {
    case Stat.NONE: s = "none"; break;
    case Stat.ETH_IN: s = "eth_in"; break;
    case Stat.ETH_OUT: s = "eth_out"; break;
    case Stat.ARP_IN: s = "arp_in"; break;
    case Stat.ARP_OUT: s = "arp_out"; break;
    case Stat.IP_IN: s = "ip_in"; break;
    case Stat.IP_OUT: s = "ip_out"; break;
    case Stat.ICMP_IN: s = "icmp_in"; break;
    case Stat.ICMP_OUT: s = "icmp_out"; break;
    case Stat.TCP_IN: s = "tcp_in"; break;
    case Stat.TCP_OUT: s = "tcp_out"; break;
    case Stat.TCP_ACTIVE_OPENS: s = "tcp_active_opens"; break;
    case Stat.TCP_PASSIVE_OPENS: s = "tcp_passive_opens"; break;
    case Stat.TCP_ESTABLISHED: s = "tcp_established"; break;
    case Stat.TCP_RESETS_SENT: s = "tcp_resets_sent"; break;
    case Stat.TCP_RESETS_RECEIVED: s = "tcp_resets_received"; break;
    case Stat.TCP_RETRANSMITS: s = "tcp_retransmits"; break;
    case Stat.TCP_FAST_RETRANSMITS: s = "tcp_fast_retransmits"; break;
    case Stat.TCP_RTO_TIMEOUTS: s = "tcp_rto_timeouts"; break;
    case Stat.TCP_CHALLENGE_ACKS: s = "tcp_challenge_acks"; break;
    case Stat.TCP_CHALLENGE_ACKS_LIMITED: s = "tcp_challenge_acks_limited"; break;
    case Stat.TCP_PERSIST_PROBES: s = "tcp_persist_probes"; break;
    case Stat.TCP_KEEPALIVE_PROBES: s = "tcp_keepalive_probes"; break;
    case Stat.TCP_DELAYED_ACKS: s = "tcp_delayed_acks"; break;
    case Stat.TCP_OOO_SEGMENTS: s = "tcp_ooo_segments"; break;
    case Stat.TCP_DUP_SEGMENTS: s = "tcp_dup_segments"; break;
    case Stat.TCP_TIMEOUTS: s = "tcp_timeouts"; break;
    case Stat.TCP_RX_BYTES: s = "tcp_rx_bytes"; break;
    case Stat.TCP_TX_BYTES: s = "tcp_tx_bytes"; break;
    case Stat.TCP_SYNCOOKIES_SENT: s = "tcp_syncookies_sent"; break;
    case Stat.TCP_SYNCOOKIES_VALIDATED: s = "tcp_syncookies_validated"; break;
    case Stat.TCP_SYNCOOKIES_FAILED: s = "tcp_syncookies_failed"; break;
    case Stat.TCP_SYNCOOKIES_NO_OPTIONS: s = "tcp_syncookies_no_options"; break;
    case Stat.TCP_HALF_OPEN_EVICTED: s = "tcp_half_open_evicted"; break;
    case Stat.TCP_ORPHANS_DROPPED: s = "tcp_orphans_dropped"; break;
    case Stat.TCP_ORPHANS_RECLAIMED: s = "tcp_orphans_reclaimed"; break;
    case Stat.DROP_ETH_SHORT: s = "drop_eth_short"; break;
    case Stat.DROP_ETH_LONG: s = "drop_eth_long"; break;
    case Stat.DROP_ETH_TYPE: s = "drop_eth_type"; break;
    case Stat.DROP_ETH_NOT_FOR_US: s = "drop_eth_not_for_us"; break;
    case Stat.DROP_ARP_SHORT: s = "drop_arp_short"; break;
    case Stat.DROP_ARP_FORMAT: s = "drop_arp_format"; break;
    case Stat.DROP_ARP_NOT_FOR_US: s = "drop_arp_not_for_us"; break;
    case Stat.DROP_ARP_UNRESOLVED: s = "drop_arp_unresolved"; break;
    case Stat.DROP_ARP_PENDING_REPLACED: s = "drop_arp_pending_replaced"; break;
    case Stat.DROP_IP_SHORT: s = "drop_ip_short"; break;
    case Stat.DROP_IP_VERSION: s = "drop_ip_version"; break;
    case Stat.DROP_IP_IHL: s = "drop_ip_ihl"; break;
    case Stat.DROP_IP_LENGTH: s = "drop_ip_length"; break;
    case Stat.DROP_IP_CHECKSUM: s = "drop_ip_checksum"; break;
    case Stat.DROP_IP_FRAGMENT: s = "drop_ip_fragment"; break;
    case Stat.DROP_IP_NOT_FOR_US: s = "drop_ip_not_for_us"; break;
    case Stat.DROP_IP_BAD_SOURCE: s = "drop_ip_bad_source"; break;
    case Stat.DROP_IP_PROTOCOL: s = "drop_ip_protocol"; break;
    case Stat.DROP_IP_NO_ROUTE: s = "drop_ip_no_route"; break;
    case Stat.DROP_ICMP_SHORT: s = "drop_icmp_short"; break;
    case Stat.DROP_ICMP_CHECKSUM: s = "drop_icmp_checksum"; break;
    case Stat.DROP_ICMP_TYPE: s = "drop_icmp_type"; break;
    case Stat.DROP_TCP_SHORT: s = "drop_tcp_short"; break;
    case Stat.DROP_TCP_CHECKSUM: s = "drop_tcp_checksum"; break;
    case Stat.DROP_TCP_OFFSET: s = "drop_tcp_offset"; break;
    case Stat.DROP_TCP_OPTIONS: s = "drop_tcp_options"; break;
    case Stat.DROP_TCP_FLAGS: s = "drop_tcp_flags"; break;
    case Stat.DROP_TCP_NO_SOCKET: s = "drop_tcp_no_socket"; break;
    case Stat.DROP_TCP_NOT_ACCEPTABLE: s = "drop_tcp_not_acceptable"; break;
    case Stat.DROP_TCP_BAD_ACK: s = "drop_tcp_bad_ack"; break;
    case Stat.DROP_TCP_RST_INVALID: s = "drop_tcp_rst_invalid"; break;
    case Stat.DROP_TCP_SYN_INVALID: s = "drop_tcp_syn_invalid"; break;
    case Stat.DROP_TCP_BACKLOG_FULL: s = "drop_tcp_backlog_full"; break;
    case Stat.DROP_TCP_HALF_OPEN_FULL: s = "drop_tcp_half_open_full"; break;
    case Stat.DROP_TCP_NO_MEMORY: s = "drop_tcp_no_memory"; break;
    case Stat.DROP_TCP_OOO_FULL: s = "drop_tcp_ooo_full"; break;
    case Stat.DROP_TCP_NO_ACK: s = "drop_tcp_no_ack"; break;
    case Stat.DROP_TCP_AFTER_CLOSE: s = "drop_tcp_after_close"; break;
    case Stat.DROP_TCP_PORT_ZERO: s = "drop_tcp_port_zero"; break;
    default: return 0;
  }
  return changetype<usize>(s);
}
