// SVG ladder diagrams of scenario traces, for slides and projectors: large type, strong colours, one
// vertical timeline per party, a row per event. Arrows slope down to the next row (or to the row where a
// delayed segment arrived); a lost segment's arrow stops short in a red cross; states sit in boxes on their
// party's line, timers show a clock where they fire, and long pauses are dotted with the time that passed.
import type { ScenarioTrace, TraceEvent } from "./scenarios/types.js";
import { columnText, connectionTags, segmentText, seconds, later, GAP_MS } from "./scenarios/describe.js";
import { wrap, displayWidth } from "./scenarios/text.js";
import { ladderWords } from "./scenarios/ladder-words.js";

const FONT = "DejaVu Sans, Liberation Sans, Arial, Helvetica, Noto Sans CJK SC, WenQuanYi Zen Hei, Microsoft YaHei, PingFang SC, sans-serif";
const ROW = 46, GAP_ROW = 40, GUTTER = 175, PAD = 220, TOP = 150;
const INK = "#111111", LOST = "#c40000";
const PARTY_INK = ["#0b3d91", "#1b5e20", "#6a1b9a", "#7a4100"];
const BOX: Record<string, [string, string, string]> = { // fill, border, text
  state: ["#dce9ff", "#0b3d91", INK], timer: ["#fff1c7", "#a15c00", INK], drop: ["#ffe0e0", LOST, "#7a0000"],
  error: ["#ffe0e0", LOST, "#7a0000"], app: ["#ffffff", "#ffffff", "#333333"],
};

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const textW = (s: string, px: number) => displayWidth(s) * px * 0.6; // DejaVu Sans averages about 0.6 em; CJK 1 em

function txt(x: number, y: number, s: string, o: { size?: number; fill?: string; anchor?: string; weight?: string; italic?: boolean; halo?: boolean } = {}): string {
  const a = [`x="${x.toFixed(1)}"`, `y="${y.toFixed(1)}"`, `font-size="${o.size ?? 19}"`, `fill="${o.fill ?? INK}"`, `text-anchor="${o.anchor ?? "middle"}"`];
  if (o.weight) a.push(`font-weight="${o.weight}"`);
  if (o.italic) a.push(`font-style="italic"`);
  if (o.halo) a.push(`stroke="#ffffff" stroke-width="6" stroke-linejoin="round" paint-order="stroke"`);
  return `<text ${a.join(" ")}>${esc(s)}</text>`;
}

function clock(cx: number, cy: number, color: string): string {
  return `<g stroke="${color}" stroke-width="2.5" fill="#ffffff"><circle cx="${cx}" cy="${cy}" r="10"/>` +
    `<line x1="${cx}" y1="${cy}" x2="${cx}" y2="${cy - 7}"/><line x1="${cx}" y1="${cy}" x2="${cx + 5}" y2="${cy + 2}"/></g>`;
}

