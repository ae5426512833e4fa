// The fuzzer's DNS and mDNS steps (host/fuzz.ts runs them with its others): replies built from the
// queries the stack sent (its ID, port and question, from the server it asked; for a one-shot mDNS query
// of a .local name, from a host on the link), mutated now and then (counts, compression pointers anywhere,
// loops, cut short, TC, other rcodes, a spoofed source), with CNAME chains and SOA records for negative
// caching; mDNS queries, probes and responses about the stack's name and others; and the resolver's and
// responder's calls.
import { buildUdp, type Seen } from "./frame.js";

export type DnsOp =
  | { k: "frame"; data: Uint8Array }
  | { k: "call"; fn: string; args: number[]; data?: Uint8Array };

interface Asked { server: number; port: number; id: number; question: number[]; mdns: boolean }

const NOW = -0x7fffffff; // replaced by the current time when run
const MDNS_IP = 0xe00000fb, MDNS_MAC = [1, 0, 0x5e, 0, 0, 0xfb];
const NAMES = ["fuzz", "FUZZ", "fuzz-2", "fuzz-3", "other", "a"];
const enc = new TextEncoder();

function wire(name: string): number[] {
  const out: number[] = [];
  for (const l of name.split(".")) if (l) out.push(l.length & 0x3f, ...enc.encode(l.slice(0, 63)));
  out.push(0);
  return out;
}
const be16 = (v: number) => [(v >>> 8) & 255, v & 255];
const be32 = (v: number) => [v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255];

export class DnsFuzz {
  private readonly asked: Asked[] = [];
  constructor(private readonly rand: () => number, private readonly stack: { mac: number[]; ip: number },
    private readonly peers: number[], private readonly peerMac: number[]) {}
  private pick<T>(a: readonly T[]): T { return a[this.rand() % a.length]; }
  private chance(p: number): boolean { return this.rand() / 0x100000000 < p; }

  /** The calls that start an episode's resolver and responder. */
  setup(): DnsOp[] {
    return [
      { k: "call", fn: "dns_set_server", args: [0, this.peers[0]] },
      { k: "call", fn: "dns_set_server", args: [1, this.peers[1]] },
      { k: "call", fn: "set_hostname", args: [4], data: enc.encode("fuzz") },
      { k: "call", fn: "mdns_start", args: [NOW] },
    ];
  }

  /** Learns the queries the stack sent. */
  observe(d: Seen): void {
    const mdns = d.dst === MDNS_IP && d.dport === 5353 && d.sport !== 5353; // a one-shot query (RFC 6762 5.1)
    if (d.proto !== 17 || (d.dport !== 53 && !mdns) || !d.payload || d.payload.length < 17) return;
    const p = d.payload;
    this.asked.push({ server: mdns ? this.pick(this.peers) : d.dst!, port: d.sport!, id: (p[0] << 8) | p[1], question: [...p.subarray(12)], mdns });
    if (this.asked.length > 8) this.asked.shift();
  }

  next(): DnsOp {
    const x = this.rand() % 100;
    if (x < 40) return { k: "frame", data: this.reply() };
    if (x < 75) return { k: "frame", data: this.mdns() };
    return this.call();
  }

  private record(name: number[], type: number, cls: number, ttl: number, data: number[]): number[] {
    return [...name, ...be16(type), ...be16(cls), ...be32(ttl), ...be16(data.length), ...data];
  }

  private name(): number[] {
    switch (this.rand() % 6) {
      case 0: return [0xc0, 12];
      case 1: return [0xc0 | (this.rand() & 0x3f), this.rand() & 255]; // a pointer anywhere
      case 2: return [1, 0x61, 0xc0, this.rand() % 40]; // a label, then a pointer (loops, forward)
      case 3: return wire(this.pick(["www.example.com", "x", "fuzz.local", "FUZZ.LOCAL"]));
      case 4: return Array.from({ length: this.rand() % 8 }, () => this.rand() & 255);
      default: return [this.rand() & 0x7f, 0x41, 0x42, 0];
    }
  }

