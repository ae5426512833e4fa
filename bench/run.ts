// npm run bench [-- --rounds N --mib N --conns N --loss-tap-rounds N --loss-tap-cap S]: goodput and connection rate of two wasmtcp stacks in one
// process (a lean driver of the .wasm, and the public host API: Simulation, Stack, net-compatible
// sockets), against the Linux kernel's TCP over loopback (Node's net) and lwIP (Debian's liblwip, two
// netifs in one process: bench/lwip), the cost of input() of a full segment beside the checksum of its
// bytes, RAM per connection, and callgrind's instruction counts of lwIP and of wasmtcp as C (wasm2c) on
// one C harness; loss profiles in virtual time (loss.ts) and over TAP devices beside Linux to Linux
// (loss-tap.ts). Every timed figure runs once per round, the rounds interleave all figures, and each is
// reported as median [min-max]. Writes bench/results.json and bench/results.md (the README's table).
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";
import net from "node:net";
import { Pair, transfer } from "../tests/node/support/pair.js";
import { loadCore, ip4 } from "../tests/node/support/wasm.js";
import { hostApiGoodput } from "./hostapi.js";
import { checksumNs, inputNsPerSegment } from "./segment.js";
import { TAP_BYTES, tapGoodput, tapUnavailable, type TapServer } from "./tap.js";
import { qemuEngines, qemuHttpGoodput, qemuHttpUnavailable } from "./qemu-http.js";
import { lossFigures, lossTable, LOSS_INTRO } from "./loss.js";
import { lossTapFigures, lossTapIntro, lossTapTable, lossTapUnavailable, type TapLossOptions } from "./loss-tap.js";

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
  return instructionsOf(name, fn, args) - (fn === "bulk_transfer" ? instructionsOf(name, "sum_update", args) : 0);
}

/** bulk_transfer minus the harness's hashing (sum_update), which both pairs run on every byte. */
function instructionsOf(name: string, fn: string, args: string[]): number {
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


const arg = (name: string, dflt: number) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? Number(process.argv[i + 1]) : dflt; };
// --qemu-baseline DIR: another build's QEMU firmware (bench/qemu-baseline.sh COMMIT DIR), measured beside this one.
const qemuBaseline = process.argv.includes("--qemu-baseline") ? process.argv[process.argv.indexOf("--qemu-baseline") + 1] : undefined;
const rounds = arg("rounds", 5), bytes = arg("mib", 64) * MiB, conns = arg("conns", 2000);
const builds = ["wasmtcp.wasm", "wasmtcp-large.wasm"];
const hasWasm2c = make("wasmtcp", "wasm2c from Debian's wabt and a C compiler")
  && make(join(root, "build/bench/wasmtcp-window64k-pair"), "wasm2c from Debian's wabt and a C compiler");
const hasLwip = make("lwip", "Debian's liblwip-dev, pkg-config and a C compiler");
const noTap = tapUnavailable(root);
if (noTap) console.error(`bench: TAP figures skipped: ${noTap}`);
const tapServers: TapServer[] = noTap ? [] : ["linux-veth", "node", "posix-wasm2c", "posix-wasm3"];
const noQemu = noTap ?? qemuHttpUnavailable(root);
if (noQemu) console.error(`bench: QEMU figures skipped: ${noQemu}`);
const qemuBytes = 4 * MiB; // the emulated Cortex-M3 moves a few MB/s: a short transfer keeps the rounds short
const cPairs = [...(hasWasm2c ? [...builds, "wasmtcp-window64k.wasm"].map((b) => b.replace(".wasm", "-pair")) : []), ...(hasLwip ? ["lwip-pair"] : [])];

