// The playground page: pick a scenario (or the free mode), step through its events, lose, delay or
// duplicate segments by clicking them, add random faults or an attacker, and watch both ends' states and numbers. Every change re-runs the real .wasm from the
// start with the same seed, so the run shown is always one the stacks actually produced.
import { scenarios, findScenario } from "../../host/scenarios/registry.js";
import type { Scenario, SegmentEvent } from "../../host/scenarios/types.js";
import { renderSvg } from "../../host/svg.js";
import { seconds } from "../../host/scenarios/describe.js";
import { fetchModule } from "../../host/core.js";
import { runSession, lossChoiceFor, snapshotAt, prefix, pcapOf, pcapngOf, statesAt, type LossChoice, type NetFault, type RunResult } from "./session.js";
import { netControls, attackControls } from "./faults-panel.js";
import type { AttackKind } from "./attack.js";
import { followLive } from "./live.js";
import { freeScenario, FREE_OPS, type FreeAction, type FreeOp } from "./free.js";
import { stateDiagram } from "./diagram.js";
import { tcbTable } from "./tcb.js";
import { readLink, writeLink, type Situation } from "./link.js";
import { t, setLang, translatePage, isLang } from "./i18n.js";
import { scenarioText, LANGS, LANG_NAMES } from "../../host/scenarios/lang.js";

const PARTY_COLOURS = ["#0b3d91", "#1b5e20", "#6a1b9a"];
const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

const ui = {
  scenario: $<HTMLSelectElement>("scenario"), speed: $<HTMLSelectElement>("speed"), play: $<HTMLButtonElement>("play"),
  clock: $("clock"), status: $("status"), ladder: $("ladder"), explanation: $("explanation"),
  cards: [document.createElement("div"), document.createElement("div")], segment: null as unknown as HTMLElement, losses: null as unknown as HTMLElement,
};
/** Bytes the free mode's send buttons write, per side. */
const sendBytes: Record<string, number> = { client: 100, server: 100 };

let sit: Situation = { scenario: "handshake", losses: [], actions: [], net: [], attacks: [], cursor: 0, absolute: false, lang: "en", live: false, big: false };
/** The parties the network and attacker controls were drawn for. */
let drawnFor = "";
let run: RunResult | null = null;
let selected: number | null = null;
let timer: ReturnType<typeof setInterval> | null = null;
let generation = 0;

function scenarioOf(s: Situation): Scenario {
  const sc = s.scenario === "free" ? freeScenario(s.actions) : localized(findScenario(s.scenario) ?? scenarios[0]);
  return s.absolute ? { ...sc, absolute: true } : sc;
}
const total = () => run?.trace.events.length ?? 0;

/** Re-runs the stacks for the current situation; the newest request wins. */
async function rerun(): Promise<void> {
  if (sit.live) { if (run) render(); return; } // the live run is the stack's: nothing to run again
  const g = ++generation;
  ui.status.textContent = t("running");
  const r = await runSession(scenarioOf(sit), { losses: sit.losses, net: sit.net, attacks: sit.attacks });
  if (g !== generation) return;
  run = r;
  sit.cursor = Math.min(sit.cursor, total());
  drawFaultControls();
  render();
  document.body.dataset.runs = String(g); // how many runs have been shown (tests wait on it)
}

// ---- time controls ----

function step(): void { if (sit.cursor < total()) { sit.cursor++; render(); } else pause(); }
function back(): void { if (sit.cursor > 0) { sit.cursor--; render(); } }
function reset(): void { pause(); sit = { ...sit, ...NO_CHOICES(), cursor: 0 }; selected = null; drawnFor = ""; void rerun(); }
const NO_CHOICES = () => ({ losses: [], actions: [], net: [], attacks: [] });
function pause(): void { if (timer) clearInterval(timer); timer = null; ui.play.textContent = t("play"); ui.play.classList.remove("on"); }
function play(): void {
  if (timer) return pause();
  if (sit.cursor >= total()) sit.cursor = 0;
  timer = setInterval(step, 1000 / Number(ui.speed.value));
  ui.play.textContent = t("pause");
  ui.play.classList.add("on");
}

// ---- faults and calls ----

function sameLoss(a: LossChoice, b: LossChoice): boolean { return a.from === b.from && a.to === b.to && a.nth === b.nth; }

