// Ethernet, ARP (RFC 826), IPv4 (RFC 791, RFC 1122 3.2) and ICMP echo, below TCP.
import test from "node:test";
import assert from "node:assert/strict";
import { loadCore, ip4, statsOf } from "./support/wasm.js";
import { arpFrame, tcpFrame, SYN } from "./support/frames.js";
import { segment } from "./support/peer.js";
import { Peer, PEER_MAC, STACK_MAC, PEER_IP, STACK_IP, State, Err, Opt } from "./support/peer.js";

function fresh() {
  const c = loadCore();
  c.e.init(0x0200, 1, STACK_IP, ip4("255.255.255.0"), ip4("10.0.0.254"), 0, 1, 0);
  return c;
}
function inject(c: ReturnType<typeof loadCore>, f: Uint8Array, now = 0): number {
  new Uint8Array(c.e.memory.buffer, c.e.rx_buffer(), f.length).set(f);
  return c.e.input(f.length, now);
}
function icmpEcho(id: number, seq: number, payload: number[], dst = STACK_IP, src = PEER_IP): Uint8Array {
  const f = new Uint8Array(14 + 20 + 8 + payload.length);
  const v = new DataView(f.buffer);
  f.set(STACK_MAC, 0); f.set(PEER_MAC, 6); v.setUint16(12, 0x0800);
  f[14] = 0x45; v.setUint16(16, 28 + payload.length); f[22] = 64; f[23] = 1; v.setUint32(26, src); v.setUint32(30, dst);
  const sum = (o: number, n: number) => { let s = 0; for (let i = 0; i < n; i += 2) s += (f[o + i] << 8) | (f[o + i + 1] ?? 0); while (s > 0xffff) s = (s & 0xffff) + (s >>> 16); return ~s & 0xffff; };
  v.setUint16(24, sum(14, 20));
  f[34] = 8; v.setUint16(38, id); v.setUint16(40, seq); f.set(payload, 42);
  v.setUint16(36, sum(34, 8 + payload.length));
  return f;
}

test("init_gratuitousArp_announcesOwnAddress", () => {
  const c = fresh();
  assert.equal(c.sent.length, 1);
  const d = segment(c.sent[0], 0);
  assert.equal(d.type, "arp");
  assert.equal(d.arpOp, 1);
  assert.equal(d.arpSender, STACK_IP);
  assert.equal(d.arpTarget, STACK_IP);
});

test("arp_requestForUs_repliedAndSenderLearned", () => {
  const c = fresh();
  c.sent.length = 0;
  assert.equal(inject(c, arpFrame(1, PEER_MAC, PEER_IP, STACK_MAC, STACK_IP)), 0);
  assert.equal(c.sent.length, 1);
  const d = segment(c.sent[0], 0);
  assert.equal(d.arpOp, 2);
  assert.equal(d.arpTarget, PEER_IP);
  assert.deepEqual([...c.sent[0].subarray(0, 6)], PEER_MAC, "unicast to the asker");
  // Learned: a TCP reply to the peer goes out without another ARP request.
  c.sent.length = 0;
  inject(c, tcpFrame({ srcMac: PEER_MAC, dstMac: STACK_MAC, src: PEER_IP, dst: STACK_IP, sport: 1, dport: 2, seq: 0, ack: 0, flags: SYN, win: 1000 }));
  assert.equal(segment(c.sent[0], 0).type, "tcp");
});

test("arp_requestForOtherHost_ignoredAndCounted", () => {
  const c = fresh();
  c.sent.length = 0;
  inject(c, arpFrame(1, PEER_MAC, PEER_IP, STACK_MAC, ip4("10.0.0.9")));
  assert.equal(c.sent.length, 0);
  assert.equal(statsOf(c.e).drop_arp_not_for_us, 1);
});

test("arp_unresolvedNeighbour_onePendingFrameSentOnReply", () => {
  const c = fresh();
  c.sent.length = 0;
  const h = c.e.tcp_connect(PEER_IP, 80, 0, 0);
  assert.ok(h >= 0);
  assert.equal(c.sent.length, 1);
  assert.equal(segment(c.sent[0], 0).arpOp, 1, "the SYN waits for ARP");
  c.sent.length = 0;
  inject(c, arpFrame(2, PEER_MAC, PEER_IP, STACK_MAC, STACK_IP));
  assert.equal(c.sent.length, 1);
  const syn = segment(c.sent[0], 0);
  assert.equal(syn.type, "tcp");
  assert.equal(syn.flags, SYN);
});

test("arp_noAnswer_threeRequestsThenConnectFailsWithHostUnreach", () => {
  const c = fresh();
  c.sent.length = 0;
  const h = c.e.tcp_connect(PEER_IP, 80, 0, 0);
  for (let t = 0; t < 3000; t += 500) c.e.poll(t);
  assert.equal(c.sent.filter((f) => segment(f, 0).type === "arp").length, 3, "at 0, 1 and 2 s");
  assert.equal(statsOf(c.e).drop_arp_unresolved, 0);
  assert.equal(c.e.tcp_state(h), State.SYN_SENT);
  c.e.poll(3000);
  assert.equal(statsOf(c.e).drop_arp_unresolved, 1, "the third request went unanswered");
  // As Linux: the connect ends with EHOSTUNREACH, and no SYN goes on asking for the neighbour.
  assert.equal(c.e.tcp_state(h), State.CLOSED);
  assert.equal(c.e.tcp_getopt(h, Opt.SO_ERROR), Err.HOSTUNREACH);
  assert.deepEqual(c.sent.map((f) => segment(f, 0).type), ["arp", "arp", "arp"]);
  assert.equal(c.e.poll(60_000), -1);
  assert.equal(c.sent.length, 3);
});

