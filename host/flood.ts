// A SYN flood against one stack, in virtual time: forged SYNs from random off-link addresses at a fixed
// rate against one listening port, real clients on that port and on another one, and the application's
// own outbound connects, all while the flood runs. Reports how many real clients got in, and how fast.
// The stack runs alone behind its gateway; this module plays the rest of the Internet, with 1 ms links.
import { Core, loadModule } from "./core.js";
import { arpReply, buildTcp, decodeFrame, flagsToBits } from "./frame.js";
import { parseIp, parseMac } from "./addr.js";
import { State } from "./abi.js";

export interface FloodOptions {
  /** A build name under build/ (default wasmtcp.wasm). */
  build?: string;
  /** Forged SYNs in all, and how many a second. */
  spoofed: number;
  rate: number;
  /** Real clients on each port, started evenly over the flood. */
  clients: number;
  /** Outbound connects the application makes, evenly over the flood. */
  connects: number;
  seed?: number;
}

export interface FloodResult {
  /** Real clients on the flooded port accepted by the application within 3 s of their first SYN. */
  floodedWithin3s: number;
  /** Real clients on the other port accepted within 3 s. */
  otherWithin3s: number;
  /** Outbound connects that reached ESTABLISHED within 3 s. */
  connectsOk: number;
  clients: number;
  connects: number;
  /** Median time from a flooded-port client's first SYN to accept(), ms (-1 when none got in). */
  floodedMedianMs: number;
  /** The stack's counters at the end. */
  stats: Record<string, number>;
}

const STACK_IP = "10.0.0.2", GATEWAY_IP = "10.0.0.1", GATEWAY_MAC = "02:00:00:00:00:fe";
const STACK_MAC = "02:00:00:00:00:02";
const FLOODED = 80, OTHER = 81, OUTSIDE_PORT = 7;
const SYN_OPTS = [2, 4, 0x05, 0xb4, 1, 3, 3, 7, 4, 2, 0, 0]; // mss 1460, wscale 7, sackOK (as Linux)
const REQUEST = new TextEncoder().encode("GET / HTTP/1.0\r\n\r\n");

/** A client as a Linux host behaves during the handshake: SYN retransmissions at 1, 3, 7 s; the ACK
 *  carries its request, which it retransmits until acknowledged. */
interface Client { ip: number; sport: number; dport: number; isn: number; start: number; nextSyn: number; tries: number; irs: number | null; nextData: number; acceptedAt: number }

function rng(seed: number): () => number {
  let x = (seed >>> 0) || 0x9e3779b9;
  return () => { x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0; return x; };
}

