// The terminal ladder of a scenario trace: one vertical line per party (two or three), a row per event.
// Segments are arrows between lines (X where one was lost); states, timers, drops and application calls
// are written on their party's line. Long pauses get a row of their own so virtual time stays visible.
// Words are in the trace's language; a wide (CJK) character takes two columns.
import type { ScenarioTrace } from "./types.js";
import { columnText, connectionTags, segmentText, seconds, later, GAP_MS } from "./describe.js";
import { ladderWords } from "./ladder-words.js";

const TIME = 10; // width of the time column
const EDGE = 2; // room left of the first line and right of the last

export function renderText(tr: ScenarioTrace): string {
  const n = tr.parties.length, lang = tr.lang, w = ladderWords(lang), dw = displayWidth;
  const tag = connectionTags(tr.events);
  // Lanes widen to fit the longest arrow label (and note) whole: a ladder never truncates what it says.
  const need = Math.max(0, ...tr.events.map((e) => e.kind === "segment" ? dw(segmentText(e, tr.latencyMs, lang)) + 10 : dw(columnText(e, tag.get(e.party), lang)) + 4));
  const lane = Math.max(n === 2 ? 78 : 56, need);
  const width = TIME + 2 * EDGE + n + (n - 1) * lane;
  const x = tr.parties.map((_, i) => TIME + EDGE + i * (lane + 1));
  const col = new Map(tr.parties.map((p, i) => [p.name, i]));
  const lines: string[] = [];

  const blank = (): string[] => { const r = Array<string>(width).fill(" "); for (const c of x) r[c] = "|"; return r; };
  /** Writes `s` from column `at`; a wide character fills its second column with "" so rows keep their width. */
  const put = (r: string[], at: number, s: string) => {
    let c = at;
    for (const ch of s) {
      const cw = dw(ch);
      if (c + cw > width) break;
      if (c >= 0) { r[c] = ch; if (cw === 2) r[c + 1] = ""; }
      c += cw;
    }
  };
  /** Text beside a party's line, inside the ladder: right of the first, left of the last, centred between. */
  const onLine = (r: string[], i: number, s: string) => put(r, i === 0 ? x[i] + 2 : i === n - 1 ? x[i] - 1 - dw(s) : x[i] - (dw(s) >> 1), s);

  const head = blank().map(() => " ");
  tr.parties.forEach((p, i) => {
    const s = p.kind === "raw" ? `${p.name} (${p.note ? w.note(p.note) : w.raw})` : `${p.name} ${p.ip}`;
    put(head, i === 0 ? x[i] : i === n - 1 ? x[i] + 1 - dw(s) : x[i] - (dw(s) >> 1), s);
  });
  lines.push(head.join("").trimEnd(), "-".repeat(width));

  let last = 0;
  for (const e of tr.events) {
    if (e.t - last >= GAP_MS && lines.length > 2) {
      const r = blank().map((c) => (c === "|" ? ":" : c));
      put(r, 0, `  ~ ${later(e.t - last, lang)}`.padEnd(TIME));
      lines.push(r.join("").trimEnd());
    }
    last = e.t;
    const r = blank();
    put(r, 0, seconds(e.t).padStart(TIME - 1));
    if (e.kind === "segment") {
      const a = col.get(e.from)!, b = col.get(e.to)!;
      const right = a < b;
      const lo = Math.min(x[a], x[b]) + 1, span = Math.abs(x[b] - x[a]) - 1;
      const label = segmentText(e, tr.latencyMs, lang);
      const fill = span - dw(label) - 2 - (e.lost ? 4 : 0);
      const l = fill >> 1, rr = fill - l;
      let body = `${"-".repeat(l)} ${label} ${"-".repeat(rr)}`;
      if (right) body = e.lost ? body.slice(0, -1) + "X" + "    " : body.slice(0, -1) + ">";
      else body = e.lost ? "    " + "X" + body.slice(1) : "<" + body.slice(1);
      put(r, lo, body);
      lines.push(r.join("").trimEnd() + (e.lost ? `   ${w.lost}` : ""));
      continue;
    }
    const i = col.get(e.party);
    if (i === undefined) continue;
    onLine(r, i, columnText(e, tag.get(e.party), lang));
    lines.push(r.join("").trimEnd());
  }
  return lines.join("\n");
}

// Wide (CJK) characters take two terminal columns, and a line may break between any two of them; a closing
// punctuation mark stays with the character before it.
const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/;
const CLOSING = /^[，。、；：！？）》」』】”’％]$/;

/** Columns `s` takes in a terminal (and, roughly, in proportion to its width on a page). */
export function displayWidth(s: string): number {
  let w = 0;
  for (const c of s) w += WIDE.test(c) ? 2 : 1;
  return w;
}

/** Wraps a paragraph to `w` columns: at spaces, and between wide characters (never inside "RFC 6298"). */
export function wrap(s: string, w = 100): string {
  const out: string[] = [];
  let line = "", width = 0, space = false;
  const tokens = s.match(new RegExp(`RFC \\d+|\\s+|${WIDE.source}|[^\\s${WIDE.source.slice(1, -1)}]+`, "g")) ?? [];
  for (const t of tokens) {
    if (/^\s/.test(t)) { space = line !== ""; continue; }
    const tw = displayWidth(t), gap = space ? 1 : 0;
    if (line && width + gap + tw > w && !CLOSING.test(t)) { out.push(line); line = t; width = tw; }
    else { line += (gap ? " " : "") + t; width += gap + tw; }
    space = false;
  }
  if (line) out.push(line);
  return out.join("\n");
}

/** The whole terminal report: title, ladder, explanation, facts. */
export function renderReport(tr: ScenarioTrace): string {
  const w = ladderWords(tr.lang);
  const facts = Object.entries(tr.facts).map(([k, v]) => `  ${w.fact(k)}: ${v}`);
  return [`${tr.scenario}: ${tr.title}`, "", renderText(tr), "", wrap(tr.explanation), ...(facts.length ? ["", ...facts] : [])].join("\n");
}
