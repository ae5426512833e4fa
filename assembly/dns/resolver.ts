// The stub resolver (RFC 1035 7): A queries over UDP to the two DNS server slots, retried with a growing
// timeout and alternating servers, answers cached for their TTL and NXDOMAIN/NODATA for their SOA's
// (RFC 2308 5). Names ending in "local" are asked by one-shot mDNS queries instead (RFC 6762 3, 5.1). Each
// lookup uses a random ID and a random source port (RFC 5452 9.2), and a reply counts only when it comes
// from a server asked, from port 53 (mDNS: from port 5353 on the link), to the lookup's port, with the
// lookup's ID and question (RFC 5452 9.1); anything else is dropped and counted.
import { DNS_QUERIES, DNS_NAME_MAX, DNS_TRIES, DNS_TIMEOUT_MS, DNS_TTL_MAX_S, DNS_NEGATIVE_TTL_MAX_S, DNS_CNAME_MAX, IO_BUFFER_SIZE } from "../config";
import { Err } from "../abi";
import { IO, now, ip_addr, dnsServer, MDNS_GROUP } from "../iface/netif";
import { Stat, count, drop } from "../iface/stats";
import { randomU32 } from "../tcp/isn";
import {
  DNS_HLEN, DNS_PORT, DNS_TYPE_A, DNS_TYPE_CNAME, DNS_TYPE_SOA, DNS_CLASS_IN, DNS_FLAG_QR, DNS_FLAG_RD, DNS_FLAG_TC, DNS_OPCODE_MASK,
  DNS_RCODE_MASK, DNS_RCODE_NXDOMAIN, dns_id, dns_flags, dns_qdcount, dns_ancount, dns_nscount, dnsParseHeader,
  dnsParseQuestion, dnsParseRR, dnsNameEq, dnsNameSkip, dnsEncodeName, dnsWriteHeader, dnsWriteQuestion,
  q_name, q_type, q_class, rr_name, rr_type, rr_class, rr_ttl, rr_rdata, rr_rdlen,
} from "../wire/dns";
import { get32 } from "../wire/bytes";
import { cacheLookup, cacheStore, cacheReset, cache_addr, cache_negative } from "./cache";
import { udpOutput } from "../udp/output";
import { endpointFind } from "../udp/endpoints";
import { MDNS_PORT, mdnsHolds } from "../mdns/responder";
import { MDNS_TRIES, MDNS_RETRY_MS, MDNS_CLASS_QU, mdnsIsLocal, mdnsReplySourceOk } from "../mdns/oneshot";

const FREE: u8 = 0;
const PENDING: u8 = 1;
const DONE: u8 = 2;
const FAILED: u8 = 3;

// One lookup per slot: [state u8][tries u8][name length u16][id u16][port u16][error i32][deadline u32]
// [address u32][servers asked: 2 x u32, the mDNS group for a one-shot mDNS lookup][name in wire form].
const Q_NAME: usize = 28;
const Q_BYTES: usize = Q_NAME + <usize>DNS_NAME_MAX;
const Q = memory.data(<i32>Q_BYTES * DNS_QUERIES);
/** The query being built: a header, the longest name, type and class. */
const MSG = memory.data(DNS_HLEN + DNS_NAME_MAX + 4);
/** Bytes of RAM the resolver takes (for the README's memory table). */
export const DNS_RESOLVER_BYTES: i32 = <i32>Q_BYTES * DNS_QUERIES + DNS_HLEN + DNS_NAME_MAX + 4;

// @ts-ignore: decorator
@inline function slot(q: i32): usize { return Q + <usize>q * Q_BYTES; }

export function dnsReset(): void {
  memory.fill(Q, 0, Q_BYTES * <usize>DNS_QUERIES);
  cacheReset();
}

/** Starts a lookup of the dotted name of `len` bytes in io_buffer: a handle, or INVAL (not a valid name),
 *  NOBUFS (every slot busy), NOSERVER, or ADDRNOTAVAIL (a .local name before the interface has an
 *  address). A cached name, or the name our mDNS responder holds, gives a handle that is done at once. */
