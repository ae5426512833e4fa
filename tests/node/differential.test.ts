// Differential test: the same scripts of calls replayed on V8, wasm3 and wasm2c (posix builds), on the
// emulated Cortex-M3 firmware with either engine (compiled for the M3, and for the RP2040's M0+), and on an
// emulated RISC-V with either engine (rv32imc, the ESP32-C3's instruction set) must give byte-identical
// outputs: every frame sent, at the same virtual time; every return value; traces; counters; a hash of the
// core's whole memory. The scripts come from two V8 stacks talking over a virtual wire, the test vectors
// and the teaching scenarios.
// Builds the boards first (make is incremental; the first posix build fetches wasm3 from PyPI and wabt
// from Debian). The QEMU runs skip when a cross compiler or QEMU is missing, unless WASMTCP_REQUIRE_BOARDS=1
// (then the boards' deps.sh install them). Artifacts: build/differential/<name>.{script,v8,<runner>}.
// At the end, the firmware's network path behind QEMU's user-mode network, serving echo and discard
// (boards-tap.test.ts runs the boards on TAP devices against Linux).
import test, { before } from "node:test";
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { createServer, connect } from "node:net";
import { spawn, type ChildProcess } from "node:child_process";
import { ScriptedCore, replayV8, replayNative, replayQemu, buildPosix, buildQemu, buildRiscv, qemuUnavailable,
  riscvUnavailable, writeLines, repoPath,
  type Engine, type Firmware } from "./support/replay.js";
import { firstDifference } from "./support/framediff.js";
import { boardStacks, stackNeeded, STACK_MARGIN } from "./support/stack-budget.js";
import { echo, bulk, malformed } from "./support/diffscenarios.js";
import { dhcpUdpTraffic } from "./support/diffdhcp.js";
import { namesFlow } from "./support/diffnames.js";
import { recordAbiCalls, recordAbiCallsAsync } from "./support/abirecorder.js";
import { scenarios } from "../../host/scenarios/registry.js";
import { runScenario } from "../../host/scenarios/runner.js";
import { runScript } from "../../host/script/run.js";
import "../../host/node/wasm-files.js"; // builds read from build/

const dir = repoPath("build/differential");
const noQemu = qemuUnavailable();
const noRiscv = riscvUnavailable();
const firmwares: Firmware[] = ["qemu-wasm3", "qemu-wasm2c", "qemu-m0plus-wasm3", "qemu-m0plus-wasm2c"];
const riscv: Firmware[] = ["riscv-wasm3", "riscv-wasm2c"];
const runners: (Engine | Firmware)[] = ["wasm3", "wasm2c", ...(noQemu ? [] : firmwares), ...(noRiscv ? [] : riscv)];

before(() => {
  mkdirSync(dir, { recursive: true });
  buildPosix();
  if (!noQemu) buildQemu();
  if (!noRiscv) buildRiscv();
});

/** The deepest stack each emulated board reached, over every script replayed on it. */
const stackPeaks = new Map<Firmware, { start: number; replay: number; script: string }>();

/** Replays a script everywhere and requires the reference output (V8's) from each runner. */
function compareScript(name: string, lines: string[], reference: string[], only = runners, wasm = "wasmtcp.wasm"): void {
  const script = `${dir}/${name}.script`;
  writeLines(script, lines);
  writeLines(`${dir}/${name}.v8`, reference);
  assert.ok(reference.some((l) => / tx /.test(l)), "the scenario made the stack send something");
  for (const r of only) {
    const out = `${dir}/${name}.${r}`;
    const run = r.includes("-") ? replayQemu(r as Firmware, script, out) : replayNative(r as Engine, script, out, wasm);
    const diff = firstDifference("v8", reference, r, run.out);
    assert.equal(diff, null, `${name}: ${r} differs from V8 (${dir}/${name}.*)\n${diff}`);
    assert.equal(run.allocsAfterStart, 0, `${r} allocated after start-up: ${run.stderr}`);
    if (r.includes("-")) {
      assert.ok(run.stackPeak, `${r} reports its stack peak: ${run.stderr}`);
      const was = stackPeaks.get(r as Firmware);
      stackPeaks.set(r as Firmware, { start: Math.max(was?.start ?? 0, run.stackPeak.start),
        replay: Math.max(was?.replay ?? 0, run.stackPeak.replay), script: (was?.replay ?? 0) >= run.stackPeak.replay ? was!.script : name });
    }
  }
}

