// A pcap writer (LINKTYPE_ETHERNET, microsecond timestamps): Wireshark and tshark open the files.
import { writeFileSync } from "node:fs";

export class PcapWriter {
  private readonly chunks: Buffer[] = [];

  constructor() {
    const h = Buffer.alloc(24);
    h.writeUInt32LE(0xa1b2c3d4, 0); // magic: microsecond resolution
    h.writeUInt16LE(2, 4);
    h.writeUInt16LE(4, 6);
    h.writeUInt32LE(65535, 16); // snaplen
    h.writeUInt32LE(1, 20); // LINKTYPE_ETHERNET
    this.chunks.push(h);
  }

  /** Adds one frame seen at `ms` milliseconds (virtual or real). */
  add(ms: number, frame: Uint8Array): void {
    const r = Buffer.alloc(16);
    const us = Math.round(ms * 1000);
    r.writeUInt32LE(Math.floor(us / 1e6), 0);
    r.writeUInt32LE(us % 1e6, 4);
    r.writeUInt32LE(frame.length, 8);
    r.writeUInt32LE(frame.length, 12);
    this.chunks.push(r, Buffer.from(frame));
  }

  bytes(): Buffer { return Buffer.concat(this.chunks); }
  write(path: string): void { writeFileSync(path, this.bytes()); }
}
