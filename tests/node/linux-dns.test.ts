// Names against Linux in a namespace the test creates: `wasmtcp tap --dns ... --get http://NAME/` (and
// `--ip dhcp`, the server from the lease) resolves NAME through the stack's resolver against Debian's
// dnsmasq and fetches from Python's http.server; and
// `wasmtcp tap --name NAME` answers NAME.local by mDNS to a Python socket query (legacy unicast and
// multicast), and curl fetches http://NAME.local/ at the address that query gave; and `--get http://NAME.local/`
// without --dns finds a Python mDNS responder by a one-shot query (RFC 6762 5.1). Skips (or, with
// WASMTCP_REQUIRE_NETNS=1, fails) where namespaces or dnsmasq are missing.
import test from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ChildProcess } from "node:child_process";
import { createNetns, netnsUnavailable } from "./support/netns.js";
import { startDnsmasq, dnsmasqUnavailable } from "./support/dnsmasq.js";

const cli = new URL("../../host/node/cli.js", import.meta.url).pathname;
const mdnsQuery = new URL("../../../tests/node/linux/mdns_query.py", import.meta.url).pathname;
const mdnsResponder = new URL("../../../tests/node/linux/mdns_responder.py", import.meta.url).pathname;
const why = netnsUnavailable() ?? dnsmasqUnavailable();
if (why && process.env.WASMTCP_REQUIRE_NETNS === "1") throw new Error(`DNS interop tests cannot run: ${why}`);
const skip = why ?? false;

function output(c: ChildProcess): { text: () => string; exit: Promise<number> } {
  let out = "";
  c.stdout!.on("data", (d) => (out += d));
  c.stderr!.on("data", (d) => (out += d));
  return { text: () => out, exit: new Promise((r) => c.on("exit", (code) => r(code ?? -1))) };
}

function waitFor(c: ChildProcess, text: string, ms = 10_000): Promise<void> {
  return new Promise((resolve, reject) => {
    let out = "";
    const t = setTimeout(() => reject(new Error(`no "${text}" within ${ms} ms: ${out}`)), ms);
    c.stdout!.on("data", (d) => { out += d; if (out.includes(text)) { clearTimeout(t); resolve(); } });
    c.on("exit", (code) => { clearTimeout(t); if (!out.includes(text)) reject(new Error(`exited ${code}: ${out}`)); });
  });
}