// Each figure is a function run once per round; the order rotates each round, so drift in the machine's
// load spreads over all figures instead of landing on one.
const samples = new Map<string, number[]>();
const add = (k: string, v: number) => { if (!samples.has(k)) samples.set(k, []); samples.get(k)!.push(v); };
const cInfo = new Map<string, Figures>();
const figures: [string, () => Promise<void> | void][] = [
  ["linux goodput", async () => add("linux.goodputMiBs", await linuxGoodput(bytes))],
  ["linux connections", async () => add("linux.connPerSec", await linuxConnRate(conns))],
  ["checksum", () => add("checksumNsPerSegmentBytes", checksumNs())],
  ["input", () => add("inputNsPerSegment", inputNsPerSegment("wasmtcp-large.wasm", Math.min(bytes, 4 * MiB)))],
  ...builds.flatMap((b): [string, () => Promise<void> | void][] => [
    [`${b} lean goodput`, () => add(`${b}.goodputMiBs`, wasmGoodput(b, bytes))],
    [`${b} host API goodput`, async () => add(`${b}.hostApiGoodputMiBs`, await hostApiGoodput(b, bytes))],
    [`${b} connections`, () => add(`${b}.connPerSec`, wasmConnRate(b, conns))],
  ]),
  ...tapServers.map((t): [string, () => Promise<void>] => [`TAP ${t}`, async () => add(`tap.${t}`, await tapGoodput(root, t, TAP_BYTES))]),
  ...(noQemu ? [] : qemuEngines).map((e): [string, () => Promise<void>] => [`QEMU ${e}`, async () => add(`qemu.${e}`, await qemuHttpGoodput(root, e, qemuBytes))]),
  ...(noQemu || !qemuBaseline ? [] : qemuEngines).map((e): [string, () => Promise<void>] => [`QEMU ${e} baseline`, async () => add(`qemu.baseline.${e}`, await qemuHttpGoodput(root, e, qemuBytes, qemuBaseline))]),
  ...cPairs.map((name): [string, () => void] => [name, () => {
    const f = pair(name, ["--bytes", `${bytes}`, "--conns", `${conns}`, ...(name === "lwip-pair" ? ["--idle", "64"] : [])]);
    cInfo.set(name, f);
    add(`${name}.goodputMiBs`, +f.goodputMiBs);
    add(`${name}.connPerSec`, +f.connPerSec);
  }]),
];
for (let r = 0; r < rounds; r++) {
  for (let i = 0; i < figures.length; i++) {
    const [name, run] = figures[(i + r) % figures.length];
    process.stderr.write(`round ${r + 1}/${rounds}: ${name}\r\x1b[K`);
    await run();
  }
}
process.stderr.write("\n");

interface Stat { median: number; min: number; max: number }
const stat = (k: string): Stat => {
  const v = [...(samples.get(k) ?? [])].sort((a, b) => a - b);
  const m = v.length % 2 ? v[v.length >> 1] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  return { median: m, min: v[0], max: v[v.length - 1] };
};
const r1 = (x: Stat, d = 1): Stat => ({ median: +x.median.toFixed(d), min: +x.min.toFixed(d), max: +x.max.toFixed(d) });
const fmt = (x: Stat, d = 1) => `${x.median.toFixed(d)} [${x.min.toFixed(d)}-${x.max.toFixed(d)}]`;
const ratio = (a: Stat, b: Stat) => +(a.median / b.median).toFixed(3);

// The loss profiles run in virtual time: exact, so once.
process.stderr.write("loss profiles (virtual link)\n");
const loss = lossFigures();

// The same kind of profiles over TAP devices, the stack beside Linux to Linux, in real time: minutes per
// round, so rounds of their own (--loss-tap-rounds N, 0 to leave them out).
const lossTapOptions: TapLossOptions = { rounds: arg("loss-tap-rounds", 1), capS: arg("loss-tap-cap", 90), seed: 1, scale: 1,
  log: (s) => process.stderr.write(`${s}\r\x1b[K`) };
const noLossTap = lossTapOptions.rounds > 0 ? lossTapUnavailable() : "--loss-tap-rounds 0";
if (noLossTap) console.error(`bench: loss profiles over TAP skipped: ${noLossTap}`);
const lossTap = noLossTap ? [] : await lossTapFigures(lossTapOptions);

