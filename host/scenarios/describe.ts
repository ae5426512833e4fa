// Words shared by the terminal and SVG ladders: what each event says in its party's column.
import type { StateEvent, TimerEvent, TraceEvent } from "./types.js";
import type { Lang } from "./lang.js";
import { ladderWords } from "./ladder-words.js";

type ConnEvent = StateEvent | TimerEvent;

export function timerText(name: string, lang?: Lang): string { return ladderWords(lang).timer(name); }

/** The text of a column event (anything but a segment); `tag` names the connection of a state change. */
export function columnText(e: Exclude<TraceEvent, { kind: "segment" }>, tag?: (e: ConnEvent) => string, lang?: Lang): string {
  const w = ladderWords(lang);
  switch (e.kind) {
    case "state": { const t = e.to !== "LISTEN" && tag ? tag(e) : ""; return t ? `${e.to} (${t})` : e.to; }
    case "timer": { const t = tag ? tag(e) : ""; return t ? `${w.timer(e.timer)} (${t})` : w.timer(e.timer); }
    case "drop": return w.drop(e.flags, e.reason, e.answer);
    case "error": return w.error(e.error);
    case "app": return w.app(e.text);
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
export function segmentText(e: Extract<TraceEvent, { kind: "segment" }>, latencyMs: number, lang?: Lang): string {
  const w = ladderWords(lang);
  let s = e.label;
  if (e.rexmt) s += w.rexmt;
  if (e.arrive !== undefined && e.arrive - e.t > 2 * latencyMs) s += w.arrives(seconds(e.arrive));
  return s;
}

export function seconds(ms: number): string { return `${(ms / 1000).toFixed(3)}s`; }

/** How long a pause between two rows lasted, as a person says it: "0.500 s later", "2 h later",
 *  "1 min 15 s later" (long idle gaps are drawn compressed, so the words carry the time). */
export function later(ms: number, lang?: Lang): string {
  const w = ladderWords(lang);
  if (ms < 60_000) return w.later(`${(ms / 1000).toFixed(3)} s`);
  const h = Math.floor(ms / 3_600_000), m = Math.floor((ms % 3_600_000) / 60_000), s = (ms % 60_000) / 1000;
  const parts = [h ? `${h} h` : "", m ? `${m} min` : "", s ? `${Number.isInteger(s) ? s : s.toFixed(3)} s` : ""];
  return w.later(parts.filter(Boolean).join(" "));
}

/** A pause worth marking between two rows. */
export const GAP_MS = 500;
