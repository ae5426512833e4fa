// DHCPv4 messages (RFC 2131 2, options RFC 2132): the BOOTP header, the magic cookie, then options.
// dhcpParse validates a server's reply once; the dhcp_* values then describe it.
import { get8, get32, put8, put16, put32 } from "./bytes";
import { Stat } from "../abi";

export const DHCP_SERVER_PORT: u32 = 67;
export const DHCP_CLIENT_PORT: u32 = 68;
/** op, htype, hlen, hops, xid, secs, flags, ciaddr, yiaddr, siaddr, giaddr, chaddr, sname, file. */
export const BOOTP_HLEN: i32 = 236;
export const MAGIC_COOKIE: u32 = 0x63825363;
/** The BOOTP fields option overload (52) may lend to options (RFC 2131 2): sname, then file. */
const SNAME_AT: i32 = 44;
const SNAME_LEN: i32 = 64;
const FILE_AT: i32 = 108;
const FILE_LEN: i32 = 128;
/** RFC 1542 2.1: a BOOTP message is at least 300 bytes; shorter ones upset some relays and servers. */
export const DHCP_MIN_LEN: i32 = 300;

// Message types (option 53, RFC 2132 9.6).
export const DHCPDISCOVER: u32 = 1;
export const DHCPOFFER: u32 = 2;
export const DHCPREQUEST: u32 = 3;
export const DHCPDECLINE: u32 = 4;
export const DHCPACK: u32 = 5;
export const DHCPNAK: u32 = 6;
export const DHCPRELEASE: u32 = 7;

// Options (RFC 2132).
export const OPT_PAD: u32 = 0;
export const OPT_SUBNET_MASK: u32 = 1;
export const OPT_ROUTER: u32 = 3;
export const OPT_DNS: u32 = 6;
export const OPT_HOSTNAME: u32 = 12;
export const OPT_REQUESTED_IP: u32 = 50;
export const OPT_LEASE_TIME: u32 = 51;
export const OPT_OVERLOAD: u32 = 52;
export const OPT_MSG_TYPE: u32 = 53;
export const OPT_SERVER_ID: u32 = 54;
export const OPT_PARAM_LIST: u32 = 55;
export const OPT_T1: u32 = 58;
export const OPT_T2: u32 = 59;
export const OPT_CLIENT_ID: u32 = 61;
export const OPT_END: u32 = 255;

// The reply being processed (set by dhcpParse). Absent options read 0 (lease: 0xffffffff is "infinite").
export let dhcp_type: u32 = 0;
export let dhcp_xid: u32 = 0;
export let dhcp_yiaddr: u32 = 0;
export let dhcp_server_id: u32 = 0;
export let dhcp_lease: u32 = 0;
export let dhcp_t1: u32 = 0;
export let dhcp_t2: u32 = 0;
export let dhcp_mask: u32 = 0;
export let dhcp_router: u32 = 0;
export let dhcp_dns0: u32 = 0;
export let dhcp_dns1: u32 = 0;

/** A BOOTREPLY for Ethernet to `mac` (6 bytes at `mac`), its options sound, those in the file and sname
 *  fields included when option 52 lends them. Stat.NONE, or the DROP_DHCP_* reason. */
export function dhcpParse(p: usize, len: i32, mac: usize): Stat {
  if (len < BOOTP_HLEN + 4) return Stat.DROP_DHCP_MALFORMED;
  if (get8(p) != 2 || get8(p + 1) != 1 || get8(p + 2) != 6) return Stat.DROP_DHCP_MALFORMED;
  if (get32(p + BOOTP_HLEN) != MAGIC_COOKIE) return Stat.DROP_DHCP_MALFORMED;
  // RFC 2131 4.4.1: the client matches replies by xid and chaddr.
  if (load<u32>(p + 28) != load<u32>(mac) || load<u16>(p + 32) != load<u16>(mac + 4)) return Stat.DROP_DHCP_NOT_OURS;
  dhcp_xid = get32(p + 4);
  dhcp_yiaddr = get32(p + 16);
  dhcp_type = 0; dhcp_server_id = 0; dhcp_lease = 0; dhcp_t1 = 0; dhcp_t2 = 0;
  dhcp_mask = 0; dhcp_router = 0; dhcp_dns0 = 0; dhcp_dns1 = 0;
  overload = 0;
  let r = parseOptions(p, BOOTP_HLEN + 4, len, false);
  // RFC 2131 4.1: with option 52, the options field is read first, then file, then sname.
  if (r == Stat.NONE && (overload & 1)) r = parseOptions(p, FILE_AT, FILE_AT + FILE_LEN, true);
  if (r == Stat.NONE && (overload & 2)) r = parseOptions(p, SNAME_AT, SNAME_AT + SNAME_LEN, true);
  if (r != Stat.NONE) return r;
  if (dhcp_type < DHCPDISCOVER || dhcp_type > DHCPRELEASE) return Stat.DROP_DHCP_MALFORMED;
  return Stat.NONE;
}

