// RACK-TLP (RFC 8985): losses detected by time rather than by counting duplicate ACKs, and a tail loss
// probe. Each connection keeps a fixed table of what it has in flight, in sequence order: one record per
// segment sent (its start; it ends where the next begins, the last at SND.MAX), the time of its latest
// transmission and whether it was delivered, marked lost or retransmitted. A segment is lost when one sent
// after it has been delivered and a reordering window has passed since (RFC 8985 6.2). When the table is
// full the newest record absorbs further segments: their loss is then found later, never wrongly.
// Active on connections whose peer does SACK (the records learn delivery from the scoreboard).
import { TCP_CONNECTIONS, TCP_RACK, TCP_RACK_SEGMENTS, TCP_DELACK_MS } from "../config";
import { seg_ts, seg_tsecr } from "../wire/tcp";
import { seqLt, seqGt, seqLeq, seqGeq, seqMax } from "../wire/seq";
import { now } from "../iface/netif";
import { Stat, count } from "../iface/stats";
import { Tcb, tcbIndex, sackedRanges, TF_SACK_OK, TF_TS_OK, TF_IN_RECOVERY, TF_HAD_SAMPLE, TF_RTT_TIMING, TM_REXMT, TM_PERSIST, TM_PTO, TM_REO } from "./tcb";
import { rangeStart, rangeEnd } from "./ranges";
import { retransmitAt, armRexmt, tcpOutput } from "./output";
import { reduceSsthresh, undoReduction } from "./congestion";

// Tcb.rack_flags.
const RK_REORDERING_SEEN: u32 = 1; // RACK.reordering_seen
const RK_TLP_OUT: u32 = 2; // a probe is outstanding: TLP.end_seq is valid
const RK_TLP_RETRANS: u32 = 4; // TLP.is_retrans
const RK_XMIT_TS: u32 = 8; // RACK.xmit_ts is set
const RK_DSACK_ROUND: u32 = 16; // RACK.dsack_round is set (reo_round)

// Record flags (low byte); above them, the order of the record's latest transmission among all of the
// connection's: millisecond timestamps tie often, and RFC 8985's tie-break by sequence number would call a
// retransmission older than new data sent before it in the same millisecond.
const R_DELIVERED: u32 = 1; // cumulatively or selectively acknowledged
const R_LOST: u32 = 2; // marked lost, not yet retransmitted
const R_RETRANS: u32 = 4; // retransmitted at least once

const REC: i32 = 12; // start, xmit_ts, flags
const RECORDS = memory.data(REC * TCP_RACK_SEGMENTS * TCP_CONNECTIONS);

// @ts-ignore: decorator
@inline function rec(t: Tcb, i: i32): usize { return RECORDS + <usize>(tcbIndex(t) * TCP_RACK_SEGMENTS + i) * REC; }
// @ts-ignore: decorator
@inline function recStart(t: Tcb, i: i32): u32 { return load<u32>(rec(t, i)); }
// @ts-ignore: decorator
@inline function recTs(t: Tcb, i: i32): u32 { return load<u32>(rec(t, i), 4); }
// @ts-ignore: decorator
@inline function recFlags(t: Tcb, i: i32): u32 { return load<u32>(rec(t, i), 8); }
function recEnd(t: Tcb, i: i32): u32 { return i + 1 < t.rack_count ? recStart(t, i + 1) : t.snd_max; }
function setRec(t: Tcb, i: i32, ts: u32, flags: u32): void { store<u32>(rec(t, i), ts, 4); store<u32>(rec(t, i), flags, 8); }

/** RACK runs on this connection: built in, and the peer sends SACK blocks. */
export function rackOn(t: Tcb): bool { return TCP_RACK && (t.flags & TF_SACK_OK) != 0; }

/** RACK_sent_after (RFC 8985 6.2): transmission 1 is later than 2, by time and then by send order. */
function sentAfter(t1: u32, order1: u32, t2: u32, order2: u32): bool { return <i32>(t1 - t2) > 0 || (t1 == t2 && <i32>((order1 - order2) << 8) > 0); }

