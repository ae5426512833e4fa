// This interface's addresses, the shared frame buffers, and the time of the current call.
import { FRAME_MAX, IO_BUFFER_SIZE } from "../config";

export const MAC = memory.data(8);
export const BROADCAST_MAC = memory.data<u8>([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0, 0]);
export let ip_addr: u32 = 0;
export let ip_netmask: u32 = 0;
export let ip_gateway: u32 = 0;

/** Received frame, written by the host before input(). */
export const RX = memory.data(FRAME_MAX);
/** Frame under construction for output. */
export const TX = memory.data(FRAME_MAX);
/** Application data exchanged by tcp_send / tcp_recv. */
export const IO = memory.data(IO_BUFFER_SIZE);

/** The time passed to the current ABI call: the core has no other clock. */
export let now: u32 = 0;
export function setNow(t: u32): void { now = t; }

export function setAddresses(mac_hi: u32, mac_lo: u32, ip: u32, mask: u32, gw: u32): void {
  store<u8>(MAC, <u8>(mac_hi >> 8));
  store<u8>(MAC + 1, <u8>mac_hi);
  store<u32>(MAC + 2, bswap<u32>(mac_lo));
  ip_addr = ip;
  ip_netmask = mask;
  ip_gateway = gw;
}

/** Limited broadcast or this subnet's directed broadcast. */
export function isBroadcast(a: u32): bool {
  return a == 0xffffffff || (ip_netmask != 0xffffffff && (a & ~ip_netmask) == ~ip_netmask && (a & ip_netmask) == (ip_addr & ip_netmask));
}
/** Addresses that may never be a source (RFC 1122 3.2.1.3): broadcast, multicast, class E, zero, and
 *  loopback (127/8, which "must not appear outside a host"). */
export function isBadSource(a: u32): bool {
  return a == 0 || isBroadcast(a) || (a >>> 28) >= 14 || (a >>> 24) == 127;
}
