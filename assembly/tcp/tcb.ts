// The transmission control blocks: a fixed table of connections and one of listeners.
// Slots: 0 .. TCP_CONNECTIONS-1 are connections; TCP_CONNECTIONS + i is listener i (handles: handle.ts).
import {
  TCP_CONNECTIONS, TCP_LISTENERS, TCP_SND_BUF, TCP_RCV_BUF, TCP_OOO_RANGES, TCP_DEFAULT_MSS, TCP_KEEPIDLE_S,
  TCP_KEEPINTVL_S, TCP_KEEPCNT,
} from "../config";
import { State, Trace, Timer } from "../abi";
import { now, ip_addr } from "../iface/netif";
import { seqGt } from "../wire/seq";
import { isnFor, tsOffsetFor } from "./isn";
import { initialWindow } from "./congestion";
import { trace } from "../host";
import { handleOf, retire, handlesReset } from "./handle";
import { rtoInitialMs } from "./rto-params";

// Flag bits of Tcb.flags.
export const TF_USED: u32 = 1 << 0; // the slot holds a connection
export const TF_OWNED: u32 = 1 << 1; // the application holds the handle (connect, or accept took it)
export const TF_ACK_NOW: u32 = 1 << 2; // send an ACK on the next output
export const TF_DELACK: u32 = 1 << 3; // an ACK is owed; the delayed-ACK timer is running
export const TF_FIN_QUEUED: u32 = 1 << 4; // the application has no more to send: FIN follows the data
export const TF_FIN_RCVD: u32 = 1 << 5; // the peer's FIN is in (end of stream)
export const TF_RCV_SHUT: u32 = 1 << 6; // the application will read no more (close or SHUT_RD)
export const TF_NODELAY: u32 = 1 << 7; // TCP_NODELAY: Nagle off
export const TF_KEEPALIVE: u32 = 1 << 8; // SO_KEEPALIVE
export const TF_LINGER0: u32 = 1 << 9; // close() aborts
export const TF_CONNECTED: u32 = 1 << 10; // the handshake completed at some point
export const TF_RTT_TIMING: u32 = 1 << 11; // timing the segment that starts at rtt_seq
export const TF_IN_RECOVERY: u32 = 1 << 12; // NewReno fast recovery (RFC 6582)
export const TF_SYN_REXMT: u32 = 1 << 13; // our SYN was retransmitted (RFC 6298 5.7)
export const TF_PASSIVE: u32 = 1 << 14; // born from a listener (RFC 9293: "initiated with a passive OPEN")
export const TF_OOO_FIN: u32 = 1 << 15; // a FIN arrived beyond a hole; ooo_fin holds its sequence number
export const TF_RST_SENT: u32 = 1 << 16; // we reset it (the application sees CONNABORTED)
export const TF_HAD_SAMPLE: u32 = 1 << 17; // at least one RTT sample taken
export const TF_SYN_ACKED: u32 = 1 << 18; // our SYN has been acknowledged
export const TF_FORCE: u32 = 1 << 19; // persist: send one sequence number beyond the window
export const TF_FIN_ACKED: u32 = 1 << 20; // our FIN has been acknowledged
export const TF_WSCALE: u32 = 1 << 21; // both SYNs carried a window scale option (RFC 7323 2.2)
export const TF_SACK_OK: u32 = 1 << 22; // the peer sent SACK-permitted (RFC 2018 2)
export const TF_TS_OK: u32 = 1 << 23; // both SYNs carried timestamps (RFC 7323 3.2)
export const TF_DSACK: u32 = 1 << 24; // a duplicate arrived: [dsack_start, dsack_end) leads the next SACK option (RFC 2883)
export const TF_CUBIC_EPOCH: u32 = 1 << 25; // CUBIC's congestion avoidance stage has begun: cubic_epoch is valid

// Timer bits of Tcb.timers, numbered by the ABI's Timer; the deadlines (t_rexmt ...) are absolute ms.
export const TM_REXMT: u32 = 1 << Timer.REXMT;
export const TM_PERSIST: u32 = 1 << Timer.PERSIST;
export const TM_DELACK: u32 = 1 << Timer.DELACK;
export const TM_KEEP: u32 = 1 << Timer.KEEPALIVE;
export const TM_2MSL: u32 = 1 << Timer.TIME_WAIT; // TIME_WAIT, and the FIN_WAIT_2 timeout of orphans (t_2msl)
export const TM_PTO: u32 = 1 << Timer.TLP; // tail loss probe (RFC 8985 7)
export const TM_REO: u32 = 1 << Timer.REORDER; // RACK's reordering window (RFC 8985 6.3)