/** Stamps record `i` as sent now, with the flags `f` (low byte). */
function stamp(t: Tcb, i: i32, f: u32): void { t.rack_order++; setRec(t, i, now, (t.rack_order << 8) | f); }

/** A segment [seq, end) was sent now: a new record, or, for a retransmission, every record it covers. */
export function rackSent(t: Tcb, seq: u32, end: u32, rexmit: bool): void {
  if (t.flags & TF_IN_RECOVERY) t.prr_out += end - seq; // RFC 6937 prr_out
  if (!rackOn(t) || seq == end) return;
  const n = t.rack_count;
  if (!rexmit) {
    if (n >= TCP_RACK_SEGMENTS) { stamp(t, n - 1, 0); return; } // the newest absorbs it
    if (n == 0) t.rack_fack = seq; // nothing SACKed above SND.UNA yet
    store<u32>(rec(t, n), seq);
    stamp(t, n, 0);
    t.rack_count = n + 1;
    return;
  }
  for (let i = 0; i < n; i++) {
    if (seqLeq(end, recStart(t, i))) break;
    if (seqGt(recEnd(t, i), seq)) stamp(t, i, (recFlags(t, i) & R_DELIVERED) | R_RETRANS);
  }
}

/** [s, e) lies within one range of the SACK scoreboard. */
function sacked(t: Tcb, s: u32, e: u32): bool {
  const b = sackedRanges(t);
  for (let i = 0; i < t.sacked_count; i++) if (seqLeq(rangeStart(b, i), s) && seqGeq(rangeEnd(b, i), e)) return true;
  return false;
}

/** Data from `seq` arrived after data up to RACK.fack: the reordering degree is the distance in
 *  segments (as Linux's tcpi_reordering: (fack - seq) / SMSS), the largest seen kept. */
function noteReordering(t: Tcb, seq: u32): void {
  if (!seqLt(seq, t.rack_fack)) return;
  const degree = (t.rack_fack - seq) / t.snd_mss;
  if (degree > t.reordering) t.reordering = degree;
}

/** RFC 8985 6.2 steps 1-3 for one newly delivered record: the most recently sent delivered segment gives
 *  RACK.xmit_ts, RACK.end_seq and RACK.rtt; one delivered below the highest SACKed sequence (and never
 *  retransmitted) shows reordering. */
function delivered(t: Tcb, i: i32, e: u32): void {
  const ts = recTs(t, i), flags = recFlags(t, i), order = flags >> 8;
  if (!(flags & R_RETRANS) && seqLt(e, t.rack_fack)) {
    t.rack_flags |= RK_REORDERING_SEEN;
    noteReordering(t, recStart(t, i));
  }
  const rtt = now - ts;
  if (flags & R_RETRANS) {
    // Which transmission was delivered? The echo says (timestamps), or a delivery sooner than any round
    // trip so far must be the original's.
    if ((t.flags & TF_TS_OK) && seg_ts && seqLt(seg_tsecr, ts + t.ts_offset)) {
      // A probe that only repeated a segment which had arrived calls for no reduction (RFC 8985 7.4).
      if ((t.rack_flags & RK_TLP_RETRANS) && e == t.tlp_end_seq) t.rack_flags &= ~RK_TLP_RETRANS;
      noteReordering(t, recStart(t, i));
      widenReoWnd(t);
      spurious(t);
      return;
    }
    if (rtt < t.rack_min_rtt) return;
  }
  if (t.rack_min_rtt == 0 || rtt < t.rack_min_rtt) t.rack_min_rtt = max(rtt, 1);
  if (!(t.rack_flags & RK_XMIT_TS) || sentAfter(ts, order, t.rack_xmit_ts, t.rack_xmit_order) || (ts == t.rack_xmit_ts && order == t.rack_xmit_order)) {
    t.rack_flags |= RK_XMIT_TS;
    t.rack_xmit_ts = ts;
    t.rack_xmit_order = order;
    t.rack_rtt = rtt;
  }
}

/** The echo of a delivered, retransmitted segment is older than its retransmission: the original arrived,
 *  the retransmission was not needed (RFC 3522 4). As a DSACK would (RFC 8985 6.2 step 4), this widens the
 *  reordering window by a quarter of the minimum RTT, at most once a round trip; and when every segment
 *  the recovery resent proves spurious, the window reduction is undone (RFC 4015 3.2). */
