// DHCPv4 messages (RFC 2131, options RFC 2132) for tests, the fuzzer and a scripted server: a reply built
// from fields, and any message decoded.
import { buildUdp } from "./frame.js";

export const DHCP = { DISCOVER: 1, OFFER: 2, REQUEST: 3, DECLINE: 4, ACK: 5, NAK: 6, RELEASE: 7 } as const;
export const MAGIC = 0x63825363;

export interface DhcpMessage {
  op: number; xid: number; secs: number; flags: number; ciaddr: number; yiaddr: number; siaddr: number;
  chaddr: number[];
  /** Options in order: code -> value bytes (PAD and END left out). */
  options: [number, Uint8Array][];
  /** Option 53. */
  type: number;
  length: number;
}

/** Decodes a DHCP message (the UDP payload); throws on what is not one. */
export function parseDhcp(b: Uint8Array): DhcpMessage {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (b.length < 240 || v.getUint32(236) !== MAGIC) throw new Error("not a DHCP message");
  const options: [number, Uint8Array][] = [];
  let type = 0;
  for (let i = 240; i < b.length;) {
    const code = b[i];
    if (code === 255) break;
    if (code === 0) { i++; continue; }
    const n = b[i + 1];
    const val = b.slice(i + 2, i + 2 + n);
    options.push([code, val]);
    if (code === 53) type = val[0];
    i += 2 + n;
  }
  return {
    op: b[0], xid: v.getUint32(4), secs: v.getUint16(8), flags: v.getUint16(10), ciaddr: v.getUint32(12),
    yiaddr: v.getUint32(16), siaddr: v.getUint32(20), chaddr: [...b.slice(28, 34)], options, type, length: b.length,
  };
}

export const u32be = (x: number) => [(x >>> 24) & 255, (x >>> 16) & 255, (x >>> 8) & 255, x & 255];

export interface ReplySpec {
  type: number; xid: number; chaddr: number[]; yiaddr?: number; serverId?: number;
  lease?: number; t1?: number; t2?: number; mask?: number; router?: number; dns?: number[];
  /** Raw option bytes appended before END (for malformed cases). */
  extra?: number[];
  /** Replace the magic cookie. */
  cookie?: number;
  /** Raw bytes for the sname (64) and file (128) fields, which option 52 may lend to options. */
  sname?: number[];
  file?: number[];
}

/** The parameters of `s` as option bytes (RFC 2132), without END: for the options field or a lent one. */
export function dhcpOptionBytes(s: Partial<ReplySpec>): number[] {
  const opts: number[] = [];
  if (s.type !== undefined) opts.push(53, 1, s.type);
  if (s.serverId !== undefined) opts.push(54, 4, ...u32be(s.serverId));
  if (s.lease !== undefined) opts.push(51, 4, ...u32be(s.lease));
  if (s.t1 !== undefined) opts.push(58, 4, ...u32be(s.t1));
  if (s.t2 !== undefined) opts.push(59, 4, ...u32be(s.t2));
  if (s.mask !== undefined) opts.push(1, 4, ...u32be(s.mask));
  if (s.router !== undefined) opts.push(3, 4, ...u32be(s.router));
  if (s.dns?.length) opts.push(6, 4 * s.dns.length, ...s.dns.flatMap(u32be));
  return [...opts, ...(s.extra ?? [])];
}

/** A server's BOOTREPLY as the UDP payload. */
export function dhcpReply(s: ReplySpec): Uint8Array {
  const opts = [...dhcpOptionBytes(s), 255];
  const b = new Uint8Array(Math.max(300, 240 + opts.length));
  const v = new DataView(b.buffer);
  b[0] = 2; b[1] = 1; b[2] = 6;
  v.setUint32(4, s.xid >>> 0);
  v.setUint32(16, (s.yiaddr ?? 0) >>> 0);
  b.set(s.chaddr, 28);
  if (s.sname) b.set(s.sname.slice(0, 64), 44);
  if (s.file) b.set(s.file.slice(0, 128), 108);
  v.setUint32(236, s.cookie ?? MAGIC);
  b.set(opts, 240);
  return b;
}

/** The reply in a frame from the server (port 67) to the client (port 68). */
export function dhcpReplyFrame(from: { mac: number[]; ip: number }, to: { mac: number[]; ip: number }, s: ReplySpec): Uint8Array {
  return buildUdp({ ...from, port: 67 }, { ...to, port: 68 }, dhcpReply(s));
}
