// scenario --rto: every stack of the run starts with that RTO and keeps it as the lower bound (RFC 6298
// 2.1, 2.4), so the retransmissions on the ladder move with it; the run says which value it used; the CLI
// refuses values outside 1..60000 ms.
import test from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { findScenario } from "../../host/scenarios/registry.js";
import { runScenario } from "../../host/scenarios/runner.js";
import { segs, timers } from "./support/trace-queries.js";
import "../../host/node/wasm-files.js"; // builds read from build/

const cli = new URL("../../host/node/cli.js", import.meta.url).pathname;
const FACT = "initial and least RTO (ms, --rto)";
const traceWith = async (name: string, rtoMs?: number) => (await runScenario(findScenario(name)!, { rtoMs })).trace;

test("SYN_SENT_synLostWithRto3000_sameSynResentAt3sAsRfc1122", async () => {
  const tr = await traceWith("syn-lost", 3000);
  const syns = segs(tr, { flags: "S" });
  assert.deepEqual(syns.map((e) => [e.t, e.lost, e.rexmt]), [[0, true, false], [3000, false, true]]);
  assert.deepEqual(timers(tr, "client", "REXMT"), [3000]);
  assert.equal(tr.facts[FACT], 3000);
  assert.equal(tr.facts["client RTO after the handshake (ms)"], 3000, "the lower bound holds after the sample");
  assert.match(tr.explanation, /to 3000 ms with --rto \(RFC 6298 2\.1, 2\.4\) instead of 1000 ms/);
});

test("FIN_WAIT_1_finLostWithRto250_finResentAfterSrttPlus250ms", async () => {
  const tr = await traceWith("fin-lost", 250);
  const fins = segs(tr, { from: "client", flags: "F." });
  assert.deepEqual(fins.map((e) => [e.lost, e.rexmt]), [[true, false], [false, true]]);
  // A bound under 1 s floors the variance term (RFC 6298 2.3 with Linux's reading of 2.4): SRTT 2 ms + 250.
  assert.equal(fins[1].t - fins[0].t, 252);
});

test("SYN_RECEIVED_synAckRetriesWithRto3000_resentAt3_6_12_24_48sThenDropped", async () => {
  const tr = await traceWith("synack-retries-exhausted", 3000);
  const synAcks = segs(tr, { from: "server", flags: "S." });
  const first = synAcks[0].t;
  assert.deepEqual(synAcks.map((e) => e.t - first), [0, 3000, 9000, 21000, 45000, 93000]);
  assert.equal(tr.facts["client error"], "ECONNRESET", "the server gave up after 93 + 60 s and resets the late data");
});

test("catalogue_withoutRto_noRtoFactNorNote", async () => {
  const tr = await traceWith("syn-lost");
  assert.equal(tr.facts[FACT], undefined);
  assert.equal(tr.explanation, findScenario("syn-lost")!.explanation);
  const zh = (await runScenario(findScenario("syn-lost")!, { rtoMs: 3000, lang: "zh-CN" })).trace;
  assert.match(zh.explanation, /--rto 3000 把初始 RTO 及其下限设为 3000 ms（RFC 6298 2\.1、2\.4 节）/);
});

test("cli_scenarioRto_outOfRangeOrNotANumber_exit2NamingIt", () => {
  for (const v of ["0", "60001", "1.5", "-3", "abc"]) {
    const r = spawnSync(process.execPath, [cli, "scenario", "syn-lost", `--rto=${v}`], { encoding: "utf8" });
    assert.equal(r.status, 2, v);
    assert.equal(r.stderr.split("\n")[0], `wasmtcp scenario: --rto: expected a whole number from 1 to 60000, got "${v}"`);
    assert.equal(r.stdout, "");
  }
  const ok = spawnSync(process.execPath, [cli, "scenario", "syn-lost", "--rto", "3000"], { encoding: "utf8" });
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, /^ +3\.000s +\|-+ S 0 .*\(rexmt\)/m, "the SYN resent at 3 s");
  assert.match(ok.stdout, /initial and least RTO \(ms, --rto\): 3000/);
});
