// UDP (RFC 768) through the real .wasm: endpoints, exact datagrams sent, checks on receive, ICMP port
// unreachable (rate-limited), and ICMP destination unreachable delivered as errors (RFC 1122 4.2.3.9,
// RFC 5927). Every test asserts what was sent, then that nothing else was.
import test from "node:test";
import assert from "node:assert/strict";
import { Peer, PEER_IP, PEER_MAC, STACK_IP, STACK_MAC, State, Err, Ev, Opt } from "./support/peer.js";
import { buildUdp, buildIcmpUnreachable, csum } from "../../host/frame.js";
import { Trace } from "../../host/abi.js";
import { ip4 } from "./support/wasm.js";
import { Simulation } from "../../host/sim.js";

const LOCAL = 5000, REMOTE = 6000;
const bytes = (s: string) => new TextEncoder().encode(s);

function udpIn(p: Peer, data: Uint8Array, o: { sport?: number; dport?: number; checksum?: boolean; dst?: number; dstMac?: number[]; src?: number } = {}): number {
  return p.raw(buildUdp({ mac: PEER_MAC, ip: o.src ?? PEER_IP, port: o.sport ?? REMOTE },
    { mac: o.dstMac ?? STACK_MAC, ip: o.dst ?? STACK_IP, port: o.dport ?? LOCAL }, data, { checksum: o.checksum }));
}
function sendto(p: Peer, h: number, data: Uint8Array, ip = PEER_IP, port = REMOTE): number {
  new Uint8Array(p.e.memory.buffer, p.e.io_buffer(), data.length).set(data);
  return p.e.udp_sendto(h, ip, port, data.length, p.now >>> 0);
}
function recvfrom(p: Peer, h: number, max = 2048): { n: number; data: Uint8Array; ip: number; port: number } {
  const n = p.e.udp_recvfrom(h, max);
  const data = n > 0 ? new Uint8Array(p.e.memory.buffer, p.e.io_buffer(), Math.min(n, max)).slice() : new Uint8Array(0);
  return { n, data, ip: p.e.udp_from_ip(h) >>> 0, port: p.e.udp_from_port(h) };
}
/** The 8-byte UDP header and payload of a sent frame: checksum verified against the pseudo-header. */
function udpOf(f: Uint8Array): { sport: number; dport: number; data: Uint8Array; checksum: number } {
  const v = new DataView(f.buffer, f.byteOffset);
  assert.equal(f[23], 17, "IP protocol UDP");
  const ulen = v.getUint16(38);
  const src = v.getUint32(26), dst = v.getUint32(30);
  assert.equal(csum(f, 34, ulen, (src >>> 16) + (src & 0xffff) + (dst >>> 16) + (dst & 0xffff) + 17 + ulen), 0, "UDP checksum verifies");
  assert.equal(csum(f, 14, 20), 0, "IP header checksum verifies");
  return { sport: v.getUint16(34), dport: v.getUint16(36), data: f.slice(42, 34 + ulen), checksum: v.getUint16(40) };
}

test("unbound_datagramToBoundPort_queuedWithSourceNothingSent", () => {
  const p = new Peer();
  const h = p.e.udp_bind(LOCAL);
  assert.ok(h >= 0);
  assert.equal(p.e.udp_events(h), Ev.WRITABLE);
  assert.equal(udpIn(p, bytes("hello")), 0);
  assert.equal(p.e.udp_events(h), Ev.READABLE | Ev.WRITABLE);
  const r = recvfrom(p, h);
  assert.equal(r.n, 5);
  assert.equal(new TextDecoder().decode(r.data), "hello");
  assert.equal(r.ip, PEER_IP);
  assert.equal(r.port, REMOTE);
  assert.equal(p.e.udp_recvfrom(h, 2048), Err.WOULDBLOCK);
  assert.equal(p.stats().udp_in, 1);
  p.none();
});

