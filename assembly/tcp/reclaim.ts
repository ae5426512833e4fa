// Slots for new connections when the table is full: half-open entries, then orphans, give way before a
// connection is refused.
import { State, Err } from "../abi";
import { Stat, count } from "../iface/stats";
import { Tcb, tcb, tcbAlloc, isUsed, TF_OWNED, TF_PASSIVE } from "./tcb";
import { TCP_CONNECTIONS } from "../config";
import { resetConnection, enterClosed } from "./conn";

/** A passive connection still in the handshake. */
export function isHalfOpen(t: Tcb): bool {
  return isUsed(t) && t.state == State.SYN_RECEIVED && (t.flags & TF_PASSIVE) != 0 && t.listener >= 0;
}

/** Frees the half-open entry (of listener `li`, or of any when -1) that has waited longest, as RFC 4987
 *  3.4 drops the oldest: its peer, if real, retransmits its SYN. Returns whether one was freed. */
export function evictHalfOpen(li: i32): bool {
  let oldest = -1;
  for (let i = 0; i < TCP_CONNECTIONS; i++) {
    const t = tcb(i);
    if (isHalfOpen(t) && (li < 0 || t.listener == li) && (oldest < 0 || <i32>(t.last_rcv - tcb(oldest).last_rcv) < 0)) oldest = i;
  }
  if (oldest < 0) return false;
  count(Stat.TCP_HALF_OPEN_EVICTED);
  enterClosed(tcb(oldest));
  return true;
}

/** An orphan: the application closed it and it is still finishing its close (FIN-WAIT-1, FIN-WAIT-2,
 *  CLOSING, LAST-ACK). TIME-WAIT orphans are tcbAlloc's own business. */
export function isOrphan(t: Tcb): bool {
  const s = t.state;
  return isUsed(t) && !(t.flags & TF_OWNED) && t.listener < 0 &&
    (s == State.FIN_WAIT_1 || s == State.FIN_WAIT_2 || s == State.CLOSING || s == State.LAST_ACK);
}

/** A slot for a connection that exists at both ends (an application's connect, a validated SYN cookie):
 *  a free one (tcbAlloc, which reuses a TIME-WAIT orphan first); else the oldest half-open entry's; else
 *  the slot of the orphan that has heard least recently from its peer, reset (as Linux's orphan limit,
 *  tcp_too_many_orphans). Null when every slot holds a connection someone still uses. */
export function tcbAllocReclaim(): Tcb | null {
  const t = tcbAlloc();
  if (t) return t;
  if (evictHalfOpen(-1)) return tcbAlloc();
  let oldest = -1;
  for (let i = 0; i < TCP_CONNECTIONS; i++) {
    if (isOrphan(tcb(i)) && (oldest < 0 || <i32>(tcb(i).last_rcv - tcb(oldest).last_rcv) < 0)) oldest = i;
  }
  if (oldest < 0) return null;
  count(Stat.TCP_ORPHANS_RECLAIMED);
  resetConnection(tcb(oldest), Err.CONNABORTED);
  return tcbAlloc();
}
