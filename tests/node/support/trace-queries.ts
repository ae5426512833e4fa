// Queries over scenario traces, shared by the catalogue's suites: each scenario runs once per process
// (memoized), and the queries pick segments, states, timers, drops and application calls out of its trace.
import assert from "node:assert/strict";
import { findScenario } from "../../../host/scenarios/registry.js";
import { runScenario, type ScenarioRun } from "../../../host/scenarios/runner.js";
import type { ScenarioTrace, SegmentEvent, StateEvent, TraceEvent } from "../../../host/scenarios/types.js";
import "../../../host/node/wasm-files.js"; // builds read from build/

const runs = new Map<string, Promise<ScenarioRun>>();
export function run(name: string): Promise<ScenarioRun> {
  if (!runs.has(name)) {
    const s = findScenario(name);
    if (!s) throw new Error(`no scenario ${name}`);
    runs.set(name, runScenario(s));
  }
  return runs.get(name)!;
}
export async function trace(name: string): Promise<ScenarioTrace> { return (await run(name)).trace; }

// ---- queries over a trace ----
export type SegQuery = { from?: string; to?: string; flags?: string; lost?: boolean; data?: boolean; after?: number };
export function segs(tr: ScenarioTrace, q: SegQuery = {}): SegmentEvent[] {
  return tr.events.filter((e): e is SegmentEvent => e.kind === "segment" && (!q.from || e.from === q.from) && (!q.to || e.to === q.to) &&
    (q.flags === undefined || e.flags === q.flags) && (q.lost === undefined || e.lost === q.lost) &&
    (q.data === undefined || (e.len > 0) === q.data) && (q.after === undefined || e.t >= q.after));
}
export function states(tr: ScenarioTrace, party: string): StateEvent[] { return tr.events.filter((e): e is StateEvent => e.kind === "state" && e.party === party); }
/** The states a party passed through, in order. */
export function path(tr: ScenarioTrace, party: string): string[] { return states(tr, party).map((e) => e.to); }
/** When `party` first entered `to` (after `after`). */
export function entered(tr: ScenarioTrace, party: string, to: string, after = -1): number {
  const e = states(tr, party).find((x) => x.to === to && x.t > after);
  assert.ok(e, `${party} never entered ${to}`);
  return e.t;
}
export function timers(tr: ScenarioTrace, party: string, timer: string): number[] {
  return tr.events.filter((e) => e.kind === "timer" && e.party === party && e.timer === timer).map((e) => e.t);
}
export function drops(tr: ScenarioTrace, party: string, reason: string): number[] {
  return tr.events.filter((e) => e.kind === "drop" && e.party === party && e.reason === reason).map((e) => e.t);
}
export function app(tr: ScenarioTrace, party: string, re: RegExp): TraceEvent[] { return tr.events.filter((e) => e.kind === "app" && e.party === party && re.test(e.text)); }
export const times = (xs: SegmentEvent[]) => xs.map((e) => e.t);
export const rel = (xs: number[]) => xs.map((t) => t - xs[0]);
