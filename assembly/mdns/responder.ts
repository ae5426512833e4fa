// The mDNS responder for this host's NAME.local A record (RFC 6762): probing, announcing, answering, and
// a new name (NAME-2, NAME-3...) when another host holds ours. Everything goes out from port 5353; to
// 224.0.0.251 with IP TTL 255 (the UDP layer's rule for that group, RFC 6762 11).
import { MDNS_TTL_S, IO_BUFFER_SIZE } from "../config";
import { Err } from "../abi";
import { IO, now, ip_addr, ip_netmask, hostnamePtr, hostnameLen, MDNS_GROUP } from "../iface/netif";
import { Stat, count, drop } from "../iface/stats";
import { randomU32 } from "../tcp/isn";
import { get8, get32, put8 } from "../wire/bytes";
import {
  DNS_HLEN, DNS_LABEL_MAX, DNS_TYPE_A, DNS_TYPE_ANY, DNS_CLASS_IN, DNS_FLAG_QR, DNS_FLAG_AA, DNS_OPCODE_MASK,
  DNS_RCODE_MASK, dns_id, dns_flags, dns_qdcount, dns_ancount, dns_nscount, dns_arcount, dnsParseHeader,
  dnsParseQuestion, dnsParseRR, dnsNameEq, dnsWriteHeader, dnsWriteQuestion, dnsWriteA, dnsWriteAPointer,
  q_name, q_type, q_class, rr_name, rr_type, rr_class, rr_ttl, rr_rdata,
} from "../wire/dns";
import { udpOutput } from "../udp/output";

export const MDNS_PORT: u32 = 5353;
const CLASS_UNIQUE: u32 = 0x8000; // RFC 6762 10.2: cache-flush bit in a response's class
const CLASS_QU: u32 = 0x8000; // RFC 6762 5.4: unicast-response bit in a question's class
/** RFC 6762 6.7: TTL of answers to legacy (not port 5353) queriers. */
const LEGACY_TTL_S: u32 = 10;

// States.
const OFF: u8 = 0;
const PROBING: u8 = 1; // waiting to probe, or probing (RFC 6762 8.1)
const ANNOUNCING: u8 = 2; // RFC 6762 8.3
const RUNNING: u8 = 3;

let state: u8 = OFF;
let sent: i32 = 0; // probes, then announcements, sent in this state
let deadline: u32 = 0;
let suffix: u32 = 1; // NAME, then NAME-2, NAME-3... after conflicts
let announced_ip: u32 = 0;
let last_multicast: u32 = 0; // when our record was last multicast (valid once multicast_ever)
let multicast_ever: bool = false;
let conflicts: i32 = 0; // conflicts since conflict_window began (RFC 6762 8.1: 15 in 10 s slow probing down)
let conflict_window: u32 = 0;

/** Our name in wire form: NAME (63 bytes at most), "local", the root. */
const NAME_ROOM: i32 = 1 + DNS_LABEL_MAX + 7;
const NAME = memory.data(NAME_ROOM);
export const LOCAL = memory.data<u8>([5, 108, 111, 99, 97, 108, 0]); // "local" and the root
let name_len: i32 = 0;
/** Messages built here: a header, a question and an A record of our name at most. */
const MSG = memory.data(DNS_HLEN + 2 * NAME_ROOM + 4 + 16);
export const MDNS_BYTES: i32 = NAME_ROOM + DNS_HLEN + 2 * NAME_ROOM + 4 + 16;

export function mdnsReset(): void { state = OFF; suffix = 1; conflicts = 0; multicast_ever = false; }
export function mdnsRunning(): bool { return state != OFF; }
/** Whether the wire name at `name` is the one this responder announced (a lookup of it needs no query). */
export function mdnsHolds(name: usize, len: i32): bool {
  return state >= ANNOUNCING && dnsNameEq(name, len, 0, NAME, name_len, 0);
}

/** Starts the responder for the stack's hostname: 0, or INVAL when no hostname is set. */
export function mdnsStart(): i32 {
  if (hostnameLen() == 0) return Err.INVAL;
  suffix = 1;
  conflicts = 0;
  setName();
  probeAgain(randomU32() % 251); // RFC 6762 8.1: a random 0-250 ms before the first probe
  return 0;
}

/** Stops answering; a name that was announced is withdrawn with a TTL 0 goodbye (RFC 6762 10.1). */
export function mdnsStop(): i32 {
  if (state == OFF) return Err.BADF;
  if (state == RUNNING && ip_addr != 0) sendResponse(MDNS_GROUP, MDNS_PORT, 0, true, false);
  state = OFF;
  return 0;
}

/** Writes the name in use, dotted ("NAME-2.local"), to io_buffer; returns its length (0 when off). */
export function mdnsName(): i32 {
  if (state == OFF) return 0;
  let o = 0, i = 0;
  while (true) {
    const n = <i32>get8(NAME + <usize>i);
    if (n == 0 || o + 1 + n > IO_BUFFER_SIZE) return o; // a 64-byte io_buffer holds all but the longest
    if (o > 0) put8(IO + <usize>(o++), 46);
    memory.copy(IO + <usize>o, NAME + <usize>(i + 1), <usize>n);
    o += n;
    i += n + 1;
  }
}

