// ICMP destination unreachable for an endpoint (RFC 1122 4.1.3.3: UDP MUST pass ICMP errors to the
// application). As RFC 5927 4.1 asks, it must quote the last datagram the endpoint sent: the destination
// address and port it went to; it then becomes the endpoint's pending error (udp_error).
import { Err, Trace } from "../abi";
import { Stat, count, drop } from "../iface/stats";
import { trace } from "../host";
import { endpoint, endpointFind, handleOfEndpoint } from "./endpoints";

export function udpIcmpError(remote_ip: u32, remote_port: u32, local_port: u32, code: u32): i32 {
  const i = endpointFind(local_port);
  if (i < 0) return drop(Stat.DROP_ICMP_NO_SOCKET);
  const e = endpoint(i);
  if (e.dst_ip != remote_ip || e.dst_port != remote_port) return drop(Stat.DROP_ICMP_QUOTE);
  e.error = code == 2 || code == 3 ? Err.CONNREFUSED : Err.HOSTUNREACH;
  count(Stat.ICMP_SOFT_ERRORS);
  trace(Trace.ICMP_ERROR, handleOfEndpoint(i), 1, <i32>code);
  return 0;
}