function spurious(t: Tcb): void {
  count(Stat.TCP_SPURIOUS_RETRANSMITS);
  t.spurious++;
  if (t.undo_retrans > 0 && --t.undo_retrans == 0 && t.prior_cwnd != 0 && !lostPending(t)) {
    t.cwnd = max(t.cwnd, t.prior_cwnd);
    t.ssthresh = max(t.ssthresh, t.prior_ssthresh);
    undoReduction(t);
    t.flags &= ~TF_IN_RECOVERY;
    t.prior_cwnd = 0;
    count(Stat.TCP_UNDOS);
    t.undos++;
  }
}

/** RFC 8985 6.2 step 4 on a D-SACK (or an echo that shows the same): the multiplier grows once a round
 *  trip, a round ending when data sent after it is acknowledged (so the echo and the D-SACK of one
 *  retransmission count once), and the widened window persists for 16 recoveries. */
function widenReoWnd(t: Tcb): void {
  t.rack_flags |= RK_REORDERING_SEEN;
  if (!(t.rack_flags & RK_DSACK_ROUND) || seqGt(t.snd_una, t.reo_round)) {
    t.rack_reo_mult++;
    t.reo_round = t.snd_max;
    t.rack_flags |= RK_DSACK_ROUND;
  }
  t.reo_persist = 16;
}

/** A recovery ended: the widened reordering window decays after 16 of them without a D-SACK (RFC 8985 6.2). */
export function rackRecoveryDone(t: Tcb): void {
  if (t.reo_persist > 0 && --t.reo_persist == 0) t.rack_reo_mult = 0;
}

/** The peer reported [s, e) as received twice (RFC 2883). It widens the reordering window. Without
 *  timestamps it is also how a retransmission of the recovery under way shows itself spurious, and when
 *  all of them have, the reduction is undone (RFC 3708 3.2); with timestamps the echo said so a half
 *  round trip earlier (delivered()), and the D-SACK is not counted twice. A D-SACK of a probe's
 *  retransmission ends its episode without a reduction (RFC 8985 7.4). */
export function rackDsack(t: Tcb, s: u32, e: u32): void {
  count(Stat.TCP_DSACKS_RECEIVED);
  if (!rackOn(t)) return;
  widenReoWnd(t);
  if ((t.rack_flags & RK_TLP_RETRANS) && e == t.tlp_end_seq) t.rack_flags &= ~RK_TLP_RETRANS;
  if ((t.flags & TF_TS_OK) || t.prior_cwnd == 0 || seqLt(s, t.undo_marker) || seqGt(e, t.high_rxt)) return;
  noteReordering(t, s);
  spurious(t);
}

function lostPending(t: Tcb): bool {
  for (let i = 0; i < t.rack_count; i++) if ((recFlags(t, i) & (R_LOST | R_DELIVERED)) == R_LOST) return true;
  return false;
}

/** RACK.reo_wnd (RFC 8985 6.2 step 4): none in recovery or with three segments SACKed, unless reordering
 *  has been seen; otherwise a quarter of the RTT, times the DSACK-driven multiplier, at most SRTT. The RFC
 *  takes a quarter of the minimum RTT; we take SRTT's quarter once there is one: on a path that reorders, a
 *  segment that overtakes the others (and the ACK that overtakes theirs) gives a minimum RTT far below the
 *  path's, down to a millisecond, and a window of a quarter of it never grows enough, however many D-SACKs. */
export function rackReoWnd(t: Tcb): u32 {
  if (!(t.rack_flags & RK_REORDERING_SEEN)) {
    if (t.flags & TF_IN_RECOVERY) return 0;
    let sackedSegs = 0;
    for (let i = 0; i < t.rack_count; i++) if ((recFlags(t, i) & R_DELIVERED) && seqGt(recStart(t, i), t.snd_una)) sackedSegs++;
    if (sackedSegs >= 3) return 0; // DupThresh
  }
  const base = (t.srtt8 >> 3) > 0 ? t.srtt8 >> 3 : t.rack_min_rtt;
  return min((base >> 2) * <u32>(1 + t.rack_reo_mult), max(t.srtt8 >> 3, 1));
}