/** NAME from the hostname, with "-N" for suffix N > 1 (the hostname cut so the label stays 63 bytes). */
function setName(): void {
  let digits = 0;
  for (let v = suffix; v > 0 && suffix > 1; v /= 10) digits++;
  const extra = suffix > 1 ? 1 + digits : 0;
  let base = <i32>hostnameLen();
  if (base + extra > DNS_LABEL_MAX) base = DNS_LABEL_MAX - extra;
  memory.copy(NAME + 1, hostnamePtr(), <usize>base);
  let o = 1 + base;
  if (extra > 0) {
    put8(NAME + <usize>o, 45);
    for (let i = 0, v = suffix; i < digits; i++, v /= 10) put8(NAME + <usize>(o + digits - i), 48 + v % 10);
    o += extra;
  }
  put8(NAME, <u32>(o - 1));
  memory.copy(NAME + <usize>o, LOCAL, 7);
  name_len = o + 7;
}

function probeAgain(delay: u32): void {
  state = PROBING;
  sent = 0;
  deadline = now + delay;
}

/** Probes, announcements, and a new round when the address changed: ms until the next deadline, or -1. */
export function mdnsPoll(): i32 {
  if (state == OFF || ip_addr == 0) return -1;
  if (state == RUNNING) {
    if (ip_addr == announced_ip) return -1;
    probeAgain(0); // RFC 6762 8.4: a new address is probed for and announced again
  }
  if (<i32>(deadline - now) > 0) return <i32>(deadline - now);
  if (state == PROBING) {
    if (sent < 3) {
      sendProbe();
      sent++;
      deadline = now + 250;
    } else {
      state = ANNOUNCING;
      sent = 0;
    }
  }
  if (state == ANNOUNCING && <i32>(deadline - now) <= 0) {
    announced_ip = ip_addr;
    sendResponse(MDNS_GROUP, MDNS_PORT, MDNS_TTL_S, true, false);
    count(Stat.MDNS_ANNOUNCEMENTS);
    sent++;
    // RFC 6762 8.3: at least two announcements, one second apart.
    if (sent >= 2) { state = RUNNING; return -1; }
    deadline = now + 1000;
  }
  return <i32>(deadline - now);
}

/** RFC 6762 8.1: a query for NAME.local (type ANY, QU) with our proposed record in the authority section. */
function sendProbe(): void {
  dnsWriteHeader(MSG, 0, 0, 1, 0, 1, 0);
  const off = dnsWriteQuestion(MSG, DNS_HLEN, NAME, name_len, DNS_TYPE_ANY, DNS_CLASS_IN | CLASS_QU);
  const end = dnsWriteAPointer(MSG, off, DNS_HLEN, DNS_CLASS_IN, MDNS_TTL_S, ip_addr);
  count(Stat.MDNS_PROBES);
  udpOutput(MDNS_PORT, MDNS_GROUP, MDNS_PORT, MSG, <u32>end);
  multicast_ever = true;
  last_multicast = now;
}

/** Our A record as a response. A legacy answer (RFC 6762 6.7) echoes the query's ID and question and has
 *  no cache-flush bit. */
function sendResponse(dst: u32, port: u32, ttl: u32, unique: bool, legacy: bool): void {
  let off = DNS_HLEN;
  if (legacy) {
    dnsWriteHeader(MSG, dns_id, DNS_FLAG_QR | DNS_FLAG_AA, 1, 1, 0, 0);
    off = dnsWriteQuestion(MSG, off, NAME, name_len, DNS_TYPE_A, DNS_CLASS_IN);
    off = dnsWriteAPointer(MSG, off, DNS_HLEN, DNS_CLASS_IN, ttl, ip_addr);
  } else {
    dnsWriteHeader(MSG, 0, DNS_FLAG_QR | DNS_FLAG_AA, 0, 1, 0, 0);
    off = dnsWriteA(MSG, off, NAME, name_len, DNS_CLASS_IN | (unique ? CLASS_UNIQUE : 0), ttl, ip_addr);
  }
  udpOutput(MDNS_PORT, dst, port, MSG, <u32>off);
  if (dst == MDNS_GROUP) { multicast_ever = true; last_multicast = now; }
}

/** Another host holds our name: RFC 6762 9 asks for a new one, probed for afresh; past 15 conflicts in
 *  10 s, each new round waits 5 s (8.1). */
function conflict(): void {
  count(Stat.MDNS_CONFLICTS);
  if (conflicts == 0 || <u32>(now - conflict_window) > 10_000) { conflicts = 0; conflict_window = now; }
  conflicts++;
  suffix++;
  setName();
  probeAgain(conflicts >= 15 ? 5000 : randomU32() % 251);
}

