// DNS messages for tests, written field by field (independent of the core's codec): queries as a resolver
// sends them, replies as a server would give them, and the decoding of what the stack sent.
import { loadCore, ip4, type Loaded } from "./wasm.js";
import { arpReply, buildUdp, decodeFrame, type Seen } from "../../../host/frame.js";
import { parseMac } from "../../../host/addr.js";

export const STACK_IP = ip4("10.0.0.1"), STACK_MAC = parseMac("02:00:00:00:00:01");
export const NS1 = ip4("10.0.0.53"), NS2 = ip4("10.0.0.54"), PEER = ip4("10.0.0.7");
export const PEER_MAC = parseMac("02:00:00:00:00:07");
export const MDNS_IP = ip4("224.0.0.251"), MDNS_MAC = parseMac("01:00:5e:00:00:fb");

/** A wire-form name: length-prefixed labels and the root. */
export function wireName(name: string): number[] {
  const out: number[] = [];
  for (const l of name.split(".")) out.push(l.length, ...Array.from(l, (c) => c.charCodeAt(0)));
  out.push(0);
  return out;
}
const be16 = (v: number) => [(v >>> 8) & 255, v & 255];
const be32 = (v: number) => [v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255];

export interface Rr { name: number[]; type: number; cls?: number; ttl: number; data: number[] }
export const aRecord = (name: string | number[], ttl: number, ip: number, cls = 1): Rr =>
  ({ name: typeof name === "string" ? wireName(name) : name, type: 1, cls, ttl, data: be32(ip) });

/** A DNS message: header, questions, then answer, authority and additional records. */
export function message(o: {
  id: number; flags: number; questions?: { name: number[]; type: number; cls?: number }[];
  answers?: Rr[]; authority?: Rr[]; additional?: Rr[];
}): Uint8Array {
  const q = o.questions ?? [], an = o.answers ?? [], ns = o.authority ?? [], ar = o.additional ?? [];
  const out = [...be16(o.id), ...be16(o.flags), ...be16(q.length), ...be16(an.length), ...be16(ns.length), ...be16(ar.length)];
  for (const x of q) out.push(...x.name, ...be16(x.type), ...be16(x.cls ?? 1));
  for (const r of [...an, ...ns, ...ar]) out.push(...r.name, ...be16(r.type), ...be16(r.cls ?? 1), ...be32(r.ttl), ...be16(r.data.length), ...r.data);
  return Uint8Array.from(out);
}

/** The query a resolver sends for `name` (RD set), with `id`. */
export const query = (id: number, name: string) => message({ id, flags: 0x0100, questions: [{ name: wireName(name), type: 1 }] });

/** A server's reply to a query: the question echoed, QR RA (and RD) set, the rcode, the answers. */
export function reply(id: number, name: string, answers: Rr[], rcode = 0): Uint8Array {
  return message({ id, flags: 0x8180 | rcode, questions: [{ name: wireName(name), type: 1 }], answers });
}

/** One stack with the test's DNS servers, its frames captured. */
export class DnsHarness {
  readonly c: Loaded;
  now = 0;
  /** The MAC given in answer to the stack's ARP requests. */
  arpAnswer = PEER_MAC;
  constructor(servers: number[] = [NS1, NS2], seed = 7, readonly ip = STACK_IP, readonly mac = STACK_MAC) {
    this.c = loadCore();
    this.c.e.init((mac[0] << 8) | mac[1], ((mac[2] << 24) | (mac[3] << 16) | (mac[4] << 8) | mac[5]) >>> 0, ip, ip4("255.255.255.0"), ip4("10.0.0.254"), 0, seed, 0);
    servers.forEach((s, i) => this.c.e.dns_set_server(i, s));
    this.c.sent.length = 0;
  }
  get e() { return this.c.e; }
  inject(f: Uint8Array): number {
    new Uint8Array(this.e.memory.buffer, this.e.rx_buffer(), f.length).set(f);
    return this.e.input(f.length, this.now >>> 0);
  }
  resolve(name: string): number {
    const b = new TextEncoder().encode(name);
    new Uint8Array(this.e.memory.buffer, this.e.io_buffer(), b.length).set(b);
    return this.e.dns_resolve(b.length, this.now >>> 0);
  }
  /** Frames sent since the last call, ARP requests for the servers and the peer answered (not returned). */
  take(): (Seen & { bytes: Uint8Array })[] {
    const out: (Seen & { bytes: Uint8Array })[] = [];
    while (this.c.sent.length) {
      const f = this.c.sent.shift()!;
      const d = decodeFrame(f);
      if (d.ethertype === 0x0806 && d.arpOp === 1) {
        this.inject(arpReply({ mac: this.arpAnswer, ip: d.arpTarget! }, { mac: this.mac, ip: this.ip }));
        continue;
      }
      out.push({ ...d, bytes: f });
    }
    return out;
  }
  /** Polls at `t`. */
  at(t: number): void { this.now = t; this.e.poll(t >>> 0); }
  /** A datagram from ip:port to the stack's port. */
  udpIn(srcIp: number, srcPort: number, dstPort: number, payload: Uint8Array, dstIp = this.ip): number {
    const dstMac = dstIp === MDNS_IP ? MDNS_MAC : this.mac;
    return this.inject(buildUdp({ mac: PEER_MAC, ip: srcIp, port: srcPort }, { mac: dstMac, ip: dstIp, port: dstPort }, payload, { ttl: 255 }));
  }
  setHostname(name: string): number {
    const b = new TextEncoder().encode(name);
    new Uint8Array(this.e.memory.buffer, this.e.io_buffer(), b.length).set(b);
    return this.e.set_hostname(b.length);
  }
  mdnsName(): string {
    const n = this.e.mdns_name();
    return String.fromCharCode(...new Uint8Array(this.e.memory.buffer, this.e.io_buffer(), n));
  }
}

export { ip4, be16, be32 };
