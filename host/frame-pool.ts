// Buffers for the frames a core transmits, reused once a link has handed a frame to every receiver and
// knows nobody kept it (VirtualLink without observers, receivers that copy on receipt). A bulk transfer
// then cycles through a few hundred buffers instead of allocating one per frame for the collector.
const BUF_BYTES = 2048;
const KEEP = 1024;
const free: ArrayBuffer[] = [];

/** Marks the pool's buffers: true while handed out by takeFrame(), false while free. A property of the
 *  buffer rather than a WeakSet entry, which would cost the collector work per frame. */
const OUT = Symbol("wasmtcp.frameOut");
type Marked = ArrayBuffer & { [OUT]?: boolean };

/** A copy of `src` in a pooled buffer (a frame larger than the pool's buffers gets one of its own). */
export function takeFrame(src: Uint8Array): Uint8Array {
  if (src.length > BUF_BYTES) return src.slice();
  const b: Marked = free.pop() ?? new ArrayBuffer(BUF_BYTES);
  b[OUT] = true;
  const f = new Uint8Array(b, 0, src.length);
  f.set(src);
  return f;
}

/** Whether `f` came from takeFrame() and has not been released. */
export function isPooled(f: Uint8Array): boolean { return (f.buffer as Marked)[OUT] === true; }

/** Gives `f`'s buffer back for reuse: the caller guarantees no reference to `f` remains in use. */
export function releaseFrame(f: Uint8Array): void {
  const b = f.buffer as Marked;
  if (b[OUT] !== true) return;
  b[OUT] = false;
  if (free.length < KEEP) free.push(b);
}
