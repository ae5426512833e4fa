// Scenarios for the differential test: two V8 stacks (ScriptedCore) joined by a virtual wire in virtual
// time, each writing down every call it gets. The scripts that come out are then replayed on V8, wasm3
// and wasm2c. Everything is deterministic: a seeded PRNG decides loss, duplication, reordering, corruption.
import { createHash } from "node:crypto";
import { ScriptedCore } from "./replay.js";
import { Ev, Opt } from "../../../host/abi.js";
import { csum } from "../../../host/frame.js";
import { prng } from "../../../host/link.js";

export const MAC_A = [2, 0, 0, 0, 0, 1], MAC_B = [2, 0, 0, 0, 0, 2];
export const IP_A = 0x0a000001, IP_B = 0x0a000002, MASK = 0xffffff00;

export { prng };

export interface Faults { loss?: number; duplicate?: number; reorder?: number; corrupt?: number; seed?: number }

/** Two stacks on a wire with 1 ms latency. step() delivers due frames, polls both, advances the clock. */
export class Wire {
  now = 0;
  private q: { at: number; n: number; to: ScriptedCore; frame: Uint8Array }[] = [];
  private n = 0;
  private rnd: () => number;
  constructor(readonly a: ScriptedCore, readonly b: ScriptedCore, readonly faults: Faults = {}) { this.rnd = prng(faults.seed ?? 1); }

  private carry(from: ScriptedCore, to: ScriptedCore): void {
    const f = this.faults;
    for (const frame of from.outbox.splice(0)) {
      if (this.rnd() < (f.loss ?? 0)) continue;
      let at = this.now + 1;
      if (this.rnd() < (f.reorder ?? 0)) at += 3;
      let copy = frame;
      if (this.rnd() < (f.corrupt ?? 0)) { copy = frame.slice(); copy[14 + Math.floor(this.rnd() * (copy.length - 14))] ^= 0x20; }
      this.q.push({ at, n: this.n++, to, frame: copy });
      if (this.rnd() < (f.duplicate ?? 0)) this.q.push({ at: at + 1, n: this.n++, to, frame });
    }
  }

  step(busy: boolean): void {
    this.carry(this.a, this.b);
    this.carry(this.b, this.a);
    this.q.sort((x, y) => x.at - y.at || x.n - y.n);
    while (this.q.length && this.q[0].at <= this.now) {
      const { to, frame } = this.q.shift()!;
      to.input(this.now, frame);
    }
    const da = this.a.poll(this.now), db = this.b.poll(this.now);
    this.carry(this.a, this.b);
    this.carry(this.b, this.a);
    if (busy && this.q.some((x) => x.at <= this.now)) return;
    const next = [da, db].filter((d) => d >= 0).map((d) => this.now + d);
    if (this.q.length) next.push(Math.min(...this.q.map((x) => x.at)));
    this.now = Math.max(this.now + 1, Math.min(...next, this.now + 1000));
  }

  /** Steps until both stacks have released every socket (TIME_WAIT included). */
  settle(maxSteps = 10_000): void {
    for (let i = 0; i < maxSteps && (this.a.inUse(this.now) > 0 || this.b.inUse(this.now) > 0); i++) this.step(false);
  }
}

function pair(faults: Faults = {}, wasm = "wasmtcp.wasm"): Wire {
  const a = new ScriptedCore(wasm), b = new ScriptedCore(wasm);
  a.init(0, MAC_A, IP_A, MASK, 0, 0x0123456789abcdefn);
  b.init(0, MAC_B, IP_B, MASK, 0, 0xfedcba9876543210n);
  return new Wire(a, b, faults);
}

function inspect(c: ScriptedCore, now: number, h: number): void {
  c.state(now, h); c.events(now, h); c.addr(now, h);
  for (const o of [Opt.MSS, Opt.CWND, Opt.SRTT, Opt.RTO]) c.getopt(now, h, o);
}

/** A echoes on port 7; B connects, sends three messages (one larger than a segment), checks the echo,
 *  half-closes; A closes on end of stream; both run through TIME_WAIT. */
