// Bring-up, receive dispatch and the poll loop: the whole stack as the ABI sees it, above iface/ and tcp/.
import { FRAME_MAX } from "./config";
import { ethIsForUs, ethType, ETH_HLEN, ETHERTYPE_ARP, ETHERTYPE_IPV4 } from "./wire/ethernet";
import { MAC, RX, IO, setAddresses, setNow } from "./iface/netif";
import { arpReset, arpAnnounce, arpInput, arpPoll } from "./iface/arp";
import { ipInput, ipReset } from "./iface/ip";
import { Stat, count, drop, statsReset } from "./iface/stats";
import { tcpReset, tcpPoll } from "./tcp/timers";
import { seedKeys } from "./tcp/isn";
import { icmpReset } from "./iface/icmp";
import { endpointsReset } from "./udp/endpoints";
import { udpServicesReset, udpServicesPoll, earliest } from "./udp/services";

export function stackInit(mac_hi: u32, mac_lo: u32, ip: u32, mask: u32, gw: u32, seed_hi: u32, seed_lo: u32, t: u32): void {
  setNow(t);
  setAddresses(mac_hi, mac_lo, ip, mask, gw);
  statsReset();
  arpReset();
  seedKeys((<u64>seed_hi << 32) | <u64>seed_lo);
  ipReset(seed_lo ^ seed_hi);
  tcpReset();
  icmpReset();
  endpointsReset(seed_lo);
  udpServicesReset((<u64>seed_hi << 32) | <u64>seed_lo);
  // Without an address yet (DHCP will bring one), there is nothing to announce.
  if (ip != 0) arpAnnounce();
}

export function rxBuffer(): usize { return RX; }
export function ioBuffer(): usize { return IO; }

export function stackInput(len: u32, t: u32): i32 {
  setNow(t);
  count(Stat.ETH_IN);
  if (len < <u32>ETH_HLEN) return drop(Stat.DROP_ETH_SHORT);
  if (len > <u32>FRAME_MAX) return drop(Stat.DROP_ETH_LONG);
  if (!ethIsForUs(RX, MAC)) return drop(Stat.DROP_ETH_NOT_FOR_US);
  const type = ethType(RX);
  const n = <i32>len - ETH_HLEN;
  if (type == ETHERTYPE_IPV4) return ipInput(RX + ETH_HLEN, n);
  if (type == ETHERTYPE_ARP) return arpInput(RX + ETH_HLEN, n);
  return drop(Stat.DROP_ETH_TYPE);
}

export function stackPoll(t: u32): i32 {
  setNow(t);
  const a = arpPoll();
  const b = tcpPoll();
  return earliest(earliest(a, b), udpServicesPoll());
}
