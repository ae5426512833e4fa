// Timers of every connection, run from poll(now): retransmission (RFC 6298), persist (RFC 9293 3.8.6.1),
// delayed ACK (RFC 1122 4.2.3.2), keepalive (RFC 1122 4.2.3.6), TIME-WAIT and the orphan FIN-WAIT-2 limit.
import { State, Trace, Err, Timer } from "../abi";
import { TCP_CONNECTIONS, TCP_MAX_RETRIES, TCP_SYN_RETRIES, TCP_SYNACK_RETRIES, TCP_ORPHAN_RETRIES } from "../config";
import { seqLeq } from "../wire/seq";
import { ACK } from "../wire/tcp";
import { now } from "../iface/netif";
import { ipUnreachable } from "../iface/ip";
import { Stat, count } from "../iface/stats";
import { trace } from "../host";
import {
  Tcb, tcb, tcbHandle, tcbResetAll, isUsed, TF_SYN_ACKED, TF_SYN_REXMT, TF_RTT_TIMING, TF_PASSIVE, TF_FORCE,
  TF_ACK_NOW, TM_REXMT, TM_PERSIST, TM_DELACK, TM_KEEP, TM_2MSL, TM_PTO, TM_REO, armTimer, rfcSndNxt,
} from "./tcb";
import { tcpOutput, emit, armRexmt } from "./output";
import { onTimeout } from "./congestion";
import { rtoBackoff } from "./rtt";
import { rtoParamsReset } from "./rto-params";
import { sackClear } from "./sack";
import { rackOnTimeout, rackReoTimeout, tlpTimeout } from "./rack";
import { enterClosed, dropWithError, resetConnection } from "./conn";
import { cookieReset } from "./syncookie";
import { isOrphan } from "./reclaim";

export function tcpReset(): void { tcbResetAll(); cookieReset(); rtoParamsReset(); }

// @ts-ignore: decorator
@inline function due(deadline: u32): bool { return seqLeq(deadline, now); }

/** Runs every due timer; returns ms until the earliest armed one, or -1. */
export function tcpPoll(): i32 {
  let next: i32 = -1;
  for (let i = 0; i < TCP_CONNECTIONS; i++) {
    const t = tcb(i);
    if (!isUsed(t) || t.timers == 0) continue;
    // As Linux: a connect whose next hop never answers ARP (3 requests 1 s apart, RFC 1122 2.3.2.1's
    // rate) ends with EHOSTUNREACH, not after minutes of SYNs that cannot leave.
    if (t.state == State.SYN_SENT && ipUnreachable(t.remote_ip)) { dropWithError(t, Err.HOSTUNREACH); continue; }
    if ((t.timers & TM_2MSL) && due(t.t_2msl)) { fire(t, t.state == State.FIN_WAIT_2 ? Timer.FIN_WAIT_2 : Timer.TIME_WAIT); expire2msl(t); }
    if (!isUsed(t)) continue;
    if ((t.timers & TM_REXMT) && due(t.t_rexmt)) { fire(t, Timer.REXMT); retransmitTimeout(t); }
    if (!isUsed(t)) continue;
    if ((t.timers & TM_REO) && due(t.t_reo)) { fire(t, Timer.REORDER); rackReoTimeout(t); }
    if ((t.timers & TM_PTO) && due(t.t_pto)) { fire(t, Timer.TLP); tlpTimeout(t); }
    if ((t.timers & TM_PERSIST) && due(t.t_persist)) { fire(t, Timer.PERSIST); persistTimeout(t); }
    if ((t.timers & TM_DELACK) && due(t.t_delack)) {
      fire(t, Timer.DELACK);
      count(Stat.TCP_DELAYED_ACKS);
      t.timers &= ~TM_DELACK;
      t.flags |= TF_ACK_NOW;
      tcpOutput(t);
    }
    if ((t.timers & TM_KEEP) && due(t.t_keep)) { fire(t, Timer.KEEPALIVE); keepaliveTimeout(t); }
    if (!isUsed(t)) continue;
    next = earliest(next, t, TM_2MSL, t.t_2msl);
    next = earliest(next, t, TM_REXMT, t.t_rexmt);
    next = earliest(next, t, TM_PERSIST, t.t_persist);
    next = earliest(next, t, TM_DELACK, t.t_delack);
    next = earliest(next, t, TM_KEEP, t.t_keep);
    next = earliest(next, t, TM_PTO, t.t_pto);
    next = earliest(next, t, TM_REO, t.t_reo);
  }
  return next;
}

function fire(t: Tcb, which: Timer): void { trace(Trace.TIMER, tcbHandle(t), which, 0); }

function earliest(next: i32, t: Tcb, bit: u32, deadline: u32): i32 {
  if (!(t.timers & bit)) return next;
  const d = max(<i32>(deadline - now), 0);
  return next < 0 || d < next ? d : next;
}

