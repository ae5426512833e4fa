// Sending a datagram (RFC 768), for the core's protocols and the application's endpoints alike.
import { Err } from "../abi";
import { MTU } from "../config";
import { IP_TTL } from "../config";
import { TX, ip_addr, isBroadcast, isMulticast, MDNS_GROUP } from "../iface/netif";
import { ipOutput, TX_TRANSPORT } from "../iface/ip";
import { Stat, count } from "../iface/stats";
import { udpWriteHeader, UDP_HLEN, PROTO_UDP } from "../wire/udp";
import { IP_HLEN } from "../wire/ipv4";

/** Largest payload one unfragmented datagram carries. */
export const UDP_PAYLOAD_MAX: i32 = MTU - IP_HLEN - UDP_HLEN;

/** Sends `len` bytes at `payload` (copied: the caller may reuse its buffer) from our address and
 *  `srcPort` to dstIp:dstPort. The source is 0.0.0.0 while unconfigured, which only broadcasts may carry
 *  (RFC 1122 3.2.1.3). Broadcast and multicast go to their link group; unicast resolves ARP. Returns 0 or
 *  a negative Err. */
export function udpOutput(srcPort: u32, dstIp: u32, dstPort: u32, payload: usize, len: u32): i32 {
  if (len > <u32>UDP_PAYLOAD_MAX) return Err.MSGSIZE;
  if (dstPort == 0 || dstPort > 0xffff || srcPort == 0 || srcPort > 0xffff || dstIp == 0) return Err.INVAL;
  if (ip_addr == 0 && !isBroadcast(dstIp)) return Err.ADDRNOTAVAIL;
  const p = TX + TX_TRANSPORT;
  memory.copy(p + UDP_HLEN, payload, len);
  udpWriteHeader(p, srcPort, dstPort, <i32>len, ip_addr, dstIp);
  count(Stat.UDP_OUT);
  // Multicast leaves the link only with a TTL above 1; mDNS sends 255 (RFC 6762 11).
  const ttl: u32 = isMulticast(dstIp) ? (dstIp == MDNS_GROUP ? 255 : 1) : IP_TTL;
  return ipOutput(dstIp, PROTO_UDP, UDP_HLEN + <i32>len, ttl) ? Err.OK : Err.HOSTUNREACH;
}