export function dnsResolve(len: u32): i32 {
  let q = 0;
  while (q < DNS_QUERIES && load<u8>(slot(q)) != FREE) q++;
  if (q == DNS_QUERIES) return Err.NOBUFS;
  const s = slot(q);
  if (len > <u32>DNS_NAME_MAX || len > <u32>IO_BUFFER_SIZE) return Err.INVAL;
  const n = dnsEncodeName(s + Q_NAME, DNS_NAME_MAX, IO, <i32>len);
  if (n < 0) return Err.INVAL;
  store<u16>(s + 2, <u16>n);
  if (cacheLookup(s + Q_NAME, n)) {
    count(Stat.DNS_CACHE_HITS);
    if (cache_negative) finish(s, FAILED, Err.NOTFOUND, 0);
    else finish(s, DONE, 0, cache_addr);
    return q;
  }
  const local = mdnsIsLocal(s + Q_NAME, n);
  if (local && ip_addr == 0) return Err.ADDRNOTAVAIL;
  if (local && mdnsHolds(s + Q_NAME, n)) { finish(s, DONE, 0, ip_addr); return q; }
  if (!local && dnsServer(0) == 0 && dnsServer(1) == 0) return Err.NOSERVER;
  // RFC 5452 9.2: a random ID and a random source port, unlike those of the other lookups in flight.
  let port: u32 = 0;
  for (let i = 0; i < 8 && (port == 0 || dnsPortInUse(port) || endpointFind(port) >= 0); i++) port = 49152 + (randomU32() & 0x3fff);
  if (dnsPortInUse(port) || endpointFind(port) >= 0) return Err.ADDRINUSE;
  store<u8>(s, PENDING);
  store<u8>(s + 1, 0);
  store<u16>(s + 4, <u16>randomU32());
  store<u16>(s + 6, <u16>port);
  store<u32>(s + 20, local ? MDNS_GROUP : 0);
  store<u32>(s + 24, 0);
  send(s);
  return q;
}

/** Whether a lookup in flight has `port` (udp_bind refuses it). */
export function dnsPortInUse(port: u32): bool {
  for (let q = 0; q < DNS_QUERIES; q++) {
    if (load<u8>(slot(q)) == PENDING && <u32>load<u16>(slot(q) + 6) == port) return true;
  }
  return false;
}

/** The server for try `t`: slot 0 and slot 1 in turn, skipping an empty one. */
function serverFor(t: i32): u32 {
  const a = dnsServer(0), b = dnsServer(1);
  if (a == 0) return b;
  if (b == 0) return a;
  return (t & 1) == 0 ? a : b;
}

// @ts-ignore: decorator
@inline function isMdns(s: usize): bool { return load<u32>(s + 20) == MDNS_GROUP; }

/** Sends try number `tries` and arms its timeout: DNS_TIMEOUT_MS doubled for each try before; for mDNS
 *  (RFC 6762 5.1) a standard query without RD (18.5) to the group from the lookup's port, never from 5353,
 *  asking for a unicast answer on the first try (5.4), tries a second apart. */
function send(s: usize): void {
  const t = <i32>load<u8>(s + 1);
  const mdns = isMdns(s);
  const server = mdns ? MDNS_GROUP : serverFor(t);
  if (server == 0) { finish(s, FAILED, Err.NOSERVER, 0); return; }
  // Remember up to two servers asked: a late answer from the first is as good as one from the second.
  if (load<u32>(s + 20) == 0) store<u32>(s + 20, server);
  else if (load<u32>(s + 20) != server) store<u32>(s + 24, server);
  dnsWriteHeader(MSG, load<u16>(s + 4), mdns ? 0 : DNS_FLAG_RD, 1, 0, 0, 0);
  const n = dnsWriteQuestion(MSG, DNS_HLEN, s + Q_NAME, <i32>load<u16>(s + 2), DNS_TYPE_A, DNS_CLASS_IN | (mdns && t == 0 ? MDNS_CLASS_QU : 0));
  store<u8>(s + 1, <u8>(t + 1));
  store<u32>(s + 12, now + (mdns ? MDNS_RETRY_MS : DNS_TIMEOUT_MS << <u32>t));
  count(mdns ? Stat.MDNS_QUERIES : Stat.DNS_QUERIES);
  if (t > 0 && !mdns) count(Stat.DNS_RETRIES);
  udpOutput(<u32>load<u16>(s + 6), server, mdns ? MDNS_PORT : DNS_PORT, MSG, <u32>n);
}

function finish(s: usize, state: u8, err: i32, addr: u32): void {
  store<u8>(s, state);
  store<i32>(s + 8, err);
  store<u32>(s + 16, addr);
}

/** 0 when the lookup is done, WOULDBLOCK while it runs, its error (NOTFOUND, TIMEDOUT, NOSERVER) when it
 *  failed, BADF for a handle not in use. */
