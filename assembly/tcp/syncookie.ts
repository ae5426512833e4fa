// SYN cookies (RFC 4987 3.6), built as Linux builds them: when a listener can keep no more half-open
// state, the SYN-ACK's ISN carries a keyed hash of the 4-tuple, a coarse time counter and an MSS index,
// and the final ACK (which returns ISN+1) rebuilds the connection. Nothing is stored per cookie.
//
//   cookie = H1(tuple) + client ISN + (count << 24) + ((H2(tuple, count) + mss index) mod 2^24)
//
// H1 and H2 are SipHash-2-4 under a key derived from the init seed (isn.ts). The top 8 bits give the
// time counter back (a cookie is good in its window and the previous one); the low 24 bits, less H2,
// must give a valid MSS index, so a guessed ACK passes with probability 4 / 2^24.
import { TCP_SYN_COOKIES, TCP_RCV_BUF, TCP_MSS, TCP_TIMESTAMPS, TCP_SACK, TCP_RCV_SCALE } from "../config";
import { State } from "../abi";
import {
  tcpWriteHeader, tcpWriteChecksum, tcpSetHeaderLength, seg_sport, seg_dport, seg_seq, seg_ack, seg_flags, seg_mss, seg_wscale,
  seg_sack_permitted, seg_ts, seg_tsval, seg_tsecr, SYN, ACK, RST, OPT_NOP, OPT_WSCALE, OPT_SACK_PERMITTED, OPT_TIMESTAMP,
} from "../wire/tcp";
import { put32 } from "../wire/bytes";
import { PROTO_TCP } from "../wire/ipv4";
import { TX, ip_addr, now } from "../iface/netif";
import { ipOutput, TX_TRANSPORT } from "../iface/ip";
import { Stat, count } from "../iface/stats";
import { Tcb, setState, initTcb, TF_PASSIVE, TF_WSCALE, TF_SACK_OK } from "./tcb";
import { cookieHash, tsOffsetFor } from "./isn";
import { tsTakeSyn, tsOptionLength } from "./timestamps";
import { initialWindow } from "./congestion";
import { tcbAllocReclaim } from "./reclaim";

/** The MSS values a cookie can carry (Linux's msstab): the largest not above the peer's is chosen. */
const MSS_TABLE = memory.data<u16>([536, 1300, 1440, 1460]);
const MSS_COUNT: u32 = 4;
const COOKIE_MASK: u32 = 0xffffff;
/** The time counter advances every 2^16 ms (65.5 s); a cookie is accepted in two consecutive windows. */
const COUNT_SHIFT: u32 = 16;
/** The window a cookie SYN-ACK offers: unscaled, since window scaling cannot be remembered. */
export const COOKIE_WINDOW: u32 = TCP_RCV_BUF < 0xffff ? <u32>TCP_RCV_BUF : 0xffff;

/** When the last cookie went out: with cookies sent only on overflow, an ACK is checked against the
 *  cookie code only for two windows after that (as Linux's tcp_synq_no_recent_overflow). */
let last_cookie: u32 = 0;
let cookies_sent: bool = false;
export function cookieReset(): void { last_cookie = 0; cookies_sent = false; }

// @ts-ignore: decorator
@inline function timeCount(): u32 { return now >>> COUNT_SHIFT; }

function tuple(remote_ip: u32): u64 { return (<u64>ip_addr << 32) | <u64>remote_ip; }
function ports(local_port: u32, remote_port: u32): u64 { return <u64>((local_port << 16) | remote_port); }

/** The cookie for a SYN from remote_ip:remote_port to local_port with sequence number `irs`. */
export function cookieMake(remote_ip: u32, local_port: u32, remote_port: u32, irs: u32, mss_index: u32): u32 {
  const c = timeCount();
  const h1 = cookieHash(tuple(remote_ip), (<u64>0xffffffff << 32) | ports(local_port, remote_port));
  const h2 = cookieHash(tuple(remote_ip), (<u64>c << 32) | ports(local_port, remote_port));
  return h1 + irs + (c << 24) + ((h2 + mss_index) & COOKIE_MASK);
}

