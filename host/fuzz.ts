// The fuzzer: random frames and structure-aware mutations (valid Ethernet/IPv4/TCP with mutated fields,
// options, sequence numbers near and far from the window, checksums recomputed so they reach TCP; UDP
// datagrams; DHCP replies matching the client's transaction, mutated; ICMP errors quoting the stack's
// segments and datagrams) against
// listening and established connections, with time jumps and interleaved application calls. After every
// step it checks that nothing trapped, memory did not grow, counters only rose, input() returned a drop
// reason or 0, and every connection satisfies the core's invariants (tcp_check). Runs are episodes of a
// fixed number of steps from a fresh init; a failing episode's steps are kept so they replay exactly.
import { Core, loadModule } from "./core.js";
import { arpReply, arpRequest, buildTcp, buildUdp, buildIcmpUnreachable, decodeFrame, fixChecksums, type Seen } from "./frame.js";
import { dhcpReply, dhcpOptionBytes, parseDhcp, DHCP } from "./dhcp-wire.js";
import { parseIp, parseMac } from "./addr.js";
import { DnsFuzz } from "./fuzz-dns.js";

/** One step: a frame in, time forward (then poll), or an application call. */
export type Op =
  | { k: "frame"; data: Uint8Array }
  | { k: "time"; ms: number }
  | { k: "call"; fn: string; args: number[]; data?: Uint8Array };

export interface Episode { build: string; seed: number; ops: Op[] }
export interface Failure extends Episode { step: number; reason: string }

export interface FuzzOptions {
  build?: string; seed?: number; frames: number; steps?: number; progress?: (frames: number) => void;
  /** Each episode's counters when it ends (what the run reached). */
  onEpisode?: (stats: Record<string, number>) => void;
}
export interface FuzzResult { frames: number; steps: number; episodes: number; failure?: Failure }

const STACK_IP = parseIp("10.0.0.1"), STACK_MAC = parseMac("02:00:00:00:00:01");
const PEERS = ["10.0.0.2", "10.0.0.3", "10.0.0.4"].map(parseIp);
const PEER_MAC = parseMac("02:00:00:00:00:02");
const PORTS = [80, 81, 1000, 1001, 40000];
const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
const ETHERNET_FRAME_MAX = 1514; // destination, source, type and 1500 bytes of payload; no FCS
const unhex = (s: string) => Uint8Array.from(s.match(/../g) ?? [], (x) => parseInt(x, 16));

/** An episode as JSON (bytes as hex), and back. */
export function episodeToJson(ep: Episode | Failure): string { return JSON.stringify(ep, (_k, v) => v instanceof Uint8Array ? hex(v) : v); }
export function episodeFromJson(text: string): Episode {
  const ep = JSON.parse(text) as Episode;
  for (const op of ep.ops as (Op & { data?: unknown })[]) if (typeof op.data === "string") op.data = unhex(op.data);
  return ep;
}

function rng(seed: number): () => number {
  let x = (seed >>> 0) ^ 0x6d2b79f5;
  return () => { x = (x + 0x6d2b79f5) >>> 0; let t = Math.imul(x ^ (x >>> 15), 1 | x); t ^= t + Math.imul(t ^ (t >>> 7), 61 | t); return (t ^ (t >>> 14)) >>> 0; };
}

/** One core under test: executes steps and checks it after each. */
class Target {
  readonly core: Core;
  now = 0;
  readonly sent: Uint8Array[] = [];
  private readonly pages: number;
  private stats: Uint32Array;
  private readonly names: string[];
  constructor(build: string, seed: number) {
    this.core = new Core({ send: (f) => { this.sent.push(f); } }, loadModule(build));
    this.core.init({ mac: "02:00:00:00:00:01", ip: "10.0.0.1", netmask: "255.255.255.0", gateway: "10.0.0.254", seed }, 0);
    this.pages = this.core.e.memory.buffer.byteLength;
    this.names = Object.keys(this.core.stats());
    this.stats = this.counters();
  }
  private counters(): Uint32Array {
    return new Uint32Array(this.core.e.memory.buffer, this.core.e.stats(), this.core.e.stats_count()).slice();
  }
  /** Runs one step; returns what went wrong, or null. */
  exec(op: Op): string | null {
    const e = this.core.e;
    let r = 0;
    try {
      if (op.k === "frame") {
        r = this.core.input(op.data, this.now);
        if (r < 0 || r >= e.stats_count() || (r > 0 && !this.names[r].startsWith("drop_"))) return `input() returned ${r}`;
      } else if (op.k === "time") {
        this.now = (this.now + op.ms) >>> 0;
        e.poll(this.now);
      } else {
        if (op.data) new Uint8Array(e.memory.buffer, e.io_buffer(), op.data.length).set(op.data);
        const args = op.args.map((a) => a === -0x7fffffff ? this.now : a);
        e[op.fn](...args);
      }
    } catch (err) { return `trap: ${(err as Error).message}`; }
    if (e.memory.buffer.byteLength !== this.pages) return `memory grew to ${e.memory.buffer.byteLength} bytes`;
    const c = e.tcp_check();
    if (c !== 0) return `invariant ${c & 255} broken in slot ${c >> 8}`;
    const now = this.counters();
    for (let i = 0; i < now.length; i++) if (now[i] < this.stats[i]) return `counter ${this.names[i]} went down`;
    this.stats = now;
    if (e.tcp_in_use() > e.config_connections()) return "more slots in use than exist";
    return null;
  }
}

