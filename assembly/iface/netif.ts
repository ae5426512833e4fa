// This interface's addresses, the shared frame buffers, and the time of the current call.
import { FRAME_MAX, IO_BUFFER_SIZE } from "../config";
import { Trace } from "../abi";
import { trace } from "../host";

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
  memory.fill(DNS_SERVERS, 0, 4 * DNS_SERVER_SLOTS);
  hostname_len = 0;
}

/** A new address, netmask and gateway at run time (DHCP's lease, or its loss: all 0). Connections keep
 *  their state; those bound to an address that went are the owner's to abort. */
export function setIpConfig(ip: u32, mask: u32, gw: u32): void {
  const changed = ip != ip_addr || mask != ip_netmask || gw != ip_gateway;
  ip_addr = ip;
  ip_netmask = mask;
  ip_gateway = gw;
  if (changed) trace(Trace.ADDRESS, <i32>ip, <i32>mask, <i32>gw);
}

// ---- DNS servers (from DHCP option 6, or dns_set_server) ----
export const DNS_SERVER_SLOTS: i32 = 2;
const DNS_SERVERS = memory.data(4 * DNS_SERVER_SLOTS);
/** DNS server `i` (0 or 1), 0 if none. */
export function dnsServer(i: i32): u32 { return i >= 0 && i < DNS_SERVER_SLOTS ? load<u32>(DNS_SERVERS + (<usize>i << 2)) : 0; }
export function setDnsServer(i: i32, ip: u32): void { if (i >= 0 && i < DNS_SERVER_SLOTS) store<u32>(DNS_SERVERS + (<usize>i << 2), ip); }

// ---- the host name (DHCP option 12, mDNS NAME.local) ----
/** Longest host name: one DNS label (RFC 1035 2.3.4). */
export const HOSTNAME_MAX: i32 = 63;
const HOSTNAME = memory.data(HOSTNAME_MAX + 1);
let hostname_len: u32 = 0;
export function hostnamePtr(): usize { return HOSTNAME; }
export function hostnameLen(): u32 { return hostname_len; }

/** Sets the host name from the `len` bytes at `p` if they form one DNS label: letters, digits and
 *  hyphens, 1..63 bytes, no hyphen first or last (RFC 1123 2.1, RFC 952). 0 clears it. Returns false
 *  (and keeps the old name) when they do not. */
export function setHostname(p: usize, len: u32): bool {
  if (len > <u32>HOSTNAME_MAX) return false;
  for (let i: u32 = 0; i < len; i++) {
    const c = load<u8>(p + i);
    const alnum = (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a);
    if (!alnum && !(c == 0x2d && i != 0 && i != len - 1)) return false;
  }
  memory.copy(HOSTNAME, p, len);
  hostname_len = len;
  return true;
}

/** The mDNS group 224.0.0.251 (RFC 6762 3): the one multicast group this interface receives. */
export const MDNS_GROUP: u32 = 0xe00000fb;
export function isMulticast(a: u32): bool { return (a >>> 28) == 14; }

/** Limited broadcast or this subnet's directed broadcast. */
export function isBroadcast(a: u32): bool {
  return a == 0xffffffff || (ip_netmask != 0xffffffff && (a & ~ip_netmask) == ~ip_netmask && (a & ip_netmask) == (ip_addr & ip_netmask));
}
/** Addresses that may never be a source (RFC 1122 3.2.1.3): broadcast, multicast, class E, zero, and
 *  loopback (127/8, which "must not appear outside a host"). */
export function isBadSource(a: u32): bool {
  return a == 0 || isBroadcast(a) || (a >>> 28) >= 14 || (a >>> 24) == 127;
}
