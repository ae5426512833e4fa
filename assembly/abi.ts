// Every number that crosses the ABI, defined here and nowhere else.
//
// The build (tools/abi-gen.mjs, run by `npm run build:wasm` and `build:host`) reads this file and writes
// the copies every other side uses, all build outputs kept out of git:
//   host/gen/abi.ts            the TypeScript constants host/abi.ts re-exports
//   boards/common/wt_abi.h     the C header for boards/ and bench/ (WT_STATE_*, WT_ERR_*, WT_EV_*, ...)
//   assembly/gen/abi-table.ts  the values as the compiled .wasm sees them, and the counter names as bytes
// tests/node/abi.test.ts proves the host, the C header and the .wasm agree.
//
// Rules the generator relies on: one `export const enum` per group; members are `NAME = <int>` (decimal,
// hex, negative or `1 << n`) or bare `NAME` (the previous value + 1); a trailing `//` comment documents it.
// To add a counter: one line `NAME,` in Stat before COUNT (append at the end of its group). Its name for
// hosts is NAME in lower case; count(Stat.NAME) in the core; nothing else to edit.

// TCP states, RFC 9293 3.3.2.
export const enum State {
  CLOSED = 0,
  LISTEN = 1,
  SYN_SENT = 2,
  SYN_RECEIVED = 3,
  ESTABLISHED = 4,
  FIN_WAIT_1 = 5,
  FIN_WAIT_2 = 6,
  CLOSE_WAIT = 7,
  CLOSING = 8,
  LAST_ACK = 9,
  TIME_WAIT = 10,
}

// API errors: always negative, named after the errno a BSD socket would give.
export const enum Err {
  OK = 0,
  WOULDBLOCK = -1, // EAGAIN: nothing to read, no room to write, no connection to accept
  INVAL = -2, // EINVAL: bad argument, or a call that makes no sense in this state
  NOBUFS = -3, // ENOBUFS: no free socket slot
  ADDRINUSE = -4, // EADDRINUSE: port already listening, or no free ephemeral port
  NOTCONN = -5, // ENOTCONN: not connected (yet)
  BADF = -6, // EBADF: no such handle, or the handle was closed
  PIPE = -7, // EPIPE: write after shutdown(SHUT_WR) or after the connection closed
  CONNRESET = -8, // ECONNRESET: reset by the peer
  CONNREFUSED = -9, // ECONNREFUSED: RST answered our SYN
  TIMEDOUT = -10, // ETIMEDOUT: retransmissions or keepalive probes exhausted
  ISCONN = -11, // EISCONN
  OPNOTSUPP = -12, // EOPNOTSUPP: accept on a connection, send on a listener
  HOSTUNREACH = -13, // EHOSTUNREACH: ARP never answered
  CONNABORTED = -14, // ECONNABORTED: aborted locally
  MSGSIZE = -15, // EMSGSIZE: a datagram larger than fits one frame; a DNS reply truncated (TC) before any address
  ADDRNOTAVAIL = -16, // EADDRNOTAVAIL: no address (yet): e.g. DHCP has not configured the interface
  NOTFOUND = -17, // EAI_NONAME: the name does not exist (NXDOMAIN) or has no IPv4 address
  NOSERVER = -18, // no DNS server is known (none configured, none from DHCP)
}

// tcp_events() bits.
export const enum Ev {
  READABLE = 1, // data to read, or end of stream (recv returns 0)
  WRITABLE = 2, // room in the send buffer and the connection may send
  ACCEPTABLE = 4, // listener: a connection is waiting in the accept queue
  CONNECTED = 8, // the handshake completed (stays set)
  EOF = 16, // the peer's FIN has arrived (recv returns 0 once the buffer is drained)
  ERROR = 32, // a pending error: tcp_getopt(h, SO_ERROR)
  CLOSED = 64, // state is CLOSED: nothing more will happen on this handle
  SEND_DRAINED = 128, // every byte written has been acknowledged (and our FIN, if sent)
}

