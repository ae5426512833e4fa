// Building Ethernet/IPv4/TCP frames for tests (decoding is host/frame.ts decodeFrame, or segment() in
// host/node/peer.ts with option fields spelled out).
import { buildTcp } from "../../../host/frame.js";

export const FIN = 0x01, SYN = 0x02, RST = 0x04, PSH = 0x08, ACK = 0x10, URG = 0x20;

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

export function arpFrame(op: number, srcMac: number[], srcIp: number, dstMac: number[], dstIp: number): Uint8Array {
  const f = new Uint8Array(60);
  const v = new DataView(f.buffer);
  f.set(op === 1 ? [255, 255, 255, 255, 255, 255] : dstMac, 0); f.set(srcMac, 6); v.setUint16(12, 0x0806);
  v.setUint16(14, 1); v.setUint16(16, 0x0800); f[18] = 6; f[19] = 4; v.setUint16(20, op);
  f.set(srcMac, 22); v.setUint32(28, srcIp); f.set(op === 1 ? [0, 0, 0, 0, 0, 0] : dstMac, 32); v.setUint32(38, dstIp);
  return f;
}
