// The sender's SACK scoreboard (RFC 2018, RFC 6675 3): which ranges above SND.UNA the peer already holds,
// so that fast recovery resends only the holes.
import { TCP_OOO_RANGES } from "../config";
import { seg_sack_count, SEG_SACK } from "../wire/tcp";
import { seqLt, seqGt, seqLeq, seqMax } from "../wire/seq";
import { Tcb, sackedRanges } from "./tcb";
import { rangeAdd, rangeDropBelow, rangeStart, rangeEnd } from "./ranges";

/** Merges the segment's SACK blocks that lie within (SND.UNA, SND.MAX] (RFC 2018 5: others are ignored),
 *  after its D-SACK block if `dsack` (RFC 2883 4). */
export function sackUpdate(t: Tcb, dsack: bool): void {
  for (let i = dsack ? 1 : 0; i < seg_sack_count; i++) {
    const s = load<u32>(SEG_SACK + (<usize>i << 3));
    const e = load<u32>(SEG_SACK + (<usize>i << 3) + 4);
    if (!seqLt(s, e) || !seqGt(e, t.snd_una) || seqGt(e, t.snd_max)) continue;
    const n = rangeAdd(sackedRanges(t), t.sacked_count, TCP_OOO_RANGES, seqMax(s, t.snd_una), e);
    if (n >= 0) t.sacked_count = n;
  }
}

/** SND.UNA advanced: forget what it covers. */
export function sackPrune(t: Tcb): void {
  if (t.sacked_count) t.sacked_count = rangeDropBelow(sackedRanges(t), t.sacked_count, t.snd_una);
}

/** RFC 2018 8: after a retransmission timeout the scoreboard is not trusted. */
export function sackClear(t: Tcb): void { t.sacked_count = 0; }

/** Start and length of the next hole at or after `from` and below the highest SACKed byte
 *  (RFC 6675 4, NextSeg rule 1); sackNextHole returns false when there is none. */
export let holeStart: u32 = 0;
export let holeLen: u32 = 0;
export function sackNextHole(t: Tcb, from: u32): bool {
  const r = sackedRanges(t);
  let seq = seqMax(from, t.snd_una);
  for (let i = 0; i < t.sacked_count; i++) {
    const s = rangeStart(r, i), e = rangeEnd(r, i);
    if (seqLeq(e, seq)) continue;
    if (seqLt(seq, s)) { holeStart = seq; holeLen = s - seq; return true; }
    seq = e; // inside a SACKed range: any hole starts after it
  }
  return false;
}

/** Bytes the scoreboard holds above SND.UNA. */
export function sackedBytes(t: Tcb): u32 {
  const r = sackedRanges(t);
  let n: u32 = 0;
  for (let i = 0; i < t.sacked_count; i++) n += rangeEnd(r, i) - rangeStart(r, i);
  return n;
}