test("arp_unansweredThenConnectAgain_newResolutionStarts", () => {
  const c = fresh();
  c.sent.length = 0;
  c.e.tcp_close(c.e.tcp_connect(PEER_IP, 80, 0, 0), 0);
  const h = c.e.tcp_connect(PEER_IP, 80, 0, 0);
  for (let t = 0; t <= 3000; t += 500) c.e.poll(t);
  assert.equal(c.e.tcp_getopt(h, Opt.SO_ERROR), Err.HOSTUNREACH);
  const again = c.e.tcp_connect(PEER_IP, 80, 0, 3000);
  assert.equal(c.e.tcp_state(again), State.SYN_SENT);
  assert.equal(c.sent.filter((f) => segment(f, 0).type === "arp").length, 4, "a fresh request for the new attempt");
  inject(c, arpFrame(2, PEER_MAC, PEER_IP, STACK_MAC, STACK_IP), 3100);
  assert.equal(segment(c.sent[c.sent.length - 1], 0).type, "tcp", "the parked SYN leaves once the neighbour answers");
});

test("ip_offLinkDestination_arpForGateway", () => {
  const c = fresh();
  c.sent.length = 0;
  c.e.tcp_connect(ip4("192.0.2.7"), 80, 0, 0);
  const d = segment(c.sent[0], 0);
  assert.equal(d.arpTarget, ip4("10.0.0.254"));
});

test("ip_fragment_droppedAndCounted", () => {
  const c = fresh();
  const f = icmpEcho(1, 1, [1, 2, 3, 4]);
  f[20] = 0x20; // MF
  const v = new DataView(f.buffer);
  v.setUint16(24, 0);
  let s = 0; for (let i = 0; i < 20; i += 2) s += v.getUint16(14 + i); while (s > 0xffff) s = (s & 0xffff) + (s >>> 16);
  v.setUint16(24, ~s & 0xffff);
  c.sent.length = 0;
  assert.ok(inject(c, f) > 0);
  assert.equal(statsOf(c.e).drop_ip_fragment, 1);
  assert.equal(c.sent.length, 0);
});

test("ip_badHeaderChecksum_droppedAndCounted", () => {
  const c = fresh();
  const f = icmpEcho(1, 1, [1]);
  f[24] ^= 0xff;
  assert.ok(inject(c, f) > 0);
  assert.equal(statsOf(c.e).drop_ip_checksum, 1);
});

test("ip_notOurAddress_dropped", () => {
  const c = fresh();
  assert.ok(inject(c, icmpEcho(1, 1, [1], ip4("10.0.0.77"))) > 0);
  assert.equal(statsOf(c.e).drop_ip_not_for_us, 1);
});

test("icmp_echoRequest_replyCarriesIdSeqAndData", () => {
  const c = fresh();
  inject(c, arpFrame(1, PEER_MAC, PEER_IP, STACK_MAC, STACK_IP));
  c.sent.length = 0;
  const payload = Array.from({ length: 56 }, (_, i) => i);
  assert.equal(inject(c, icmpEcho(0x1234, 7, payload)), 0);
  assert.equal(c.sent.length, 1);
  const d = segment(c.sent[0], 0);
  assert.equal(d.type, "icmp");
  assert.equal(d.icmpType, 0);
  assert.equal(d.dst, PEER_IP);
  assert.equal(d.ttl, 64);
  assert.equal(d.icmpId, 0x1234);
  assert.equal(d.icmpSeq, 7);
  assert.deepEqual([...d.data!], payload);
});

test("icmp_badChecksum_droppedNoReply", () => {
  const c = fresh();
  const f = icmpEcho(1, 1, [9, 9]);
  f[36] ^= 1;
  c.sent.length = 0;
  assert.ok(inject(c, f) > 0);
  assert.equal(c.sent.length, 0);
  assert.equal(statsOf(c.e).drop_icmp_checksum, 1);
});

test("eth_frameForOtherMac_dropped", () => {
  const c = fresh();
  const f = icmpEcho(1, 1, [1]);
  f[5] = 0x99;
  assert.ok(inject(c, f) > 0);
  assert.equal(statsOf(c.e).drop_eth_not_for_us, 1);
});

test("eth_shortAndOversizedFrames_dropped", () => {
  const c = fresh();
  assert.ok(c.e.input(10, 0) > 0);
  assert.ok(c.e.input(1515, 0) > 0);
  assert.ok(c.e.input(0xffffffff, 0) > 0);
  const s = statsOf(c.e);
  assert.equal(s.drop_eth_short, 1);
  assert.equal(s.drop_eth_long, 2);
});

test("tcp_badChecksum_droppedNoRst", () => {
  const p = new Peer();
  const f = tcpFrame({ srcMac: PEER_MAC, dstMac: STACK_MAC, src: PEER_IP, dst: STACK_IP, sport: 1, dport: 2, seq: 0, ack: 0, flags: SYN, win: 1000 });
  f[f.length - 1] ^= 0xff; f[50] ^= 0x40;
  assert.ok(p.raw(f) > 0);
  p.none();
  assert.equal(p.stats().drop_tcp_checksum, 1);
});
