// A pcapng writer (RFC-draft "PCAP Next Generation", LINKTYPE_ETHERNET, microsecond timestamps) with packet
// comments: Wireshark and tshark show them (frame.comment), so a capture can say that a frame was lost on
// the link, or what each side's state became, next to the bytes.
import { writeFileSync } from "node:fs";

const utf8 = new TextEncoder();
const pad4 = (n: number) => (n + 3) & ~3;

interface Record { ms: number; frame: Uint8Array; comments: string[] }

export class PcapngWriter {
  private readonly records: Record[] = [];

  /** Adds one frame seen at `ms` milliseconds; returns its index, for `comment`. */
  add(ms: number, frame: Uint8Array, comments: string[] = []): number {
    this.records.push({ ms, frame, comments: [...comments] });
    return this.records.length - 1;
  }

  /** Adds a comment to frame `i` (before its other comments if `first`). */
  comment(i: number, text: string, first = false): void {
    const c = this.records[i].comments;
    if (first) c.unshift(text); else c.push(text);
  }

  get length(): number { return this.records.length; }

  bytes(): Buffer { return Buffer.concat([sectionHeader(), interfaceDescription(), ...this.records.map(packet)]); }
  write(path: string): void { writeFileSync(path, this.bytes()); }
}

function block(type: number, body: Buffer): Buffer {
  const len = 12 + body.length;
  const b = Buffer.alloc(len);
  b.writeUInt32LE(type, 0);
  b.writeUInt32LE(len, 4);
  body.copy(b, 8);
  b.writeUInt32LE(len, len - 4);
  return b;
}

/** Options: (code, value) pairs, each padded to 4 bytes, then opt_endofopt. */
function options(opts: [number, Uint8Array][]): Buffer {
  if (!opts.length) return Buffer.alloc(0);
  const parts = opts.map(([code, v]) => {
    const b = Buffer.alloc(4 + pad4(v.length));
    b.writeUInt16LE(code, 0);
    b.writeUInt16LE(v.length, 2);
    b.set(v, 4);
    return b;
  });
  return Buffer.concat([...parts, Buffer.alloc(4)]);
}

function sectionHeader(): Buffer {
  const b = Buffer.alloc(16);
  b.writeUInt32LE(0x1a2b3c4d, 0); // byte-order magic
  b.writeUInt16LE(1, 4); // major
  b.writeUInt16LE(0, 6); // minor
  b.writeBigInt64LE(-1n, 8); // section length: not given
  return block(0x0a0d0d0a, b);
}

function interfaceDescription(): Buffer {
  const b = Buffer.alloc(8);
  b.writeUInt16LE(1, 0); // LINKTYPE_ETHERNET
  b.writeUInt32LE(65535, 4); // snaplen
  return block(1, Buffer.concat([b, options([[9, Uint8Array.of(6)]])])); // if_tsresol: 10^-6 s
}

function packet(r: Record): Buffer {
  const h = Buffer.alloc(20);
  const us = BigInt(Math.round(r.ms * 1000));
  h.writeUInt32LE(0, 0); // interface 0
  h.writeUInt32LE(Number(us >> 32n), 4);
  h.writeUInt32LE(Number(us & 0xffffffffn), 8);
  h.writeUInt32LE(r.frame.length, 12);
  h.writeUInt32LE(r.frame.length, 16);
  const data = Buffer.alloc(pad4(r.frame.length));
  data.set(r.frame);
  return block(6, Buffer.concat([h, data, options(r.comments.map((c) => [1, utf8.encode(c)]))]));
}
