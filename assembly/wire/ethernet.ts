// Ethernet II framing (IEEE 802.3 with an EtherType). Frames reach us without FCS.
import { get16, put16 } from "./bytes";

export const ETH_HLEN: i32 = 14;
export const ETHERTYPE_IPV4: u32 = 0x0800;
export const ETHERTYPE_ARP: u32 = 0x0806;

// @ts-ignore: decorator
@inline export function ethType(frame: usize): u32 { return get16(frame + 12); }
/** The frame's destination is this MAC, or the broadcast address. */
export function ethIsForUs(frame: usize, mac: usize): bool {
  if (load<u32>(frame) == 0xffffffff && load<u16>(frame + 4) == 0xffff) return true;
  return load<u32>(frame) == load<u32>(mac) && load<u16>(frame + 4) == load<u16>(mac + 4);
}
export function ethWriteHeader(frame: usize, dst: usize, src: usize, type: u32): void {
  memory.copy(frame, dst, 6);
  memory.copy(frame + 6, src, 6);
  put16(frame + 12, type);
}
