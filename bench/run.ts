// npm run bench: goodput and connection rate of two wasmtcp stacks in one process, against the Linux
// kernel's TCP over loopback and lwIP (Debian's liblwip, two netifs in one process: bench/lwip) measured in
// the same run, plus RAM per connection, plus callgrind's instruction counts of lwIP and of wasmtcp as C
// (wasm2c) on one C harness. Writes bench/results.json.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
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

// bench/lwip's C pairs: lwip-pair (Debian's liblwip-dev) and wasmtcp[-large]-pair (the .wasm through wasm2c),
// each two stacks on the same in-memory wire and harness. A missing package skips its part, saying which.
const root = fileURLToPath(new URL("../../", import.meta.url));
type Figures = Record<string, number | string>;

function make(target: string, needs: string): boolean {
  const r = spawnSync("make", ["-s", "-C", join(root, "bench/lwip"), target], { encoding: "utf8", timeout: 120_000 });
  if (r.status === 0) return true;
  const why = (r.stderr || r.error?.message || "").trim().split("\n").slice(-2).join(" ");
  console.error(`bench/lwip: cannot build ${target} (needs ${needs}), skipped: ${why}`);
  return false;
}

function pair(name: string, args: string[]): Figures {
  return JSON.parse(execFileSync(join(root, "build/bench", name), args, { encoding: "utf8", timeout: 60_000 }));
}

/** Instructions callgrind counts in `fn` of a pair and all it calls (wasm under Node is no fair subject:
 *  callgrind would count V8's compilers and the JavaScript harness, so wasmtcp is counted as wasm2c's C). */
function instructions(name: string, fn: string, args: string[]): number {
  const dir = mkdtempSync(join(tmpdir(), "wasmtcp-bench-"));
  try {
    const out = join(dir, "callgrind.out");
    execFileSync("valgrind", ["--tool=callgrind", `--callgrind-out-file=${out}`, `--toggle-collect=${fn}`,
      join(root, "build/bench", name), ...args], { stdio: ["ignore", "ignore", "pipe"], timeout: 120_000 });
    const m = /^summary:\s*(\d+)/m.exec(readFileSync(out, "utf8"));
    if (!m) throw new Error(`${name}: no summary in callgrind's output`);
    return Number(m[1]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
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
// Callgrind runs a smaller transfer and fewer cycles: its counts do not vary from run to run.
const cgBytes = 4 * MiB, cgConns = 50;
const hasValgrind = spawnSync("valgrind", ["--version"]).status === 0;
if (!hasValgrind) console.error("bench: valgrind is missing, instruction counts skipped");
const counted = (name: string) => hasValgrind ? {
  instrPerByte: +(instructions(name, "bulk_transfer", ["--bytes", `${cgBytes}`, "--conns", "0"]) / cgBytes).toFixed(2),
  instrPerConn: Math.round(instructions(name, "conn_cycles", ["--bytes", "0", "--conns", `${cgConns}`]) / cgConns),
} : {};
let lwip: Figures | undefined;
if (make("lwip", "Debian's liblwip-dev, pkg-config and a C compiler")) {
  lwip = pair("lwip-pair", ["--bytes", `${bytes}`, "--conns", `${conns}`, "--idle", "64"]);
  if (hasValgrind) Object.assign(lwip, counted("lwip-pair"));
}
const rows: Record<string, unknown>[] = [];
const cRows: Record<string, unknown>[] = [];
const hasWasm2c = make("wasmtcp", "wasm2c from Debian's wabt and a C compiler");
for (const build of ["wasmtcp.wasm", "wasmtcp-large.wasm"]) {
  const g = wasmGoodput(build, bytes);
  const c = wasmConnRate(build, conns);
  rows.push({
    build, goodputMiBs: +g.toFixed(1), goodputVsLinux: +(g / linux.goodputMiBs).toFixed(3),
    ...(lwip && { goodputVsLwip: +(g / +lwip.goodputMiBs).toFixed(3) }),
    connPerSec: Math.round(c), connRateVsLinux: +(c / linux.connPerSec).toFixed(2),
    ...(lwip && { connRateVsLwip: +(c / +lwip.connPerSec).toFixed(2) }), ...ram(build),
  });
  if (hasWasm2c) {
    const name = build.replace(".wasm", "-pair");
    const f = pair(name, ["--bytes", `${bytes}`, "--conns", `${conns}`]);
    cRows.push({ stack: `${build} (wasm2c)`, goodputMiBs: f.goodputMiBs, connPerSec: f.connPerSec, ...counted(name) });
  }
}
if (lwip) cRows.push({ stack: `lwIP ${lwip.lwipVersion}`, goodputMiBs: lwip.goodputMiBs, connPerSec: lwip.connPerSec,
  instrPerByte: lwip.instrPerByte, instrPerConn: lwip.instrPerConn });
for (const r of cRows) if (lwip?.instrPerByte && r.instrPerByte) r.instrPerByteVsLwip = +(+r.instrPerByte / +lwip.instrPerByte).toFixed(2);
const results = { date: new Date().toISOString(), node: process.version, transferBytes: bytes, connections: conns,
  linuxLoopback: { goodputMiBs: +linux.goodputMiBs.toFixed(1), connPerSec: Math.round(linux.connPerSec) },
  ...(lwip && { lwip }), wasmtcp: rows,
  ...(cRows.length && { sameCHarness: { callgrindTransferBytes: cgBytes, callgrindConnections: cgConns, rows: cRows } }) };
writeFileSync(new URL("./results.json", import.meta.url).pathname.replace("/dist/bench/", "/bench/"), JSON.stringify(results, null, 2) + "\n");
console.log(`Linux loopback (Node net, same run): ${results.linuxLoopback.goodputMiBs} MiB/s, ${results.linuxLoopback.connPerSec} conn/s`);
if (lwip) {
  console.log(`lwIP ${lwip.lwipVersion} (Debian's liblwip, two netifs in one process, same run): ${lwip.goodputMiBs} MiB/s, ` +
    `${lwip.connPerSec} conn/s (${lwip.connPerSecTimeWaitKept} conn/s leaving TIME_WAITs to pile up); TCP_WND ${lwip.tcpWnd}, ` +
    `TCP_SND_BUF ${lwip.tcpSndBuf}, MSS ${lwip.mss}; per connection a ${lwip.tcpPcbBytes}-byte tcp_pcb and buffers from the ` +
    `heap (measured: ${lwip.heapPerIdlePcbBytes} B per idle connection, ${lwip.heapPeakBulkBytes} B more at the peak of a transfer)`);
}
console.table(rows);
if (cRows.length) {
  console.log(`Same C harness and wire (bench/lwip), gcc -O2; instructions by callgrind over ${cgBytes / MiB} MiB and ${cgConns} connections:`);
  console.table(cRows);
}
