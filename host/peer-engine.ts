// The scripted-peer engine both exact-segment harnesses share (host/node/peer.ts and the script runner):
// one core in virtual time, the frames it sends queued with the time each left, its ARP requests for
// the peer's side answered as a live neighbour would, and timers run up to a given time. The peer *is*
// the network: nothing moves unless the harness injects a frame or moves `now`.
import { Core, type CoreHooks } from "./core.js";
import { arpReply, decodeFrame, type Seen } from "./frame.js";

/** A frame the stack sent, decoded, with the virtual time (ms) it left. */
export interface SentFrame { bytes: Uint8Array; seen: Seen; at: number }

export interface PeerEngineOptions {
  /** A compiled module, or a build's name or path for loadModule() (default wasmtcp.wasm). */
  module?: WebAssembly.Module | string;
  trace?: CoreHooks["trace"];
  /** The MAC the peer's side answers an ARP request for `ip` with, or undefined to stay silent. */
  neighbour: (ip: number) => number[] | undefined;
  /** Keep the stack's other ARP frames (gratuitous ones, requests for hosts the peer does not answer
   *  for) out of the queue too (the script runner), instead of passing them to the harness. */
  hideArp?: boolean;
  /** Every frame injected (ARP replies included), for recordings. */
  onInput?: (f: Uint8Array, now: number) => void;
}

export class PeerEngine {
  readonly core: Core;
  /** Virtual time (ms); fractional times reach the core rounded. */
  now = 0;
  /** Frames the stack sent and the harness has not taken yet (a harness may clear it). */
  readonly sent: Uint8Array[] = [];
  private readonly sentAt = new WeakMap<Uint8Array, number>();
  /** The stack's own addresses, learned from init(): ARP replies go there. */
  private stack: { mac: number[]; ip: number } = { mac: [0, 0, 0, 0, 0, 0], ip: 0 };

  constructor(private readonly o: PeerEngineOptions) {
    this.core = new Core({ send: (f) => { this.sentAt.set(f, this.now); this.sent.push(f); }, trace: o.trace }, o.module);
  }

  private get t(): number { return Math.round(this.now) >>> 0; }

  /** Tells the engine where ARP replies go (the stack's MAC and IPv4 address). */
  setStack(mac: number[], ip: number): void { this.stack = { mac, ip }; }

  /** Injects a frame at `now`; returns input()'s result (0, or the stats index of the drop reason). */
  input(f: Uint8Array): number {
    this.o.onInput?.(f, this.now);
    return this.core.input(f, this.t);
  }

  /** Runs the core's timers once at `now`; returns poll()'s delay to the next one (negative: none). */
  poll(): number { return this.core.poll(this.t); }

  /** The next frame the stack sent, its ARP requests for the peer's side answered on the way. */
  take(): SentFrame | undefined {
    for (;;) {
      const bytes = this.sent.shift();
      if (!bytes) return undefined;
      const seen = decodeFrame(bytes);
      if (this.answer(seen) || (this.o.hideArp && seen.ethertype === 0x0806)) continue;
      return { bytes, seen, at: this.sentAt.get(bytes) ?? this.now };
    }
  }

  /** Answers each queued ARP request for the peer's side at once; other frames stay queued. */
  answerArp(): void {
    for (let i = 0; i < this.sent.length; i++) {
      if (this.answer(decodeFrame(this.sent[i]))) { this.sent.splice(i--, 1); }
    }
  }

  /** Replies to `seen` if it is an ARP request the peer's side answers; true if it did. */
  private answer(seen: Seen): boolean {
    if (seen.ethertype !== 0x0806 || seen.arpOp !== 1) return false;
    const mac = this.o.neighbour(seen.arpTarget!);
    if (!mac) return false;
    this.input(arpReply({ mac, ip: seen.arpTarget! }, this.stack));
    return true;
  }

  /** Moves virtual time to `until`, running every timer due on the way at its own time; `after` runs
   *  after each poll (a harness collects what was sent then). */
  settle(until: number, after: () => void = () => this.answerArp()): void {
    for (let guard = 0; guard < 1_000_000; guard++) {
      const d = this.poll();
      after();
      if (d < 0 || this.now + Math.max(d, 1) > until) break;
      this.now += Math.max(d, 1);
    }
    if (until > this.now) this.now = until;
    this.poll();
    after();
  }
}
