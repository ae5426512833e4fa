// Brings one connection into a given RFC 9293 state through the exact segments of the state diagram
// (3.3.2, Figure 5), as smoltcp's socket_established()/socket_fin_wait_2() do, so that a test states only
// its own rule. Numbers are relative to the ISNs (Peer's convention); each helper checks every segment it
// expects and leaves nothing queued that it did not check. Returns the connection's handle.
import assert from "node:assert/strict";
import type { Peer } from "./peer.js";

/** How the application ends its side: close() (orphaned) or shutdown(SHUT_WR) (still readable). */
export type Ending = "close" | "shutdown";

function end(p: Peer, h: number, how: Ending): void {
  assert.equal(how === "close" ? p.close(h) : p.shutdown(h), 0, how);
}

/** LISTEN, the peer's SYN, our SYN-ACK: SYN-RECEIVED. Returns the listener. */
export function synReceived(p: Peer, o: { mss?: number } = {}): number {
  const l = p.listen();
  p.in("S", 0, 0, o.mss === undefined ? {} : { mss: o.mss });
  p.out("S.", 0, 1);
  return l;
}

/** connect(): our SYN out, SYN-SENT. */
export function synSent(p: Peer): number {
  const h = p.connect();
  p.out("S", 0, 0);
  return h;
}

/** ESTABLISHED, then our FIN (1:1): FIN-WAIT-1. */
export function finWait1(p: Peer, how: Ending = "shutdown"): number {
  const h = p.passiveOpen();
  end(p, h, how);
  p.out("F.", 1, 1);
  return h;
}

/** FIN-WAIT-1, and the peer acknowledges our FIN: FIN-WAIT-2. */
export function finWait2(p: Peer, how: Ending = "shutdown"): number {
  const h = finWait1(p, how);
  p.in(".", 1, 2);
  return h;
}

/** FIN-WAIT-1, the peer's FIN crosses ours and we acknowledge it: CLOSING. */
export function closing(p: Peer, how: Ending = "shutdown"): number {
  const h = finWait1(p, how);
  p.in("F.", 1, 1);
  p.out(".", 2, 2);
  return h;
}

/** FIN-WAIT-1, the peer's FIN with the ACK of ours, our ACK: TIME-WAIT. */
export function timeWait(p: Peer, how: Ending = "shutdown"): number {
  const h = finWait1(p, how);
  p.in("F.", 1, 2);
  p.out(".", 2, 2);
  return h;
}

/** ESTABLISHED, the peer's FIN, our ACK at once: CLOSE-WAIT. */
export function closeWait(p: Peer): number {
  const h = p.passiveOpen();
  p.in("F.", 1, 1);
  p.out(".", 1, 2);
  return h;
}

/** CLOSE-WAIT, close(), our FIN: LAST-ACK. */
export function lastAck(p: Peer): number {
  const h = closeWait(p);
  assert.equal(p.close(h), 0, "close");
  p.out("F.", 1, 2);
  return h;
}