export function echo(): { a: ScriptedCore; b: ScriptedCore; echoed: string } {
  const w = pair(), { a, b } = w;
  const l = a.listen(w.now, 7, 4);
  const c = b.connect(w.now, IP_A, 7, 0);
  b.setopt(w.now, c, Opt.NODELAY, 1);
  const big = "0123456789abcdef".repeat(200);
  const messages = ["hello", "wasmtcp over wasm3, wasm2c and V8", big];
  const want = messages.join("");
  let s = -1, sent = 0, offset = 0, echoed = "", shut = false, aClosed = false, bClosed = false;
  for (let steps = 0; steps < 20_000 && !(aClosed && bClosed); steps++) {
    const now = w.now;
    if (s < 0) { const r = a.accept(now, l); if (r >= 0) { s = r; inspect(a, now, s); } }
    if (sent < messages.length && (b.events(now, c) & (Ev.CONNECTED | Ev.WRITABLE)) === (Ev.CONNECTED | Ev.WRITABLE)) {
      const k = b.send(now, c, new TextEncoder().encode(messages[sent].slice(offset)));
      if (k > 0 && (offset += k) === messages[sent].length) { sent++; offset = 0; }
    }
    if (s >= 0 && !aClosed && (a.events(now, s) & Ev.READABLE)) {
      const got = a.recv(now, s, 1000);
      if (got.length) a.send(now, s, got);
      else if (a.last === 0) { inspect(a, now, s); a.close(now, s); a.close(now, l); aClosed = true; }
    }
    if (!bClosed && (b.events(now, c) & Ev.READABLE)) {
      const got = b.recv(now, c, 700);
      echoed += new TextDecoder().decode(got);
      if (!got.length && b.last === 0) { inspect(b, now, c); b.close(now, c); bClosed = true; }
    }
    if (echoed.length === want.length && !shut) { b.shutdown(now, c, 1); shut = true; }
    w.step(false);
  }
  w.settle();
  for (const x of [a, b]) { x.stats(w.now); x.memhash(w.now); }
  return { a, b, echoed };
}

/** Deterministic data: byte i of a stream is a function of (seed, i). */
function fill(buf: Uint8Array, offset: number, seed: number): void {
  for (let i = 0; i < buf.length; i++) { const x = offset + i; buf[i] = (x * 31 + (x >>> 8) * 7 + seed) & 255; }
}

export interface Bulk { a: ScriptedCore; b: ScriptedCore; ok: boolean; detail: string }

/** `bytes` from A to B and `back` from B to A at once over one connection through a lossy wire. */
export function bulk(bytes: number, back: number, faults: Faults, wasm = "wasmtcp.wasm"): Bulk {
  const w = pair(faults, wasm), { a, b } = w;
  const l = b.listen(w.now, 80, 4);
  const c = a.connect(w.now, IP_B, 80, 0);
  const io = a.exports.io_buffer_size() as number;
  let s = -1;
  const sides = [
    { from: a, to: b, h: () => c, rh: () => s, total: bytes, sent: 0, got: 0, hs: createHash("sha256"), hr: createHash("sha256"), seed: 1, shut: false },
    { from: b, to: a, h: () => s, rh: () => c, total: back, sent: 0, got: 0, hs: createHash("sha256"), hr: createHash("sha256"), seed: 2, shut: false },
  ];
  let steps = 0;
  while (!sides.every((x) => x.got === x.total) && ++steps < 200_000) {
    const now = w.now;
    if (s < 0) { const r = b.accept(now, l); if (r >= 0) s = r; }
    let busy = false;
    for (const x of sides) {
      const h = x.h();
      if (h < 0) continue;
      while (x.sent < x.total && (x.from.events(now, h) & Ev.WRITABLE)) {
        const part = new Uint8Array(Math.min(io, x.total - x.sent));
        fill(part, x.sent, x.seed);
        const k = x.from.send(now, h, part);
        if (k <= 0) break;
        x.hs.update(part.subarray(0, k));
        x.sent += k;
        busy = true;
      }
      if (x.sent === x.total && !x.shut) { x.from.shutdown(now, h, 1); x.shut = true; }
      const rh = x.rh();
      if (rh < 0) continue;
      for (;;) {
        const got = x.to.recv(now, rh, io);
        if (!got.length) break;
        x.hr.update(got);
        x.got += got.length;
        busy = true;
      }
    }
    if (steps % 1000 === 0) { a.memhash(now); b.memhash(now); }
    w.step(busy);
  }
  const ok = sides.every((x) => x.got === x.total && x.hs.digest("hex") === x.hr.digest("hex"));
  const detail = sides.map((x) => `${x.got}/${x.total}`).join(", ") + ` in ${w.now} virtual ms, ${steps} steps`;
  a.close(w.now, c); b.close(w.now, s); b.close(w.now, l);
  w.settle();
  for (const x of [a, b]) { x.stats(w.now); x.memhash(w.now); }
  return { a, b, ok, detail };
}

/** Recomputes IPv4 and TCP/ICMP checksums where the headers still make that possible, so that a mutated
 *  frame gets past the checksum checks and into the deeper parsing. */
function fixChecksums(f: Uint8Array): Uint8Array {
  if (f.length < 34 || f[12] !== 8 || f[13] !== 0) return f;
  const ihl = (f[14] & 15) * 4;
  if (ihl < 20 || 14 + ihl > f.length) return f;
  f[24] = f[25] = 0;
  const ic = csum(f, 14, ihl); f[24] = ic >> 8; f[25] = ic & 255;
  const total = Math.min((f[16] << 8) | f[17], f.length - 14), t = 14 + ihl, plen = total - ihl;
  if (plen < 8) return f;
  if (f[23] === 6 && plen >= 20) {
    f[t + 16] = f[t + 17] = 0;
    let ps = 0;
    for (let i = 26; i < 34; i += 2) ps += (f[i] << 8) | f[i + 1];
    const tc = csum(f, t, plen, ps + 6 + plen); f[t + 16] = tc >> 8; f[t + 17] = tc & 255;
  } else if (f[23] === 1) {
    f[t + 2] = f[t + 3] = 0;
    const cc = csum(f, t, plen); f[t + 2] = cc >> 8; f[t + 3] = cc & 255;
  }
  return f;
}

