// ICMP (RFC 792): echo (RFC 1122 3.2.2.6: every host MUST answer echo requests), destination unreachable
// sent for closed UDP ports (rate-limited), and destination unreachable received, handed to the
// transport it concerns (RFC 1122 3.2.2.1, 4.2.3.9).
import { icmpParse, icmpMakeEchoReply, icmpWriteChecksum, ICMP_ECHO_REQUEST, ICMP_DEST_UNREACHABLE, ICMP_HLEN } from "../wire/icmp";
import { PROTO_ICMP, PROTO_TCP, IP_HLEN, ip_header, ip_src } from "../wire/ipv4";
import { PROTO_UDP } from "../wire/udp";
import { get8, get16, get32 } from "../wire/bytes";
import { MTU, ICMP_ERRORS_PER_SECOND } from "../config";
import { TX, ip_addr, now } from "./netif";
import { ipOutput, TX_TRANSPORT } from "./ip";
import { Stat, count, drop } from "./stats";
import { tcpIcmpError } from "../tcp/icmp";
import { udpIcmpError } from "../udp/icmp";

export const ICMP_PORT_UNREACHABLE: u32 = 3;

let window_start: u32 = 0;
let window_sent: i32 = 0;
export function icmpReset(): void { window_start = now; window_sent = 0; }

export function icmpInput(p: usize, len: i32, src: u32): i32 {
  count(Stat.ICMP_IN);
  const r = icmpParse(p, len);
  if (r != Stat.NONE) return drop(r);
  const type = load<u8>(p);
  if (type == <u8>ICMP_DEST_UNREACHABLE) return unreachableInput(p, len);
  if (type != <u8>ICMP_ECHO_REQUEST) return drop(Stat.DROP_ICMP_TYPE);
  // The reply carries the request's identifier, sequence number and data unchanged.
  const n = min(len, MTU - 20);
  memory.copy(TX + TX_TRANSPORT, p, n);
  icmpMakeEchoReply(TX + TX_TRANSPORT, n, n == len);
  count(Stat.ICMP_OUT);
  ipOutput(src, PROTO_ICMP, n);
  return 0;
}

/** A destination unreachable quoting one of our datagrams: the quoted IP header and the first 8 bytes
 *  of its payload (RFC 792) name the connection or endpoint, which takes it as an error. */
function unreachableInput(p: usize, len: i32): i32 {
  count(Stat.ICMP_UNREACH_IN);
  const code = get8(p + 1);
  const q = p + ICMP_HLEN;
  const avail = len - ICMP_HLEN;
  if (avail < IP_HLEN) return drop(Stat.DROP_ICMP_SHORT);
  const hlen = <i32>(get8(q) & 15) << 2;
  if ((get8(q) >> 4) != 4 || hlen < IP_HLEN || avail < hlen + 8) return drop(Stat.DROP_ICMP_SHORT);
  // RFC 5927 4.1: it must quote a datagram we could have sent: from our address.
  if (ip_addr == 0 || get32(q + 12) != ip_addr) return drop(Stat.DROP_ICMP_QUOTE);
  const proto = get8(q + 9);
  const dst = get32(q + 16);
  const t = q + <usize>hlen;
  if (proto == PROTO_TCP) return tcpIcmpError(dst, get16(t + 2), get16(t), get32(t + 4), code);
  if (proto == PROTO_UDP) return udpIcmpError(dst, get16(t + 2), get16(t), code);
  return drop(Stat.DROP_ICMP_QUOTE);
}

/** Destination unreachable with `code` about the datagram just received (at ip_header): its IP header
 *  and first 8 payload bytes quoted (RFC 792, RFC 1122 3.2.2), at most ICMP_ERRORS_PER_SECOND a second
 *  (RFC 1812 4.3.2.8), so a flood of datagrams to closed ports cannot make us flood in turn. */
export function icmpSendUnreachable(code: u32): void {
  if (now - window_start >= 1000) { window_start = now; window_sent = 0; }
  if (window_sent >= ICMP_ERRORS_PER_SECOND) { count(Stat.ICMP_RATE_LIMITED); return; }
  window_sent++;
  const hlen = <i32>(get8(ip_header) & 15) << 2;
  const total = <i32>get16(ip_header + 2);
  const quoted = min(total, hlen + 8);
  const o = TX + TX_TRANSPORT;
  store<u8>(o, <u8>ICMP_DEST_UNREACHABLE);
  store<u8>(o + 1, <u8>code);
  store<u32>(o + 4, 0); // unused
  memory.copy(o + ICMP_HLEN, ip_header, quoted);
  icmpWriteChecksum(o, ICMP_HLEN + quoted);
  count(Stat.ICMP_OUT);
  count(Stat.ICMP_UNREACH_OUT);
  ipOutput(ip_src, PROTO_ICMP, ICMP_HLEN + quoted);
}
