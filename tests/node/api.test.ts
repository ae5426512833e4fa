// The public API on the platform-neutral host: web-stream sockets and listeners, hostnames, Stack.close(),
// the virtual switch and the stream link, in virtual time (and the package entry's createStack).
import test from "node:test";
import assert from "node:assert/strict";
import "../../host/node/wasm-files.js"; // builds read from build/
import { Simulation } from "../../host/sim.js";
import { VirtualClock } from "../../host/clock.js";
import { VirtualSwitch } from "../../host/switch.js";
import { StreamLink } from "../../host/stream-link.js";
import { TunLink } from "../../host/tun-link.js";
import { createStack } from "../../host/create.js";
import type { TcpSocket } from "../../host/tcp-socket.js";
import { decodeFrame } from "../../host/frame.js";
import { formatIp } from "../../host/addr.js";
import { during } from "./support/during.js";

const enc = new TextEncoder(), dec = new TextDecoder();

function world() {
  const sim = new Simulation({ seed: 1 });
  const a = sim.addStack({ name: "a", mac: "02:00:00:00:00:01", ip: "10.0.0.1", seed: 1 });
  const b = sim.addStack({ name: "b", mac: "02:00:00:00:00:02", ip: "10.0.0.2", seed: 2 });
  return { sim, a, b };
}

/** For stacks on links of their own: runs `clock` by hand, as a Simulation runs its link's, for during(). */
function handDriven(clock: VirtualClock): Simulation {
  return { run: async (o: { until: () => boolean }) => {
    for (let i = 0; i < 10_000 && !o.until(); i++) { await new Promise((r) => setImmediate(r)); if (!clock.fireDue()) clock.advance(); }
  } } as unknown as Simulation;
}

async function readAll(s: TcpSocket): Promise<string> {
  let got = "";
  for await (const chunk of s.readable as unknown as AsyncIterable<Uint8Array>) got += dec.decode(chunk);
  return got;
}

test("webSocket_echoThroughListener_bytesReturnAndBothSidesClose", async () => {
  const { sim, a, b } = world();
  const server = b.listen(7);
  let accepted: TcpSocket | undefined;
  void (async () => { for await (const s of server) { accepted = s; void s.readable.pipeTo(s.writable); } })();
  const c = await during(sim, a.connect("10.0.0.2", 7));
  assert.deepEqual([c.remoteAddress, c.remotePort, c.localAddress], ["10.0.0.2", 7, "10.0.0.1"]);
  const w = c.writable.getWriter();
  const data = new Uint8Array(100_000).map((_, i) => i * 7);
  await during(sim, w.write(data));
  await during(sim, w.close());
  const chunks: Uint8Array[] = [];
  await during(sim, (async () => { for await (const x of c.readable as unknown as AsyncIterable<Uint8Array>) chunks.push(x); })());
  const got = new Uint8Array(chunks.reduce((n, x) => n + x.length, 0));
  chunks.reduce((o, x) => { got.set(x, o); return o + x.length; }, 0);
  assert.deepEqual(got, data);
  await during(sim, c.closed);
  await during(sim, accepted!.closed);
  assert.equal(accepted!.remoteAddress, "10.0.0.1");
  assert.equal(accepted!.remotePort, c.localPort);
  server.close();
});

test("webSocket_readerStops_windowClosesAndWriterWaits", async () => {
  const { sim, a, b } = world();
  const server = b.listen(9);
  const c = await during(sim, a.connect("10.0.0.2", 9));
  const s = await during(sim, server.accept());
  // Nobody reads on b: 64 KiB in the stream's queue, 4 KiB in the core's ring, then a zero window.
  const w = c.writable.getWriter();
  let written = false;
  void w.write(new Uint8Array(200_000)).then(() => { written = true; });
  await sim.run({ maxMs: 5_000, until: () => false }).catch(() => {});
  assert.equal(written, false, "the write waits while the peer's window is shut");
  const got = await during(sim, (async () => {
    let n = 0;
    const r = s.readable.getReader();
    while (n < 200_000) n += (await r.read()).value!.length;
    return n;
  })());
  assert.equal(got, 200_000);
  await during(sim, w.ready);
  assert.equal(written, true);
});

test("webSocket_connectClosedPort_rejectsECONNREFUSED", async () => {
  const { sim, a } = world();
  await assert.rejects(during(sim, a.connect("10.0.0.2", 4)), { code: "ECONNREFUSED", message: "connect 10.0.0.2:4: ECONNREFUSED" });
});

test("webSocket_hostnameWithoutResolver_rejectsENORESOLVER", async () => {
  const { a } = world();
  await assert.rejects(a.connect("example.com", 80), {
    code: "ENORESOLVER",
    message: `cannot connect to "example.com": this stack has no resolver (give createStack a resolve function or dns servers, take them from DHCP, or connect to an IPv4 address)`,
  });
});

test("webSocket_hostnameWithResolver_connectsToResolvedAddress", async () => {
  const sim = new Simulation({ seed: 1 });
  const a = sim.addStack({ name: "a", mac: "02:00:00:00:00:01", ip: "10.0.0.1", seed: 1, resolve: async (h) => (h === "b.test" ? "10.0.0.2" : "10.0.0.99") });
  const b = sim.addStack({ name: "b", mac: "02:00:00:00:00:02", ip: "10.0.0.2", seed: 2 });
  const server = b.listen(80);
  void server.accept().then(async (s) => { const w = s.writable.getWriter(); await w.write(enc.encode("hello")); await w.close(); });
  const c = await during(sim, a.connect("b.test", 80));
  assert.equal(c.remoteAddress, "10.0.0.2");
  assert.equal(await during(sim, readAll(c)), "hello");
});

