// A scripted remote peer for exact-segment tests, in the spirit of packetdrill: it injects segments into
// one stack and checks, one by one, the segments the stack sends. Sequence numbers are relative: inbound
// seq to the peer's ISN, outbound seq to the stack's ISN (learned from its SYN), acks the other way round.
import assert from "node:assert/strict";
import { loadCore, ip4, statsOf, type Loaded } from "./wasm.js";
import { tcpFrame, arpFrame, decode, flagString, parseFlags, type Decoded } from "./frames.js";

export const STACK_IP = ip4("10.0.0.1");
export const PEER_IP = ip4("10.0.0.2");
export const STACK_MAC = [0x02, 0, 0, 0, 0, 0x01];
export const PEER_MAC = [0x02, 0, 0, 0, 0, 0x02];
export const STACK_PORT = 8080;
export const PEER_PORT = 40000;
export const PEER_ISN = 1_000_000;

export const State = {
  CLOSED: 0, LISTEN: 1, SYN_SENT: 2, SYN_RECEIVED: 3, ESTABLISHED: 4, FIN_WAIT_1: 5, FIN_WAIT_2: 6,
  CLOSE_WAIT: 7, CLOSING: 8, LAST_ACK: 9, TIME_WAIT: 10,
} as const;
export const Err = {
  WOULDBLOCK: -1, INVAL: -2, NOBUFS: -3, ADDRINUSE: -4, NOTCONN: -5, BADF: -6, PIPE: -7, CONNRESET: -8,
  CONNREFUSED: -9, TIMEDOUT: -10, ISCONN: -11, OPNOTSUPP: -12, HOSTUNREACH: -13, CONNABORTED: -14,
} as const;
export const Opt = {
  NODELAY: 1, KEEPALIVE: 2, KEEPIDLE: 3, KEEPINTVL: 4, KEEPCNT: 5, LINGER_ZERO: 6, SO_ERROR: 7, SNDBUF: 8,
  RCVBUF: 9, MSS: 10, SND_QUEUED: 11, RCV_QUEUED: 12, CWND: 13, SRTT: 14, RTO: 15,
} as const;
export const Ev = { READABLE: 1, WRITABLE: 2, ACCEPTABLE: 4, CONNECTED: 8, EOF: 16, ERROR: 32, CLOSED: 64, SEND_DRAINED: 128 } as const;

export interface InOpts { win?: number; data?: Uint8Array | string | number; mss?: number; options?: number[]; sport?: number; dport?: number; rawSeq?: boolean }
export interface OutOpts { win?: number; len?: number; mss?: number | null; data?: Uint8Array | string }

export class Peer {
  readonly core: Loaded;
  now = 0;
  stackIsn: number | null = null;
  sport = PEER_PORT;
  dport = STACK_PORT;

  constructor(opts: { build?: string; seed?: number } = {}) {
    this.core = loadCore(opts.build);
    const e = this.core.e;
    e.init(0x0200, 0x00000001, STACK_IP, ip4("255.255.255.0"), ip4("10.0.0.254"), 0, opts.seed ?? 42, 0);
    // Resolve each other: the peer asks for the stack's MAC; the stack learns the peer and replies.
    this.core.sent.length = 0;
    e.input(this.write(arpFrame(1, PEER_MAC, PEER_IP, STACK_MAC, STACK_IP)), 0);
    this.core.sent.length = 0;
  }

  get e() { return this.core.e; }
  stats() { return statsOf(this.e); }

  private write(f: Uint8Array): number {
    new Uint8Array(this.e.memory.buffer, this.e.rx_buffer(), f.length).set(f);
    return f.length;
  }

  /** Injects a raw frame; returns input()'s result (0, or the stats index of the drop reason). */
  raw(f: Uint8Array): number { return this.e.input(this.write(f), this.now >>> 0); }

  /** Injects a segment from the peer: `seq` relative to the peer's ISN, `ack` to the stack's. */
  in(flags: string, seq: number, ack: number, o: InOpts = {}): number {
    const data = typeof o.data === "string" ? new TextEncoder().encode(o.data)
      : typeof o.data === "number" ? new Uint8Array(o.data).fill(0x61) : o.data;
    const options = o.options ?? (o.mss !== undefined ? [2, 4, o.mss >> 8, o.mss & 255] : []);
    const f = tcpFrame({
      srcMac: PEER_MAC, dstMac: STACK_MAC, src: PEER_IP, dst: STACK_IP, sport: o.sport ?? this.sport, dport: o.dport ?? this.dport,
      seq: o.rawSeq ? seq : PEER_ISN + seq, ack: o.rawSeq ? ack : (this.stackIsn ?? 0) + ack,
      flags: parseFlags(flags), win: o.win ?? 65535, options, data,
    });
    return this.raw(f);
  }