// @ts-ignore: decorator
@unmanaged export class Tcb {
  state: i32;
  flags: u32;
  remote_ip: u32;
  local_port: u32;
  remote_port: u32;
  listener: i32; // listener index for passive opens, else -1
  accept_order: u32; // FIFO position in the listener's accept queue
  error: i32; // pending Err for SO_ERROR
  // Send sequence variables (RFC 9293 3.3.1), plus snd_max: the highest sequence number sent.
  iss: u32;
  snd_una: u32;
  snd_nxt: u32;
  snd_max: u32;
  snd_wnd: u32;
  snd_wl1: u32;
  snd_wl2: u32;
  max_snd_wnd: u32; // largest window offered (RFC 5961 5.2 MAX.SND.WND, RFC 1122 4.2.3.4)
  snd_mss: u32; // effective send MSS (RFC 9293 3.7.1)
  snd_scale: u32; // Snd.Wind.Shift (RFC 7323 2.3): the peer's windows are shifted left by this
  rcv_scale: u32; // Rcv.Wind.Shift: our advertised windows are shifted right by this
  // Receive sequence variables.
  irs: u32;
  rcv_nxt: u32;
  rcv_adv: u32; // right edge of the window last advertised: RCV.NXT + RCV.WND when we sent it
  ooo_fin: u32;
  // Starts of the last SACK_RECENT out-of-order segments, most recent first: the order of the SACK blocks
  // (RFC 2018 4). Read them through sackRecentAt(t, i).
  sack_recent: u32;
  sack_recent_1: u32;
  sack_recent_2: u32;
  sack_recent_3: u32;
  dsack_start: u32; // the duplicate to report (RFC 2883 4), while TF_DSACK is set
  dsack_end: u32;
  sacked_count: i32; // ranges the peer has SACKed above SND.UNA (the scoreboard, RFC 6675 3)
  high_rxt: u32; // HighRxt (RFC 6675 2): the end of what fast recovery has retransmitted
  // Buffers: the send ring holds bytes from the first unacknowledged data byte; the receive ring holds
  // unread bytes, then the window (out-of-order data sits there at its offset from rcv_nxt).
  snd_head: u32;
  snd_len: u32;
  rcv_head: u32;
  rcv_len: u32;
  ooo_count: i32;
  acked_since_ack: u32; // data bytes received since our last ACK (RFC 5681 4.2: ACK every 2nd full segment)
  // Round-trip time (RFC 6298); srtt scaled by 8 and rttvar by 4, as in 4.4BSD.
  srtt8: u32;
  rttvar4: u32;
  rto: u32;
  rtt_seq: u32;
  rtt_start: u32;
  rexmt_count: i32; // consecutive retransmission timeouts (backoff shift)
  // Congestion control (RFC 5681, RFC 6582).
  cwnd: u32;
  ssthresh: u32;
  dupacks: i32;
  recover: u32;
  last_send: u32; // time of the last segment sent with data (RFC 5681 4.1 restart after idle)
  // Timers.
  timers: u32;
  t_rexmt: u32;
  t_persist: u32;
  t_delack: u32;
  t_keep: u32;
  t_2msl: u32;
  persist_shift: i32;
  // Keepalive (RFC 1122 4.2.3.6).
  keep_idle_s: i32;
  keep_intvl_s: i32;
  keep_cnt: i32;
  keep_probes: i32;
  last_rcv: u32;
  // RFC 5961 7: challenge ACK rate limit.
  chack_second: u32;
  chack_count: i32;
  // Timestamps (RFC 7323 3-5).
  ts_offset: u32; // added to now to give TSval: a per-connection clock origin (RFC 7323 5.4)
  ts_recent: u32; // TS.Recent: the peer's TSval we echo (RFC 7323 4.3)
  ts_recent_age: u32; // when TS.Recent was recorded (RFC 7323 5.5: it expires after 24 days idle)
  last_ack_sent: u32; // Last.ACK.sent: the ACK field of our last segment (RFC 7323 4.3)
  // RACK-TLP (RFC 8985 5.2, 7); the per-segment records are in rack.ts.
  rack_count: i32; // records in use
  rack_flags: u32;
  rack_xmit_ts: u32; // RACK.xmit_ts
  rack_xmit_order: u32; // the send order of that transmission (RACK.end_seq's role in ties)
  rack_order: u32; // transmissions so far, for that order
  rack_rtt: u32; // RACK.rtt
  rack_min_rtt: u32; // RACK.min_RTT (0: none yet)
  rack_fack: u32; // RACK.fack: the highest sequence number SACKed
  rack_reo_mult: i32; // RACK.reo_wnd_mult
  tlp_end_seq: u32; // TLP.end_seq
  t_pto: u32;
  t_reo: u32;
  tlps: u32; // probes sent
  // Spurious retransmissions and undo (RFC 4015's response, detected by timestamps as RFC 3522 does).
  prior_cwnd: u32; // cwnd and ssthresh before the recovery now under way
  prior_ssthresh: u32;
  undo_retrans: i32; // segments that recovery resent and that no echo or D-SACK has yet shown to be spurious
  undo_marker: u32; // SND.UNA when the recovery began: D-SACKs at or above it may be for its retransmissions
  reo_round: u32; // RACK.dsack_round: the reordering window widens at most once until SND.UNA passes this
  reo_persist: i32; // RACK.reo_wnd_persist: recoveries left before the widened window decays (RFC 8985 6.2)
  reordering: u32; // the largest reordering seen, in segments (how far below the highest SACKed one)
  spurious: u32; // retransmissions found spurious
  undos: u32; // window reductions undone
  // Proportional rate reduction (RFC 6937) during a recovery.
  prr_delivered: u32; // bytes delivered to the receiver since the recovery began
  prr_out: u32; // bytes sent since the recovery began
  recover_fs: u32; // RecoverFS: the flight when it began
  // CUBIC (RFC 9438 4.1), bytes and ms; unused by NewReno.
  cubic_w_max: u32; // W_max: cwnd before the last reduction, less by fast convergence
  cubic_k: u32; // K: ms from the epoch until the curve is back at W_max
  cubic_epoch: u32; // t_epoch: when the congestion avoidance stage began
  cubic_cwnd_epoch: u32; // cwnd_epoch: cwnd then
  cubic_w_est: u32; // W_est: what Reno's window would be (the Reno-friendly region, 4.3)
  cubic_cwnd_prior: u32; // cwnd_prior: cwnd when the last congestion event began
  cubic_undo_w_max: u32; // W_max before the recovery now under way, restored if it proves spurious (4.9)
  soft_error: i32; // the last ICMP soft error (RFC 1122 4.2.3.9), reported instead of ETIMEDOUT if it times out
}

