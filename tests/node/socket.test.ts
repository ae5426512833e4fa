// host/socket.ts, host/server.ts, host/sim.ts: net-compatible behaviour end to end on two stacks in
// virtual time (events and their order, addresses, half-close, errors by code, listen variants).
import test from "node:test";
import assert from "node:assert/strict";
import { Simulation } from "../../host/node/stack.js";
import type { Socket } from "../../host/node/socket.js";

function world(seed = 1) {
  const sim = new Simulation({ seed });
  const a = sim.addStack({ name: "a", mac: "02:00:00:00:00:01", ip: "10.0.0.1", seed: 1 });
  const b = sim.addStack({ name: "b", mac: "02:00:00:00:00:02", ip: "10.0.0.2", seed: 2 });
  return { sim, a, b };
}

/** Records a socket's events in order, with data as text. */
function record(s: Socket, log: string[], who: string): void {
  s.on("connect", () => log.push(`${who} connect`));
  s.on("data", (d: Buffer) => log.push(`${who} data ${d}`));
  s.on("end", () => log.push(`${who} end`));
  s.on("close", () => log.push(`${who} close`));
  s.on("error", (e: Error & { code?: string }) => log.push(`${who} error ${e.code}`));
}

test("socket_requestReplyBothEnd_eventsAddressesAndCounts", async () => {
  const { sim, a, b } = world();
  const log: string[] = [];
  let server: Socket | undefined;
  b.createServer((s) => {
    server = s;
    record(s, log, "server");
    s.on("data", (d: Buffer) => s.end(`re: ${d}`));
  }).listen(7);
  const c = a.createConnection(7, "10.0.0.2", () => c.write("ping"));
  record(c, log, "client");
  await sim.run({ until: () => log.filter((x) => x.endsWith("close")).length === 2 });
  assert.deepEqual(log.filter((x) => x.startsWith("client")), ["client connect", "client data re: ping", "client end", "client close"]);
  assert.deepEqual(log.filter((x) => x.startsWith("server")), ["server data ping", "server end", "server close"]);
  assert.deepEqual([c.localAddress, c.remoteAddress, c.remotePort], ["10.0.0.1", "10.0.0.2", 7]);
  assert.ok(c.localPort! >= 49152, "an ephemeral port");
  assert.deepEqual([server!.remoteAddress, server!.remotePort, server!.localAddress, server!.localPort], ["10.0.0.1", c.localPort, "10.0.0.2", 7]);
  assert.deepEqual([c.bytesWritten, c.bytesRead, server!.bytesWritten, server!.bytesRead], [4, 8, 8, 4]);
});

test("socket_endRightAfterConnect_dataAndFinQueuedUntilEstablished", async () => {
  const { sim, a, b } = world();
  let got = "", ended = false;
  b.createServer((s) => { s.on("data", (d) => (got += d)); s.on("end", () => { ended = true; }); }).listen(80);
  a.createConnection(80, "10.0.0.2").end("early bird");
  await sim.run({ until: () => ended });
  assert.equal(got, "early bird");
});

test("socket_allowHalfOpenFalse_peersEndEndsOurSide", async () => {
  const { sim, a, b } = world();
  const log: string[] = [];
  b.createServer((s) => record(s, log, "server")).listen(80);
  const c = a.createConnection(80, "10.0.0.2", () => c.end());
  record(c, log, "client");
  await sim.run({ until: () => log.includes("client close") && log.includes("server close") });
  assert.ok(log.includes("client end"), "the server ended its side when the client's FIN arrived");
  assert.ok(log.indexOf("server end") < log.indexOf("client end"));
  assert.ok(!log.some((x) => x.includes("error")));
});

test("socket_allowHalfOpenTrue_serverWritesAfterPeersEnd", async () => {
  const { sim, a, b } = world();
  b.createServer({ allowHalfOpen: true }, (s) => {
    let req = "";
    s.on("data", (d) => (req += d));
    s.on("end", () => setImmediate(() => s.end(`after your FIN: ${req}`)));
  }).listen(80);
  let reply = "", closed = false;
  const c = a.createConnection(80, "10.0.0.2", () => c.end("question"));
  c.on("data", (d) => (reply += d));
  c.on("close", () => { closed = true; });
  await sim.run({ until: () => closed });
  assert.equal(reply, "after your FIN: question");
});

test("socket_writeBeyondSendBuffer_falseThenDrain", async () => {
  const { sim, a, b } = world();
  let got = 0;
  b.createServer((s) => s.on("data", (d) => (got += d.length))).listen(80);
  const c = a.createConnection(80, "10.0.0.2");
  let drained = false;
  assert.equal(c.write(Buffer.alloc(100_000)), false, "backpressure: the write is buffered");
  c.on("drain", () => { drained = true; });
  await sim.run({ until: () => drained && got === 100_000 });
  assert.equal(c.bytesWritten, 100_000);
});

test("socket_connectToClosedPort_ECONNREFUSED", async () => {
  const { sim, a } = world();
  const log: string[] = [];
  record(a.createConnection(9, "10.0.0.2"), log, "client");
  await sim.run({ until: () => log.includes("client close") });
  assert.deepEqual(log, ["client error ECONNREFUSED", "client close"]);
});