test("tap_getByNameFromDnsmasq_resolvedThroughStackAndFetched", { skip, timeout: 60_000 }, async () => {
  const ns = createNetns();
  const dir = mkdtempSync(join(tmpdir(), "wasmtcp-www-"));
  const dnsmasq = await startDnsmasq(ns, { range: [ns.stackIp, ns.stackIp], hosts: { "web.wasmtcp.test": ns.linuxIp }, extra: ["--log-queries", "--local=/wasmtcp.test/"] });
  try {
    const body = Buffer.from("served by Linux for a name the stack resolved\n".repeat(100));
    writeFileSync(join(dir, "index.html"), body);
    await ns.serve(["python3", "-m", "http.server", "80", "--bind", ns.linuxIp, "--directory", dir], /Serving HTTP/);
    const c = ns.spawn(["node", cli, "tap", "--dev", ns.dev, "--ip", `${ns.stackIp}/24`, "--dns", ns.linuxIp,
      "--get", "http://web.wasmtcp.test/"]);
    const out = output(c);
    assert.equal(await out.exit, 0, out.text());
    assert.match(out.text(), /^status 200$/m);
    assert.match(out.text(), new RegExp(`^sha256 ${createHash("sha256").update(body).digest("hex")}$`, "m"));
    assert.match(out.text(), /"dns_queries":1\b/);
    assert.match(out.text(), /"dns_answers":1\b/);
    assert.match(dnsmasq.log(), new RegExp(`query\\[A\\] web\\.wasmtcp\\.test from ${ns.stackIp.replace(/\./g, "\\.")}`));
    // With --ip dhcp and no --dns, the DNS server is the one the lease names (option 6).
    const l = ns.spawn(["node", cli, "tap", "--dev", ns.dev, "--ip", "dhcp", "--get", "http://web.wasmtcp.test/"]);
    const leased = output(l);
    assert.equal(await leased.exit, 0, leased.text());
    assert.match(leased.text(), new RegExp(`^lease ${ns.stackIp.replace(/\./g, "\\.")} .* dns ${ns.linuxIp.replace(/\./g, "\\.")}$`, "m"));
    assert.match(leased.text(), /^status 200$/m);
    // A name dnsmasq does not know: NXDOMAIN, reported as ENOTFOUND, nothing fetched.
    const d = ns.spawn(["node", cli, "tap", "--dev", ns.dev, "--ip", `${ns.stackIp}/24`, "--dns", ns.linuxIp, "--get", "http://nobody.wasmtcp.test/"]);
    const bad = output(d);
    assert.equal(await bad.exit, 1, bad.text());
    assert.match(bad.text(), /ENOTFOUND/);
  } finally {
    dnsmasq.stop();
    ns.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
});

test("tap_nameLocal_answeredToPythonMdnsQueriesAndCurlFetches", { skip, timeout: 60_000 }, async () => {
  const ns = createNetns();
  try {
    const c = ns.spawn(["node", cli, "tap", "--dev", ns.dev, "--ip", `${ns.stackIp}/24`, "--name", "wasmtcp-board", "--serve", "http:80"]);
    const out = output(c);
    await waitFor(c, "ready");
    // Legacy unicast (RFC 6762 6.7) from an ephemeral port, then a full multicast query from port 5353.
    const legacy = (await ns.run(["python3", mdnsQuery, "wasmtcp-board.local", ns.linuxIp, "legacy", "8"])).trim().split(" ");
    assert.deepEqual(legacy, [ns.stackIp, "10", ns.stackIp]);
    const multi = (await ns.run(["python3", mdnsQuery, "wasmtcp-board.local", ns.linuxIp, "multicast", "8"])).trim().split(" ");
    assert.deepEqual(multi, [ns.stackIp, "120", ns.stackIp]);
    const page = await ns.run(["curl", "-sS", "-m", "10", "--resolve", `wasmtcp-board.local:80:${multi[0]}`, "http://wasmtcp-board.local/"]);
    assert.match(page, /^wasmtcp /);
    c.kill("SIGTERM");
    assert.equal(await out.exit, 0, out.text());
    assert.match(out.text(), /"mdns_probes":3\b/);
    assert.match(out.text(), /"mdns_announcements":2\b/);
    assert.match(out.text(), /"mdns_answers":[1-9]/);
  } finally { ns.destroy(); }
});

test("tap_getLocalNameWithoutDnsServer_resolvedByLinuxMdnsResponderAndFetched", { skip, timeout: 60_000 }, async () => {
  const ns = createNetns();
  const dir = mkdtempSync(join(tmpdir(), "wasmtcp-www-"));
  try {
    writeFileSync(join(dir, "index.html"), "found by mDNS\n");
    await ns.serve(["python3", "-m", "http.server", "80", "--bind", ns.linuxIp, "--directory", dir], /Serving HTTP/);
    const { proc: responder } = await ns.serve(["python3", "-u", mdnsResponder, "linux-peer.local", ns.linuxIp], /ready/);
    let answered = "";
    responder.stdout!.on("data", (d) => (answered += d));
    // No --dns: RFC 6762 3 sends .local names to the mDNS group only.
    const c = ns.spawn(["node", cli, "tap", "--dev", ns.dev, "--ip", `${ns.stackIp}/24`, "--get", "http://linux-peer.local/"]);
    const out = output(c);
    assert.equal(await out.exit, 0, out.text());
    assert.match(out.text(), /^status 200$/m);
    assert.match(out.text(), /"mdns_queries":[123]\b/, "one query, or a retry a second later on a loaded machine");
    assert.match(out.text(), /"dns_answers":1\b/);
    assert.doesNotMatch(out.text(), /"dns_queries"/, "nothing to a unicast server");
    // RFC 6762 5.1, 5.4: a one-shot query from an ephemeral port, the first asking for a unicast answer.
    const first = /answered (\S+) (\d+) (Q[UM])/.exec(answered);
    assert.ok(first, `the responder saw no query: ${answered}`);
    assert.deepEqual([first[1], first[2] !== "5353", first[3]], [ns.stackIp, true, "QU"]);
  } finally {
    ns.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
});