/** Replays one recorded stack's script everywhere and compares with what V8 printed while recording. */
function compare(name: string, core: ScriptedCore, only = runners): void {
  const again = replayV8(core.script.join("\n"), core.wasm);
  assert.equal(firstDifference("recorded", core.out, "replayed on V8", again), null, "the script captures every input");
  compareScript(name, core.script, core.out, only, core.wasm);
}

test("differential_echoHandshakeDataClose_identicalEverywhere", () => {
  const { a, b, echoed } = echo();
  assert.equal(echoed.length, 5 + 33 + 3200, "the echo came back whole");
  compare("echo-server", a);
  compare("echo-client", b);
});

test("differential_lossyBulk300KiB_identicalEverywhere", () => {
  const r = bulk(300 * 1024, 24 * 1024, { loss: 0.03, duplicate: 0.01, reorder: 0.02, corrupt: 0.005, seed: 7 });
  assert.ok(r.ok, `transfer incomplete or corrupted: ${r.detail}`);
  compare("bulk-sender", r.a);
  compare("bulk-receiver", r.b);
});

test("differential_malformedFrames_identicalEverywhere", () => {
  const { a, frames } = malformed();
  assert.ok(frames > 500, `enough malformed frames (${frames})`);
  assert.ok(!a.trapped, "a malformed frame never traps the core");
  compare("malformed", a);
});

test("differential_dhcpAndUdp_identicalEverywhere", () => {
  // A lease declined, taken, renewed, NAKed, taken again and run out; INIT-REBOOT, option overload, an
  // address conflict; datagrams, port unreachable, ICMP errors, and mutated DHCP replies: the exports
  // (udp_*, dhcp_*, set_hostname) on every runner.
  const { scripts, error, result } = recordAbiCalls(() => dhcpUdpTraffic());
  assert.equal(error, undefined);
  assert.ok(result!.frames >= 40, "mutated DHCP replies sent");
  const st = result!.stats;
  assert.ok(st.dhcp_defences >= 2 && st.dhcp_conflicts > st.dhcp_defences && st.drop_dhcp_overload_value && st.drop_dhcp_overload_field,
    `INIT-REBOOT with option overload, and a conflict defended then given up: ${JSON.stringify(st)}`);
  const lines = scripts.filter((x) => x.length).flatMap((x, i) => [`# dhcp-udp stack ${i}`, ...x, `${x.at(-1)!.split(" ")[0]} memhash`]);
  assert.ok(lines.some((l) => / dhcp_start$/.test(l)) && lines.some((l) => / udp_sendto /.test(l)), "the script drives DHCP and UDP");
  const reference = replayV8(lines.join("\n"));
  assert.ok(!reference.some((l) => / trap /.test(l)), `traps: ${reference.find((l) => / trap /.test(l))}`);
  assert.ok(reference.some((l) => / tx .{84}0044004[34]/.test(l) || / dhcp_release 0$/.test(l)), "DHCP went out");
  compareScript("dhcp-udp", lines, reference);
});

test("differential_dnsAndMdns_identicalEverywhere", () => {
  // The resolver and the responder (support/diffnames.ts): answers, retries, timeouts, the cache, spoofed
  // and malformed replies, probing, announcing, answering and renaming, recorded at the ABI.
  const { scripts, error } = recordAbiCalls(() => namesFlow());
  assert.equal(error, undefined);
  const lines = scripts[0];
  assert.ok(lines.some((l) => / resolve /.test(l)) && lines.some((l) => / mdns_start$/.test(l)), "the flow drove the resolver and the responder");
  lines.push(`${lines.at(-1)!.split(" ")[0]} stats`, `${lines.at(-1)!.split(" ")[0]} memhash`);
  const reference = replayV8(lines.join("\n"));
  assert.ok(reference.some((l) => / mdns_name board-2\.local$/.test(l)), "the responder renamed itself");
  assert.ok(reference.some((l) => / dns_status 0 192\.0\.2\.1$/.test(l)), "a lookup was answered");
  compareScript("names", lines, reference);
});

