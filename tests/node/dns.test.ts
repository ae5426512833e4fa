// The stub resolver (RFC 1035 7, RFC 5452) in virtual time: the exact queries, retries alternating
// between the two servers, timeouts, the cache and its TTL, and replies that do not match the query
// dropped and counted.
import test from "node:test";
import assert from "node:assert/strict";
import { statsOf } from "./support/wasm.js";
import { DnsHarness, NS1, NS2, STACK_IP, query, reply, aRecord, message, wireName, ip4, be32, type Rr } from "./support/dns.js";
import { Err } from "../../host/abi.js";

const NAME = "www.example.com", ADDR = ip4("192.0.2.80");

/** Starts a lookup and returns it with the one query it sent (checked byte for byte). */
function started(h: DnsHarness, name = NAME, server = NS1) {
  const q = h.resolve(name);
  assert.ok(q >= 0, `dns_resolve gave ${q}`);
  const sent = h.take();
  assert.equal(sent.length, 1, "one frame: the query");
  const f = sent[0];
  assert.equal(f.proto, 17);
  assert.equal(f.src, STACK_IP);
  assert.equal(f.dst, server);
  assert.equal(f.dport, 53);
  assert.ok(f.sport! >= 49152 && f.sport! <= 65535, `source port ${f.sport} is ephemeral`);
  const id = (f.payload![0] << 8) | f.payload![1];
  assert.deepEqual([...f.payload!], [...query(id, name)]);
  return { q, id, port: f.sport! };
}

test("idle_resolveWithoutServer_NOSERVERAndNothingSent", () => {
  const h = new DnsHarness([]);
  assert.equal(h.resolve(NAME), Err.NOSERVER);
  assert.equal(h.take().length, 0);
});

test("idle_resolveNotAHostName_INVAL", () => {
  const h = new DnsHarness();
  for (const bad of ["", "a..b", "a b", "x".repeat(64) + ".com", ".", "a/b"]) assert.equal(h.resolve(bad), Err.INVAL, bad);
  assert.equal(h.take().length, 0);
});

test("idle_resolve_oneQueryToFirstServer", () => {
  const h = new DnsHarness();
  const { q } = started(h);
  assert.equal(h.e.dns_status(q), Err.WOULDBLOCK);
  assert.equal(h.e.dns_address(q), 0);
  assert.equal(statsOf(h.e).dns_queries, 1);
});

test("pending_reply_doneWithAddress", () => {
  const h = new DnsHarness();
  const { q, id, port } = started(h);
  h.now = 20;
  assert.equal(h.udpIn(NS1, 53, port, reply(id, NAME, [aRecord(NAME, 300, ADDR)])), 0);
  assert.equal(h.e.dns_status(q), 0);
  assert.equal(h.e.dns_address(q) >>> 0, ADDR);
  assert.equal(statsOf(h.e).dns_answers, 1);
  assert.equal(h.take().length, 0, "nothing sent in return");
  assert.equal(h.e.dns_release(q), 0);
  assert.equal(h.e.dns_status(q), Err.BADF);
});

test("pending_noReply_retriesAlternateServersThenTIMEDOUT", () => {
  const h = new DnsHarness();
  const { q, id, port } = started(h);
  // RFC 1035 4.2.1: resent with a growing interval (1, 2, 4 s), to the other server each time.
  const expect: [number, number][] = [[1000, NS2], [3000, NS1], [7000, NS2]];
  for (const [t, server] of expect) {
    h.at(t - 1);
    assert.equal(h.take().length, 0, `nothing before ${t}`);
    h.at(t);
    const sent = h.take();
    assert.equal(sent.length, 1, `one retry at ${t}`);
    assert.equal(sent[0].dst, server);
    assert.equal(sent[0].sport, port, "the same source port");
    assert.deepEqual([...sent[0].payload!], [...query(id, NAME)], "the same ID and question");
  }
  h.at(14_999);
  assert.equal(h.e.dns_status(q), Err.WOULDBLOCK);
  h.at(15_000);
  assert.equal(h.e.dns_status(q), Err.TIMEDOUT);
  assert.equal(h.take().length, 0);
  const s = statsOf(h.e);
  assert.deepEqual([s.dns_queries, s.dns_retries, s.dns_timeouts], [4, 3, 1]);
  assert.equal(h.e.poll(20_000), -1, "no timer left");
});

test("pending_lostQueryThenReplyFromSecondServer_done", () => {
  const h = new DnsHarness();
  const { q, id, port } = started(h);
  h.at(1000);
  assert.equal(h.take()[0].dst, NS2);
  h.now = 1030;
  h.udpIn(NS2, 53, port, reply(id, NAME, [aRecord(NAME, 60, ADDR)]));
  assert.equal(h.e.dns_status(q), 0);
  assert.equal(h.e.dns_address(q) >>> 0, ADDR);
  h.at(3000);
  assert.equal(h.take().length, 0, "no further retry");
});