  private answers(owner: () => number[]): number[] {
    const out: number[] = [];
    for (let i = 0, n = this.rand() % 4; i < n; i++) {
      const type = this.pick([1, 1, 1, 5, 28, 255, this.rand() & 0xffff]);
      const data = type === 5 ? this.name() : type === 1 && this.chance(0.9) ? be32(this.chance(0.5) ? this.stack.ip : this.rand()) :
        Array.from({ length: this.rand() % 12 }, () => this.rand() & 255);
      out.push(...this.record(owner(), type, this.pick([1, 1, 0x8001, 3, 255]), this.pick([0, 1, 60, 120, 0x80000000, this.rand()]), data));
    }
    return out;
  }

  /** A CNAME chain of up to 10 links from the name at offset 12 to an A record, each link's owner in full. */
  private chain(): { records: number[]; count: number } {
    const links = this.rand() % 11, out: number[] = [];
    let owner = [0xc0, 12];
    for (let i = 0; i < links; i++) {
      const target = wire(`c${i}.example.com`);
      out.push(...this.record(owner, 5, 1, 60, this.chance(0.9) ? target : this.name()));
      owner = target;
    }
    out.push(...this.record(owner, 1, 1, this.pick([0, 60, 0x80000000]), be32(this.rand())));
    return { records: out, count: links + 1 };
  }

  /** An SOA (RFC 1035 3.3.13) for a negative answer's authority section, its RDATA cut or padded at times. */
  private soa(): number[] {
    const data = [...this.name(), ...this.name(), ...[1, 2, 3, 4, this.pick([0, 60, 0xffffffff, this.rand()])].flatMap(be32)];
    if (this.chance(0.2)) data.length = this.rand() % (data.length + 2);
    return this.record(this.chance(0.5) ? [0xc0, 12] : this.name(), 6, this.pick([1, 1, 3]), this.pick([0, 30, 0x80000000, this.rand()]), Array.from(data, (b) => b ?? 0));
  }

  /** A reply to a query the stack sent (or to nothing), from its server (or not), mutated at times. */
  private reply(): Uint8Array {
    const a = this.asked.length && this.chance(0.85) ? this.pick(this.asked) : null;
    const server = a && this.chance(0.9) ? a.server : this.pick(this.peers);
    const sport = a?.mdns && this.chance(0.9) ? 5353 : this.chance(0.95) ? 53 : this.rand() & 0xffff;
    const dport = a ? a.port : 49152 + (this.rand() & 0x3fff);
    const id = a && this.chance(0.9) ? a.id : this.rand() & 0xffff;
    const question = a && this.chance(0.9) ? a.question : [...this.name(), 0, 1, 0, 1];
    const rcode = this.pick([0, 0, 0, 0, 3, 2, 5, this.rand() & 15]);
    const chained = this.chance(0.2) ? this.chain() : null;
    const an = chained ? chained.records : this.answers(() => this.chance(0.6) ? [0xc0, 12] : this.name());
    const count = chained ? chained.count : this.rand() % 4;
    const ns = this.chance(0.3) ? this.soa() : [];
    const flags = (a?.mdns ? 0x8400 : 0x8180) | rcode | (this.chance(0.15) ? 0x0200 : 0); // TC at times
    const qd = a?.mdns && this.chance(0.5) ? 0 : 1;
    const m = [...be16(id), ...be16(this.chance(0.9) ? flags : this.rand() & 0xffff), ...be16(this.chance(0.9) ? qd : this.rand() % 3),
      ...be16(this.chance(0.8) ? count : this.rand() & 0xffff), ...be16(ns.length && this.chance(0.9) ? 1 : 0), 0, 0, ...(qd ? question : []), ...an, ...ns];
    if (this.chance(0.1)) m.length = this.rand() % (m.length + 1);
    if (this.chance(0.1)) for (let i = 0, n = 1 + this.rand() % 3; i < n && m.length; i++) m[this.rand() % m.length] = this.rand() & 255;
    return buildUdp({ mac: this.peerMac, ip: server, port: sport }, { mac: this.stack.mac, ip: this.stack.ip, port: dport }, Uint8Array.from(m));
  }