const TCB_SIZE: i32 = <i32>offsetof<Tcb>();
const TABLE = memory.data(TCB_SIZE * TCP_CONNECTIONS);
const SND_RINGS = memory.data(TCP_SND_BUF * TCP_CONNECTIONS);
const RCV_RINGS = memory.data(TCP_RCV_BUF * TCP_CONNECTIONS);
/** Out-of-order ranges: TCP_OOO_RANGES pairs of [start, end) sequence numbers per connection, sorted. */
const OOO = memory.data(8 * TCP_OOO_RANGES * TCP_CONNECTIONS);
/** SACK scoreboard: the same number of [start, end) ranges per connection, for what the peer holds. */
const SACKED = memory.data(8 * TCP_OOO_RANGES * TCP_CONNECTIONS);

// @ts-ignore: decorator
@inline export function tcb(i: i32): Tcb { return changetype<Tcb>(TABLE + <usize>(i * TCB_SIZE)); }
export function tcbIndex(t: Tcb): i32 { return <i32>(changetype<usize>(t) - TABLE) / TCB_SIZE; }
/** The application's handle for this connection (what traces report). */
export function tcbHandle(t: Tcb): i32 { return handleOf(tcbIndex(t)); }
// @ts-ignore: decorator
@inline export function sndRing(t: Tcb): usize { return SND_RINGS + <usize>tcbIndex(t) * TCP_SND_BUF; }
// @ts-ignore: decorator
@inline export function rcvRing(t: Tcb): usize { return RCV_RINGS + <usize>tcbIndex(t) * TCP_RCV_BUF; }
// @ts-ignore: decorator
@inline export function oooRanges(t: Tcb): usize { return OOO + <usize>tcbIndex(t) * 8 * TCP_OOO_RANGES; }
// @ts-ignore: decorator
@inline export function sackedRanges(t: Tcb): usize { return SACKED + <usize>tcbIndex(t) * 8 * TCP_OOO_RANGES; }
export const TCB_BYTES: i32 = TCB_SIZE;