/** What the stack last said on a 4-tuple: where our next segment should start and what it should ack. */
interface Flow { peer: number; pport: number; lport: number; rcvNxt: number; sndNxt: number }

/** Makes steps that reach deep: replies that fit the stack's last segments, with mutations. */
class Generator {
  private readonly flows: Flow[] = [];
  /** The DHCP client's last transaction id, and the stack's last UDP datagram (for ICMP errors). */
  private xid = 0;
  private lastUdp: Uint8Array | null = null;
  private readonly dns: DnsFuzz;
  /** Steps to take before any generated one: the resolver's servers, a hostname, the mDNS responder. */
  private readonly queued: Op[];
  constructor(private readonly rand: () => number, private readonly t: Target) {
    this.dns = new DnsFuzz(rand, { mac: STACK_MAC, ip: STACK_IP }, PEERS, PEER_MAC);
    this.queued = this.dns.setup();
  }
  private pick<T>(a: readonly T[]): T { return a[this.rand() % a.length]; }
  private chance(p: number): boolean { return this.rand() / 0x100000000 < p; }
  private bytes(n: number): Uint8Array { const b = new Uint8Array(n); for (let i = 0; i < n; i++) b[i] = this.rand() & 255; return b; }

  /** Learns from the frames the stack sent; answers ARP requests for the peers. */
  observe(): Op[] {
    const out: Op[] = [];
    for (const f of this.t.sent.splice(0)) {
      const d = decodeFrame(f);
      if (d.ethertype === 0x0806 && d.arpOp === 1 && PEERS.includes(d.arpTarget!) && this.chance(0.9)) {
        out.push({ k: "frame", data: arpReply({ mac: PEER_MAC, ip: d.arpTarget! }, { mac: STACK_MAC, ip: STACK_IP }) });
      } else if (d.proto === 6 && d.flags !== undefined) this.learn(d);
      else {
        if (d.proto === 17 && d.sport !== undefined) {
          this.lastUdp = f.slice(14, 14 + 28);
          if (d.sport === 68) { try { this.xid = parseDhcp(d.payload!).xid; } catch { /* not DHCP after all */ } }
        }
        this.dns.observe(d);
      }
    }
    return out;
  }
  private learn(d: Seen): void {
    let f = this.flows.find((x) => x.peer === d.dst && x.pport === d.dport && x.lport === d.sport);
    if (!f) { f = { peer: d.dst!, pport: d.dport!, lport: d.sport!, rcvNxt: 0, sndNxt: 0 }; this.flows.push(f); if (this.flows.length > 16) this.flows.shift(); }
    f.sndNxt = (d.seq! + d.len! + (d.flags! & 2 ? 1 : 0) + (d.flags! & 1 ? 1 : 0)) >>> 0;
    if (d.flags! & 0x10) f.rcvNxt = d.ack!;
  }

  next(): Op {
    if (this.queued.length) return this.queued.shift()!;
    if (this.chance(0.2)) {
      // A link never delivers more than an Ethernet frame: a DNS message grown past it arrives cut short.
      const op = this.dns.next();
      return op.k === "frame" && op.data.length > ETHERNET_FRAME_MAX ? { k: "frame", data: op.data.subarray(0, ETHERNET_FRAME_MAX) } : op;
    }
    const x = this.rand() % 100;
    if (x < 47) return { k: "frame", data: this.segment() };
    if (x < 51) return { k: "frame", data: this.datagram() };
    if (x < 55) return { k: "frame", data: this.dhcp() };
    if (x < 57) return { k: "frame", data: this.icmpError() };
    if (x < 62) return { k: "frame", data: this.randomFrame() };
    if (x < 80) return { k: "time", ms: this.chance(0.1) ? 1000 + this.rand() % 130_000 : 1 + this.rand() % 300 };
    return this.call();
  }

