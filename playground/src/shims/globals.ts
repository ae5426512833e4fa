// Globals host/ modules use that browsers lack: setImmediate (the simulation yields with it between
// steps; a MessageChannel round trip is not clamped like setTimeout) and the part of Buffer pcap.ts uses.
const g = globalThis as Record<string, unknown>;

if (typeof g.setImmediate !== "function") {
  const queue: (() => void)[] = [];
  const ch = new MessageChannel();
  ch.port1.onmessage = () => { const fn = queue.shift(); fn?.(); };
  g.setImmediate = (fn: () => void) => { queue.push(fn); ch.port2.postMessage(0); };
}

class PageBuffer extends Uint8Array {
  static alloc(n: number): PageBuffer { return new PageBuffer(n); }
  static from(b: Uint8Array): PageBuffer { const o = new PageBuffer(b.length); o.set(b); return o; }
  static concat(list: Uint8Array[]): PageBuffer {
    const o = new PageBuffer(list.reduce((a, b) => a + b.length, 0));
    let at = 0;
    for (const b of list) { o.set(b, at); at += b.length; }
    return o;
  }
  private view(): DataView { return new DataView(this.buffer, this.byteOffset, this.byteLength); }
  writeUInt32LE(v: number, at: number): number { this.view().setUint32(at, v, true); return at + 4; }
  writeUInt16LE(v: number, at: number): number { this.view().setUint16(at, v, true); return at + 2; }
}
if (typeof g.Buffer !== "function") g.Buffer = PageBuffer;