/** The RTT a segment is given before the reordering window starts: RACK.rtt, that of the most recently sent
 *  segment delivered (RFC 8985 6.2 step 5). Where reordering has been seen, at least SRTT: the segment that
 *  overtook the others is the one delivered most recently, and its short trip says nothing of theirs. */
function lossRtt(t: Tcb): u32 { return (t.rack_flags & RK_REORDERING_SEEN) ? max(t.rack_rtt, t.srtt8 >> 3) : t.rack_rtt; }

/** Set by detectLoss: a record is marked lost and not delivered (one to resend). */
let lostFound = false;

/** RFC 8985 6.2 step 5: marks lost every undelivered segment sent before RACK.xmit_ts longer ago than
 *  RACK.rtt + reo_wnd; returns how long until the next one would be (0: none pending). Sets lostFound. */
function detectLoss(t: Tcb): u32 {
  const reo = rackReoWnd(t);
  const known = (t.rack_flags & RK_XMIT_TS) != 0; // no delivery timed yet: nothing can be found lost
  let timeout: i32 = 0;
  lostFound = false;
  for (let i = 0; i < t.rack_count; i++) {
    const f = recFlags(t, i);
    if (f & (R_DELIVERED | R_LOST)) { if (!(f & R_DELIVERED)) lostFound = true; continue; }
    const ts = recTs(t, i);
    if (!known || !sentAfter(t.rack_xmit_ts, t.rack_xmit_order, ts, f >> 8)) continue;
    const remaining = <i32>(ts + lossRtt(t) + reo - now);
    if (remaining <= 0) {
      setRec(t, i, ts, f | R_LOST);
      count(Stat.TCP_RACK_LOSSES);
      lostFound = true;
    } else if (remaining > timeout) timeout = remaining;
  }
  return <u32>timeout;
}

/** Bytes above SND.UNA that are delivered (SACKed) or marked lost and not yet resent: what has left the
 *  network, so that in recovery the sender may send cwnd - pipe (RFC 6675 2, "pipe"). */
export function rackCredit(t: Tcb): u32 {
  if (!rackOn(t) || !(t.flags & TF_IN_RECOVERY)) return 0;
  let n: u32 = 0;
  for (let i = 0; i < t.rack_count; i++) {
    if (!(recFlags(t, i) & (R_DELIVERED | R_LOST))) continue;
    const s = seqMax(recStart(t, i), t.snd_una), e = recEnd(t, i);
    if (seqGt(e, s)) n += e - s;
  }
  return n;
}

/** Fast recovery on a RACK loss (RFC 8985 6.2 step 6 with RFC 5681 3.2's reduction), unless this flight
 *  is already being recovered (RFC 6582 `recover`, also after a timeout). */
function enterRecovery(t: Tcb): bool {
  if ((t.flags & TF_IN_RECOVERY) || seqLt(t.snd_una, t.recover)) return false;
  t.prior_cwnd = t.cwnd;
  t.prior_ssthresh = t.ssthresh;
  t.undo_retrans = 0;
  t.undo_marker = t.snd_una;
  t.high_rxt = t.snd_una;
  reduceSsthresh(t, t.snd_max - t.snd_una);
  // RFC 6937: cwnd now follows what is delivered (prr()), from a flight of RecoverFS.
  t.prr_delivered = 0;
  t.prr_out = 0;
  t.recover_fs = t.snd_max - t.snd_una;
  t.recover = t.snd_max;
  t.flags = (t.flags | TF_IN_RECOVERY) & ~TF_RTT_TIMING;
  t.timers &= ~TM_PTO;
  count(Stat.TCP_FAST_RETRANSMITS);
  return true;
}

/** Resends the segments marked lost, lowest first, while cwnd - pipe allows a segment (RFC 6675 5),
 *  and one in any case on entering recovery (RFC 6675 5 step 3). */
