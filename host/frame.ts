// Ethernet/ARP/IPv4/ICMP/TCP/UDP frames: built from fields, decoded for comparison, display and link rules.
import type { TcpOption } from "./script/ast.js";
import { formatIp } from "./addr.js";

export const FLAG_BITS: Record<string, number> = { F: 0x01, S: 0x02, R: 0x04, P: 0x08, ".": 0x10, U: 0x20, E: 0x40, W: 0x80 };

export function flagsToBits(flags: string): number {
  let b = 0;
  for (const c of flags) b |= FLAG_BITS[c] ?? 0;
  return b;
}
/** Flags in packetdrill's spelling: letters in S F R P U E W order, then '.' for ACK. */
export function bitsToFlags(b: number): string {
  let s = "";
  for (const c of "SFRPUEW") if (b & FLAG_BITS[c]) s += c;
  if (b & 0x10) s += ".";
  return s || "-";
}

export function encodeOptions(opts: TcpOption[]): number[] {
  const o: number[] = [];
  const u32 = (x: number) => [(x >>> 24) & 255, (x >>> 16) & 255, (x >>> 8) & 255, x & 255];
  for (const op of opts) {
    switch (op.kind) {
      case "mss": o.push(2, 4, op.value >> 8, op.value & 255); break;
      case "nop": o.push(1); break;
      case "eol": o.push(0); break;
      case "wscale": o.push(3, 3, op.value); break;
      case "sackOK": o.push(4, 2); break;
      case "TS": o.push(8, 10, ...u32(op.val), ...u32(op.ecr)); break;
      case "sack": o.push(5, 2 + 8 * op.blocks.length); for (const [a, b] of op.blocks) o.push(...u32(a), ...u32(b)); break;
    }
  }
  while (o.length % 4) o.push(0);
  return o;
}

export function decodeOptions(b: Uint8Array): TcpOption[] {
  const out: TcpOption[] = [];
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  for (let i = 0; i < b.length;) {
    const k = b[i];
    if (k === 0) { out.push({ kind: "eol" }); break; }
    if (k === 1) { out.push({ kind: "nop" }); i++; continue; }
    const len = b[i + 1] ?? 0;
    if (len < 2 || i + len > b.length) break;
    if (k === 2 && len === 4) out.push({ kind: "mss", value: v.getUint16(i + 2) });
    else if (k === 3 && len === 3) out.push({ kind: "wscale", value: b[i + 2] });
    else if (k === 4 && len === 2) out.push({ kind: "sackOK" });
    else if (k === 8 && len === 10) out.push({ kind: "TS", val: v.getUint32(i + 2), ecr: v.getUint32(i + 6) });
    else if (k === 5) { const blocks: [number, number][] = []; for (let j = i + 2; j + 8 <= i + len; j += 8) blocks.push([v.getUint32(j), v.getUint32(j + 4)]); out.push({ kind: "sack", blocks }); }
    i += len;
  }
  return out;
}

/** Options for a diagram: timestamps show as "TS", their values count on each side's own clock. */
export function optionsLabel(opts: TcpOption[]): string { return optionsToString(opts).replace(/TS val \d+ ecr \d+/, "TS"); }

export function optionsToString(opts: TcpOption[]): string {
  return "<" + opts.map((o) => {
    switch (o.kind) {
      case "mss": return `mss ${o.value}`;
      case "wscale": return `wscale ${o.value}`;
      case "TS": return `TS val ${o.val} ecr ${o.ecr}`;
      case "sack": return `sack ${o.blocks.map(([a, b]) => `${a}:${b}`).join(" ")}`;
      default: return o.kind;
    }
  }).join(",") + ">";
}

