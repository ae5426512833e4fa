// host/ladder.ts and host/cli.ts: the ladder's numbering and loss marks, and the demo as a user runs it
// (from any directory, pcap clean in tshark).
import test from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Simulation } from "../../host/node/stack.js";
import { LadderRecorder, renderLadder } from "../../host/ladder.js";

async function lossyHandshake(absolute: boolean): Promise<string> {
  const sim = new Simulation({ seed: 1 });
  const c = sim.addStack({ name: "client", mac: "02:00:00:00:00:01", ip: "10.0.0.1", seed: 1 });
  const s = sim.addStack({ name: "server", mac: "02:00:00:00:00:02", ip: "10.0.0.2", seed: 2 });
  const rec = new LadderRecorder(c, s);
  sim.link.observe(rec.observe);
  sim.link.drop({ from: "server", match: (x) => x.proto === 6 && (x.flags! & 0x12) === 0x12, nth: 1 });
  s.createServer(() => {}).listen(80);
  let up = false;
  c.createConnection(80, "10.0.0.2", () => { up = true; });
  await sim.run({ until: () => up });
  return renderLadder(rec, { absolute });
}

test("ladder_lostSynAck_markedWithXThenResent", async () => {
  const lines = (await lossyHandshake(false)).split("\n");
  const synacks = lines.filter((l) => l.includes(" S. 0:0(0) ack 1 "));
  assert.ok(synacks.length >= 2, lines.join("\n"));
  assert.match(synacks[0], /^ +0\.\d{3}s +X-+ S\. .*-  lost$/, "the first SYN-ACK is lost, arrow struck");
  assert.match(synacks[1], /^ +1\.\d{3}s +<-+ S\. /, "resent after the initial RTO");
  assert.ok(lines.some((l) => /^ +\d+\.\d{3}s SYN_SENT$/.test(l)), "the client's state column");
  assert.ok(lines.some((l) => / {20,}SYN_RECEIVED$/.test(l)), "the server's state column");
});

test("ladder_absolute_rawSequenceNumbers", async () => {
  const rel = await lossyHandshake(false), abs = await lossyHandshake(true);
  assert.match(rel, / S 0:0\(0\) win /);
  assert.doesNotMatch(abs, / S 0:0\(0\) win /);
  assert.match(abs, / S \d{5,}:\d{5,}\(0\) win /);
});

test("cli_demoFromOtherDirectory_ladderAndPcapCleanInTshark", () => {
  const cli = fileURLToPath(new URL("../../host/node/cli.js", import.meta.url));
  const dir = mkdtempSync(join(tmpdir(), "wasmtcp-cli-"));
  try {
    const out = execFileSync(process.execPath, [cli, "demo", "--pcap", "d.pcap"], { cwd: dir }).toString();
    for (const s of ["SYN_SENT", "ESTABLISHED", "FIN_WAIT_2", "TIME_WAIT", "LAST_ACK", "CLOSED", "F. "]) assert.ok(out.includes(s), s);
    assert.match(out, /connections left: client 0, server 0/);
    assert.ok(existsSync(join(dir, "d.pcap")));
    const t = execFileSync("tshark", ["-r", join(dir, "d.pcap"), "-o", "tcp.check_checksum:TRUE", "-o", "ip.check_checksum:TRUE"], { stdio: ["ignore", "pipe", "ignore"] }).toString();
    assert.match(t, /\[SYN\]/);
    assert.match(t, /\[FIN, ACK\]/);
    assert.doesNotMatch(t, /Malformed|incorrect|Bad checksum/i);
  } finally { rmSync(dir, { recursive: true, force: true }); }
});
