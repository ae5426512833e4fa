// ICMP (RFC 792): only what echo needs.
import { csumAdd, csumFinish } from "./checksum";
import { put16 } from "./bytes";
import { Stat } from "../iface/stats";

export const ICMP_ECHO_REPLY: u32 = 0;
export const ICMP_ECHO_REQUEST: u32 = 8;
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