test("bound_sendto_exactDatagramOnWire", () => {
  const p = new Peer();
  const h = p.e.udp_bind(LOCAL);
  assert.equal(sendto(p, h, bytes("ping!")), 5);
  const d = p.next()!;
  assert.equal(d.type, "udp");
  assert.deepEqual([...d.frame.subarray(0, 14)], [...PEER_MAC, ...STACK_MAC, 0x08, 0x00], "Ethernet header to the peer's MAC");
  assert.deepEqual([d.src, d.dst, d.ttl], [STACK_IP, PEER_IP, 64]);
  assert.equal(new DataView(d.frame.buffer, d.frame.byteOffset).getUint16(16), 20 + 8 + 5, "IP total length");
  const u = udpOf(d.frame);
  assert.deepEqual([u.sport, u.dport, new TextDecoder().decode(u.data)], [LOCAL, REMOTE, "ping!"]);
  assert.notEqual(u.checksum, 0, "the checksum is always sent");
  assert.equal(p.stats().udp_out, 1);
  p.none();
});

test("bound_sendtoBroadcastAndMdnsGroup_linkGroupAddressesAndTtl", () => {
  const p = new Peer();
  const h = p.e.udp_bind(LOCAL);
  sendto(p, h, bytes("b"), ip4("255.255.255.255"), 67);
  const b = p.next()!;
  assert.deepEqual([...b.frame.subarray(0, 6)], [255, 255, 255, 255, 255, 255]);
  assert.equal(b.ttl, 64);
  sendto(p, h, bytes("s"), ip4("10.0.0.255"), 67);
  assert.deepEqual([...p.next()!.frame.subarray(0, 6)], [255, 255, 255, 255, 255, 255], "the subnet's broadcast");
  sendto(p, h, bytes("m"), ip4("224.0.0.251"), 5353);
  const m = p.next()!;
  assert.deepEqual([...m.frame.subarray(0, 6)], [0x01, 0x00, 0x5e, 0x00, 0x00, 0xfb], "RFC 1112 6.4 group address");
  assert.equal(m.ttl, 255, "RFC 6762 11: mDNS goes with TTL 255");
  udpOf(m.frame);
  p.none();
});

test("bound_zeroChecksumDatagram_acceptedAndCounted", () => {
  const p = new Peer();
  const h = p.e.udp_bind(LOCAL);
  assert.equal(udpIn(p, bytes("x"), { checksum: false }), 0);
  assert.equal(recvfrom(p, h).n, 1);
  assert.equal(p.stats().udp_no_checksum, 1);
  p.none();
});

test("bound_badChecksum_droppedAndCounted", () => {
  const p = new Peer();
  const h = p.e.udp_bind(LOCAL);
  const f = buildUdp({ mac: PEER_MAC, ip: PEER_IP, port: REMOTE }, { mac: STACK_MAC, ip: STACK_IP, port: LOCAL }, bytes("abc"));
  f[42] ^= 1;
  assert.equal(p.raw(f), statIndex(p, "drop_udp_checksum"));
  assert.equal(p.e.udp_recvfrom(h, 100), Err.WOULDBLOCK);
  p.none();
});

test("bound_lengthFieldBeyondDatagramOrBelowHeader_droppedAndCounted", () => {
  const p = new Peer();
  p.e.udp_bind(LOCAL);
  for (const ulen of [4, 9 + 3]) {
    const f = buildUdp({ mac: PEER_MAC, ip: PEER_IP, port: REMOTE }, { mac: STACK_MAC, ip: STACK_IP, port: LOCAL }, bytes("abc"), { checksum: false });
    new DataView(f.buffer).setUint16(38, ulen);
    assert.equal(p.raw(f), statIndex(p, "drop_udp_length"));
  }
  const short = buildUdp({ mac: PEER_MAC, ip: PEER_IP, port: REMOTE }, { mac: STACK_MAC, ip: STACK_IP, port: LOCAL }, new Uint8Array(0));
  const v = new DataView(short.buffer);
  v.setUint16(16, 20 + 6); v.setUint16(24, 0); v.setUint16(24, csum(short, 14, 20));
  assert.equal(p.raw(short), statIndex(p, "drop_udp_short"));
  assert.equal(p.stats().drop_udp_length, 2);
  p.none();
});