/** The MSS index a cookie carries, or -1 when it is not one of ours from this window or the previous. */
export function cookieCheck(remote_ip: u32, local_port: u32, remote_port: u32, irs: u32, cookie: u32): i32 {
  const v = cookie - cookieHash(tuple(remote_ip), (<u64>0xffffffff << 32) | ports(local_port, remote_port)) - irs;
  const cur = timeCount();
  const age = (cur - (v >>> 24)) & 0xff;
  if (age > 1) return -1;
  const c = (cur - age) & (0xffffffff >>> COUNT_SHIFT);
  const idx = (v - cookieHash(tuple(remote_ip), (<u64>c << 32) | ports(local_port, remote_port))) & COOKIE_MASK;
  return idx < MSS_COUNT ? <i32>idx : -1;
}

/** The index of the largest table MSS not above `mss`. */
export function cookieMssIndex(mss: u32): u32 {
  let i = MSS_COUNT - 1;
  while (i > 0 && <u32>load<u16>(MSS_TABLE + (<usize>i << 1)) > mss) i--;
  return i;
}
export function cookieMss(index: u32): u32 { return <u32>load<u16>(MSS_TABLE + (<usize>index << 1)); }

/** Answers the SYN being processed with a cookie SYN-ACK: <SEQ=cookie><ACK=SEG.SEQ+1><CTL=SYN,ACK> and
 *  our MSS; window scale and SACK-permitted only with timestamps, whose TSval remembers them (without,
 *  the rebuilt connection could not honour them). Data on the SYN is not kept. */
export function sendCookieSynAck(remote_ip: u32): void {
  const idx = cookieMssIndex(seg_mss ? seg_mss : 536);
  const iss = cookieMake(remote_ip, seg_dport, seg_sport, seg_seq, idx);
  const p = TX + TX_TRANSPORT;
  let hlen = tcpWriteHeader(p, seg_dport, seg_sport, iss, seg_seq + 1, SYN | ACK, COOKIE_WINDOW, <u32>TCP_MSS);
  hlen += writeTsOptions(p + <usize>hlen, remote_ip);
  tcpSetHeaderLength(p, hlen);
  tcpWriteChecksum(p, hlen, ip_addr, remote_ip);
  count(Stat.TCP_OUT);
  count(Stat.TCP_SYNCOOKIES_SENT);
  last_cookie = now;
  cookies_sent = true;
  ipOutput(remote_ip, PROTO_TCP, hlen);
}

/** For a pure ACK to a listener with no connection: the MSS index of the cookie it returns (SEG.ACK-1
 *  is our ISN, SEG.SEQ-1 the client's), or -1 (then it is treated as LISTEN treats any ACK). */
export function cookieCheckAck(remote_ip: u32): i32 {
  if (TCP_SYN_COOKIES == 0 || (seg_flags & (SYN | RST | ACK)) != ACK) return -1;
  if (TCP_SYN_COOKIES == 1 && (!cookies_sent || now - last_cookie >= (2 << COUNT_SHIFT))) return -1;
  const idx = cookieCheck(remote_ip, seg_dport, seg_sport, seg_seq - 1, seg_ack - 1);
  count(idx < 0 ? Stat.TCP_SYNCOOKIES_FAILED : Stat.TCP_SYNCOOKIES_VALIDATED);
  return idx;
}

/** The SYN-RECEIVED connection the cookie stood for, as if its SYN-ACK had just been sent: the caller
 *  processes the ACK on it as usual (RFC 9293 3.10.7.4), which takes it to ESTABLISHED. Null when no
 *  slot is free. */
export function cookieRebuild(li: i32, remote_ip: u32, mss_index: u32): Tcb | null {
  const t = tcbAllocReclaim();
  if (!t) return null;
  initTcb(t, remote_ip, seg_sport, seg_dport);
  t.listener = li;
  t.flags |= TF_PASSIVE;
  t.iss = seg_ack - 1;
  t.snd_una = t.iss;
  t.snd_nxt = seg_ack;
  t.snd_max = seg_ack;
  t.recover = t.iss;
  t.irs = seg_seq - 1;
  t.rcv_nxt = seg_seq;
  t.rcv_adv = seg_seq + COOKIE_WINDOW;
  t.snd_mss = min(cookieMss(mss_index), <u32>TCP_MSS);
  t.cwnd = initialWindow(t.snd_mss);
  count(Stat.TCP_PASSIVE_OPENS);
  if (!restoreTsOptions(t)) count(Stat.TCP_SYNCOOKIES_NO_OPTIONS); // no window scaling, no SACK: nothing remembered them
  setState(t, State.SYN_RECEIVED);
  return t;
}

