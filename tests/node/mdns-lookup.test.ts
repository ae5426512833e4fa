// .local names through one-shot mDNS queries (RFC 6762 5.1) in virtual time: the exact query to the group
// (QU on the first try, QM on the retries a second apart), never a unicast DNS server (3), the answers
// taken (legacy with the question, or without one) and cached for their TTL, replies from elsewhere than
// port 5353 on the link dropped and counted; and a second stack's responder answering the first's lookup.
import test from "node:test";
import assert from "node:assert/strict";
import { statsOf } from "./support/wasm.js";
import { DnsHarness, NS1, STACK_IP, STACK_MAC, PEER, PEER_MAC, MDNS_IP, MDNS_MAC, message, aRecord, wireName, ip4 } from "./support/dns.js";
import { Err } from "../../host/abi.js";

const NAME = "peer.local";

/** The one-shot query for `name` with `id` (no RD; QU on the first try). */
const oneShot = (id: number, qu: boolean, name = NAME) => message({ id, flags: 0, questions: [{ name: wireName(name), type: 1, cls: qu ? 0x8001 : 1 }] });
/** A responder's legacy answer (RFC 6762 6.7): ID and question echoed, the record's name a pointer to it. */
const legacy = (id: number, ttl: number, ip = PEER, name = NAME) =>
  message({ id, flags: 0x8400, questions: [{ name: wireName(name), type: 1 }], answers: [aRecord([0xc0, 12], ttl, ip)] });

/** Starts a lookup of `name` and checks the one frame it sent: the query to 224.0.0.251:5353. */
function asked(h: DnsHarness, name = NAME) {
  const q = h.resolve(name);
  assert.ok(q >= 0, `dns_resolve gave ${q}`);
  const sent = h.take();
  assert.equal(sent.length, 1, "one frame: the query");
  const f = sent[0];
  assert.deepEqual([...f.bytes.subarray(0, 6)], MDNS_MAC);
  assert.deepEqual([f.proto, f.src, f.dst, f.dport, f.ttl], [17, STACK_IP, MDNS_IP, 5353, 255], "RFC 6762 11: IP TTL 255");
  assert.ok(f.sport! >= 49152 && f.sport! !== 5353, `RFC 6762 5.1: an ephemeral source port (${f.sport}), never 5353`);
  const id = (f.payload![0] << 8) | f.payload![1];
  assert.deepEqual([...f.payload!], [...oneShot(id, true, name.replace(/\.$/, ""))]);
  return { q, id, port: f.sport!, frame: f.bytes };
}

test("idle_resolveLocalWithoutServer_oneShotQueryToGroup", () => {
  const h = new DnsHarness([]);
  const { q } = asked(h);
  assert.equal(h.e.dns_status(q), Err.WOULDBLOCK);
  assert.equal(statsOf(h.e).mdns_queries, 1);
  assert.equal(statsOf(h.e).dns_queries, 0);
});

test("idle_resolveLocalWithServers_neverSentToServer", () => {
  const h = new DnsHarness();
  asked(h, "Peer.LOCAL.");
  for (const t of [1000, 2000, 3000, 20_000]) {
    h.at(t);
    for (const f of h.take()) assert.equal(f.dst, MDNS_IP, `RFC 6762 3: nothing to a DNS server (at ${t})`);
  }
});

test("idle_resolveLocalWithoutAddress_ADDRNOTAVAIL", () => {
  const h = new DnsHarness([], 7, 0);
  assert.equal(h.resolve(NAME), Err.ADDRNOTAVAIL);
  assert.equal(h.take().length, 0);
});

test("pending_noAnswer_twoQmRetriesASecondApartThenNOTFOUND", () => {
  const h = new DnsHarness([]);
  const { q, id, port } = asked(h);
  for (const t of [1000, 2000]) {
    h.at(t - 1);
    assert.equal(h.take().length, 0, `nothing before ${t}`);
    h.at(t);
    const sent = h.take();
    assert.equal(sent.length, 1, `a retry at ${t}`);
    assert.deepEqual([sent[0].dst, sent[0].sport], [MDNS_IP, port]);
    assert.deepEqual([...sent[0].payload!], [...oneShot(id, false)], "the same ID, QM");
  }
  h.at(2999);
  assert.equal(h.e.dns_status(q), Err.WOULDBLOCK);
  h.at(3000);
  assert.equal(h.e.dns_status(q), Err.NOTFOUND, "no responder claimed the name");
  assert.equal(h.take().length, 0);
  const s = statsOf(h.e);
  assert.deepEqual([s.mdns_queries, s.dns_timeouts], [3, 1]);
});

test("pending_legacyAnswerFromLink_doneAndCachedForItsTtl", () => {
  const h = new DnsHarness([]);
  const a = asked(h);
  h.now = 30;
  assert.equal(h.udpIn(PEER, 5353, a.port, legacy(a.id, 10)), 0);
  assert.equal(h.e.dns_status(a.q), 0);
  assert.equal(h.e.dns_address(a.q) >>> 0, PEER);
  assert.equal(statsOf(h.e).dns_answers, 1);
  h.e.dns_release(a.q);
  h.at(10_029);
  const q = h.resolve("PEER.local");
  assert.equal(h.e.dns_address(q) >>> 0, PEER, "from the cache");
  assert.equal(h.take().length, 0);
  h.e.dns_release(q);
  h.at(10_030);
  asked(h);
});