function expire2msl(t: Tcb): void {
  t.timers &= ~TM_2MSL;
  if (t.state == State.TIME_WAIT) enterClosed(t); // RFC 9293 3.10.8: delete the TCB
  else if (t.state == State.FIN_WAIT_2) { count(Stat.TCP_TIMEOUTS); resetConnection(t, Err.TIMEDOUT); }
}

/** RFC 6298 5.4-5.6 and RFC 5681 3.1: retransmit the earliest segment, back off, shrink cwnd. */
function retransmitTimeout(t: Tcb): void {
  t.timers &= ~TM_REXMT;
  const st = t.state;
  if (t.snd_wnd == 0 && (t.flags & TF_SYN_ACKED)) {
    // The window shrank to zero under data in flight. RFC 9293 3.8.6.1: keep retransmitting even so;
    // this timeout sends a probe and the persist timer takes over, which never gives up while the peer
    // answers (RFC 1122 4.2.2.17).
    t.snd_nxt = t.snd_una;
    t.rexmt_count = 0;
    t.persist_shift = 0;
    persistTimeout(t);
    return;
  }
  const limit = st == State.SYN_SENT ? TCP_SYN_RETRIES : (st == State.SYN_RECEIVED ? TCP_SYNACK_RETRIES :
    (isOrphan(t) ? min(TCP_MAX_RETRIES, TCP_ORPHAN_RETRIES) : TCP_MAX_RETRIES));
  if (t.rexmt_count >= limit) {
    count(Stat.TCP_TIMEOUTS);
    if (limit < TCP_MAX_RETRIES && isOrphan(t)) count(Stat.TCP_ORPHANS_DROPPED);
    // A half-open passive connection just goes; anything else reports ETIMEDOUT.
    if (st == State.SYN_RECEIVED && (t.flags & TF_PASSIVE)) enterClosed(t);
    else if (st == State.SYN_SENT) dropWithError(t, Err.TIMEDOUT);
    else resetConnection(t, Err.TIMEDOUT);
    return;
  }
  t.rexmt_count++;
  count(Stat.TCP_RTO_TIMEOUTS);
  rtoBackoff(t);
  if (!(t.flags & TF_SYN_ACKED)) t.flags |= TF_SYN_REXMT;
  else onTimeout(t);
  t.flags &= ~TF_RTT_TIMING; // Karn
  t.snd_nxt = t.snd_una; // go back N: everything from SND.UNA is resent as the window opens
  sackClear(t);
  rackOnTimeout(t);
  armRexmt(t);
  tcpOutput(t);
}

/** Zero-window probe (RFC 9293 3.8.6.1, RFC 1122 4.2.2.17): one sequence number beyond the window. */
function persistTimeout(t: Tcb): void {
  // An orphan's peer that keeps its window shut gets a bounded number of probes (Linux tcp_orphan_retries);
  // the RST goes at SND.NXT, before the unaccepted probe byte, where a zero window accepts it.
  if (isOrphan(t) && t.persist_shift >= TCP_ORPHAN_RETRIES) {
    count(Stat.TCP_ORPHANS_DROPPED);
    resetConnection(t, Err.TIMEDOUT);
    return;
  }
  t.timers &= ~TM_PERSIST;
  count(Stat.TCP_PERSIST_PROBES);
  t.persist_shift++;
  t.flags |= TF_FORCE;
  tcpOutput(t);
  t.flags &= ~TF_FORCE;
  // Keep probing while the window stays shut; the peer's ACKs keep the connection alive meanwhile.
  if (t.snd_wnd == 0 && isUsed(t) && !(t.timers & TM_REXMT)) {
    t.persist_shift = min(t.persist_shift, 16);
    tcpOutput(t); // re-arms the persist timer: nothing can be sent
  }
}

/** RFC 1122 4.2.3.6: after the idle time, probe keepcnt times at keepintvl, then give up. */
function keepaliveTimeout(t: Tcb): void {
  const st = t.state;
  if (st != State.ESTABLISHED && st != State.CLOSE_WAIT && st != State.FIN_WAIT_1 && st != State.FIN_WAIT_2) {
    t.timers &= ~TM_KEEP;
    return;
  }
  if (t.snd_max != t.snd_una) {
    // Data in flight: the retransmission timer watches the peer already.
    armTimer(t, Timer.KEEPALIVE, <u32>t.keep_idle_s * 1000);
    return;
  }
  if (t.keep_probes >= t.keep_cnt) {
    count(Stat.TCP_TIMEOUTS);
    resetConnection(t, Err.TIMEDOUT);
    return;
  }
  // <SEQ=SND.NXT-1><ACK=RCV.NXT>, no data: the peer must answer with an ACK.
  count(Stat.TCP_KEEPALIVE_PROBES);
  t.keep_probes++;
  emit(t, rfcSndNxt(t) - 1, ACK, 0);
  armTimer(t, Timer.KEEPALIVE, <u32>t.keep_intvl_s * 1000);
}