function retransmitLost(t: Tcb, entering: bool): void {
  let sent = !entering;
  for (let i = 0; i < t.rack_count; i++) {
    if ((recFlags(t, i) & (R_LOST | R_DELIVERED)) != R_LOST) continue;
    const flight = t.snd_max - t.snd_una, credit = rackCredit(t);
    const pipe = flight > credit ? flight - credit : 0;
    if (sent && pipe + t.snd_mss > t.cwnd) return;
    let s = seqMax(recStart(t, i), t.snd_una);
    const e = recEnd(t, i);
    while (seqLt(s, e)) {
      const n = retransmitAt(t, s, e - s);
      if (n == 0) break;
      s += n;
    }
    t.high_rxt = seqMax(t.high_rxt, s);
    sent = true;
    t.undo_retrans++;
  }
}

/** After an acceptable ACK (SND.UNA and the scoreboard updated): RACK (RFC 8985 6.2), the end of a
 *  probe's episode (7.4), recovery and the timers. */
export function rackOnAck(t: Tcb, unaAdvanced: bool, deliveredData: u32): void {
  if (!rackOn(t)) return;
  for (let i = 0; i < t.rack_count; i++) {
    const f = recFlags(t, i);
    if (f & R_DELIVERED) continue;
    const s = recStart(t, i), e = recEnd(t, i);
    if (!seqLeq(e, t.snd_una) && !sacked(t, s, e)) {
      // In sequence order: with no SACKed ranges, no later record is delivered either.
      if (t.sacked_count == 0) break;
      continue;
    }
    setRec(t, i, recTs(t, i), f | R_DELIVERED);
    delivered(t, i, e);
    if (seqGt(e, t.snd_una) && seqGt(e, t.rack_fack)) t.rack_fack = e;
  }
  // Records wholly acknowledged leave the table.
  let k = 0;
  while (k < t.rack_count && seqLeq(recEnd(t, k), t.snd_una)) k++;
  if (k > 0) {
    memory.copy(rec(t, 0), rec(t, k), <usize>((t.rack_count - k) * REC));
    t.rack_count -= k;
  }
  if (t.rack_count > 0 && seqLt(recStart(t, 0), t.snd_una)) store<u32>(rec(t, 0), t.snd_una);
  tlpEpisode(t);
  lossDetection(t, deliveredData);
  if (unaAdvanced) tlpArm(t);
}

function lossDetection(t: Tcb, deliveredData: u32): void {
  if (t.timers & TM_PERSIST) return;
  const timeout = detectLoss(t);
  if (timeout > 0) { t.timers |= TM_REO; t.t_reo = now + timeout; } else t.timers &= ~TM_REO;
  const lost = lostFound; // lostPending(t), found by detectLoss's scan
  const entering = lost && enterRecovery(t);
  if (t.flags & TF_IN_RECOVERY) prr(t, deliveredData);
  if (lost) retransmitLost(t, entering);
}

/** Proportional rate reduction with slow-start reduction bound (RFC 6937 3, PRR-SSRB): on each ACK in
 *  recovery, cwnd becomes pipe plus what may be sent, so that sending tracks delivery down to ssthresh
 *  (instead of a pause while half the flight drains, then a burst), and climbs back to it, at most one
 *  segment beyond what was delivered, when losses took pipe below it. */
function prr(t: Tcb, deliveredData: u32): void {
  t.prr_delivered += deliveredData;
  const flight = t.snd_max - t.snd_una, credit = rackCredit(t);
  const pipe = flight > credit ? flight - credit : 0;
  let sndcnt: i64;
  if (pipe > t.ssthresh) {
    sndcnt = <i64>((<u64>t.prr_delivered * t.ssthresh + t.recover_fs - 1) / max(t.recover_fs, 1)) - <i64>t.prr_out;
  } else {
    const limit = max(<i64>t.prr_delivered - <i64>t.prr_out, <i64>deliveredData) + t.snd_mss;
    sndcnt = min(<i64>(t.ssthresh - pipe), limit);
  }
  t.cwnd = pipe + <u32>max(sndcnt, 0);
}

