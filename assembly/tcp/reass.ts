// Out-of-order data (RFC 9293 3.10.7.4 seventh step; RFC 1122 4.2.2.20 (g): keep segments beyond a hole).
// The bytes already sit in the receive ring at their offset from RCV.NXT; here we only track which
// [start, end) ranges are present, at most TCP_OOO_RANGES of them.
import { TCP_OOO_RANGES } from "../config";
import { Tcb, oooRanges } from "./tcb";
import { rangeAdd, rangeReach, rangeDropBelow } from "./ranges";

/** Records [s, e). Returns false when it can neither merge nor find a free range slot. */
export function reassAdd(t: Tcb, s: u32, e: u32): bool {
  const n = rangeAdd(oooRanges(t), t.ooo_count, TCP_OOO_RANGES, s, e);
  if (n < 0) return false;
  t.ooo_count = n;
  return true;
}

/** After RCV.NXT advanced: consumes the ranges it reached. Returns how far RCV.NXT may now advance. */
export function reassPull(t: Tcb, rcv_nxt: u32): u32 {
  const b = oooRanges(t);
  const nxt = rangeReach(b, t.ooo_count, rcv_nxt);
  t.ooo_count = rangeDropBelow(b, t.ooo_count, nxt);
  return nxt;
}
