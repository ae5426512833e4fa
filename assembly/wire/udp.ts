// UDP header (RFC 768). udpParse validates once; the udp_* values then describe a sound datagram.
import { get16, put16 } from "./bytes";
import { transportChecksum } from "./checksum";
import { Stat } from "../abi";

export const UDP_HLEN: i32 = 8;
export const PROTO_UDP: u32 = 17;

export let udp_sport: u32 = 0;
export let udp_dport: u32 = 0;
export let udp_data: usize = 0;
export let udp_datalen: i32 = 0;
/** The datagram came without a checksum (field 0: allowed on receive, RFC 768 "Fields"). */
export let udp_no_checksum: bool = false;

/** Validates the `len` bytes at `p` (the IP payload) from `src` to `dst`: Stat.NONE or the drop reason. */
export function udpParse(p: usize, len: i32, src: u32, dst: u32): Stat {
  if (len < UDP_HLEN) return Stat.DROP_UDP_SHORT;
  const ulen = <i32>get16(p + 4);
  // The UDP length may be less than the IP payload (link padding), never more, never below the header.
  if (ulen < UDP_HLEN || ulen > len) return Stat.DROP_UDP_LENGTH;
  udp_no_checksum = get16(p + 6) == 0;
  if (!udp_no_checksum && transportChecksum(src, dst, PROTO_UDP, p, ulen) != 0) return Stat.DROP_UDP_CHECKSUM;
  udp_sport = get16(p);
  udp_dport = get16(p + 2);
  udp_data = p + UDP_HLEN;
  udp_datalen = ulen - UDP_HLEN;
  return Stat.NONE;
}

/** Writes the header before the `datalen` bytes already at `p + 8`, with its checksum: always sent, and
 *  a sum of 0 goes as 0xffff since 0 means "none" (RFC 768). */
export function udpWriteHeader(p: usize, sport: u32, dport: u32, datalen: i32, src: u32, dst: u32): void {
  const ulen = <u32>(UDP_HLEN + datalen);
  put16(p, sport);
  put16(p + 2, dport);
  put16(p + 4, ulen);
  put16(p + 6, 0);
  const c = transportChecksum(src, dst, PROTO_UDP, p, <i32>ulen);
  put16(p + 6, c == 0 ? 0xffff : c);
}
