// Names on the public API, in virtual time on a simulated switch: connect("name", port) through the core's
// DNS resolver (another stack plays the DNS server on UDP port 53), a truncated reply; HOSTNAME.local
// answered by the core's mDNS responder, a conflict between two stacks renaming one of them; and
// connect("peer.local") through a one-shot mDNS query to the other stack's responder, no DNS server.
import test from "node:test";
import assert from "node:assert/strict";
import "../../host/node/wasm-files.js"; // builds read from build/
import { Simulation } from "../../host/sim.js";
import type { Stack } from "../../host/stack.js";
import { parseIp } from "../../host/addr.js";
import { message, reply, aRecord, wireName } from "./support/dns.js";
import { during } from "./support/during.js";

const enc = new TextEncoder(), dec = new TextDecoder();

/** A DNS server on `s`: answers A queries from `zone` (NXDOMAIN otherwise); drops the first `lose` queries. */
function dnsServer(s: Stack, zone: Record<string, string>, lose = 0): { queries: number } {
  const seen = { queries: 0 };
  const u = s.udp(53);
  u.on("message", (m: Uint8Array, from: { address: string; port: number }) => {
    seen.queries++;
    if (seen.queries <= lose) return;
    const id = (m[0] << 8) | m[1];
    const labels: string[] = [];
    for (let i = 12; m[i]; i += m[i] + 1) labels.push(dec.decode(m.subarray(i + 1, i + 1 + m[i])));
    const name = labels.join(".");
    const ip = zone[name.toLowerCase()];
    u.send(reply(id, name, ip ? [aRecord(name, 60, parseIp(ip))] : [], ip ? 0 : 3), from.port, from.address);
  });
  return seen;
}

function world(o: { dns?: string[]; lose?: number } = {}) {
  const sim = new Simulation({ seed: 3 });
  const a = sim.addStack({ name: "a", mac: "02:00:00:00:00:01", ip: "10.0.0.1", seed: 1, dns: o.dns ?? ["10.0.0.53"] });
  const b = sim.addStack({ name: "b", mac: "02:00:00:00:00:02", ip: "10.0.0.2", seed: 2 });
  const ns = sim.addStack({ name: "ns", mac: "02:00:00:00:00:35", ip: "10.0.0.53", seed: 3 });
  const seen = dnsServer(ns, { "b.test": "10.0.0.2" }, o.lose ?? 0);
  return { sim, a, b, ns, seen };
}

async function readAll(sim: Simulation, s: { readable: ReadableStream<Uint8Array> }): Promise<string> {
  let out = "";
  const r = s.readable.getReader();
  for (;;) { const { value, done } = await during(sim, r.read()); if (done) return out; out += dec.decode(value); }
}

test("connect_hostnameWithoutResolveFunction_resolvedByCoreDns", async () => {
  const { sim, a, b, seen } = world();
  const server = b.listen(80);
  void server.accept().then(async (s) => { const w = s.writable.getWriter(); await w.write(enc.encode("hello")); await w.close(); });
  const c = await during(sim, a.connect("B.test", 80));
  assert.equal(c.remoteAddress, "10.0.0.2");
  assert.equal(await readAll(sim, c), "hello");
  assert.equal(seen.queries, 1);
  assert.equal(a.core.stats().dns_answers, 1);
});

test("lookup_firstQueryLost_retriedAndResolved", async () => {
  const { sim, a, seen } = world({ lose: 1 });
  const t0 = sim.clock.now();
  assert.equal(await during(sim, a.lookup("b.test")), "10.0.0.2");
  assert.equal(seen.queries, 2);
  assert.ok(sim.clock.now() - t0 >= 1000, "the retry waited for the timeout");
  assert.equal(a.core.stats().dns_retries, 1);
});

test("lookup_unknownName_rejectsENOTFOUND", async () => {
  const { sim, a } = world();
  await assert.rejects(during(sim, a.lookup("nobody.test")), { code: "ENOTFOUND" });
});

test("lookup_serverSilent_rejectsETIMEDOUT", async () => {
  const { sim, a } = world({ dns: ["10.0.0.99"] });
  await assert.rejects(during(sim, a.lookup("b.test")), { code: "ETIMEDOUT" });
});

test("lookup_moreNamesThanSlots_allResolved", async () => {
  const { sim, a } = world();
  const names = ["b.test", "B.TEST", "b.test.", "b.test", "b.test"];
  const got = await during(sim, Promise.all(names.map((n) => a.lookup(n))));
  assert.deepEqual(got, names.map(() => "10.0.0.2"));
});