// ---- RFC 7323 timestamps (Linux's cookie_init_timestamp) ----
// With timestamps negotiated, the low 6 bits of our TSval remember the SYN's window scale (0-14, 15 for
// none) and SACK-permitted, and the ACK's TSecr brings them back.
const TS_WSCALE_NONE: u32 = 0xf;
const TS_SACK: u32 = 1 << 4;
const TS_BITS: u32 = 6;

/** The option bits a cookie remembers in TSval: the peer's window shift (or none) and SACK-permitted. */
export function cookieTsOptions(wscale: i32, sack_ok: bool): u32 {
  return (wscale < 0 ? TS_WSCALE_NONE : <u32>min(wscale, 14)) | (sack_ok ? TS_SACK : 0);
}
/** The TSval of a cookie SYN-ACK: `ts_now` with its low bits replaced by the options, never ahead of it. */
export function cookieTsval(ts_now: u32, options: u32): u32 {
  const mask: u32 = (1 << TS_BITS) - 1;
  let v = (ts_now & ~mask) | options;
  if (v > ts_now) v -= 1 << TS_BITS;
  return v;
}
/** The window shift remembered in an echoed TSval, or -1 for none. */
export function cookieTsWscale(tsecr: u32): i32 { const w = tsecr & TS_WSCALE_NONE; return w == TS_WSCALE_NONE ? -1 : <i32>w; }
/** Whether an echoed TSval remembers SACK-permitted. */
export function cookieTsSack(tsecr: u32): bool { return (tsecr & TS_SACK) != 0; }

/** After the MSS of a cookie SYN-ACK, for a SYN with timestamps: what the SYN offered of window scale
 *  and SACK-permitted, then TSopt echoing the SYN's TSval, our TSval on the clock the connection will
 *  have (RFC 7323 5.4) with its low bits holding those two options. The layout of writeSynOptions. */
function writeTsOptions(p: usize, remote_ip: u32): i32 {
  if (!TCP_TIMESTAMPS || !seg_ts) return 0;
  let n = 0;
  if (seg_wscale >= 0) {
    store<u8>(p, <u8>OPT_NOP); store<u8>(p + 1, <u8>OPT_WSCALE); store<u8>(p + 2, 3); store<u8>(p + 3, <u8>TCP_RCV_SCALE);
    n += 4;
  }
  const sack = TCP_SACK && seg_sack_permitted;
  if (sack) {
    store<u8>(p + n, <u8>OPT_NOP); store<u8>(p + n + 1, <u8>OPT_NOP); store<u8>(p + n + 2, <u8>OPT_SACK_PERMITTED); store<u8>(p + n + 3, 2);
    n += 4;
  }
  const tsNow = now + tsOffsetFor(ip_addr, seg_dport, remote_ip, seg_sport);
  store<u8>(p + n, <u8>OPT_NOP); store<u8>(p + n + 1, <u8>OPT_NOP); store<u8>(p + n + 2, <u8>OPT_TIMESTAMP); store<u8>(p + n + 3, 10);
  put32(p + n + 4, cookieTsval(tsNow, cookieTsOptions(seg_wscale, sack)));
  put32(p + n + 8, seg_tsval);
  return n + 12;
}

/** The ACK returning a cookie echoes our TSval: timestamps are on, and the window scale and SACK-permitted
 *  it remembers come back. Returns false when the ACK carries no echo (the options are then lost). */
function restoreTsOptions(t: Tcb): bool {
  if (!TCP_TIMESTAMPS || !seg_ts || seg_tsecr == 0) return false;
  tsTakeSyn(t); // TS.Recent from this ACK
  t.last_ack_sent = t.rcv_nxt;
  const w = cookieTsWscale(seg_tsecr);
  if (w >= 0) {
    t.flags |= TF_WSCALE;
    t.snd_scale = <u32>min(w, 14);
    t.rcv_scale = <u32>TCP_RCV_SCALE;
  }
  if (TCP_SACK && cookieTsSack(seg_tsecr)) t.flags |= TF_SACK_OK;
  t.snd_mss -= <u32>tsOptionLength(t); // RFC 6691 2, as takeSynOptions
  t.cwnd = initialWindow(t.snd_mss);
  return true;
}