/** A clicked segment lost, delayed or duplicated; clicked again, as it was. */
async function toggleFault(i: number, mode: "lose" | "delay" | "duplicate"): Promise<void> {
  if (!run) return;
  const e = run.trace.events[i] as SegmentEvent;
  const c = lossChoiceFor(run, i);
  if (!c) { ui.status.textContent = t("isCopy"); return; }
  const mine = sit.losses.findIndex((l) => sameLoss(l, c));
  if (mine >= 0) sit.losses.splice(mine, 1);
  else if (!e.lost) sit.losses.push(mode === "lose" ? c : { ...c, effect: mode, ms: mode === "delay" ? delayMs() : DUP_AFTER_MS });
  else { ui.status.textContent = t("lostByScenario"); return; }
  await rerun();
}
/** A duplicate arrives this long after the original (so the ladder shows two arrows). */
const DUP_AFTER_MS = 5;
const delayMs = () => Math.max(1, Math.min(600_000, Number($<HTMLInputElement>("delay-ms").value) || 500));

/** Per-direction random faults changed: the run again with them. */
function setNet(f: NetFault): void {
  sit.net = sit.net.filter((x) => !(x.from === f.from && x.to === f.to));
  if (f.loss || f.delayMs || f.reorder) sit.net.push(f);
  void rerun();
}

/** An attack on `target` now: like a call, it replaces the attacks chosen later in the run. */
async function attack(target: string, kind: AttackKind): Promise<void> {
  if (!run) return;
  pause();
  const t0 = sit.cursor ? run.trace.events[sit.cursor - 1].t : 0;
  sit.attacks = sit.attacks.filter((a) => a.at <= sit.cursor);
  sit.attacks.push({ t: t0, at: sit.cursor, target, kind });
  const from = sit.cursor;
  await rerun();
  const lanes = run!.trace.parties.filter((p) => p.kind === "raw").map((p) => p.name);
  // The attack goes before whatever else happens in the same millisecond: look from that millisecond on.
  const start = Math.min(from, Math.max(0, run!.trace.events.findIndex((e) => e.t >= t0)));
  const shown = run!.trace.events.findIndex((e, k) => k >= start && e.kind === "app" && lanes.includes(e.party));
  if (shown >= 0) { sit.cursor = shown + 1; render(); }
}

/** The network and attacker controls, drawn again only when the run's parties change. */
function drawFaultControls(): void {
  const stacks = run!.trace.parties.filter((p) => p.kind === "stack").map((p) => p.name);
  const key = `${sit.lang}|${stacks.join(",")}`;
  if (key === drawnFor) return;
  drawnFor = key;
  $("net").replaceChildren(netControls(stacks, sit.net, setNet));
  $("attack").replaceChildren(attackControls(stacks, (target, kind) => void attack(target, kind)));
}

async function call(party: "client" | "server", op: FreeOp): Promise<void> {
  if (!run) return;
  const t = sit.cursor ? run.trace.events[sit.cursor - 1].t : 0;
  const n = op === "send" ? sendBytes[party] : undefined;
  // A call made after stepping back replaces the calls that came later.
  sit.actions = sit.actions.filter((a) => a.at <= sit.cursor);
  sit.actions.push({ t, at: sit.cursor, party, op, n } as FreeAction);
  const from = sit.cursor;
  await rerun();
  const shown = run!.trace.events.findIndex((e, k) => k >= from && e.kind === "app" && e.party === party);
  if (shown >= 0) { sit.cursor = shown + 1; render(); }
}

// ---- drawing ----

