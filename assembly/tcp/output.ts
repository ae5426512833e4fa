// Segment output: what to send now (data, SYN, FIN, ACK), with flow control, congestion control,
// Nagle and sender SWS avoidance; and the window we advertise (receiver SWS avoidance).
import { IP_TTL, TCP_SND_BUF, TCP_RCV_BUF, TCP_MSS, TCP_PERSIST_MIN_MS, TCP_PERSIST_MAX_MS, TCP_SACK, TCP_RCV_SCALE, TCP_TIMESTAMPS } from "../config";
import { State, Trace, Timer } from "../abi";
import { tcpWriteHeader, tcpWriteChecksum, tcpSetHeaderLength, SYN, ACK, FIN, RST, PSH, TCP_HLEN, OPT_NOP, OPT_MSS, OPT_WSCALE, OPT_SACK_PERMITTED, OPT_SACK } from "../wire/tcp";
import { put16, put32 } from "../wire/bytes";
import { PROTO_TCP } from "../wire/ipv4";
import { seqLt, seqGt, seqGeq } from "../wire/seq";
import { TX, ip_addr, now } from "../iface/netif";
import { ipOutput, TX_TRANSPORT } from "../iface/ip";
import { Stat, count, countN } from "../iface/stats";
import { ringRead } from "../storage/ring";
import { trace } from "../host";
import {
  Tcb, tcbHandle, sndRing, TF_FIN_ACKED, TF_ACK_NOW, TF_DELACK, TF_FIN_QUEUED, TF_NODELAY, TF_RTT_TIMING,
  TF_SYN_ACKED, TF_FORCE, TF_WSCALE, TF_SACK_OK, TF_TS_OK, TF_DSACK, TF_IN_RECOVERY, TF_CONNECTED, TM_REXMT, TM_PERSIST, TM_DELACK, oooRanges,
  armTimer, sndDataSeq, dataEnd, rfcSndNxt, rcvWnd, SACK_RECENT, sackRecentAt,
} from "./tcb";
import { rangeStart, rangeEnd, rangeContains } from "./ranges";
import { restartAfterIdle } from "./congestion";
import { tsOptionLength, tsWrite } from "./timestamps";
import { rackSent, rackCredit, tlpArm } from "./rack";

/** Receive window to advertise. RFC 1122 4.2.3.3 (receiver SWS avoidance): the right edge moves only by
 *  at least min(RCV_BUF/2, MSS); RFC 9293 3.8.6.2.2: it never moves left. */
export function rcvWindow(t: Tcb): u32 {
  const free = <u32>TCP_RCV_BUF - t.rcv_len;
  const cur = rcvWnd(t);
  const step = min(<u32>TCP_RCV_BUF / 2, <u32>TCP_MSS);
  const wnd = free >= cur + step ? free : cur;
  return min(wnd, <u32>0xffff << t.rcv_scale);
}

/** Bytes of SACK option an ACK of `t` carries now: NOP, NOP, kind, length and up to 4 blocks. */
function sackOptionLength(t: Tcb): i32 {
  if (!(t.flags & TF_SACK_OK) || (t.ooo_count == 0 && !(t.flags & TF_DSACK))) return 0;
  return 4 + 8 * sackBlocks(t);
}
/** SACK blocks that fit in the 40 bytes of options: 4, or 3 beside timestamps (RFC 2018 3); a D-SACK
 *  block first when a duplicate is to be reported (RFC 2883 4). */
function sackBlocks(t: Tcb): i32 { return min(t.ooo_count + ((t.flags & TF_DSACK) ? 1 : 0), tsOptionLength(t) ? 3 : 4); }

/** The most data one segment may carry: options come out of the MSS (RFC 6691); snd_mss already
 *  excludes timestamps, which every segment carries. */
export function maxPayload(t: Tcb): u32 { return t.snd_mss - <u32>sackOptionLength(t); }

/** Writes our SYN's options: MSS, then window scale, SACK-permitted and timestamps when we offer them (an
 *  active open), or when the peer's SYN did (RFC 7323 2.2, 3.2: never in a SYN-ACK unless the SYN had it). */
