// TCP timestamps (RFC 7323 3-5): the option on every segment once both SYNs carried it, round-trip time
// measurement from the echoed value (RTTM), protection against wrapped sequence numbers (PAWS), and
// TS.Recent, the value we echo. The clock is `now` plus a per-connection offset: the core reads no clock.
import { TCP_TIMESTAMPS, TCP_RTO_MAX_MS } from "../config";
import { seg_ts, seg_tsval, seg_tsecr, seg_seq, seg_flags, ACK, RST, OPT_NOP, OPT_TIMESTAMP } from "../wire/tcp";
import { put32 } from "../wire/bytes";
import { seqLt, seqLeq } from "../wire/seq";
import { now } from "../iface/netif";
import { Stat } from "../iface/stats";
import { Tcb, TF_TS_OK } from "./tcb";

/** NOP, NOP, kind, length, TSval, TSecr (RFC 7323 Appendix A's layout). */
export const TS_OPTION_LEN: i32 = 12;
/** RFC 7323 5.5: TS.Recent of a connection idle this long no longer judges segments (24 days). */
const PAWS_IDLE_MS: u32 = 24 * 24 * 3600 * 1000;

/** Our TSval now: 1 ms ticks from the connection's own origin (RFC 7323 5.4). */
export function tsNow(t: Tcb): u32 { return now + t.ts_offset; }

/** The peer's SYN or SYN-ACK: timestamps are on when it carries TSopt and the build offers them
 *  (RFC 7323 3.2); its TSval is the first TS.Recent. */
export function tsTakeSyn(t: Tcb): void {
  if (TCP_TIMESTAMPS && seg_ts) {
    t.flags |= TF_TS_OK;
    record(t);
  } else t.flags &= ~TF_TS_OK;
}

function record(t: Tcb): void {
  t.ts_recent = seg_tsval;
  t.ts_recent_age = now;
}

/** Bytes of TSopt our segments carry. */
export function tsOptionLength(t: Tcb): i32 { return TCP_TIMESTAMPS && (t.flags & TF_TS_OK) ? TS_OPTION_LEN : 0; }

/** Writes <NOP,NOP,TS val ecr> at `p`. TSecr is TS.Recent when the ACK bit is set, else 0 (RFC 7323 3.2). */
export function tsWrite(t: Tcb, p: usize, flags: u32): i32 {
  store<u8>(p, <u8>OPT_NOP);
  store<u8>(p + 1, <u8>OPT_NOP);
  store<u8>(p + 2, <u8>OPT_TIMESTAMP);
  store<u8>(p + 3, 10);
  put32(p + 4, tsNow(t));
  put32(p + 8, (flags & ACK) ? t.ts_recent : 0);
  return TS_OPTION_LEN;
}

/** SEG.TSval is not older than TS.Recent, or TS.Recent expired with 24 days of idleness (RFC 7323 5.3, 5.5). */
function fresh(t: Tcb): bool { return !seqLt(seg_tsval, t.ts_recent) || now - t.ts_recent_age > PAWS_IDLE_MS; }

/** Before the acceptability test of a synchronized connection: with timestamps on, a non-RST segment
 *  without TSopt is dropped (RFC 7323 3.2), and one whose TSval is older than TS.Recent is an old duplicate
 *  (PAWS, 5.3 R1), dropped after an ACK. RSTs are judged by sequence number alone (5.3, Appendix D).
 *  Returns the drop reason, or Stat.NONE. */
export function tsAdmit(t: Tcb): Stat {
  if (!(t.flags & TF_TS_OK) || (seg_flags & RST)) return Stat.NONE;
  if (!seg_ts) return Stat.DROP_TCP_NO_TIMESTAMP;
  return fresh(t) ? Stat.NONE : Stat.DROP_TCP_PAWS;
}

/** RFC 7323 5.3 R3 (4.3): an acceptable segment whose TSval is fresh and that starts at or before
 *  Last.ACK.sent becomes TS.Recent. So a delayed ACK echoes the earliest segment it covers, and an ACK
 *  sent for data beyond a hole echoes the last segment that advanced the left edge. */
export function tsUpdateRecent(t: Tcb): void {
  if ((t.flags & TF_TS_OK) && seg_ts && fresh(t) && seqLeq(seg_seq, t.last_ack_sent)) record(t);
}

/** RTTM (RFC 7323 4.1, 4.2): an ACK of new data measures the time since we sent the TSval it echoes,
 *  retransmitted segments included (the echo says which transmission arrived: no Karn ambiguity).
 *  Returns the sample in ms, or -1 without a plausible echo. */
export function tsRtt(t: Tcb): i32 {
  if (!(t.flags & TF_TS_OK) || !seg_ts || seg_tsecr == 0) return -1;
  const d = <i32>(tsNow(t) - seg_tsecr);
  return d >= 0 && <u32>d <= TCP_RTO_MAX_MS ? d : -1;
}
