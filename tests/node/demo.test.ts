// `wasmtcp demo` (npm start) as a user runs it, from any directory: told like the catalogue's scenarios
// (the same ladder, an explanation, what it measured), with a pcapng only where asked.
import test from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, existsSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
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
