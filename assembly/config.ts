// Every limit and default of the stack, in one place (lwIP's opt.h style).
// Override any WASMTCP_* at build time: `asc ... --use WASMTCP_CONNECTIONS=64`.
// The default build fits in one 64 KiB page of linear memory; see README "Memory".


// ---- sockets and buffers ----
/** Connection slots (active, accepted, half-open, TIME_WAIT and closing orphans alike). */
// @ts-ignore
export const TCP_CONNECTIONS: i32 = isDefined(WASMTCP_CONNECTIONS) ? WASMTCP_CONNECTIONS : 4;
/** Listening sockets. */
// @ts-ignore
export const TCP_LISTENERS: i32 = isDefined(WASMTCP_LISTENERS) ? WASMTCP_LISTENERS : 2;
/** Send buffer per connection, bytes (a power of two). */
// @ts-ignore
export const TCP_SND_BUF: i32 = isDefined(WASMTCP_SND_BUF) ? WASMTCP_SND_BUF : 4096;
/** Receive buffer per connection, bytes (a power of two); also the largest window we advertise. */
// @ts-ignore
export const TCP_RCV_BUF: i32 = isDefined(WASMTCP_RCV_BUF) ? WASMTCP_RCV_BUF : 4096;
/** Largest accept queue a listener may ask for. */
// @ts-ignore
export const TCP_BACKLOG_MAX: i32 = isDefined(WASMTCP_BACKLOG_MAX) ? WASMTCP_BACKLOG_MAX : 4;
/** Half-open (SYN_RECEIVED) connections a listener may hold at once. */
// @ts-ignore
export const TCP_HALF_OPEN_MAX: i32 = isDefined(WASMTCP_HALF_OPEN_MAX) ? WASMTCP_HALF_OPEN_MAX : 2;
/** Out-of-order ranges kept per connection before further ones are dropped. */
// @ts-ignore
export const TCP_OOO_RANGES: i32 = isDefined(WASMTCP_OOO_RANGES) ? WASMTCP_OOO_RANGES : 4;
/** Bytes of the shared application I/O buffer. */
// @ts-ignore
export const IO_BUFFER_SIZE: i32 = isDefined(WASMTCP_IO_BUFFER) ? WASMTCP_IO_BUFFER : 2048;
/** ARP cache slots; each holds one pending frame for an unresolved neighbour. */
// @ts-ignore
export const ARP_SLOTS: i32 = isDefined(WASMTCP_ARP_SLOTS) ? WASMTCP_ARP_SLOTS : 4;
/** UDP endpoints the application may bind (udp_bind); the core's own protocols need none. */
// @ts-ignore
export const UDP_ENDPOINTS: i32 = isDefined(WASMTCP_UDP_ENDPOINTS) ? WASMTCP_UDP_ENDPOINTS : 2;
/** Receive queue per UDP endpoint, bytes: datagrams wait there with an 8-byte header each. */
// @ts-ignore
export const UDP_RCV_BUF: i32 = isDefined(WASMTCP_UDP_RCV_BUF) ? WASMTCP_UDP_RCV_BUF : 2048;

// ---- link ----
/** Largest Ethernet frame without FCS: 14 header + 1500 MTU. */
export const FRAME_MAX: i32 = 1514;
export const MTU: i32 = 1500;
/** ARP entry lifetime (lwIP's ARP_MAXAGE is 5 min). */
export const ARP_MAX_AGE_MS: u32 = 300_000;
/** An entry in use this close to expiry is re-confirmed with a unicast request (as lwIP does). */
export const ARP_REFRESH_MS: u32 = 15_000;
/** Interval between ARP requests for an unresolved address, and how many before giving up. */
export const ARP_RETRY_MS: u32 = 1000;
export const ARP_TRIES: i32 = 3;
/** ICMP errors (port unreachable) sent per second at most (RFC 1812 4.3.2.8, RFC 1122 3.2.2). */
export const ICMP_ERRORS_PER_SECOND: i32 = 10;
/** TTL of the datagrams we send (RFC 1122 3.2.1.7; 64 as Linux). */
export const IP_TTL: i32 = 64;

