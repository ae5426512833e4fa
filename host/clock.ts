// Time for stacks and links: virtual (tests, demo, scenarios) or real (TAP). Both run callbacks at
// absolute millisecond times.
import { objectArray } from "./object-array.js";
export interface Clock {
  now(): number;
  at(ms: number, fn: () => void): () => void; // returns a cancel function
  /** Calls `fn` on `self` with `a, b, c` at `ms`, with no way to cancel it: what a virtual clock can do
   *  without allocating, for the per-frame timers of a link and a stack. `fn` is a method, not a closure
   *  made per instance, so every instance shares the code V8 optimises for it. */
  call?<T, A, B, C>(ms: number, fn: (this: T, a: A, b: B, c: C) => void, self: T, a: A, b: B, c: C): void;
  /** Keeps the process alive until the returned release is called (real time in Node; a no-op
   *  elsewhere). Timers alone never do, so TIME-WAIT does not hold a process that has finished. */
  hold?(): () => void;
}

/** Wall-clock time. Its timers are unref'd where the platform has unref (Node): a stack's protocol
 *  timers never keep a process alive; its open sockets and listeners do, through hold(). */
export class RealClock implements Clock {
  private readonly t0 = Date.now();
  private holds = 0;
  private keeper: ReturnType<typeof setInterval> | null = null;
  now(): number { return Date.now() - this.t0; }
  at(ms: number, fn: () => void): () => void {
    const t = setTimeout(fn, Math.max(0, ms - this.now()));
    (t as { unref?: () => void }).unref?.();
    return () => clearTimeout(t);
  }
  hold(): () => void {
    // One ref'd interval while anything holds: an idle timer is all Node needs to keep running.
    if (this.holds++ === 0) this.keeper = setInterval(() => {}, 1 << 30);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (--this.holds === 0 && this.keeper !== null) { clearInterval(this.keeper); this.keeper = null; }
    };
  }
}

// `self`, `a`-`c`: call()'s receiver and arguments; `pooled`: made by call(), reused once it has fired.
interface Pending { ms: number; seq: number; fn: (this: unknown, a: any, b: any, c: any) => void; self: unknown; a: unknown; b: unknown; c: unknown; cancelled: boolean; pooled: boolean }

const before = (x: Pending, y: Pending) => x.ms < y.ms || (x.ms === y.ms && x.seq < y.seq);

/** Virtual time: nothing happens until run() advances it. Timers at equal times fire in the order set.
 *  The timers are a binary min-heap on (time, order): O(log n) to set and to take the next. */
export class VirtualClock implements Clock {
  private t = 0;
  private seq = 0;
  private heap = objectArray<Pending>();
  /** call()'s entries that have fired, for reuse: a bulk transfer sets one timer per frame. */
  private spare = objectArray<Pending>();
  now(): number { return this.t; }
  at(ms: number, fn: () => void): () => void {
    const p: Pending = { ms: Math.max(ms, this.t), seq: this.seq++, fn, self: undefined, a: undefined, b: undefined, c: undefined, cancelled: false, pooled: false };
    this.push(p);
    return () => { p.cancelled = true; };
  }
  call<T, A, B, C>(ms: number, fn: (this: T, a: A, b: B, c: C) => void, self: T, a: A, b: B, c: C): void {
    const p = this.spare.pop();
    if (p === undefined) { this.push({ ms: Math.max(ms, this.t), seq: this.seq++, fn: fn as Pending["fn"], self, a, b, c, cancelled: false, pooled: true }); return; }
    p.ms = Math.max(ms, this.t); p.seq = this.seq++; p.fn = fn as Pending["fn"]; p.self = self; p.a = a; p.b = b; p.c = c;
    this.push(p);
  }
  private push(p: Pending): void {
    const h = this.heap;
    let i = h.length;
    h.push(p);
    while (i > 0) {
      const up = (i - 1) >> 1;
      if (!before(p, h[up])) break;
      h[i] = h[up];
      i = up;
    }
    h[i] = p;
  }
  private pop(): Pending {
    const h = this.heap;
    const top = h[0];
    const last = h.pop()!;
    if (h.length) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1, r = l + 1;
        let m = i;
        let mv = last;
        if (l < h.length && before(h[l], mv)) { m = l; mv = h[l]; }
        if (r < h.length && before(h[r], mv)) { m = r; mv = h[r]; }
        if (m === i) break;
        h[i] = mv;
        i = m;
      }
      h[i] = last;
    }
    return top;
  }
  /** Time of the next live timer, or null. */
  next(): number | null {
    while (this.heap.length && this.heap[0].cancelled) this.pop();
    return this.heap.length ? this.heap[0].ms : null;
  }
  /** Runs every timer due at the current time; returns how many ran. */
  fireDue(): number {
    let n = 0;
    while (this.next() !== null && this.heap[0].ms <= this.t) {
      const p = this.pop();
      if (p.cancelled) continue;
      n++;
      if (!p.pooled) { p.fn(undefined, undefined, undefined); continue; }
      // Emptied before the call, which may set timers of its own and so reuse it.
      const { fn, self, a, b, c } = p;
      p.self = p.a = p.b = p.c = undefined;
      this.spare.push(p);
      fn.call(self, a, b, c);
    }
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
