// Ethernet II framing (IEEE 802.3 with an EtherType). Frames reach us without FCS.
import { get16, put16 } from "./bytes";

export const ETH_HLEN: i32 = 14;
export const ETHERTYPE_IPV4: u32 = 0x0800;
export const ETHERTYPE_ARP: u32 = 0x0806;

// @ts-ignore: decorator
@inline export function ethType(frame: usize): u32 { return get16(frame + 12); }
/** The frame's destination is this MAC, the broadcast address, or 01:00:5e:00:00:fb, the mDNS group's
 *  (RFC 1112 6.4: the group's low 23 bits under 01:00:5e). */
export function ethIsForUs(frame: usize, mac: usize): bool {
  if (load<u32>(frame) == 0xffffffff && load<u16>(frame + 4) == 0xffff) return true;
  if (load<u32>(frame) == 0x005e0001 && load<u16>(frame + 4) == 0xfb00) return true;
  return load<u32>(frame) == load<u32>(mac) && load<u16>(frame + 4) == load<u16>(mac + 4);
}
/** Copies a 6-byte MAC address: two loads and stores, cheaper per frame than a memory.copy call. */
// @ts-ignore: decorator
@inline export function copyMac(dst: usize, src: usize): void {
  store<u32>(dst, load<u32>(src));
  store<u16>(dst + 4, load<u16>(src + 4));
}

export function ethWriteHeader(frame: usize, dst: usize, src: usize, type: u32): void {
  copyMac(frame, dst);
  copyMac(frame + 6, src);
  put16(frame + 12, type);
}

/** The Ethernet group address of IPv4 multicast group `group` (RFC 1112 6.4) written at `p`. */
export function ethMulticastMac(p: usize, group: u32): void {
  store<u32>(p, 0x005e0001);
  store<u8>(p + 3, <u8>((group >> 16) & 0x7f));
  store<u8>(p + 4, <u8>(group >> 8));
  store<u8>(p + 5, <u8>group);
}