/** Option overload's value (RFC 2132 9.3): 1 file, 2 sname, 3 both; 0 without the option. */
let overload: u32 = 0;

/** Reads the options from p + i up to p + end (the message's end, or a lent field's, when `lent`). */
function parseOptions(p: usize, i: i32, end: i32, lent: bool): Stat {
  // An option that runs past a lent field is the overload's fault; past the message, the message's.
  const runOff = lent ? Stat.DROP_DHCP_OVERLOAD_FIELD : Stat.DROP_DHCP_MALFORMED;
  while (i < end) {
    const code = get8(p + i);
    if (code == OPT_END) break;
    if (code == OPT_PAD) { i++; continue; }
    if (i + 2 > end) return runOff;
    const n = <i32>get8(p + i + 1);
    const v = p + i + 2;
    if (i + 2 + n > end) return runOff;
    // Fixed-length options must have their length (RFC 2132); lists of addresses a multiple of 4.
    if (code == OPT_MSG_TYPE) { if (n != 1) return Stat.DROP_DHCP_MALFORMED; dhcp_type = get8(v); }
    else if (code == OPT_OVERLOAD) {
      // Only the options field may lend the others (RFC 2131 4.1), with 1, 2 or 3.
      if (lent || n != 1 || get8(v) < 1 || get8(v) > 3) return Stat.DROP_DHCP_OVERLOAD_VALUE;
      overload = get8(v);
    } else if (code == OPT_SERVER_ID || code == OPT_LEASE_TIME || code == OPT_T1 || code == OPT_T2 || code == OPT_SUBNET_MASK) {
      if (n != 4) return Stat.DROP_DHCP_MALFORMED;
      const x = get32(v);
      if (code == OPT_SERVER_ID) dhcp_server_id = x;
      else if (code == OPT_LEASE_TIME) dhcp_lease = x;
      else if (code == OPT_T1) dhcp_t1 = x;
      else if (code == OPT_T2) dhcp_t2 = x;
      else dhcp_mask = x;
    } else if (code == OPT_ROUTER || code == OPT_DNS) {
      if (n < 4 || (n & 3) != 0) return Stat.DROP_DHCP_MALFORMED;
      if (code == OPT_ROUTER) dhcp_router = get32(v);
      else { dhcp_dns0 = get32(v); dhcp_dns1 = n >= 8 ? get32(v + 4) : 0; }
    }
    i += 2 + n;
  }
  return Stat.NONE;
}

/** Writes a BOOTREQUEST header and the magic cookie at `p`; returns where options start. */
export function dhcpWriteHeader(p: usize, xid: u32, secs: u32, ciaddr: u32, mac: usize): usize {
  memory.fill(p, 0, BOOTP_HLEN);
  put8(p, 1); // BOOTREQUEST
  put8(p + 1, 1); // Ethernet
  put8(p + 2, 6);
  put32(p + 4, xid);
  put16(p + 8, secs);
  // flags stay 0: we take unicast replies before we have an address (ipInput accepts them), RFC 2131 4.1.
  put32(p + 12, ciaddr);
  memory.copy(p + 28, mac, 6);
  put32(p + BOOTP_HLEN, MAGIC_COOKIE);
  return p + BOOTP_HLEN + 4;
}

/** Appends option `code` with the `n` bytes at `v`; returns the next position. */
export function dhcpOptBytes(at: usize, code: u32, v: usize, n: u32): usize {
  put8(at, code);
  put8(at + 1, n);
  memory.copy(at + 2, v, n);
  return at + 2 + n;
}
export function dhcpOpt8(at: usize, code: u32, x: u32): usize { put8(at, code); put8(at + 1, 1); put8(at + 2, x); return at + 3; }
export function dhcpOpt32(at: usize, code: u32, x: u32): usize { put8(at, code); put8(at + 1, 4); put32(at + 2, x); return at + 6; }