  private near(base: number): number {
    const y = this.rand() % 10;
    if (y < 5) return base >>> 0;
    if (y < 8) return (base + (this.rand() % 6000) - 3000) >>> 0;
    if (y < 9) return (base + ((this.rand() & 1) ? 0x7fffffff : 0x80000000)) >>> 0;
    return this.rand();
  }

  private options(): number[] {
    const o: number[] = [];
    const n = this.rand() % 5;
    for (let i = 0; i < n; i++) {
      switch (this.rand() % 9) {
        case 0: o.push(2, 4, this.rand() & 255, this.rand() & 255); break; // MSS, any value
        case 1: o.push(1, 3, 3, this.rand() % 20); break; // window scale, some above 14
        case 2: o.push(4, 2); break; // SACK-permitted
        case 3: { const b = 1 + this.rand() % 4; o.push(5, 2 + 8 * b); for (let j = 0; j < 8 * b; j++) o.push(this.rand() & 255); break; }
        case 4: o.push(8, 10, ...this.bytes(8)); break; // timestamps
        case 5: o.push(1); break;
        case 6: o.push(0); break;
        case 7: o.push(this.rand() & 255, this.rand() & 255, ...this.bytes(this.rand() % 6)); break; // any kind, any length
        default: o.push(30, 2 + (this.rand() % 4), ...this.bytes(this.rand() % 4)); break;
      }
    }
    while (o.length % 4) o.push(this.chance(0.5) ? 1 : 0);
    return o.slice(0, 40);
  }

  /** A TCP segment to a flow the stack is in, to a listening port, or anywhere; mutated now and then. */
  private segment(): Uint8Array {
    const f = this.flows.length && this.chance(0.7) ? this.pick(this.flows) : null;
    const peer = f ? f.peer : this.chance(0.95) ? this.pick(PEERS) : this.rand();
    const sport = f ? f.pport : this.chance(0.9) ? 2000 + this.rand() % 4 : this.rand() & 0xffff;
    const dport = f ? f.lport : this.chance(0.9) ? this.pick(PORTS) : this.rand() & 0xffff;
    const flags = this.pick([0x10, 0x10, 0x18, 0x18, 0x11, 0x02, 0x12, 0x04, 0x14, 0x03, 0x19, this.rand() & 0xff]);
    const seq = f ? this.near(f.rcvNxt) : this.rand();
    const ack = f ? this.near(f.sndNxt) : this.rand();
    const win = this.pick([0, 1, 536, 4096, 65535, this.rand() & 0xffff]);
    const len = this.pick([0, 0, 0, 1, 10, 100, 536, 1460, this.rand() % 1480]);
    const opts = this.chance(0.3) ? this.options() : [];
    const frame = buildTcp({ mac: PEER_MAC, ip: peer, port: sport }, { mac: STACK_MAC, ip: STACK_IP, port: dport },
      seq, ack, flags, win, this.rand() & 0xffff, opts, this.bytes(Math.min(len, 1460 - opts.length)));
    if (this.chance(0.1)) {
      for (let i = 0, n = 1 + this.rand() % 4; i < n; i++) frame[this.rand() % frame.length] = this.rand() & 255;
      if (this.chance(0.8)) fixChecksums(frame);
    }
    return frame;
  }

  /** A UDP datagram to a bound, closed or service port, unicast or broadcast; sometimes without a
   *  checksum, sometimes mutated. */
  private datagram(): Uint8Array {
    const dst = this.chance(0.8) ? STACK_IP : this.pick([0xffffffff, (STACK_IP | 0xff) >>> 0, 0xe00000fb, this.rand()]);
    const mac = dst === STACK_IP ? STACK_MAC : dst === 0xe00000fb ? [1, 0, 0x5e, 0, 0, 0xfb] : [255, 255, 255, 255, 255, 255];
    const f = buildUdp({ mac: PEER_MAC, ip: this.pick(PEERS), port: this.pick([53, 67, 2000, this.rand() & 0xffff]) },
      { mac, ip: dst, port: this.pick([...PORTS, 68, 5353, 0, this.rand() & 0xffff]) }, this.bytes(this.rand() % 1473), { checksum: this.chance(0.9) });
    if (this.chance(0.15)) { for (let i = 0, n = 1 + this.rand() % 3; i < n; i++) f[14 + this.rand() % (f.length - 14)] = this.rand() & 255; if (this.chance(0.8)) fixChecksums(f); }
    return f;
  }