function writeSynOptions(t: Tcb, p: usize, flags: u32): i32 {
  store<u8>(p, <u8>OPT_MSS); store<u8>(p + 1, 4); put16(p + 2, <u32>TCP_MSS);
  let n = 4;
  const active = t.state == State.SYN_SENT;
  if (active || (t.flags & TF_WSCALE)) {
    store<u8>(p + n, <u8>OPT_NOP); store<u8>(p + n + 1, <u8>OPT_WSCALE); store<u8>(p + n + 2, 3); store<u8>(p + n + 3, <u8>TCP_RCV_SCALE);
    n += 4;
  }
  if (TCP_SACK && (active || (t.flags & TF_SACK_OK))) {
    store<u8>(p + n, <u8>OPT_NOP); store<u8>(p + n + 1, <u8>OPT_NOP); store<u8>(p + n + 2, <u8>OPT_SACK_PERMITTED); store<u8>(p + n + 3, 2);
    n += 4;
  }
  if (TCP_TIMESTAMPS && (active || (t.flags & TF_TS_OK))) n += tsWrite(t, p + n, flags);
  return n;
}

/** SACK blocks (RFC 2018 4): first the range holding the segment that triggered this ACK, then the ones
 *  that held the most recently reported first blocks, then any others; no range twice. */
function writeSackOption(t: Tcb, p: usize): i32 {
  const r = oooRanges(t);
  const blocks = sackBlocks(t);
  store<u8>(p, <u8>OPT_NOP); store<u8>(p + 1, <u8>OPT_NOP); store<u8>(p + 2, <u8>OPT_SACK); store<u8>(p + 3, <u8>(2 + 8 * blocks));
  let n = 0;
  if (t.flags & TF_DSACK) {
    count(Stat.TCP_DSACKS_SENT);
    put32(p + 4, t.dsack_start);
    put32(p + 8, t.dsack_end);
    n = 1;
  }
  for (let k = 0; k < SACK_RECENT + t.ooo_count && n < blocks; k++) {
    const i = k < SACK_RECENT ? recentRange(t, k) : k - SACK_RECENT;
    if (i < 0 || reportedBefore(t, i, min(k, SACK_RECENT))) continue;
    put32(p + 4 + <usize>(n << 3), rangeStart(r, i));
    put32(p + 8 + <usize>(n << 3), rangeEnd(r, i));
    n++;
  }
  return 4 + 8 * blocks;
}

/** The out-of-order range holding the k-th most recent segment, or -1 (since taken in). */
function recentRange(t: Tcb, k: i32): i32 {
  const seq = load<u32>(sackRecentAt(t, k));
  for (let i = 0; i < t.ooo_count; i++) if (rangeContains(oooRanges(t), i, seq)) return i;
  return -1;
}
function reportedBefore(t: Tcb, i: i32, k: i32): bool {
  for (let j = 0; j < k; j++) if (recentRange(t, j) == i) return true;
  return false;
}

/** An out-of-order segment starting at `seq` arrived: its block leads the next SACK option. `fresh`: it
 *  opened the only hole, so earlier entries mean nothing any more. */
export function sackRemember(t: Tcb, seq: u32, fresh: bool): void {
  for (let k = SACK_RECENT - 1; k > 0; k--) store<u32>(sackRecentAt(t, k), fresh ? seq : load<u32>(sackRecentAt(t, k - 1)));
  t.sack_recent = seq;
}

/** Worth a window update: the window we could offer exceeds the last one by 2*MSS or half the buffer
 *  (RFC 9293 3.8.6.2.2, as 4.4BSD). */
export function windowUpdateDue(t: Tcb): bool {
  const free = <u32>TCP_RCV_BUF - t.rcv_len;
  const cur = rcvWnd(t);
  return free >= cur + min(<u32>TCP_RCV_BUF / 2, 2 * <u32>TCP_MSS);
}

