// Out-of-order data (RFC 9293 3.10.7.4 seventh step; RFC 1122 4.2.2.20 (g): keep segments beyond a hole).
// The bytes already sit in the receive ring at their offset from RCV.NXT; here we only track which
// [start, end) ranges are present, sorted, at most TCP_OOO_RANGES of them.
import { TCP_OOO_RANGES } from "../config";
import { seqLt, seqGt, seqLeq, seqMin, seqMax } from "../wire/seq";
import { Tcb, oooRanges } from "./tcb";

// @ts-ignore: decorator
@inline function rStart(b: usize, i: i32): u32 { return load<u32>(b + (<usize>i << 3)); }
// @ts-ignore: decorator
@inline function rEnd(b: usize, i: i32): u32 { return load<u32>(b + (<usize>i << 3) + 4); }
// @ts-ignore: decorator
@inline function rSet(b: usize, i: i32, s: u32, e: u32): void { store<u32>(b + (<usize>i << 3), s); store<u32>(b + (<usize>i << 3) + 4, e); }

function removeAt(t: Tcb, i: i32): void {
  const b = oooRanges(t);
  memory.copy(b + (<usize>i << 3), b + (<usize>(i + 1) << 3), <usize>(t.ooo_count - i - 1) << 3);
  t.ooo_count--;
}

/** Records [s, e). Returns false when it can neither merge nor find a free range slot. */
export function reassAdd(t: Tcb, s: u32, e: u32): bool {
  const b = oooRanges(t);
  let i = 0;
  while (i < t.ooo_count && seqLt(rEnd(b, i), s)) i++;
  if (i < t.ooo_count && seqLeq(rStart(b, i), e)) {
    // Overlaps or touches range i: widen it, then swallow any ranges it now reaches.
    rSet(b, i, seqMin(rStart(b, i), s), seqMax(rEnd(b, i), e));
    while (i + 1 < t.ooo_count && seqLeq(rStart(b, i + 1), rEnd(b, i))) {
      rSet(b, i, rStart(b, i), seqMax(rEnd(b, i), rEnd(b, i + 1)));
      removeAt(t, i + 1);
    }
    return true;
  }
  if (t.ooo_count >= TCP_OOO_RANGES) return false;
  memory.copy(b + (<usize>(i + 1) << 3), b + (<usize>i << 3), <usize>(t.ooo_count - i) << 3);
  rSet(b, i, s, e);
  t.ooo_count++;
  return true;
}

/** After RCV.NXT advanced: consumes the ranges it reached. Returns how far RCV.NXT may now advance. */
export function reassPull(t: Tcb, rcv_nxt: u32): u32 {
  const b = oooRanges(t);
  let nxt = rcv_nxt;
  while (t.ooo_count > 0 && seqLeq(rStart(b, 0), nxt)) {
    if (seqGt(rEnd(b, 0), nxt)) nxt = rEnd(b, 0);
    removeAt(t, 0);
  }
  return nxt;
}