/** An established connection, then malformed frames into A: truncations, every header byte set to 0x00,
 *  0xff and flipped (with and without fixed checksums), random flips, random garbage, oversize frames;
 *  then the connection still has to carry data and close. */
export function malformed(): { a: ScriptedCore; b: ScriptedCore; frames: number } {
  const w = pair(), { a, b } = w;
  const l = a.listen(w.now, 80, 4);
  const c = b.connect(w.now, IP_A, 80, 0);
  let s = -1;
  for (let i = 0; i < 50 && s < 0; i++) { w.step(false); s = a.accept(w.now, l); }
  b.send(w.now, c, new TextEncoder().encode("first"));
  for (let i = 0; i < 3; i++) w.step(false);
  a.recv(w.now, s, 100);
  // Templates held back from the wire: a data segment, and a SYN with options (a second connection).
  const templates: Uint8Array[] = [];
  b.send(w.now, c, new TextEncoder().encode("second segment"));
  b.poll(w.now);
  templates.push(...b.outbox.splice(0));
  b.connect(w.now, IP_A, 80, 0);
  b.poll(w.now);
  templates.push(...b.outbox.splice(0));
  // An ARP request for A and an ICMP echo request to A, built by hand.
  const arp = new Uint8Array(42);
  arp.set([255, 255, 255, 255, 255, 255, ...MAC_B, 8, 6, 0, 1, 8, 0, 6, 4, 0, 1, ...MAC_B, 10, 0, 0, 2, 0, 0, 0, 0, 0, 0, 10, 0, 0, 1]);
  templates.push(arp);
  const ping = new Uint8Array(14 + 20 + 8 + 16);
  ping.set([...MAC_A, ...MAC_B, 8, 0, 0x45, 0, 0, 44, 0, 1, 0, 0, 64, 1, 0, 0, 10, 0, 0, 2, 10, 0, 0, 1, 8, 0, 0, 0, 0x12, 0x34, 0, 1]);
  templates.push(fixChecksums(ping));

  const rnd = prng(77);
  const bad: Uint8Array[] = [];
  for (const t of templates) {
    for (const len of [0, 1, 13, 14, 15, 20, 33, 34, 41, 42, 53, 54, t.length - 1]) if (len <= t.length) bad.push(t.slice(0, len));
    const header = Math.min(t.length, 14 + 20 + 60);
    for (let i = 12; i < header; i++) {
      for (const mut of [(x: number) => 0, (x: number) => 255, (x: number) => x ^ 0x80, (x: number) => x + 1]) {
        const f = t.slice(); f[i] = mut(f[i]) & 255;
        bad.push(f);
        if (i !== 24 && i !== 25 && i !== 50 && i !== 51) bad.push(fixChecksums(f.slice()));
      }
    }
    for (let k = 0; k < 60; k++) {
      const f = t.slice();
      for (let j = 0, n = 1 + Math.floor(rnd() * 4); j < n; j++) f[Math.floor(rnd() * f.length)] ^= 1 << Math.floor(rnd() * 8);
      bad.push(rnd() < 0.5 ? fixChecksums(f) : f);
    }
  }
  for (let k = 0; k < 40; k++) {
    const f = new Uint8Array(Math.floor(rnd() * 1600));
    for (let j = 0; j < f.length; j++) f[j] = Math.floor(rnd() * 256);
    if (f.length >= 14 && k % 2 === 0) { f.set(MAC_A, 0); f[12] = 8; f[13] = k % 4 === 0 ? 0 : 6; }
    bad.push(f);
  }
  bad.push(new Uint8Array(1515), new Uint8Array(2000)); // longer than rx_buffer(): refused by the board

  for (const [i, f] of bad.entries()) {
    a.input(w.now, f);
    if (i % 16 === 15) { a.poll(w.now); a.outbox.length = 0; w.now += 1; }
  }
  a.outbox.length = 0;
  a.stats(w.now); a.memhash(w.now);
  // The connection survives: deliver B's held segments, echo, close.
  for (const t of templates.slice(0, 1)) a.input(w.now, t);
  a.recv(w.now, s, 100);
  a.send(w.now, s, new TextEncoder().encode("still here"));
  for (let i = 0; i < 10; i++) w.step(false);
  b.recv(w.now, c, 100);
  a.close(w.now, s); b.close(w.now, c); a.close(w.now, l);
  w.settle();
  a.stats(w.now); a.memhash(w.now);
  return { a, b, frames: bad.length };
}
