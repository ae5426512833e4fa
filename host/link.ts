// A virtual Ethernet hub joining any number of stacks, driven by a clock. Every frame goes to every other
// port after the link's latency; per-direction rules drop, delay or duplicate chosen frames, and seeded
// random faults lose, duplicate, reorder, delay or corrupt them. For a given seed a run is deterministic.
import { RealClock, type Clock } from "./clock.js";
import { decodeFrame, type Seen } from "./frame.js";
import { holdFrame, isPooled, releaseFrame } from "./frame-pool.js";

export interface Port {
  name: string; receive(frame: Uint8Array): void;
  /** receive() copies the frame and keeps no reference to it (a Stack's port): once every such receiver
   *  has it, and no observer saw it, the link may give a pooled frame's buffer back for reuse. */
  readonly copies?: boolean;
}

export interface Faults {
  loss?: number; // probability a frame is lost
  duplicate?: number; // probability it is delivered twice
  reorder?: number; // probability it is held back so later frames overtake it
  corrupt?: number; // probability one bit of the IPv4 datagram is flipped (checksums must catch it)
  delayMs?: number; // extra delay
  jitterMs?: number; // plus up to this much random delay
}

export interface DropRule {
  from?: string; to?: string;
  /** Which frames count: all TCP frames by default. */
  match?: (s: Seen) => boolean;
  /** Drop the nth matching frame (1-based), or every matching frame if omitted. */
  nth?: number;
  seen?: number;
  /** What happens to a chosen frame: lost (the default), held back `delayMs` longer, or delivered twice
   *  (a copy, observed as a frame of its own, `delayMs` after the original). */
  effect?: "drop" | "delay" | "duplicate";
  delayMs?: number;
}

/** What the rules do to one frame on its way to one port. */
interface Effects { drop: boolean; delayMs: number; copyAfterMs?: number }
const NO_EFFECT: Effects = { drop: false, delayMs: 0 };
/** transmit()'s field decoder when no rule or observer could ask for the fields. */
const unobserved = (): Seen => { throw new Error("unreachable: no rule or observer to decode for"); };
/** The fields of `frame`, decoded once someone asks (a drop rule or an observer). Made outside
 *  transmit() so that an unobserved frame costs no closure context. */
function decoder(frame: Uint8Array): () => Seen {
  let seen: Seen | undefined;
  return () => seen ??= decodeFrame(frame);
}

/** One frame on its way from one port to another, as sent (`frame`); `delivered` is what the receiver
 *  gets: the same bytes, or a corrupted copy. */
export interface Observation {
  ms: number; from: string; to: string; frame: Uint8Array; seen: Seen; lost: boolean; corrupted: boolean; delivered: Uint8Array;
  /** A duplicate a rule made: the same bytes as the frame observed just before it. */
  copy?: boolean;
}

/** xorshift32 in [0, 1). */
export function prng(seed: number): () => number {
  const d = new Draws(seed);
  return () => d.next();
}

/** prng()'s sequence, drawn as the link uses it: as a yes/no or a whole number, never as a fraction
 *  returned from a call, which V8 boxes as a heap number (an allocation, several per frame) whenever the
 *  call is not inlined. */
class Draws {
  // The state kept as an int32 (the same bits): a uint32 above 2^31 would be boxed on every store.
  private s: number;
  constructor(seed: number) { this.s = ((seed >>> 0) || 0x9e3779b9) | 0; }
  private step(): number {
    let s = this.s;
    s ^= s << 13; s ^= s >>> 17; s ^= s << 5;
    return this.s = s;
  }
  next(): number { return (this.step() >>> 0) / 4294967296; }
  /** Whether the next value is below `p`. */
  chance(p: number): boolean { return (this.step() >>> 0) / 4294967296 < p; }
  /** The next value times `n`, rounded down. */
  below(n: number): number { return Math.floor((this.step() >>> 0) / 4294967296 * n); }
}

