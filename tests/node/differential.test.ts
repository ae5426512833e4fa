// Differential test: the same scripts of calls replayed on V8, wasm3 and wasm2c must give byte-identical
// outputs (every frame sent, at the same virtual time; every return value; traces; counters; a hash of
// the core's whole memory). The scripts come from two V8 stacks talking over a virtual wire.
// Builds the posix boards first (make is incremental; the first build fetches wasm3 from PyPI and wabt
// from Debian). Artifacts: build/differential/<name>.{script,v8,wasm3,wasm2c}.
import test, { before } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { ScriptedCore, replayV8, replayNative, buildPosix, writeLines, repoPath, type Engine } from "./support/replay.js";
import { firstDifference } from "./support/framediff.js";
import { echo, bulk, malformed } from "./support/diffscenarios.js";

const dir = repoPath("build/differential");
const engines: Engine[] = ["wasm3", "wasm2c"];

before(() => {
  mkdirSync(dir, { recursive: true });
  buildPosix();
});

/** Replays one recorded stack's script everywhere and compares with what V8 printed while recording. */
function compare(name: string, core: ScriptedCore, only: Engine[] = engines): void {
  const script = `${dir}/${name}.script`;
  writeLines(script, core.script);
  writeLines(`${dir}/${name}.v8`, core.out);
  assert.ok(core.out.some((l) => / tx /.test(l)), "the scenario made the stack send something");
  const again = replayV8(core.script.join("\n"), core.wasm);
  assert.equal(firstDifference("recorded", core.out, "replayed on V8", again), null, "the script captures every input");
  for (const engine of only) {
    const run = replayNative(engine, script, `${dir}/${name}.${engine}`, core.wasm);
    const diff = firstDifference("v8", core.out, engine, run.out);
    assert.equal(diff, null, `${name}: ${engine} differs from V8 (${dir}/${name}.*)\n${diff}`);
    assert.equal(run.allocsAfterStart, 0, `${engine} allocated after start-up: ${run.stderr}`);
  }
}

test("differential_echoHandshakeDataClose_identicalOnV8Wasm3Wasm2c", () => {
  const { a, b, echoed } = echo();
  assert.equal(echoed.length, 5 + 33 + 3200, "the echo came back whole");
  compare("echo-server", a);
  compare("echo-client", b);
});

test("differential_lossyBulk300KiB_identicalOnV8Wasm3Wasm2c", () => {
  const r = bulk(300 * 1024, 24 * 1024, { loss: 0.03, duplicate: 0.01, reorder: 0.02, corrupt: 0.005, seed: 7 });
  assert.ok(r.ok, `transfer incomplete or corrupted: ${r.detail}`);
  compare("bulk-sender", r.a);
  compare("bulk-receiver", r.b);
});

test("differential_malformedFrames_identicalOnV8Wasm3Wasm2c", () => {
  const { a, frames } = malformed();
  assert.ok(frames > 500, `enough malformed frames (${frames})`);
  assert.ok(!a.trapped, "a malformed frame never traps the core");
  compare("malformed", a);
});

test("differential_largeBuildLossyBulk_identicalOnV8Wasm3", () => {
  // wasm3 loads any build at run time; wasm2c is compiled from the default build only.
  const r = bulk(512 * 1024, 0, { loss: 0.02, reorder: 0.02, seed: 11 }, "wasmtcp-large.wasm");
  assert.ok(r.ok, `transfer incomplete or corrupted: ${r.detail}`);
  compare("large-bulk-sender", r.a, ["wasm3"]);
  compare("large-bulk-receiver", r.b, ["wasm3"]);
});
