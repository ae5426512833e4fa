// What must hold of every connection between two ABI calls; the fuzzer checks it after every step.
// Returns 0, or (slot << 8) | the number of the first broken rule (a listener's slot is TCP_CONNECTIONS + i).
import { State } from "../abi";
import { TCP_CONNECTIONS, TCP_LISTENERS, TCP_SND_BUF, TCP_RCV_BUF, TCP_OOO_RANGES, TCP_HALF_OPEN_MAX, TCP_HALF_OPEN_TOTAL } from "../config";
import { seqLeq } from "../wire/seq";
import { Tcb, tcb, isUsed, listener, halfOpenCount, TF_OWNED, TF_CONNECTED, TF_PASSIVE, TF_FIN_RCVD, TM_REXMT, TM_PERSIST, TM_2MSL } from "./tcb";
import { isHalfOpen } from "./reclaim";

export const enum Broken {
  STATE = 1, // a state outside RFC 9293's, or LISTEN in a connection slot
  SEQ_ORDER = 2, // not SND.UNA =< SND.NXT =< SND.MAX
  SND_RING = 3, // more queued to send than the ring holds
  RCV_RING = 4, // more received than the ring holds, or a window beyond it
  RANGES = 5, // out-of-order or SACK range counts outside their tables
  NO_TIMER = 6, // a state that waits on the network without a timer to end the wait
  GHOST = 7, // a slot nobody can reach: not owned, not queued for accept, and not closing
  LISTENER = 8, // a connection queued on a listener slot that is free
  HALF_OPEN = 9, // more half-open connections than the limits allow
}

function checkTcb(t: Tcb): i32 {
  const s = t.state;
  if (s < State.CLOSED || s > State.TIME_WAIT || s == State.LISTEN) return Broken.STATE;
  if (!seqLeq(t.snd_una, t.snd_nxt) || !seqLeq(t.snd_nxt, t.snd_max)) return Broken.SEQ_ORDER;
  if (t.snd_len > <u32>TCP_SND_BUF) return Broken.SND_RING;
  // The window offered never passes the ring (the peer's FIN takes a sequence number, not a byte). With
  // window scaling the rounding up of RFC 7323 2.4 can carry the right edge a few bytes further on each
  // ACK while the window is held, so that case is not checked (receiveText trims to the ring anyway).
  if (t.rcv_len > <u32>TCP_RCV_BUF) return Broken.RCV_RING;
  const fin: u32 = (t.flags & TF_FIN_RCVD) ? 1 : 0;
  if (t.rcv_scale == 0 && seqLeq(t.rcv_nxt, t.rcv_adv) && t.rcv_adv - t.rcv_nxt + t.rcv_len > <u32>TCP_RCV_BUF + fin) return Broken.RCV_RING;
  if (t.ooo_count < 0 || t.ooo_count > TCP_OOO_RANGES || t.sacked_count < 0 || t.sacked_count > TCP_OOO_RANGES) return Broken.RANGES;
  const owned = (t.flags & TF_OWNED) != 0;
  if (s == State.SYN_SENT || s == State.SYN_RECEIVED || s == State.FIN_WAIT_1 || s == State.CLOSING || s == State.LAST_ACK) {
    if (!(t.timers & (TM_REXMT | TM_PERSIST))) return Broken.NO_TIMER;
  }
  if (t.snd_una != t.snd_max && s != State.TIME_WAIT && s != State.CLOSED && !(t.timers & (TM_REXMT | TM_PERSIST))) return Broken.NO_TIMER;
  if (s == State.TIME_WAIT && !(t.timers & TM_2MSL)) return Broken.NO_TIMER;
  if (!owned) {
    if (s == State.FIN_WAIT_2 && !(t.timers & TM_2MSL)) return Broken.NO_TIMER;
    const queued = t.listener >= 0;
    if (s == State.CLOSED || s == State.SYN_SENT) return Broken.GHOST;
    if ((s == State.ESTABLISHED || s == State.CLOSE_WAIT) && !(queued && (t.flags & TF_CONNECTED))) return Broken.GHOST;
    // (An active open that crossed a SYN and was then closed is an orphan in SYN-RECEIVED: its timer ends it.)
    if (s == State.SYN_RECEIVED && !queued && (t.flags & TF_PASSIVE)) return Broken.GHOST;
    if (queued && listener(t.listener).port == 0) return Broken.LISTENER;
  }
  return 0;
}

export function tcpCheck(): i32 {
  let halfOpen = 0;
  for (let i = 0; i < TCP_CONNECTIONS; i++) {
    const t = tcb(i);
    if (!isUsed(t)) continue;
    const r = checkTcb(t);
    if (r) return (i << 8) | r;
    if (isHalfOpen(t)) halfOpen++;
  }
  if (halfOpen > TCP_HALF_OPEN_TOTAL) return (TCP_CONNECTIONS << 8) | Broken.HALF_OPEN;
  for (let i = 0; i < TCP_LISTENERS; i++) {
    if (halfOpenCount(i) > TCP_HALF_OPEN_MAX) return ((TCP_CONNECTIONS + i) << 8) | Broken.HALF_OPEN;
  }
  return 0;
}
