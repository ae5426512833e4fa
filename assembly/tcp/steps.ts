// Pieces of RFC 9293 3.10.7.4 that the general path (input.ts) and header prediction (predict.ts) both
// take, so the two cannot drift apart.
import { Timer } from "../abi";
import { TCP_MSS, TCP_DELACK_MS } from "../config";
import { seg_seq, seg_flags, seg_wnd, SYN } from "../wire/tcp";
import { seqLt, seqLeq } from "../wire/seq";
import { now } from "../iface/netif";
import { Stat, countN } from "../iface/stats";
import { Tcb, armTimer, TF_ACK_NOW, TF_DELACK, TM_DELACK, TM_KEEP, TM_PERSIST } from "./tcb";
import { tsUpdateRecent } from "./timestamps";
import { reassPull } from "./reass";

/** SEG.WND in bytes: scaled, except in a SYN (RFC 7323 2.3). */
export function segWnd(t: Tcb): u32 { return (seg_flags & SYN) ? seg_wnd : seg_wnd << t.snd_scale; }

/** An acceptable segment arrived (after the first step): the keepalive clock restarts, TS.Recent moves. */
export function segmentAccepted(t: Tcb): void {
  t.last_rcv = now;
  tsUpdateRecent(t);
  if (t.timers & TM_KEEP) { armTimer(t, Timer.KEEPALIVE, <u32>t.keep_idle_s * 1000); t.keep_probes = 0; }
}

/** Fifth step, the window update: if SND.WL1 < SEG.SEQ or (SND.WL1 = SEG.SEQ and SND.WL2 =< SEG.ACK). */
export function windowUpdate(t: Tcb, ack: u32, wnd: u32): void {
  if (seqLeq(t.snd_una, ack) && (seqLt(t.snd_wl1, seg_seq) || (t.snd_wl1 == seg_seq && seqLeq(t.snd_wl2, ack)))) {
    t.snd_wnd = wnd;
    t.snd_wl1 = seg_seq;
    t.snd_wl2 = ack;
    if (wnd > t.max_snd_wnd) t.max_snd_wnd = wnd;
    if (wnd > 0 && (t.timers & TM_PERSIST)) { t.timers &= ~TM_PERSIST; t.persist_shift = 0; }
  }
}

/** Seventh step: `n` bytes now in the ring at RCV.NXT advance it, with whatever out-of-order data they
 *  reach, and the ACK they call for is scheduled. */
export function takeInOrder(t: Tcb, n: u32): void {
  const hadHoles = t.ooo_count > 0;
  const nxt = hadHoles ? reassPull(t, t.rcv_nxt + n) : t.rcv_nxt + n;
  const advanced = nxt - t.rcv_nxt;
  t.rcv_nxt = nxt;
  t.rcv_len += advanced;
  countN(Stat.TCP_RX_BYTES, advanced);
  if (hadHoles) {
    t.flags |= TF_ACK_NOW; // RFC 5681 4.2: ACK at once when a segment fills (part of) a gap
  } else {
    // RFC 5681 4.2 / RFC 1122 4.2.3.2: ACK at least every second full-sized segment, else within 200 ms.
    t.acked_since_ack += advanced;
    if (t.acked_since_ack >= 2 * min(t.snd_mss, <u32>TCP_MSS)) t.flags |= TF_ACK_NOW;
    else if (!(t.timers & TM_DELACK)) { armTimer(t, Timer.DELACK, TCP_DELACK_MS); t.flags |= TF_DELACK; }
  }
}