/** What the last datagram taken came to: 0, or the drop reason counted (input()'s result). */
export let mdns_verdict: i32 = 0;
function rejected(reason: Stat): bool {
  mdns_verdict = drop(reason);
  return true;
}

/** A datagram to port 5353 while the responder runs: true (taken, answered or dropped and counted); false
 *  when the responder is off, so the caller treats the port as closed. */
export function mdnsInput(dstIp: u32, srcIp: u32, srcPort: u32, p: usize, len: i32): bool {
  mdns_verdict = 0;
  if (state == OFF) return false;
  // RFC 6762 11: only messages from the local link count.
  if (ip_addr == 0 || (srcIp & ip_netmask) != (ip_addr & ip_netmask)) return rejected(Stat.DROP_MDNS_OFF_LINK);
  if (!dnsParseHeader(p, len)) return rejected(Stat.DROP_MDNS_MALFORMED);
  // RFC 6762 18.3, 18.11: other opcodes and non-zero rcodes are ignored.
  if ((dns_flags & (DNS_OPCODE_MASK | DNS_RCODE_MASK)) != 0) return true;
  const flags = dns_flags, id = dns_id;
  const qd = dns_qdcount, an = dns_ancount, ns = dns_nscount, rrs = dns_ancount + dns_nscount + dns_arcount;
  const probe = ns > 0;
  // Questions for our address record.
  let off = DNS_HLEN;
  let asked = false, qu = false;
  for (let i: u32 = 0; i < qd; i++) {
    off = dnsParseQuestion(p, len, off);
    if (off < 0) return rejected(Stat.DROP_MDNS_MALFORMED);
    if ((q_class & 0x7fff) == DNS_CLASS_IN && (q_type == DNS_TYPE_A || q_type == DNS_TYPE_ANY) && dnsNameEq(p, len, q_name, NAME, name_len, 0)) {
      asked = true;
      if ((q_class & CLASS_QU) != 0) qu = true;
    }
  }
  // Records about our name: a conflict (responses), a probe tiebreak (queries' authority section), or a
  // known answer that makes ours unnecessary (RFC 6762 7.1).
  let known = false, lost = false, clash = false;
  for (let i: u32 = 0; i < rrs; i++) {
    off = dnsParseRR(p, len, off);
    if (off < 0) return rejected(Stat.DROP_MDNS_MALFORMED);
    if ((rr_class & 0x7fff) != DNS_CLASS_IN || !dnsNameEq(p, len, rr_name, NAME, name_len, 0)) continue;
    const ours = rr_type == DNS_TYPE_A && get32(p + <usize>rr_rdata) == ip_addr;
    if ((flags & DNS_FLAG_QR) != 0) {
      // RFC 6762 9: while probing any record with our name is a conflict; afterwards, different data.
      if (!ours && (state == PROBING || rr_type == DNS_TYPE_A)) clash = true;
    } else if (i < an) {
      if (ours && rr_ttl >= MDNS_TTL_S / 2) known = true;
    } else if (i < an + ns && state == PROBING) {
      // RFC 6762 8.2: simultaneous probes; the lexicographically later record wins (class, type, then data).
      if (rr_type > DNS_TYPE_A || (rr_type == DNS_TYPE_A && get32(p + <usize>rr_rdata) > ip_addr)) lost = true;
    }
  }
  if (clash) {
    if (state == PROBING) conflict();
    else { count(Stat.MDNS_CONFLICTS); probeAgain(0); } // RFC 6762 9: back to probing, the same name first
    return true;
  }
  if (lost) { probeAgain(1000); return true; } // RFC 6762 8.2.1: defer a second, then probe again
  if (!asked || (flags & DNS_FLAG_QR) != 0 || state == PROBING) return true;
  if (known) { count(Stat.MDNS_KNOWN_ANSWERS); return true; }
  count(Stat.MDNS_ANSWERS);
  if (srcPort != MDNS_PORT) {
    // RFC 6762 6.7: a legacy resolver gets a unicast reply with its ID and question and a short TTL.
    dns_id = id;
    sendResponse(srcIp, srcPort, LEGACY_TTL_S, false, true);
    return true;
  }
  // RFC 6762 5.4, 5.5: a QU question, or a query sent to our address, is answered by unicast unless our
  // record has not been multicast for a quarter of its TTL.
  const recent = multicast_ever && <u32>(now - last_multicast) < MDNS_TTL_S * 250;
  if ((qu || dstIp != MDNS_GROUP) && recent) { sendResponse(srcIp, MDNS_PORT, MDNS_TTL_S, true, false); return true; }
  // RFC 6762 6: at most one multicast of a record per second (a quarter second when defending against a probe).
  if (multicast_ever && <u32>(now - last_multicast) < (probe ? 250 : 1000)) { count(Stat.MDNS_RATE_LIMITED); return true; }
  sendResponse(MDNS_GROUP, MDNS_PORT, MDNS_TTL_S, true, false);
  return true;
}