test("pending_lateReplyFromFirstServer_accepted", () => {
  const h = new DnsHarness();
  const { q, id, port } = started(h);
  h.at(1000);
  h.take();
  h.udpIn(NS1, 53, port, reply(id, NAME, [aRecord(NAME, 60, ADDR)]));
  assert.equal(h.e.dns_status(q), 0);
});

test("done_sameNameAgain_answeredFromCacheUntilTtl", () => {
  const h = new DnsHarness();
  const a = started(h);
  h.udpIn(NS1, 53, a.port, reply(a.id, NAME, [aRecord(NAME, 30, ADDR)]));
  h.e.dns_release(a.q);
  h.at(29_999);
  const q = h.resolve("WWW.Example.com.");
  assert.equal(h.e.dns_status(q), 0, "done at once");
  assert.equal(h.e.dns_address(q) >>> 0, ADDR);
  assert.equal(h.take().length, 0, "no query");
  assert.equal(statsOf(h.e).dns_cache_hits, 1);
  h.e.dns_release(q);
  h.at(30_000);
  started(h); // the TTL ran out: asked again
});

test("done_ttlZero_notCached", () => {
  const h = new DnsHarness();
  const a = started(h);
  h.udpIn(NS1, 53, a.port, reply(a.id, NAME, [aRecord(NAME, 0, ADDR)]));
  h.e.dns_release(a.q);
  started(h);
});

test("pending_replyFromOtherAddressOrPort_droppedAndCounted", () => {
  const h = new DnsHarness();
  const { q, id, port } = started(h);
  const good = reply(id, NAME, [aRecord(NAME, 60, ADDR)]);
  h.udpIn(ip4("10.0.0.66"), 53, port, good); // a spoofer on the link
  h.udpIn(NS1, 5353, port, good); // the server, another port
  assert.equal(statsOf(h.e).drop_dns_source, 2);
  assert.equal(h.e.dns_status(q), Err.WOULDBLOCK);
  assert.equal(h.take().length, 0, "no ICMP for them: the port is in use");
  h.udpIn(NS1, 53, port, good);
  assert.equal(h.e.dns_status(q), 0);
});

test("pending_replyWithOtherIdOrQuestion_droppedAndCounted", () => {
  const h = new DnsHarness();
  const { q, id, port } = started(h);
  h.udpIn(NS1, 53, port, reply((id + 1) & 0xffff, NAME, [aRecord(NAME, 60, ADDR)]));
  h.udpIn(NS1, 53, port, query(id, NAME)); // QR clear: a query, not a reply
  assert.equal(statsOf(h.e).drop_dns_id, 2);
  h.udpIn(NS1, 53, port, reply(id, "www.example.org", [aRecord("www.example.org", 60, ADDR)]));
  h.udpIn(NS1, 53, port, message({ id, flags: 0x8180, questions: [{ name: wireName(NAME), type: 28 }], answers: [aRecord(NAME, 60, ADDR)] }));
  h.udpIn(NS1, 53, port, message({ id, flags: 0x8180, answers: [aRecord(NAME, 60, ADDR)] }));
  assert.equal(statsOf(h.e).drop_dns_question, 3);
  h.udpIn(NS1, 53, port, reply(id, NAME, [aRecord(NAME, 60, ADDR)]).subarray(0, 11));
  assert.equal(statsOf(h.e).drop_dns_short, 1);
  assert.equal(h.e.dns_status(q), Err.WOULDBLOCK);
});

test("pending_nxdomain_NOTFOUND", () => {
  const h = new DnsHarness();
  const { q, id, port } = started(h);
  h.udpIn(NS1, 53, port, reply(id, NAME, [], 3));
  assert.equal(h.e.dns_status(q), Err.NOTFOUND);
  assert.equal(statsOf(h.e).dns_not_found, 1);
  h.at(1000);
  assert.equal(h.take().length, 0, "no retry");
});

test("pending_answerWithoutARecord_NOTFOUND", () => {
  const h = new DnsHarness();
  const { q, id, port } = started(h);
  h.udpIn(NS1, 53, port, reply(id, NAME, [aRecord("other.example.com", 60, ADDR)]));
  assert.equal(h.e.dns_status(q), Err.NOTFOUND);
});

test("pending_servfail_nextServerAtOnce", () => {
  const h = new DnsHarness();
  const { q, id, port } = started(h);
  h.now = 5;
  h.udpIn(NS1, 53, port, reply(id, NAME, [], 2));
  const sent = h.take();
  assert.equal(sent.length, 1);
  assert.equal(sent[0].dst, NS2);
  assert.deepEqual([...sent[0].payload!], [...query(id, NAME)]);
  assert.equal(statsOf(h.e).dns_server_failures, 1);
  assert.equal(h.e.dns_status(q), Err.WOULDBLOCK);
});

