// Copies that must outlive a call into the core (a transmitted frame, received bytes), carved from shared
// slabs: one ArrayBuffer per 256 KiB instead of one per copy, which is most of what the garbage collector
// had to do on a bulk transfer. A slab is freed when no copy from it is referenced any more.
const SLAB_BYTES = 256 * 1024;

export class Slab {
  private buf = new ArrayBuffer(0);
  private off = 0;

  /** A private copy of `src`, 8-byte aligned in a slab (large copies get their own buffer). */
  copy(src: Uint8Array): Uint8Array {
    const out = this.take(src.length);
    out.set(src);
    return out;
  }

  /** `n` bytes of their own to fill, 8-byte aligned in a slab (large ones get their own buffer). */
  take(n: number): Uint8Array {
    if (n > SLAB_BYTES / 8) return new Uint8Array(n);
    if (this.off + n > this.buf.byteLength) { this.buf = new ArrayBuffer(SLAB_BYTES); this.off = 0; }
    const out = new Uint8Array(this.buf, this.off, n);
    this.off += (n + 7) & ~7;
    return out;
  }
}
