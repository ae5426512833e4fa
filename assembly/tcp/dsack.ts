// D-SACK (RFC 2883): the receiver reports a duplicate segment in the first SACK block of its next ACK, so
// the sender learns which of its retransmissions were not needed (rack.ts acts on it).
import { seqLt, seqLeq, seqGeq, seqMax, seqMin } from "../wire/seq";
import { seg_ack, seg_sack_count, SEG_SACK } from "../wire/tcp";
import { Tcb, oooRanges, TF_SACK_OK, TF_DSACK, TF_ACK_NOW } from "./tcb";
import { rangeStart, rangeEnd } from "./ranges";

/** Bytes [s, e) arrived a second time: an ACK reports them at once (RFC 2883 4, one D-SACK block: the
 *  latest), as a repeat means the sender is waiting on news (Linux too acknowledges duplicates at once). */
export function dsackNote(t: Tcb, s: u32, e: u32): void {
  if (!(t.flags & TF_SACK_OK) || !seqLt(s, e)) return;
  t.dsack_start = s;
  t.dsack_end = e;
  t.flags |= TF_DSACK | TF_ACK_NOW;
}

/** A segment [s, e) above RCV.NXT: the first part it repeats of out-of-order data already held
 *  (RFC 2883 4.2.2: the block holding it follows, as the SACK option lists the newest segment's block next). */
export function dsackOutOfOrder(t: Tcb, s: u32, e: u32): void {
  const r = oooRanges(t);
  for (let i = 0; i < t.ooo_count; i++) {
    const a = seqMax(s, rangeStart(r, i)), b = seqMin(e, rangeEnd(r, i));
    if (seqLt(a, b)) { dsackNote(t, a, b); return; }
  }
}

/** The peer's D-SACK block, when dsackReceived() says there is one. */
export let dsackInStart: u32 = 0;
export let dsackInEnd: u32 = 0;

/** The segment's first SACK block is a D-SACK (RFC 2883 4): below its cumulative ACK, or within the
 *  second block. */
export function dsackReceived(): bool {
  if (seg_sack_count == 0) return false;
  const s = load<u32>(SEG_SACK), e = load<u32>(SEG_SACK + 4);
  if (!seqLt(s, e)) return false;
  let dup = seqLeq(e, seg_ack);
  if (!dup && seg_sack_count > 1) dup = seqGeq(s, load<u32>(SEG_SACK + 8)) && seqLeq(e, load<u32>(SEG_SACK + 12));
  if (dup) { dsackInStart = s; dsackInEnd = e; }
  return dup;
}
