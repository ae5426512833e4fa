// Congestion control: RFC 5681 (slow start, congestion avoidance, fast retransmit) with NewReno
// fast recovery (RFC 6582); with TCP_CUBIC, CUBIC's growth and reduction (cubic.ts) in their place.
import { TCP_INITIAL_WINDOW_SEGMENTS, TCP_CUBIC } from "../config";
import { seqGeq } from "../wire/seq";
import { Stat, count } from "../iface/stats";
import { Tcb, TF_IN_RECOVERY, TF_RTT_TIMING } from "./tcb";
import { now } from "../iface/netif";
import { retransmitFirst, retransmitAt } from "./output";
import { sackNextHole, holeStart, holeLen } from "./sack";
import { seqMax } from "../wire/seq";
import { rackOn, rackRecoveryDone } from "./rack";
import { cubicAvoid, cubicReduce, cubicTimeout, cubicUndo, cubicRestart, CWND_MAX } from "./cubic";

/** RFC 3390 (or RFC 6928 when configured with 10 segments). */
export function initialWindow(mss: u32): u32 {
  if (TCP_INITIAL_WINDOW_SEGMENTS > 0) return <u32>TCP_INITIAL_WINDOW_SEGMENTS * mss;
  return min(4 * mss, max(2 * mss, 4380));
}

function flightSize(t: Tcb): u32 { return t.snd_max - t.snd_una; }

/** A congestion event reduces ssthresh from `flight` bytes: RFC 5681 eq. (4), max(FlightSize / 2, 2*SMSS),
 *  or CUBIC's (RFC 9438 4.6). */
export function reduceSsthresh(t: Tcb, flight: u32): void {
  if (TCP_CUBIC) cubicReduce(t, flight);
  else t.ssthresh = max(flight / 2, 2 * t.snd_mss);
}
function halveSsthresh(t: Tcb): void { reduceSsthresh(t, flightSize(t)); }

/** A reduction proved spurious and cwnd and ssthresh are back: so is the controller's own state. */
export function undoReduction(t: Tcb): void { if (TCP_CUBIC) cubicUndo(t); }

/** An ACK advanced SND.UNA by `acked` bytes (SND.UNA already updated). */
export function onNewAck(t: Tcb, acked: u32): void {
  const mss = t.snd_mss;
  if (t.flags & TF_IN_RECOVERY) {
    if (rackOn(t) && !seqGeq(t.snd_una, t.recover)) return; // RACK resends what it marks lost (rack.ts)
    if (seqGeq(t.snd_una, t.recover)) {
      // RFC 6582 3.2 step 3, full acknowledgment: deflate to min(ssthresh, max(FlightSize, SMSS) + SMSS).
      t.cwnd = min(t.ssthresh, max(flightSize(t), mss) + mss);
      t.flags &= ~TF_IN_RECOVERY;
      t.dupacks = 0;
      if (rackOn(t)) rackRecoveryDone(t);
    } else {
      // Partial acknowledgment: resend the first unacknowledged segment, deflate by the amount acked,
      // add back one SMSS.
      retransmitFirst(t);
      t.high_rxt = seqMax(t.high_rxt, t.snd_una + t.snd_mss);
      t.cwnd = t.cwnd > acked ? t.cwnd - acked : 0;
      if (acked >= mss) t.cwnd += mss;
      if (t.cwnd < mss) t.cwnd = mss;
    }
    return;
  }
  t.dupacks = 0;
  if (TCP_CUBIC) { cubicOnAck(t, acked); return; }
  if (t.cwnd < t.ssthresh) t.cwnd += min(acked, mss); // RFC 5681 3.1 eq. (2)
  else t.cwnd += max(<u32>1, <u32>(<u64>mss * mss / t.cwnd)); // eq. (3)
  if (t.cwnd > CWND_MAX) t.cwnd = CWND_MAX;
}

/** CUBIC outside recovery. The window grows only while it limits what is sent (RFC 7661 4.2: a window
 *  the flight never filled says nothing of the path, and would make W_max meaningless): in slow start
 *  while the flight before this ACK was at least half of it (as Linux's tcp_is_cwnd_limited), else
 *  within two segments of it. Slow start counts up to 2*SMSS per ACK (RFC 3465 2.2, L = 2). */
function cubicOnAck(t: Tcb, acked: u32): void {
  const mss = t.snd_mss, flight = flightSize(t) + acked;
  if (t.cwnd < t.ssthresh) {
    if (<u64>flight * 2 >= <u64>t.cwnd) t.cwnd = min(t.cwnd + min(acked, 2 * mss), CWND_MAX);
    return;
  }
  if (flight + 2 * mss < t.cwnd) return;
  cubicAvoid(t, acked, t.srtt8 >> 3);
}

/** A duplicate ACK as RFC 5681 2 defines it. */
export function onDupAck(t: Tcb): void {
  t.dupacks++;
  if (rackOn(t)) return; // RFC 8985: with RACK, time, not three duplicate ACKs, decides a loss
  if (t.flags & TF_IN_RECOVERY) {
    t.cwnd += t.snd_mss; // RFC 6582 3.2 step 4: inflate for each segment that has left the network
    // With SACK, each such ACK may also resend the next hole the peer reported (RFC 6675 4, NextSeg 1).
    if (t.sacked_count > 0 && sackNextHole(t, t.high_rxt)) t.high_rxt = holeStart + retransmitAt(t, holeStart, holeLen);
    return;
  }
  // RFC 6582 3.2 step 2: fast retransmit on the third, unless this loss was already recovered from.
  if (t.dupacks != 3 || !seqGeq(t.snd_una, t.recover)) return;
  halveSsthresh(t);
  t.recover = t.snd_max;
  t.flags |= TF_IN_RECOVERY;
  t.flags &= ~TF_RTT_TIMING;
  count(Stat.TCP_FAST_RETRANSMITS);
  retransmitFirst(t);
  t.high_rxt = t.snd_una + t.snd_mss;
  t.cwnd = t.ssthresh + 3 * t.snd_mss; // RFC 5681 3.2 step 3
}

/** Retransmission timeout (RFC 5681 3.1 eq. (4), RFC 6582 3.2 step 5 via `recover`). */
export function onTimeout(t: Tcb): void {
  if (TCP_CUBIC) cubicTimeout(t, flightSize(t)); else halveSsthresh(t);
  t.cwnd = t.snd_mss; // loss window: one segment
  t.recover = t.snd_max;
  t.flags &= ~TF_IN_RECOVERY;
  t.dupacks = 0;
}

/** RFC 5681 4.1: after an idle period longer than RTO, restart from the initial window. */
export function restartAfterIdle(t: Tcb): void {
  if (t.snd_max != t.snd_una || <i32>(now - t.last_send) <= <i32>t.rto) return;
  t.cwnd = min(t.cwnd, initialWindow(t.snd_mss));
  if (TCP_CUBIC) cubicRestart(t);
}
