// CUBIC congestion control (RFC 9438), built in with WASMTCP_CUBIC=1: the window grows along a cubic
// function of the time since the last reduction, and shrinks by beta = 0.7 rather than a half. Integer
// arithmetic in bytes and milliseconds (C = 0.4 segments per s^3), time from `now`: the same windows on
// every engine.
import { now } from "../iface/netif";
import { Tcb, TF_CUBIC_EPOCH } from "./tcb";

/** The largest cwnd either controller lets grow (congestion.ts shares it). */
export const CWND_MAX: u32 = 1 << 30;
/** |t - K| beyond this (100 s) is held there: the cube stays inside an i64, and the window is huge anyway. */
const SPAN_MAX: i64 = 100_000;

/** The integer cube root (floor) of x, bit by bit (three bits of x per bit of the root). */
export function icbrt(x: u64): u64 {
  let y: u64 = 0;
  for (let s: i32 = 63; s >= 0; s -= 3) {
    y <<= 1;
    const b: u64 = 3 * y * (y + 1) + 1;
    if ((x >> <u64>s) >= b) { x -= b << <u64>s; y++; }
  }
  return y;
}

/** RFC 9438 4.2 eq. (1): W_cubic(t) = C * (t - K)^3 + W_max, in bytes, `ms` after the epoch began. With
 *  C = 2/5 segment per s^3: SMSS * 2 * (t - K)^3 / 5e9 bytes for t - K in ms. */
export function cubicWindow(t: Tcb, ms: u32): u32 {
  let d = <i64>ms - <i64>t.cubic_k;
  d = min(max(d, -SPAN_MAX), SPAN_MAX);
  const w = <i64>t.cubic_w_max + d * d * d * (2 * <i64>t.snd_mss) / 5_000_000_000;
  return <u32>min(max(w, 0), <i64>CWND_MAX);
}

/** RFC 9438 4.2 eq. (2): K = cbrt((W_max - cwnd_epoch) / C), in ms. */
function cubicK(t: Tcb): u32 {
  if (t.cubic_w_max <= t.cubic_cwnd_epoch) return 0;
  const segs = <u64>(t.cubic_w_max - t.cubic_cwnd_epoch); // bytes; times 5e9 / (2 * SMSS) gives ms^3
  return <u32>icbrt(segs * 5_000_000_000 / (2 * <u64>t.snd_mss));
}

/** The first ACK of a congestion avoidance stage starts its epoch (RFC 9438 4.2). A window already at or
 *  above W_max (after a timeout, an undo or an application-limited spell) starts the curve there, K = 0. */
function startEpoch(t: Tcb): void {
  t.flags |= TF_CUBIC_EPOCH;
  t.cubic_epoch = now;
  t.cubic_cwnd_epoch = t.cwnd;
  t.cubic_w_est = t.cwnd;
  if (t.cubic_w_max < t.cwnd) t.cubic_w_max = t.cwnd;
  t.cubic_k = cubicK(t);
}

/** Congestion avoidance on an ACK of `acked` new bytes (RFC 9438 4.2-4.5), with the window full. */
export function cubicAvoid(t: Tcb, acked: u32, rtt: u32): void {
  if (!(t.flags & TF_CUBIC_EPOCH)) startEpoch(t);
  const mss = t.snd_mss, cwnd = t.cwnd;
  const elapsed = now - t.cubic_epoch;
  // 4.3: W_est grows by alpha_cubic = 3 (1 - beta) / (1 + beta) = 9/17 segment per window acknowledged,
  // by 1 once it has reached cwnd_prior (where Reno would be).
  const inc = <u64>acked * mss / cwnd;
  t.cubic_w_est += <u32>(t.cubic_w_est >= t.cubic_cwnd_prior ? inc : inc * 9 / 17);
  if (cubicWindow(t, elapsed) < t.cubic_w_est) {
    t.cwnd = max(cwnd, t.cubic_w_est); // the Reno-friendly region
  } else {
    // 4.4, 4.5: toward the curve's value one RTT ahead, between cwnd and 1.5 cwnd.
    const target = min(max(cubicWindow(t, elapsed + rtt), cwnd), cwnd + cwnd / 2);
    t.cwnd = cwnd + <u32>(<u64>(target - cwnd) * acked / cwnd);
  }
  if (t.cwnd > CWND_MAX) t.cwnd = CWND_MAX;
}

/** RFC 9438 4.6: ssthresh = beta_cubic (0.7) of `flight`, at least 2*SMSS. */
function reduceToBeta(t: Tcb, flight: u32): void {
  t.ssthresh = max(<u32>(<u64>flight * 7 / 10), 2 * t.snd_mss);
}

/** A congestion event (RFC 9438 4.6 with fast convergence, 4.7): W_max is the window now (less, if it
 *  never got back to the last W_max: (1 + beta) / 2 of it), ssthresh beta = 0.7 of `flight`, and a new
 *  epoch starts with congestion avoidance. W_max is kept for an undo. */
export function cubicReduce(t: Tcb, flight: u32): void {
  const cwnd = t.cwnd;
  t.cubic_undo_w_max = t.cubic_w_max;
  t.cubic_w_max = cwnd < t.cubic_w_max ? <u32>(<u64>cwnd * 17 / 20) : cwnd;
  t.cubic_cwnd_prior = cwnd;
  reduceToBeta(t, flight);
  t.flags &= ~TF_CUBIC_EPOCH;
}

/** RFC 9438 4.8: after a timeout the next congestion avoidance stage starts its curve at the window it
 *  starts from (K = 0, W_max = cwnd_epoch). */
export function cubicTimeout(t: Tcb, flight: u32): void {
  t.cubic_cwnd_prior = t.cwnd;
  reduceToBeta(t, flight);
  t.cubic_w_max = 0;
  t.flags &= ~TF_CUBIC_EPOCH;
}

/** RFC 9438 4.9: the reduction was spurious. W_max returns to what it was; the curve restarts from the
 *  restored window. */
export function cubicUndo(t: Tcb): void {
  t.cubic_w_max = t.cubic_undo_w_max;
  t.flags &= ~TF_CUBIC_EPOCH;
}

/** The window was cut back for idleness (RFC 5681 4.1): the curve starts over from it. */
export function cubicRestart(t: Tcb): void { t.flags &= ~TF_CUBIC_EPOCH; }
