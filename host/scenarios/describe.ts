// Words shared by the terminal and SVG ladders: what each event says in its party's column.
import type { StateEvent, TimerEvent, TraceEvent } from "./types.js";

type ConnEvent = StateEvent | TimerEvent;

const TIMERS: Record<string, string> = {
  REXMT: "retransmission timer", PERSIST: "persist timer", DELACK: "delayed-ACK timer",
  KEEPALIVE: "keepalive timer", TIME_WAIT: "2MSL timer ends TIME_WAIT", FIN_WAIT_2: "FIN_WAIT_2 timer",
  TLP: "tail loss probe timer", REORDER: "RACK reordering timer",
};

export function timerText(name: string): string { return TIMERS[name] ?? `${name} timer`; }

/** The text of a column event (anything but a segment); `tag` names the connection of a state change. */
export function columnText(e: Exclude<TraceEvent, { kind: "segment" }>, tag?: (e: ConnEvent) => string): string {
  switch (e.kind) {
    case "state": { const t = e.to !== "LISTEN" && tag ? tag(e) : ""; return t ? `${e.to} (${t})` : e.to; }
    case "timer": { const t = tag ? tag(e) : ""; return t ? `${timerText(e.timer)} (${t})` : timerText(e.timer); }
    case "drop": return e.answer ? `${e.flags} ${e.reason.replace(/_/g, " ")}: answers with ${e.answer}` : `drops ${e.flags}: ${e.reason.replace(/_/g, " ")}`;
    case "error": return `error ${e.error}`;
    case "app": return e.text;
  }
}

/** For each party holding more than one connection, how to tell its connections apart in state labels:
 *  by the peer's address if they differ, else by the peer's port, else by the local port. */
export function connectionTags(events: TraceEvent[]): Map<string, (e: ConnEvent) => string> {
  const conns = new Map<string, Map<string, ConnEvent>>();
  for (const e of events) if (e.kind === "state" && e.to !== "LISTEN") {
    const m = conns.get(e.party) ?? new Map<string, ConnEvent>();
    m.set(e.local && e.remote ? `${e.local}>${e.remote}` : `#${e.handle}`, e);
    conns.set(e.party, m);
  }
  const ways: ((e: ConnEvent) => string)[] = [
    (e) => e.remote?.split(":")[0] ?? "", (e) => (e.remote ? `port ${e.remote.split(":")[1]}` : ""), (e) => (e.local ? `port ${e.local.split(":")[1]}` : ""),
  ];
  const out = new Map<string, (e: ConnEvent) => string>();
  for (const [party, m] of conns) {
    if (m.size < 2) continue;
    const list = [...m.values()];
    const way = ways.find((w) => list.every((e) => w(e)) && new Set(list.map(w)).size === list.length);
    out.set(party, way ?? ((e) => `#${e.handle}`));
  }
  return out;
}

/** The label of a segment as drawn: retransmissions and late arrivals said so. */
export function segmentText(e: Extract<TraceEvent, { kind: "segment" }>, latencyMs: number): string {
  let s = e.label;
  if (e.rexmt) s += " (rexmt)";
  if (e.arrive !== undefined && e.arrive - e.t > 2 * latencyMs) s += ` (arrives ${seconds(e.arrive)})`;
  return s;
}

export function seconds(ms: number): string { return `${(ms / 1000).toFixed(3)}s`; }

/** How long a pause between two rows lasted, as a person says it: "0.500 s later", "2 h later",
 *  "1 min 15 s later" (long idle gaps are drawn compressed, so the words carry the time). */
export function later(ms: number): string {
  if (ms < 60_000) return `${(ms / 1000).toFixed(3)} s later`;
  const h = Math.floor(ms / 3_600_000), m = Math.floor((ms % 3_600_000) / 60_000), s = (ms % 60_000) / 1000;
  const parts = [h ? `${h} h` : "", m ? `${m} min` : "", s ? `${Number.isInteger(s) ? s : s.toFixed(3)} s` : ""];
  return `${parts.filter(Boolean).join(" ")} later`;
}

/** A pause worth marking between two rows. */
export const GAP_MS = 500;