export interface LinkOptions {
  clock?: Clock;
  /** One-way delay of every frame, ms (default 1). */
  latencyMs?: number;
  /** Seeds the random faults (default 1). */
  seed?: number;
}

export class VirtualLink {
  protected readonly ports: Port[] = [];
  private readonly faults = new Map<string, Faults>();
  private readonly rules: DropRule[] = [];
  private readonly observers: ((o: Observation) => void)[] = [];
  private readonly rnd: Draws;
  /** faultsFor() by source and destination port, and destinations() of a hub by source port: made again
   *  whenever faults or ports change, rather than on a frame's way (in code a new Simulation would have
   *  to compile again, having never run it there). */
  private readonly faultCache = new Map<Port, Map<Port, Faults>>();
  private readonly others = new Map<Port, Port[]>();

  readonly clock: Clock;
  /** `new VirtualLink(clock, { latencyMs, seed })` or `new VirtualLink({ clock, latencyMs, seed })`. The
   *  clock: virtual time for simulations; by default real time, whose timers never hold a process. */
  constructor(clockOrOpts?: Clock | LinkOptions, more: LinkOptions = {}) {
    const isClock = (x: unknown): x is Clock => typeof (x as Clock | undefined)?.now === "function";
    const opts = isClock(clockOrOpts) ? { ...more, clock: clockOrOpts } : { ...clockOrOpts, ...more };
    this.clock = opts.clock ?? new RealClock();
    this.latencyMs = opts.latencyMs ?? 1;
    this.rnd = new Draws(opts.seed ?? 1);
  }
  readonly latencyMs: number;

  attach(p: Port): (frame: Uint8Array) => void {
    this.ports.push(p);
    this.reroute();
    return (frame) => { if (this.ports.includes(p)) this.transmit(p, frame); };
  }
  detach(p: Port): void {
    const i = this.ports.indexOf(p);
    if (i >= 0) this.ports.splice(i, 1);
    this.reroute();
  }

  private reroute(): void {
    this.others.clear();
    this.faultCache.clear();
    for (const src of this.ports) {
      this.others.set(src, this.ports.filter((p) => p !== src));
      this.faultCache.set(src, new Map(this.ports.map((dst) => [dst, this.faultsFor(src.name, dst.name)])));
    }
  }

  /** The ports a frame from `src` goes to: every other one (a hub). */
  protected destinations(src: Port, _frame: Uint8Array): Port[] {
    return this.others.get(src) ?? [];
  }

  /** Random faults for frames from `from` to `to` ("*" for any). */
  setFaults(from: string, to: string, f: Faults): void { this.faults.set(`${from}>${to}`, f); this.reroute(); }
  drop(rule: DropRule): void { this.rules.push({ effect: "drop", ...rule, seen: 0 }); }
  /** A rule that delays or duplicates the frames it chooses (`effect`), rather than dropping them. */
  alter(rule: DropRule & { effect: "delay" | "duplicate" }): void { this.rules.push({ ...rule, seen: 0 }); }
  observe(fn: (o: Observation) => void): void { this.observers.push(fn); }

  private faultsFor(from: string, to: string): Faults {
    return this.faults.get(`${from}>${to}`) ?? this.faults.get(`${from}>*`) ?? this.faults.get(`*>${to}`) ?? this.faults.get("*>*") ?? {};
  }

  private cachedFaults(src: Port, dst: Port): Faults {
    return this.faultCache.get(src)?.get(dst) ?? this.faultsFor(src.name, dst.name);
  }

  private ruleEffects(from: string, to: string, fields: () => Seen): Effects {
    const fx: Effects = { drop: false, delayMs: 0 };
    for (const r of this.rules) {
      if ((r.from && r.from !== from) || (r.to && r.to !== to)) continue;
      if (!(r.match ? r.match(fields()) : fields().proto === 6)) continue;
      r.seen = (r.seen ?? 0) + 1;
      if (r.nth !== undefined && r.nth !== r.seen) continue;
      if (r.effect === "delay") fx.delayMs += r.delayMs ?? 0;
      else if (r.effect === "duplicate") fx.copyAfterMs = r.delayMs ?? 0;
      else fx.drop = true;
    }
    return fx;
  }

