// The DHCP client's tests' scaffolding: a stack started as a client in virtual time, its next DHCP message
// decoded, replies from the scripted server (10.0.0.2, the peer), and a lease taken through the probe.
import assert from "node:assert/strict";
import { Peer, PEER_IP, PEER_MAC, STACK_IP, STACK_MAC, Err } from "./peer.js";
import { buildUdp } from "../../../host/frame.js";
import { parseDhcp, dhcpReply, DHCP, type DhcpMessage, type ReplySpec } from "../../../host/dhcp-wire.js";
import { DhcpState } from "../../../host/abi.js";
import { ip4 } from "./wasm.js";

export const SERVER = PEER_IP; // 10.0.0.2, the scripted server (its ARP answered by the peer engine)
export const LEASED = STACK_IP; // 10.0.0.1, the address it hands out
export const BCAST = 0xffffffff;
export const MASK = ip4("255.255.255.0"), ROUTER = ip4("10.0.0.254"), DNS1 = ip4("10.0.0.53"), DNS2 = ip4("10.0.0.54");
export const mac = [...STACK_MAC];
export const lease = { serverId: SERVER, lease: 100, mask: MASK, router: ROUTER, dns: [DNS1, DNS2] };
/** Options 12 and 55 as the client sends them with the host name "board". */
export const HOSTNAME_OPT: [number, number[]] = [12, [...new TextEncoder().encode("board")]];
export const PARAMS_OPT: [number, number[]] = [55, [1, 3, 6, 51, 58, 59]];
export const CLIENT_ID_OPT: [number, number[]] = [61, [1, ...mac]];

/** A stack with ip 0 and host name `hostname`, its DHCP client not started yet; nothing sent so far. */
export function idleClient(hostname = "board", seed = 42): Peer {
  const p = new Peer();
  p.e.init(0x0200, 0x00000001, 0, 0, 0, 0, seed, p.now);
  if (hostname) {
    const b = new TextEncoder().encode(hostname);
    new Uint8Array(p.e.memory.buffer, p.e.io_buffer(), b.length).set(b);
    assert.equal(p.e.set_hostname(b.length), Err.OK);
  }
  p.core.sent.length = 0;
  return p;
}

/** A stack whose client has just been started with dhcp_start. */
export function client(hostname = "board", seed = 42): Peer {
  const p = idleClient(hostname, seed);
  assert.equal(p.e.dhcp_start(p.now), Err.OK);
  return p;
}

export interface Sent { msg: DhcpMessage; src: number; dst: number; ethDst: number[]; at: number }
export function nextDhcp(p: Peer): Sent {
  const d = p.next();
  assert.ok(d, "expected a DHCP message, the stack sent nothing");
  assert.equal(d.type, "udp", `expected UDP, got ${d.type}`);
  assert.deepEqual([d.sport, d.dport], [68, 67]);
  return { msg: parseDhcp(d.data!), src: d.src!, dst: d.dst!, ethDst: [...d.frame.subarray(0, 6)], at: d.sentAt };
}
export const opt = (m: DhcpMessage, code: number) => m.options.find(([c]) => c === code)?.[1];
export const optList = (m: DhcpMessage) => m.options.map(([c, v]) => [c, [...v]]);
export const u32 = (x: number) => [(x >>> 24) & 255, (x >>> 16) & 255, (x >>> 8) & 255, x & 255];
/** The index of counter `name`: what input() returns for a frame dropped for that reason. */
export const statIndex = (p: Peer, name: string) => { const i = Object.keys(p.stats()).indexOf(name); assert.ok(i > 0, name); return i; };

/** A reply from the server to the client's port 68; returns input()'s result. */
export function reply(p: Peer, s: Omit<ReplySpec, "chaddr"> & { chaddr?: number[] }, dst = LEASED, sport = 67): number {
  return p.raw(buildUdp({ mac: PEER_MAC, ip: SERVER, port: sport }, { mac: STACK_MAC, ip: dst, port: 68 }, dhcpReply({ chaddr: mac, ...s })));
}

/** From CHECKING: the three probes and the announcement (RFC 5227 2.1.1, 2.3), then BOUND. */
export function probed(p: Peer): void {
  assert.equal(p.e.dhcp_state(), DhcpState.CHECKING);
  p.advance(8000);
  for (let i = 0; i < 3; i++) assert.equal(p.next()!.arpTarget, LEASED);
  assert.equal(p.next()!.arpSender, LEASED, "the announcement");
  p.none();
  assert.equal(p.e.dhcp_state(), DhcpState.BOUND);
}

/** DISCOVER, OFFER, REQUEST, ACK at time 0, then the probes: returns the xid of the lease. */
export function bind(p: Peer, extra: Partial<ReplySpec> = {}): number {
  const d = nextDhcp(p);
  assert.equal(reply(p, { type: DHCP.OFFER, xid: d.msg.xid, yiaddr: LEASED, ...lease, ...extra }), 0);
  const r = nextDhcp(p);
  assert.equal(reply(p, { type: DHCP.ACK, xid: r.msg.xid, yiaddr: LEASED, ...lease, ...extra }), 0);
  p.none();
  probed(p);
  return r.msg.xid;
}
