// ICMP echo (RFC 792, RFC 1122 3.2.2.6: every host MUST answer echo requests).
import { icmpParse, icmpMakeEchoReply, ICMP_ECHO_REQUEST } from "../wire/icmp";
import { PROTO_ICMP } from "../wire/ipv4";
import { MTU } from "../config";
import { TX } from "./netif";
import { ipOutput, TX_TRANSPORT } from "./ip";
import { Stat, count, drop } from "./stats";

export function icmpInput(p: usize, len: i32, src: u32): i32 {
  count(Stat.ICMP_IN);
  const r = icmpParse(p, len);
  if (r != Stat.NONE) return drop(r);
  if (load<u8>(p) != <u8>ICMP_ECHO_REQUEST) return drop(Stat.DROP_ICMP_TYPE);
  // The reply carries the request's identifier, sequence number and data unchanged.
  const n = min(len, MTU - 20);
  memory.copy(TX + TX_TRANSPORT, p, n);
  icmpMakeEchoReply(TX + TX_TRANSPORT, n, n == len);
  count(Stat.ICMP_OUT);
  ipOutput(src, PROTO_ICMP, n);
  return 0;
}
