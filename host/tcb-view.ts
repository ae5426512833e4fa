// One connection's TCB as a teaching view shows it (the playground's panels, the live view's stream):
// the read-only options (RFC 9293 3.3.1's sequence variables, windows, congestion state, timers), read
// after a call into the core, never inside one of its hooks.
import { Opt } from "./abi.js";
import type { Stack } from "./stack.js";

/** Numbers as the read-only options give them: sequence numbers and deadlines are u32; a handle that is
 *  not a socket (yet, or any more) reads BADF. */
export interface ConnView {
  handle: number; state: number;
  mss: number; cwnd: number; ssthresh: number; srtt: number; rto: number; sndQueued: number; rcvQueued: number;
  iss: number; irs: number; sndUna: number; sndNxt: number; sndWnd: number; rcvNxt: number; rcvWnd: number;
  timers: number; rexmtAt: number; persistAt: number; delackAt: number; keepaliveAt: number; msl2At: number;
}

/** What a stack reported once the first `events` trace events had happened. */
export interface Snapshot { events: number; t: number; parties: Record<string, ConnView[]> }

const VIEW_OPTS = {
  mss: Opt.MSS, cwnd: Opt.CWND, ssthresh: Opt.SSTHRESH, srtt: Opt.SRTT, rto: Opt.RTO, sndQueued: Opt.SND_QUEUED, rcvQueued: Opt.RCV_QUEUED,
  iss: Opt.ISS, irs: Opt.IRS, sndUna: Opt.SND_UNA, sndNxt: Opt.SND_NXT, sndWnd: Opt.SND_WND, rcvNxt: Opt.RCV_NXT, rcvWnd: Opt.RCV_WND,
  timers: Opt.TIMERS, rexmtAt: Opt.REXMT_AT, persistAt: Opt.PERSIST_AT, delackAt: Opt.DELACK_AT, keepaliveAt: Opt.KEEPALIVE_AT, msl2At: Opt.MSL2_AT,
} as const;

/** The views of `handles` on stack `s`. */
export function tcbViews(s: Stack, handles: Iterable<number>): ConnView[] {
  const out: ConnView[] = [];
  for (const h of handles) {
    const v: Record<string, number> = { handle: h, state: s.core.state(h) };
    for (const [k, o] of Object.entries(VIEW_OPTS)) v[k] = s.core.getopt(h, o);
    out.push(v as unknown as ConnView);
  }
  return out;
}