  /** The next frame the stack sent, decoded (undefined when none). */
  next(): Decoded | undefined {
    for (;;) {
      const f = this.core.sent.shift();
      if (!f) return undefined;
      const d = decode(f);
      // Like any live host, the peer answers the stack's ARP requests (its cache entries age out).
      if (d.type === "arp" && d.arpOp === 1 && d.arpTarget === PEER_IP) {
        this.raw(arpFrame(2, PEER_MAC, PEER_IP, STACK_MAC, STACK_IP));
        continue;
      }
      return d;
    }
  }

  /** Expects the stack's next segment exactly: flags, relative seq and ack, and len (0 unless given). */
  out(flags: string, seq: number, ack: number, o: OutOpts = {}): Decoded {
    const d = this.next();
    assert.ok(d, `expected ${flags} ${seq}:${ack}, but the stack sent nothing`);
    assert.equal(d.type, "tcp", `expected a TCP segment, got ${d.type}`);
    if (this.stackIsn === null && d.flags! & 0x02) this.stackIsn = d.seq!;
    const got = `${flagString(d.flags!)} ${(d.seq! - (this.stackIsn ?? 0)) >>> 0}:${(d.flags! & 0x10) ? (d.ack! - PEER_ISN) >>> 0 : 0}(${d.data!.length})`;
    const want = `${flagString(parseFlags(flags))} ${seq >>> 0}:${(parseFlags(flags) & 0x10) ? ack >>> 0 : 0}(${o.len ?? (typeof o.data === "string" ? o.data.length : o.data?.length ?? 0)})`;
    assert.equal(got, want, "segment (flags seq:ack(len))");
    if (o.win !== undefined) assert.equal(d.win, o.win, "window");
    if (o.mss !== undefined) assert.equal(d.mss ?? null, o.mss, "MSS option");
    if (typeof o.data === "string") assert.equal(new TextDecoder().decode(d.data), o.data, "data");
    return d;
  }

  /** Nothing more was sent. */
  none(): void {
    const d = this.next();
    assert.equal(d, undefined, d ? `unexpected segment ${flagString(d.flags ?? 0)} seq=${d.seq} ack=${d.ack} len=${d.data?.length}` : "");
  }

  /** Answers the stack's ARP requests at once, as a live host would; other frames stay queued. */
  private answerArp(): void {
    const sent = this.core.sent;
    for (let i = 0; i < sent.length; i++) {
      const d = decode(sent[i]);
      if (d.type === "arp" && d.arpOp === 1 && d.arpTarget === PEER_IP) {
        sent.splice(i--, 1);
        this.raw(arpFrame(2, PEER_MAC, PEER_IP, STACK_MAC, STACK_IP));
      }
    }
  }

  /** Moves virtual time forward by `ms`, running every timer due on the way. */
  advance(ms: number): void {
    const end = this.now + ms;
    for (let i = 0; i < 100000; i++) {
      const d = this.e.poll(this.now >>> 0);
      this.answerArp();
      if (d < 0 || this.now + Math.max(d, 1) > end) break;
      this.now += Math.max(d, 1);
    }
    this.now = end;
    this.e.poll(this.now >>> 0);
  }

  // ---- the socket calls ----
  listen(port = STACK_PORT, backlog = 4): number { return this.e.tcp_listen(port, backlog); }
  accept(l: number): number { return this.e.tcp_accept(l); }
  connect(port = PEER_PORT, local = STACK_PORT): number {
    this.sport = port; this.dport = local;
    return this.e.tcp_connect(PEER_IP, port, local, this.now >>> 0);
  }
  send(h: number, data: Uint8Array | string | number): number {
    const b = typeof data === "string" ? new TextEncoder().encode(data) : typeof data === "number" ? new Uint8Array(data).fill(0x62) : data;
    new Uint8Array(this.e.memory.buffer, this.e.io_buffer(), b.length).set(b);
    return this.e.tcp_send(h, b.length, this.now >>> 0);
  }
  recv(h: number, max = 2048): string | number {
    const n = this.e.tcp_recv(h, max, this.now >>> 0);
    return n > 0 ? new TextDecoder().decode(new Uint8Array(this.e.memory.buffer, this.e.io_buffer(), n)) : n;
  }
  close(h: number): number { return this.e.tcp_close(h, this.now >>> 0); }
  shutdown(h: number, how = 1): number { return this.e.tcp_shutdown(h, how, this.now >>> 0); }
  abort(h: number): number { return this.e.tcp_abort(h, this.now >>> 0); }
  state(h: number): number { return this.e.tcp_state(h); }
  events(h: number): number { return this.e.tcp_events(h); }
  setopt(h: number, o: number, v: number): number { return this.e.tcp_setopt(h, o, v); }
  getopt(h: number, o: number): number { return this.e.tcp_getopt(h, o); }

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