export function dnsStatus(q: i32): i32 {
  if (q < 0 || q >= DNS_QUERIES) return Err.BADF;
  const st = load<u8>(slot(q));
  if (st == FREE) return Err.BADF;
  if (st == PENDING) return Err.WOULDBLOCK;
  return st == DONE ? 0 : load<i32>(slot(q) + 8);
}

/** The address found (big-endian u32), or 0 until the lookup is done. */
export function dnsAddress(q: i32): u32 {
  if (dnsStatus(q) != 0) return 0;
  return load<u32>(slot(q) + 16);
}

/** Frees a handle; a reply that comes later is no longer taken. */
export function dnsRelease(q: i32): i32 {
  if (dnsStatus(q) == Err.BADF) return Err.BADF;
  store<u8>(slot(q), FREE);
  return 0;
}

/** Retries and timeouts: ms until the next deadline, or -1. */
export function dnsPoll(): i32 {
  let next = -1;
  for (let q = 0; q < DNS_QUERIES; q++) {
    const s = slot(q);
    if (load<u8>(s) != PENDING) continue;
    if (<i32>(load<u32>(s + 12) - now) <= 0) {
      if (<i32>load<u8>(s + 1) >= (isMdns(s) ? MDNS_TRIES : DNS_TRIES)) {
        count(Stat.DNS_TIMEOUTS);
        // mDNS has no negative answers: a name nobody on the link claimed is not found (RFC 6762 5.1).
        finish(s, FAILED, isMdns(s) ? Err.NOTFOUND : Err.TIMEDOUT, 0);
        continue;
      }
      send(s);
    }
    if (load<u8>(s) != PENDING) continue;
    const d = <i32>(load<u32>(s + 12) - now);
    if (next < 0 || d < next) next = d;
  }
  return next;
}

/** What the last datagram taken came to: 0, or the drop reason counted (input()'s result). */
export let dns_verdict: i32 = 0;
function rejected(reason: Stat): bool {
  dns_verdict = drop(reason);
  return true;
}

/** A datagram to dstIp:dstPort: false when no lookup waits on that port (the caller goes on to user
 *  endpoints); otherwise the reply is taken or dropped and counted, and true is returned. */
