// One run of the playground: a catalogue scenario (or the free mode's recorded actions) on real stacks
// in virtual time, with the faults the user chose: segments lost, delayed or duplicated, random faults
// per direction, an attacker's forgeries. A run is deterministic (the link's faults are seeded), so
// stepping back or changing the past is re-running with the new choices, then showing the same prefix.
import { ScenarioContext } from "../../host/scenarios/context.js";
import type { Scenario, ScenarioTrace, SegmentEvent } from "../../host/scenarios/types.js";
import type { Seen } from "../../host/frame.js";
import type { Stack } from "../../host/stack.js";
import { State } from "../../host/abi.js";
import { parseIp } from "../../host/addr.js";
import { PcapWriter } from "../../host/pcap.js";
import { PcapngWriter } from "../../host/pcapng.js";
import { armAttacks, type Attack } from "./attack.js";
import { tcbViews, type ConnView, type Snapshot } from "../../host/tcb-view.js";

export type { ConnView, Snapshot };

/** A segment the user chose: the nth TCP segment (1-based) from one party to another, lost (no effect
 *  named), delayed `ms` longer, or duplicated (the copy `ms` after the original). */
export interface LossChoice { from: string; to: string; nth: number; effect?: "delay" | "duplicate"; ms?: number }

/** Seeded random faults on frames from one party to another: probabilities in percent, delay in ms. */
export interface NetFault { from: string; to: string; loss: number; delayMs: number; reorder: number }

/** Everything the user changed about a run. */
export interface Choices { losses: LossChoice[]; net: NetFault[]; attacks: Attack[] }


export interface RunResult {
  trace: ScenarioTrace;
  snapshots: Snapshot[];
  /** Every frame put on the link, with the number of trace events recorded when it was sent, whether
   *  it reached any port, and the parties it was addressed to that lost it. */
  frames: { ms: number; events: number; bytes: Uint8Array; crossed: boolean; lostTo: string[] }[];
  /** Why the scenario's script stopped early (a loss it did not plan for can leave it waiting forever). */
  stopped?: string;
  /** Trace events that are a duplicate the link made (not counted when naming segments). */
  copies: Set<number>;
}

/** Which TCP segments from `from` count as going to `to`: the ones addressed to one of its addresses
 *  (on a hub every party sees every frame; the trace keeps only the addressee's copy). */
function addressedTo(ctx: ScenarioContext, to: string): (dst: number) => boolean {
  let ips: number[] | null = null;
  return (dst) => {
    ips ??= ctx.party(to).ip.split(",").filter((a) => a !== "-").map(parseIp);
    return ips.includes(dst);
  };
}

/** The LossChoice that names trace event `i` (a segment), or null for a duplicate the link made. */
export function lossChoiceFor(r: RunResult, i: number): LossChoice | null {
  if (r.copies.has(i)) return null;
  const e = r.trace.events[i] as SegmentEvent;
  let nth = 0;
  r.trace.events.slice(0, i + 1).forEach((x, k) => { if (x.kind === "segment" && x.from === e.from && x.to === e.to && !r.copies.has(k)) nth++; });
  return { from: e.from, to: e.to, nth };
}

