// Slots for new connections when the table is full: orphans give way before a connection is refused.
import { State, Err } from "../abi";
import { Stat, count } from "../iface/stats";
import { Tcb, tcb, tcbAlloc, isUsed, TF_OWNED } from "./tcb";
import { TCP_CONNECTIONS } from "../config";
import { resetConnection } from "./conn";

/** An orphan: the application closed it and it is still finishing its close (FIN-WAIT-1, FIN-WAIT-2,
 *  CLOSING, LAST-ACK). TIME-WAIT orphans are tcbAlloc's own business. */
export function isOrphan(t: Tcb): bool {
  const s = t.state;
  return isUsed(t) && !(t.flags & TF_OWNED) && t.listener < 0 &&
    (s == State.FIN_WAIT_1 || s == State.FIN_WAIT_2 || s == State.CLOSING || s == State.LAST_ACK);
}

/** A free slot (tcbAlloc, which reuses a TIME-WAIT orphan first); with none, the orphan that has heard
 *  least recently from its peer is reset and gives its slot (as Linux's orphan limit, tcp_too_many_orphans). */
export function tcbAllocReclaim(): Tcb | null {
  const t = tcbAlloc();
  if (t) return t;
  let oldest = -1;
  for (let i = 0; i < TCP_CONNECTIONS; i++) {
    if (isOrphan(tcb(i)) && (oldest < 0 || <i32>(tcb(i).last_rcv - tcb(oldest).last_rcv) < 0)) oldest = i;
  }
  if (oldest < 0) return null;
  count(Stat.TCP_ORPHANS_RECLAIMED);
  resetConnection(tcb(oldest), Err.CONNABORTED);
  return tcbAlloc();
}
