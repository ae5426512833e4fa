// Connection life-cycle transitions shared by input, timers and the API.
import { State, Trace, Timer, Err } from "../abi";
import { TCP_MSL_MS, TCP_CONNECTIONS } from "../config";
import { rtoInitialMs } from "./rto-params";
import { now } from "../iface/netif";
import { Stat, count } from "../iface/stats";
import { trace } from "../host";
import { RST } from "../wire/tcp";
import {
  Tcb, tcb, isUsed, tcbHandle, tcbFree, setState, listener, TF_OWNED, TF_CONNECTED, TF_FIN_QUEUED, TF_HAD_SAMPLE,
  TF_SYN_REXMT, TF_KEEPALIVE, TF_RST_SENT, armTimer, rfcSndNxt,
} from "./tcb";
import { emit } from "./output";

/** CLOSED: the slot is freed unless the application still holds the handle (it sees CLOSED). */
export function enterClosed(t: Tcb): void {
  setState(t, State.CLOSED);
  t.timers = 0;
  if (!(t.flags & TF_OWNED)) tcbFree(t);
}

/** Closes with an error the application will see (SO_ERROR, recv/send). */
export function dropWithError(t: Tcb, err: i32): void {
  // A connection that times out after an ICMP soft error says why (RFC 1122 4.2.3.9, as BSD and Linux).
  if (err == Err.TIMEDOUT && t.soft_error != 0) err = t.soft_error;
  t.error = err;
  trace(Trace.ERROR, tcbHandle(t), err, 0);
  enterClosed(t);
}

/** ABORT (RFC 9293 3.10.5): RST where the peer may hold state, then CLOSED. */
export function resetConnection(t: Tcb, err: i32): void {
  const s = t.state;
  if (s == State.SYN_RECEIVED || s == State.ESTABLISHED || s == State.FIN_WAIT_1 || s == State.FIN_WAIT_2 || s == State.CLOSE_WAIT) {
    emit(t, rfcSndNxt(t), RST, 0);
    t.flags |= TF_RST_SENT;
  }
  dropWithError(t, err);
}

/** The interface's address went (DHCP: NAK, expiry, release): every connection on it ends with
 *  ADDRNOTAVAIL, without a RST, which could no longer come from that address. Listeners stay. */
export function tcpAddressLost(): void {
  for (let i = 0; i < TCP_CONNECTIONS; i++) {
    const t = tcb(i);
    if (isUsed(t) && t.state != State.CLOSED) dropWithError(t, Err.ADDRNOTAVAIL);
  }
}

/** TIME-WAIT for 2*MSL (RFC 9293 3.3.2, 3.4.2); every other timer stops. */
export function enterTimeWait(t: Tcb): void {
  setState(t, State.TIME_WAIT);
  t.timers = 0;
  armTimer(t, Timer.TIME_WAIT, 2 * TCP_MSL_MS);
}

/** The handshake completed (SYN-SENT or SYN-RECEIVED to ESTABLISHED). */
export function establish(t: Tcb): void {
  t.flags |= TF_CONNECTED;
  count(Stat.TCP_ESTABLISHED);
  // RFC 6298 5.7: after a retransmitted SYN and no RTT sample, an RTO below 3 s starts data transfer at 3 s.
  if ((t.flags & TF_SYN_REXMT) && !(t.flags & TF_HAD_SAMPLE)) t.rto = max(3000, rtoInitialMs);
  if (t.listener >= 0) t.accept_order = listener(t.listener).next_order++;
  // A shutdown() issued before the handshake completed takes effect now (RFC 9293 3.10.4).
  setState(t, (t.flags & TF_FIN_QUEUED) ? State.FIN_WAIT_1 : State.ESTABLISHED);
  if (t.flags & TF_KEEPALIVE) armKeepalive(t);
}

export function armKeepalive(t: Tcb): void {
  armTimer(t, Timer.KEEPALIVE, <u32>t.keep_idle_s * 1000);
  t.keep_probes = 0;
}
