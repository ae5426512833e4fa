// A pcapng writer ("PCAP Next Generation", LINKTYPE_ETHERNET, microsecond timestamps) with packet comments:
// Wireshark and tshark show them (frame.comment), so a capture can say that a frame was lost on the link,
// or what each side's state became, next to the bytes. It only builds bytes; writing them to a file or a
// download is the platform's business.
const utf8 = new TextEncoder();
const pad4 = (n: number) => (n + 3) & ~3;

interface Packet { ms: number; frame: Uint8Array; comments: string[] }

export class PcapngWriter {
  private readonly packets: Packet[] = [];

  /** Adds one frame seen at `ms` milliseconds; returns its index, for `comment`. */
  add(ms: number, frame: Uint8Array, comments: string[] = []): number {
    this.packets.push({ ms, frame: frame.slice(), comments: [...comments] });
    return this.packets.length - 1;
  }

  /** Adds a comment to frame `i` (before its other comments if `first`). */
  comment(i: number, text: string, first = false): void {
    const c = this.packets[i].comments;
    if (first) c.unshift(text); else c.push(text);
  }

  get length(): number { return this.packets.length; }

  bytes(): Uint8Array {
    const blocks = [sectionHeader(), interfaceDescription(), ...this.packets.map(packet)];
    const out = new Uint8Array(blocks.reduce((n, b) => n + b.length, 0));
    let o = 0;
    for (const b of blocks) { out.set(b, o); o += b.length; }
    return out;
  }
}

/** A block: type, total length, body (a multiple of 4 bytes), total length again. */
function block(type: number, body: Uint8Array): Uint8Array {
  const len = 12 + body.length;
  const b = new Uint8Array(len);
  const v = new DataView(b.buffer);
  v.setUint32(0, type, true);
  v.setUint32(4, len, true);
  b.set(body, 8);
  v.setUint32(len - 4, len, true);
  return b;
}

/** Fields, then options: (code, value) pairs each padded to 4 bytes, then opt_endofopt. */
function body(fields: Uint8Array, opts: [number, Uint8Array][]): Uint8Array {
  const size = fields.length + (opts.length ? opts.reduce((n, [, v]) => n + 4 + pad4(v.length), 4) : 0);
  const b = new Uint8Array(size);
  const v = new DataView(b.buffer);
  b.set(fields);
  let o = fields.length;
  for (const [code, val] of opts) {
    v.setUint16(o, code, true);
    v.setUint16(o + 2, val.length, true);
    b.set(val, o + 4);
    o += 4 + pad4(val.length);
  }
  return b; // opt_endofopt is the zeroed last 4 bytes
}

function sectionHeader(): Uint8Array {
  const f = new Uint8Array(16);
  const v = new DataView(f.buffer);
  v.setUint32(0, 0x1a2b3c4d, true); // byte-order magic
  v.setUint16(4, 1, true); // major version
  v.setUint16(6, 0, true); // minor version
  v.setBigInt64(8, -1n, true); // section length: not given
  return block(0x0a0d0d0a, f);
}

function interfaceDescription(): Uint8Array {
  const f = new Uint8Array(8);
  const v = new DataView(f.buffer);
  v.setUint16(0, 1, true); // LINKTYPE_ETHERNET
  v.setUint32(4, 65535, true); // snaplen
  return block(1, body(f, [[9, Uint8Array.of(6)]])); // if_tsresol: 10^-6 s
}

function packet(p: Packet): Uint8Array {
  const f = new Uint8Array(20 + pad4(p.frame.length));
  const v = new DataView(f.buffer);
  const us = BigInt(Math.round(p.ms * 1000));
  v.setUint32(0, 0, true); // interface 0
  v.setUint32(4, Number(us >> 32n), true);
  v.setUint32(8, Number(us & 0xffffffffn), true);
  v.setUint32(12, p.frame.length, true); // captured
  v.setUint32(16, p.frame.length, true); // on the wire
  f.set(p.frame, 20);
  return block(6, body(f, p.comments.map((c) => [1, utf8.encode(c)]))); // opt_comment
}