test("webSocket_peerResets_streamsAndClosedRejectECONNRESET", async () => {
  const { sim, a, b } = world();
  const server = b.listen(7);
  const c = await during(sim, a.connect("10.0.0.2", 7));
  const s = await during(sim, server.accept());
  s.abort();
  await assert.rejects(during(sim, c.closed), { code: "ECONNRESET" });
  await assert.rejects(c.readable.getReader().read(), { code: "ECONNRESET" });
});

test("stack_close_resetsEveryConnectionAndRefusesNewCalls", async () => {
  const { sim, a, b } = world();
  const server = b.listen(7);
  const c = await during(sim, a.connect("10.0.0.2", 7));
  const s = await during(sim, server.accept());
  const rsts: string[] = [];
  sim.link.observe((o) => { if (o.seen.flags !== undefined && (o.seen.flags & 0x04)) rsts.push(`${o.from}>${o.to} ${formatIp(o.seen.src!)}:${o.seen.sport}`); });
  b.close();
  assert.deepEqual(rsts, [`b>a 10.0.0.2:7`], "the peer is told with a RST");
  await assert.rejects(s.closed, { code: "ECONNABORTED" });
  await assert.rejects(during(sim, c.closed), { code: "ECONNRESET" });
  assert.throws(() => b.listen(8), { code: "ERR_STACK_CLOSED" });
  await assert.rejects(b.connect("10.0.0.1", 7), { code: "ERR_STACK_CLOSED" });
  assert.equal(sim.clock.next(), null, "no timer of b is left");
});

test("switch_unicastToLearnedMac_onlyThatPortReceivesIt", async () => {
  const clock = new VirtualClock();
  const sw = new VirtualSwitch(clock);
  const seen: Record<string, string[]> = { a: [], b: [], c: [] };
  const tx: Record<string, (f: Uint8Array) => void> = {};
  for (const n of ["a", "b", "c"]) tx[n] = sw.attach({ name: n, receive: (f) => seen[n].push(`${f[5]}<${f[11]}`) });
  const frame = (dst: number, src: number) => { const f = new Uint8Array(60); f.set([2, 0, 0, 0, 0, dst], 0); f.set([2, 0, 0, 0, 0, src], 6); return f; };
  tx.a(frame(2, 1)); // b unknown yet: flooded
  tx.b(frame(1, 2)); // a learned: only a
  tx.a(frame(2, 1)); // b learned: only b
  while (clock.advance()) clock.fireDue();
  assert.deepEqual(seen, { a: ["1<2"], b: ["2<1", "2<1"], c: ["2<1"] });
});

test("streamLink_twoStacksPipedBackToBack_connectAndExchange", async () => {
  const clock = new VirtualClock();
  const la = new StreamLink(), lb = new StreamLink();
  const a = await createStack({ ip: "10.1.0.1/24", link: la, clock, seed: 1 });
  const b = await createStack({ ip: "10.1.0.2/24", link: lb, clock, seed: 2 });
  const frames: string[] = [];
  void la.readable.pipeThrough(new TransformStream({ transform: (f, c) => { frames.push(decodeFrame(f).ethertype.toString(16)); c.enqueue(f); } })).pipeTo(lb.writable);
  void lb.readable.pipeTo(la.writable);
  const server = b.listen(80);
  const sim = handDriven(clock);
  void server.accept().then(async (s) => { const w = s.writable.getWriter(); await w.write(enc.encode("over streams")); await w.close(); });
  const c = await during(sim, a.connect("10.1.0.2", 80));
  assert.equal(await during(sim, readAll(c)), "over streams");
  assert.equal(a.name, "10.1.0.1");
  assert.deepEqual(frames.slice(0, 2), ["806", "806"], "gratuitous ARP, then the ARP request, then IPv4");
  assert.ok(frames.includes("800"));
  a.close(); b.close();
});

test("tunLink_twoStacksJoinedByBareIpPackets_connectAndExchange", async () => {
  const clock = new VirtualClock();
  const ta = new TunLink(), tb = new TunLink();
  const a = await createStack({ ip: "10.2.0.1/24", link: ta, clock, seed: 1 });
  const b = await createStack({ ip: "10.2.0.2/24", link: tb, clock, seed: 2 });
  const firstBytes: number[] = [];
  // Packets cross as bare IPv4 (version 4, 20-byte header: 0x45), with a hop of virtual latency.
  const hop = (from: TunLink, to: TunLink) => {
    const w = to.writable.getWriter();
    void from.readable.pipeTo(new WritableStream({ write: (p) => { firstBytes.push(p[0]); clock.at(clock.now() + 1, () => void w.write(p)); } }));
  };
  hop(ta, tb); hop(tb, ta);
  const sim = handDriven(clock);
  const server = b.listen(80);
  void server.accept().then(async (s) => { const w = s.writable.getWriter(); await w.write(enc.encode("over IP")); await w.close(); });
  const c = await during(sim, a.connect("10.2.0.2", 80));
  assert.equal(await during(sim, readAll(c)), "over IP");
  assert.ok(firstBytes.length > 0 && firstBytes.every((x) => x === 0x45), "only IPv4 packets, no Ethernet or ARP");
  a.close(); b.close();
});
