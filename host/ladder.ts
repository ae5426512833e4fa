// Ladder diagrams for the terminal: two columns of states, arrows carrying flags, relative seq:end(len),
// ack and window, virtual timestamps, lost segments marked with X.
import { bitsToFlags, optionsToString, type Seen } from "./frame.js";
import { STATE_NAMES } from "./abi.js";
import type { Observation } from "./link.js";
import type { Stack } from "./stack.js";
import { RelativeSeq } from "./relative-seq.js";

export type LadderEvent =
  | { kind: "segment"; ms: number; from: string; to: string; seen: Seen; lost: boolean }
  | { kind: "state"; ms: number; stack: string; from: number; to: number };

/** Collects what a ladder needs: segments between the two stacks and their state changes. */
export class LadderRecorder {
  readonly events: LadderEvent[] = [];
  constructor(readonly left: Stack, readonly right: Stack) {
    for (const s of [left, right]) s.on("state", (_h: number, from: number, to: number, ms: number) => this.events.push({ kind: "state", ms, stack: s.name, from, to }));
  }
  observe = (o: Observation): void => {
    const names = [this.left.name, this.right.name];
    if (o.seen.proto !== 6 || o.seen.flags === undefined || !names.includes(o.from) || !names.includes(o.to)) return;
    this.events.push({ kind: "segment", ms: o.ms, from: o.from, to: o.to, seen: o.seen, lost: o.lost });
  };
}

export interface LadderOptions { absolute?: boolean; width?: number }

/** Renders the recorded events as text lines. Sequence numbers are relative to each side's ISN, as
 *  Wireshark shows them, unless `absolute`. */
export function renderLadder(rec: LadderRecorder, o: LadderOptions = {}): string {
  const L = rec.left.name, R = rec.right.name;
  const W = o.width ?? 60;
  const rs = new RelativeSeq(o.absolute);
  const stateCol = 13;
  const lines: string[] = [];
  const pad = (s: string, n: number) => (s.length >= n ? s : s + " ".repeat(n - s.length));
  const head = `${pad("time", 9)}${pad(`${L} ${rec.left.ip}`, stateCol)} ${" ".repeat(W)}  ${R} ${rec.right.ip}`;
  lines.push(head, "-".repeat(head.length));
  const state: Record<string, string> = { [L]: "CLOSED", [R]: "CLOSED" };
  for (const e of rec.events) {
    const t = `${(e.ms / 1000).toFixed(3)}s`.padStart(8) + " ";
    if (e.kind === "state") {
      state[e.stack] = STATE_NAMES[e.to] ?? String(e.to);
      const mark = e.stack === L ? pad(state[L], stateCol) + " " + " ".repeat(W) : " ".repeat(stateCol + 1) + " ".repeat(W) + "  " + state[R];
      lines.push(t + mark.trimEnd());
      continue;
    }
    const s = e.seen;
    rs.see(e.from, s);
    const seq = rs.rel(e.from, s.seq!);
    const len = s.payload!.length;
    let label = `${bitsToFlags(s.flags!)} ${seq}:${(seq + len) >>> 0}(${len})`;
    if (s.flags! & 0x10) label += ` ack ${rs.rel(e.to, s.ack!)}`;
    label += ` win ${s.win}`;
    const opts = s.options!.filter((x) => x.kind !== "nop" && x.kind !== "eol");
    if (s.flags! & 0x02 && opts.length) label += ` ${optionsToString(opts)}`;
    const body = W - 4;
    const text = label.length > body ? label.slice(0, body) : label;
    const fill = body - text.length;
    const l = Math.floor(fill / 2), r = fill - l;
    let arrow: string;
    if (e.from === L) arrow = e.lost ? `-${"-".repeat(l)} ${text} ${"-".repeat(r)}X ` : `-${"-".repeat(l)} ${text} ${"-".repeat(r)}>`;
    else arrow = e.lost ? ` X${"-".repeat(l)} ${text} ${"-".repeat(r)}-` : `<${"-".repeat(l)} ${text} ${"-".repeat(r)}-`;
    lines.push(t + " ".repeat(stateCol + 1) + arrow + (e.lost ? "  lost" : ""));
  }
  return lines.join("\n");
}
