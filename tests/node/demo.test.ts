// `wasmtcp demo` (npm start) as a user runs it, from any directory: told like the catalogue's scenarios
// (the same ladder, an explanation, what it measured), with a pcapng only where asked; and npm start's
// build step, which rebuilds only what is stale.
import test from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync, existsSync, readdirSync, writeFileSync, utimesSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { demo } from "../../host/scenarios/demo.js";
import { runScenario } from "../../host/scenarios/runner.js";
import { renderReport } from "../../host/scenarios/text.js";
import { wrap } from "../../host/scenarios/text.js";
import "../../host/node/wasm-files.js"; // builds read from build/

const cli = fileURLToPath(new URL("../../host/node/cli.js", import.meta.url));

test("cli_demoFromOtherDirectory_scenarioLadderAndPcapngCleanInTshark", async () => {
  const dir = mkdtempSync(join(tmpdir(), "wasmtcp-cli-"));
  try {
    const out = execFileSync(process.execPath, [cli, "demo", "--pcap", "d.pcapng"], { cwd: dir }).toString();
    const report = renderReport((await runScenario(demo)).trace);
    assert.equal(out, `${report}\nwrote d.pcapng\n`, "the scenario report, as `wasmtcp scenario` prints it");
    for (const s of ["SYN_SENT", "ESTABLISHED", "FIN_WAIT_2", "TIME_WAIT", "LAST_ACK", "CLOSED", "F. ", "2MSL timer ends TIME_WAIT"]) assert.ok(out.includes(s), s);
    assert.ok(out.includes(wrap(demo.explanation)), "the explanation");
    assert.match(out, /client read: "hello, client!\\n"/);
    assert.match(out, /connections left: client 0, server 0 \(after 60\.\d{3} s of virtual time\)/);
    const t = execFileSync("tshark", ["-r", join(dir, "d.pcapng"), "-o", "tcp.check_checksum:TRUE", "-o", "ip.check_checksum:TRUE"], { stdio: ["ignore", "pipe", "ignore"] }).toString();
    assert.match(t, /\[SYN\]/);
    assert.match(t, /\[FIN, ACK\]/);
    assert.doesNotMatch(t, /Malformed|incorrect|Bad checksum/i);
  } finally { rmSync(dir, { recursive: true, force: true }); }
});

test("cli_demoWithoutPcap_writesNoFile", () => {
  const dir = mkdtempSync(join(tmpdir(), "wasmtcp-cli-"));
  try {
    const out = execFileSync(process.execPath, [cli, "demo"], { cwd: dir }).toString();
    assert.doesNotMatch(out, /^wrote /m);
    assert.deepEqual(readdirSync(dir), []);
    assert.ok(!existsSync(join(dir, "wasmtcp-demo.pcap")));
  } finally { rmSync(dir, { recursive: true, force: true }); }
});

test("cli_demoAbsolute_sequenceNumbersAsSent", () => {
  const rel = execFileSync(process.execPath, [cli, "demo"]).toString(), abs = execFileSync(process.execPath, [cli, "demo", "--absolute"]).toString();
  assert.match(rel, / S 0 win /);
  assert.doesNotMatch(abs, / S 0 win /);
  assert.match(abs, / S \d{6,} win /);
});

test("npmStart_nothingChanged_buildsNothingThenOnlyTheStaleStep", () => {
  const tool = fileURLToPath(new URL("../../../tools/build-if-stale.mjs", import.meta.url));
  const root = mkdtempSync(join(tmpdir(), "wasmtcp-stale-"));
  const put = (p: string, at: number, text = "") => {
    mkdirSync(dirname(join(root, p)), { recursive: true });
    writeFileSync(join(root, p), text);
    utimesSync(join(root, p), at, at);
  };
  const stale = () => execFileSync(process.execPath, [tool, "--dry-run", "--root", root]).toString().trim().split("\n").filter(Boolean);
  try {
    const old = 1_700_000_000, later = old + 100;
    put("asconfig.json", old, JSON.stringify({ targets: { release: { outFile: "build/a.wasm" }, large: { outFile: "build/b.wasm" } } }));
    for (const p of ["assembly/index.ts", "native/tap-bridge/tap-bridge.c", "host/cli.ts", "tsconfig.json"]) put(p, old);
    for (const p of ["assembly", "native", "native/tap-bridge", "host"]) utimesSync(join(root, p), old, old);
    assert.deepEqual(stale(), ["build:wasm", "build:native", "build:host"], "nothing built yet: every step");
    for (const p of ["build/a.wasm", "build/b.wasm", "build/native/tap-bridge", "dist/host/node/cli.js"]) put(p, later);
    assert.deepEqual(stale(), [], "all outputs newer than their inputs: nothing to do");
    put("host/cli.ts", later + 100);
    assert.deepEqual(stale(), ["build:host"], "a host source changed: only tsc");
    put("assembly/index.ts", later + 100);
    assert.deepEqual(stale(), ["build:wasm", "build:host"]);
    rmSync(join(root, "build/b.wasm"));
    put("dist/host/node/cli.js", later + 200);
    assert.deepEqual(stale(), ["build:wasm"], "a missing build output");
  } finally { rmSync(root, { recursive: true, force: true }); }
});