test("pending_answerWithoutQuestionWithCacheFlushBit_done", () => {
  const h = new DnsHarness([]);
  const a = asked(h);
  h.udpIn(ip4("10.0.0.9"), 5353, a.port, message({ id: a.id, flags: 0x8400, answers: [aRecord(NAME, 120, ip4("10.0.0.9"), 0x8001)] }));
  assert.equal(h.e.dns_address(a.q) >>> 0, ip4("10.0.0.9"));
});

test("pending_answerFromOtherPortOrOffLink_droppedSource", () => {
  const h = new DnsHarness([]);
  const a = asked(h);
  h.udpIn(PEER, 53, a.port, legacy(a.id, 10)); // RFC 6762 6: responses come from 5353
  h.udpIn(ip4("192.0.2.7"), 5353, a.port, legacy(a.id, 10)); // RFC 6762 11: from the link only
  assert.equal(statsOf(h.e).drop_dns_source, 2);
  assert.equal(h.e.dns_status(a.q), Err.WOULDBLOCK);
  assert.equal(h.take().length, 0, "no ICMP: the port is the lookup's");
});

test("pending_answerWithOtherIdRcodeOrName_droppedAndWaiting", () => {
  const h = new DnsHarness([]);
  const a = asked(h);
  h.udpIn(PEER, 5353, a.port, legacy((a.id + 1) & 0xffff, 10));
  h.udpIn(PEER, 5353, a.port, message({ id: a.id, flags: 0x8403, questions: [{ name: wireName(NAME), type: 1 }] })); // RFC 6762 18.11
  h.udpIn(PEER, 5353, a.port, oneShot(a.id, false)); // a query, not a response
  assert.equal(statsOf(h.e).drop_dns_id, 3);
  h.udpIn(PEER, 5353, a.port, legacy(a.id, 10, PEER, "other.local"));
  h.udpIn(PEER, 5353, a.port, message({ id: a.id, flags: 0x8400, answers: [aRecord("other.local", 120, PEER)] }));
  assert.equal(statsOf(h.e).drop_dns_question, 2);
  h.udpIn(PEER, 5353, a.port, legacy(a.id, 10).subarray(0, 40));
  assert.equal(statsOf(h.e).drop_dns_malformed, 1);
  assert.equal(h.e.dns_status(a.q), Err.WOULDBLOCK, "still waiting for the name's owner");
  h.udpIn(PEER, 5353, a.port, legacy(a.id, 10));
  assert.equal(h.e.dns_status(a.q), 0);
});

/** A second core holding `host`.local, probed and announced by `t` = 2000 (its frames taken). */
function responder(host: string): DnsHarness {
  const b = new DnsHarness([], 11, PEER, PEER_MAC);
  b.arpAnswer = STACK_MAC;
  const name = new TextEncoder().encode(host);
  new Uint8Array(b.e.memory.buffer, b.e.io_buffer(), name.length).set(name);
  assert.equal(b.e.set_hostname(name.length), 0);
  assert.equal(b.e.mdns_start(0), 0);
  for (let t = 0; t <= 2000; t += 50) b.at(t);
  assert.equal(b.mdnsName(), `${host}.local`);
  b.take();
  return b;
}

test("twoStacks_lookupOfOthersName_answeredByItsResponder", () => {
  const b = responder("peer");
  const a = new DnsHarness([]);
  a.at(5000);
  b.at(5000);
  const { q, id, port, frame } = asked(a);
  assert.equal(b.inject(frame), 0);
  const sent = b.take();
  assert.equal(sent.length, 1, "one answer");
  // RFC 6762 6.7: to the querier's address and port, ID and question echoed, TTL 10, no cache-flush bit.
  assert.deepEqual([sent[0].src, sent[0].sport, sent[0].dst, sent[0].dport], [PEER, 5353, STACK_IP, port]);
  assert.deepEqual([...sent[0].payload!], [...message({ id, flags: 0x8400, questions: [{ name: wireName(NAME), type: 1 }], answers: [aRecord([0xc0, 12], 10, PEER)] })]);
  assert.equal(a.inject(sent[0].bytes), 0);
  assert.equal(a.e.dns_status(q), 0);
  assert.equal(a.e.dns_address(q) >>> 0, PEER);
  assert.equal(a.take().length, 0);
});

test("running_lookupOfOwnName_doneAtOnceWithoutQuery", () => {
  const b = responder("peer");
  const q = b.resolve("PEER.local");
  assert.equal(b.e.dns_status(q), 0);
  assert.equal(b.e.dns_address(q) >>> 0, PEER);
  assert.equal(b.take().length, 0);
});