function render(): void {
  if (!run) return;
  const tr = run.trace, n = sit.cursor;
  const now = n ? tr.events[n - 1].t : 0;
  ui.clock.textContent = t("clock", seconds(now), n, tr.events.length);
  ui.status.textContent = n === tr.events.length && run.stopped ? t("stopped", run.stopped.replace(/^.*?: /, "")) : "";
  ui.explanation.textContent = sit.live ? t("live.explanation") : tr.explanation;

  const svg = renderSvg({ ...prefix(tr, n), explanation: "", facts: {}, lang: sit.lang });
  ui.ladder.innerHTML = svg;
  for (const g of ui.ladder.querySelectorAll<SVGGElement>("g.segment")) {
    const i = Number(g.dataset.event);
    if (i === selected) g.classList.add("selected");
    if (i === n - 1) g.classList.add("newest");
    // A wide invisible copy of the arrow's line takes the clicks, so a student need not hit 3.5 pixels.
    const line = g.querySelector("line");
    if (line) {
      const hit = line.cloneNode() as SVGLineElement;
      hit.removeAttribute("marker-end");
      hit.setAttribute("stroke", "transparent");
      hit.setAttribute("stroke-width", "26");
      hit.classList.add("hit");
      g.prepend(hit);
    }
    g.addEventListener("click", () => onSegment(i));
  }
  ui.ladder.parentElement!.scrollTop = ui.ladder.parentElement!.scrollHeight;

  ui.losses.innerHTML = "";
  for (const l of sit.losses) {
    const b = document.createElement("button");
    b.textContent = l.effect === "delay" ? t("undoDelay", l.from, l.to, l.nth, l.ms ?? 0) : l.effect === "duplicate" ? t("undoDup", l.from, l.to, l.nth) : t("undoLose", l.from, l.to, l.nth);
    b.onclick = () => { sit.losses = sit.losses.filter((x) => !sameLoss(x, l)); void rerun(); };
    ui.losses.append(b, " ");
  }
  for (const a of sit.attacks) {
    const b = document.createElement("button");
    b.textContent = t("undoAttack", t(`attack.${a.kind}`), a.target, seconds(a.t));
    b.onclick = () => { sit.attacks = sit.attacks.filter((x) => x !== a); void rerun(); };
    ui.losses.append(b, " ");
  }
  renderParties(n, now);
  renderInspector();
  history.replaceState(null, "", `#${writeLink(sit)}`);
}

function onSegment(i: number): void {
  selected = i;
  const mode = sit.live ? "inspect" : (document.querySelector('input[name="click"]:checked') as HTMLInputElement).value;
  if (mode === "lose" || mode === "delay" || mode === "duplicate") void toggleFault(i, mode); else render();
}

function renderParties(n: number, now: number): void {
  const tr = run!.trace;
  const states = statesAt(tr, n);
  const snap = snapshotAt(run!, n);
  const last = new Map<string, { from: string; to: string }>();
  for (const e of tr.events.slice(0, n)) if (e.kind === "state") last.set(e.party, e);
  for (const c of ui.cards) c.innerHTML = "";
  tr.parties.forEach((p, i) => {
    // The first party beside the ladder's left line, the others beside its right.
    const colour = PARTY_COLOURS[i];
    const div = document.createElement("div");
    div.className = "party";
    div.style.borderColor = colour;
    div.dataset.party = p.name;
    ui.cards[i === 0 ? 0 : 1].append(div);
    const head = `<h2 style="color:${colour}">${p.name} <small>${p.kind === "raw" ? (sit.live ? "" : t("raw")) : p.ip}</small></h2>`;
    if (p.kind === "raw") { div.innerHTML = `${head}<div>${t(sit.live ? "live.peer" : "raw.note")}</div>`; return; }
    const conns = [...(states[p.name] ?? new Map()).entries()];
    const focus = last.get(p.name);
    const rows = conns.map(([h, c]) => {
      const v = snap?.parties[p.name]?.find((x) => x.handle === h);
      const tcb = !v || c.state === "LISTEN" || c.state === "CLOSED" ? ""
        : v.mss < 0 ? `<div class="note">${c.state === "SYN_RECEIVED" ? t("halfOpen") : t("closedByApp")}</div>`
        : tcbTable(v, c.state, now, sit.absolute);
      const addr = conns.length > 1 && c.remote ? ` <small>⇄ ${c.remote}</small>` : "";
      return `<div class="conn" data-handle="${h}"><span class="state">${c.state}${addr}</span>${tcb}</div>`;
    });
    div.innerHTML = head + (rows.join("") || `<span class="state">CLOSED</span>`) + stateDiagram(focus?.to ?? "CLOSED", focus?.from, colour, `d${i}`);
    if (sit.scenario === "free") div.append(callButtons(p.name as "client" | "server"));
  });
}

