// The core's own UDP protocols (DHCP client, DNS resolver, mDNS responder): one place that dispatches
// received datagrams to them, runs their timers and resets them. Each protocol adds one line per hook.
import { DHCP_CLIENT_PORT, DHCP_SERVER_PORT } from "../wire/dhcp";
import { dhcpInput, dhcpPoll, dhcpReset, dhcpActive } from "../dhcp/client";
import { dnsInput, dnsPoll, dnsReset, dnsPortInUse, dns_verdict } from "../dns/resolver";
import { mdnsInput, mdnsPoll, mdnsReset, mdnsRunning, mdns_verdict, MDNS_PORT } from "../mdns/responder";

/** What input() returns for a datagram a service consumed: 0, or the drop reason it counted. */
export let udp_service_verdict: i32 = 0;

/** Offers a datagram to the core's protocols first: true when one of them consumed it (its verdict in
 *  udp_service_verdict); false lets the application's endpoints have it (then port unreachable). `now`
 *  is netif's. */
export function udpServiceInput(dstIp: u32, srcIp: u32, srcPort: u32, dstPort: u32, payload: usize, len: u32): bool {
  udp_service_verdict = 0;
  if (dstPort == DHCP_CLIENT_PORT && srcPort == DHCP_SERVER_PORT && dhcpActive()) { udp_service_verdict = dhcpInput(srcIp, payload, len); return true; }
  if (dstPort == MDNS_PORT && mdnsInput(dstIp, srcIp, srcPort, payload, <i32>len)) { udp_service_verdict = mdns_verdict; return true; }
  if (dnsInput(dstIp, srcIp, srcPort, dstPort, payload, <i32>len)) { udp_service_verdict = dns_verdict; return true; }
  return false;
}

/** Runs the protocols' due timers: ms until the next deadline of any of them, or -1. */
export function udpServicesPoll(): i32 {
  let next: i32 = -1;
  next = earliest(next, dhcpPoll());
  next = earliest(next, dnsPoll());
  next = earliest(next, mdnsPoll());
  return next;
}

/** Forgets every protocol's state (init). */
export function udpServicesReset(seed: u64): void {
  dhcpReset(seed);
  dnsReset();
  mdnsReset();
}

/** True when a core protocol uses `port` as its local port (udp_bind refuses it). */
export function udpServicePortInUse(port: u32): bool {
  if (port == DHCP_CLIENT_PORT && dhcpActive()) return true;
  if (dnsPortInUse(port)) return true;
  if (port == MDNS_PORT && mdnsRunning()) return true;
  return false;
}

/** Folds one deadline (ms from now, -1: none) into the earliest so far. */
export function earliest(a: i32, b: i32): i32 { return a < 0 ? b : b < 0 ? a : min(a, b); }