// Callgrind counts do not vary from run to run: one smaller transfer and fewer cycles each.
const cgBytes = 4 * MiB, cgConns = 50;
const hasValgrind = spawnSync("valgrind", ["--version"]).status === 0;
if (!hasValgrind) console.error("bench: valgrind is missing, instruction counts skipped");
const counted = (name: string) => {
  if (!hasValgrind) return {};
  const perByte = instructions(name, "bulk_transfer", ["--bytes", `${cgBytes}`, "--conns", "0"]) / cgBytes;
  return { instrPerByte: +perByte.toFixed(2), instrPerFullSegment: Math.round(perByte * 1460),
    instrPerConn: Math.round(instructions(name, "conn_cycles", ["--bytes", "0", "--conns", `${cgConns}`]) / cgConns) };
};

// The same two figures in instructions, wasmtcp-large.wasm as C (wasm2c), free of the machine's load: the
// receiver's input() of each full segment of a transfer, and checksum.wasm's checksum of 1480 bytes.
const segmentCounts = () => {
  if (!hasValgrind || !hasWasm2c || !make("checksum-count", "build/bench/checksum.wasm (npm run build:bench)")) return {};
  const args = ["--bytes", `${cgBytes}`, "--conns", "0"], rounds = 1000;
  const segments = +pair("wasmtcp-large-pair", args).fullSegments;
  const input = Math.round(instructionsOf("wasmtcp-large-pair", "full_segment_input", args) / segments);
  const checksum = Math.round(instructionsOf("checksum-count", "checksum_rounds", ["--rounds", `${rounds}`]) / rounds);
  return { inputInstrPerFullSegment: input, checksumInstrPerSegmentBytes: checksum, inputVsChecksumInstr: +(input / checksum).toFixed(3) };
};
const segmentInstr: { inputInstrPerFullSegment?: number, checksumInstrPerSegmentBytes?: number, inputVsChecksumInstr?: number } = segmentCounts();

// Copies of each payload byte from the sender's application buffer to the receiver's, by construction:
//   host API: Buffer -> send ring (Core.send, in place), -> frame (emit), -> pooled frame (link_send hook),
//             -> rx_buffer (Core.input), -> receive ring, -> slab (Core.recv, in place): 6
//   lean driver and C pairs (through io_buffer): -> io_buffer, -> send ring, -> frame, -> wire copy,
//             -> rx_buffer, -> receive ring, -> io_buffer (the hash reads it in place): 7
//   of which the core's own on the in-place path: frame, receive ring: 2
const copiesPerByte = { hostApi: 6, lean: 7, cPair: 7, core: 2 };

