// Answers kept until their TTL runs out (RFC 1035 7.4), and names known not to have an address (RFC 2308
// negative caching): a few fixed entries, the one nearest expiry replaced when all are taken. Names are
// compared in wire form, case-insensitively.
import { DNS_CACHE, DNS_NAME_MAX } from "../config";
import { now } from "../iface/netif";
import { dnsNameEq } from "../wire/dns";

// [0 free, 1 an address, 2 no address u8][pad u8][name length u16][expires u32][address u32][name in wire form]
const C_NAME: usize = 12;
const C_BYTES: usize = C_NAME + <usize>DNS_NAME_MAX;
const C = memory.data(<i32>C_BYTES * (DNS_CACHE > 0 ? DNS_CACHE : 1));
export const DNS_CACHE_BYTES: i32 = <i32>C_BYTES * (DNS_CACHE > 0 ? DNS_CACHE : 1);

/** The address cacheLookup found, and whether the entry says the name has none (NXDOMAIN or NODATA). */
export let cache_addr: u32 = 0;
export let cache_negative: bool = false;

// @ts-ignore: decorator
@inline function entry(i: i32): usize { return C + <usize>i * C_BYTES; }

export function cacheReset(): void { memory.fill(C, 0, <usize>DNS_CACHE_BYTES); }

function live(e: usize): bool { return load<u8>(e) != 0 && <i32>(load<u32>(e + 4) - now) > 0; }

/** Whether a live entry holds the wire name at `name`; its address goes to cache_addr. */
export function cacheLookup(name: usize, len: i32): bool {
  for (let i = 0; i < DNS_CACHE; i++) {
    const e = entry(i);
    if (!live(e)) { store<u8>(e, 0); continue; }
    if (dnsNameEq(e + C_NAME, <i32>load<u16>(e + 2), 0, name, len, 0)) {
      cache_addr = load<u32>(e + 8);
      cache_negative = load<u8>(e) == 2;
      return true;
    }
  }
  return false;
}

/** Remembers `addr` for `name` (or, `negative`, that it has no address) during `ttl` seconds (0: not at all). */
export function cacheStore(name: usize, len: i32, addr: u32, ttl: u32, negative: bool): void {
  if (DNS_CACHE == 0 || ttl == 0) return;
  let victim = 0;
  for (let i = 0; i < DNS_CACHE; i++) {
    const e = entry(i);
    if (!live(e) || dnsNameEq(e + C_NAME, <i32>load<u16>(e + 2), 0, name, len, 0)) { victim = i; break; }
    if (<i32>(load<u32>(e + 4) - load<u32>(entry(victim) + 4)) < 0) victim = i;
  }
  const e = entry(victim);
  store<u8>(e, negative ? 2 : 1);
  store<u16>(e + 2, <u16>len);
  store<u32>(e + 4, now + ttl * 1000);
  store<u32>(e + 8, addr);
  memory.copy(e + C_NAME, name, <usize>len);
}
