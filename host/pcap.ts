// A pcap writer (LINKTYPE_ETHERNET, microsecond timestamps): Wireshark and tshark open the files.
// It only builds bytes; writing them to a file or a download is the platform's business.
export class PcapWriter {
  private readonly chunks: Uint8Array[] = [];

  constructor() {
    const h = new Uint8Array(24);
    const v = new DataView(h.buffer);
    v.setUint32(0, 0xa1b2c3d4, true); // magic: microsecond resolution
    v.setUint16(4, 2, true);
    v.setUint16(6, 4, true);
    v.setUint32(16, 65535, true); // snaplen
    v.setUint32(20, 1, true); // LINKTYPE_ETHERNET
    this.chunks.push(h);
  }

  /** Adds one frame seen at `ms` milliseconds (virtual or real). */
  add(ms: number, frame: Uint8Array): void {
    const r = new Uint8Array(16);
    const v = new DataView(r.buffer);
    const us = Math.round(ms * 1000);
    v.setUint32(0, Math.floor(us / 1e6), true);
    v.setUint32(4, us % 1e6, true);
    v.setUint32(8, frame.length, true);
    v.setUint32(12, frame.length, true);
    this.chunks.push(r, frame.slice());
  }

  bytes(): Uint8Array {
    const out = new Uint8Array(this.chunks.reduce((n, c) => n + c.length, 0));
    let o = 0;
    for (const c of this.chunks) { out.set(c, o); o += c.length; }
    return out;
  }
}