/** The Internet checksum (RFC 1071) of b[off, off + len), folded onto `init` (e.g. a pseudo-header sum). */
export function csum(b: Uint8Array, off: number, len: number, init = 0): number {
  let s = init;
  for (let i = 0; i + 1 < len; i += 2) s += (b[off + i] << 8) | b[off + i + 1];
  if (len & 1) s += b[off + len - 1] << 8;
  while (s > 0xffff) s = (s & 0xffff) + (s >>> 16);
  return ~s & 0xffff;
}

export interface Endpoint { mac: number[]; ip: number; port: number }

/** A frame with Ethernet and IPv4 headers (DF, TTL 64, header checksum) for `len` bytes of `proto`. */
function ipv4Frame(from: { mac: number[]; ip: number }, to: { mac: number[]; ip: number }, proto: number, len: number, ttl = 64): [Uint8Array, DataView] {
  const f = new Uint8Array(Math.max(60, 34 + len));
  const v = new DataView(f.buffer);
  f.set(to.mac, 0); f.set(from.mac, 6); v.setUint16(12, 0x0800);
  f[14] = 0x45; v.setUint16(16, 20 + len); v.setUint16(20, 0x4000); f[22] = ttl; f[23] = proto;
  v.setUint32(26, from.ip); v.setUint32(30, to.ip);
  v.setUint16(24, csum(f, 14, 20, 0));
  return [f, v];
}

export function buildTcp(from: Endpoint, to: Endpoint, seq: number, ack: number, flags: number, win: number, urg: number, opts: number[], payload: Uint8Array, ttl = 64): Uint8Array {
  const tcpLen = 20 + opts.length + payload.length;
  const [f, v] = ipv4Frame(from, to, 6, tcpLen, ttl);
  v.setUint16(34, from.port); v.setUint16(36, to.port); v.setUint32(38, seq >>> 0); v.setUint32(42, ack >>> 0);
  f[46] = ((20 + opts.length) / 4) << 4; f[47] = flags; v.setUint16(48, win); v.setUint16(52, urg);
  f.set(opts, 54); f.set(payload, 54 + opts.length);
  const pseudo = (from.ip >>> 16) + (from.ip & 0xffff) + (to.ip >>> 16) + (to.ip & 0xffff) + 6 + tcpLen;
  v.setUint16(50, csum(f, 34, tcpLen, pseudo));
  return f;
}

/** A UDP datagram in a frame. `checksum: false` sends the field as 0 ("none", RFC 768). */
export function buildUdp(from: Endpoint, to: Endpoint, payload: Uint8Array, o: { checksum?: boolean; ttl?: number } = {}): Uint8Array {
  const udpLen = 8 + payload.length;
  const [f, v] = ipv4Frame(from, to, 17, udpLen, o.ttl ?? 64);
  v.setUint16(34, from.port); v.setUint16(36, to.port); v.setUint16(38, udpLen);
  f.set(payload, 42);
  if (o.checksum !== false) {
    const c = csum(f, 34, udpLen, (from.ip >>> 16) + (from.ip & 0xffff) + (to.ip >>> 16) + (to.ip & 0xffff) + 17 + udpLen);
    v.setUint16(40, c === 0 ? 0xffff : c);
  }
  return f;
}

/** An ICMP destination unreachable (type 3) with `code`, quoting `quoted` (an IP header and more). */
export function buildIcmpUnreachable(from: { mac: number[]; ip: number }, to: { mac: number[]; ip: number }, code: number, quoted: Uint8Array): Uint8Array {
  const icmpLen = 8 + quoted.length;
  const [f, v] = ipv4Frame(from, to, 1, icmpLen);
  f[34] = 3; f[35] = code; f.set(quoted, 42);
  v.setUint16(36, csum(f, 34, icmpLen, 0));
  return f;
}

export interface Seen {
  ethertype: number; proto?: number; src?: number; dst?: number; ttl?: number; sport?: number; dport?: number;
  seq?: number; ack?: number; flags?: number; win?: number; urg?: number; options?: TcpOption[]; payload?: Uint8Array;
  /** TCP segment length: payload bytes (SYN and FIN not counted). */
  len?: number;
  arpOp?: number; arpTarget?: number; arpSender?: number;
  icmpType?: number; icmpCode?: number; icmpId?: number; icmpSeq?: number;
  /** UDP: the checksum field as sent (0: none). */
  udpChecksum?: number;
}

