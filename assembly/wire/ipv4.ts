// IPv4 header (RFC 791). ipv4Parse validates once; the ip_* values then describe a sound datagram.
import { get8, get16, get32, put8, put16, put32 } from "./bytes";
import { csumAdd, csumAdd20, csumFinish } from "./checksum";
import { Stat } from "../abi";

export const IP_HLEN: i32 = 20;
export const PROTO_ICMP: u32 = 1;
export const PROTO_TCP: u32 = 6;

// The datagram being processed (set by ipv4Parse).
export let ip_src: u32 = 0;
export let ip_dst: u32 = 0;
export let ip_proto: u32 = 0;
export let ip_payload: usize = 0;
export let ip_payload_len: i32 = 0;
/** Where the header starts (an ICMP error quotes it). */
export let ip_header: usize = 0;

/** Validates the header at `p`, `avail` bytes available. Returns Stat.NONE or the drop reason. */
export function ipv4Parse(p: usize, avail: i32): Stat {
  if (avail < IP_HLEN) return Stat.DROP_IP_SHORT;
  const vihl = get8(p);
  if ((vihl >> 4) != 4) return Stat.DROP_IP_VERSION;
  const hlen = <i32>(vihl & 15) << 2;
  if (hlen < IP_HLEN || hlen > avail) return Stat.DROP_IP_IHL;
  const total = <i32>get16(p + 2);
  // Ethernet may pad short frames: the datagram may be shorter than the frame, never longer.
  if (total < hlen || total > avail) return Stat.DROP_IP_LENGTH;
  if (csumFinish(hlen == IP_HLEN ? csumAdd20(0, p) : csumAdd(0, p, hlen)) != 0) return Stat.DROP_IP_CHECKSUM;
  // No reassembly: MF set or a non-zero fragment offset is a fragment (RFC 791 3.2).
  if ((get16(p + 6) & 0x3fff) != 0) return Stat.DROP_IP_FRAGMENT;
  ip_src = get32(p + 12);
  ip_dst = get32(p + 16);
  ip_proto = get8(p + 9);
  ip_header = p;
  ip_payload = p + <usize>hlen;
  ip_payload_len = total - hlen;
  return Stat.NONE;
}

/** Writes a 20-byte header (no options, DF set) with its checksum. */
export function ipv4WriteHeader(p: usize, src: u32, dst: u32, proto: u32, payloadLen: i32, id: u32, ttl: u32): void {
  put8(p, 0x45);
  put8(p + 1, 0);
  put16(p + 2, <u32>(IP_HLEN + payloadLen));
  put16(p + 4, id);
  put16(p + 6, 0x4000);
  put8(p + 8, ttl);
  put8(p + 9, proto);
  put16(p + 10, 0);
  put32(p + 12, src);
  put32(p + 16, dst);
  put16(p + 10, csumFinish(csumAdd20(0, p)));
}
