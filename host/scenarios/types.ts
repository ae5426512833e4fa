// The scenario catalogue's shared shapes: a scenario, and the JSON trace a run records for renderers and
// other tools (every segment, state change, timer, drop and application call, in virtual milliseconds).
import type { ScenarioContext } from "./context.js";
import type { Lang } from "./lang.js";

export interface Scenario {
  name: string;
  title: string;
  /** 2-5 sentences for a student: what the run shows and why TCP behaves so. */
  explanation: string;
  /** Sequence numbers as sent, not relative to each side's ISN (when several ISNs share a 4-tuple). */
  absolute?: boolean;
  /** One-way link latency, ms, when the scenario needs other than 1 ms (--latency still overrides it). */
  latencyMs?: number;
  run(ctx: ScenarioContext): Promise<void>;
}

export interface Party {
  name: string; ip: string; kind: "stack" | "raw";
  /** What the ladders write under a raw party's name instead of "raw frames" (e.g. that nobody answers). */
  note?: string;
}

interface At { t: number }
export interface SegmentEvent extends At {
  kind: "segment"; from: string; to: string; lost: boolean;
  /** When it reached `to` (absent if lost). */
  arrive?: number;
  rexmt: boolean;
  src: string; dst: string; flags: string; seq: number; ack: number; len: number;
  /** The window field as sent, and in bytes (scaled when both SYNs offered window scaling). */
  win: number; window: number;
  options: string;
  /** What the ladders print: flags rel-seq:end(len) ack win options. */
  label: string;
}
export interface StateEvent extends At {
  kind: "state"; party: string; handle: number; from: string; to: string;
  /** The connection's addresses (ip:port), when known. */
  local?: string; remote?: string;
}
export interface TimerEvent extends At { kind: "timer"; party: string; handle: number; timer: string; local?: string; remote?: string }
export interface ErrorEvent extends At { kind: "error"; party: string; handle: number; error: string }
/** A segment the receiving stack discarded, with the counter that says why, and what it sent back in
 *  answer, if anything ("ACK", "challenge ACK", "RST"). */
export interface DropEvent extends At { kind: "drop"; party: string; reason: string; flags: string; answer?: string }
/** Something the application (or the scenario's script) did. */
export interface AppEvent extends At { kind: "app"; party: string; text: string }

export type TraceEvent = SegmentEvent | StateEvent | TimerEvent | ErrorEvent | DropEvent | AppEvent;

export interface ScenarioTrace {
  scenario: string; title: string; explanation: string;
  /** The language of the title, the explanation and the ladders' words (English when absent). */
  lang?: Lang;
  latencyMs: number;
  parties: Party[];
  events: TraceEvent[];
  /** Results the scenario measured (RTO after a lost SYN, bytes read, ...), printed under the ladder. */
  facts: Record<string, string | number | boolean>;
  endMs: number;
}