test("bound_datagramLongerThanRead_truncatedWholeLengthReturned", () => {
  const p = new Peer();
  const h = p.e.udp_bind(LOCAL);
  udpIn(p, bytes("0123456789"));
  udpIn(p, bytes("next"));
  const r = recvfrom(p, h, 4);
  assert.equal(r.n, 10, "the datagram's whole length");
  assert.equal(new TextDecoder().decode(r.data), "0123");
  assert.equal(new TextDecoder().decode(recvfrom(p, h).data), "next", "the rest of the first was discarded");
  p.none();
});

test("bound_queueFull_furtherDatagramsDroppedAndCounted", () => {
  const p = new Peer();
  const h = p.e.udp_bind(LOCAL);
  const big = new Uint8Array(1000);
  assert.equal(udpIn(p, big), 0);
  assert.equal(udpIn(p, big), 0);
  assert.equal(udpIn(p, big), statIndex(p, "drop_udp_queue_full"), "2048 bytes hold two 1000-byte datagrams and their records");
  assert.equal(recvfrom(p, h).n, 1000);
  assert.equal(udpIn(p, big), 0, "room again once one is read");
  p.none();
});

test("closedPort_datagram_portUnreachableQuotingHeaderAndEightBytes", () => {
  const p = new Peer();
  const f = buildUdp({ mac: PEER_MAC, ip: PEER_IP, port: REMOTE }, { mac: STACK_MAC, ip: STACK_IP, port: 7 }, bytes("nobody listens here"));
  assert.equal(p.raw(f), statIndex(p, "drop_udp_no_port"));
  const d = p.next()!;
  assert.equal(d.type, "icmp");
  assert.deepEqual([d.icmpType, d.icmpCode, d.src, d.dst], [3, 3, STACK_IP, PEER_IP]);
  const icmp = d.frame.subarray(34, 34 + 8 + 28);
  assert.equal(csum(d.frame, 34, 36), 0, "ICMP checksum verifies");
  assert.deepEqual([...icmp.subarray(4, 8)], [0, 0, 0, 0], "unused");
  assert.deepEqual([...icmp.subarray(8)], [...f.subarray(14, 14 + 28)], "the IP header and the first 8 bytes (RFC 792)");
  assert.equal(new DataView(d.frame.buffer, d.frame.byteOffset).getUint16(16), 20 + 8 + 28);
  assert.deepEqual([p.stats().icmp_unreach_out, p.stats().icmp_out], [1, 1]);
  p.none();
});

test("closedPort_flood_tenUnreachablesPerSecondRestCounted", () => {
  const p = new Peer();
  for (let i = 0; i < 25; i++) udpIn(p, bytes("x"), { dport: 9 });
  for (let i = 0; i < 10; i++) assert.equal(p.next()!.icmpType, 3);
  p.none();
  assert.equal(p.stats().icmp_rate_limited, 15);
  assert.equal(p.stats().drop_udp_no_port, 25);
  p.at(1000);
  udpIn(p, bytes("x"), { dport: 9 });
  assert.equal(p.next()!.icmpType, 3, "a new second, a new allowance");
  p.none();
});

test("closedPort_broadcastOrZeroChecksumToOtherHost_noIcmp", () => {
  const p = new Peer();
  assert.equal(udpIn(p, bytes("x"), { dport: 9, dst: ip4("255.255.255.255"), dstMac: [255, 255, 255, 255, 255, 255] }), statIndex(p, "drop_udp_not_for_us"));
  assert.equal(udpIn(p, bytes("x"), { dport: 9, dst: ip4("10.0.0.255"), dstMac: [255, 255, 255, 255, 255, 255] }), statIndex(p, "drop_udp_not_for_us"));
  assert.equal(udpIn(p, bytes("x"), { dport: 9, dst: ip4("224.0.0.251"), dstMac: [1, 0, 0x5e, 0, 0, 0xfb] }), statIndex(p, "drop_udp_not_for_us"));
  assert.equal(udpIn(p, bytes("x"), { dport: 9, dst: ip4("10.0.0.77") }), statIndex(p, "drop_ip_not_for_us"));
  assert.equal(udpIn(p, bytes("x"), { dport: 0 }), statIndex(p, "drop_udp_port_zero"));
  p.none();
});