test("pending_cnameChainCompressed_addressOfTarget", () => {
  const h = new DnsHarness();
  const { q, id, port } = started(h);
  // www.example.com CNAME web.example.com (rdata: "web" + pointer to example.com at 16), then its A.
  const head = [...reply(id, NAME, [])];
  head[7] = 2;
  const cname = [0xc0, 12, 0, 5, 0, 1, 0, 0, 0, 60, 0, 6, 3, 0x77, 0x65, 0x62, 0xc0, 16];
  const a = [0xc0, head.length + 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 192, 0, 2, 81];
  h.udpIn(NS1, 53, port, Uint8Array.from([...head, ...cname, ...a]));
  assert.equal(h.e.dns_status(q), 0);
  assert.equal(h.e.dns_address(q) >>> 0, ip4("192.0.2.81"));
});

test("pending_answerWithPointerLoop_droppedMalformed", () => {
  const h = new DnsHarness();
  const { q, id, port } = started(h);
  const head = [...reply(id, NAME, [])];
  head[7] = 1;
  const loop = head.length;
  const rr = [0xc0, loop, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 1, 2, 3, 4]; // owner: a pointer to itself
  h.udpIn(NS1, 53, port, Uint8Array.from([...head, ...rr]));
  assert.equal(h.e.dns_status(q), Err.NOTFOUND, "a name that never ends matches nothing");
  const h2 = new DnsHarness();
  const b = started(h2);
  const cut = [...reply(b.id, NAME, [aRecord(NAME, 60, ADDR)])];
  h2.udpIn(NS1, 53, b.port, Uint8Array.from(cut.slice(0, cut.length - 2)));
  assert.equal(statsOf(h2.e).drop_dns_malformed, 1);
  assert.equal(h2.e.dns_status(b.q), Err.WOULDBLOCK);
});

test("released_lateReply_notTaken", () => {
  const h = new DnsHarness();
  const { q, id, port } = started(h);
  h.e.dns_release(q);
  h.udpIn(NS1, 53, port, reply(id, NAME, [aRecord(NAME, 60, ADDR)]));
  const s = statsOf(h.e);
  assert.equal(s.dns_answers, 0);
  assert.equal(s.drop_udp_no_port, 1, "the port is closed again");
});

test("idle_everySlotBusy_NOBUFS", () => {
  const h = new DnsHarness();
  const slots: number[] = [], ports: number[] = [];
  for (let i = 0; ; i++) {
    const q = h.resolve(`h${i}.example.com`);
    if (q < 0) { assert.equal(q, Err.NOBUFS); break; }
    slots.push(q);
    const sent = h.take();
    assert.equal(sent.length, 1, "one query per lookup");
    ports.push(sent[0].sport!);
  }
  assert.ok(slots.length >= 2);
  assert.equal(new Set(ports).size, slots.length, "a port per lookup");
  assert.equal(h.take().length, 0, "nothing for the refused one");
  h.e.dns_release(slots[0]);
  assert.ok(h.resolve("again.example.com") >= 0);
});

test("init_sameSeed_sameIdsAndPorts_otherSeed_others", () => {
  const ids = (seed: number) => { const h = new DnsHarness([NS1], seed); const a = started(h); return [a.id, a.port]; };
  assert.deepEqual(ids(5), ids(5));
  assert.notDeepEqual(ids(5), ids(6));
});

/** The zone's SOA (RFC 1035 3.3.13) with `minimum`, as a server puts it in a negative reply's authority section. */
const soa = (ttl: number, minimum: number): Rr => ({
  name: wireName("example.com"), type: 6, ttl,
  data: [...wireName("ns.example.com"), ...wireName("admin.example.com"), ...[1, 7200, 900, 604800, minimum].flatMap(be32)],
});
const negative = (id: number, rcode: number, authority: Rr[]) =>
  message({ id, flags: 0x8180 | rcode, questions: [{ name: wireName(NAME), type: 1 }], authority });

/** A lookup answered `negative(id)`: NOTFOUND, then not found at once (no query) until `expires` ms, asked again from then. */
function cachedNotFoundUntil(negative: (id: number) => Uint8Array, expires: number): void {
  const h = new DnsHarness();
  const a = started(h);
  h.udpIn(NS1, 53, a.port, negative(a.id));
  assert.equal(h.e.dns_status(a.q), Err.NOTFOUND);
  h.e.dns_release(a.q);
  h.at(expires - 1);
  const q = h.resolve(NAME);
  assert.equal(h.e.dns_status(q), Err.NOTFOUND, "not found at once");
  assert.equal(h.take().length, 0, "no query");
  assert.equal(statsOf(h.e).dns_cache_hits, 1);
  h.e.dns_release(q);
  h.at(expires);
  started(h);
}

