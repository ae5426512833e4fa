// What a scenario's script works with: a simulation with named parties (stacks, or raw ports that inject
// crafted frames), socket calls that are recorded as application events, waits in virtual time, loss rules,
// and a recorder that turns everything the link and the cores report into the JSON trace.
import { Simulation } from "../sim.js";
import type { Stack } from "../stack.js";
import type { DropRule } from "../link.js";
import { STATE_NAMES, State, Timer, Trace, Shut, Ev, Opt, Handle, errCode } from "../abi.js";
import { parseIp, parseMac, formatIp } from "../addr.js";
import { arpReply, bitsToFlags, buildTcp, decodeFrame, encodeOptions, flagsToBits, type Seen } from "../frame.js";
import type { TcpOption } from "../script/ast.js";
import { PcapngWriter } from "../pcapng.js";
import type { DropEvent, Party, Scenario, ScenarioTrace, SegmentEvent, TraceEvent } from "./types.js";
import { RawPort } from "./raw.js";
import { SegmentLabeller } from "./label.js";
import { columnText, connectionTags, seconds } from "./describe.js";
import { describeDatagram } from "./datagram.js";
import { scenarioText, rtoNote, type Lang } from "./lang.js";

export { RawPort };

const TIMER_NAMES = Object.fromEntries(Object.entries(Timer).map(([k, v]) => [v, k])) as Record<number, string>;
const text = new TextEncoder();

export interface TcpSpec {
  from: { ip: string; port: number }; to: { ip: string; port: number };
  seq: number; ack?: number; flags: string; win?: number; options?: TcpOption[]; data?: string | Uint8Array;
}

/** How a run may differ from the scenario as written (the command line's options). */
export interface ScenarioOptions {
  /** One-way link latency in ms (default 1). */
  latencyMs?: number;
  /** Sequence numbers as sent, not relative to each side's ISN. */
  absolute?: boolean;
  /** Lose the nth TCP segment of the run (1-based), whichever it is. */
  drop?: number;
  /** The language of the trace's title and explanation (English by default). */
  lang?: Lang;
  /** Every stack's initial RTO and its lower bound, ms (RFC 6298 2.1, 2.4; 1000 by default). */
  rtoMs?: number;
}

export class ScenarioContext {
  readonly sim: Simulation;
  readonly pcap = new PcapngWriter();
  readonly events: TraceEvent[] = [];
  readonly parties: (Party & { mac: string })[] = [];
  private order: string[] | null = null;
  private readonly owners = new Map<string, Set<number>>();
  private readonly inFlight = new WeakMap<Uint8Array, Map<string, SegmentEvent>>();
  /** Each frame's index in the capture (a frame is observed once per port it goes to). */
  private readonly captured = new WeakMap<Uint8Array, number>();
  private readonly records = new Map<SegmentEvent, number>();
  private readonly rexmtPending = new Map<string, number[]>();
  private readonly labels: SegmentLabeller;
  private readonly states = new Map<string, number>();
  /** party#handle -> [local, remote] addresses; `inbound` is the segment a core is processing now. */
  private readonly addrs = new Map<string, [string, string]>();
  private inbound: { party: string; local: string; remote: string } | null = null;
  private statNames = new Map<string, string[]>();
  private readonly challenges = new Map<string, number>();
  private readonly datagrams = new Set<string>();
  readonly facts: Record<string, string | number | boolean> = {};

  private readonly lang: Lang;
  private readonly rtoMs: number | undefined;

  constructor(readonly scenario: Scenario, opts: ScenarioOptions = {}) {
    this.lang = opts.lang ?? "en";
    this.rtoMs = opts.rtoMs;
    if (opts.rtoMs !== undefined) this.facts["initial and least RTO (ms, --rto)"] = opts.rtoMs;
    this.sim = new Simulation({ seed: 1, latencyMs: opts.latencyMs ?? scenario.latencyMs ?? 1 });
    this.labels = new SegmentLabeller(opts.absolute ?? scenario.absolute ?? false);
    if (opts.drop) this.dropNth(opts.drop);
    this.sim.link.observe((o) => {
      // The capture holds every frame put on the link, once; a lost one says so in a packet comment.
      let rec = this.captured.get(o.frame);
      if (rec === undefined) { rec = this.pcap.add(o.ms, o.frame); this.captured.set(o.frame, rec); }
      if ((o.seen.proto !== 6 && o.seen.proto !== 17) || !this.owners.get(o.to)?.has(o.seen.dst!)) return;
      if (o.lost) this.pcap.comment(rec, `lost on the link: never reached ${o.to}`);
      const ev = this.segment(o.ms, o.from, o.to, o.seen, o.lost);
      this.events.push(ev);
      this.records.set(ev, rec);
      if (!o.lost) {
        const m = this.inFlight.get(o.frame) ?? new Map<string, SegmentEvent>();
        m.set(o.to, ev);
        this.inFlight.set(o.frame, m);
      }
    });
  }