  /** A server's DHCP reply for the client's transaction (or another), of any type, its options now and
   *  then in the file and sname fields (option 52), mutated now and then; or another host's ARP claiming
   *  the client's address (RFC 5227 2.4). */
  private dhcp(): Uint8Array {
    if (this.chance(0.1)) return arpRequest({ mac: this.chance(0.9) ? PEER_MAC : STACK_MAC, ip: STACK_IP }, this.chance(0.5) ? STACK_IP : PEERS[0]);
    const lent = () => [...dhcpOptionBytes({ serverId: this.chance(0.5) ? PEERS[0] : undefined, lease: this.chance(0.5) ? 60 : undefined,
      router: this.chance(0.5) ? parseIp("10.0.0.254") : undefined }), ...this.bytes(this.rand() % 8), 255];
    const overload = this.chance(0.2);
    const payload = dhcpReply({
      type: this.pick([DHCP.OFFER, DHCP.OFFER, DHCP.ACK, DHCP.ACK, DHCP.NAK, this.rand() & 255]),
      xid: this.chance(0.9) ? this.xid : this.rand(), chaddr: this.chance(0.95) ? STACK_MAC : [...this.bytes(6)],
      yiaddr: this.chance(0.9) ? STACK_IP : this.rand(), serverId: this.chance(0.9) ? PEERS[0] : this.chance(0.5) ? undefined : this.rand(),
      lease: this.pick([undefined, 1, 60, 3600, 0xffffffff, this.rand()]), t1: this.chance(0.2) ? this.rand() % 100 : undefined,
      t2: this.chance(0.2) ? this.rand() % 200 : undefined, mask: this.chance(0.8) ? 0xffffff00 : this.rand(),
      router: this.chance(0.8) ? parseIp("10.0.0.254") : undefined, dns: this.chance(0.5) ? [PEERS[0]] : undefined,
      extra: overload ? [52, 1, this.pick([1, 2, 3, 3, this.rand() & 255])] : this.chance(0.2) ? [...this.bytes(this.rand() % 12)] : undefined,
      file: overload ? lent() : undefined, sname: overload ? lent() : undefined,
    });
    if (this.chance(0.25)) for (let i = 0, n = 1 + this.rand() % 4; i < n; i++) payload[this.rand() % payload.length] = this.rand() & 255;
    const bcast = this.chance(0.3);
    return buildUdp({ mac: PEER_MAC, ip: PEERS[0], port: 67 }, { mac: bcast ? [255, 255, 255, 255, 255, 255] : STACK_MAC, ip: bcast ? 0xffffffff : STACK_IP, port: 68 }, payload);
  }

  /** Destination unreachable quoting one of the stack's segments (sequence number near its window) or
   *  its last datagram, or garbage. */
  private icmpError(): Uint8Array {
    let q: Uint8Array;
    const f = this.flows.length ? this.pick(this.flows) : null;
    if (f && this.chance(0.6)) {
      q = new Uint8Array(28);
      const v = new DataView(q.buffer);
      q[0] = 0x45; v.setUint16(2, 40); q[8] = 64; q[9] = 6; v.setUint32(12, STACK_IP); v.setUint32(16, f.peer);
      v.setUint16(20, f.lport); v.setUint16(22, f.pport); v.setUint32(24, this.near(f.sndNxt));
    } else q = this.lastUdp && this.chance(0.7) ? this.lastUdp.slice() : this.bytes(this.rand() % 40);
    if (this.chance(0.1)) q[this.rand() % Math.max(1, q.length)] ^= 1 << (this.rand() % 8);
    return buildIcmpUnreachable({ mac: PEER_MAC, ip: this.pick(PEERS) }, { mac: STACK_MAC, ip: STACK_IP }, this.pick([0, 1, 2, 3, 4, 13, this.rand() & 255]), q);
  }

  private randomFrame(): Uint8Array {
    const f = this.bytes(this.rand() % 1515);
    if (f.length >= 14 && this.chance(0.7)) { f.set(STACK_MAC, 0); f[12] = 0x08; f[13] = this.chance(0.8) ? 0x00 : 0x06; }
    if (f.length >= 34 && this.chance(0.5)) { f[14] = 0x45; new DataView(f.buffer).setUint32(30, STACK_IP); fixChecksums(f); }
    return f;
  }