function renderInspector(): void {
  const e = selected !== null ? run!.trace.events[selected] : undefined;
  if (!e || e.kind !== "segment" || selected! >= sit.cursor) { ui.segment.textContent = t("inspector.empty"); return; }
  const flagNames: [string, string][] = [["S", "SYN"], ["F", "FIN"], ["R", "RST"], ["P", "PSH"], [".", "ACK"], ["U", "URG"], ["E", "ECE"], ["W", "CWR"]];
  const flags = flagNames.filter(([c]) => e.flags.includes(c)).map(([, n]) => n).join(" ") || t("seg.none");
  const rows: [string, string][] = [
    [t("seg.fromTo"), `${e.from} → ${e.to}`], [t("seg.sent"), seconds(e.t)],
    [t("seg.arrived"), e.lost ? t("seg.lost") : e.arrive !== undefined ? seconds(e.arrive) : sit.live ? t("seg.onWire") : t("seg.inFlight")],
    [t("seg.source"), e.src], [t("seg.dest"), e.dst], [t("seg.flags"), flags],
    ["seq", `${e.seq >>> 0}`], ["ack", e.flags.includes(".") ? `${e.ack >>> 0}` : t("seg.noAck")],
    [t("seg.window"), `${e.win}${e.window !== e.win ? t("seg.scaled", e.window) : t("seg.bytes")}`], [t("seg.data"), t("seg.dataBytes", e.len)],
    [t("seg.options"), e.options || t("seg.none")], [t("seg.drawn"), e.label], [t("seg.rexmt"), e.rexmt ? t("seg.rexmtYes") : t("seg.rexmtNo")],
  ];
  ui.segment.innerHTML = `<table>${rows.map(([k, v]) => `<tr><td>${k}</td><td>${escapeHtml(v)}</td></tr>`).join("")}</table>`;
}