  get now(): number { return this.sim.clock.now(); }
  /** The stacks' initial RTO, ms: --rto, or the build's 1 s (RFC 6298 2.1). */
  get initialRto(): number { return this.rtoMs ?? 1000; }

  /** Column order for the ladders (default: the order parties were added). */
  columns(names: string[]): void { this.order = names; }

  /** A stack named `name` at `ip`, recorded as a party. */
  addStack(name: string, ip: string, o: { wasm?: string; seed?: number } = {}): Stack {
    const n = this.parties.length + 1;
    const mac = `02:00:00:00:00:${n.toString(16).padStart(2, "0")}`;
    const s = this.sim.addStack({ name, mac, ip, seed: o.seed ?? 11 * n, wasm: o.wasm });
    if (this.rtoMs !== undefined) {
      for (const opt of [Opt.RTO_INITIAL, Opt.RTO_MIN]) {
        const r = s.core.setopt(Handle.STACK, opt, this.rtoMs, this.now);
        if (r !== 0) throw new RangeError(`rto ${this.rtoMs} ms: ${errCode(r)}`);
      }
    }
    this.parties.push({ name, ip, kind: "stack", mac });
    this.owners.set(name, new Set([parseIp(ip)]));
    this.primeArp();
    s.on("state", (h: number, from: number, to: number, ms: number) => this.stateChange(name, h, from, to, ms));
    s.on("trace", (k: number, a: number, b: number) => {
      if (k === Trace.TIMER) {
        const [local, remote] = this.addrs.get(`${name}#${a}`) ?? [];
        this.events.push({ t: this.now, kind: "timer", party: name, handle: a, timer: TIMER_NAMES[b] ?? String(b), local, remote });
      }
      else if (k === Trace.ERROR) this.events.push({ t: this.now, kind: "error", party: name, handle: a, error: errCode(b) });
      else if (k === Trace.RETRANSMIT) this.rexmtPending.set(name, [...(this.rexmtPending.get(name) ?? []), b >>> 0]);
    });
    // Arrivals (for delayed segments) and drops: the core returns the counter index of a drop reason.
    const receive = s.receive.bind(s);
    s.receive = (f: Uint8Array) => {
      this.arrived(name, f);
      const mark = this.events.length;
      receive(f);
      this.answered(s, mark);
    };
    const input = s.core.input.bind(s.core);
    s.core.input = (f: Uint8Array, now: number) => {
      const seen = decodeFrame(f);
      if (seen.proto === 6) this.inbound = { party: name, local: `${formatIp(seen.dst!)}:${seen.dport}`, remote: `${formatIp(seen.src!)}:${seen.sport}` };
      let r: number;
      try { r = input(f, now); } finally { this.inbound = null; }
      if (r > 0 && seen.proto === 6 && seen.dst === parseIp(ip)) {
        const names = this.statNames.get(name) ?? Object.keys(s.core.stats());
        this.statNames.set(name, names);
        this.events.push({ t: this.now, kind: "drop", party: name, reason: (names[r] ?? String(r)).replace(/^drop_tcp_/, ""), flags: bitsToFlags(seen.flags!) });
      }
      return r;
    };
    return s;
  }

  /** A raw port: frames from it come from whatever addresses the script writes into them. */
  addRaw(name: string, claims: string[] = []): RawPort {
    const n = this.parties.length + 1;
    const mac = `02:00:00:00:00:${n.toString(16).padStart(2, "0")}`;
    const p = new RawPort(name, parseMac(mac), claims.map(parseIp));
    p.transmit = this.sim.link.attach({ name, receive: (f) => { this.arrived(name, f); p.receive(f); } });
    this.parties.push({ name, ip: claims.join(",") || "-", kind: "raw", mac });
    this.owners.set(name, new Set(p.ips));
    this.primeArp();
    return p;
  }

  /** Addresses no live host answers for (the forged sources of a SYN flood): a lane of their own that
   *  receives whatever is sent to them and says nothing, so the attacker's lane shows only what it sent. */
  addUnanswered(name: string, ips: string[]): void {
    this.addRaw(name, ips);
    const p = this.party(name);
    p.note = `${ips.join(", ")}: no answer`;
  }

