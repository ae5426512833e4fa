// The live view's recorder: one stack on a real link (a TAP device, a board's wire), its segments, state
// changes, timers, errors and drops written as the scenario trace's events (the playground's ladder and
// panels draw them), with its connections' TCBs read after each burst. Platform-neutral: the Node layer
// streams what `onBatch` hands it to the page.
import type { Link, LinkPort, Stack } from "./stack.js";
import { STATE_NAMES, State, Trace, Timer, errCode } from "./abi.js";
import { decodeFrame, bitsToFlags, type Seen } from "./frame.js";
import { formatIp, parseIp } from "./addr.js";
import { SegmentLabeller } from "./scenarios/label.js";
import type { Party, SegmentEvent, TraceEvent } from "./scenarios/types.js";
import { tcbViews, type Snapshot } from "./tcb-view.js";

const TIMER_NAMES = Object.fromEntries(Object.entries(Timer).map(([k, v]) => [v, k])) as Record<number, string>;
/** A class watches minutes, not days: past this many events the recorder says so and stops. */
export const LIVE_MAX_EVENTS = 20_000;

/** A frame as the page's pcap export needs it: when, after how many events, and its bytes. */
export interface LiveFrame { ms: number; events: number; bytes: Uint8Array }
/** What happened since the last batch (the first one also names the parties). */
export interface LiveBatch { parties: Party[]; events: TraceEvent[]; snapshots: Snapshot[]; frames: LiveFrame[] }

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
  private readonly addrs = new Map<number, [string, string]>();
  private readonly handles = new Set<number>();
  private rexmt: number[] = [];
  private inbound: Seen | null = null;
  private sent = { events: 0, snapshots: 0, frames: 0 };
  private queued = false;
  private full = false;

  constructor(private readonly stack: Stack, readonly peer = "peer") {
    this.me = stack.name;
    this.t0 = stack.clock.now();
    this.parties = [{ name: this.me, ip: stack.ip, kind: "stack" }, { name: peer, ip: "-", kind: "raw" }];
    stack.on("state", (h: number, from: number, to: number) => this.state(h, from, to));
    stack.on("trace", (k: number, a: number, b: number) => {
      if (k === Trace.TIMER) this.push({ t: this.now(), kind: "timer", party: this.me, handle: a, timer: TIMER_NAMES[b] ?? String(b), ...this.where(a) });
      else if (k === Trace.ERROR) this.push({ t: this.now(), kind: "error", party: this.me, handle: a, error: errCode(b) });
      else if (k === Trace.RETRANSMIT) this.rexmt.push(b >>> 0);
    });
    // Inbound frames: the segment, then what the core made of it (a drop names its counter).
    const input = stack.core.input.bind(stack.core);
    const names = Object.keys(stack.core.stats());
    stack.core.input = (f: Uint8Array, now: number) => {
      const s = decodeFrame(f);
      const mine = s.proto === 6 && s.dst === parseIp(stack.ip);
      if (mine) { const ev = this.segment(peer, this.me, s); if (ev) ev.arrive = ev.t; this.frame(f); }
      this.inbound = mine ? s : null;
      let r: number;
      try { r = input(f, now); } finally { this.inbound = null; }
      if (r > 0 && mine) this.push({ t: this.now(), kind: "drop", party: this.me, reason: (names[r] ?? String(r)).replace(/^drop_tcp_/, ""), flags: bitsToFlags(s.flags!) });
      this.soon();
      return r;
    };
  }

  /** `link` with the stack's outbound TCP segments recorded on their way out. */
  wrap(link: Link): Link {
    return {
      attach: (port: LinkPort) => {
        const tx = link.attach(port);
        return (f: Uint8Array) => {
          const s = decodeFrame(f);
          if (s.proto === 6) {
            const ev = this.segment(this.me, this.peer, s);
            const i = ev ? this.rexmt.indexOf(s.seq!) : -1;
            if (ev && i >= 0) { this.rexmt.splice(i, 1); ev.rexmt = true; }
            this.frame(f);
            this.soon();
          }
          tx(f);
        };
      },
    };
  }

  /** A line in the stack's column (what the program did: serving, connecting). */
  note(text: string): void { this.push({ t: this.now(), kind: "app", party: this.me, text }); this.soon(); }

  /** Everything so far, as one batch (for a page that arrives late). */
  history(): LiveBatch {
    const n = this.sent;
    return { parties: this.parties, events: this.events.slice(0, n.events), snapshots: this.snapshots.slice(0, n.snapshots), frames: this.frames.slice(0, n.frames) };
  }

  private now(): number { return Math.round(this.stack.clock.now() - this.t0); }

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

  private frame(f: Uint8Array): void { if (!this.full) this.frames.push({ ms: this.now(), events: this.events.length, bytes: f.slice() }); }

  private where(h: number): { local?: string; remote?: string } {
    const a = this.addrs.get(h);
    return a ? { local: a[0], remote: a[1] } : {};
  }

  /** Inside the core's hook: records only. A connection born of an inbound SYN takes its addresses. */
  private state(h: number, from: number, to: number): void {
    if (this.inbound && from <= State.LISTEN) this.addrs.set(h, [`${formatIp(this.inbound.dst!)}:${this.inbound.dport}`, `${formatIp(this.inbound.src!)}:${this.inbound.sport}`]);
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
    if (!news.length && this.frames.length === this.sent.frames) return; // an ARP exchange, say: nothing to draw
    for (const e of news) {
      if (e.kind !== "state" || e.local) continue;
      if (!this.addrs.has(e.handle) && this.stack.core.state(e.handle) >= 0 && this.stack.core.remotePort(e.handle) > 0) {
        this.addrs.set(e.handle, [`${this.stack.ip}:${this.stack.core.localPort(e.handle)}`, `${formatIp(this.stack.core.remoteIp(e.handle))}:${this.stack.core.remotePort(e.handle)}`]);
      }
      Object.assign(e, this.where(e.handle));
    }
    if (!this.full) this.snapshots.push({ events: this.events.length, t: this.now(), parties: { [this.me]: tcbViews(this.stack, this.handles) } });
    const b: LiveBatch = { parties: this.parties, events: news, snapshots: this.snapshots.slice(this.sent.snapshots), frames: this.frames.slice(this.sent.frames) };
    this.sent = { events: this.events.length, snapshots: this.snapshots.length, frames: this.frames.length };
    this.onBatch?.(b);
  }
}