// ---- TCP ----
/** MSS we announce: MTU - 40 (RFC 9293 3.7.1). Also the largest segment we send. */
export const TCP_MSS: i32 = MTU - 40;
/** MSS assumed when the peer sends none (RFC 9293 3.7.1, RFC 1122 4.2.2.6). */
export const TCP_DEFAULT_MSS: i32 = 536;
/** Offer SACK-permitted and send SACK blocks for out-of-order data (RFC 2018); 0 turns it off. */
// @ts-ignore
export const TCP_SACK: bool = isDefined(WASMTCP_SACK) ? WASMTCP_SACK != 0 : true;
/** RACK-TLP (RFC 8985) on connections whose peer does SACK: loss detection by time, tail loss probes. */
// @ts-ignore
export const TCP_RACK: bool = isDefined(WASMTCP_RACK) ? WASMTCP_RACK != 0 : TCP_SACK;
/** Segments in flight RACK remembers one by one per connection (12 bytes each); beyond, the newest
 *  record covers the rest. */
// @ts-ignore
export const TCP_RACK_SEGMENTS: i32 = isDefined(WASMTCP_RACK_SEGMENTS) ? WASMTCP_RACK_SEGMENTS :
  TCP_SND_BUF <= 8 * 1024 ? 8 : TCP_SND_BUF >= 64 * 1024 ? 64 : TCP_SND_BUF / 1024;
/** Offer and use TCP timestamps (RFC 7323 3-5: RTTM, PAWS); 12 bytes of every segment; 0 turns it off. */
// @ts-ignore
export const TCP_TIMESTAMPS: bool = isDefined(WASMTCP_TIMESTAMPS) ? WASMTCP_TIMESTAMPS != 0 : true;
/** Our window scale shift (RFC 7323 2.2): the least that lets TCP_RCV_BUF fit the 16-bit field. */
export const TCP_RCV_SCALE: i32 = TCP_RCV_BUF <= 0xffff ? 0 : TCP_RCV_BUF <= 0x1ffff ? 1 : TCP_RCV_BUF <= 0x3ffff ? 2 :
  TCP_RCV_BUF <= 0x7ffff ? 3 : TCP_RCV_BUF <= 0xfffff ? 4 : TCP_RCV_BUF <= 0x1fffff ? 5 : TCP_RCV_BUF <= 0x3fffff ? 6 : 7;
/** Initial window in segments: 0 selects RFC 3390 (min(4*MSS, max(2*MSS, 4380))); 10 gives RFC 6928. */
// @ts-ignore
export const TCP_INITIAL_WINDOW_SEGMENTS: i32 = isDefined(WASMTCP_IW) ? WASMTCP_IW : 0;
/** Congestion control: 0 NewReno (RFC 5681, RFC 6582), 1 CUBIC (RFC 9438). */
// @ts-ignore
export const TCP_CUBIC: bool = isDefined(WASMTCP_CUBIC) ? WASMTCP_CUBIC != 0 : false;
/** RFC 6298 2.1 initial RTO, 2.4 lower bound, 2.5 upper bound. */
export const TCP_RTO_INITIAL_MS: u32 = 1000;
// @ts-ignore
export const TCP_RTO_MIN_MS: u32 = isDefined(WASMTCP_RTO_MIN) ? WASMTCP_RTO_MIN : 1000;
export const TCP_RTO_MAX_MS: u32 = 60_000;
/** Retransmissions of one segment before the connection is dropped with ETIMEDOUT (Linux tcp_retries2). */
// @ts-ignore
export const TCP_MAX_RETRIES: i32 = isDefined(WASMTCP_MAX_RETRIES) ? WASMTCP_MAX_RETRIES : 12;
/** SYN retransmissions before connect fails; intervals 1, 2, 4 ... s, capped at 60 s, so 7 retries keep
 *  trying for 183 s: RFC 1122 4.2.3.5 asks for at least 3 minutes. */