  private call(): Op {
    const e = this.t.core.e;
    const conns = e.config_connections(), lis = e.config_listeners();
    const h = this.chance(0.9) ? this.rand() % (conns + lis) : (this.rand() % 8) - 3;
    const now = -0x7fffffff; // replaced by the current time when run
    const len = this.pick([0, 1, 100, 1460, 2048, this.rand() % 70000]);
    if (this.chance(0.25)) {
      const u = this.rand() % 260; // UDP endpoints' handles are (generation << 8) | slot: slots 0.. and junk
      switch (this.rand() % 10) {
        case 0: return { k: "call", fn: "udp_bind", args: [this.pick([...PORTS, 0, 68, 70000])] };
        case 1: case 2: {
          const n = Math.min(len, e.io_buffer_size());
          return { k: "call", fn: "udp_sendto", args: [u, this.pick([...PEERS, 0xffffffff, 0xe00000fb, 0]), this.pick([2000, 53, 0]), len, now], data: this.bytes(n) };
        }
        case 3: case 4: return { k: "call", fn: "udp_recvfrom", args: [u, len] };
        case 5: return { k: "call", fn: this.pick(["udp_close", "udp_error", "udp_events"]), args: [u] };
        case 6: return this.chance(0.2) ? { k: "call", fn: "dhcp_start", args: [now] }
          : this.chance(0.1) ? { k: "call", fn: "dhcp_reboot", args: [now, this.pick([STACK_IP, STACK_IP, 0, this.rand()])] } : { k: "call", fn: "udp_events", args: [u] };
        case 7: return { k: "call", fn: this.pick(["dhcp_renew", "dhcp_release"]), args: [now] };
        case 8: return { k: "call", fn: "set_hostname", args: [this.rand() % 70], data: this.bytes(70) };
        default: return { k: "call", fn: "dns_set_server", args: [this.rand() % 3 - 0, this.pick(PEERS)] };
      }
    }
    switch (this.rand() % 12) {
      case 0: return { k: "call", fn: "tcp_listen", args: [this.pick([...PORTS, 0, 70000]), this.rand() % 70] };
      case 1: case 2: return { k: "call", fn: "tcp_accept", args: [conns + this.rand() % lis] };
      case 3: return { k: "call", fn: "tcp_connect", args: [this.pick(PEERS), this.pick([80, 2000, 2001, 0]), this.chance(0.7) ? 0 : this.pick(PORTS), now] };
      case 4: case 5: {
        const n = Math.min(len, e.io_buffer_size());
        return { k: "call", fn: "tcp_send", args: [h, len, now], data: this.bytes(n) };
      }
      case 6: case 7: return { k: "call", fn: "tcp_recv", args: [h, len, now] };
      case 8: return { k: "call", fn: "tcp_close", args: [h, now] };
      case 9: return { k: "call", fn: this.chance(0.5) ? "tcp_abort" : "tcp_shutdown", args: this.chance(0.5) ? [h, now] : [h, this.rand() % 4, now] };
      case 10: return { k: "call", fn: "tcp_setopt", args: [h, this.rand() % 18, this.pick([0, 1, -1, 5, 40000])] };
      default: return { k: "call", fn: this.pick(["tcp_getopt", "tcp_events", "tcp_state"]), args: [h, this.rand() % 18] };
    }
  }
}

/** Runs seeded episodes until `frames` frames went in, or one fails. */
export function runFuzz(o: FuzzOptions): FuzzResult {
  const build = o.build ?? "wasmtcp.wasm", steps = o.steps ?? 2000;
  const master = rng(o.seed ?? 1);
  let frames = 0, total = 0, episodes = 0;
  while (frames < o.frames) {
    const seed = master();
    const rand = rng(seed);
    const t = new Target(build, seed);
    const gen = new Generator(rand, t);
    const ops: Op[] = [];
    episodes++;
    for (let i = 0; i < steps && frames < o.frames; i++) {
      const batch = [...gen.observe(), gen.next()];
      for (const op of batch) {
        ops.push(op);
        total++;
        if (op.k === "frame") frames++;
        const why = t.exec(op);
        if (why) return { frames, steps: total, episodes, failure: { build, seed, ops, step: ops.length - 1, reason: why } };
      }
      if (o.progress && frames > 0 && frames % 100_000 === 0 && batch.some((b) => b.k === "frame")) o.progress(frames);
    }
    o.onEpisode?.(t.core.stats());
  }
  return { frames, steps: total, episodes };
}

/** Runs a saved episode's steps again; returns what went wrong (and at which step), or null. */
export function replay(ep: Episode): { step: number; reason: string } | null {
  const t = new Target(ep.build, ep.seed);
  for (let i = 0; i < ep.ops.length; i++) {
    t.sent.length = 0;
    const why = t.exec(ep.ops[i]);
    if (why) return { step: i, reason: why };
  }
  return null;
}
