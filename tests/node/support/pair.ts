// Two stacks joined by a lossy virtual wire, driven in virtual time: for bulk-transfer tests.
import { createHash } from "node:crypto";
import { loadCore, ip4, statsOf, type Loaded } from "./wasm.js";
import { Ev, Opt, Shut, State } from "../../../host/abi.js";
import { prng } from "../../../host/link.js";

export interface Faults {
  loss?: number; reorder?: number; duplicate?: number; corrupt?: number; seed?: number; delayMs?: number;
  /** Reorder as Linux's netem (and the TAP bridge's --netem) does: a reordered frame is sent at once, so it
   *  overtakes the frames still waiting out delayMs; otherwise it is held back 3 * delayMs. */
  netem?: boolean;
}

export { prng };

interface InFlight { at: number; to: Loaded; frame: Uint8Array }

export class Pair {
  readonly a: Loaded;
  readonly b: Loaded;
  now = 0;
  private q: InFlight[] = [];
  private rnd: () => number;

  constructor(readonly faults: Faults = {}, build = "wasmtcp.wasm") {
    this.a = loadCore(build);
    this.b = loadCore(build);
    this.a.e.init(0x0200, 1, ip4("10.0.0.1"), ip4("255.255.255.0"), 0, 0, 1, 0);
    this.b.e.init(0x0200, 2, ip4("10.0.0.2"), ip4("255.255.255.0"), 0, 0, 2, 0);
    this.rnd = prng(faults.seed ?? 1);
  }

  /** TCP segments carrying data each side has put on the wire (first transmissions and retransmissions). */
  readonly dataSegments = new Map<Loaded, number>();

  private carry(from: Loaded, to: Loaded): void {
    const f = this.faults;
    for (const frame of from.sent.splice(0)) {
      if (tcpPayload(frame) > 0) this.dataSegments.set(from, (this.dataSegments.get(from) ?? 0) + 1);
      if (this.rnd() < (f.loss ?? 0)) continue;
      let at = this.now + (f.delayMs ?? 1);
      if (this.rnd() < (f.reorder ?? 0)) at = f.netem ? this.now : at + 3 * (f.delayMs ?? 1); // overtaking, or overtaken
      let copy = frame;
      if (this.rnd() < (f.corrupt ?? 0)) { copy = frame.slice(); copy[14 + Math.floor(this.rnd() * (copy.length - 14))] ^= 0x20; }
      this.q.push({ at, to, frame: copy });
      if (this.rnd() < (f.duplicate ?? 0)) this.q.push({ at: at + 1, to, frame });
    }
  }

  /** Delivers what is due, runs timers, and advances the clock when nothing else can happen. */
  step(busy: boolean): void {
    this.carry(this.a, this.b);
    this.carry(this.b, this.a);
    this.q.sort((x, y) => x.at - y.at);
    while (this.q.length && this.q[0].at <= this.now) {
      const { to, frame } = this.q.shift()!;
      new Uint8Array(to.e.memory.buffer, to.e.rx_buffer(), frame.length).set(frame);
      to.e.input(frame.length, this.now >>> 0);
    }
    const da = this.a.e.poll(this.now >>> 0), db = this.b.e.poll(this.now >>> 0);
    this.carry(this.a, this.b);
    this.carry(this.b, this.a);
    if (busy && this.q.some((x) => x.at <= this.now)) return;
    const next = [da, db].filter((d) => d >= 0).map((d) => this.now + d);
    if (this.q.length) next.push(this.q.reduce((m, x) => Math.min(m, x.at), Infinity));
    this.now = Math.max(this.now + 1, Math.min(...next, this.now + 1000));
  }

  statsA() { return statsOf(this.a.e); }
  statsB() { return statsOf(this.b.e); }
}

/** Bytes of TCP payload in an Ethernet frame (0 for anything else). */
function tcpPayload(f: Uint8Array): number {
  if (f.length < 34 || f[12] !== 0x08 || f[13] !== 0x00 || f[23] !== 6) return 0;
  const ihl = (f[14] & 15) * 4;
  return ((f[16] << 8) | f[17]) - ihl - (f[14 + ihl + 12] >> 4) * 4;
}