/** Builds and sends one segment of `t`: data from the send ring at sequence `seq`. */
export function emit(t: Tcb, seq: u32, flags: u32, len: u32): void {
  const p = TX + TX_TRANSPORT;
  const withAck = (flags & ACK) != 0;
  // The window field: unscaled in a SYN, else shifted by Rcv.Wind.Shift, rounded up so that the right
  // edge never moves left (RFC 7323 2.4).
  let wnd: u32 = 0;
  let field: u32 = 0;
  if (!(flags & RST)) {
    const w = rcvWindow(t);
    if (flags & SYN) { field = min(w, 0xffff); wnd = field; }
    else { field = min((w + (1 << t.rcv_scale) - 1) >> t.rcv_scale, 0xffff); wnd = field << t.rcv_scale; }
  }
  let hlen = tcpWriteHeader(p, t.local_port, t.remote_port, seq, withAck ? t.rcv_nxt : 0, flags, field, 0);
  if (flags & SYN) hlen += writeSynOptions(t, p + TCP_HLEN, flags);
  else {
    if (tsOptionLength(t)) hlen += tsWrite(t, p + <usize>hlen, flags);
    if (withAck && sackOptionLength(t) > 0) hlen += writeSackOption(t, p + <usize>hlen);
  }
  tcpSetHeaderLength(p, hlen);
  if (len) ringRead(sndRing(t), <u32>TCP_SND_BUF, t.snd_head + (seq - sndDataSeq(t)), p + <usize>hlen, len);
  const total = hlen + <i32>len;
  tcpWriteChecksum(p, total, ip_addr, t.remote_ip);
  count(Stat.TCP_OUT);
  if (flags & RST) count(Stat.TCP_RESETS_SENT);
  const seqLen = len + ((flags & SYN) ? 1 : 0) + ((flags & FIN) ? 1 : 0);
  if (seqLen && seqLt(seq, t.snd_max)) {
    count(Stat.TCP_RETRANSMITS);
    trace(Trace.RETRANSMIT, tcbHandle(t), <i32>seq, <i32>seqLen);
  } else if (len) countN(Stat.TCP_TX_BYTES, len);
  if (withAck) {
    if (seqGt(t.rcv_nxt + wnd, t.rcv_adv)) t.rcv_adv = t.rcv_nxt + wnd;
    t.last_ack_sent = t.rcv_nxt;
    t.flags &= ~(TF_ACK_NOW | TF_DELACK | TF_DSACK); // a D-SACK block is reported once (RFC 2883 4)
    t.timers &= ~TM_DELACK;
    t.acked_since_ack = 0;
  }
  ipOutput(t.remote_ip, PROTO_TCP, total, IP_TTL);
}

/** A bare ACK: <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>. */
export function sendAck(t: Tcb): void { emit(t, rfcSndNxt(t), ACK, 0); }

/** RST for a segment with no connection, built from the segment itself (RFC 9293 3.10.7.1). */
export function sendRstTo(remote_ip: u32, local_port: u32, remote_port: u32, seq: u32, ack: u32, flags: u32): void {
  const p = TX + TX_TRANSPORT;
  const hlen = tcpWriteHeader(p, local_port, remote_port, seq, ack, flags, 0, 0);
  tcpWriteChecksum(p, hlen, ip_addr, remote_ip);
  count(Stat.TCP_OUT);
  count(Stat.TCP_RESETS_SENT);
  ipOutput(remote_ip, PROTO_TCP, hlen);
}

export function armRexmt(t: Tcb): void {
  t.timers &= ~TM_PERSIST;
  armTimer(t, Timer.REXMT, t.rto);
}

function armPersist(t: Tcb): void {
  // RFC 1122 4.2.2.17: probe at exponentially growing intervals, bounded.
  const base = max(t.rto, TCP_PERSIST_MIN_MS);
  const shift = min(t.persist_shift, 16);
  armTimer(t, Timer.PERSIST, <u32>min(<u64>base << shift, <u64>TCP_PERSIST_MAX_MS));
}

