// The live view's recorder: one stack on a real link (a TAP device, a board's wire), its segments, state
// changes, timers, errors and drops written as the scenario trace's events (the playground's ladder and
// panels draw them), with its connections' TCBs read after each burst where the stack is in this process.
// The events come from the frames and the core's trace hook, so a stack elsewhere (the posix board host's
// --events stream) is recorded the same way. Platform-neutral: the Node layer streams `onBatch` to the page.
import type { Link, LinkPort, Stack } from "./stack.js";
import { STATE_NAMES, STAT_NAMES, State, Trace, Timer, errCode } from "./abi.js";
import { decodeFrame, bitsToFlags, type Seen } from "./frame.js";
import { formatIp, parseIp } from "./addr.js";
import { SegmentLabeller } from "./scenarios/label.js";
import type { Party, SegmentEvent, TraceEvent } from "./scenarios/types.js";
import { tcbViews, type ConnView, type Snapshot } from "./tcb-view.js";

const TIMER_NAMES = Object.fromEntries(Object.entries(Timer).map(([k, v]) => [v, k])) as Record<number, string>;
/** A class watches minutes, not days: past this many events the recorder says so and stops. */
export const LIVE_MAX_EVENTS = 20_000;

/** A frame as the page's pcap export needs it: when, after how many events, and its bytes. */
export interface LiveFrame { ms: number; events: number; bytes: Uint8Array }
/** What happened since the last batch (the first one also names the parties). */
export interface LiveBatch { parties: Party[]; events: TraceEvent[]; snapshots: Snapshot[]; frames: LiveFrame[] }

/** The stack recorded: its name and address, its clock (ms), and, if it runs in this process, what its
 *  core can tell outside a hook (TCBs, a connection's addresses). */
export interface LiveSource {
  name: string; ip: string; now(): number;
  tcb?(handles: Iterable<number>): ConnView[];
  addrs?(h: number): [local: string, remote: string] | null;
}

export class LiveRecorder {
  readonly parties: Party[];
  readonly events: TraceEvent[] = [];
  readonly snapshots: Snapshot[] = [];
  readonly frames: LiveFrame[] = [];
  /** Called with each burst's news, once the core has returned. */
  onBatch: ((b: LiveBatch) => void) | null = null;
  private readonly labels = new SegmentLabeller(false);
  private readonly t0: number;
  private readonly me: string;
  private readonly ip: number;
  private readonly addrs = new Map<number, [string, string]>();
  private readonly handles = new Set<number>();
  private rexmt: number[] = [];
  /** The inbound TCP segment being processed (a connection born of it takes its addresses), or the last. */
  private inbound: Seen | null = null;
  private processing = false;
  private sent = { events: 0, snapshots: 0, frames: 0 };
  private queued = false;
  private full = false;

  constructor(private readonly src: LiveSource, readonly peer = "peer") {
    this.me = src.name;
    this.ip = parseIp(src.ip);
    this.t0 = src.now();
    this.parties = [{ name: this.me, ip: src.ip, kind: "stack" }, { name: peer, ip: "-", kind: "raw" }];
  }

  /** A frame that reached the stack; `processing` until `processed()` (a burst: until the next one). */
  received(f: Uint8Array): void {
    const s = decodeFrame(f);
    if (s.proto !== 6 || s.dst !== this.ip) return;
    const ev = this.segment(this.peer, this.me, s);
    if (ev) ev.arrive = ev.t;
    this.frame(f);
    this.inbound = s;
    this.processing = true;
  }
  processed(): void { this.processing = false; }

  /** A frame the stack sent. */
  sentFrame(f: Uint8Array): void {
    const s = decodeFrame(f);
    if (s.proto !== 6) return;
    const ev = this.segment(this.me, this.peer, s);
    const i = ev ? this.rexmt.indexOf(s.seq!) : -1;
    if (ev && i >= 0) { this.rexmt.splice(i, 1); ev.rexmt = true; }
    this.frame(f);
  }

  /** The core's trace hook (inside the core: records only). */
  trace(k: number, a: number, b: number, c: number): void {
    const t = this.now();
    if (k === Trace.STATE) this.state(a, b, c);
    else if (k === Trace.TIMER) this.push({ t, kind: "timer", party: this.me, handle: a, timer: TIMER_NAMES[b] ?? String(b), ...this.where(a) });
    else if (k === Trace.ERROR) this.push({ t, kind: "error", party: this.me, handle: a, error: errCode(b) });
    else if (k === Trace.RETRANSMIT) this.rexmt.push(b >>> 0);
    else if (k === Trace.DROP && /^drop_tcp_/.test(STAT_NAMES[a] ?? "") && this.inbound) {
      this.push({ t, kind: "drop", party: this.me, reason: STAT_NAMES[a].replace(/^drop_tcp_/, ""), flags: bitsToFlags(this.inbound.flags!) });
    }
  }