/** Deterministic test data: byte i of a stream is a function of (seed, i). */
export function fill(buf: Uint8Array, offset: number, seed: number): void {
  for (let i = 0; i < buf.length; i++) { const x = offset + i; buf[i] = (x * 31 + (x >>> 8) * 7 + seed) & 255; }
}

export interface TransferResult { sentHash: string; receivedHash: string; bytes: number; virtualMs: number; steps: number }

/** Sends `bytes` from a to b and `bytesBack` from b to a at once over one connection; both then close. */
export function transfer(pair: Pair, bytes: number, bytesBack: number, maxSteps = 50_000_000): [TransferResult, TransferResult] {
  const { a, b } = pair;
  const l = b.e.tcp_listen(80, 4);
  const c = a.e.tcp_connect(ip4("10.0.0.2"), 80, 0, pair.now >>> 0);
  let s = -1;
  const io = Math.min(a.e.io_buffer_size(), b.e.io_buffer_size());
  const chunk = new Uint8Array(io);
  const sides = [
    { from: a, to: b, h: () => c, rh: () => s, total: bytes, sent: 0, got: 0, hs: createHash("sha256"), hr: createHash("sha256"), seed: 1, shut: false },
    { from: b, to: a, h: () => s, rh: () => c, total: bytesBack, sent: 0, got: 0, hs: createHash("sha256"), hr: createHash("sha256"), seed: 2, shut: false },
  ];
  let steps = 0;
  const done = () => sides.every((x) => x.got === x.total);
  while (!done()) {
    if (++steps > maxSteps) throw new Error(`transfer stuck: ${JSON.stringify(sides.map((x) => [x.sent, x.got]))} at ${pair.now} ms`);
    if (s < 0) { const r = b.e.tcp_accept(l); if (r >= 0) s = r; }
    let busy = false;
    for (const x of sides) {
      const h = x.h();
      if (h < 0) continue;
      while (x.sent < x.total && (x.from.e.tcp_events(h) & Ev.WRITABLE)) {
        const n = Math.min(io, x.total - x.sent);
        const part = chunk.subarray(0, n);
        fill(part, x.sent, x.seed);
        new Uint8Array(x.from.e.memory.buffer, x.from.e.io_buffer(), n).set(part);
        const k = x.from.e.tcp_send(h, n, pair.now >>> 0);
        if (k <= 0) break;
        x.hs.update(part.subarray(0, k));
        x.sent += k;
        busy = true;
      }
      if (x.sent === x.total && !x.shut) { x.from.e.tcp_shutdown(h, Shut.WR, pair.now >>> 0); x.shut = true; }
      const rh = x.rh();
      if (rh < 0) continue;
      for (;;) {
        const k = x.to.e.tcp_recv(rh, io, pair.now >>> 0);
        if (k <= 0) break;
        x.hr.update(new Uint8Array(x.to.e.memory.buffer, x.to.e.io_buffer(), k));
        x.got += k;
        busy = true;
      }
      const st = x.from.e.tcp_state(h);
      if (st === State.CLOSED) throw new Error(`connection closed early, error ${x.from.e.tcp_getopt(h, Opt.SO_ERROR)}`);
    }
    pair.step(busy);
  }
  const result = sides.map((x) => ({ sentHash: x.hs.digest("hex"), receivedHash: x.hr.digest("hex"), bytes: x.got, virtualMs: pair.now, steps })) as [TransferResult, TransferResult];
  a.e.tcp_close(c, pair.now >>> 0);
  b.e.tcp_close(s, pair.now >>> 0);
  b.e.tcp_close(l, pair.now >>> 0);
  for (let i = 0; i < 1000 && (a.e.tcp_in_use() || b.e.tcp_in_use()); i++) pair.step(false);
  return result;
}
