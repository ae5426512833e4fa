// DNS and mDNS for the differential test: one stack (support/dns.ts's harness) through lookups answered,
// retried, timed out, cached (NXDOMAIN too), truncated, chained through CNAMEs, spoofed and malformed, and
// .local names asked by mDNS; its responder through probing, announcing, answering and a conflict; its
// calls are recorded at the ABI and replayed on every engine.
import { DnsHarness, NS1, NS2, PEER, MDNS_IP, reply, query, aRecord, message, wireName, ip4, be32 } from "./dns.js";

export function namesFlow(): void {
  const h = new DnsHarness([NS1, NS2], 21);
  h.setHostname("board");
  h.e.mdns_start(0);
  const portOf = () => { const f = h.take().find((x) => x.dport === 53); return f ? { port: f.sport!, id: (f.payload![0] << 8) | f.payload![1] } : null; };
  // A lookup answered; the same name again from the cache.
  let q = h.resolve("www.example.com");
  let a = portOf()!;
  h.at(3);
  h.udpIn(NS1, 53, a.port, reply(a.id, "www.example.com", [aRecord("www.example.com", 30, ip4("192.0.2.1"))]));
  h.e.dns_status(q); h.e.dns_address(q); h.e.dns_release(q);
  q = h.resolve("WWW.example.com");
  h.e.dns_status(q); h.e.dns_release(q);
  // A lookup whose first query is lost, then spoofed, malformed and mismatched replies, then the answer.
  q = h.resolve("b.test");
  a = portOf()!;
  for (let t = 10; t <= 1010; t += 250) h.at(t);
  h.take();
  h.udpIn(ip4("10.0.0.66"), 53, a.port, reply(a.id, "b.test", [aRecord("b.test", 60, ip4("6.6.6.6"))]));
  h.udpIn(NS2, 53, a.port, reply(a.id ^ 1, "b.test", [aRecord("b.test", 60, ip4("6.6.6.6"))]));
  h.udpIn(NS2, 53, a.port, reply(a.id, "c.test", [aRecord("c.test", 60, ip4("6.6.6.6"))]));
  h.udpIn(NS2, 53, a.port, reply(a.id, "b.test", [aRecord("b.test", 60, ip4("6.6.6.6"))]).subarray(0, 30));
  h.udpIn(NS2, 53, a.port, query(a.id, "b.test").subarray(0, 5));
  h.udpIn(NS2, 53, a.port, reply(a.id, "b.test", [aRecord([0xc0, 35], 60, ip4("6.6.6.6"))]).subarray(0, 38));
  h.udpIn(NS2, 53, a.port, reply(a.id, "b.test", [aRecord([0xc0, 12], 60, ip4("192.0.2.2"))]));
  h.e.dns_status(q); h.e.dns_release(q);
  // NXDOMAIN, SERVFAIL then silence until the lookup times out.
  q = h.resolve("nobody.test");
  a = portOf()!;
  h.udpIn(NS1, 53, a.port, reply(a.id, "nobody.test", [], 3));
  h.e.dns_status(q); h.e.dns_release(q);
  q = h.resolve("slow.test");
  a = portOf()!;
  h.udpIn(NS1, 53, a.port, reply(a.id, "slow.test", [], 2));
  for (let t = 1100; t <= 20_000; t += 500) h.at(t);
  h.e.dns_status(q); h.e.dns_release(q);
  h.take();
  // NXDOMAIN with an SOA, cached; a truncated reply with an address and one without; a CNAME chain.
  const soa = { name: wireName("test"), type: 6, ttl: 300, data: [...wireName("ns.test"), ...wireName("admin.test"), ...[1, 2, 3, 4, 60].flatMap(be32)] };
  q = h.resolve("gone.test");
  a = portOf()!;
  h.udpIn(NS1, 53, a.port, message({ id: a.id, flags: 0x8183, questions: [{ name: wireName("gone.test"), type: 1 }], authority: [soa] }));
  h.e.dns_status(q); h.e.dns_release(q);
  q = h.resolve("GONE.test");
  h.e.dns_status(q); h.e.dns_release(q);
  for (const [name, cut] of [["big.test", 12], ["bigger.test", 18]] as const) {
    q = h.resolve(name);
    a = portOf()!;
    const m = message({ id: a.id, flags: 0x8380, questions: [{ name: wireName(name), type: 1 }], answers: [aRecord([0xc0, 12], 60, ip4("192.0.2.3")), aRecord([0xc0, 12], 60, ip4("192.0.2.4"))] });
    h.udpIn(NS1, 53, a.port, m.subarray(0, m.length - cut));
    h.e.dns_status(q); h.e.dns_address(q); h.e.dns_release(q);
  }
  q = h.resolve("alias.test");
  a = portOf()!;
  h.udpIn(NS1, 53, a.port, reply(a.id, "alias.test", [{ name: [0xc0, 12], type: 5, ttl: 60, data: wireName("real.test") }, aRecord("real.test", 60, ip4("192.0.2.5"))]));
  h.e.dns_status(q); h.e.dns_address(q); h.e.dns_release(q);
  // A .local name by a one-shot mDNS query: a reply from off the link, then a responder's legacy answer;
  // our own name, answered at once (and, at the end, a name nobody holds, retried until not found).
  const oneShot = () => { const f = h.take().find((x) => x.dst === MDNS_IP && x.sport !== 5353); return { port: f!.sport!, id: (f!.payload![0] << 8) | f!.payload![1] }; };
  q = h.resolve("peer.local");
  a = oneShot();
  const legacy = message({ id: a.id, flags: 0x8400, questions: [{ name: wireName("peer.local"), type: 1 }], answers: [aRecord([0xc0, 12], 10, PEER)] });
  h.udpIn(ip4("192.0.2.9"), 5353, a.port, legacy);
  h.udpIn(PEER, 5353, a.port, legacy);
  h.e.dns_status(q); h.e.dns_address(q); h.e.dns_release(q);
  q = h.resolve("board.local");
  h.e.dns_status(q); h.e.dns_address(q); h.e.dns_release(q);
  h.take();
  // The responder, long since running: queries of every kind, a known answer, a conflict and a rename.
  h.e.mdns_name();
  const fqdn = wireName("board.local");
  h.udpIn(PEER, 5353, 5353, message({ id: 0, flags: 0, questions: [{ name: fqdn, type: 1 }] }), MDNS_IP);
  h.now = 20_100;
  h.udpIn(PEER, 5353, 5353, message({ id: 0, flags: 0, questions: [{ name: fqdn, type: 255, cls: 0x8001 }] }), MDNS_IP);
  h.udpIn(PEER, 40000, 5353, message({ id: 9, flags: 0, questions: [{ name: fqdn, type: 1 }] }), MDNS_IP);
  h.udpIn(PEER, 5353, 5353, message({ id: 0, flags: 0, questions: [{ name: fqdn, type: 1 }], answers: [aRecord(fqdn, 120, ip4("10.0.0.1"))] }), MDNS_IP);
  h.udpIn(PEER, 5353, 5353, message({ id: 0, flags: 0x8400, answers: [aRecord(fqdn, 120, PEER, 0x8001)] }), MDNS_IP);
  h.at(20_100);
  h.now = 20_150;
  h.udpIn(PEER, 5353, 5353, message({ id: 0, flags: 0x8400, answers: [aRecord(fqdn, 120, PEER, 0x8001)] }), MDNS_IP);
  for (let t = 21_000; t <= 24_000; t += 50) h.at(t);
  h.e.mdns_name();
  h.e.mdns_stop(24_000);
  q = h.resolve("nobody.local");
  for (let t = 24_000; t <= 27_000; t += 500) h.at(t);
  h.e.dns_status(q); h.e.dns_release(q);
  h.take();
}