  /** Every stack learns every party's MAC up front (an ARP reply handed to it, not sent on the link), so
   *  ladders start with TCP and a SYN leaves at the moment connect() is called. */
  private primeArp(): void {
    for (const st of this.sim.stacks) {
      for (const p of this.parties) {
        const ips = p.kind === "stack" ? [p.ip] : [...(this.owners.get(p.name) ?? [])].map(formatIp);
        for (const ip of ips) if (ip !== st.ip) st.receive(arpReply({ mac: parseMac(p.mac), ip: parseIp(ip) }, { mac: parseMac(this.party(st.name).mac), ip: parseIp(st.ip) }));
      }
    }
  }

  /** Builds a TCP segment for the party owning `to.ip` and sends it from `port`. */
  inject(port: RawPort, s: TcpSpec): void {
    const dst = this.parties.find((p) => p.ip === s.to.ip);
    if (!dst) throw new Error(`no party has ${s.to.ip}`);
    const data = typeof s.data === "string" ? text.encode(s.data) : s.data ?? new Uint8Array(0);
    port.transmit(buildTcp({ mac: port.mac, ip: parseIp(s.from.ip), port: s.from.port }, { mac: parseMac(dst.mac), ip: parseIp(s.to.ip), port: s.to.port },
      s.seq, s.ack ?? 0, flagsToBits(s.flags), s.win ?? 4096, 0, encodeOptions(s.options ?? []), data));
  }

  party(name: string) { const p = this.parties.find((x) => x.name === name); if (!p) throw new Error(`no party ${name}`); return p; }
  columnOrder(): string[] { return this.order ?? this.parties.map((p) => p.name); }

  // ---- recording ----

  private stateChange(party: string, h: number, from: number, to: number, ms: number): void {
    const key = `${party}#${h}`;
    this.states.set(key, to);
    // A connection leaving CLOSED or LISTEN during input belongs to the segment being processed.
    if (this.inbound?.party === party && (from <= State.LISTEN || !this.addrs.has(key))) this.addrs.set(key, [this.inbound.local, this.inbound.remote]);
    const [local, remote] = this.addrs.get(key) ?? [];
    this.events.push({ t: ms, kind: "state", party, handle: h, from: STATE_NAMES[from] ?? String(from), to: STATE_NAMES[to] ?? String(to), local, remote });
  }

  /** A segment dropped as unacceptable may still be answered (an ACK, a challenge ACK, a RST): the
   *  trace says so, so the ladders do not call it silently dropped. */
  private answered(s: Stack, mark: number): void {
    const fresh = this.events.slice(mark);
    const drop = fresh.find((e): e is DropEvent => e.kind === "drop" && e.party === s.name);
    if (!drop) return;
    const reply = fresh.find((e): e is SegmentEvent => e.kind === "segment" && e.from === s.name && e.t === drop.t);
    if (!reply) return;
    // Every challenge ACK comes with a drop (RFC 5961), so a rise of the counter names this answer.
    const challenges = s.core.stats().tcp_challenge_acks ?? 0;
    const challenge = challenges > (this.challenges.get(s.name) ?? 0);
    this.challenges.set(s.name, challenges);
    drop.answer = reply.flags.includes("R") ? "RST" : challenge ? "challenge ACK" : "ACK";
  }

  private arrived(party: string, f: Uint8Array): void {
    const ev = this.inFlight.get(f)?.get(party);
    if (ev && ev.arrive === undefined) ev.arrive = this.now;
  }

  private segment(ms: number, from: string, to: string, s: Seen, lost: boolean): SegmentEvent {
    if (s.proto === 17) return this.datagram(ms, from, to, s, lost);
    // A raw party speaking for several addresses: its segments say which one.
    const speaker = [from, to].find((p) => (this.owners.get(p)?.size ?? 0) > 1 && this.party(p).kind === "raw");
    // A raw party's frame from an address it does not own is forged: its label names the address it claims.
    const forged = this.party(from).kind === "raw" && !this.owners.get(from)?.has(s.src!);
    const ev = this.labels.describe(ms, from, to, s, lost, speaker === from || forged ? s.src! : speaker === to ? s.dst! : undefined, forged);
    const pending = this.rexmtPending.get(from) ?? [];
    const i = pending.indexOf(s.seq!);
    if (i >= 0) { pending.splice(i, 1); ev.rexmt = true; }
    return ev;
  }