/** Nothing of ours waits at SND.NXT: no data unsent, no FIN unsent, no window probe forced. */
function nothingToSend(t: Tcb): bool {
  if (t.flags & TF_FORCE) return false;
  const end = dataEnd(t);
  if (seqLt(t.snd_nxt, end)) return false;
  return (t.flags & (TF_FIN_QUEUED | TF_FIN_ACKED)) != TF_FIN_QUEUED || t.snd_nxt != end;
}

/** tcpOutput of a synchronized connection whose SYN is acknowledged would send and arm nothing. */
export function outputIdle(t: Tcb): bool {
  return (t.flags & (TF_ACK_NOW | TF_SYN_ACKED)) == TF_SYN_ACKED && nothingToSend(t);
}

/** Sends whatever the state, the windows and the queues allow. */
export function tcpOutput(t: Tcb): void {
  // Each pass sends at most one segment; the bound only guards against a logic error looping forever.
  for (let i = 0; i < 1024; i++) if (!sendOne(t)) break;
}

function sendOne(t: Tcb): bool {
  const st = t.state;
  if (st == State.CLOSED || st == State.LISTEN) return false;
  const ackNow = (t.flags & TF_ACK_NOW) != 0;
  // Our SYN (RFC 9293 3.10.7.2 / 3.10.1): <SEQ=ISS><CTL=SYN>, or with ACK in SYN-RECEIVED. A CLOSE in
  // SYN-RECEIVED (3.10.4) makes FIN-WAIT-1 before the SYN is acknowledged: its FIN follows the SYN.
  const finAfterSyn = st == State.FIN_WAIT_1 && !(t.flags & TF_CONNECTED);
  if ((t.flags & TF_SYN_ACKED) == 0 && !finAfterSyn) {
    if (st != State.SYN_SENT && st != State.SYN_RECEIVED) {
      if (ackNow) { sendAck(t); return false; }
      return false;
    }
    if (t.snd_nxt == t.iss) {
      if (t.snd_max == t.iss) startTiming(t, t.iss); // Karn: never time a retransmitted SYN
      emitSyn(t);
      return false;
    }
    if (ackNow && st == State.SYN_RECEIVED) sendAck(t);
    return false;
  }
  if (finAfterSyn && t.snd_nxt == t.iss) { emitSyn(t); return true; }
  // TIME-WAIT sends only ACKs; so does a connection with no data or FIN to send, without the window
  // arithmetic below (a receiver's case).
  if (st == State.TIME_WAIT || nothingToSend(t)) {
    if (ackNow) sendAck(t);
    return false;
  }

  const end0 = dataEnd(t);
  const seq = t.snd_nxt;
  const unsent: u32 = seqLt(seq, end0) ? end0 - seq : 0;
  const force = (t.flags & TF_FORCE) != 0;
  // Flow and congestion control (RFC 5681 2: send up to min(cwnd, rwnd) beyond SND.UNA). Limited
  // Transmit (RFC 3042): the first two duplicate ACKs each let one new segment past cwnd.
  const limited: u32 = !(t.flags & TF_IN_RECOVERY) && t.dupacks > 0 && t.dupacks < 3 && !seqLt(seq, t.snd_max) ? <u32>t.dupacks * t.snd_mss : 0;
  if (unsent > 0) restartAfterIdle(t); // RFC 5681 4.1: before sending after an idle period
  const wnd = min(t.snd_wnd, t.cwnd + limited + rackCredit(t));
  let usable: u32 = seqLt(seq, t.snd_una + wnd) ? t.snd_una + wnd - seq : 0;
  if (force && usable == 0) usable = 1;
  const mss = maxPayload(t);
  let len = min(min(unsent, usable), mss);
  const finPending = (t.flags & (TF_FIN_QUEUED | TF_FIN_ACKED)) == TF_FIN_QUEUED && seqLeqU(seq, end0) && seq + len == end0;
  let fin = finPending && usable > len;
  const rexmit = seqLt(seq, t.snd_max);

  if (len > 0 && len < mss && len < unsent && !rexmit && !force) {
    // A segment smaller than the MSS while more data waits: hold it (SWS avoidance, RFC 1122 4.2.3.4)
    // unless it is at least half the largest window the peer has offered.
    if (len < t.max_snd_wnd / 2) len = 0;
  } else if (len > 0 && len < mss && len == unsent && !rexmit && !force && !finPending) {
    // Nagle (RFC 1122 4.2.3.4): a partial segment waits while data is unacknowledged, unless NODELAY.
    if ((t.flags & TF_NODELAY) == 0 && t.snd_max != t.snd_una) len = 0;
  }
  if (len == 0 && fin && len < unsent) fin = false;

  if (len == 0 && !fin) {
    // Data or a FIN is waiting on the peer's window with nothing in flight: probe it (RFC 9293 3.8.6.1).
    if ((unsent > 0 || finPending) && !(t.timers & (TM_REXMT | TM_PERSIST))) armPersist(t);
    if (ackNow) sendAck(t);
    return false;
  }

  let flags = ACK;
  if (len > 0 && seq + len == end0) flags |= PSH;
  if (fin) flags |= FIN;
  if (force) t.flags &= ~TF_RTT_TIMING; // Karn: a window probe is sent again and again; never time it
  else if (len > 0 && !rexmit) startTiming(t, seq);
  t.last_send = now;
  emit(t, seq, flags, len);
  const end = seq + len + (fin ? 1 : 0);
  if (force && t.snd_wnd == 0) {
    // A window probe (4.4BSD): SND.MAX covers it, SND.NXT stays, so the probe is resent until accepted.
    if (seqGt(end, t.snd_max)) t.snd_max = end;
    t.flags &= ~TF_FORCE;
    return false;
  }
  t.flags &= ~TF_FORCE;
  t.snd_nxt = end;
  if (seqGt(end, t.snd_max)) t.snd_max = end;
  if (!(t.timers & TM_REXMT)) armRexmt(t);
  rackSent(t, seq, end, rexmit);
  if (!rexmit && len > 0) tlpArm(t); // RFC 8985 7.2: after new data (a bare FIN waits for the RTO)
  return true;
}

