// The reading side of a stream-backed Link (StreamLink, TunLink): what the stack sends waits in a
// ReadableStream for its reader; past `limit` queued, new items are dropped and counted, as a NIC's ring.
export class LinkQueue {
  readonly readable: ReadableStream<Uint8Array>;
  /** Items dropped because the reader fell `limit` behind. */
  dropped = 0;
  private out!: ReadableStreamDefaultController<Uint8Array>;

  constructor(limit: number) {
    this.readable = new ReadableStream<Uint8Array>({ start: (c) => { this.out = c; } }, { highWaterMark: limit });
  }

  push(item: Uint8Array): void {
    if ((this.out.desiredSize ?? 0) > 0) this.out.enqueue(item); else this.dropped++;
  }

  /** Ends the stream for its reader (a no-op once the reader cancelled it). */
  close(): void {
    try { this.out.close(); } catch { /* cancelled */ }
  }
}