export function renderSvg(tr: ScenarioTrace): string {
  const n = tr.parties.length, lang = tr.lang, w = ladderWords(lang);
  const lane = n === 2 ? 780 : 560;
  const x = tr.parties.map((_, i) => GUTTER + PAD + i * lane);
  const width = x[n - 1] + PAD + 20;
  const col = new Map(tr.parties.map((p, i) => [p.name, i]));
  const tag = connectionTags(tr.events);

  // Rows: y of every event, with taller gaps where time jumps.
  const ys: number[] = [];
  const gaps: { y0: number; y1: number; ms: number }[] = [];
  let y = TOP, last = 0;
  tr.events.forEach((e, i) => {
    if (i > 0 && e.t - last >= GAP_MS) { gaps.push({ y0: y - ROW / 2 + 6, y1: y + GAP_ROW - ROW / 2 - 6, ms: e.t - last }); y += GAP_ROW; }
    ys.push(y);
    y += ROW;
    last = e.t;
  });
  const bottom = y;

  const body: string[] = [];
  const defs = PARTY_INK.map((c, i) => `<marker id="head${i}" viewBox="0 0 12 12" refX="11" refY="6" markerWidth="16" markerHeight="16" markerUnits="userSpaceOnUse" orient="auto"><path d="M0,1 L12,6 L0,11 z" fill="${c}"/></marker>`);

  // Title and parties.
  body.push(txt(24, 44, tr.title, { size: 32, weight: "bold", anchor: "start" }), txt(24, 76, `${w.scenario} ${tr.scenario}`, { size: 20, fill: "#444444", anchor: "start" }));
  tr.parties.forEach((p, i) => {
    body.push(txt(x[i], TOP - 46, p.name, { size: 26, weight: "bold", fill: PARTY_INK[i] }), txt(x[i], TOP - 20, p.kind === "raw" ? (p.note ? w.note(p.note) : w.rawFrames) : p.ip, { size: 18, fill: "#333333" }));
    body.push(`<line x1="${x[i]}" y1="${TOP - 10}" x2="${x[i]}" y2="${bottom}" stroke="${PARTY_INK[i]}" stroke-width="4"/>`);
  });
  for (const g of gaps) {
    body.push(`<rect x="0" y="${g.y0}" width="${width}" height="${g.y1 - g.y0}" fill="#ffffff"/>`);
    tr.parties.forEach((_, i) => body.push(`<line x1="${x[i]}" y1="${g.y0}" x2="${x[i]}" y2="${g.y1}" stroke="${PARTY_INK[i]}" stroke-width="4" stroke-dasharray="3 7"/>`));
    // Said in the middle of the ladder: "1 h 59 min 59.999 s later" is wider than the time column.
    body.push(txt((x[0] + x[n - 1]) / 2, (g.y0 + g.y1) / 2 + 6, later(g.ms, lang), { size: 18, fill: "#555555", italic: true, halo: true }));
  }

  tr.events.forEach((e, i) => {
    const yy = ys[i];
    body.push(txt(GUTTER - 12, yy + 7, seconds(e.t), { size: 18, fill: "#333333", anchor: "end" }));
    if (e.kind === "segment") body.push(arrow(e, i));
    else {
      const c = col.get(e.party);
      if (c !== undefined) body.push(box(e, x[c], yy));
    }
  });

  function arrow(e: Extract<TraceEvent, { kind: "segment" }>, i: number): string {
    const a = col.get(e.from)!, b = col.get(e.to)!;
    const x0 = x[a], x1 = x[b], y0 = ys[i];
    let y1 = y0 + 28;
    if (e.arrive !== undefined && e.arrive - e.t > 2 * tr.latencyMs) {
      const j = tr.events.findIndex((f, k) => k > i && f.t >= e.arrive!);
      y1 = Math.max(y1, (j >= 0 ? ys[j] : bottom) - 12);
    }
    const color = e.lost ? LOST : PARTY_INK[a];
    // Too long to project at 16px: the options go (the terminal ladder and the JSON keep them).
    const span = Math.abs(x1 - x0) * (e.lost ? 0.7 : 1); // a lost arrow's label keeps clear of its cross
    const fit = (l: string) => Math.min(20, (span - 40) / (displayWidth(l) * 0.6));
    let label = segmentText(e, tr.latencyMs, lang);
    if (fit(label) < 16) label = label.replace(/ <[^>]*>/, "");
    const dir = Math.sign(x1 - x0);
    const out: string[] = [];
    if (e.lost) {
      const xe = x0 + (x1 - x0) * 0.7, ye = y0 + (y1 - y0) * 0.7;
      out.push(`<line x1="${x0}" y1="${y0}" x2="${xe}" y2="${ye}" stroke="${color}" stroke-width="3.5"/>`);
      out.push(`<g stroke="${LOST}" stroke-width="5" stroke-linecap="round"><line x1="${xe - 11}" y1="${ye - 11}" x2="${xe + 11}" y2="${ye + 11}"/><line x1="${xe - 11}" y1="${ye + 11}" x2="${xe + 11}" y2="${ye - 11}"/></g>`);
      out.push(txt(xe + dir * 22, ye + 7, w.lost, { size: 19, fill: LOST, weight: "bold", anchor: dir > 0 ? "start" : "end", halo: true }));
    } else {
      out.push(`<line x1="${x0}" y1="${y0}" x2="${x1 - dir * 3}" y2="${y1}" stroke="${color}" stroke-width="3.5" marker-end="url(#head${a})"/>`);
    }
    // The label rides just above the arrow, turned to its slope; a delayed arrow dives steeply across
    // later rows, so its label stays level on its own row instead.
    const mid = x0 + (x1 - x0) * (e.lost ? 0.35 : 0.5), size = fit(label);
    if (y1 - y0 > ROW) out.push(txt(mid, y0 - 9, label, { size, fill: color, weight: "bold", halo: true }));
    else {
      const ym = y0 + (y1 - y0) * (e.lost ? 0.35 : 0.5), deg = (Math.atan2(y1 - y0, x1 - x0) * 180) / Math.PI, up = Math.abs(deg) > 90 ? deg - 180 : deg;
      out.push(`<g transform="rotate(${up.toFixed(2)} ${mid.toFixed(1)} ${ym.toFixed(1)})">${txt(mid, ym - 9, label, { size, fill: color, weight: "bold", halo: true })}</g>`);
    }
    // Grouped and numbered by trace event, so a page can tell which segment was clicked.
    return `<g class="segment" data-event="${i}">${out.join("")}</g>`;
  }

  function box(e: Exclude<TraceEvent, { kind: "segment" }>, cx: number, cy: number): string {
    const s = columnText(e, tag.get(e.party), lang);
    const [fill, stroke, ink] = BOX[e.kind];
    const size = e.kind === "state" ? 20 : 18;
    const icon = e.kind === "timer" ? 28 : 0;
    const w = textW(s, size) + 24 + icon, h = 34;
    // A note wider than its place slides inward rather than cover the time column or leave the picture.
    cx = Math.min(Math.max(cx, GUTTER + 8 + w / 2), width - 8 - w / 2);
    const out = [`<rect x="${cx - w / 2}" y="${cy - h / 2}" width="${w}" height="${h}" rx="8" fill="${fill}" stroke="${stroke}" stroke-width="2.5"/>`];
    if (icon) out.push(clock(cx - w / 2 + 22, cy, stroke));
    out.push(txt(cx + icon / 2, cy + 7, s, { size, fill: ink, weight: e.kind === "state" || e.kind === "error" ? "bold" : undefined, italic: e.kind === "app" }));
    return out.join("");
  }

  // The explanation (and what the run measured) under the ladder.
  const perLine = Math.floor((width - 48) / (20 * 0.56));
  const para = wrap(tr.explanation, perLine).split("\n");
  let ty = bottom + 50;
  for (const line of para) { body.push(txt(24, ty, line, { size: 20, anchor: "start" })); ty += 30; }
  const facts = Object.entries(tr.facts);
  if (facts.length) ty += 10;
  for (const [k, v] of facts) { body.push(txt(24, ty, `${w.fact(k)}: ${v}`, { size: 18, fill: "#333333", anchor: "start" })); ty += 26; }
  const height = ty + 20;

  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT}">\n` +
    `<title>${esc(`${tr.scenario}: ${tr.title}`)}</title>\n<defs>${defs.join("")}</defs>\n<rect width="100%" height="100%" fill="#ffffff"/>\n` +
    body.join("\n") + "\n</svg>\n";
}