test("mdns_legacyQueryFromAnotherStack_answeredWithAddress", async () => {
  const sim = new Simulation({ seed: 4 });
  const a = sim.addStack({ name: "a", mac: "02:00:00:00:00:01", ip: "10.0.0.1", seed: 1, hostname: "board", mdns: true });
  const b = sim.addStack({ name: "b", mac: "02:00:00:00:00:02", ip: "10.0.0.2", seed: 2 });
  await sim.run({ maxMs: 3000 }); // probing and announcing
  assert.equal(a.mdnsName, "board.local");
  const u = b.udp(40000);
  const answer = new Promise<Uint8Array>((resolve) => u.on("message", (m: Uint8Array) => resolve(m)));
  u.send(message({ id: 7, flags: 0, questions: [{ name: wireName("board.local"), type: 1 }] }), 5353, "224.0.0.251");
  const m = await during(sim, answer);
  assert.deepEqual([...m], [...message({ id: 7, flags: 0x8400, questions: [{ name: wireName("board.local"), type: 1 }], answers: [aRecord([0xc0, 12], 10, parseIp("10.0.0.1"))] })]);
});

test("mdns_twoStacksOneName_laterRenamedName2", async () => {
  const sim = new Simulation({ seed: 5 });
  const a = sim.addStack({ name: "a", mac: "02:00:00:00:00:01", ip: "10.0.0.1", seed: 1, hostname: "twin", mdns: true });
  await sim.run({ maxMs: 3000 });
  const b = sim.addStack({ name: "b", mac: "02:00:00:00:00:02", ip: "10.0.0.2", seed: 2, hostname: "twin", mdns: true });
  await sim.run({ maxMs: 5000 });
  assert.equal(a.mdnsName, "twin.local", "the holder keeps its name");
  assert.equal(b.mdnsName, "twin-2.local");
  assert.equal(b.core.stats().mdns_conflicts, 1);
  assert.equal(a.core.stats().mdns_answers, 1, "the holder defended its name once");
});

test("connect_localNameWithoutDnsServer_resolvedByPeersMdnsResponder", async () => {
  const sim = new Simulation({ seed: 6 });
  const a = sim.addStack({ name: "a", mac: "02:00:00:00:00:01", ip: "10.0.0.1", seed: 1 });
  const b = sim.addStack({ name: "b", mac: "02:00:00:00:00:02", ip: "10.0.0.2", seed: 2, hostname: "peer", mdns: true });
  await sim.run({ maxMs: 3000 }); // b probes and announces
  const server = b.listen(80);
  void server.accept().then(async (s) => { const w = s.writable.getWriter(); await w.write(enc.encode("by name")); await w.close(); });
  assert.equal(await during(sim, a.lookup("peer.local")), "10.0.0.2");
  const c = await during(sim, a.connect("peer.local", 80));
  assert.equal(c.remoteAddress, "10.0.0.2");
  assert.equal(await readAll(sim, c), "by name");
  const s = a.core.stats();
  assert.deepEqual([s.mdns_queries, s.dns_answers, s.dns_cache_hits, s.dns_queries], [1, 1, 1, 0], "the connect took the cached answer");
  assert.equal(b.core.stats().mdns_answers, 1);
});

test("lookup_localNameNobodyHolds_rejectsENOTFOUNDAfterThreeSeconds", async () => {
  const sim = new Simulation({ seed: 7 });
  const a = sim.addStack({ name: "a", mac: "02:00:00:00:00:01", ip: "10.0.0.1", seed: 1, dns: ["10.0.0.53"] });
  const t0 = sim.clock.now();
  await assert.rejects(during(sim, a.lookup("nobody.local")), { code: "ENOTFOUND" });
  assert.equal(sim.clock.now() - t0, 3000);
  assert.deepEqual([a.core.stats().mdns_queries, a.core.stats().dns_queries], [3, 0]);
});

test("lookup_truncatedReplyWithoutAddress_rejectsEMSGSIZE", async () => {
  const { sim, a } = world({ dns: ["10.0.0.54"] });
  const big = sim.addStack({ name: "big", mac: "02:00:00:00:00:36", ip: "10.0.0.54", seed: 4 });
  const srv = big.udp(53);
  srv.on("message", (m: Uint8Array, from: { address: string; port: number }) => {
    // RFC 1035 4.2.1: TC set, the answer left out as it would not fit.
    srv.send(message({ id: (m[0] << 8) | m[1], flags: 0x8380, questions: [{ name: wireName("big.test"), type: 1 }] }), from.port, from.address);
  });
  await assert.rejects(during(sim, a.lookup("big.test")), { code: "EMSGSIZE" });
  assert.equal(a.core.stats().dns_truncated, 1);
});
