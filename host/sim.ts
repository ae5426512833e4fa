// A world in virtual time: stacks on a virtual link, run until a condition holds. JavaScript callbacks
// (streams, user code) settle between steps; the clock jumps only when nothing else can happen.
import { VirtualClock } from "./clock.js";
import { VirtualLink, type Faults } from "./link.js";
import { Stack, type StackOptions } from "./stack.js";

export interface SimulationOptions<S extends Stack> {
  seed?: number; latencyMs?: number;
  /** Makes each stack (the Node layer passes one that adds net-compatible sockets). */
  makeStack?: (o: StackOptions) => S;
}

// One turn of the event loop, after pending I/O and promise callbacks: setImmediate where the platform
// has it (Node), else a message to ourselves (browsers; setTimeout(0) is clamped to 4 ms there).
const settle: () => Promise<void> = typeof globalThis.setImmediate === "function"
  ? () => new Promise<void>((r) => setImmediate(r))
  : () => new Promise<void>((r) => { const c = new MessageChannel(); c.port1.onmessage = () => { c.port1.close(); r(); }; c.port2.postMessage(0); });

// The callbacks already queued (Node's process.nextTick ones, where streams pass data along, and promise
// callbacks) without a turn of the event loop: a turn costs a system call, and on a busy machine often
// the rest of a time slice. Between the frames of one virtual millisecond this is all that is needed.
const nextTick = (globalThis as unknown as Record<string, { nextTick?: (f: () => void) => void } | undefined>).process?.nextTick;
const drain: () => Promise<void> = typeof nextTick === "function"
  ? () => new Promise<void>((r) => nextTick(r))
  : () => Promise.resolve();

export class Simulation<S extends Stack = Stack> {
  readonly clock = new VirtualClock();
  readonly link: VirtualLink;
  readonly stacks: S[] = [];
  private readonly makeStack: (o: StackOptions) => S;

  constructor(opts: SimulationOptions<S> = {}) {
    this.link = new VirtualLink(this.clock, opts);
    this.makeStack = opts.makeStack ?? ((o) => new Stack(o) as S);
  }

  addStack(o: Omit<StackOptions, "clock">): S {
    const s = this.makeStack({ ...o, clock: this.clock }).attach(this.link);
    this.stacks.push(s);
    return s;
  }

  faults(from: string, to: string, f: Faults): void { this.link.setFaults(from, to, f); }

  private activity(): number {
    let n = 0;
    for (let i = 0; i < this.stacks.length; i++) n += this.stacks[i].activity;
    return n;
  }

  /** Runs until `until()` holds (or, without it, until no timer is left). Bounded in virtual time and steps. */
  async run(o: { until?: () => boolean; maxMs?: number; maxSteps?: number } = {}): Promise<void> {
    const limit = this.clock.now() + (o.maxMs ?? 600_000);
    for (let step = 0; step < (o.maxSteps ?? 5_000_000); step++) {
      let before = this.activity();
      await drain();
      if (o.until?.()) return;
      if (this.clock.fireDue() > 0) continue;
      // Streams may still be passing data along through several callbacks: let them finish first.
      for (let i = 0; i < 3 && this.activity() !== before; i++) { before = this.activity(); await drain(); }
      if (this.clock.fireDue() > 0) continue;
      // A full turn of the event loop (immediates, I/O callbacks) before the clock moves on.
      before = this.activity();
      await settle();
      if (this.activity() !== before || this.clock.fireDue() > 0) continue;
      if (o.until?.()) return;
      if (!this.clock.advance(limit)) {
        if (!o.until) return;
        throw new Error(`simulation stuck at ${this.clock.now()} ms: the condition never held`);
      }
    }
    throw new Error("simulation did not finish within its step bound");
  }
}
