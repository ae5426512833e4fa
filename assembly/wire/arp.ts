// ARP for IPv4 over Ethernet (RFC 826).
import { get16, get32, put16, put32 } from "./bytes";
import { Stat } from "../abi";

export const ARP_LEN: i32 = 28;
export const ARP_REQUEST: u32 = 1;
export const ARP_REPLY: u32 = 2;

export let arp_op: u32 = 0;
export let arp_sha: usize = 0; // sender hardware address (6 bytes in the frame)
export let arp_spa: u32 = 0;
export let arp_tpa: u32 = 0;

export function arpParse(p: usize, avail: i32): Stat {
  if (avail < ARP_LEN) return Stat.DROP_ARP_SHORT;
  // Ethernet hardware, IPv4 protocol, their address lengths, and a known operation.
  if (get16(p) != 1 || get16(p + 2) != 0x0800 || load<u8>(p + 4) != 6 || load<u8>(p + 5) != 4) return Stat.DROP_ARP_FORMAT;
  arp_op = get16(p + 6);
  if (arp_op != ARP_REQUEST && arp_op != ARP_REPLY) return Stat.DROP_ARP_FORMAT;
  arp_sha = p + 8;
  arp_spa = get32(p + 14);
  arp_tpa = get32(p + 24);
  return Stat.NONE;
}

export function arpWrite(p: usize, op: u32, sha: usize, spa: u32, tha: usize, tpa: u32): void {
  put16(p, 1);
  put16(p + 2, 0x0800);
  store<u8>(p + 4, 6);
  store<u8>(p + 5, 4);
  put16(p + 6, op);
  memory.copy(p + 8, sha, 6);
  put32(p + 14, spa);
  if (tha) memory.copy(p + 18, tha, 6); else memory.fill(p + 18, 0, 6);
  put32(p + 24, tpa);
}