// @ts-ignore
export const TCP_SYN_RETRIES: i32 = isDefined(WASMTCP_SYN_RETRIES) ? WASMTCP_SYN_RETRIES : 7;
/** SYN-ACK retransmissions before a half-open connection is dropped (Linux tcp_synack_retries). */
// @ts-ignore
export const TCP_SYNACK_RETRIES: i32 = isDefined(WASMTCP_SYNACK_RETRIES) ? WASMTCP_SYNACK_RETRIES : 5;
/** SYN cookies (RFC 4987 3.6): 0 off, 1 when a listener's half-open queue or the table is full, 2 always. */
// @ts-ignore
export const TCP_SYN_COOKIES: i32 = isDefined(WASMTCP_SYN_COOKIES) ? WASMTCP_SYN_COOKIES : 1;
/** Half-open connections of all listeners together never take more than this share of the table, so that
 *  a flooded port leaves slots for other ports and for the application's own connects (RFC 4987 3.2). */
export const TCP_HALF_OPEN_TOTAL: i32 = TCP_CONNECTIONS > 1 ? TCP_CONNECTIONS / 2 : 1;
/** Retransmissions or window probes an orphan (closed by the application, still sending its FIN) gets
 *  before it is dropped with a RST (Linux tcp_orphan_retries: 8 when unset). */
// @ts-ignore
export const TCP_ORPHAN_RETRIES: i32 = isDefined(WASMTCP_ORPHAN_RETRIES) ? WASMTCP_ORPHAN_RETRIES : 8;
/** Maximum segment lifetime; TIME_WAIT lasts 2*MSL (RFC 9293 3.4.2). */
// @ts-ignore
export const TCP_MSL_MS: u32 = isDefined(WASMTCP_MSL_MS) ? WASMTCP_MSL_MS : 30_000;
/** An orphaned (closed by the application) connection gives up waiting in FIN_WAIT_2 (Linux tcp_fin_timeout). */
export const TCP_FIN_WAIT_2_MS: u32 = 60_000;
/** Delayed ACK timeout: RFC 1122 4.2.3.2 allows up to 500 ms; we use at most 200 ms. */
export const TCP_DELACK_MS: u32 = 200;
/** Persist (zero-window probe) interval bounds (RFC 1122 4.2.2.17: backs off exponentially). */
export const TCP_PERSIST_MIN_MS: u32 = 1000;
export const TCP_PERSIST_MAX_MS: u32 = 60_000;
/** Keepalive defaults (RFC 1122 4.2.3.6: off by default, idle >= 2 h), as Linux: 7200 s / 75 s / 9. */
export const TCP_KEEPIDLE_S: i32 = 7200;
export const TCP_KEEPINTVL_S: i32 = 75;
export const TCP_KEEPCNT: i32 = 9;
/** Challenge ACKs a connection may send per second (RFC 5961 7). */
export const TCP_CHALLENGE_ACK_LIMIT: i32 = 10;
/** Ephemeral port range (RFC 6056 2.1: IANA's 49152-65535). */
export const TCP_EPHEMERAL_FIRST: i32 = 49152;
export const TCP_EPHEMERAL_LAST: i32 = 65535;

// ---- DNS (RFC 1035) and mDNS (RFC 6762) ----
/** Name lookups in progress at once (dns_resolve handles). */
// @ts-ignore
export const DNS_QUERIES: i32 = isDefined(WASMTCP_DNS_QUERIES) ? WASMTCP_DNS_QUERIES : 2;
/** Answers remembered until their TTL runs out. */
// @ts-ignore
export const DNS_CACHE: i32 = isDefined(WASMTCP_DNS_CACHE) ? WASMTCP_DNS_CACHE : 4;
/** Longest name a query or cache entry holds, in wire bytes (RFC 1035 allows 255; 128 saves RAM). */
// @ts-ignore
export const DNS_NAME_MAX: i32 = isDefined(WASMTCP_DNS_NAME_MAX) ? WASMTCP_DNS_NAME_MAX : 128;
/** Queries sent per lookup, alternating between the two servers, and the first wait for an answer
 *  (doubled after each; RFC 1035 4.2.1 asks for retransmission with a growing interval). */