/** Decodes what it can: a truncated or malformed frame yields the layers that were intact, never a throw
 *  (link rules and observers see every frame, including ones crafted to be bad). */
export function decodeFrame(f: Uint8Array): Seen {
  if (f.length < 14) return { ethertype: 0 };
  const v = new DataView(f.buffer, f.byteOffset, f.byteLength);
  const ethertype = v.getUint16(12);
  if (ethertype === 0x0806) return f.length < 42 ? { ethertype } : { ethertype, arpOp: v.getUint16(20), arpSender: v.getUint32(28), arpTarget: v.getUint32(38) };
  if (ethertype !== 0x0800 || f.length < 34) return { ethertype };
  const ihl = (f[14] & 15) * 4, total = v.getUint16(16), proto = f[23], t = 14 + ihl;
  const end = Math.min(14 + total, f.length);
  const base = { ethertype, proto, src: v.getUint32(26), dst: v.getUint32(30), ttl: f[22] };
  if (ihl < 20) return base;
  if (proto === 1 && t + 8 <= end) {
    return { ...base, icmpType: f[t], icmpCode: f[t + 1], icmpId: v.getUint16(t + 4), icmpSeq: v.getUint16(t + 6), payload: f.slice(t + 8, end) };
  }
  if (proto === 17 && t + 8 <= end) {
    const ulen = Math.min(v.getUint16(t + 4), end - t);
    const payload = f.slice(t + 8, t + Math.max(8, ulen));
    return { ...base, sport: v.getUint16(t), dport: v.getUint16(t + 2), udpChecksum: v.getUint16(t + 6), payload, len: payload.length };
  }
  if (proto !== 6 || t + 20 > end) return base;
  const hl = (f[t + 12] >> 4) * 4;
  if (hl < 20 || t + hl > end) return base;
  const payload = f.slice(t + hl, end);
  return {
    ...base, sport: v.getUint16(t), dport: v.getUint16(t + 2), seq: v.getUint32(t + 4), ack: v.getUint32(t + 8),
    flags: f[t + 13], win: v.getUint16(t + 14), urg: v.getUint16(t + 18),
    options: decodeOptions(f.subarray(t + 20, t + hl)), payload, len: payload.length,
  };
}

export function arpReply(from: { mac: number[]; ip: number }, to: { mac: number[]; ip: number }): Uint8Array {
  const f = new Uint8Array(60);
  const v = new DataView(f.buffer);
  f.set(to.mac, 0); f.set(from.mac, 6); v.setUint16(12, 0x0806);
  v.setUint16(14, 1); v.setUint16(16, 0x0800); f[18] = 6; f[19] = 4; v.setUint16(20, 2);
  f.set(from.mac, 22); v.setUint32(28, from.ip); f.set(to.mac, 32); v.setUint32(38, to.ip);
  return f;
}

export function arpRequest(from: { mac: number[]; ip: number }, targetIp: number): Uint8Array {
  const f = new Uint8Array(60);
  const v = new DataView(f.buffer);
  f.fill(0xff, 0, 6); f.set(from.mac, 6); v.setUint16(12, 0x0806);
  v.setUint16(14, 1); v.setUint16(16, 0x0800); f[18] = 6; f[19] = 4; v.setUint16(20, 1);
  f.set(from.mac, 22); v.setUint32(28, from.ip); v.setUint32(38, targetIp);
  return f;
}