test("any_bindErrors_namedErrs", () => {
  const p = new Peer();
  const a = p.e.udp_bind(LOCAL);
  assert.equal(p.e.udp_bind(LOCAL), Err.ADDRINUSE);
  const b = p.e.udp_bind(0);
  assert.ok(b >= 0);
  const port = p.e.udp_local_port(b);
  assert.ok(port >= 49152 && port <= 65535, `ephemeral ${port}`);
  assert.equal(p.e.udp_bind(LOCAL + 1), Err.NOBUFS, "the default build has two endpoints");
  assert.equal(p.e.udp_bind(70000), Err.INVAL);
  assert.equal(p.e.udp_close(a), Err.OK);
  assert.equal(p.e.udp_close(a), Err.BADF);
  const c = p.e.udp_bind(LOCAL);
  assert.notEqual(c, a, "a reused slot gets a new handle");
  assert.equal(p.e.udp_events(a), Err.BADF);
  assert.equal(sendto(p, a, bytes("x")), Err.BADF);
  assert.equal(sendto(p, c, new Uint8Array(1473)), Err.MSGSIZE);
  assert.equal(sendto(p, c, bytes("x"), PEER_IP, 0), Err.INVAL);
  assert.equal(p.e.udp_in_use(), 2);
  p.none();
});

test("unconfigured_init_noGratuitousArpAndUnicastRefused", () => {
  const p = new Peer();
  p.e.init(0x0200, 1, 0, 0, 0, 0, 1, 0);
  assert.equal(p.core.sent.length, 0, "no address, nothing to announce");
  const h = p.e.udp_bind(LOCAL);
  assert.equal(sendto(p, h, bytes("x")), Err.ADDRNOTAVAIL);
  assert.equal(sendto(p, h, bytes("x"), ip4("255.255.255.255"), 67), 1);
  const d = p.next()!;
  assert.deepEqual([d.src, d.dst], [0, 0xffffffff], "from 0.0.0.0 (RFC 2131 4.1)");
  p.none();
});

test("sent_portUnreachableQuotingLastDatagram_errorEventThenCleared", () => {
  const p = new Peer();
  const h = p.e.udp_bind(LOCAL);
  sendto(p, h, bytes("are you there"));
  const sent = p.next()!.frame;
  const icmp = buildIcmpUnreachable({ mac: PEER_MAC, ip: PEER_IP }, { mac: STACK_MAC, ip: STACK_IP }, 3, sent.slice(14, 14 + 28));
  assert.equal(p.raw(icmp), 0);
  assert.equal(p.e.udp_events(h), Ev.WRITABLE | Ev.ERROR);
  assert.equal(p.e.udp_error(h), Err.CONNREFUSED);
  assert.equal(p.e.udp_error(h), 0);
  assert.deepEqual(p.core.traces.filter((t) => t[0] === Trace.ICMP_ERROR), [[Trace.ICMP_ERROR, h, 1, 3]]);
  assert.deepEqual([p.stats().icmp_unreach_in, p.stats().icmp_soft_errors], [1, 1]);
  p.none();
});

test("sent_unreachableQuotingOtherDestinationOrNotOurs_droppedAndCounted", () => {
  const p = new Peer();
  const h = p.e.udp_bind(LOCAL);
  sendto(p, h, bytes("x"));
  const sent = p.next()!.frame.slice(14, 14 + 28);
  const forged = sent.slice();
  new DataView(forged.buffer).setUint16(22, REMOTE + 1); // another destination port
  assert.equal(p.raw(buildIcmpUnreachable({ mac: PEER_MAC, ip: PEER_IP }, { mac: STACK_MAC, ip: STACK_IP }, 3, forged)), statIndex(p, "drop_icmp_quote"));
  const notOurs = sent.slice();
  new DataView(notOurs.buffer).setUint32(12, ip4("10.0.0.9"));
  assert.equal(p.raw(buildIcmpUnreachable({ mac: PEER_MAC, ip: PEER_IP }, { mac: STACK_MAC, ip: STACK_IP }, 3, notOurs)), statIndex(p, "drop_icmp_quote"));
  const otherPort = sent.slice();
  new DataView(otherPort.buffer).setUint16(20, 4444);
  assert.equal(p.raw(buildIcmpUnreachable({ mac: PEER_MAC, ip: PEER_IP }, { mac: STACK_MAC, ip: STACK_IP }, 3, otherPort)), statIndex(p, "drop_icmp_no_socket"));
  assert.equal(p.raw(buildIcmpUnreachable({ mac: PEER_MAC, ip: PEER_IP }, { mac: STACK_MAC, ip: STACK_IP }, 3, sent.slice(0, 24))), statIndex(p, "drop_icmp_short"));
  assert.equal(p.e.udp_error(h), 0);
  p.none();
});