/** Entries of the SACK history (sack_recent .. sack_recent_3): as many as one option has blocks. */
export const SACK_RECENT: i32 = 4;
// @ts-ignore: decorator
@inline export function sackRecentAt(t: Tcb, i: i32): usize { return changetype<usize>(t) + offsetof<Tcb>("sack_recent") + (<usize>i << 2); }

/** Arms (or re-arms) timer `which` to fire `ms` from now. TIME_WAIT and FIN_WAIT_2 share one deadline:
 *  a connection is in one of the two states at most. */
export function armTimer(t: Tcb, which: Timer, ms: u32): void {
  const at = now + ms;
  switch (which) {
    case Timer.REXMT: t.t_rexmt = at; break;
    case Timer.PERSIST: t.t_persist = at; break;
    case Timer.DELACK: t.t_delack = at; break;
    case Timer.KEEPALIVE: t.t_keep = at; break;
    default: t.t_2msl = at; which = Timer.TIME_WAIT;
  }
  t.timers |= 1 << <u32>which;
}

// ---- predicates of one connection ----
/** Sequence number of the first byte in the send ring (our SYN occupies ISS until it is acknowledged). */
export function sndDataSeq(t: Tcb): u32 { return (t.flags & TF_SYN_ACKED) ? t.snd_una : t.iss + 1; }
/** Sequence number just past the data the application wrote: where our FIN goes (until it is acked). */
export function dataEnd(t: Tcb): u32 { return sndDataSeq(t) + t.snd_len; }
export function finAcked(t: Tcb): bool { return (t.flags & TF_FIN_ACKED) != 0; }
/** RFC 9293's SND.NXT, the next new sequence number. Our snd_nxt rewinds to SND.UNA after a timeout
 *  (go-back-N) while snd_max keeps the RFC's meaning, except for a window probe, which is not "sent". */
export function rfcSndNxt(t: Tcb): u32 { return (t.timers & TM_PERSIST) ? t.snd_nxt : t.snd_max; }
/** RCV.WND as last advertised: what is left of it above RCV.NXT (0 once data has filled it). */
export function rcvWnd(t: Tcb): u32 { return seqGt(t.rcv_adv, t.rcv_nxt) ? t.rcv_adv - t.rcv_nxt : 0; }
/** Established, not yet accepted: in listener `li`'s accept queue. */
export function inAcceptQueue(t: Tcb, li: i32): bool {
  return isUsed(t) && t.listener == li && !(t.flags & TF_OWNED) && (t.flags & TF_CONNECTED) != 0;
}

/** Common set-up of a new connection's variables. */
export function initTcb(t: Tcb, remote_ip: u32, remote_port: u32, local_port: u32): void {
  t.remote_ip = remote_ip;
  t.remote_port = remote_port;
  t.local_port = local_port;
  t.iss = isnFor(ip_addr, local_port, remote_ip, remote_port);
  t.ts_offset = tsOffsetFor(ip_addr, local_port, remote_ip, remote_port);
  t.snd_una = t.iss;
  t.snd_nxt = t.iss;
  t.snd_max = t.iss;
  t.recover = t.iss;
  t.snd_mss = TCP_DEFAULT_MSS;
  t.rto = rtoInitialMs; // RFC 6298 2.1
  t.ssthresh = 0x7fffffff; // RFC 5681 3.1: arbitrarily high
  t.cwnd = initialWindow(t.snd_mss);
  t.keep_idle_s = TCP_KEEPIDLE_S;
  t.keep_intvl_s = TCP_KEEPINTVL_S;
  t.keep_cnt = TCP_KEEPCNT;
  t.last_rcv = now;
  t.last_send = now;
}

