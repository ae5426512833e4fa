// Buffers for the frames a core transmits, reused once a link has handed a frame to every receiver and
// knows nobody kept it (VirtualLink without observers, receivers that copy on receipt). A bulk transfer
// then cycles through a few hundred buffers instead of allocating one per frame for the collector.
import { objectArray } from "./object-array.js";

const BUF_BYTES = 2048;
const KEEP = 1024;

// State kept as properties of the pooled buffer rather than in a WeakMap or WeakSet, which would cost the
// collector work per frame: whether it is handed out, how many deliveries still hold it, the pool it goes
// back to, and the view last made of it (reused when the next frame in it has the same length).
const OUT = Symbol("wasmtcp.frameOut");
const HOLDS = Symbol("wasmtcp.frameHolds");
const POOL = Symbol("wasmtcp.framePool");
const VIEW = Symbol("wasmtcp.frameView");
type Marked = ArrayBuffer & { [OUT]: boolean; [HOLDS]: number; [POOL]: FramePool; [VIEW]: Uint8Array };

/** Free buffers for one sender's frames. A core's frames mostly repeat a few lengths (its full data
 *  segments, its ACKs), so a pool of its own mostly hands back a buffer whose view already fits. */
export class FramePool {
  private readonly free = objectArray<Marked>();

  /** A copy of `src` in a pooled buffer (a frame larger than the pool's buffers gets one of its own). */
  take(src: Uint8Array): Uint8Array {
    if (src.length > BUF_BYTES) return src.slice();
    const b = this.free.pop() ?? this.fresh();
    b[OUT] = true;
    b[HOLDS] = 0;
    let f = b[VIEW];
    if (f.length !== src.length) b[VIEW] = f = new Uint8Array(b, 0, src.length);
    f.set(src);
    return f;
  }

  private fresh(): Marked {
    const b = new ArrayBuffer(BUF_BYTES) as Marked;
    b[OUT] = false;
    b[HOLDS] = 0;
    b[POOL] = this;
    b[VIEW] = new Uint8Array(b, 0, 0);
    return b;
  }

  /** Called by releaseFrame() only. */
  give(b: Marked): void { if (this.free.length < KEEP) this.free.push(b); }
}

const shared = new FramePool();

/** A copy of `src` in a buffer of the shared pool. */
export function takeFrame(src: Uint8Array): Uint8Array { return shared.take(src); }

/** Whether `f` came from a pool and has not been released. */
export function isPooled(f: Uint8Array): boolean { return (f.buffer as Partial<Marked>)[OUT] === true; }

/** One more delivery of pooled frame `f` is pending: releaseFrame() gives the buffer back only after the
 *  last one. */
export function holdFrame(f: Uint8Array): void {
  const b = f.buffer as Partial<Marked>;
  if (b[OUT] === true) b[HOLDS]!++;
}

/** Gives `f`'s buffer back to its pool once no delivery holds it: the caller guarantees no reference to
 *  `f` remains in use. */
export function releaseFrame(f: Uint8Array): void {
  const b = f.buffer as Partial<Marked>;
  if (b[OUT] !== true || --b[HOLDS]! > 0) return;
  b[OUT] = false;
  b[POOL]!.give(b as Marked);
}
