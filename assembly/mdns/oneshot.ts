// One-shot mDNS lookups (RFC 6762 5.1) for the stub resolver: which names go to the mDNS group instead of a
// DNS server, how often they are asked, and which replies may answer them.
import { ip_addr, ip_netmask } from "../iface/netif";
import { get8 } from "../wire/bytes";
import { dnsNameEq } from "../wire/dns";
import { MDNS_PORT, LOCAL } from "./responder";

/** RFC 6762 5.1: a one-shot query's timeout is "two or three seconds": three tries a second apart. */
export const MDNS_TRIES: i32 = 3;
export const MDNS_RETRY_MS: u32 = 1000;
/** RFC 6762 5.4: the unicast-response bit in a question's class, set on the first try only. */
export const MDNS_CLASS_QU: u32 = 0x8000;

/** Whether the wire name of `len` bytes at `name` ends in "local": RFC 6762 3 sends such names to the
 *  mDNS group and never to a unicast DNS server. */
export function mdnsIsLocal(name: usize, len: i32): bool {
  let off = 0;
  while (off < len) {
    const n = <i32>get8(name + <usize>off);
    if (n == 0) return false;
    if (off + n + 2 == len) return dnsNameEq(name, len, off, LOCAL, 7, 0);
    off += n + 1;
  }
  return false;
}

/** Whether a reply from srcIp:srcPort may answer a one-shot query: from port 5353 (RFC 6762 6) and from
 *  the local link (11). */
export function mdnsReplySourceOk(srcIp: u32, srcPort: u32): bool {
  return srcPort == MDNS_PORT && ip_addr != 0 && srcIp != ip_addr && (srcIp & ip_netmask) == (ip_addr & ip_netmask);
}
