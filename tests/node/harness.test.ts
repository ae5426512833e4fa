// The Node harness: virtual link rules and faults, net-compatible sockets, Node's http and pipeline
// over the stack, pcap output read by tshark, and the demo.
import test from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import { pipeline } from "node:stream/promises";
import { Readable, Writable } from "node:stream";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createHash } from "node:crypto";
import { Simulation } from "../../host/node/stack.js";
import { PcapWriter } from "../../host/pcap.js";
import { demo } from "../../host/node/demo.js";
import type { Observation } from "../../host/link.js";

function world(seed = 1) {
  const sim = new Simulation({ seed });
  const a = sim.addStack({ name: "a", mac: "02:00:00:00:00:01", ip: "10.0.0.1", seed: 1 });
  const b = sim.addStack({ name: "b", mac: "02:00:00:00:00:02", ip: "10.0.0.2", seed: 2 });
  return { sim, a, b };
}

test("link_dropNthSynAck_clientRetransmitsSynAfter1s", async () => {
  const { sim, a, b } = world();
  const seen: Observation[] = [];
  sim.link.observe((o) => seen.push(o));
  sim.link.drop({ from: "b", match: (s) => s.proto === 6 && (s.flags! & 0x12) === 0x12, nth: 1 });
  b.createServer(() => {}).listen(80);
  let connectedAt = -1;
  a.createConnection(80, "10.0.0.2", () => { connectedAt = sim.clock.now(); });
  await sim.run({ until: () => connectedAt >= 0 });
  const synacks = seen.filter((o) => o.seen.proto === 6 && (o.seen.flags! & 0x12) === 0x12);
  // The first is dropped; around 1 s the server's retransmission timer and the client's repeated SYN
  // each bring another.
  assert.deepEqual(synacks.map((o) => o.lost), [true, false, false], "exactly the first SYN-ACK was dropped");
  assert.ok(connectedAt >= 1000, "the handshake completed only after the SYN-ACK was resent");
});

test("link_sameSeedFaults_identicalRuns", async () => {
  const run = async () => {
    const { sim, a, b } = world(42);
    sim.faults("*", "*", { loss: 0.1, duplicate: 0.05, reorder: 0.1, jitterMs: 3 });
    const trace: string[] = [];
    sim.link.observe((o) => trace.push(`${o.ms} ${o.from}>${o.to} ${o.lost} ${o.frame.length}`));
    let got = 0;
    b.createServer((s) => s.on("data", (d) => { got += d.length; })).listen(80);
    const s = a.createConnection(80, "10.0.0.2");
    s.end(Buffer.alloc(200_000, 7));
    await sim.run({ until: () => got === 200_000, maxMs: 600_000 });
    return trace.join("\n");
  };
  assert.equal(await run(), await run());
});

test("socket_connectToClosedPort_errorECONNREFUSEDThenClose", async () => {
  const { sim, a } = world();
  const events: string[] = [];
  const s = a.createConnection(81, "10.0.0.2");
  s.on("error", (e: Error & { code?: string }) => events.push(`error ${e.code}`));
  s.on("close", () => events.push("close"));
  await sim.run({ until: () => events.includes("close") });
  assert.deepEqual(events, ["error ECONNREFUSED", "close"]);
});

test("socket_peerResets_errorECONNRESET", async () => {
  const { sim, a, b } = world();
  b.createServer((s) => { s.on("error", () => {}); s.destroy(new Error("drop it")); }).listen(80);
  let code = "";
  const s = a.createConnection(80, "10.0.0.2");
  s.on("error", (e: Error & { code?: string }) => { code = e.code ?? ""; });
  await sim.run({ until: () => code !== "" });
  assert.equal(code, "ECONNRESET");
});