export function dnsInput(dstIp: u32, srcIp: u32, srcPort: u32, dstPort: u32, p: usize, len: i32): bool {
  dns_verdict = 0;
  if (dstIp != ip_addr) return false; // replies come to our address, never to a group
  let q = 0;
  while (q < DNS_QUERIES && !(load<u8>(slot(q)) == PENDING && <u32>load<u16>(slot(q) + 6) == dstPort)) q++;
  if (q == DNS_QUERIES) return false;
  const s = slot(q);
  const mdns = isMdns(s);
  if (mdns ? !mdnsReplySourceOk(srcIp, srcPort)
    : srcPort != DNS_PORT || srcIp == 0 || (srcIp != load<u32>(s + 20) && srcIp != load<u32>(s + 24))) {
    return rejected(Stat.DROP_DNS_SOURCE);
  }
  if (!dnsParseHeader(p, len)) return rejected(Stat.DROP_DNS_SHORT);
  // RFC 6762 18.1, 18.3, 18.11: an mDNS answer to our query echoes its ID; other opcodes and rcodes are ignored.
  const rcode = dns_flags & DNS_RCODE_MASK;
  if (dns_id != <u32>load<u16>(s + 4) || (dns_flags & DNS_FLAG_QR) == 0 || (dns_flags & DNS_OPCODE_MASK) != 0 || (mdns && rcode != 0)) {
    return rejected(Stat.DROP_DNS_ID);
  }
  const nameLen = <i32>load<u16>(s + 2);
  // RFC 6762 6: an mDNS response may leave the question out; a legacy one (6.7) repeats it.
  if (dns_qdcount != 1 && !(mdns && dns_qdcount == 0)) return rejected(Stat.DROP_DNS_QUESTION);
  let off = DNS_HLEN;
  if (dns_qdcount == 1) {
    off = dnsParseQuestion(p, len, DNS_HLEN);
    if (off < 0) return rejected(Stat.DROP_DNS_MALFORMED);
    if (q_type != DNS_TYPE_A || (q_class & 0x7fff) != DNS_CLASS_IN || !dnsNameEq(p, len, q_name, s + Q_NAME, nameLen, 0)) {
      return rejected(Stat.DROP_DNS_QUESTION);
    }
  }
  if (rcode != 0 && rcode != DNS_RCODE_NXDOMAIN) {
    // SERVFAIL, REFUSED...: the next try goes at once, to the other server if there is one.
    count(Stat.DNS_SERVER_FAILURES);
    if (<i32>load<u8>(s + 1) >= DNS_TRIES) { count(Stat.DNS_TIMEOUTS); finish(s, FAILED, Err.TIMEDOUT, 0); }
    else send(s);
    return true;
  }
  // RFC 1035 4.2.1: TC says the reply was cut to fit a datagram; the records before the cut still count.
  const truncated = (dns_flags & DNS_FLAG_TC) != 0;
  // The answer section: the first A record owned by the name asked, or by the end of its CNAME chain (of
  // DNS_CNAME_MAX links at most); then, for a name without one, the authority section's SOA (RFC 2308 5).
  // The name sought: the one asked (in the slot), then the last CNAME's target (in the reply).
  let target = s + Q_NAME, targetLen = nameLen, targetOff = 0;
  let links = 0;
  let negative_ttl: i64 = -1;
  const answers = dns_ancount, records = dns_ancount + dns_nscount;
  for (let i: u32 = 0; i < records; i++) {
    off = dnsParseRR(p, len, off);
    if (off < 0) {
      if (truncated) break;
      return rejected(Stat.DROP_DNS_MALFORMED);
    }
    if ((rr_class & 0x7fff) != DNS_CLASS_IN) continue;
    if (i >= answers) {
      if (rr_type == DNS_TYPE_SOA && !mdns) {
        const minimum = soaMinimum(p, rr_rdata, rr_rdata + rr_rdlen);
        if (minimum < 0) return rejected(Stat.DROP_DNS_MALFORMED);
        negative_ttl = min(<i64>ttlOf(rr_ttl), minimum);
      }
      continue;
    }
    if (rcode != 0) continue;
    if (!dnsNameEq(p, len, rr_name, target, targetLen, targetOff)) continue;
    if (rr_type == DNS_TYPE_CNAME) {
      if (dnsNameSkip(p, rr_rdata + rr_rdlen, rr_rdata) < 0) return rejected(Stat.DROP_DNS_MALFORMED);
      if (++links > DNS_CNAME_MAX) break;
      target = p;
      targetLen = len;
      targetOff = rr_rdata;
    } else if (rr_type == DNS_TYPE_A) {
      const addr = get32(p + <usize>rr_rdata);
      count(Stat.DNS_ANSWERS);
      finish(s, DONE, 0, addr);
      // RFC 2181 9: a truncated reply's records may be an incomplete set: used, not cached.
      if (truncated) count(Stat.DNS_TRUNCATED);
      else cacheStore(s + Q_NAME, nameLen, addr, min(ttlOf(rr_ttl), DNS_TTL_MAX_S), false);
      return true;
    }
  }
  if (mdns) return rejected(Stat.DROP_DNS_QUESTION); // no address for us: another responder may have one
  if (truncated) {
    // No address before the cut: the full answer needs TCP (RFC 7766), which this resolver does not speak.
    count(Stat.DNS_TRUNCATED);
    finish(s, FAILED, Err.MSGSIZE, 0);
    return true;
  }
  count(Stat.DNS_NOT_FOUND);
  finish(s, FAILED, Err.NOTFOUND, 0);
  // RFC 2308 5: cached for the SOA's TTL or MINIMUM, whichever is less; without an SOA, not at all.
  if (negative_ttl > 0) cacheStore(s + Q_NAME, nameLen, 0, <u32>min(negative_ttl, <i64>DNS_NEGATIVE_TTL_MAX_S), true);
  return true;
}

/** RFC 2181 8: a TTL with its top bit set counts as 0. */
function ttlOf(ttl: u32): u32 { return ttl >= 0x80000000 ? 0 : ttl; }

/** The MINIMUM of the SOA RDATA from `off` to `end` (RFC 1035 3.3.13: two names, then five 32-bit
 *  fields, MINIMUM last), its top bit cleared as a TTL's; -1 when the RDATA is not that shape. */
function soaMinimum(p: usize, off: i32, end: i32): i64 {
  off = dnsNameSkip(p, end, off);
  if (off >= 0) off = dnsNameSkip(p, end, off);
  if (off < 0 || off + 20 != end) return -1;
  return <i64>ttlOf(get32(p + <usize>(end - 4)));
}
