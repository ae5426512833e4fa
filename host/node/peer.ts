// A scripted remote peer for exact-segment tests, in the spirit of packetdrill: it injects crafted
// segments into one core at the virtual time of its choosing and checks, one by one, the segments the
// core sends, then that nothing else was sent. Sequence numbers are relative: inbound seq to the peer's
// ISN, outbound seq to the stack's ISN (learned from its SYN, or set by the test), acks the other way.
// No link and no clock object: the peer *is* the network, and `now` only moves when the test says so.
import assert from "node:assert/strict";
import { Core, loadModule } from "../core.js";
import { PeerEngine } from "../peer-engine.js";
import "./wasm-files.js";
import { arpRequest, buildTcp, bitsToFlags, decodeFrame, describeFrame, flagsToBits, type Seen } from "../frame.js";
import { parseIp, parseMac, formatIp } from "../addr.js";

export { State, Err, Opt, Ev, Shut } from "../abi.js";

export const STACK_IP = parseIp("10.0.0.1");
export const PEER_IP = parseIp("10.0.0.2");
export const STACK_MAC = parseMac("02:00:00:00:00:01");
export const PEER_MAC = parseMac("02:00:00:00:00:02");
export const STACK_PORT = 8080;
export const PEER_PORT = 40000;
export const PEER_ISN = 1_000_000;

export interface PeerOptions {
  /** A build under build/ (default wasmtcp.wasm) or a path to a .wasm. */
  build?: string;
  seed?: number;
  stackIp?: string; peerIp?: string; stackMac?: string; peerMac?: string;
  stackPort?: number; peerPort?: number; peerIsn?: number;
  /** Virtual time of init(), ms. */
  start?: number;
}

/** Inbound segment: `data` is bytes, text, or a count of 'a's; `mss` or raw `options` bytes (padded). */
export interface InOpts { win?: number; data?: Uint8Array | string | number; mss?: number; options?: number[]; sport?: number; dport?: number; rawSeq?: boolean; urg?: number }
/** Expected outbound segment: unchecked fields are not compared. `at` is the virtual time it left. */
export interface OutOpts { win?: number; len?: number; mss?: number | null; data?: Uint8Array | string; at?: number }

/** A segment the stack sent, decoded, with a few option fields spelled out. */
export interface Segment extends Seen {
  type: "arp" | "tcp" | "icmp" | "udp" | "other";
  /** The frame as sent, and when (virtual ms). */
  frame: Uint8Array;
  sentAt: number;
  data?: Uint8Array; mss?: number; wscale?: number; sackOk?: boolean; sack?: [number, number][];
  /** Option kinds in order as on the wire (NOP and EOL included). */
  optionKinds?: number[];
}

/** What the tests see of the core: raw exports, sent frames not yet consumed, trace events. */
export interface PeerCore { e: Core["e"]; sent: Uint8Array[]; traces: [number, number, number, number][] }

const text = new TextEncoder();

export class Peer {
  /** The shared engine: the core in virtual time, its sent frames, ARP answered for the peer. */
  readonly engine: PeerEngine;
  /** Typed wrapper of the core under test. */
  readonly wasm: Core;
  readonly core: PeerCore;
  /** The stack's ISN; learned from the first SYN it sends, or set (null to learn again). */
  stackIsn: number | null = null;
  sport: number;
  dport: number;
  readonly stackIp: number; readonly peerIp: number; readonly stackMac: number[]; readonly peerMac: number[];
  readonly peerIsn: number;

  constructor(o: PeerOptions = {}) {
    this.stackIp = o.stackIp ? parseIp(o.stackIp) : STACK_IP;
    this.peerIp = o.peerIp ? parseIp(o.peerIp) : PEER_IP;
    this.stackMac = o.stackMac ? parseMac(o.stackMac) : STACK_MAC;
    this.peerMac = o.peerMac ? parseMac(o.peerMac) : PEER_MAC;
    this.sport = o.peerPort ?? PEER_PORT;
    this.dport = o.stackPort ?? STACK_PORT;
    this.peerIsn = o.peerIsn ?? PEER_ISN;
    const traces: [number, number, number, number][] = [];
    this.engine = new PeerEngine({ module: loadModule(o.build), trace: (k, a, b, c) => { traces.push([k, a, b, c]); },
      neighbour: (ip) => (ip === this.peerIp ? this.peerMac : undefined) });
    this.engine.now = o.start ?? 0;
    this.engine.setStack(this.stackMac, this.stackIp);
    this.wasm = this.engine.core;
    const sent = this.engine.sent;
    this.core = { e: this.wasm.e, sent, traces };
    const fmt = (b: number[]) => b.map((x) => x.toString(16).padStart(2, "0")).join(":");
    const ip = formatIp;
    this.wasm.init({ mac: fmt(this.stackMac), ip: ip(this.stackIp), netmask: "255.255.255.0", gateway: ip(((this.stackIp & 0xffffff00) | 254) >>> 0), seed: o.seed ?? 42 }, this.now);
    // The two hosts know each other: the peer asks for the stack's MAC, so the stack learns the peer's.
    // Its gratuitous ARP from init() and its ARP reply are not part of any test.
    sent.length = 0;
    this.raw(arpRequest({ mac: this.peerMac, ip: this.peerIp }, this.stackIp));
    sent.length = 0;
  }

