// DNS messages (RFC 1035 4.1), shared by the stub resolver and the mDNS responder. Every read is checked
// against the message length; compressed names are followed through at most DNS_MAX_POINTERS pointers.
// Names inside the core are kept in wire form (length-prefixed labels, a zero byte last); a wire name in a
// buffer of its own is a "message" with the name at offset 0, so one comparison serves both cases.
import { get8, get16, get32, put8, put16, put32 } from "./bytes";

export const DNS_HLEN: i32 = 12;
export const DNS_PORT: u32 = 53;
/** RFC 1035 2.3.4: labels of 63 bytes at most, names of 255 bytes at most. */
export const DNS_LABEL_MAX: i32 = 63;
export const DNS_NAME_WIRE_MAX: i32 = 255;
/** Compression pointers followed in one name before it is called a loop (a real name has at most 127 labels). */
export const DNS_MAX_POINTERS: i32 = 16;

export const DNS_TYPE_A: u32 = 1;
export const DNS_TYPE_CNAME: u32 = 5;
export const DNS_TYPE_SOA: u32 = 6;
export const DNS_TYPE_ANY: u32 = 255;
export const DNS_CLASS_IN: u32 = 1;

// Header flag bits (RFC 1035 4.1.1).
export const DNS_FLAG_QR: u32 = 0x8000;
export const DNS_FLAG_AA: u32 = 0x0400;
export const DNS_FLAG_TC: u32 = 0x0200;
export const DNS_FLAG_RD: u32 = 0x0100;
export const DNS_OPCODE_MASK: u32 = 0x7800;
export const DNS_RCODE_MASK: u32 = 0x000f;
export const DNS_RCODE_NXDOMAIN: u32 = 3;

// The header last parsed by dnsParseHeader.
export let dns_id: u32 = 0;
export let dns_flags: u32 = 0;
export let dns_qdcount: u32 = 0;
export let dns_ancount: u32 = 0;
export let dns_nscount: u32 = 0;
export let dns_arcount: u32 = 0;

/** Reads the 12-byte header; false when the message is shorter than a header. */
export function dnsParseHeader(p: usize, len: i32): bool {
  if (len < DNS_HLEN) return false;
  dns_id = get16(p);
  dns_flags = get16(p + 2);
  dns_qdcount = get16(p + 4);
  dns_ancount = get16(p + 6);
  dns_nscount = get16(p + 8);
  dns_arcount = get16(p + 10);
  return true;
}

/** The offset just past the name at `off` (past its pointer if it ends in one), or -1 when the name runs
 *  past `len`, uses a reserved label type, or is longer than 255 bytes. Pointers are checked by dnsNameEq. */
export function dnsNameSkip(p: usize, len: i32, off: i32): i32 {
  let total = 0;
  while (true) {
    if (off >= len) return -1;
    const b = <i32>get8(p + <usize>off);
    if ((b & 0xc0) == 0xc0) return off + 2 <= len ? off + 2 : -1;
    if ((b & 0xc0) != 0) return -1; // 0x40 and 0x80 label types are reserved (RFC 6891 drops 0x40)
    total += b + 1;
    if (total > DNS_NAME_WIRE_MAX) return -1;
    off += b + 1;
    if (b == 0) return off;
  }
}

/** Follows pointers from `off` to the next length byte of a name: its offset, or -1 on a pointer that
 *  leaves the message or points forward (RFC 1035 4.1.4: "a prior occurrence"), or too many pointers. */
function labelAt(p: usize, len: i32, off: i32, hops: i32): i32 {
  let from = off;
  while (true) {
    if (off < 0 || off >= len) return -1;
    const b = <i32>get8(p + <usize>off);
    if ((b & 0xc0) != 0xc0) return (b & 0xc0) == 0 && off + 1 + b <= len ? off : -1;
    if (off + 2 > len || hops >= DNS_MAX_POINTERS) return -1;
    const to = <i32>(get16(p + <usize>off) & 0x3fff);
    if (to >= from) return -1;
    from = to;
    off = to;
    hops++;
  }
}

/** Upper-case ASCII to lower case; other bytes as they are (RFC 4343: DNS names compare case-insensitively). */
// @ts-ignore: decorator
@inline function lower(c: u32): u32 { return c >= 65 && c <= 90 ? c + 32 : c; }

/** Whether the name at `offA` in message A equals the one at `offB` in message B, labels compared
 *  case-insensitively and compression pointers followed in both. False when either is malformed. */
export function dnsNameEq(a: usize, lenA: i32, offA: i32, b: usize, lenB: i32, offB: i32): bool {
  let total = 0;
  for (let hops = 0; hops < 128; hops++) {
    offA = labelAt(a, lenA, offA, 0);
    offB = labelAt(b, lenB, offB, 0);
    if (offA < 0 || offB < 0) return false;
    const n = <i32>get8(a + <usize>offA);
    if (n != <i32>get8(b + <usize>offB)) return false;
    for (let i = 1; i <= n; i++) {
      if (lower(get8(a + <usize>(offA + i))) != lower(get8(b + <usize>(offB + i)))) return false;
    }
    if (n == 0) return true;
    total += n + 1;
    if (total > DNS_NAME_WIRE_MAX) return false;
    offA += n + 1;
    offB += n + 1;
  }
  return false;
}