/** The reordering timer (RFC 8985 6.3): the window has passed for a segment that may be lost. */
export function rackReoTimeout(t: Tcb): void {
  t.timers &= ~TM_REO;
  lossDetection(t, 0);
  tcpOutput(t);
}

/** RFC 8985 7.2: after new data is sent, or an ACK advances SND.UNA, outside recovery, the probe timeout
 *  is 2*SRTT (1 s before any sample), plus the worst-case delayed ACK when one segment is in flight;
 *  none if the retransmission timer would fire first. */
export function tlpArm(t: Tcb): void {
  t.timers &= ~TM_PTO;
  if (!rackOn(t) || (t.flags & TF_IN_RECOVERY) || (t.rack_flags & RK_TLP_OUT) || !(t.timers & TM_REXMT) ||
      (t.timers & TM_PERSIST) || t.snd_max == t.snd_una) return;
  let pto: u32 = (t.flags & TF_HAD_SAMPLE) ? max(t.srtt8 >> 2, 1) : 1000;
  if (t.snd_max - t.snd_una <= t.snd_mss) pto += TCP_DELACK_MS;
  if (seqGeq(now + pto, t.t_rexmt)) return;
  t.timers |= TM_PTO;
  t.t_pto = now + pto;
}

/** The probe timeout (RFC 8985 7.3): one new segment if the peer's window allows, else the last one
 *  again, so that its ACK (or SACK) reveals a tail loss without waiting for the RTO. */
export function tlpTimeout(t: Tcb): void {
  t.timers &= ~TM_PTO;
  count(Stat.TCP_TLP_PROBES);
  t.tlps++;
  const before = t.snd_max;
  const cwnd = t.cwnd;
  t.cwnd += t.snd_mss; // past the congestion window by one segment
  tcpOutput(t);
  t.cwnd = cwnd;
  t.rack_flags |= RK_TLP_OUT;
  if (t.snd_max != before) t.rack_flags &= ~RK_TLP_RETRANS;
  else {
    const last = t.rack_count > 0 ? recStart(t, t.rack_count - 1) : t.snd_una;
    const s = seqMax(last, t.snd_max - min(t.snd_max - t.snd_una, t.snd_mss));
    retransmitAt(t, s, t.snd_max - s);
    t.rack_flags |= RK_TLP_RETRANS;
  }
  t.tlp_end_seq = t.snd_max;
  armRexmt(t); // 7.3: the RTO, not another probe, follows a probe
  t.timers &= ~TM_PTO;
}

/** RFC 8985 7.4: the ACK covering the probe ends its episode. If the probe was a retransmission, the loss
 *  it repaired calls for the congestion response fast recovery would have made (without a DSACK saying the
 *  original arrived, the loss is assumed). */
function tlpEpisode(t: Tcb): void {
  if (!(t.rack_flags & RK_TLP_OUT) || seqLt(t.snd_una, t.tlp_end_seq)) return;
  if ((t.rack_flags & RK_TLP_RETRANS) && !(t.flags & TF_IN_RECOVERY)) {
    reduceSsthresh(t, t.cwnd);
    t.cwnd = t.ssthresh;
    count(Stat.TCP_TLP_RECOVERIES);
  }
  t.rack_flags &= ~(RK_TLP_OUT | RK_TLP_RETRANS);
}

/** A retransmission timeout (RFC 8985 6.3): everything is resent from SND.UNA and the scoreboard is not
 *  trusted, so the records forget deliveries and marks; probes and the reordering timer stop. */
export function rackOnTimeout(t: Tcb): void {
  t.prior_cwnd = 0; // no undo across a timeout
  t.undo_retrans = 0;
  t.timers &= ~(TM_PTO | TM_REO);
  t.rack_flags &= ~(RK_TLP_OUT | RK_TLP_RETRANS);
  for (let i = 0; i < t.rack_count; i++) setRec(t, i, recTs(t, i), recFlags(t, i) & ~(R_DELIVERED | R_LOST));
  t.rack_fack = t.snd_una;
}

/** Static bytes of the records, per connection (for config_bytes_per_connection). */
export const RACK_RECORD_BYTES: i32 = REC * TCP_RACK_SEGMENTS;
