// `wasmtcp tap` against Linux: the command runs inside a namespace the test creates, on its TAP device;
// curl, Python's http.server and sockets talk to it. Skips (or, with WASMTCP_REQUIRE_NETNS=1, fails)
// where namespaces cannot be made.
import test from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtempSync, writeFileSync, rmSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ChildProcess } from "node:child_process";
import { createNetns, netnsUnavailable, type Netns } from "./support/netns.js";
import { drainedPage } from "./support/statuspage.js";
import { sha256Of } from "../../host/node/services.js";

const cli = new URL("../../host/node/cli.js", import.meta.url).pathname;
const load = new URL("../../../tests/node/linux/http_load.py", import.meta.url).pathname;
const peer = new URL("../../../tests/node/linux/peer.py", import.meta.url).pathname;
const why = netnsUnavailable();
if (why && process.env.WASMTCP_REQUIRE_NETNS === "1") throw new Error(`tap command tests cannot run: ${why}`);
const skip = why ?? false;

function waitFor(c: ChildProcess, text: string, ms = 10_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = "";
    const t = setTimeout(() => reject(new Error(`no "${text}" within ${ms} ms: ${out}`)), ms);
    c.stdout!.on("data", (d) => { out += d; if (out.includes(text)) { clearTimeout(t); resolve(out); } });
    c.on("exit", (code) => { clearTimeout(t); if (!out.includes(text)) reject(new Error(`exited ${code}: ${out}`)); });
  });
}
function exited(c: ChildProcess): Promise<number> { return new Promise((r) => c.on("exit", (code) => r(code ?? -1))); }
function collect(c: ChildProcess): { text: () => string } { let out = ""; c.stdout!.on("data", (d) => (out += d)); return { text: () => out }; }

async function withServer(body: (ns: Netns, url: string) => Promise<void>): Promise<void> {
  const ns = createNetns();
  try {
    const c = ns.spawn(["node", cli, "tap", "--dev", ns.dev, "--ip", `${ns.stackIp}/24`, "--serve", "echo:7,discard:9,chargen:19,http:80"]);
    const all = collect(c);
    await waitFor(c, "ready");
    await body(ns, `http://${ns.stackIp}`);
    c.kill("SIGTERM");
    assert.equal(await exited(c), 0, "clean shutdown on SIGTERM");
    assert.match(all.text(), /^counters \{/m, "counters printed at shutdown");
  } finally { ns.destroy(); }
}

test("tap_serveHttp_curlGetsCountersBytesAndSink", { skip }, async () => {
  await withServer(async (ns, url) => {
    assert.match(await ns.run(["curl", "-sS", "-m", "10", `${url}/`]), /^wasmtcp /);
    const headers = await ns.run(["curl", "-sS", "-m", "20", "-D", "-", "-o", "/dev/null", `${url}/bytes/1048576`]);
    assert.match(headers, new RegExp(`x-sha256: ${sha256Of(1048576)}`, "i"));
    const body = await ns.run(["sh", "-c", `curl -sS -m 20 ${url}/bytes/1048576 | sha256sum`]);
    assert.equal(body.split(" ")[0], sha256Of(1048576));
    const dir = mkdtempSync(join(tmpdir(), "wasmtcp-"));
    try {
      const data = Buffer.alloc(2_000_000);
      for (let i = 0; i < data.length; i++) data[i] = (i * 7919) >>> 3;
      writeFileSync(join(dir, "up.bin"), data);
      const r = JSON.parse(await ns.run(["curl", "-sS", "-m", "20", "-T", join(dir, "up.bin"), `${url}/sink`]));
      assert.deepEqual(r, { length: data.length, sha256: createHash("sha256").update(data).digest("hex") });
    } finally { rmSync(dir, { recursive: true, force: true }); }
  });
});

test("tap_200HttpRequests50AtATime_noneFailAndTableDrains", { skip }, async () => {
  await withServer(async (ns, url) => {
    const summary = JSON.parse(await ns.run(["python3", load, `${url}/bytes/1000`, "200", "50"]));
    assert.deepEqual(summary, { 200: 200 });
    const { page, asked } = await drainedPage(() => ns.run(["curl", "-sS", "-m", "10", `${url}/`]));
    assert.match(page, new RegExp(`tcp_passive_opens ${200 + asked}\\b`), "the load's 200 and every connection asking");
  });
});

test("tap_serveEchoChargen_linuxClients", { skip }, async () => {
  await withServer(async (ns) => {
    const r = JSON.parse(await ns.run(["python3", peer, "client", ns.stackIp, "7", String(1 << 20)]));
    assert.equal(r.receivedHash, r.sentHash);
    const chargen = await ns.run(["sh", "-c", `timeout 3 nc ${ns.stackIp} 19 | head -c 148`]);
    assert.equal(chargen.slice(0, 74), ` !"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_\`abcdefg\r\n`);
  });
});

test("tap_clientGetFromPythonHttpServer_hashMatches", { skip }, async () => {
  const ns = createNetns();
  const dir = mkdtempSync(join(tmpdir(), "wasmtcp-"));
  try {
    const data = Buffer.alloc(5_000_000);
    for (let i = 0; i < data.length; i++) data[i] = (i * 31) ^ (i >>> 9);
    writeFileSync(join(dir, "f.bin"), data);
    const srv = (await ns.serve(["python3", "-u", "-m", "http.server", "8000", "--bind", ns.linuxIp, "--directory", dir], /Serving HTTP/)).proc;
    const c = ns.spawn(["node", cli, "tap", "--dev", ns.dev, "--ip", `${ns.stackIp}/24`, "--get", `http://${ns.linuxIp}:8000/f.bin`, "--out", join(dir, "got.bin")]);
    const out = collect(c);
    assert.equal(await exited(c), 0, out.text());
    assert.match(out.text(), new RegExp(`sha256 ${createHash("sha256").update(data).digest("hex")}`));
    assert.ok(readFileSync(join(dir, "got.bin")).equals(data));
    srv.kill();
  } finally { ns.destroy(); rmSync(dir, { recursive: true, force: true }); }
});

test("tap_clientSendToLinuxEcho_bothHashesEqual", { skip }, async () => {
  const ns = createNetns();
  try {
    const echo = (await ns.serve(["python3", peer, "echo", "7007"], /listening 7007/)).done;
    const c = ns.spawn(["node", cli, "tap", "--dev", ns.dev, "--ip", `${ns.stackIp}/24`, "--send", `${ns.linuxIp}:7007`, "--bytes", String(3 << 20)]);
    const out = collect(c);
    assert.equal(await exited(c), 0, out.text());
    const sent = /^sent (\d+) sha256 (\w+)$/m.exec(out.text())!, got = /^received (\d+) sha256 (\w+)$/m.exec(out.text())!;
    assert.equal(got[1], String(3 << 20));
    assert.equal(got[2], sent[2]);
    await echo;
  } finally { ns.destroy(); }
});