export async function runSession(scenario: Scenario, choices: Choices): Promise<RunResult> {
  const ctx = new ScenarioContext(scenario);
  const snapshots: Snapshot[] = [];
  const frames: RunResult["frames"] = [];
  const handles = new Map<string, Set<number>>();
  const seen = new WeakMap<Uint8Array, RunResult["frames"][number]>();
  const copies = new Set<number>();

  for (const l of choices.losses) {
    const mine = addressedTo(ctx, l.to);
    const rule = { from: l.from, to: l.to, nth: l.nth, match: (s: Seen) => s.proto === 6 && mine(s.dst!) };
    if (l.effect) ctx.sim.link.alter({ ...rule, effect: l.effect, delayMs: l.ms ?? 0 });
    else ctx.sim.link.drop(rule);
  }
  for (const f of choices.net) ctx.sim.link.setFaults(f.from, f.to, { loss: f.loss / 100, delayMs: f.delayMs, reorder: f.reorder / 100 });
  ctx.sim.link.observe((o) => {
    // The context's own observer ran first: a copy's segment event, if it made one, is the last.
    const last = ctx.events.length - 1;
    if (o.copy && ctx.events[last]?.kind === "segment") copies.add(last);
    let f = seen.get(o.frame);
    if (!f) { f = { ms: o.ms, events: ctx.events.length, bytes: o.frame, crossed: false, lostTo: [] }; seen.set(o.frame, f); frames.push(f); }
    if (!o.lost) f.crossed = true;
    else if (o.seen.proto === 6 && addressedTo(ctx, o.to)(o.seen.dst!)) f.lostTo.push(o.to);
  });
  const afterScript = armAttacks(ctx, choices.attacks);

  // After every call into a stack (never inside one), every stack reports its connections.
  const stacks: Stack[] = [];
  const snap = () => {
    for (const e of ctx.events) if (e.kind === "state" && e.to !== "LISTEN") {
      const set = handles.get(e.party) ?? new Set<number>();
      set.add(e.handle);
      handles.set(e.party, set);
    }
    const s: Snapshot = { events: ctx.events.length, t: ctx.now, parties: {} };
    for (const st of stacks) s.parties[st.name] = tcbViews(st, handles.get(st.name) ?? []);
    if (snapshots.length && snapshots[snapshots.length - 1].events === s.events) snapshots[snapshots.length - 1] = s;
    else snapshots.push(s);
  };
  const addStack = ctx.addStack.bind(ctx);
  ctx.addStack = (...a: Parameters<ScenarioContext["addStack"]>) => {
    const s = addStack(...a);
    stacks.push(s);
    const after = s.afterCall.bind(s);
    s.afterCall = () => { after(); snap(); };
    return s;
  };

  let stopped: string | undefined;
  try { await scenario.run(ctx); await afterScript(); } catch (e) { stopped = (e as Error).message; }
  return { trace: ctx.trace(), snapshots, frames, stopped, copies };
}

/** The stacks' report once the first `n` events had happened. */
export function snapshotAt(r: RunResult, n: number): Snapshot | undefined {
  return r.snapshots.find((s) => s.events >= n) ?? r.snapshots[r.snapshots.length - 1];
}

/** The trace as far as its first `n` events. */
export function prefix(tr: ScenarioTrace, n: number): ScenarioTrace {
  const events = tr.events.slice(0, n).map((e) => (e.kind === "segment" && e.arrive !== undefined && e.arrive > (tr.events[n - 1]?.t ?? 0) ? { ...e, arrive: undefined } : e));
  return { ...tr, events, endMs: events.length ? events[events.length - 1].t : 0 };
}

/** A pcap of the frames that crossed the link up to the first `n` events. */
export function pcapOf(r: RunResult, n: number): Uint8Array {
  const p = new PcapWriter();
  for (const f of r.frames) if (f.events <= n && f.crossed) p.add(f.ms, f.bytes);
  return p.bytes();
}

/** A pcapng of every frame put on the link up to the first `n` events, a lost one with a comment that
 *  says so (as the command line's scenario captures do). */
export function pcapngOf(r: RunResult, n: number): Uint8Array {
  const p = new PcapngWriter();
  for (const f of r.frames) if (f.events <= n) p.add(f.ms, f.bytes, f.lostTo.map((to) => `lost on the link: never reached ${to}`));
  return p.bytes();
}

/** Each party's connections as the trace's first `n` events leave them: handle -> state name. */
export function statesAt(tr: ScenarioTrace, n: number): Record<string, Map<number, { state: string; local?: string; remote?: string }>> {
  const out: Record<string, Map<number, { state: string; local?: string; remote?: string }>> = {};
  for (const p of tr.parties) out[p.name] = new Map();
  for (const e of tr.events.slice(0, n)) {
    if (e.kind !== "state") continue;
    out[e.party] ??= new Map();
    out[e.party].set(e.handle, { state: e.to, local: e.local, remote: e.remote });
  }
  return out;
}

export { State };
