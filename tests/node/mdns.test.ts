// The mDNS responder (RFC 6762) in virtual time: probing three times 250 ms apart, announcing twice a
// second apart, answering A queries (multicast, QU, legacy unicast), known-answer suppression, the
// one-second multicast limit, conflicts and renaming, all as exact messages.
import test from "node:test";
import assert from "node:assert/strict";
import { statsOf } from "./support/wasm.js";
import { DnsHarness, STACK_IP, PEER, MDNS_IP, MDNS_MAC, message, aRecord, wireName, ip4 } from "./support/dns.js";
import { Err } from "../../host/abi.js";

const HOST = "board";
const FQDN = wireName("board.local");

const probe = (name = FQDN, ip = STACK_IP) => message({
  id: 0, flags: 0, questions: [{ name, type: 255, cls: 0x8001 }], authority: [aRecord([0xc0, 12], 120, ip)],
});
const announce = (name = FQDN, ttl = 120) => message({ id: 0, flags: 0x8400, answers: [aRecord(name, ttl, STACK_IP, 0x8001)] });
const ask = (o: { qu?: boolean; type?: number; known?: number; name?: number[]; id?: number } = {}) => message({
  id: o.id ?? 0, flags: 0, questions: [{ name: o.name ?? FQDN, type: o.type ?? 1, cls: o.qu ? 0x8001 : 1 }],
  answers: o.known !== undefined ? [aRecord(o.name ?? FQDN, o.known, STACK_IP)] : [],
});

/** Asserts the frames sent are exactly `payloads`, each from 5353 to `dst`:`port` (multicast: 01:00:5e:00:00:fb, TTL 255). */
function expectSent(h: DnsHarness, payloads: Uint8Array[], dst = MDNS_IP, port = 5353): void {
  const sent = h.take();
  assert.equal(sent.length, payloads.length, `frames sent at ${h.now}: ${sent.length}`);
  sent.forEach((f, i) => {
    assert.equal(f.proto, 17);
    assert.equal(f.src, STACK_IP);
    assert.equal(f.dst, dst);
    assert.equal(f.sport, 5353);
    assert.equal(f.dport, port);
    if (dst === MDNS_IP) {
      assert.deepEqual([...f.bytes.subarray(0, 6)], MDNS_MAC);
      assert.equal(f.ttl, 255, "RFC 6762 11: IP TTL 255");
    }
    assert.deepEqual([...f.payload!], [...payloads[i]]);
  });
}

/** A responder started at 0: the time its first probe went out. */
function started(seed = 7): { h: DnsHarness; first: number } {
  const h = new DnsHarness([], seed);
  assert.equal(h.setHostname(HOST), 0);
  assert.equal(h.e.mdns_start(0), 0);
  const first = h.e.poll(0);
  assert.ok(first >= 0 && first <= 250, `RFC 6762 8.1: the first probe after a random 0-250 ms (${first})`);
  return { h, first };
}

/** Runs a responder through probing and announcing. */
function running(seed = 7): DnsHarness {
  const { h, first } = started(seed);
  for (const t of [first, first + 250, first + 500, first + 750, first + 1750]) h.at(t);
  h.take();
  return h;
}

test("off_startWithoutHostname_INVAL", () => {
  const h = new DnsHarness([]);
  assert.equal(h.e.mdns_start(0), Err.INVAL);
  assert.equal(h.e.poll(0), -1);
  assert.equal(h.mdnsName(), "");
});

test("start_probesThrice250msApartThenAnnouncesTwiceOneSecondApart", () => {
  const { h, first } = started();
  assert.equal(h.mdnsName(), "board.local");
  h.at(first - 1 < 0 ? 0 : first - 1);
  if (first > 0) expectSent(h, []);
  for (const t of [first, first + 250, first + 500]) {
    h.at(t);
    expectSent(h, [probe()]);
    h.at(t + 249);
    expectSent(h, []);
  }
  h.at(first + 750);
  expectSent(h, [announce()]);
  h.at(first + 1749);
  expectSent(h, []);
  h.at(first + 1750);
  expectSent(h, [announce()]);
  assert.equal(h.e.poll(first + 100_000), -1, "nothing more to do");
  expectSent(h, []);
  const s = statsOf(h.e);
  assert.deepEqual([s.mdns_probes, s.mdns_announcements], [3, 2]);
});

test("running_multicastQuery_answeredByMulticast", () => {
  const h = running();
  h.at(10_000);
  h.udpIn(PEER, 5353, 5353, ask(), MDNS_IP);
  expectSent(h, [announce()]);
  assert.equal(statsOf(h.e).mdns_answers, 1);
});

test("running_anyTypeAndUpperCaseName_answered", () => {
  const h = running();
  h.at(10_000);
  h.udpIn(PEER, 5353, 5353, ask({ type: 255, name: wireName("BOARD.Local") }), MDNS_IP);
  expectSent(h, [announce()]);
});

test("running_queryForOtherNameOrType_ignored", () => {
  const h = running();
  h.at(10_000);
  h.udpIn(PEER, 5353, 5353, ask({ name: wireName("other.local") }), MDNS_IP);
  h.udpIn(PEER, 5353, 5353, ask({ type: 28 }), MDNS_IP);
  expectSent(h, []);
});

test("running_secondQueryWithinOneSecond_rateLimited", () => {
  const h = running();
  h.at(10_000);
  h.udpIn(PEER, 5353, 5353, ask(), MDNS_IP);
  expectSent(h, [announce()]);
  h.now = 10_999;
  h.udpIn(PEER, 5353, 5353, ask(), MDNS_IP);
  expectSent(h, []);
  assert.equal(statsOf(h.e).mdns_rate_limited, 1);
  h.now = 11_000;
  h.udpIn(PEER, 5353, 5353, ask(), MDNS_IP);
  expectSent(h, [announce()]);
});