  /** Virtual time (ms) passed to every call. Move it with advance() or at(). */
  get now(): number { return this.engine.now; }
  set now(ms: number) { this.engine.now = ms; }

  get e() { return this.core.e; }
  stats(): Record<string, number> { return this.wasm.stats(); }

  /** Injects a raw frame; returns input()'s result (0, or the stats index of the drop reason). */
  raw(f: Uint8Array): number { return this.engine.input(f); }

  /** Injects a segment from the peer: `seq` relative to the peer's ISN, `ack` to the stack's. */
  in(flags: string, seq: number, ack: number, o: InOpts = {}): number {
    const data = typeof o.data === "string" ? text.encode(o.data)
      : typeof o.data === "number" ? new Uint8Array(o.data).fill(0x61) : o.data ?? new Uint8Array(0);
    const options = [...(o.options ?? (o.mss !== undefined ? [2, 4, o.mss >> 8, o.mss & 255] : []))];
    while (options.length % 4) options.push(0);
    const f = buildTcp({ mac: this.peerMac, ip: this.peerIp, port: o.sport ?? this.sport }, { mac: this.stackMac, ip: this.stackIp, port: o.dport ?? this.dport },
      o.rawSeq ? seq : this.peerIsn + seq, o.rawSeq ? ack : (this.stackIsn ?? 0) + ack, flagsToBits(flags), o.win ?? 65535, o.urg ?? 0, options, data);
    return this.raw(f);
  }

  /** The next frame the stack sent, decoded (undefined when none). ARP requests for the peer are
   *  answered on the way, as any live host would (the stack's cache entries age out). */
  next(): Segment | undefined {
    const f = this.engine.take();
    return f && segment(f.bytes, f.at);
  }

  /** Expects the stack's next segment exactly: flags, relative seq and ack, and len (0 unless given);
   *  window, MSS option, payload and send time when given. */
  out(flags: string, seq: number, ack: number, o: OutOpts = {}): Segment {
    const d = this.next();
    assert.ok(d, `expected ${flags} ${seq}:${ack}, but the stack sent nothing`);
    assert.equal(d.type, "tcp", `expected a TCP segment, got ${describeFrame(d.frame)}`);
    if (this.stackIsn === null && d.flags! & 0x02) this.stackIsn = d.seq!;
    const wantFlags = flagsToBits(flags);
    const got = `${bitsToFlags(d.flags! & 0x3f)} ${(d.seq! - (this.stackIsn ?? 0)) >>> 0}:${(d.flags! & 0x10) ? (d.ack! - this.peerIsn) >>> 0 : 0}(${d.len})`;
    const want = `${bitsToFlags(wantFlags)} ${seq >>> 0}:${(wantFlags & 0x10) ? ack >>> 0 : 0}(${o.len ?? (typeof o.data === "string" ? text.encode(o.data).length : o.data?.length ?? 0)})`;
    assert.equal(got, want, "segment (flags seq:ack(len))");
    if (o.win !== undefined) assert.equal(d.win, o.win, "window");
    if (o.mss !== undefined) assert.equal(d.mss ?? null, o.mss, "MSS option");
    if (o.data !== undefined) assert.deepEqual(Buffer.from(d.data!), Buffer.from(typeof o.data === "string" ? text.encode(o.data) : o.data), "data");
    if (o.at !== undefined) assert.equal(d.sentAt, o.at, "time the segment was sent (ms)");
    return d;
  }

  /** Nothing more was sent. */
  none(): void {
    const d = this.next();
    assert.equal(d, undefined, d ? `unexpected ${d.type === "tcp" ? "segment" : "frame"} at ${d.sentAt} ms: ${this.relative(d)}` : "");
  }

  /** A sent segment in this peer's relative numbering, for messages. */
  relative(d: Segment): string {
    if (d.type !== "tcp") return describeFrame(d.frame);
    const isn = this.stackIsn ?? (d.flags! & 0x02 ? d.seq! : 0); // an unexpected SYN shows as 0
    return `${bitsToFlags(d.flags!)} ${(d.seq! - isn) >>> 0}:${(d.seq! - isn + d.len!) >>> 0}(${d.len})` +
      `${d.flags! & 0x10 ? ` ack ${(d.ack! - this.peerIsn) >>> 0}` : ""} win ${d.win}`;
  }

