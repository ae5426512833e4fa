// npm run bench: goodput and connection rate of two wasmtcp stacks in one process, against the Linux
// kernel's TCP over loopback measured in the same run, plus RAM per connection. Writes bench/results.json.
import { writeFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import net from "node:net";
import { Pair, transfer } from "../tests/node/support/pair.js";
import { loadCore, ip4 } from "../tests/node/support/wasm.js";

const MiB = 1 << 20;

function wasmGoodput(build: string, bytes: number): number {
  const pair = new Pair({}, build);
  const t0 = performance.now();
  const [r] = transfer(pair, bytes, 0);
  const s = (performance.now() - t0) / 1000;
  if (r.receivedHash !== r.sentHash) throw new Error("corrupted transfer");
  return bytes / s / MiB;
}

function wasmConnRate(build: string, count: number): number {
  const pair = new Pair({}, build);
  const { a, b } = pair;
  const l = b.e.tcp_listen(80, 64);
  const t0 = performance.now();
  for (let i = 0; i < count; i++) {
    const c = a.e.tcp_connect(ip4("10.0.0.2"), 80, 0, pair.now >>> 0);
    if (c < 0) throw new Error(`connect ${c}`);
    let s = -1;
    for (let k = 0; k < 100 && s < 0; k++) { pair.step(true); s = b.e.tcp_accept(l); }
    a.e.tcp_close(c, pair.now >>> 0);
    b.e.tcp_close(s, pair.now >>> 0);
    // Run the close to the end, TIME_WAIT included (virtual time is free), so slots never run out.
    for (let k = 0; k < 1000 && (a.e.tcp_in_use() || b.e.tcp_in_use() > 0); k++) pair.step(false);
  }
  return count / ((performance.now() - t0) / 1000);
}

async function linuxGoodput(bytes: number): Promise<number> {
  const chunk = Buffer.alloc(64 * 1024, 7);
  return new Promise((resolve, reject) => {
    let got = 0;
    let t0 = 0;
    const server = net.createServer((sock) => {
      sock.on("data", (d) => { got += d.length; });
      sock.on("end", () => { const s = (performance.now() - t0) / 1000; server.close(); resolve(got / s / MiB); });
    });
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as net.AddressInfo).port;
      const c = net.connect(port, "127.0.0.1", () => {
        t0 = performance.now();
        let sent = 0;
        const pump = () => {
          while (sent < bytes) { sent += chunk.length; if (!c.write(chunk)) { c.once("drain", pump); return; } }
          c.end();
        };
        pump();
      });
      c.on("error", reject);
    });
  });
}

async function linuxConnRate(count: number): Promise<number> {
  const server = net.createServer((s) => { s.on("end", () => s.end()); s.resume(); });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as net.AddressInfo).port;
  const t0 = performance.now();
  for (let i = 0; i < count; i++) {
    await new Promise<void>((resolve, reject) => {
      const c = net.connect(port, "127.0.0.1", () => c.end());
      c.resume();
      c.on("close", () => resolve());
      c.on("error", reject);
    });
  }
  const rate = count / ((performance.now() - t0) / 1000);
  server.close();
  return rate;
}

function ram(build: string) {
  const e = loadCore(build).e;
  return {
    connections: e.config_connections(), bytesPerConnection: e.config_bytes_per_connection(),
    staticBytes: e.static_top(), linearMemoryBytes: e.memory.buffer.byteLength,
  };
}

const bytes = 64 * MiB;
const conns = 2000;
const linux = { goodputMiBs: await linuxGoodput(bytes), connPerSec: await linuxConnRate(conns) };
const rows: Record<string, unknown>[] = [];
for (const build of ["wasmtcp.wasm", "wasmtcp-large.wasm"]) {
  const g = wasmGoodput(build, bytes);
  const c = wasmConnRate(build, conns);
  rows.push({
    build, goodputMiBs: +g.toFixed(1), goodputVsLinux: +(g / linux.goodputMiBs).toFixed(3),
    connPerSec: Math.round(c), connRateVsLinux: +(c / linux.connPerSec).toFixed(2), ...ram(build),
  });
}
const results = { date: new Date().toISOString(), node: process.version, transferBytes: bytes, connections: conns,
  linuxLoopback: { goodputMiBs: +linux.goodputMiBs.toFixed(1), connPerSec: Math.round(linux.connPerSec) }, wasmtcp: rows };
writeFileSync(new URL("./results.json", import.meta.url).pathname.replace("/dist/bench/", "/bench/"), JSON.stringify(results, null, 2) + "\n");
console.log(`Linux loopback (Node net, same run): ${results.linuxLoopback.goodputMiBs} MiB/s, ${results.linuxLoopback.connPerSec} conn/s`);
console.table(rows);