function emitSyn(t: Tcb): void {
  emit(t, t.iss, t.state == State.SYN_SENT ? SYN : SYN | ACK, 0);
  t.snd_nxt = t.iss + 1;
  if (seqGt(t.snd_nxt, t.snd_max)) t.snd_max = t.snd_nxt;
  if (!(t.timers & TM_REXMT)) armRexmt(t);
}

// @ts-ignore: decorator
@inline function seqLeqU(a: u32, b: u32): bool { return seqGeq(b, a); }

/** Times one segment for an RTT sample, unless one is being timed (RFC 6298 3, one sample per RTT). */
function startTiming(t: Tcb, seq: u32): void {
  if (t.flags & TF_RTT_TIMING) return;
  t.flags |= TF_RTT_TIMING;
  t.rtt_seq = seq;
  t.rtt_start = now;
}

/** Sends the oldest unacknowledged segment now (fast retransmit, NewReno partial ACK). */
export function retransmitFirst(t: Tcb): void { retransmitAt(t, t.snd_una, 0xffffffff); }

/** Resends up to one segment of data (at most `limit` bytes) from `seq`, with our FIN if it ends there. */
export function retransmitAt(t: Tcb, seq: u32, limit: u32): u32 {
  const end0 = dataEnd(t);
  let len: u32 = seqLt(seq, end0) ? min(min(end0 - seq, maxPayload(t)), limit) : 0;
  let flags = ACK;
  if ((t.flags & TF_FIN_QUEUED) && seq + len == end0 && seqGt(t.snd_max, end0)) flags |= FIN;
  if (len == 0 && !(flags & FIN)) return 0;
  if (len > 0 && seq + len == end0) flags |= PSH;
  t.flags &= ~TF_RTT_TIMING; // Karn: no sample from a retransmitted segment
  emit(t, seq, flags, len);
  const n = len + ((flags & FIN) ? 1 : 0);
  rackSent(t, seq, seq + n, true);
  return n;
}