  /** A line in the stack's column (what the program did: serving, connecting). */
  note(text: string): void { this.push({ t: this.now(), kind: "app", party: this.me, text }); }

  /** Everything published so far, as one batch (for a page that arrives late). */
  history(): LiveBatch {
    const n = this.sent;
    return { parties: this.parties, events: this.events.slice(0, n.events), snapshots: this.snapshots.slice(0, n.snapshots), frames: this.frames.slice(0, n.frames) };
  }

  private now(): number { return Math.round(this.src.now() - this.t0); }

  private push(e: TraceEvent): boolean {
    if (this.full) return false;
    if (this.events.length >= LIVE_MAX_EVENTS) {
      this.full = true;
      this.events.push({ t: this.now(), kind: "app", party: this.me, text: `the live view stops recording here (${LIVE_MAX_EVENTS} events)` });
      return false;
    }
    this.events.push(e);
    this.soon(); // a queued microtask: safe inside the core's hook
    return true;
  }

  private segment(from: string, to: string, s: Seen): SegmentEvent | null {
    const ev = this.labels.describe(this.now(), from, to, s, false);
    return this.push(ev) ? ev : null;
  }

  private frame(f: Uint8Array): void {
    if (this.full) return;
    this.frames.push({ ms: this.now(), events: this.events.length, bytes: f.slice() });
    this.soon();
  }

  private where(h: number): { local?: string; remote?: string } {
    const a = this.addrs.get(h);
    return a ? { local: a[0], remote: a[1] } : {};
  }

  /** A connection born of the inbound SYN being processed takes its addresses. */
  private state(h: number, from: number, to: number): void {
    const s = this.inbound;
    if (this.processing && s && from <= State.LISTEN) this.addrs.set(h, [`${formatIp(s.dst!)}:${s.dport}`, `${formatIp(s.src!)}:${s.sport}`]);
    if (to !== State.LISTEN) this.handles.add(h);
    this.push({ t: this.now(), kind: "state", party: this.me, handle: h, from: STATE_NAMES[from] ?? String(from), to: STATE_NAMES[to] ?? String(to), ...this.where(h) });
  }

  private soon(): void {
    if (this.queued) return;
    this.queued = true;
    queueMicrotask(() => { this.queued = false; this.publish(); });
  }

  /** Out of the core: fills in the addresses a connect() left unknown, reads the TCBs, hands the news on. */
  private publish(): void {
    const news = this.events.slice(this.sent.events);
    if (!news.length && this.frames.length === this.sent.frames) return;
    for (const e of news) {
      if (e.kind !== "state" || e.local) continue;
      const a = this.addrs.get(e.handle) ?? this.src.addrs?.(e.handle);
      if (a) { this.addrs.set(e.handle, a); Object.assign(e, this.where(e.handle)); }
    }
    if (!this.full && this.src.tcb) this.snapshots.push({ events: this.events.length, t: this.now(), parties: { [this.me]: this.src.tcb(this.handles) } });
    const b: LiveBatch = { parties: this.parties, events: news, snapshots: this.snapshots.slice(this.sent.snapshots), frames: this.frames.slice(this.sent.frames) };
    this.sent = { events: this.events.length, snapshots: this.snapshots.length, frames: this.frames.length };
    this.onBatch?.(b);
  }
}

/** Records `stack` (in this process): its trace hook, its inbound frames, and, through the returned link
 *  wrapper, its outbound ones. Attach the stack with `link(realLink)`. */
export function recordStack(stack: Stack, peer = "peer"): { rec: LiveRecorder; link: (l: Link) => Link } {
  const core = stack.core;
  const rec = new LiveRecorder({
    name: stack.name, ip: stack.ip, now: () => stack.clock.now(),
    tcb: (handles) => tcbViews(stack, handles),
    addrs: (h) => (core.state(h) >= 0 && core.remotePort(h) > 0 ? [`${stack.ip}:${core.localPort(h)}`, `${formatIp(core.remoteIp(h))}:${core.remotePort(h)}`] : null),
  }, peer);
  stack.on("state", (h: number, from: number, to: number) => rec.trace(Trace.STATE, h, from, to));
  stack.on("trace", (k: number, a: number, b: number, c: number) => rec.trace(k, a, b, c));
  const input = core.input.bind(core);
  core.input = (f: Uint8Array, now: number) => {
    rec.received(f);
    try { return input(f, now); } finally { rec.processed(); }
  };
  const link = (l: Link): Link => ({
    attach: (port: LinkPort) => {
      const tx = l.attach(port);
      return (f: Uint8Array) => { rec.sentFrame(f); tx(f); };
    },
  });
  return { rec, link };
}
