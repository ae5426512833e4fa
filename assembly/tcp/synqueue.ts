// Admission of a SYN to a listener: keep half-open state, answer with a SYN cookie, or make room.
// A listener's half-open connections stay within TCP_HALF_OPEN_MAX, and all listeners' together within
// TCP_HALF_OPEN_TOTAL, so a flooded port leaves the rest of the table to other ports and to connect().
import { State } from "../abi";
import { TCP_CONNECTIONS, TCP_HALF_OPEN_MAX, TCP_HALF_OPEN_TOTAL, TCP_SYN_COOKIES } from "../config";
import { tcb, halfOpenCount, TF_USED, TF_OWNED } from "./tcb";
import { isHalfOpen, evictHalfOpen } from "./reclaim";

export const SYN_KEEP: i32 = 0; // allocate a TCB (SYN-RECEIVED) as RFC 9293 3.10.7.2 says
export const SYN_COOKIE: i32 = 1; // answer statelessly (RFC 4987 3.6)

function halfOpenTotal(): i32 {
  let n = 0;
  for (let i = 0; i < TCP_CONNECTIONS; i++) if (isHalfOpen(tcb(i))) n++;
  return n;
}

/** tcbAlloc would succeed: a free slot, or an orphaned TIME-WAIT one it may reuse. */
function slotAvailable(): bool {
  for (let i = 0; i < TCP_CONNECTIONS; i++) {
    const t = tcb(i);
    if (!(t.flags & TF_USED) || (t.state == State.TIME_WAIT && !(t.flags & TF_OWNED))) return true;
  }
  return false;
}

/** What to do with a SYN to listener `li` (its accept queue has room). With cookies off, a full queue
 *  gives up its oldest half-open entry (RFC 4987 3.4), or the oldest of any listener when the total
 *  share is reached. */
export function synAdmit(li: i32): i32 {
  if (TCP_SYN_COOKIES == 2) return SYN_COOKIE;
  const mineFull = halfOpenCount(li) >= TCP_HALF_OPEN_MAX;
  const totalFull = halfOpenTotal() >= TCP_HALF_OPEN_TOTAL;
  if (!mineFull && !totalFull && (TCP_SYN_COOKIES == 0 || slotAvailable())) return SYN_KEEP;
  if (TCP_SYN_COOKIES == 1) return SYN_COOKIE;
  evictHalfOpen(mineFull ? li : -1); // one of the two limits is reached here
  return SYN_KEEP;
}