test("differential_largeBuildLossyBulk_identicalOnV8Wasm3", () => {
  // wasm3 on posix loads any build at run time; wasm2c and the firmware are built from the default one.
  const r = bulk(512 * 1024, 0, { loss: 0.02, reorder: 0.02, seed: 11 }, "wasmtcp-large.wasm");
  assert.ok(r.ok, `transfer incomplete or corrupted: ${r.detail}`);
  compare("large-bulk-sender", r.a, ["wasm3"]);
  compare("large-bulk-receiver", r.b, ["wasm3"]);
});

test("differential_testVectors_identicalEverywhere", () => {
  // Every packetdrill-dialect vector, run by host/script against V8 with its calls recorded at the ABI,
  // then all of them as one script (init resets the stack between them), with the state hashed after each.
  const root = repoPath("tests/vectors/");
  const files = (function walk(d: string): string[] {
    return readdirSync(d).sort().flatMap((n) => (statSync(join(d, n)).isDirectory() ? walk(join(d, n)) : n.endsWith(".pkt") ? [join(d, n)] : []));
  })(root);
  const lines: string[] = [];
  let recorded = 0;
  for (const f of files) {
    const { scripts } = recordAbiCalls(() => runScript(readFileSync(f, "utf8"))); // a failing vector still made valid calls
    for (const s of scripts.filter((x) => x.length)) {
      lines.push(`# ${relative(root, f)}`, ...s, `${s.at(-1)!.split(" ")[0]} memhash`);
      recorded++;
    }
  }
  assert.ok(recorded >= Math.min(files.length, 100), `recorded ${recorded} of ${files.length} vectors`);
  const reference = replayV8(lines.join("\n"));
  assert.ok(!reference.some((l) => / trap /.test(l)), `a vector traps the core: ${reference.find((l) => / trap /.test(l))}`);
  compareScript("vectors", lines, reference);
});

test("differential_scenarioCatalogue_identicalEverywhere", async () => {
  // Every teaching scenario (npx wasmtcp scenario NAME), run on V8 with each stack's calls recorded at the
  // ABI; all the scripts as one (init between them), the state hashed after each.
  const lines: string[] = [];
  for (const s of scenarios) {
    const { scripts, error } = await recordAbiCallsAsync(() => runScenario(s));
    assert.equal(error, undefined, `scenario ${s.name} runs on V8`);
    const recorded = scripts.filter((x) => x.length);
    assert.ok(recorded.length >= 1, `scenario ${s.name} drove a stack`);
    recorded.forEach((x, i) => lines.push(`# ${s.name} stack ${i}`, ...x, `${x.at(-1)!.split(" ")[0]} memhash`));
  }
  const reference = replayV8(lines.join("\n"));
  assert.ok(!reference.some((l) => / trap /.test(l)), `a scenario traps the core: ${reference.find((l) => / trap /.test(l))}`);
  compareScript("scenarios", lines, reference);
});

test("boards_stackPeakOfEveryEngineAndCore_withinTheBoardsStackWithMargin", { skip: (noQemu || noRiscv) ?? false }, (t) => {
  // Every replay above (vectors, scenarios with their floods and losses, bulk and malformed traffic) ran on
  // each engine and core with its stack painted; each board's real stack must hold the deepest of them with
  // the margin boards/stack-budget.ts states. The figures are printed for the boards' README.
  assert.equal(stackPeaks.size, firmwares.length + riscv.length, "every emulated board reported its peak");
  const short: string[] = [];
  for (const b of boardStacks()) {
    const peak = stackPeaks.get(b.measuredBy)!;
    const deepest = Math.max(peak.start, peak.replay);
    t.diagnostic(`${b.board}: stack ${b.bytes} B (${b.setIn}); peak start ${peak.start} B, replay ${peak.replay} B (${peak.script}); ` +
      `needs ${stackNeeded(deepest, b.reserve)} B`);
    if (stackNeeded(deepest, b.reserve) > b.bytes)
      short.push(`${b.board}: peak ${deepest} B + ${STACK_MARGIN * 100}% + ${b.reserve} B reserve > its ${b.bytes} B stack (${b.setIn})`);
  }
  assert.deepEqual(short, [], "every board's stack holds its measured peak with the margin");
});

