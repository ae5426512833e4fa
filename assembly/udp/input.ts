// Receiving a datagram (RFC 768): checks, then the core's protocols, then the application's endpoints,
// then ICMP port unreachable (RFC 1122 4.1.3.1).
import { udpParse, udp_sport, udp_dport, udp_data, udp_datalen, udp_no_checksum } from "../wire/udp";
import { ip_addr, isBroadcast, isMulticast } from "../iface/netif";
import { Stat, count, drop } from "../iface/stats";
import { icmpSendUnreachable, ICMP_PORT_UNREACHABLE } from "../iface/icmp";
import { udpServiceInput, udp_service_verdict } from "./services";
import { endpointFind, endpointQueue } from "./endpoints";

export function udpInput(p: usize, len: i32, src: u32, dst: u32): i32 {
  count(Stat.UDP_IN);
  const r = udpParse(p, len, src, dst);
  if (r != Stat.NONE) return drop(r);
  if (udp_no_checksum) count(Stat.UDP_NO_CHECKSUM);
  if (udp_dport == 0) return drop(Stat.DROP_UDP_PORT_ZERO);
  if (udpServiceInput(dst, src, udp_sport, udp_dport, udp_data, <u32>udp_datalen)) return udp_service_verdict;
  // What no service took: only unicast to our configured address reaches the application.
  if (dst != ip_addr || ip_addr == 0) return drop(Stat.DROP_UDP_NOT_FOR_US);
  const i = endpointFind(udp_dport);
  if (i < 0) {
    // RFC 1122 3.2.2: never an ICMP error about a broadcast or multicast datagram (already excluded).
    if (!isBroadcast(dst) && !isMulticast(dst)) icmpSendUnreachable(ICMP_PORT_UNREACHABLE);
    return drop(Stat.DROP_UDP_NO_PORT);
  }
  if (!endpointQueue(i, src, udp_sport, udp_data, <u32>udp_datalen)) return drop(Stat.DROP_UDP_QUEUE_FULL);
  return 0;
}