/** Whether `c` may appear in a host name label (RFC 952 / RFC 1123 2.1: letters, digits, hyphen); the
 *  resolver also lets '_' through, as names of services use it. */
export function dnsLabelChar(c: u32, underscore: bool): bool {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 45 || (underscore && c == 95);
}

/** Encodes the dotted name of `len` ASCII bytes at `src` (one trailing dot allowed) as a wire name at
 *  `dst` (room for `room` bytes). Returns the wire length, or -1 for an empty label, a label over 63
 *  bytes, a character outside letters, digits, '-' and '_', or a name over 255 or `room` bytes. */
export function dnsEncodeName(dst: usize, room: i32, src: usize, len: i32): i32 {
  if (len > 0 && get8(src + <usize>(len - 1)) == 46) len--; // the root's dot
  if (len <= 0 || len + 2 > room || len + 2 > DNS_NAME_WIRE_MAX) return -1;
  let lab = 0; // where the current label's length byte goes
  let n = 0;
  for (let i = 0; i <= len; i++) {
    const c = i < len ? get8(src + <usize>i) : 46;
    if (c == 46) {
      if (n == 0 || n > DNS_LABEL_MAX) return -1;
      put8(dst + <usize>lab, <u32>n);
      lab += n + 1;
      n = 0;
      continue;
    }
    if (!dnsLabelChar(c, true)) return -1;
    put8(dst + <usize>(lab + 1 + n), c);
    n++;
  }
  put8(dst + <usize>lab, 0);
  return lab + 1;
}

// ---- questions and resource records ----

// The question last parsed by dnsParseQuestion.
export let q_name: i32 = 0; // offset of its name
export let q_type: u32 = 0;
export let q_class: u32 = 0;

/** Parses the question at `off`; returns the offset past it, or -1 when it does not fit. */
export function dnsParseQuestion(p: usize, len: i32, off: i32): i32 {
  const end = dnsNameSkip(p, len, off);
  if (end < 0 || end + 4 > len) return -1;
  q_name = off;
  q_type = get16(p + <usize>end);
  q_class = get16(p + <usize>(end + 2));
  return end + 4;
}

// The resource record last parsed by dnsParseRR.
export let rr_name: i32 = 0; // offset of its owner name
export let rr_type: u32 = 0;
export let rr_class: u32 = 0;
export let rr_ttl: u32 = 0;
export let rr_rdata: i32 = 0; // offset of its RDATA
export let rr_rdlen: i32 = 0;

/** Parses the resource record at `off` (RFC 1035 4.1.3); returns the offset past it, or -1 when it does
 *  not fit, or when an A record's RDATA is not 4 bytes. */
export function dnsParseRR(p: usize, len: i32, off: i32): i32 {
  const end = dnsNameSkip(p, len, off);
  if (end < 0 || end + 10 > len) return -1;
  rr_name = off;
  rr_type = get16(p + <usize>end);
  rr_class = get16(p + <usize>(end + 2));
  rr_ttl = get32(p + <usize>(end + 4));
  rr_rdlen = <i32>get16(p + <usize>(end + 8));
  rr_rdata = end + 10;
  if (rr_rdata + rr_rdlen > len) return -1;
  if (rr_type == DNS_TYPE_A && (rr_class & 0x7fff) == DNS_CLASS_IN && rr_rdlen != 4) return -1;
  return rr_rdata + rr_rdlen;
}

// ---- building ----

export function dnsWriteHeader(p: usize, id: u32, flags: u32, qd: u32, an: u32, ns: u32, ar: u32): void {
  put16(p, id);
  put16(p + 2, flags);
  put16(p + 4, qd);
  put16(p + 6, an);
  put16(p + 8, ns);
  put16(p + 10, ar);
}

/** Writes a question for the wire name at `name` (`nameLen` bytes) at `off`; returns the offset past it. */
export function dnsWriteQuestion(p: usize, off: i32, name: usize, nameLen: i32, qtype: u32, qclass: u32): i32 {
  memory.copy(p + <usize>off, name, <usize>nameLen);
  off += nameLen;
  put16(p + <usize>off, qtype);
  put16(p + <usize>(off + 2), qclass);
  return off + 4;
}

/** Writes an A record at `off` whose owner name is a compression pointer to `nameOff` (an earlier name
 *  in the same message); returns the offset past it (16 bytes). */
export function dnsWriteAPointer(p: usize, off: i32, nameOff: i32, rclass: u32, ttl: u32, ip: u32): i32 {
  put16(p + <usize>off, 0xc000 | <u32>nameOff);
  return dnsWriteATail(p, off + 2, rclass, ttl, ip);
}

/** Writes an A record at `off` with its owner name in full; returns the offset past it. */
export function dnsWriteA(p: usize, off: i32, name: usize, nameLen: i32, rclass: u32, ttl: u32, ip: u32): i32 {
  memory.copy(p + <usize>off, name, <usize>nameLen);
  return dnsWriteATail(p, off + nameLen, rclass, ttl, ip);
}

function dnsWriteATail(p: usize, off: i32, rclass: u32, ttl: u32, ip: u32): i32 {
  put16(p + <usize>off, DNS_TYPE_A);
  put16(p + <usize>(off + 2), rclass);
  put32(p + <usize>(off + 4), ttl);
  put16(p + <usize>(off + 8), 4);
  put32(p + <usize>(off + 10), ip);
  return off + 14;
}