// tcp_setopt / tcp_getopt option numbers (values are plain integers).
export const enum Opt {
  NODELAY = 1, // 0/1, TCP_NODELAY: disable Nagle
  KEEPALIVE = 2, // 0/1, SO_KEEPALIVE
  KEEPIDLE = 3, // seconds, TCP_KEEPIDLE
  KEEPINTVL = 4, // seconds, TCP_KEEPINTVL
  KEEPCNT = 5, // probes, TCP_KEEPCNT
  LINGER_ZERO = 6, // 0/1: close() aborts with RST (SO_LINGER with l_linger = 0)
  SO_ERROR = 7, // get only: pending error (negative Err) and clear it
  SNDBUF = 8, // get only: send buffer capacity in bytes
  RCVBUF = 9, // get only: receive buffer capacity in bytes
  MSS = 10, // get only: effective send MSS
  SND_QUEUED = 11, // get only: bytes written but not yet acknowledged
  RCV_QUEUED = 12, // get only: bytes received but not yet read
  CWND = 13, // get only: congestion window in bytes
  SRTT = 14, // get only: smoothed RTT in ms (0 before the first sample)
  RTO = 15, // get only: current retransmission timeout in ms
  REUSEADDR = 16, // 0/1, SO_REUSEADDR (accepted for compatibility; listeners never conflict with TIME_WAIT)
  // Get only, for teaching views: the TCB's sequence variables (RFC 9293 3.3.1) as u32 bit patterns,
  // windows in bytes, and the running timers with their deadlines (ms, on the clock of the `now` values).
  SND_UNA = 17,
  SND_NXT = 18,
  SND_WND = 19,
  RCV_NXT = 20,
  RCV_WND = 21, // the window last advertised: RCV.NXT + RCV.WND is its right edge
  SSTHRESH = 22,
  ISS = 23,
  IRS = 24,
  TIMERS = 25, // running timers: bit (1 << Timer) set for REXMT, PERSIST, DELACK, KEEPALIVE; 1 << TIME_WAIT for TIME_WAIT or FIN_WAIT_2
  REXMT_AT = 26, // deadline of each timer while it runs
  PERSIST_AT = 27,
  DELACK_AT = 28,
  KEEPALIVE_AT = 29,
  MSL2_AT = 30, // TIME_WAIT's 2*MSL, or the FIN_WAIT_2 timeout
  RETRANSMITS = 31, // get only: retransmission timeouts in a row (the backoff exponent, RFC 6298 5.5)
  TLPS = 32, // get only: tail loss probes sent (RFC 8985 7)
  REORDER_WINDOW = 33, // get only: RACK's reordering window now, ms (RFC 8985 6.2)
  SPURIOUS_RETRANSMITS = 34, // get only: retransmissions the peer's timestamp echo or D-SACK showed were not needed
  UNDOS = 35, // get only: recoveries whose window reduction was undone (RFC 4015, RFC 3708)
  REORDERING = 38, // get only, per connection: the largest reordering seen, in segments (0: none)
  // The stack's own options, on Handle.STACK only (a connection or listener says OPNOTSUPP); out of range: INVAL.
  RTO_INITIAL = 36, // ms, 1..60000: RTO before any sample, for connections opened from now on (RFC 6298 2.1; 1000)
  RTO_MIN = 37, // ms, 1..60000: the least RTO a round-trip sample may give (RFC 6298 2.4; 1000, large build 200)
}

// Handles that name no socket.
export const enum Handle {
  STACK = -1, // tcp_setopt/tcp_getopt on the stack as a whole (Opt.RTO_INITIAL, Opt.RTO_MIN); init() resets them
}

// shutdown() how.
export const enum Shut {
  RD = 0,
  WR = 1,
  RDWR = 2,
}

// trace(kind, a, b, c) kinds.
export const enum Trace {
  STATE = 1, // a = handle, b = old state, c = new state
  DROP = 2, // a = drop reason (a stats index), b = handle or -1
  RETRANSMIT = 3, // a = handle, b = seq, c = length (SYN/FIN count 1)
  TIMER = 4, // a = handle, b = Timer that fired
  ERROR = 5, // a = handle, b = Err
  ARP = 6, // a = IPv4 address resolved (b = 1) or given up (b = 0)
  ICMP_ERROR = 7, // a = TCP handle (b = 0) or UDP handle (b = 1), c = the ICMP code it took as a soft or hard error
  ADDRESS = 8, // the interface address changed: a = new address (0 = none), b = netmask, c = gateway
}

export const enum Timer {
  REXMT = 1,
  PERSIST = 2,
  DELACK = 3,
  KEEPALIVE = 4,
  TIME_WAIT = 5,
  FIN_WAIT_2 = 6,
  TLP = 7, // tail loss probe (RFC 8985 7)
  REORDER = 8, // RACK's reordering window passed (RFC 8985 6.3)
}

// dhcp_state(): the client's state (RFC 2131 Figure 5; CHECKING is RFC 5227's probe of the offered address).
export const enum DhcpState {
  OFF = 0, // not started, or released
  INIT = 1, // waiting to start again (after a DECLINE)
  SELECTING = 2, // DISCOVER sent, waiting for an offer
  REQUESTING = 3, // REQUEST sent for the offer taken
  CHECKING = 4, // ACKed: ARP probes for the address before using it
  BOUND = 5, // the address is ours until T1
  RENEWING = 6, // T1 passed: REQUEST unicast to the lease's server
  REBINDING = 7, // T2 passed: REQUEST broadcast to any server
  REBOOTING = 8, // INIT-REBOOT: REQUEST broadcast for a remembered address (dhcp_reboot, RFC 2131 3.2)
}