  /** Moves virtual time forward by `ms`, running every timer due on the way (at its own time). */
  advance(ms: number): void { this.engine.settle(this.now + ms); }

  /** Moves virtual time forward to `ms` (absolute); packetdrill's "+N" is advance(N). */
  at(ms: number): void {
    assert.ok(ms >= this.now, `time runs forward: at(${ms}) after ${this.now}`);
    this.advance(ms - this.now);
  }

  // ---- the socket calls, at the current virtual time ----
  listen(port = this.dport, backlog = 4): number { return this.e.tcp_listen(port, backlog); }
  accept(l: number): number { return this.e.tcp_accept(l); }
  /** Active open to the peer's `port` from the stack's `local` port. */
  connect(port = PEER_PORT, local = STACK_PORT): number {
    this.sport = port; this.dport = local;
    return this.e.tcp_connect(this.peerIp, port, local, this.now >>> 0);
  }
  /** Writes bytes, text or a count of 'b's; returns what tcp_send took (one io_buffer's worth at most). */
  send(h: number, data: Uint8Array | string | number): number {
    const b = typeof data === "string" ? text.encode(data) : typeof data === "number" ? new Uint8Array(data).fill(0x62) : data;
    new Uint8Array(this.e.memory.buffer, this.e.io_buffer(), b.length).set(b);
    return this.e.tcp_send(h, b.length, this.now >>> 0);
  }
  /** Reads up to `max` bytes as text, or the number tcp_recv returned (0 at EOF, negative Err). */
  recv(h: number, max = 2048): string | number {
    const r = this.wasm.recv(h, max, this.now);
    return typeof r === "number" ? r : new TextDecoder().decode(r);
  }
  close(h: number): number { return this.wasm.close(h, this.now); }
  shutdown(h: number, how = 1): number { return this.wasm.shutdown(h, how, this.now); }
  abort(h: number): number { return this.wasm.abort(h, this.now); }
  state(h: number): number { return this.wasm.state(h); }
  events(h: number): number { return this.wasm.events(h); }
  setopt(h: number, o: number, v: number): number { return this.wasm.setopt(h, o, v, this.now); }
  getopt(h: number, o: number): number { return this.wasm.getopt(h, o); }

  /** LISTEN, then the three-way handshake from the peer; returns the accepted handle. Nothing left over. */
  passiveOpen(o: { mss?: number; win?: number } = {}): number {
    const l = this.listen();
    this.in("S", 0, 0, { mss: o.mss ?? 1460, win: o.win ?? 65535 });
    this.out("S.", 0, 1, { mss: 1460 });
    this.in(".", 1, 1, { win: o.win ?? 65535 });
    const h = this.accept(l);
    assert.ok(h >= 0, "accept");
    this.none();
    return h;
  }

  /** connect(), and the peer completes the handshake; returns the handle. Nothing left over. */
  activeOpen(o: { mss?: number; win?: number } = {}): number {
    const h = this.connect();
    this.out("S", 0, 0, { mss: 1460 });
    this.in("S.", 0, 1, { mss: o.mss ?? 1460, win: o.win ?? 65535 });
    this.out(".", 1, 1);
    this.none();
    return h;
  }
}

/** Decodes a sent frame into a Segment (option fields spelled out, option kinds as on the wire). */
export function segment(f: Uint8Array, sentAt: number): Segment {
  const s = decodeFrame(f);
  const type = s.ethertype === 0x0806 ? "arp" : s.proto === 6 && s.flags !== undefined ? "tcp" : s.proto === 1 ? "icmp" : s.proto === 17 && s.sport !== undefined ? "udp" : "other";
  const d: Segment = { ...s, type, frame: f, sentAt, data: s.payload };
  if (type !== "tcp") return d;
  d.sackOk = false;
  for (const o of s.options!) {
    if (o.kind === "mss") d.mss = o.value;
    else if (o.kind === "wscale") d.wscale = o.value;
    else if (o.kind === "sackOK") d.sackOk = true;
    else if (o.kind === "sack") d.sack = o.blocks;
  }
  // Kinds straight from the bytes, unknown ones included.
  const t = 14 + (f[14] & 15) * 4, end = t + (f[t + 12] >> 4) * 4;
  d.optionKinds = [];
  for (let i = t + 20; i < end;) {
    const k = f[i];
    d.optionKinds.push(k);
    if (k === 0) break;
    i += k === 1 ? 1 : f[i + 1] || 1;
  }
  return d;
}