export function runFlood(o: FloodOptions): FloodResult {
  const rand = rng(o.seed ?? 1);
  const stackMac = parseMac(STACK_MAC), gwMac = parseMac(GATEWAY_MAC), stackIp = parseIp(STACK_IP), gwIp = parseIp(GATEWAY_IP);
  let now = 0;
  const outbox: Uint8Array[] = [];
  const core = new Core({ send: (f) => { outbox.push(f); } }, loadModule(o.build ?? "wasmtcp.wasm"));
  core.init({ mac: STACK_MAC, ip: STACK_IP, netmask: "255.255.255.0", gateway: GATEWAY_IP, seed: 7 }, now);
  const l80 = core.listen(FLOODED, 64), l81 = core.listen(OTHER, 64);
  const input = (f: Uint8Array) => core.input(f, now);
  const from = (ip: number, port: number) => ({ mac: gwMac, ip, port });
  const to = (port: number) => ({ mac: stackMac, ip: stackIp, port });
  const durationMs = Math.ceil(o.spoofed / o.rate * 1000);
  const clients: Client[] = [];
  for (let i = 0; i < 2 * o.clients; i++) {
    const start = Math.floor((i >> 1) * durationMs / o.clients) + 1;
    clients.push({ ip: (0xc6336400 + 1 + i) >>> 0, sport: 40000 + i, dport: i & 1 ? OTHER : FLOODED, isn: rand(), start, nextSyn: start, tries: 0, irs: null, nextData: 0, acceptedAt: -1 });
  }
  const byPort = new Map(clients.map((c) => [c.sport, c]));
  const connects: { at: number; h: number; doneAt: number }[] = [];
  for (let i = 0; i < o.connects; i++) connects.push({ at: Math.floor(i * durationMs / o.connects) + 2, h: -1, doneAt: -1 });
  const outsideIp = parseIp("203.0.113.7");
  let sent = 0;
  const endMs = durationMs + 3000 + 10;
  for (now = 0; now <= endMs; now++) {
    // The network delivers what the stack sent last millisecond.
    const frames = outbox.splice(0);
    for (const f of frames) {
      const d = decodeFrame(f);
      if (d.ethertype === 0x0806) { if (d.arpOp === 1 && d.arpTarget === gwIp) input(arpReply({ mac: gwMac, ip: gwIp }, { mac: stackMac, ip: stackIp })); continue; }
      if (d.proto !== 6) continue;
      const c = byPort.get(d.dport!);
      const isSynAck = (d.flags! & 0x12) === 0x12;
      if (c && d.dst === c.ip && isSynAck && (d.ack! >>> 0) === ((c.isn + 1) >>> 0)) {
        c.irs = d.seq!;
        input(buildTcp(from(c.ip, c.sport), to(c.dport), c.isn + 1, c.irs + 1, flagsToBits("P."), 64240, 0, [], REQUEST));
        c.nextData = now + 1000;
      } else if (c && d.dst === c.ip && c.irs !== null && ((d.flags! & 0x04) || ((d.flags! & 0x10) && (d.ack! >>> 0) === ((c.isn + 1 + REQUEST.length) >>> 0)))) {
        c.nextData = Infinity; // the request is acknowledged, or the application has answered and reset
      } else if (d.dst === outsideIp && d.dport === OUTSIDE_PORT && (d.flags! & 0x12) === 0x02) {
        // The server the application connects to answers at once.
        input(buildTcp(from(outsideIp, OUTSIDE_PORT), to(d.sport!), rand(), d.seq! + 1, flagsToBits("S."), 64240, 0, [2, 4, 0x05, 0xb4], new Uint8Array(0)));
      }
    }
    // The attacker: SYNs at the rate asked, from random addresses outside the stack's subnet.
    const due = Math.min(o.spoofed, Math.floor(now * o.rate / 1000));
    for (; sent < due; sent++) {
      const src = (0x64400000 | (rand() & 0x3fffff)) >>> 0; // 100.64.0.0/10
      input(buildTcp(from(src, 1024 + (rand() % 64000)), to(FLOODED), rand(), 0, flagsToBits("S"), 64240, 0, SYN_OPTS, new Uint8Array(0)));
    }
    // Real clients: SYN, retransmitted at 1, 3, 7 s; the request until acknowledged, every second.
    for (const c of clients) {
      if (c.irs === null && now === c.nextSyn && c.tries < 4) {
        input(buildTcp(from(c.ip, c.sport), to(c.dport), c.isn, 0, flagsToBits("S"), 64240, 0, SYN_OPTS, new Uint8Array(0)));
        c.nextSyn = now + (1000 << c.tries++);
      } else if (c.irs !== null && now >= c.nextData) {
        input(buildTcp(from(c.ip, c.sport), to(c.dport), c.isn + 1, c.irs + 1, flagsToBits("P."), 64240, 0, [], REQUEST));
        c.nextData = now + 1000;
      }
    }
    // The application: outbound connects; accepts, reads the request and resets (freeing the slot).
    for (const k of connects) {
      if (now === k.at) k.h = core.connect("203.0.113.7", OUTSIDE_PORT, 0, now);
      if (k.h >= 0 && k.doneAt < 0 && core.state(k.h) === State.ESTABLISHED) { k.doneAt = now; core.abort(k.h, now); }
      if (k.h >= 0 && k.doneAt < 0 && now - k.at >= 3000) { core.abort(k.h, now); k.h = -2; }
    }
    for (const l of [l80, l81]) {
      for (let h = core.accept(l); h >= 0; h = core.accept(l)) {
        const c = byPort.get(core.remotePort(h));
        if (c && c.acceptedAt < 0) c.acceptedAt = now;
        core.abort(h, now);
      }
    }
    core.poll(now);
  }
  const within = (port: number) => clients.filter((c) => c.dport === port && c.acceptedAt >= 0 && c.acceptedAt - c.start <= 3000).length;
  const times = clients.filter((c) => c.dport === FLOODED && c.acceptedAt >= 0).map((c) => c.acceptedAt - c.start).sort((a, b) => a - b);
  return {
    floodedWithin3s: within(FLOODED), otherWithin3s: within(OTHER),
    connectsOk: connects.filter((k) => k.doneAt >= 0 && k.doneAt - k.at <= 3000).length,
    clients: o.clients, connects: o.connects,
    floodedMedianMs: times.length ? times[times.length >> 1] : -1,
    stats: core.stats(),
  };
}
