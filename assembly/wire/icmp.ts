// ICMP (RFC 792): echo, and the destination unreachable header.
import { csumAdd, csumFinish, csumUpdate16 } from "./checksum";
import { get16, put16 } from "./bytes";
import { Stat } from "../abi";

export const ICMP_ECHO_REPLY: u32 = 0;
export const ICMP_ECHO_REQUEST: u32 = 8;
export const ICMP_DEST_UNREACHABLE: u32 = 3;
export const ICMP_HLEN: i32 = 8;

export function icmpParse(p: usize, len: i32): Stat {
  if (len < ICMP_HLEN) return Stat.DROP_ICMP_SHORT;
  if (csumFinish(csumAdd(0, p, len)) != 0) return Stat.DROP_ICMP_CHECKSUM;
  return Stat.NONE;
}

export function icmpWriteChecksum(p: usize, len: i32): void {
  put16(p + 2, 0);
  put16(p + 2, csumFinish(csumAdd(0, p, len)));
}

/** Turns an echo request copied to `p` (`len` bytes, `whole` unless truncated) into a reply. Only the type
 *  word changes, so the checksum of a whole, verified request is updated (RFC 1624 3) and summed again
 *  only when truncated or where eqn. 3 gives 0. */
export function icmpMakeEchoReply(p: usize, len: i32, whole: bool): void {
  const old = get16(p);
  store<u8>(p, <u8>ICMP_ECHO_REPLY);
  const hc = whole ? csumUpdate16(get16(p + 2), old, get16(p)) : 0;
  if (hc != 0) put16(p + 2, hc); else icmpWriteChecksum(p, len);
}
