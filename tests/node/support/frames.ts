// Building and decoding Ethernet/IPv4/TCP frames for tests.
import { buildTcp } from "../../../host/frame.js";

export const FIN = 0x01, SYN = 0x02, RST = 0x04, PSH = 0x08, ACK = 0x10, URG = 0x20;

export function flagString(f: number): string {
  let s = "";
  if (f & SYN) s += "S";
  if (f & FIN) s += "F";
  if (f & RST) s += "R";
  if (f & PSH) s += "P";
  if (f & URG) s += "U";
  if (f & ACK) s += ".";
  return s || "-";
}

export function parseFlags(s: string): number {
  let f = 0;
  for (const c of s) f |= c === "S" ? SYN : c === "F" ? FIN : c === "R" ? RST : c === "P" ? PSH : c === "U" ? URG : c === "." ? ACK : 0;
  return f;
}

export interface TcpSpec {
  srcMac: number[]; dstMac: number[]; src: number; dst: number;
  sport: number; dport: number; seq: number; ack: number; flags: number; win: number;
  options?: number[]; data?: Uint8Array; ttl?: number;
}

/** A TCP segment in a frame (options padded with zeros to a multiple of 4), built by host/frame.ts. */
export function tcpFrame(s: TcpSpec): Uint8Array {
  const opts = s.options ?? [];
  const padded = [...opts, ...new Array(((opts.length + 3) & ~3) - opts.length).fill(0)];
  return buildTcp({ mac: s.srcMac, ip: s.src, port: s.sport }, { mac: s.dstMac, ip: s.dst, port: s.dport },
    s.seq, s.ack, s.flags, s.win, 0, padded, s.data ?? new Uint8Array(0), s.ttl);
}

export interface Decoded {
  type: "arp" | "tcp" | "icmp" | "other";
  arpOp?: number; arpTarget?: number; arpSender?: number;
  src?: number; dst?: number; sport?: number; dport?: number;
  seq?: number; ack?: number; flags?: number; win?: number; mss?: number; data?: Uint8Array; ttl?: number;
  wscale?: number; sackOk?: boolean; sack?: [number, number][]; optionKinds?: number[];
  icmpType?: number;
}

export function decode(f: Uint8Array): Decoded {
  const v = new DataView(f.buffer, f.byteOffset, f.byteLength);
  const et = v.getUint16(12);
  if (et === 0x0806) return { type: "arp", arpOp: v.getUint16(20), arpSender: v.getUint32(28), arpTarget: v.getUint32(38) };
  if (et !== 0x0800) return { type: "other" };
  const ihl = (f[14] & 15) * 4;
  const total = v.getUint16(16);
  const proto = f[23];
  const t = 14 + ihl;
  const base = { src: v.getUint32(26), dst: v.getUint32(30), ttl: f[22] };
  if (proto === 1) return { type: "icmp", ...base, icmpType: f[t], data: f.slice(t, 14 + total) };
  if (proto !== 6) return { type: "other" };
  const hl = (f[t + 12] >> 4) * 4;
  let mss: number | undefined, wscale: number | undefined, sackOk = false;
  let sack: [number, number][] | undefined;
  const optionKinds: number[] = [];
  for (let i = t + 20; i < t + hl;) {
    const k = f[i];
    optionKinds.push(k);
    if (k === 0) break;
    if (k === 1) { i++; continue; }
    if (k === 2) mss = v.getUint16(i + 2);
    if (k === 3) wscale = f[i + 2];
    if (k === 4) sackOk = true;
    if (k === 5) { sack = []; for (let j = i + 2; j < i + f[i + 1]; j += 8) sack.push([v.getUint32(j), v.getUint32(j + 4)]); }
    i += f[i + 1] || 1;
  }
  return {
    type: "tcp", ...base, sport: v.getUint16(t), dport: v.getUint16(t + 2), seq: v.getUint32(t + 4), ack: v.getUint32(t + 8),
    flags: f[t + 13] & 0x3f, win: v.getUint16(t + 14), mss, wscale, sackOk, sack, optionKinds, data: f.slice(t + hl, 14 + total),
  };
}

export function arpFrame(op: number, srcMac: number[], srcIp: number, dstMac: number[], dstIp: number): Uint8Array {
  const f = new Uint8Array(60);
  const v = new DataView(f.buffer);
  f.set(op === 1 ? [255, 255, 255, 255, 255, 255] : dstMac, 0); f.set(srcMac, 6); v.setUint16(12, 0x0806);
  v.setUint16(14, 1); v.setUint16(16, 0x0800); f[18] = 6; f[19] = 4; v.setUint16(20, op);
  f.set(srcMac, 22); v.setUint32(28, srcIp); f.set(op === 1 ? [0, 0, 0, 0, 0, 0] : dstMac, 32); v.setUint32(38, dstIp);
  return f;
}