  /** A UDP datagram as a ladder arrow: its DNS message described (RFC 1035), a resend of the same bytes
   *  from the same party marked as a retransmission. */
  private datagram(ms: number, from: string, to: string, s: Seen, lost: boolean): SegmentEvent {
    const p = s.payload ?? new Uint8Array(0);
    const key = `${from}>${formatIp(s.dst!)}:${s.dport} ${Array.from(p).join(",")}`;
    const rexmt = this.datagrams.has(key);
    this.datagrams.add(key);
    return { t: ms, kind: "segment", from, to, lost, rexmt, src: `${formatIp(s.src!)}:${s.sport}`, dst: `${formatIp(s.dst!)}:${s.dport}`,
      flags: "", seq: 0, ack: 0, len: p.length, win: 0, window: 0, options: "", label: describeDatagram(s) };
  }

  fact(k: string, v: string | number | boolean): void { this.facts[k] = v; }
  /** An application call or a script note, shown in `party`'s column. */
  app(party: string, text: string): void { this.events.push({ t: this.now, kind: "app", party, text }); }

  /** Writes what happened between segments (states, timers, drops, errors, calls) into the capture as
   *  packet comments: on the next segment if it leaves at the same moment (what led to it), else on the
   *  previous one (what followed it). */
  annotateCapture(): void {
    const tag = connectionTags(this.events);
    const next: (SegmentEvent | undefined)[] = [];
    for (let k = this.events.length - 1, n: SegmentEvent | undefined; k >= 0; k--) {
      const e = this.events[k];
      if (e.kind === "segment") n = e;
      next[k] = n;
    }
    let prev: SegmentEvent | undefined;
    let pending: string[] = [];
    this.events.forEach((e, k) => {
      if (e.kind === "segment") {
        for (const c of pending.reverse()) this.pcap.comment(this.records.get(e)!, c, true);
        pending = [];
        prev = e;
        return;
      }
      const text = `${seconds(e.t)} ${e.party}: ${columnText(e, tag.get(e.party))}`;
      if (next[k] && (next[k]!.t === e.t || !prev)) pending.push(text);
      else if (prev) this.pcap.comment(this.records.get(prev)!, text);
    });
  }

  trace(): ScenarioTrace {
    const order = this.columnOrder();
    const parties = order.map((n): Party => { const p = this.party(n); return { name: p.name, ip: p.ip, kind: p.kind, ...(p.note ? { note: p.note } : {}) }; });
    const text = scenarioText(this.scenario, this.lang);
    const title = text.title;
    const explanation = this.rtoMs === undefined ? text.explanation : `${text.explanation} ${rtoNote(this.rtoMs, this.lang)}`;
    return { scenario: this.scenario.name, title, explanation, lang: this.lang, latencyMs: this.sim.link.latencyMs, parties, events: this.events, facts: this.facts, endMs: this.now };
  }

  // ---- time ----

  /** Lets `ms` of virtual time pass (everything due meanwhile happens). */
  async wait(ms: number): Promise<void> {
    const target = this.now + ms;
    this.sim.clock.at(target, () => {});
    await this.sim.run({ until: () => this.now >= target, maxMs: ms + 1 });
  }
  async until(cond: () => boolean, maxMs = 600_000): Promise<void> { await this.sim.run({ until: cond, maxMs }); }
  /** Runs until no timer is left (or `maxMs` passed). */
  async settle(maxMs = 600_000): Promise<void> { await this.sim.run({ maxMs }); }

  /** Loses frames from `from` to `to` (every matching one, or the nth), optionally only while `when()` holds. */
  lose(r: { from: string; to: string; match?: (s: Seen) => boolean; nth?: number; when?: () => boolean }): void {
    const m = r.match ?? (() => true);
    const rule: DropRule = { from: r.from, to: r.to, nth: r.nth, match: (s) => s.proto === 6 && (!r.when || r.when()) && m(s) };
    this.sim.link.drop(rule);
  }

  /** Loses the nth TCP segment put on the link, to every port (a frame is observed once per port: the
   *  link decodes it once, so its decoded form identifies it). */
  private dropNth(n: number): void {
    const counted = new WeakSet<Seen>();
    let count = 0, doomed: Seen | null = null;
    this.sim.link.drop({
      match: (s) => {
        if (s.proto !== 6) return false;
        if (!counted.has(s)) { counted.add(s); if (++count === n) doomed = s; }
        return s === doomed;
      },
    });
  }

  // ---- socket calls: each one recorded, then the stack flushes what the core produced ----