export const DNS_TRIES: i32 = 4;
export const DNS_TIMEOUT_MS: u32 = 1000;
/** TTLs above this are cut to it (RFC 2181 8 caps at 2^31 - 1 s; a day keeps ms deadlines far from wrapping). */
export const DNS_TTL_MAX_S: u32 = 86_400;
/** Negative answers (NXDOMAIN, NODATA) are cached for at most this (RFC 2308 5: "one to three hours"). */
export const DNS_NEGATIVE_TTL_MAX_S: u32 = 10_800;
/** CNAME links followed within one answer before the name counts as not found (a loop, or a chain too long). */
export const DNS_CNAME_MAX: i32 = 8;
/** RFC 6762 10: TTL of a host name's address record. */
export const MDNS_TTL_S: u32 = 120;

// ---- compile-time checks of combinations that cannot work ----
// @ts-ignore
if ((TCP_SND_BUF & (TCP_SND_BUF - 1)) != 0 || (TCP_RCV_BUF & (TCP_RCV_BUF - 1)) != 0) ERROR("TCP_SND_BUF and TCP_RCV_BUF must be powers of two");
// @ts-ignore
if (TCP_RCV_BUF > 0x800000) ERROR("TCP_RCV_BUF above 8 MiB is not supported");
// @ts-ignore
if (TCP_SND_BUF < 2 * 536) ERROR("TCP_SND_BUF must hold at least two default-MSS segments");
// @ts-ignore
if (TCP_CONNECTIONS < 1 || TCP_CONNECTIONS > 1024) ERROR("TCP_CONNECTIONS must be 1..1024");
// @ts-ignore
if (TCP_LISTENERS < 1 || TCP_LISTENERS > 64) ERROR("TCP_LISTENERS must be 1..64");
// @ts-ignore
if (TCP_HALF_OPEN_MAX < 1) ERROR("TCP_HALF_OPEN_MAX must be at least 1");
// @ts-ignore
if (TCP_ORPHAN_RETRIES < 1 || TCP_ORPHAN_RETRIES > 16) ERROR("TCP_ORPHAN_RETRIES must be 1..16 (window probes are counted up to 16)");
// @ts-ignore
if (TCP_SYN_COOKIES < 0 || TCP_SYN_COOKIES > 2) ERROR("TCP_SYN_COOKIES must be 0 (off), 1 (on overflow) or 2 (always)");
// @ts-ignore
if (IO_BUFFER_SIZE < 64) ERROR("IO_BUFFER_SIZE must be at least 64");
// @ts-ignore
if (ARP_SLOTS < 1) ERROR("ARP_SLOTS must be at least 1");
// @ts-ignore
if (UDP_ENDPOINTS < 1 || UDP_ENDPOINTS > 255) ERROR("UDP_ENDPOINTS must be 1..255");
// @ts-ignore
if (UDP_RCV_BUF < 64) ERROR("UDP_RCV_BUF must be at least 64");
// @ts-ignore
if (TCP_RACK_SEGMENTS < 2) ERROR("TCP_RACK_SEGMENTS must be at least 2");

// @ts-ignore
if (DNS_QUERIES < 1 || DNS_QUERIES > 64 || DNS_CACHE < 0) ERROR("DNS_QUERIES must be 1..64, DNS_CACHE at least 0");
// @ts-ignore
if (DNS_NAME_MAX < 16 || DNS_NAME_MAX > 256) ERROR("DNS_NAME_MAX must be 16..256");