test("running_quQuerySoonAfterMulticast_answeredByUnicast", () => {
  const h = running();
  h.at(10_000);
  h.udpIn(PEER, 5353, 5353, ask({ qu: true }), MDNS_IP);
  expectSent(h, [announce()], PEER, 5353);
});

test("running_quQueryLongAfterMulticast_answeredByMulticast", () => {
  const h = running();
  h.at(60_000); // RFC 6762 5.4: not multicast in the last quarter of the TTL (30 s)
  h.udpIn(PEER, 5353, 5353, ask({ qu: true }), MDNS_IP);
  expectSent(h, [announce()]);
});

test("running_legacyQuery_unicastWithIdQuestionAndShortTtl", () => {
  const h = running();
  h.at(10_000);
  h.udpIn(PEER, 40000, 5353, ask({ id: 0x4242 }), MDNS_IP);
  // RFC 6762 6.7: the ID and question echoed, TTL 10, no cache-flush bit, to the querier's port.
  expectSent(h, [message({ id: 0x4242, flags: 0x8400, questions: [{ name: FQDN, type: 1 }], answers: [aRecord([0xc0, 12], 10, STACK_IP)] })], PEER, 40000);
});

test("running_knownAnswerWithHalfTtl_suppressed", () => {
  const h = running();
  h.at(10_000);
  h.udpIn(PEER, 5353, 5353, ask({ known: 60 }), MDNS_IP);
  expectSent(h, []);
  assert.equal(statsOf(h.e).mdns_known_answers, 1);
  h.udpIn(PEER, 5353, 5353, ask({ known: 59 }), MDNS_IP);
  expectSent(h, [announce()]);
});

test("probing_queryForOurName_notAnsweredYet", () => {
  const { h, first } = started();
  h.at(first);
  h.take();
  h.udpIn(PEER, 5353, 5353, ask(), MDNS_IP);
  expectSent(h, []);
});

test("probing_responseClaimingName_renamedToName2AndProbedAgain", () => {
  const { h, first } = started();
  h.at(first);
  expectSent(h, [probe()]);
  h.now = first + 100;
  h.udpIn(PEER, 5353, 5353, message({ id: 0, flags: 0x8400, answers: [aRecord("board.local", 120, PEER, 0x8001)] }), MDNS_IP);
  assert.equal(statsOf(h.e).mdns_conflicts, 1);
  assert.equal(h.mdnsName(), "board-2.local");
  const d = h.e.poll(h.now);
  assert.ok(d >= 0 && d <= 250);
  const again = h.now + d;
  const name2 = wireName("board-2.local");
  for (const t of [again, again + 250, again + 500]) { h.at(t); expectSent(h, [probe(name2)]); }
  h.at(again + 750);
  expectSent(h, [announce(name2)]);
});

test("probing_simultaneousProbeWithGreaterData_defersOneSecond", () => {
  const { h, first } = started();
  h.at(first);
  h.take();
  h.now = first + 10;
  h.udpIn(ip4("10.0.0.200"), 5353, 5353, probe(FQDN, ip4("10.0.0.200")), MDNS_IP);
  h.at(first + 250);
  expectSent(h, [], MDNS_IP);
  // RFC 6762 8.2.1: the loser waits a second, then probes again from the first.
  h.at(first + 1009);
  expectSent(h, []);
  h.at(first + 1010);
  expectSent(h, [probe()]);
  assert.equal(h.mdnsName(), "board.local");
});

test("probing_simultaneousProbeWithLesserData_keepsProbing", () => {
  const { h, first } = started();
  h.at(first);
  h.take();
  h.udpIn(PEER, 5353, 5353, probe(FQDN, ip4("9.9.9.9")), MDNS_IP); // 9.9.9.9 sorts before 10.0.0.1: we win
  h.at(first + 250);
  expectSent(h, [probe()]);
});

test("running_responseWithOtherAddress_probesAgain", () => {
  const h = running();
  h.at(20_000);
  h.udpIn(PEER, 5353, 5353, message({ id: 0, flags: 0x8400, answers: [aRecord("board.local", 120, PEER, 0x8001)] }), MDNS_IP);
  assert.equal(statsOf(h.e).mdns_conflicts, 1);
  h.at(20_000);
  expectSent(h, [probe()]);
});

test("running_offLinkSourceOrMalformed_droppedAndCounted", () => {
  const h = running();
  h.at(10_000);
  h.udpIn(ip4("192.168.9.9"), 5353, 5353, ask(), MDNS_IP);
  assert.equal(statsOf(h.e).drop_mdns_off_link, 1);
  h.udpIn(PEER, 5353, 5353, ask().subarray(0, 20), MDNS_IP);
  h.udpIn(PEER, 5353, 5353, ask().subarray(0, 8), MDNS_IP);
  assert.equal(statsOf(h.e).drop_mdns_malformed, 2);
  expectSent(h, []);
});

test("running_stop_goodbyeWithTtlZero", () => {
  const h = running();
  h.at(10_000);
  assert.equal(h.e.mdns_stop(10_000), 0);
  expectSent(h, [announce(FQDN, 0)]);
  h.udpIn(PEER, 5353, 5353, ask(), MDNS_IP);
  expectSent(h, []);
  assert.equal(h.e.mdns_stop(10_000), Err.BADF);
});