const linux = { goodputMiBs: r1(stat("linux.goodputMiBs")), connPerSec: r1(stat("linux.connPerSec"), 0) };
const lwip = hasLwip ? { ...cInfo.get("lwip-pair") as Figures, goodputMiBs: r1(stat("lwip-pair.goodputMiBs")), connPerSec: r1(stat("lwip-pair.connPerSec"), 0) } : undefined;
const rows = builds.map((b) => {
  const g = stat(`${b}.goodputMiBs`), h = stat(`${b}.hostApiGoodputMiBs`), c = stat(`${b}.connPerSec`);
  return {
    build: b, goodputMiBs: r1(g), goodputVsLinux: ratio(g, stat("linux.goodputMiBs")),
    ...(hasLwip && { goodputVsLwip: ratio(g, stat("lwip-pair.goodputMiBs")) }),
    hostApiGoodputMiBs: r1(h), hostApiVsLinux: ratio(h, stat("linux.goodputMiBs")),
    connPerSec: r1(c, 0), connRateVsLinux: ratio(c, stat("linux.connPerSec")),
    ...(hasLwip && { connRateVsLwip: ratio(c, stat("lwip-pair.connPerSec")) }), ...ram(b),
  };
});
const cRows = cPairs.map((name) => {
  const f = cInfo.get(name)!;
  return { stack: name === "lwip-pair" ? `lwIP ${f.lwipVersion}` : `${name.replace("-pair", ".wasm")} (wasm2c)`,
    sndBuf: f.sndBuf ?? f.tcpSndBuf, rcvWindow: f.rcvBuf ?? f.tcpWnd,
    goodputMiBs: r1(stat(`${name}.goodputMiBs`)), connPerSec: r1(stat(`${name}.connPerSec`), 0), ...counted(name) };
});
const lwipRow = cRows.find((r) => r.stack.startsWith("lwIP")) as Record<string, unknown> | undefined;
for (const r of cRows as Record<string, unknown>[]) if (lwipRow?.instrPerByte && r.instrPerByte) r.instrPerByteVsLwip = +(+r.instrPerByte / +lwipRow.instrPerByte).toFixed(2);
const input = r1(stat("inputNsPerSegment"), 0), csum = r1(stat("checksumNsPerSegmentBytes"), 0);
const results = {
  date: new Date().toISOString(), node: process.version, rounds, transferBytes: bytes, connections: conns,
  linuxLoopback: linux, ...(lwip && { lwip }), wasmtcp: rows,
  segment: { build: "wasmtcp-large.wasm", inputNsPerFullSegment: input, checksumNsPerSegmentBytes: csum, checksumBytes: 1480,
    inputVsChecksum: ratio(stat("inputNsPerSegment"), stat("checksumNsPerSegmentBytes")), ...segmentInstr },
  copiesPerByte, lossProfiles: loss,
  lossOverTap: noLossTap ? { skipped: noLossTap } : { rounds: lossTapOptions.rounds, capSeconds: lossTapOptions.capS, seed: lossTapOptions.seed, runs: lossTap },
  ...(tapServers.length && { tap: Object.fromEntries(tapServers.map((t) => [t, { getMiBs: r1(stat(`tap.${t}`)),
    vsLinuxVeth: ratio(stat(`tap.${t}`), stat("tap.linux-veth")) }])) }),
  ...(!noQemu && { qemuHttp: { transferBytes: qemuBytes, ...(qemuBaseline && { baseline: qemuBaseline }),
    ...Object.fromEntries(qemuEngines.map((e) => [e, { getMBs: r1(stat(`qemu.${e}`), 2),
      ...(qemuBaseline && { baselineGetMBs: r1(stat(`qemu.baseline.${e}`), 2), vsBaseline: ratio(stat(`qemu.${e}`), stat(`qemu.baseline.${e}`)) }) }])) } }),
  ...(cRows.length && { sameCHarness: { callgrindTransferBytes: cgBytes, callgrindConnections: cgConns, rows: cRows } }),
};
const out = (f: string) => new URL(`./${f}`, import.meta.url).pathname.replace("/dist/bench/", "/bench/");
writeFileSync(out("results.json"), JSON.stringify(results, null, 2) + "\n");