/** The stack's segment as an ICMP error would quote it: IP header and TCP ports and sequence number. */
function quoteTcp(p: Peer, seq: number): Uint8Array {
  const q = new Uint8Array(28);
  const v = new DataView(q.buffer);
  q[0] = 0x45; v.setUint16(2, 40); q[8] = 64; q[9] = 6; v.setUint32(12, STACK_IP); v.setUint32(16, PEER_IP);
  v.setUint16(20, p.dport); v.setUint16(22, p.sport); v.setUint32(24, seq >>> 0);
  return q;
}
const icmpTo = (q: Uint8Array, code: number) => buildIcmpUnreachable({ mac: PEER_MAC, ip: PEER_IP }, { mac: STACK_MAC, ip: STACK_IP }, code, q);

test("synSent_portUnreachableQuotingOurSyn_connectFailsConnRefused", () => {
  const p = new Peer();
  const h = p.connect();
  p.out("S", 0, 0, { mss: 1460 });
  assert.equal(p.raw(icmpTo(quoteTcp(p, p.stackIsn!), 3)), 0);
  assert.equal(p.state(h), State.CLOSED);
  assert.equal(p.getopt(h, Opt.SO_ERROR), Err.CONNREFUSED);
  assert.equal(p.stats().icmp_hard_errors, 1);
  p.none();
});

test("synSent_hostUnreachable_softConnectGoesOn", () => {
  const p = new Peer();
  const h = p.connect();
  p.out("S", 0, 0, { mss: 1460 });
  assert.equal(p.raw(icmpTo(quoteTcp(p, p.stackIsn!), 1)), 0);
  assert.equal(p.state(h), State.SYN_SENT, "codes 0, 1, 5 are soft (RFC 1122 4.2.3.9)");
  p.in("S.", 0, 1, { mss: 1460 });
  p.out(".", 1, 1);
  assert.equal(p.state(h), State.ESTABLISHED);
  p.none();
});

test("established_portUnreachableInWindow_softErrorConnectionSurvives", () => {
  const p = new Peer();
  const h = p.activeOpen();
  p.send(h, "data");
  p.out("P.", 1, 1, { data: "data" });
  assert.equal(p.raw(icmpTo(quoteTcp(p, p.stackIsn! + 1), 3)), 0);
  assert.equal(p.state(h), State.ESTABLISHED, "RFC 5927 7.2: hard errors are soft once synchronized");
  assert.equal(p.events(h) & Ev.ERROR, 0);
  assert.equal(p.stats().icmp_soft_errors, 1);
  p.in(".", 1, 5);
  p.none();
});

test("established_unreachableOutsideSndUnaSndNxt_droppedCounted", () => {
  const p = new Peer();
  const h = p.activeOpen();
  p.send(h, "data");
  p.out("P.", 1, 1, { data: "data" });
  for (const rel of [0, 5, 100_000, -1000]) {
    assert.equal(p.raw(icmpTo(quoteTcp(p, p.stackIsn! + rel), 3)), statIndex(p, "drop_icmp_seq"), `seq ${rel}`);
  }
  assert.equal(p.state(h), State.ESTABLISHED);
  assert.equal(p.stats().icmp_soft_errors, 0);
  p.none();
});