export function isUsed(t: Tcb): bool { return (t.flags & TF_USED) != 0; }

/** States in which both sides' sequence numbers are known (RFC 9293 3.3.2). */
export function isSynchronized(s: i32): bool { return s >= State.ESTABLISHED; }

export function setState(t: Tcb, s: i32): void {
  const old = t.state;
  if (old == s) return;
  t.state = s;
  trace(Trace.STATE, tcbHandle(t), old, s);
}

export function tcbAlloc(): Tcb | null {
  let oldest = -1;
  for (let i = 0; i < TCP_CONNECTIONS; i++) {
    const t = tcb(i);
    if (!isUsed(t)) return tcbInit(t);
    // With every slot taken, the orphaned TIME-WAIT connection nearest its end gives way (as lwIP's
    // tcp_kill_timewait): its wait only guards against old duplicates, a new connection is real work.
    if (t.state == State.TIME_WAIT && !(t.flags & TF_OWNED) && (oldest < 0 || <i32>(t.t_2msl - tcb(oldest).t_2msl) < 0)) oldest = i;
  }
  if (oldest < 0) return null;
  trace(Trace.STATE, handleOf(oldest), State.TIME_WAIT, State.CLOSED);
  retire(oldest);
  return tcbInit(tcb(oldest));
}

function tcbInit(t: Tcb): Tcb {
  memory.fill(changetype<usize>(t), 0, TCB_SIZE);
  t.flags = TF_USED;
  t.listener = -1;
  return t;
}

/** Connections in state `s` (any owner). */
export function tcbCountState(s: i32): i32 {
  let n = 0;
  for (let i = 0; i < TCP_CONNECTIONS; i++) if (isUsed(tcb(i)) && tcb(i).state == s) n++;
  return n;
}

export function tcbFree(t: Tcb): void {
  retire(tcbIndex(t));
  t.flags = 0;
  t.timers = 0;
  t.state = State.CLOSED;
}

/** The connection for a 4-tuple (our address is implied: one interface). */
export function tcbLookup(remote_ip: u32, remote_port: u32, local_port: u32): Tcb | null {
  for (let i = 0; i < TCP_CONNECTIONS; i++) {
    const t = tcb(i);
    if (isUsed(t) && t.state != State.CLOSED && t.local_port == local_port && t.remote_port == remote_port && t.remote_ip == remote_ip) return t;
  }
  return null;
}

export function tcbInUse(): i32 {
  let n = 0;
  for (let i = 0; i < TCP_CONNECTIONS; i++) if (isUsed(tcb(i))) n++;
  return n;
}

// ---- listeners ----
// @ts-ignore: decorator
@unmanaged export class Listener {
  port: u32; // 0: free
  backlog: i32;
  next_order: u32;
}
const L_SIZE: i32 = <i32>offsetof<Listener>();
const LISTENERS = memory.data(L_SIZE * TCP_LISTENERS);
// @ts-ignore: decorator
@inline export function listener(i: i32): Listener { return changetype<Listener>(LISTENERS + <usize>(i * L_SIZE)); }
export function listenerFind(port: u32): i32 {
  if (port == 0) return -1; // a free slot has port 0: it must never match
  for (let i = 0; i < TCP_LISTENERS; i++) if (listener(i).port == port) return i;
  return -1;
}

export function tcbResetAll(): void {
  memory.fill(TABLE, 0, TCB_SIZE * TCP_CONNECTIONS);
  memory.fill(LISTENERS, 0, L_SIZE * TCP_LISTENERS);
  handlesReset();
}

/** Connections of listener `li` still in the handshake, or complete but not yet accepted. */
export function halfOpenCount(li: i32): i32 {
  let n = 0;
  for (let i = 0; i < TCP_CONNECTIONS; i++) {
    const t = tcb(i);
    if (isUsed(t) && t.listener == li && t.state == State.SYN_RECEIVED) n++;
  }
  return n;
}
export function acceptQueueCount(li: i32): i32 {
  let n = 0;
  for (let i = 0; i < TCP_CONNECTIONS; i++) {
    const t = tcb(i);
    if (inAcceptQueue(t, li)) n++;
  }
  return n;
}
