// IPv4 input checks and output routing (RFC 791, RFC 1122 3.2).
import { ipv4Parse, ipv4WriteHeader, ip_src, ip_dst, ip_proto, ip_payload, ip_payload_len, IP_HLEN, PROTO_ICMP, PROTO_TCP } from "../wire/ipv4";
import { PROTO_UDP } from "../wire/udp";
import { ethWriteHeader, ethMulticastMac, ETH_HLEN, ETHERTYPE_IPV4 } from "../wire/ethernet";
import { IP_TTL } from "../config";
import { MAC, BROADCAST_MAC, TX, ip_addr, ip_netmask, ip_gateway, isBroadcast, isBadSource, isMulticast, MDNS_GROUP } from "./netif";
import { udpInput } from "../udp/input";
import { arpOutput, arpFailed } from "./arp";
import { icmpInput } from "./icmp";
import { tcpInput } from "../tcp/input";
import { Stat, count, drop } from "./stats";
import { link_send } from "../host";

let ip_id: u32 = 0;
export function ipReset(seed: u32): void { ip_id = seed & 0xffff; }

export function ipInput(p: usize, avail: i32): i32 {
  count(Stat.IP_IN);
  const r = ipv4Parse(p, avail);
  if (r != Stat.NONE) return drop(r);
  if (ip_dst == ip_addr && ip_addr != 0) {
    if (isBadSource(ip_src) || ip_src == ip_addr) return drop(Stat.DROP_IP_BAD_SOURCE); // our own address too: a LAND attack
    if (ip_proto == PROTO_TCP) return tcpInput(ip_payload, ip_payload_len, ip_src, ip_dst);
    return otherInput();
  }
  // Not unicast to us: UDP alone takes broadcasts, the mDNS group, and anything while we have no address
  // (DHCP's offer may come to the address offered, RFC 2131 4.1).
  if (ip_proto != PROTO_UDP || !(ip_addr == 0 || isBroadcast(ip_dst) || ip_dst == MDNS_GROUP)) return drop(Stat.DROP_IP_NOT_FOR_US);
  if (isBadSource(ip_src)) return drop(Stat.DROP_IP_BAD_SOURCE);
  return otherInput();
}

/** UDP, ICMP, or no such protocol. Apart from ipInput (and called from two places there), so a C compiler
 *  keeps it out of line: the TCP receive path's stack frame stays as small as the RP2040's 4 KiB stack needs. */
function otherInput(): i32 {
  if (ip_proto == PROTO_UDP) return udpInput(ip_payload, ip_payload_len, ip_src, ip_dst);
  if (ip_proto == PROTO_ICMP) return icmpInput(ip_payload, ip_payload_len, ip_src);
  return drop(Stat.DROP_IP_PROTOCOL);
}

/** Where a datagram to `dst` goes first: itself on the subnet, else the gateway (0: no route). */
function nextHop(dst: u32): u32 {
  if ((dst & ip_netmask) == (ip_addr & ip_netmask)) return dst;
  return ip_gateway;
}

/** True when ARP has just given up on the next hop towards `dst` (ARP_TRIES requests, ARP_RETRY_MS apart). */
export function ipUnreachable(dst: u32): bool {
  const hop = nextHop(dst);
  return hop != 0 && arpFailed(hop);
}

/** The offset in TX where a transport header goes. */
export const TX_TRANSPORT: usize = <usize>(ETH_HLEN + IP_HLEN);

/** Sends the `payloadLen` bytes at TX + TX_TRANSPORT to `dst`. Returns false if there is no route.
 *  Multicast goes to the group's link address (RFC 1112 6.4) with the `ttl` its sender chose. */
export function ipOutput(dst: u32, proto: u32, payloadLen: i32, ttl: u32 = IP_TTL): bool {
  ipv4WriteHeader(TX + ETH_HLEN, ip_addr, dst, proto, payloadLen, ip_id, ttl);
  ip_id = (ip_id + 1) & 0xffff;
  count(Stat.IP_OUT);
  const len = ETH_HLEN + IP_HLEN + payloadLen;
  if (isBroadcast(dst) || isMulticast(dst)) {
    ethWriteHeader(TX, BROADCAST_MAC, MAC, ETHERTYPE_IPV4);
    if (isMulticast(dst)) ethMulticastMac(TX, dst);
    count(Stat.ETH_OUT);
    link_send(TX, len);
    return true;
  }
  const hop = nextHop(dst);
  if (hop == 0) { count(Stat.DROP_IP_NO_ROUTE); return false; }
  ethWriteHeader(TX, BROADCAST_MAC, MAC, ETHERTYPE_IPV4);
  arpOutput(hop, len);
  return true;
}