test("socket_pipelineOneMiBEachWay_integrityAndBackpressure", async () => {
  const { sim, a, b } = world();
  const data = Buffer.alloc(1 << 20);
  for (let i = 0; i < data.length; i++) data[i] = (i * 131) & 255;
  b.createServer((s) => { pipeline(s, s).catch(() => {}); }).listen(7);
  const chunks: Buffer[] = [];
  let done = false;
  const s = a.createConnection(7, "10.0.0.2");
  const sink = new Writable({ write(c, _e, cb) { chunks.push(c); cb(); } });
  Promise.all([pipeline(Readable.from([data.subarray(0, 400_000), data.subarray(400_000)]), s), pipeline(s, sink)]).then(() => { done = true; });
  await sim.run({ until: () => done, maxMs: 300_000 });
  const got = Buffer.concat(chunks);
  assert.equal(got.length, data.length);
  assert.ok(got.equals(data));
  assert.equal(s.bytesWritten, data.length);
  assert.equal(s.remoteAddress, "10.0.0.2");
  assert.equal(s.remotePort, 7);
});

test("http_nodeServerAndClientOverStack_getAndPut", async () => {
  const { sim, a, b } = world();
  const server = http.createServer((req, res) => {
    if (req.method === "GET") { res.setHeader("content-type", "text/plain"); res.end(`hello from ${req.url}`); return; }
    const h = createHash("sha256");
    let n = 0;
    req.on("data", (d) => { n += d.length; h.update(d); });
    req.on("end", () => res.end(JSON.stringify({ n, sha256: h.digest("hex") })));
  });
  b.createServer((s) => server.emit("connection", s)).listen(80);
  const request = (method: string, path: string, body?: Buffer) => new Promise<string>((resolve, reject) => {
    const r = http.request({ method, path, createConnection: () => a.createConnection(80, "10.0.0.2"), headers: { connection: "close" } }, (res) => {
      let s = "";
      res.on("data", (d) => (s += d));
      res.on("end", () => resolve(`${res.statusCode} ${s}`));
    });
    r.on("error", reject);
    r.end(body);
  });
  let get = "", put = "";
  request("GET", "/index.html").then((x) => (get = x));
  const body = Buffer.alloc(300_000, 3);
  request("PUT", "/sink", body).then((x) => (put = x));
  await sim.run({ until: () => get !== "" && put !== "", maxMs: 120_000 });
  assert.equal(get, "200 hello from /index.html");
  assert.deepEqual(JSON.parse(put.slice(4)), { n: body.length, sha256: createHash("sha256").update(body).digest("hex") });
  await sim.run({ maxMs: 200_000 });
  assert.equal(a.core.inUse() + b.core.inUse(), 0, "every connection closed and left TIME-WAIT");
});

test("pcap_lossyTransfer_tsharkReadsWithoutMalformedOrChecksumErrors", async () => {
  const { sim, a, b } = world(5);
  sim.faults("*", "*", { loss: 0.05, reorder: 0.05 });
  const pcap = new PcapWriter();
  sim.link.observe((o) => { if (!o.lost) pcap.add(o.ms, o.frame); });
  let got = 0;
  b.createServer((s) => s.on("data", (d) => { got += d.length; })).listen(80);
  a.createConnection(80, "10.0.0.2").end(Buffer.alloc(100_000, 1));
  await sim.run({ until: () => got === 100_000 });
  const dir = mkdtempSync(join(tmpdir(), "wasmtcp-"));
  try {
    const file = join(dir, "t.pcap");
    writeFileSync(file, pcap.bytes());
    const out = execFileSync("tshark", ["-r", file, "-V", "-o", "tcp.check_checksum:TRUE", "-o", "ip.check_checksum:TRUE"], { stdio: ["ignore", "pipe", "ignore"], maxBuffer: 1 << 28 }).toString();
    assert.ok(out.includes("Transmission Control Protocol"), "tshark decoded the TCP segments");
    for (const bad of ["Malformed", "[incorrect", "Bad checksum", "checksum_bad"]) assert.ok(!out.includes(bad), `tshark reported "${bad}"`);
  } finally { rmSync(dir, { recursive: true, force: true }); }
});

test("demo_runs_fullHandshakeDataCloseAndTimeWait", async () => {
  const out = await demo({});
  for (const s of ["SYN_SENT", "SYN_RECEIVED", "ESTABLISHED", "FIN_WAIT_1", "FIN_WAIT_2", "TIME_WAIT", "CLOSE_WAIT", "LAST_ACK", "CLOSED"]) assert.ok(out.includes(s), s);
  assert.match(out, /client read: "hello, client!\\n"/);
  assert.match(out, /connections left: client 0, server 0/);
});