  /** An mDNS query, probe or response about the stack's name or another, to the group or to the stack. */
  private mdns(): Uint8Array {
    const ours = () => wire(`${this.pick(NAMES)}.local`);
    const response = this.chance(0.4);
    const qd = response ? 0 : 1 + this.rand() % 2;
    const questions: number[] = [];
    for (let i = 0; i < qd; i++) questions.push(...(i && this.chance(0.5) ? [0xc0, 12] : ours()), ...be16(this.pick([1, 255, 28, 1])), ...be16(this.pick([1, 0x8001, 3])));
    const an = this.answers(() => this.chance(0.5) ? ours() : this.name());
    const ns = this.chance(0.3) ? this.record([0xc0, 12], 1, 1, 120, be32(this.chance(0.5) ? this.rand() : this.stack.ip ^ 1)) : [];
    const flags = response ? 0x8400 : this.chance(0.9) ? 0 : this.rand() & 0xffff;
    const anCount = an.length ? 1 + this.rand() % 3 : 0;
    const m = [0, this.rand() & 255, ...be16(flags), ...be16(qd), ...be16(anCount), ...be16(ns.length ? 1 : 0), 0, 0, ...questions, ...an, ...ns];
    if (this.chance(0.1)) m.length = this.rand() % (m.length + 1);
    if (this.chance(0.1)) for (let i = 0, n = 1 + this.rand() % 3; i < n && m.length; i++) m[this.rand() % m.length] = this.rand() & 255;
    const src = this.chance(0.95) ? this.pick(this.peers) : this.rand();
    const group = this.chance(0.85);
    return buildUdp({ mac: this.peerMac, ip: src, port: this.chance(0.8) ? 5353 : this.rand() & 0xffff },
      { mac: group ? MDNS_MAC : this.stack.mac, ip: group ? MDNS_IP : this.stack.ip, port: 5353 }, Uint8Array.from(m), { ttl: 255 });
  }

  private call(): DnsOp {
    const q = this.chance(0.9) ? this.rand() % 4 : (this.rand() % 8) - 4;
    switch (this.rand() % 10) {
      case 0: case 1: case 2: {
        const name = this.pick(["b.test", "www.example.com", "x.", "a..b", "fuzz.local", "peer.local", "x.LOCAL.", "local", "", "a".repeat(70) + ".b",
          Array.from({ length: 1 + this.rand() % 140 }, () => String.fromCharCode(this.pick([46, 97, 45, 95, 32, this.rand() & 127]))).join("")]);
        const data = enc.encode(name);
        return { k: "call", fn: "dns_resolve", args: [this.chance(0.95) ? data.length : this.rand() % 5000, NOW], data };
      }
      case 3: return { k: "call", fn: "dns_status", args: [q] };
      case 4: return { k: "call", fn: "dns_address", args: [q] };
      case 5: return { k: "call", fn: "dns_release", args: [q] };
      case 6: return { k: "call", fn: this.chance(0.5) ? "mdns_start" : "mdns_stop", args: [NOW] };
      case 7: return { k: "call", fn: "mdns_name", args: [] };
      case 8: {
        const name = this.pick(["fuzz", "other", "x".repeat(63), "x".repeat(64), "-a", "a_b", ""]);
        return { k: "call", fn: "set_hostname", args: [name.length], data: enc.encode(name) };
      }
      default: return { k: "call", fn: "dns_set_server", args: [this.rand() % 3, this.chance(0.8) ? this.pick(this.peers) : this.rand()] };
    }
  }
}