  state(s: Stack, h: number): number { return this.states.get(`${s.name}#${h}`) ?? State.CLOSED; }
  /** Whether any connection of `party` has entered state `to` (from `from`, if given). */
  reached(party: string, to: string, from?: string): boolean {
    return this.events.some((e) => e.kind === "state" && e.party === party && e.to === to && (!from || e.from === from));
  }
  async untilState(s: Stack, h: number, st: number, maxMs?: number): Promise<void> { await this.until(() => this.state(s, h) === st, maxMs); }

  listen(s: Stack, port: number, backlog = 4): number {
    const h = this.call(s, `listen(${port}${backlog !== 4 ? `, backlog ${backlog}` : ""})`, () => s.core.listen(port, backlog));
    if (h < 0) throw new Error(`listen: ${errCode(h)}`);
    this.stateChange(s.name, h, State.CLOSED, State.LISTEN, this.now);
    return h;
  }
  /** Returns the handle, or the negative Err when connect itself fails (shown in the ladder). */
  connect(s: Stack, ip: string, port: number, localPort = 0): number {
    const from = this.events.length;
    const h = this.call(s, `connect(${ip}:${port}${localPort ? ` from port ${localPort}` : ""})`, () => s.core.connect(ip, port, localPort, s.now()));
    if (h >= 0) {
      const a: [string, string] = [`${s.ip}:${s.core.localPort(h)}`, `${ip}:${port}`];
      this.addrs.set(`${s.name}#${h}`, a);
      for (const e of this.events.slice(from)) if (e.kind === "state" && e.party === s.name && e.handle === h) [e.local, e.remote] = a;
    }
    return h;
  }
  accept(s: Stack, l: number): number {
    const h = s.core.accept(l);
    this.app(s.name, h >= 0 ? "accept()" : `accept() = ${errCode(h)}`);
    s.afterCall();
    return h;
  }
  async acceptWhenReady(s: Stack, l: number, maxMs?: number): Promise<number> {
    await this.until(() => (s.core.events(l) & Ev.ACCEPTABLE) !== 0, maxMs);
    return this.accept(s, l);
  }
  send(s: Stack, h: number, data: string | Uint8Array): number {
    const b = typeof data === "string" ? text.encode(data) : data;
    const n = s.core.send(h, b, s.now());
    this.app(s.name, n >= 0 ? `send(${b.length} bytes)${n < b.length ? ` took ${n}` : ""}` : `send() = ${errCode(n)}`);
    s.afterCall();
    return n;
  }
  /** Reads everything waiting; returns the bytes, 0 at end of stream, or a negative Err. */
  recv(s: Stack, h: number): Uint8Array | number {
    const parts: Uint8Array[] = [];
    let r: Uint8Array | number;
    while (typeof (r = s.core.recv(h, 1 << 20, s.now())) !== "number") parts.push(r);
    const n = parts.reduce((a, p) => a + p.length, 0);
    this.app(s.name, n > 0 ? `recv() ${n} bytes` : r === 0 ? "recv() = 0 (end of stream)" : `recv() = ${errCode(r)}`);
    s.afterCall();
    if (n === 0) return r;
    const out = new Uint8Array(n);
    let o = 0;
    for (const p of parts) { out.set(p, o); o += p.length; }
    return out;
  }
  shutdown(s: Stack, h: number): number { return this.call(s, "shutdown(SHUT_WR)", () => s.core.shutdown(h, Shut.WR, s.now())); }
  close(s: Stack, h: number): number { return this.call(s, "close()", () => s.core.close(h, s.now())); }
  abort(s: Stack, h: number): number { return this.call(s, "abort()", () => s.core.abort(h, s.now())); }
  setopt(s: Stack, h: number, opt: number, v: number, label?: string): number {
    const r = s.core.setopt(h, opt, v, s.now());
    if (label) this.app(s.name, label);
    s.afterCall();
    return r;
  }
  /** The pending error of a connection, by name (e.g. "ECONNREFUSED"), or "" if none. */
  error(s: Stack, h: number): string {
    for (let i = this.events.length - 1; i >= 0; i--) {
      const e = this.events[i];
      if (e.kind === "error" && e.party === s.name && e.handle === h) return e.error;
    }
    return "";
  }

  /** Records the call first (the core's state traces follow it), then its error if it failed. */
  private call(s: Stack, what: string, fn: () => number): number {
    const ev = { t: this.now, kind: "app" as const, party: s.name, text: what };
    this.events.push(ev);
    const r = fn();
    if (r < 0) ev.text = `${what} = ${errCode(r)}`;
    s.afterCall();
    return r;
  }
}
