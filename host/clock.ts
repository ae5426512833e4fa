// Time for stacks and links: virtual (tests, demo, scenarios) or real (TAP). Both run callbacks at
// absolute millisecond times.
export interface Clock {
  now(): number;
  at(ms: number, fn: () => void): () => void; // returns a cancel function
}

export class RealClock implements Clock {
  private readonly t0 = Date.now();
  now(): number { return Date.now() - this.t0; }
  at(ms: number, fn: () => void): () => void {
    const t = setTimeout(fn, Math.max(0, ms - this.now()));
    return () => clearTimeout(t);
  }
}

interface Pending { ms: number; seq: number; fn: () => void; cancelled: boolean }

/** Virtual time: nothing happens until run() advances it. Timers at equal times fire in the order set. */
export class VirtualClock implements Clock {
  private t = 0;
  private seq = 0;
  private queue: Pending[] = [];
  now(): number { return this.t; }
  at(ms: number, fn: () => void): () => void {
    const p: Pending = { ms: Math.max(ms, this.t), seq: this.seq++, fn, cancelled: false };
    let lo = 0, hi = this.queue.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; const q = this.queue[mid]; if (q.ms < p.ms || (q.ms === p.ms && q.seq < p.seq)) lo = mid + 1; else hi = mid; }
    this.queue.splice(lo, 0, p);
    return () => { p.cancelled = true; };
  }
  /** Time of the next live timer, or null. */
  next(): number | null {
    while (this.queue.length && this.queue[0].cancelled) this.queue.shift();
    return this.queue.length ? this.queue[0].ms : null;
  }
  /** Runs every timer due at the current time; returns how many ran. */
  fireDue(): number {
    let n = 0;
    while (this.next() !== null && this.queue[0].ms <= this.t) { const p = this.queue.shift()!; if (!p.cancelled) { n++; p.fn(); } }
    return n;
  }
  /** Jumps to the next timer's time (not beyond `limit`). Returns false if there is none. */
  advance(limit = Infinity): boolean {
    const n = this.next();
    if (n === null || n > limit) return false;
    this.t = Math.max(this.t, n);
    return true;
  }
  setTime(ms: number): void { this.t = Math.max(this.t, ms); }
}