// Counters (an array of u32 at stats()). Drop reasons are counters too: input() returns the index of the
// one it counted. Names are part of the ABI.
export const enum Stat {
  NONE = 0, // input() returns 0 when the frame was consumed; never counted
  ETH_IN,
  ETH_OUT,
  ARP_IN,
  ARP_OUT,
  IP_IN,
  IP_OUT,
  ICMP_IN,
  ICMP_OUT,
  ICMP_UNREACH_IN, // destination-unreachable messages received (RFC 792)
  ICMP_UNREACH_OUT, // port unreachable sent for datagrams to closed UDP ports
  ICMP_RATE_LIMITED, // port unreachable not sent: over the rate limit (RFC 1812 4.3.2.8)
  ICMP_SOFT_ERRORS, // unreachable delivered to a connection or endpoint as a soft error (RFC 1122 4.2.3.9)
  ICMP_HARD_ERRORS, // unreachable that ended a connection still in SYN-SENT
  UDP_IN,
  UDP_OUT,
  UDP_NO_CHECKSUM, // datagrams received without a checksum (allowed, RFC 768)
  DHCP_DISCOVERS, // DHCPDISCOVER sent (retransmissions included)
  DHCP_OFFERS, // offers taken
  DHCP_REQUESTS, // DHCPREQUEST sent (selecting, renewing, rebinding)
  DHCP_ACKS,
  DHCP_NAKS,
  DHCP_DECLINES, // an ARP probe found the address in use (RFC 5227)
  DHCP_RELEASES,
  DHCP_RENEWALS, // leases extended while renewing or rebinding
  DHCP_LEASES_LOST, // the address went: NAK, expiry, release, a conflict, or a new dhcp_start
  DHCP_CONFLICTS, // RFC 5227 2.4: another host's ARP claimed the address in use
  DHCP_DEFENCES, // RFC 5227 2.4 (b): announcements sent to defend it (a second conflict within 10 s gives it up)
  TCP_IN,
  TCP_OUT,
  TCP_ACTIVE_OPENS,
  TCP_PASSIVE_OPENS,
  TCP_ESTABLISHED,
  TCP_RESETS_SENT,
  TCP_RESETS_RECEIVED,
  TCP_RETRANSMITS,
  TCP_FAST_RETRANSMITS,
  TCP_RTO_TIMEOUTS,
  TCP_CHALLENGE_ACKS,
  TCP_CHALLENGE_ACKS_LIMITED,
  TCP_PERSIST_PROBES,
  TCP_KEEPALIVE_PROBES,
  TCP_DELAYED_ACKS,
  TCP_OOO_SEGMENTS,
  TCP_DUP_SEGMENTS,
  TCP_TIMEOUTS,
  TCP_RX_BYTES,
  TCP_TX_BYTES,
  TCP_SYNCOOKIES_SENT,
  TCP_SYNCOOKIES_VALIDATED,
  TCP_SYNCOOKIES_FAILED,
  TCP_SYNCOOKIES_NO_OPTIONS,
  TCP_HALF_OPEN_EVICTED,
  TCP_ORPHANS_DROPPED,
  TCP_ORPHANS_RECLAIMED,
  TCP_TLP_PROBES, // RFC 8985 7.3: tail loss probes sent
  TCP_TLP_RECOVERIES, // RFC 8985 7.4: probes that repaired a loss
  TCP_RACK_LOSSES, // RFC 8985 6.2: segments RACK marked lost
  TCP_SPURIOUS_RETRANSMITS, // RFC 3522: the echo shows the original arrived
  TCP_UNDOS, // RFC 4015: a recovery's window reduction undone
  TCP_DSACKS_SENT, // RFC 2883: ACKs reporting a duplicate segment
  TCP_DSACKS_RECEIVED, // RFC 2883: D-SACK blocks from the peer
  // Drop reasons.
  DROP_ETH_SHORT,
  DROP_ETH_LONG,
  DROP_ETH_TYPE,
  DROP_ETH_NOT_FOR_US,
  DROP_ARP_SHORT,
  DROP_ARP_FORMAT,
  DROP_ARP_NOT_FOR_US,
  DROP_ARP_UNRESOLVED,
  DROP_ARP_PENDING_REPLACED,
  DROP_IP_SHORT,
  DROP_IP_VERSION,
  DROP_IP_IHL,
  DROP_IP_LENGTH,
  DROP_IP_CHECKSUM,
  DROP_IP_FRAGMENT,
  DROP_IP_NOT_FOR_US,
  DROP_IP_BAD_SOURCE,
  DROP_IP_PROTOCOL,
  DROP_IP_NO_ROUTE,
  DROP_ICMP_SHORT,
  DROP_ICMP_CHECKSUM,
  DROP_ICMP_TYPE,
  DROP_ICMP_QUOTE, // an ICMP error quoting a datagram we did not send (RFC 5927 4.1)
  DROP_ICMP_NO_SOCKET, // an ICMP error for a connection or endpoint that does not exist
  DROP_ICMP_SEQ, // RFC 5927 5.1: the quoted sequence number is outside SND.UNA..SND.NXT
  DROP_UDP_SHORT,
  DROP_UDP_LENGTH,
  DROP_UDP_CHECKSUM,
  DROP_UDP_PORT_ZERO,
  DROP_UDP_NO_PORT, // no endpoint on the port (port unreachable sent if allowed)
  DROP_UDP_QUEUE_FULL, // the endpoint's receive queue has no room
  DROP_UDP_NOT_FOR_US, // broadcast, multicast or unconfigured-address datagram no service took
  DROP_DHCP_MALFORMED, // not a sound BOOTREPLY: header, magic cookie, options, or an unusable address
  DROP_DHCP_NOT_OURS, // another client's transaction (xid or chaddr)
  DROP_DHCP_UNEXPECTED, // a message type or server the current state does not take
  DROP_DHCP_OVERLOAD_VALUE, // option overload (52) not one byte of 1..3, or inside a field it lends (RFC 2132 9.3)
  DROP_DHCP_OVERLOAD_FIELD, // an option in the file or sname field running off the field's end (RFC 2131 4.1)
  DROP_TCP_SHORT,
  DROP_TCP_CHECKSUM,
  DROP_TCP_OFFSET,
  DROP_TCP_OPTIONS,
  DROP_TCP_FLAGS,
  DROP_TCP_NO_SOCKET,
  DROP_TCP_NOT_ACCEPTABLE,
  DROP_TCP_BAD_ACK,
  DROP_TCP_RST_INVALID,
  DROP_TCP_SYN_INVALID,
  DROP_TCP_BACKLOG_FULL,
  DROP_TCP_HALF_OPEN_FULL,
  DROP_TCP_NO_MEMORY,
  DROP_TCP_OOO_FULL,
  DROP_TCP_NO_ACK,
  DROP_TCP_AFTER_CLOSE,
  DROP_TCP_PORT_ZERO,
  DROP_TCP_PAWS, // RFC 7323 5.3: TSval older than TS.Recent
  DROP_TCP_NO_TIMESTAMP, // RFC 7323 3.2: timestamps negotiated, none on the segment
  // DNS resolver (RFC 1035) and mDNS responder (RFC 6762).
  DNS_QUERIES, // queries sent, retries included
  DNS_RETRIES, // queries sent again after a timeout or a server failure
  DNS_ANSWERS, // lookups answered with an address
  DNS_NOT_FOUND, // lookups answered NXDOMAIN or without an address
  DNS_SERVER_FAILURES, // replies with RCODE other than 0 and 3 (SERVFAIL, REFUSED...)
  DNS_TIMEOUTS, // lookups that ran out of tries
  DNS_CACHE_HITS, // lookups answered from the cache
  DNS_TRUNCATED, // replies with TC set (RFC 1035 4.2.1): an address before the cut used, else MSGSIZE
  MDNS_QUERIES, // one-shot mDNS queries sent for .local names (RFC 6762 5.1), retries included
  MDNS_PROBES, // RFC 6762 8.1
  MDNS_ANNOUNCEMENTS, // RFC 6762 8.3
  MDNS_ANSWERS, // responses to queries for our name
  MDNS_CONFLICTS, // RFC 6762 9: another host claimed our name
  MDNS_KNOWN_ANSWERS, // RFC 6762 7.1: answers not sent as the querier already knew them
  MDNS_RATE_LIMITED, // RFC 6762 6: answers not multicast, one went out less than a second ago
  DROP_DNS_SHORT, // shorter than a DNS header
  DROP_DNS_MALFORMED, // a name, question or record runs past the message, or a pointer loops
  DROP_DNS_SOURCE, // a reply on a query's port from another address or port than the server asked
  DROP_DNS_ID, // a reply whose ID or flags are not those of the query
  DROP_DNS_QUESTION, // a reply whose question is not the one asked (RFC 5452 9.1)
  DROP_MDNS_MALFORMED, // an mDNS message that does not parse
  DROP_MDNS_OFF_LINK, // RFC 6762 11: an mDNS message from outside the local subnet
  COUNT, // not a counter: how many there are (keep it last)
}
