// TCP header and options (RFC 9293 3.1, 3.2). tcpParse validates once and fills the seg_* values,
// named as RFC 9293 3.3.1 names the fields of the current segment.
import { get8, get16, get32, put16, put32 } from "./bytes";
import { transportChecksum } from "./checksum";
import { PROTO_TCP } from "./ipv4";
import { Stat } from "../abi";

export const TCP_HLEN: i32 = 20;
export const FIN: u32 = 0x01;
export const SYN: u32 = 0x02;
export const RST: u32 = 0x04;
export const PSH: u32 = 0x08;
export const ACK: u32 = 0x10;
export const URG: u32 = 0x20;

export const OPT_EOL: u32 = 0;
export const OPT_NOP: u32 = 1;
export const OPT_MSS: u32 = 2;
export const OPT_WSCALE: u32 = 3;
export const OPT_SACK_PERMITTED: u32 = 4;
export const OPT_SACK: u32 = 5;
export const OPT_TIMESTAMP: u32 = 8;

export let seg_sport: u32 = 0;
export let seg_dport: u32 = 0;
export let seg_seq: u32 = 0;
export let seg_ack: u32 = 0;
export let seg_flags: u32 = 0;
export let seg_wnd: u32 = 0;
export let seg_data: usize = 0;
/** Bytes of data (SYN and FIN not counted; see segLen). */
export let seg_datalen: i32 = 0;
/** The MSS option's value, or 0 when absent. */
export let seg_mss: u32 = 0;
/** The window scale option's shift (RFC 7323 2.2), or -1 when absent. */
export let seg_wscale: i32 = -1;
/** The SACK-permitted option was present (RFC 2018 2). */
export let seg_sack_permitted: bool = false;
/** SACK blocks of the segment (RFC 2018 3): seg_sack_count pairs of [left, right) at SEG_SACK. */
export let seg_sack_count: i32 = 0;
export const SEG_SACK = memory.data(4 * 8);
/** The timestamp option (RFC 7323 3.2): present, TSval and TSecr. */
export let seg_ts: bool = false;
export let seg_tsval: u32 = 0;
export let seg_tsecr: u32 = 0;

/** Drops an old SYN from the segment: what remains starts one sequence number later. */
export function segTrimSyn(): void {
  seg_seq += 1;
  seg_flags &= ~SYN;
}

/** SEG.LEN: data plus one for each of SYN and FIN (RFC 9293 3.4). */
export function segLen(): u32 {
  return <u32>seg_datalen + ((seg_flags & SYN) ? 1 : 0) + ((seg_flags & FIN) ? 1 : 0);
}

/** Validates the segment at `p` (`len` bytes, from the IP payload) and its checksum. */
export function tcpParse(p: usize, len: i32, src: u32, dst: u32): Stat {
  if (len < TCP_HLEN) return Stat.DROP_TCP_SHORT;
  const hlen = <i32>(get8(p + 12) >> 4) << 2;
  if (hlen < TCP_HLEN || hlen > len) return Stat.DROP_TCP_OFFSET;
  if (transportChecksum(src, dst, PROTO_TCP, p, len) != 0) return Stat.DROP_TCP_CHECKSUM;
  const r = parseOptions(p + TCP_HLEN, hlen - TCP_HLEN);
  if (r != Stat.NONE) return r;
  seg_sport = get16(p);
  seg_dport = get16(p + 2);
  seg_seq = get32(p + 4);
  seg_ack = get32(p + 8);
  seg_flags = get8(p + 13) & 0x3f;
  seg_wnd = get16(p + 14);
  seg_data = p + <usize>hlen;
  seg_datalen = len - hlen;
  return Stat.NONE;
}

/** RFC 9293 3.2: kinds 0 and 1 are one byte; every other option carries a length >= 2 that must fit.
 *  Unknown options are skipped (MUST-5, RFC 9293 3.2); a malformed length drops the segment (MUST-7). */
function parseOptions(p: usize, len: i32): Stat {
  seg_mss = 0;
  seg_wscale = -1;
  seg_sack_permitted = false;
  seg_sack_count = 0;
  seg_ts = false;
  // The options of nearly every segment once timestamps are on: NOP, NOP, TSopt (RFC 7323 Appendix A).
  if (len == 12 && load<u32>(p) == 0x0a080101) {
    seg_ts = true;
    seg_tsval = get32(p + 4);
    seg_tsecr = get32(p + 8);
    return Stat.NONE;
  }
  let i = 0;
  while (i < len) {
    const kind = get8(p + <usize>i);
    if (kind == OPT_EOL) break;
    if (kind == OPT_NOP) { i++; continue; }
    if (i + 1 >= len) return Stat.DROP_TCP_OPTIONS;
    const olen = <i32>get8(p + <usize>i + 1);
    if (olen < 2 || i + olen > len) return Stat.DROP_TCP_OPTIONS;
    // Options with a length other than their own are ignored, not trusted (RFC 9293 3.2, MUST-7).
    if (kind == OPT_MSS && olen == 4) seg_mss = get16(p + <usize>i + 2);
    else if (kind == OPT_WSCALE && olen == 3) seg_wscale = <i32>get8(p + <usize>i + 2);
    else if (kind == OPT_SACK_PERMITTED && olen == 2) seg_sack_permitted = true;
    else if (kind == OPT_TIMESTAMP && olen == 10) { seg_ts = true; seg_tsval = get32(p + <usize>i + 2); seg_tsecr = get32(p + <usize>i + 6); }
    else if (kind == OPT_SACK && olen >= 10 && (olen - 2) % 8 == 0) {
      for (let j = 0; j < (olen - 2) >> 3 && seg_sack_count < 4; j++) {
        store<u32>(SEG_SACK + (<usize>seg_sack_count << 3), get32(p + <usize>(i + 2 + (j << 3))));
        store<u32>(SEG_SACK + (<usize>seg_sack_count << 3) + 4, get32(p + <usize>(i + 6 + (j << 3))));
        seg_sack_count++;
      }
    }
    i += olen;
  }
  return Stat.NONE;
}

/** Writes a header (with an MSS option when mss != 0); returns the header length. Checksum left 0. */
export function tcpWriteHeader(p: usize, sport: u32, dport: u32, seq: u32, ack: u32, flags: u32, wnd: u32, mss: u32): i32 {
  const hlen = mss ? TCP_HLEN + 4 : TCP_HLEN;
  put16(p, sport);
  put16(p + 2, dport);
  put32(p + 4, seq);
  put32(p + 8, ack);
  store<u8>(p + 12, <u8>((hlen >> 2) << 4));
  store<u8>(p + 13, <u8>flags);
  put16(p + 14, wnd);
  put16(p + 16, 0);
  put16(p + 18, 0);
  if (mss) {
    store<u8>(p + 20, <u8>OPT_MSS);
    store<u8>(p + 21, 4);
    put16(p + 22, mss);
  }
  return hlen;
}

/** Sets the data offset for a header followed by `optLen` bytes of options (a multiple of 4). */
export function tcpSetHeaderLength(p: usize, hlen: i32): void { store<u8>(p + 12, <u8>((hlen >> 2) << 4)); }

export function tcpWriteChecksum(p: usize, len: i32, src: u32, dst: u32): void {
  put16(p + 16, transportChecksum(src, dst, PROTO_TCP, p, len));
}
