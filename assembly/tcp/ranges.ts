// Sorted, disjoint [start, end) ranges of sequence numbers in static memory: the receiver's
// out-of-order data and the sender's SACK scoreboard. Counts live with the caller.
import { seqLt, seqGt, seqLeq, seqMin, seqMax } from "../wire/seq";

// @ts-ignore: decorator
@inline export function rangeStart(b: usize, i: i32): u32 { return load<u32>(b + (<usize>i << 3)); }
// @ts-ignore: decorator
@inline export function rangeEnd(b: usize, i: i32): u32 { return load<u32>(b + (<usize>i << 3) + 4); }
// @ts-ignore: decorator
@inline function set(b: usize, i: i32, s: u32, e: u32): void { store<u32>(b + (<usize>i << 3), s); store<u32>(b + (<usize>i << 3) + 4, e); }

function removeAt(b: usize, count: i32, i: i32): i32 {
  memory.copy(b + (<usize>i << 3), b + (<usize>(i + 1) << 3), <usize>(count - i - 1) << 3);
  return count - 1;
}

/** Adds [s, e), merging with ranges it overlaps or touches. Returns the new count, or -1 when the range
 *  would need a slot beyond `limit`. */
export function rangeAdd(b: usize, count: i32, limit: i32, s: u32, e: u32): i32 {
  let i = 0;
  while (i < count && seqLt(rangeEnd(b, i), s)) i++;
  if (i < count && seqLeq(rangeStart(b, i), e)) {
    set(b, i, seqMin(rangeStart(b, i), s), seqMax(rangeEnd(b, i), e));
    while (i + 1 < count && seqLeq(rangeStart(b, i + 1), rangeEnd(b, i))) {
      set(b, i, rangeStart(b, i), seqMax(rangeEnd(b, i), rangeEnd(b, i + 1)));
      count = removeAt(b, count, i + 1);
    }
    return count;
  }
  if (count >= limit) return -1;
  memory.copy(b + (<usize>(i + 1) << 3), b + (<usize>i << 3), <usize>(count - i) << 3);
  set(b, i, s, e);
  return count + 1;
}

/** How far a contiguous run starting at `from` extends through the ranges. */
export function rangeReach(b: usize, count: i32, from: u32): u32 {
  let nxt = from;
  for (let i = 0; i < count && seqLeq(rangeStart(b, i), nxt); i++) nxt = seqMax(nxt, rangeEnd(b, i));
  return nxt;
}

/** Removes everything below `seq` (whole ranges, or the front of one). Returns the new count. */
export function rangeDropBelow(b: usize, count: i32, seq: u32): i32 {
  while (count > 0 && seqLeq(rangeEnd(b, 0), seq)) count = removeAt(b, count, 0);
  if (count > 0 && seqLt(rangeStart(b, 0), seq)) set(b, 0, seq, rangeEnd(b, 0));
  return count;
}

// @ts-ignore: decorator
@inline export function rangeContains(b: usize, i: i32, x: u32): bool { return !seqLt(x, rangeStart(b, i)) && seqGt(rangeEnd(b, i), x); }