test("established_softErrorThenTimeout_reportsHostUnreach", () => {
  const p = new Peer();
  const h = p.activeOpen();
  p.send(h, "data");
  p.out("P.", 1, 1, { data: "data" });
  p.raw(icmpTo(quoteTcp(p, p.stackIsn! + 1), 1));
  p.advance(20 * 60_000);
  assert.equal(p.state(h), State.CLOSED);
  assert.equal(p.getopt(h, Opt.SO_ERROR), Err.HOSTUNREACH, "the soft error says why, not ETIMEDOUT");
});

test("any_unreachableForNoConnection_droppedCounted", () => {
  const p = new Peer();
  assert.equal(p.raw(icmpTo(quoteTcp(p, 1234), 3)), statIndex(p, "drop_icmp_no_socket"));
  p.none();
});

test("any_setHostname_validLabelOnly", () => {
  const p = new Peer();
  const set = (s: string) => { const b = bytes(s); new Uint8Array(p.e.memory.buffer, p.e.io_buffer(), b.length).set(b); return p.e.set_hostname(b.length); };
  const get = () => new TextDecoder().decode(new Uint8Array(p.e.memory.buffer, p.e.hostname(), p.e.hostname_len()));
  assert.equal(set("board-7"), Err.OK);
  assert.equal(get(), "board-7");
  for (const bad of ["-x", "x-", "a.b", "a b", "x".repeat(64), "é"]) assert.equal(set(bad), Err.INVAL, bad);
  assert.equal(get(), "board-7", "a refused name leaves the old one");
  assert.equal(set("x".repeat(63)), Err.OK);
  assert.equal(set(""), Err.OK);
  assert.equal(p.e.hostname_len(), 0);
});

test("any_dnsSetServer_twoSlots", () => {
  const p = new Peer();
  assert.equal(p.e.dns_set_server(0, ip4("10.0.0.53")), Err.OK);
  assert.equal(p.e.dns_set_server(1, ip4("10.0.0.54")), Err.OK);
  assert.equal(p.e.dns_set_server(2, 1), Err.INVAL);
  assert.deepEqual([p.e.dns_server(0) >>> 0, p.e.dns_server(1) >>> 0, p.e.dns_server(2)], [ip4("10.0.0.53"), ip4("10.0.0.54"), 0]);
  assert.deepEqual([p.e.ip_address() >>> 0, p.e.ip_netmask() >>> 0, p.e.ip_gateway() >>> 0], [STACK_IP, ip4("255.255.255.0"), ip4("10.0.0.254")]);
});

function statIndex(p: Peer, name: string): number {
  const i = Object.keys(p.stats()).indexOf(name);
  assert.ok(i >= 0, name);
  return i;
}

// ---- the host API: Stack.udp() on two stacks in virtual time ----

test("hostApi_udpEcho_messageWithSourceThenReply", async () => {
  const sim = new Simulation({ seed: 1 });
  const a = sim.addStack({ name: "a", mac: "02:00:00:00:00:01", ip: "10.0.0.1", seed: 1 });
  const b = sim.addStack({ name: "b", mac: "02:00:00:00:00:02", ip: "10.0.0.2", seed: 2 });
  const server = b.udp(7);
  server.on("message", (data: Uint8Array, from: { address: string; port: number }) => server.send(data, from.port, from.address));
  const client = a.udp();
  const got: [string, string, number][] = [];
  client.on("message", (data: Uint8Array, from: { address: string; port: number }) => got.push([new TextDecoder().decode(data), from.address, from.port]));
  client.send("echo me", 7, "10.0.0.2");
  await sim.run({ until: () => got.length > 0, maxMs: 10_000 });
  assert.deepEqual(got, [["echo me", "10.0.0.2", 7]]);
  assert.ok(client.port >= 49152);
  const errors: string[] = [];
  client.on("error", (e: { code: string }) => errors.push(e.code));
  client.send("anyone?", 9, "10.0.0.2");
  await sim.run({ until: () => errors.length > 0, maxMs: 10_000 });
  assert.deepEqual(errors, ["ECONNREFUSED"], "the ICMP port unreachable from b");
  assert.throws(() => b.udp(7), { code: "EADDRINUSE" });
  client.close();
  server.close();
  a.close(); b.close();
});