// The README's table: medians [min-max] of the rounds.
const md: string[] = [
  `Medians [min-max] of ${rounds} interleaved rounds, ${bytes / MiB} MiB per transfer, ${conns} connections per rate; ${process.version}, ${results.date.slice(0, 10)}.`,
  "",
  "| path | goodput MiB/s | vs Linux | connections/s |",
  "|---|---|---|---|",
  `| Linux loopback (Node net) | ${fmt(linux.goodputMiBs)} | 1 | ${fmt(linux.connPerSec, 0)} |`,
  ...(lwip ? [`| lwIP ${cInfo.get("lwip-pair")!.lwipVersion} pair (C) | ${fmt(lwip.goodputMiBs)} | ${ratio(stat("lwip-pair.goodputMiBs"), stat("linux.goodputMiBs"))} | ${fmt(lwip.connPerSec, 0)} |`] : []),
  ...rows.flatMap((r) => [
    `| ${r.build}, lean driver | ${fmt(r.goodputMiBs)} | ${r.goodputVsLinux} | ${fmt(r.connPerSec, 0)} |`,
    `| ${r.build}, host API (Simulation, Socket) | ${fmt(r.hostApiGoodputMiBs)} | ${r.hostApiVsLinux} | |`,
  ]),
  ...cRows.filter((r) => !r.stack.startsWith("lwIP")).map((r) => `| ${r.stack} pair (C) | ${fmt(r.goodputMiBs)} | ${ratio(stat(`${r.stack.replace(".wasm (wasm2c)", "-pair")}.goodputMiBs`), stat("linux.goodputMiBs"))} | ${fmt(r.connPerSec, 0)} |`),
  ...(tapServers.length ? ["", `One HTTP GET of ${TAP_BYTES / MiB} MiB (after one untimed GET of the same size) by curl in a network namespace (MiB/s), from a server on its TAP device, and Linux to Linux across a veth pair${existsSync("/usr/sbin/ethtool") ? " with offloads off" : " (offloads on: no ethtool)"}:`, "",
    "| server | MiB/s | vs Linux over veth |", "|---|---|---|",
    ...tapServers.map((t) => `| ${{ "linux-veth": "Linux (veth pair)", node: "wasmtcp tap (Node, large build)", "posix-wasm2c": "posix board, wasm2c (large build)", "posix-wasm3": "posix board, wasm3 (large build)" }[t]} | ${fmt(stat(`tap.${t}`))} | ${ratio(stat(`tap.${t}`), stat("tap.linux-veth"))} |`)] : []),
  ...(noQemu ? [] : ["", `One HTTP GET of ${qemuBytes / MiB} MiB by curl from the QEMU Cortex-M3 firmware (boards/qemu-mps2) on a TAP device in a network namespace (MB/s, 10^6 bytes; alone: node dist/bench/qemu-http.js):`, "",
    ...(qemuBaseline
      ? ["| engine | MB/s | baseline firmware, MB/s | vs baseline |", "|---|---|---|---|",
        ...qemuEngines.map((e) => `| ${e} | ${fmt(stat(`qemu.${e}`), 2)} | ${fmt(stat(`qemu.baseline.${e}`), 2)} | ${ratio(stat(`qemu.${e}`), stat(`qemu.baseline.${e}`))} |`)]
      : ["| engine | MB/s |", "|---|---|", ...qemuEngines.map((e) => `| ${e} | ${fmt(stat(`qemu.${e}`), 2)} |`)])]),
  "",
  `input() of a full in-order segment (wasmtcp-large.wasm, V8; the core's work: parsing, the checksum, the copy into the receive ring, the ACK built every second segment; the fastest of 21 replays less the host's copies into rx_buffer): ${fmt(input, 0)} ns; the core's checksum of the 1480 bytes it covers: ${fmt(csum, 0)} ns (ratio ${results.segment.inputVsChecksum}).${segmentInstr.inputVsChecksumInstr ? ` In instructions (callgrind, wasm2c's C, gcc -O2): ${segmentInstr.inputInstrPerFullSegment} and ${segmentInstr.checksumInstrPerSegmentBytes} (ratio ${segmentInstr.inputVsChecksumInstr}).` : ""}`,
  `Copies of each payload byte, application to application: host API ${copiesPerByte.hostApi} (in place in the rings; the core's own: ${copiesPerByte.core}), lean driver and C pairs ${copiesPerByte.lean} (through io_buffer).`,
  "", ...LOSS_INTRO, "", ...lossTable(loss),
  "", ...(noLossTap ? [`Loss profiles over TAP devices beside Linux to Linux: skipped (${noLossTap}).`] : [...lossTapIntro(lossTapOptions), "", ...lossTapTable(lossTap)]),
];
if (cRows.length && hasValgrind) {
  md.push("", `Instructions (callgrind, ${cgBytes / MiB} MiB and ${cgConns} connections, the harness's hashing excluded) on one C harness, gcc -O2:`, "",
    "| stack | send buffer | receive window | instr/byte | instr/full segment | instr/connection | per byte vs lwIP |", "|---|---|---|---|---|---|---|",
    ...cRows.map((r) => { const x = r as Record<string, unknown>; return `| ${r.stack} | ${r.sndBuf} | ${r.rcvWindow} | ${x.instrPerByte} | ${x.instrPerFullSegment} | ${x.instrPerConn} | ${x.instrPerByteVsLwip ?? ""} |`; }));
}
writeFileSync(out("results.md"), md.join("\n") + "\n");
console.log(md.join("\n"));
