// A world in virtual time: stacks on a virtual link, run until a condition holds. JavaScript callbacks
// (streams, user code) settle between steps; the clock jumps only when nothing else can happen.
import { VirtualClock } from "./clock.js";
import { VirtualLink, type Faults } from "./link.js";
import { Stack, type StackOptions } from "./stack.js";

const settle = () => new Promise<void>((r) => setImmediate(r));

export class Simulation {
  readonly clock = new VirtualClock();
  readonly link: VirtualLink;
  readonly stacks: Stack[] = [];

  constructor(opts: { seed?: number; latencyMs?: number } = {}) {
    this.link = new VirtualLink(this.clock, opts);
  }

  addStack(o: Omit<StackOptions, "clock">): Stack {
    const s = new Stack({ ...o, clock: this.clock }).attach(this.link);
    this.stacks.push(s);
    return s;
  }

  faults(from: string, to: string, f: Faults): void { this.link.setFaults(from, to, f); }

  private activity(): number { return this.stacks.reduce((a, s) => a + s.activity, 0); }

  /** Runs until `until()` holds (or, without it, until no timer is left). Bounded in virtual time and steps. */
  async run(o: { until?: () => boolean; maxMs?: number; maxSteps?: number } = {}): Promise<void> {
    const limit = this.clock.now() + (o.maxMs ?? 600_000);
    for (let step = 0; step < (o.maxSteps ?? 5_000_000); step++) {
      let before = this.activity();
      await settle();
      if (o.until?.()) return;
      if (this.clock.fireDue() > 0) continue;
      // Streams may still be passing data along through several callbacks: let them finish first.
      for (let i = 0; i < 3 && this.activity() !== before; i++) { before = this.activity(); await settle(); }
      if (this.clock.fireDue() > 0) continue;
      if (o.until?.()) return;
      if (!this.clock.advance(limit)) {
        if (!o.until) return;
        throw new Error(`simulation stuck at ${this.clock.now()} ms: the condition never held`);
      }
    }
    throw new Error("simulation did not finish within its step bound");
  }
}