/** An ICMP echo request (type 8) or reply (type 0) with correct IPv4 and ICMP checksums. */
export function buildIcmpEcho(from: { mac: number[]; ip: number }, to: { mac: number[]; ip: number }, type: 0 | 8, id: number, seq: number, payload: Uint8Array = new Uint8Array(0)): Uint8Array {
  const icmpLen = 8 + payload.length;
  const [f, v] = ipv4Frame(from, to, 1, icmpLen);
  f[34] = type; v.setUint16(38, id); v.setUint16(40, seq); f.set(payload, 42);
  v.setUint16(36, csum(f, 34, icmpLen, 0));
  return f;
}

/** One line per frame, tcpdump-like, for messages and debugging. */
export function describeFrame(f: Uint8Array): string {
  const s = decodeFrame(f);
  const ip = formatIp;
  if (s.ethertype === 0x0806 && s.arpOp !== undefined) return s.arpOp === 1 ? `ARP who-has ${ip(s.arpTarget!)} tell ${ip(s.arpSender!)}` : `ARP ${ip(s.arpSender!)} is-at (reply to ${ip(s.arpTarget!)})`;
  if (s.proto === 6 && s.flags !== undefined) {
    const o = s.options!.filter((x) => x.kind !== "nop" && x.kind !== "eol");
    return `${ip(s.src!)}:${s.sport} > ${ip(s.dst!)}:${s.dport} ${bitsToFlags(s.flags)} ${s.seq}:${(s.seq! + s.len!) >>> 0}(${s.len})` +
      `${s.flags & 0x10 ? ` ack ${s.ack}` : ""} win ${s.win}${o.length ? " " + optionsToString(o) : ""}`;
  }
  if (s.proto === 17 && s.sport !== undefined) return `${ip(s.src!)}:${s.sport} > ${ip(s.dst!)}:${s.dport} UDP (${s.len})`;
  if (s.proto === 1 && s.icmpType !== undefined) return `${ip(s.src!)} > ${ip(s.dst!)} ICMP type ${s.icmpType} code ${s.icmpCode} id ${s.icmpId} seq ${s.icmpSeq}`;
  if (s.proto !== undefined) return `${ip(s.src!)} > ${ip(s.dst!)} IPv4 proto ${s.proto} (${f.length} bytes)`;
  return `ethertype 0x${s.ethertype.toString(16).padStart(4, "0")} (${f.length} bytes)`;
}

/** Recomputes the IPv4 header checksum and, for TCP and UDP, the transport checksum of a frame as it stands (a fuzzer
 *  mutates fields and wants the frame to reach TCP). Frames too short for their headers are left alone. */
export function fixChecksums(f: Uint8Array): void {
  if (f.length < 34 || ((f[12] << 8) | f[13]) !== 0x0800) return;
  const v = new DataView(f.buffer, f.byteOffset, f.byteLength);
  const ihl = (f[14] & 15) * 4;
  if (ihl < 20 || 14 + ihl > f.length) return;
  v.setUint16(24, 0);
  v.setUint16(24, csum(f, 14, ihl, 0));
  const total = Math.min(v.getUint16(16), f.length - 14);
  const tcpLen = total - ihl;
  const off = 14 + ihl;
  const src = v.getUint32(26), dst = v.getUint32(30);
  if (f[23] === 17 && tcpLen >= 8) {
    const ulen = Math.min(v.getUint16(off + 4), tcpLen);
    if (ulen < 8 || v.getUint16(off + 6) === 0) return;
    v.setUint16(off + 6, 0);
    const c = csum(f, off, ulen, (src >>> 16) + (src & 0xffff) + (dst >>> 16) + (dst & 0xffff) + 17 + ulen);
    v.setUint16(off + 6, c === 0 ? 0xffff : c);
    return;
  }
  if (f[23] !== 6 || tcpLen < 20) return;
  v.setUint16(off + 16, 0);
  v.setUint16(off + 16, csum(f, off, tcpLen, (src >>> 16) + (src & 0xffff) + (dst >>> 16) + (dst & 0xffff) + 6 + tcpLen));
}