function escapeHtml(s: string): string { return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;"); }

// Socket calls keep their API names in every language; "read" is the page's word for recv().
const CALL_LABELS: Record<FreeOp, string> = { listen: "listen", connect: "connect", send: "send", recv: "read", shutdown: "shutdown", close: "close", abort: "abort", nodelay: "NODELAY", keepalive: "keepalive" };

/** The free mode's socket calls for one side, made at the virtual time shown. */
function callButtons(party: "client" | "server"): HTMLElement {
  const div = document.createElement("div");
  div.className = "calls";
  for (const op of FREE_OPS) {
    const b = document.createElement("button");
    b.textContent = CALL_LABELS[op];
    b.dataset.call = `${party}-${op}`;
    b.onclick = () => { pause(); void call(party, op); };
    div.append(b);
    if (op === "send") {
      const inp = document.createElement("input");
      Object.assign(inp, { type: "number", min: "1", max: "65536", value: String(sendBytes[party]), title: t("bytesToSend") });
      inp.setAttribute("aria-label", t("bytesSent", party));
      inp.onchange = () => { sendBytes[party] = Math.max(1, Number(inp.value) || 100); };
      div.append(inp, " ");
    }
  }
  return div;
}

// ---- export ----

function download(name: string, type: string, data: BlobPart): void {
  const a = document.createElement("a");
  a.href = URL.createObjectURL(new Blob([data], { type }));
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

// ---- keyboard and projector ----

/** Selects the next (or previous) segment among those shown, for the inspector and the Enter key. */
function selectSegment(dir: 1 | -1): void {
  if (!run) return;
  const shown = run.trace.events.slice(0, sit.cursor).map((e, i) => (e.kind === "segment" ? i : -1)).filter((i) => i >= 0);
  if (!shown.length) return;
  const at = selected === null ? -1 : shown.indexOf(selected);
  selected = shown[at < 0 ? (dir > 0 ? 0 : shown.length - 1) : Math.max(0, Math.min(shown.length - 1, at + dir))];
  render();
}

function setBig(on: boolean): void {
  sit.big = on;
  document.body.classList.toggle("big", on);
  $("big").classList.toggle("on", on);
  if (run) render();
}

// ---- language ----

/** A catalogue scenario with its title and explanation in the page's language. */
function localized(sc: Scenario): Scenario { return { ...sc, ...scenarioText(sc, sit.lang) }; }

function fillScenarios(): void {
  ui.scenario.innerHTML = "";
  for (const s of scenarios) ui.scenario.add(new Option(`${s.name} — ${localized(s).title}`, s.name));
  ui.scenario.add(new Option(t("free.option"), "free"));
  ui.scenario.value = sit.scenario;
}

function applyLang(): void {
  setLang(sit.lang);
  $<HTMLSelectElement>("lang").value = sit.lang;
  translatePage();
  ui.play.textContent = t(timer ? "pause" : "play");
  fillScenarios();
}

// ---- start ----

function wire(): void {
  // Each side: its party cards, then the panels that belong there (faults left, inspector right).
  const panels = ($<HTMLTemplateElement>("panels")).content;
  $("side-0").append(ui.cards[0], panels.getElementById("click-mode")!, panels.getElementById("exports")!);
  $("side-1").append(ui.cards[1], panels.getElementById("inspector")!);
  ui.segment = $("segment");
  ui.losses = $("losses");
  fillScenarios();
  ui.scenario.onchange = () => { pause(); sit = { ...sit, scenario: ui.scenario.value, ...NO_CHOICES(), cursor: 0 }; selected = null; void rerun(); };
  $("step").onclick = () => { pause(); step(); };
  $("back").onclick = () => { pause(); back(); };
  $("reset").onclick = reset;
  ui.play.onclick = play;
  ui.speed.onchange = () => { if (timer) { pause(); play(); } };
  $("dl-pcap").onclick = () => run && download(`${sit.scenario}.pcap`, "application/vnd.tcpdump.pcap", pcapOf(run, sit.cursor) as BlobPart);
  $("dl-pcapng").onclick = () => run && download(`${sit.scenario}.pcapng`, "application/x-pcapng", pcapngOf(run, sit.cursor) as BlobPart);
  $("dl-json").onclick = () => run && download(`${sit.scenario}.json`, "application/json", JSON.stringify(prefix(run.trace, sit.cursor), null, 1) + "\n");
  $("dl-svg").onclick = () => run && download(`${sit.scenario}.svg`, "image/svg+xml", renderSvg({ ...prefix(run.trace, sit.cursor), lang: sit.lang }));
  const abs = $<HTMLInputElement>("absolute");
  abs.onchange = () => { sit.absolute = abs.checked; void rerun(); };
  $("share").onclick = () => void navigator.clipboard?.writeText(location.href);
  const langs = $<HTMLSelectElement>("lang");
  for (const l of LANGS) langs.add(new Option(LANG_NAMES[l], l));
  langs.onchange = () => { if (isLang(langs.value)) { sit.lang = langs.value; applyLang(); void rerun(); } };
  $<HTMLInputElement>("delay-ms").onchange = () => { ($<HTMLInputElement>("click-delay")).checked = true; };
  $("big").onclick = () => setBig(!sit.big);
  $("help").onclick = () => { $("keys").hidden = !$("keys").hidden; };
  document.addEventListener("keydown", (ev) => {
    if ((ev.target as HTMLElement).matches("input, select")) return;
    const k = ev.key;
    if (k === "ArrowRight" || k === " ") { ev.preventDefault(); pause(); step(); }
    else if (k === "ArrowLeft") { ev.preventDefault(); pause(); back(); }
    else if (k === "End") { ev.preventDefault(); pause(); if (run) { sit.cursor = total(); render(); } }
    else if (k === "Home") { ev.preventDefault(); pause(); sit.cursor = 0; render(); }
    else if (k === "p" || k === "P") play();
    else if (k === "r" || k === "R") reset();
    else if (k === "]" || k === "[") { ev.preventDefault(); selectSegment(k === "]" ? 1 : -1); }
    else if ((k === "Enter" || k === "x" || k === "X") && selected !== null && !(ev.target as HTMLElement).matches("button")) { ev.preventDefault(); onSegment(selected); }
    else if (k === "+" || k === "=") setBig(true);
    else if (k === "-") setBig(false);
    else if (k === "l" || k === "L") { const l = LANGS[(LANGS.indexOf(sit.lang) + 1) % LANGS.length]; sit.lang = l; applyLang(); void rerun(); }
    else if (k === "?") $("keys").hidden = !$("keys").hidden;
    else if (k === "Escape") $("keys").hidden = true;
  });
}

async function start(): Promise<void> {
  // The same .wasm builds the package's Node host and the boards run, fetched from beside this page.
  await Promise.all(["wasmtcp.wasm", "wasmtcp-large.wasm"].map((f) => fetchModule(f, f)));
  wire();
  sit = readLink(location.hash.slice(1)) ?? sit;
  applyLang();
  setBig(sit.big);
  ui.scenario.value = sit.scenario;
  $<HTMLInputElement>("absolute").checked = sit.absolute;
  if (sit.live) startLive(); else await rerun();
  document.body.dataset.ready = "1";
}

/** The live mode: each message of the stream shows the grown run, following the newest event unless
 *  the user stepped back. */
function startLive(): void {
  document.body.classList.add("live");
  followLive(t("live.title"), t("live.explanation"), (r, before) => {
    const following = sit.cursor >= before;
    run = r;
    if (following) sit.cursor = total();
    render();
    document.body.dataset.runs = String(++generation);
  }, () => { ui.status.textContent = t("live.ended"); });
}

void start();