  private transmit(src: Port, frame: Uint8Array): void {
    const fields = this.rules.length || this.observers.length ? decoder(frame) : unobserved;
    const ipv4 = frame.length >= 14 && frame[12] === 0x08 && frame[13] === 0x00;
    const now = this.clock.now();
    const dsts = this.destinations(src, frame);
    // Pooled bytes are reused after their last delivery when every receiver copies them and no observer
    // holds them; each pending delivery of these very bytes holds the buffer until then.
    let recycle = this.observers.length === 0 && isPooled(frame);
    for (let i = 0; i < dsts.length; i++) recycle &&= dsts[i].copies === true;
    for (let i = 0; i < dsts.length; i++) {
      const dst = dsts[i];
      const f = this.cachedFaults(src, dst);
      const fx = this.rules.length > 0 ? this.ruleEffects(src.name, dst.name, fields) : NO_EFFECT;
      const lost = fx.drop || this.rnd.chance(f.loss ?? 0);
      let copy = frame;
      let corrupted = false;
      if (!lost && this.rnd.chance(f.corrupt ?? 0) && ipv4) {
        // One bit flipped inside the IPv4 datagram, which the IP or TCP/ICMP checksum covers (not in the
        // Ethernet padding, which no checksum covers: a real NIC's FCS would catch that one).
        const ipLen = Math.min((frame[16] << 8) | frame[17], frame.length - 14);
        copy = frame.slice();
        copy[14 + this.rnd.below(ipLen)] ^= 1 << this.rnd.below(8);
        corrupted = true;
      }
      if (this.observers.length) {
        const o: Observation = { ms: now, from: src.name, to: dst.name, frame, seen: fields(), lost, corrupted, delivered: copy };
        for (const fn of this.observers) fn(o);
      }
      if (lost) continue;
      let at = now + this.latencyMs + (f.delayMs ?? 0) + this.rnd.below((f.jitterMs ?? 0) + 1) + fx.delayMs;
      if (this.rnd.chance(f.reorder ?? 0)) at += 3 * this.latencyMs + (f.delayMs ?? 0) + 1;
      const held = recycle && copy === frame;
      this.later(at, dst, copy, held);
      if (this.rnd.chance(f.duplicate ?? 0)) this.later(at + 1, dst, copy, held);
      if (fx.copyAfterMs !== undefined) this.duplicate(src, dst, copy, at + fx.copyAfterMs, now);
    }
  }

  /** A rule's duplicate: new bytes (so observers can tell it from the original), delivered at `at`. */
  private duplicate(src: Port, dst: Port, frame: Uint8Array, at: number, now: number): void {
    const twin = frame.slice();
    if (this.observers.length) {
      const o: Observation = { ms: now, from: src.name, to: dst.name, frame: twin, seen: decodeFrame(twin), lost: false, corrupted: false, delivered: twin, copy: true };
      for (const fn of this.observers) fn(o);
    }
    this.later(at, dst, twin, false);
  }

  /** Delivers `frame` to `dst` at `at`; `held`: a pooled frame this delivery holds until it is done. */
  private later(at: number, dst: Port, frame: Uint8Array, held: boolean): void {
    if (held) holdFrame(frame);
    // A virtual clock's call() sets the timer without allocating; a per-frame closure is the fallback.
    if (this.clock.call) this.clock.call(at, this.deliver, this, dst, frame, held);
    else this.clock.at(at, () => this.deliver(dst, frame, held));
  }

  /** A port that left meanwhile gets nothing. */
  private deliver(dst: Port, frame: Uint8Array, held: boolean): void {
    if (this.ports.includes(dst)) dst.receive(frame);
    if (held) releaseFrame(frame);
  }
}