test("differential_qemuFirmware_available", { skip: noQemu ?? false }, () => {
  assert.ok(firmwares.every((f) => runners.includes(f)));
});

test("differential_riscvReplay_available", { skip: noRiscv ?? false }, () => {
  assert.ok(riscv.every((f) => runners.includes(f)));
});

// ---- the boards' network paths, end to end ----

const sha = (b: Buffer | Uint8Array) => createHash("sha256").update(b).digest("hex");

/** Sends `data` to host:port, half-closes, and resolves with everything read until the peer closes. */
function exchange(host: string, port: number, data: Buffer, timeoutMs = 60_000): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    const s = connect({ host, port }, () => s.end(data));
    const timer = setTimeout(() => { s.destroy(); reject(new Error(`${host}:${port}: no end of stream after ${timeoutMs} ms`)); }, timeoutMs);
    s.on("data", (d) => parts.push(d));
    s.on("end", () => { clearTimeout(timer); resolve(Buffer.concat(parts)); });
    s.on("error", (e) => { clearTimeout(timer); reject(e); });
  });
}

/** A free loopback port (0: any), or null if `port` is taken. */
function freePort(port = 0): Promise<number | null> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.on("error", () => resolve(null));
    srv.listen(port, "127.0.0.1", () => { const p = (srv.address() as { port: number }).port; srv.close(() => resolve(p)); });
  });
}

/** A port P with P + 2 free as well: run.sh forwards P to echo and P + 2 to discard. */
async function freePortBase(): Promise<number> {
  for (let i = 0; i < 50; i++) {
    const p = await freePort();
    if (p !== null && p < 65534 && (await freePort(p + 2)) !== null) return p;
  }
  throw new Error("no two free loopback ports two apart");
}

for (const fw of ["wasm3", "wasm2c"] as const) {
  test(`qemuMps2_${fw}_echoAndDiscardOverQemuUserNetwork`, { skip: noQemu ?? false, timeout: 120_000 }, async () => {
    // `npm run qemu -- --port-base P`: QEMU's user network (restrict=on: the guest reaches nothing but the
    // forwarded loopback ports), the firmware's default address, a seed on the command line. A port found
    // free can be taken before QEMU binds it (other tests run beside this one): then start again.
    let echoPort = 0, q: ChildProcess | undefined, console_ = "";
    for (let attempt = 1; !q; attempt++) {
      echoPort = await freePortBase();
      const p = spawn("bash", [repoPath("boards/qemu-mps2/run.sh"), "--engine", fw, "--port-base", String(echoPort)],
        { stdio: ["ignore", "pipe", "pipe"] });
      console_ = "";
      let errors = "";
      p.stderr!.on("data", (d) => (errors += d));
      const up = await new Promise<boolean>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`firmware not ready: ${console_}`)), 30_000);
        p.stdout!.on("data", (d) => { console_ += d; if (/ready 10\.0\.2\.15/.test(console_)) { clearTimeout(timer); resolve(true); } });
        p.on("exit", (code) => {
          clearTimeout(timer);
          if (attempt < 3 && /host forwarding/i.test(errors)) resolve(false);
          else reject(new Error(`qemu exited ${code}: ${errors}${console_}`));
        });
      });
      if (up) q = p;
    }
    const discardPort = echoPort + 2;
    try {
      const data = randomBytes(256 * 1024);
      const back = await exchange("127.0.0.1", echoPort, data);
      assert.equal(back.length, data.length, "echo length");
      assert.equal(sha(back), sha(data), "echo content");
      const nothing = await exchange("127.0.0.1", discardPort, randomBytes(64 * 1024));
      assert.equal(nothing.length, 0, "discard answers nothing and closes");
      assert.ok(!/panic/.test(console_), console_);
    } finally {
      q.kill("SIGTERM");
    }
  });
}