test("pending_nxdomainWithSoa_cachedForSoaMinimumThenAskedAgain", () => {
  // RFC 2308 5: the lesser of the SOA's TTL (300) and its MINIMUM (60).
  cachedNotFoundUntil((id) => negative(id, 3, [soa(300, 60)]), 60_000);
});

test("pending_nodataWithSoaTtlBelowMinimum_cachedForSoaTtl", () => {
  cachedNotFoundUntil((id) => negative(id, 0, [soa(20, 3600)]), 20_000);
});

test("pending_nxdomainWithHugeSoaMinimum_cachedThreeHoursAtMost", () => {
  cachedNotFoundUntil((id) => negative(id, 3, [soa(0x7fffffff, 0x7fffffff)]), 10_800_000);
});

test("pending_nxdomainWithoutSoa_notCached", () => {
  const h = new DnsHarness();
  const a = started(h);
  h.udpIn(NS1, 53, a.port, reply(a.id, NAME, [], 3));
  h.e.dns_release(a.q);
  started(h);
});

test("pending_nxdomainWithMalformedSoa_droppedMalformed", () => {
  const h = new DnsHarness();
  const a = started(h);
  const bad = soa(300, 60);
  bad.data = bad.data.slice(0, bad.data.length - 1); // MINIMUM one byte short
  h.udpIn(NS1, 53, a.port, negative(a.id, 3, [bad]));
  assert.equal(statsOf(h.e).drop_dns_malformed, 1);
  assert.equal(h.e.dns_status(a.q), Err.WOULDBLOCK);
});

test("pending_truncatedWithCompleteARecord_addressUsedNotCached", () => {
  const h = new DnsHarness();
  const a = started(h);
  // RFC 1035 4.2.1: TC set, the second record cut off after its name.
  const full = [...message({ id: a.id, flags: 0x8380, questions: [{ name: wireName(NAME), type: 1 }], answers: [aRecord(NAME, 60, ADDR), aRecord(NAME, 60, ip4("192.0.2.81"))] })];
  h.udpIn(NS1, 53, a.port, Uint8Array.from(full.slice(0, full.length - 12)));
  assert.equal(h.e.dns_status(a.q), 0);
  assert.equal(h.e.dns_address(a.q) >>> 0, ADDR);
  const s = statsOf(h.e);
  assert.deepEqual([s.dns_truncated, s.dns_answers, s.drop_dns_malformed], [1, 1, 0]);
  h.e.dns_release(a.q);
  started(h); // RFC 2181 9: a truncated set is not cached
});

test("pending_truncatedWithoutAddress_MSGSIZENoRetry", () => {
  const h = new DnsHarness();
  const a = started(h);
  h.udpIn(NS1, 53, a.port, message({ id: a.id, flags: 0x8380, questions: [{ name: wireName(NAME), type: 1 }] }));
  assert.equal(h.e.dns_status(a.q), Err.MSGSIZE);
  const b = started(h);
  const cut = [...message({ id: b.id, flags: 0x8380, questions: [{ name: wireName(NAME), type: 1 }], answers: [aRecord(NAME, 60, ADDR)] })];
  h.udpIn(NS1, 53, b.port, Uint8Array.from(cut.slice(0, cut.length - 2))); // the only A record cut short
  assert.equal(h.e.dns_status(b.q), Err.MSGSIZE);
  const s = statsOf(h.e);
  assert.deepEqual([s.dns_truncated, s.drop_dns_malformed, s.dns_answers], [2, 0, 0]);
  h.at(20_000);
  assert.equal(h.take().length, 0, "no retry");
});

/** A reply whose answer chains `links` CNAMEs from NAME (c1.example.com, c2...) to an A record. */
function chain(id: number, links: number): Uint8Array {
  const names = [NAME, ...Array.from({ length: links }, (_, i) => `c${i + 1}.example.com`)];
  const answers: Rr[] = names.slice(0, -1).map((n, i) => ({ name: wireName(n), type: 5, ttl: 60, data: wireName(names[i + 1]) }));
  return reply(id, NAME, [...answers, aRecord(names[names.length - 1], 60, ADDR)]);
}

test("pending_cnameChainOfEight_addressOfLastTarget", () => {
  const h = new DnsHarness();
  const a = started(h);
  h.udpIn(NS1, 53, a.port, chain(a.id, 8));
  assert.equal(h.e.dns_status(a.q), 0);
  assert.equal(h.e.dns_address(a.q) >>> 0, ADDR);
});

test("pending_cnameChainOfNine_NOTFOUND", () => {
  const h = new DnsHarness();
  const a = started(h);
  h.udpIn(NS1, 53, a.port, chain(a.id, 9));
  assert.equal(h.e.dns_status(a.q), Err.NOTFOUND);
});