test("socket_everySynLost_ETIMEDOUTAfterSynRetries", async () => {
  const { sim, a, b } = world();
  b.createServer(() => {}).listen(80);
  sim.link.drop({ from: "a", match: (s) => s.proto === 6 && (s.flags! & 0x02) !== 0 });
  const log: string[] = [];
  record(a.createConnection(80, "10.0.0.2"), log, "client");
  await sim.run({ until: () => log.includes("client close"), maxMs: 600_000 });
  assert.deepEqual(log, ["client error ETIMEDOUT", "client close"]);
  assert.ok(sim.clock.now() >= 60_000, `gave up after ${sim.clock.now()} ms`);
});

// Nobody answers ARP for the address: after three requests a second apart the connect fails, as on Linux.
test("socket_noHostAtAddress_EHOSTUNREACHAfterThreeArpRequests", async () => {
  const { sim, a } = world();
  const log: string[] = [];
  record(a.createConnection(80, "10.0.0.9"), log, "client");
  await sim.run({ until: () => log.includes("client close"), maxMs: 600_000 });
  assert.deepEqual(log, ["client error EHOSTUNREACH", "client close"]);
  assert.ok(sim.clock.now() <= 4000, `gave up after ${sim.clock.now()} ms`);
});

test("socket_hostNameWithoutResolver_ENORESOLVERAsynchronouslyNamingTheHost", async () => {
  const { sim, a } = world();
  const log: string[] = [];
  const s = a.createConnection(80, "example.invalid");
  let message = "";
  s.on("error", (e) => { message = e.message; });
  record(s, log, "client");
  assert.equal(log.length, 0, "nothing synchronously, as net");
  await sim.run({ until: () => log.includes("client close") });
  assert.deepEqual(log, ["client error ENORESOLVER", "client close"]);
  assert.equal(message, `cannot connect to "example.invalid": this stack has no resolver (give createStack a resolve function or dns servers, take them from DHCP, or connect to an IPv4 address)`);
});

test("socket_hostNameWithResolver_connectsToTheResolvedAddress", async () => {
  const sim = new Simulation({ seed: 1 });
  const a = sim.addStack({ name: "a", mac: "02:00:00:00:00:01", ip: "10.0.0.1", seed: 1, resolve: (h) => (h === "b.test" ? "10.0.0.2" : "0") });
  const b = sim.addStack({ name: "b", mac: "02:00:00:00:00:02", ip: "10.0.0.2", seed: 2 });
  const log: string[] = [];
  b.createServer((s) => s.end("hi")).listen(80);
  const c = a.createConnection(80, "b.test");
  record(c, log, "client");
  await sim.run({ until: () => log.includes("client close") });
  assert.deepEqual(log, ["client connect", "client data hi", "client end", "client close"]);
  assert.equal(c.remoteAddress, "10.0.0.2");
});

test("socket_keepAliveDeadPeer_ETIMEDOUT", async () => {
  const { sim, a, b } = world();
  b.createServer((s) => s.on("error", () => {})).listen(80);
  const log: string[] = [];
  const c = a.createConnection(80, "10.0.0.2", () => {
    c.setKeepAlive(true, 10_000);
    sim.link.drop({ from: "b" }); // the server falls silent
  });
  record(c, log, "client");
  await sim.run({ until: () => log.includes("client close"), maxMs: 2_000_000 });
  assert.deepEqual(log, ["client connect", "client error ETIMEDOUT", "client close"]);
  assert.ok(sim.clock.now() >= 10_000, "not before the idle time");
});

test("server_listenVariants_callbackAddressAndErrors", async () => {
  const { sim, b } = world(); // this build has two listener slots
  const log: string[] = [];
  const listen = async (what: string, start: () => { close(cb: () => void): unknown; on(e: string, f: (e: Error & { code?: string }) => void): unknown }, keep = false) => {
    let done = false;
    const s = start();
    s.on("listening", () => { log.push(`${what} listening`); done = true; });
    s.on("error", (e) => { log.push(`${what} ${e.code}`); done = true; });
    await sim.run({ until: () => done });
    if (!keep) { let closed = false; s.close(() => { closed = true; }); await sim.run({ until: () => closed }); }
    return s;
  };
  let cb = 0;
  const s80 = b.createServer().listen(80, "10.0.0.2", () => cb++);
  await sim.run({ until: () => cb === 1 });
  await listen("81", () => b.createServer().listen({ port: 81 }, () => cb++));
  await listen("82", () => b.createServer().listen(82, "0.0.0.0", 16, () => cb++));
  await listen("80 again", () => b.createServer().listen(80));
  await listen("83", () => b.createServer().listen(83, "10.9.9.9"));
  assert.deepEqual(log, ["81 listening", "82 listening", "80 again EADDRINUSE", "83 EADDRNOTAVAIL"]);
  assert.equal(cb, 3, "each callback once");
  assert.deepEqual(s80.address(), { address: "10.0.0.2", port: 80, family: "IPv4" });
  let closed = false;
  s80.close(() => { closed = true; });
  await sim.run({ until: () => closed });
  assert.equal(s80.listening, false);
});

test("sim_conditionNeverHolds_errorAtMaxMs", async () => {
  const { sim, a, b } = world();
  b.createServer(() => {}).listen(80);
  a.createConnection(80, "10.0.0.2").setKeepAlive(true, 1000);
  await assert.rejects(sim.run({ until: () => false, maxMs: 5000 }), /stuck at \d+ ms/);
  assert.ok(sim.clock.now() <= 5000);
});
