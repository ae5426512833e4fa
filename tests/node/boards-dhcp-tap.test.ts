// The posix hosts and the QEMU firmware with `--ip dhcp --name NAME` against Debian's dnsmasq in a
// namespace the test creates: the board waits for its lease before it serves, prints the leased address,
// serves HTTP on it to curl, answers NAME.local by mDNS (tests/node/linux/mdns_query.py), and (posix, which
// exits) gives the lease back at exit. Skips (or, with WASMTCP_REQUIRE_NETNS=1, fails) where namespaces or
// dnsmasq are missing; the QEMU runs also skip without QEMU or the Arm toolchain. With dnsmasq sending a
// T1 of 10 s (its shortest lease is two minutes), each board renews at T1 (RFC 2131 4.4.5) for real: it
// prints the renewal, dnsmasq logs the REQUEST and ACK, and HTTP still answers afterwards.
import test, { before } from "node:test";
import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { createNetns, netnsUnavailable, eventually, type Netns } from "./support/netns.js";
import { startDnsmasq, dnsmasqUnavailable, nextRenewal } from "./support/dnsmasq.js";
import { buildPosix, buildQemu, qemuUnavailable, repoPath } from "./support/replay.js";

const mdnsQuery = repoPath("tests/node/linux/mdns_query.py");
const why = netnsUnavailable() ?? dnsmasqUnavailable();
if (why && process.env.WASMTCP_REQUIRE_NETNS === "1") throw new Error(`board DHCP interop tests cannot run: ${why}`);

const noQemu = why ?? qemuUnavailable();

before(() => {
  if (why) return;
  buildPosix();
  if (!noQemu) buildQemu();
});

function output(c: ChildProcess): { text: () => string; wait: (re: RegExp, ms?: number) => Promise<RegExpMatchArray> } {
  let out = "";
  const add = (d: Buffer) => (out += String(d).replace(/\r/g, "")); // the firmware's serial console ends lines with CR LF
  c.stdout!.on("data", add);
  c.stderr!.on("data", add);
  return {
    text: () => out,
    wait: (re, ms = 30_000) => eventually(async () => { const m = re.exec(out); if (!m) throw new Error(`no ${re} in: ${out}`); return m; }, ms, 50),
  };
}

for (const engine of ["wasm2c", "wasm3"] as const) {
  test(`posixTapDhcp_${engine}_dnsmasqLease_servesHttpAnswersNameLocalAndReleases`, { skip: why ?? false, timeout: 120_000 }, async () => {
    const ns = createNetns();
    try {
      const dns = await startDnsmasq(ns, { range: [ns.stackIp, ns.stackIp], leaseSeconds: 120 });
      const c = ns.spawn([repoPath(`build/posix/wasmtcp-${engine}`), "--alloc-report", "tap", "--dev", ns.dev, "--ip", "dhcp",
        "--name", "board-9", "--mac", "02:77:00:00:00:09", "--serve", "http:80", "--for", "90000"]);
      const out = output(c);
      const exited = new Promise<number>((r) => c.on("exit", (x) => r(x ?? -1)));
      await out.wait(/waiting for a DHCP lease/);
      assert.deepEqual((await out.wait(/^tap: lease (\S+) netmask (\S+) gateway (\S+)$/m)).slice(1), [ns.stackIp, "255.255.255.0", ns.linuxIp],
        "the lease printed: address, mask and router");
      await out.wait(new RegExp(` up as ${ns.stackIp.replace(/\./g, "\\.")}/24 .*serving http:80`));
      assert.ok(out.text().indexOf("tap: lease") < out.text().indexOf(" up as "), "the services start after the lease");
      assert.match(await ns.run(["curl", "-sS", "-m", "10", `http://${ns.stackIp}/`]), /^wasmtcp /, "HTTP on the leased address");
      const leases = dns.leases();
      assert.equal(leases.length, 1);
      assert.match(leases[0], new RegExp(`02:77:00:00:00:09 ${ns.stackIp.replace(/\./g, "\\.")} board-9 01:02:77:00:00:00:09`),
        "MAC, address, host name and client identifier");
      await out.wait(/^tap: mdns board-9\.local$/m);
      const answer = (await ns.run(["python3", mdnsQuery, "board-9.local", ns.linuxIp, "legacy", "8"])).trim().split(" ");
      assert.deepEqual(answer, [ns.stackIp, "10", ns.stackIp], "NAME.local answered with the leased address");
      c.kill("SIGTERM");
      assert.equal(await exited, 0, out.text());
      await eventually(async () => assert.match(dns.log(), /DHCPRELEASE\(tap0\)/), 5000, 50);
      assert.match(out.text(), /after start 0 calls/, "no allocation after start-up");
      dns.stop();
    } finally { ns.destroy(); }
  });
}

/** Longer than the ARP probe of the offered address (RFC 5227: up to 7 s) that comes between the ACK and BOUND. */
const T1_SECONDS = 10;

/** Runs a board against dnsmasq with a short T1: waits for its lease, then for its renewal at T1: a REQUEST
 *  and ACK more in dnsmasq's log, the REQUEST no sooner than T1 after the ACK that bound the lease (half of it
 *  allowed for a loaded machine), the board's renewal line, and HTTP still answering. */
async function renewsAtT1(ns: Netns, mac: string, board: string[], prefix: string, timeoutMs: number): Promise<ReturnType<typeof output>> {
  const dns = await startDnsmasq(ns, { range: [ns.stackIp, ns.stackIp], leaseSeconds: 120, t1Seconds: T1_SECONDS });
  const c = ns.spawn(board);
  const out = output(c);
  try {
    const ip = ns.stackIp.replace(/\./g, "\\.");
    await out.wait(new RegExp(`^${prefix}lease ${ip} netmask`, "m"), timeoutMs);
    const after = await nextRenewal(dns, mac, (T1_SECONDS + 10) * 1000);
    assert.ok(after >= T1_SECONDS * 500, `the renewal's REQUEST ${after} ms after the ACK that bound the lease: not before T1`);
    await out.wait(new RegExp(`^${prefix}lease renewed ${ip}$`, "m"), 5000);
    assert.match(await ns.run(["curl", "-sS", "-m", "30", `http://${ns.stackIp}/`]), /^wasmtcp /, "still serving after the renewal");
    assert.equal(dns.leases().length, 1, "the same lease, extended");
    return out;
  } finally {
    c.kill("SIGTERM");
    await new Promise((r) => (c.exitCode === null ? c.on("exit", r) : r(null)));
    dns.stop();
  }
}

for (const engine of ["wasm2c", "wasm3"] as const) {
  test(`posixTapDhcp_${engine}_t1Passes_renewsWithTheServerAndStillServesHttp`, { skip: why ?? false, timeout: 60_000 }, async () => {
    const ns = createNetns();
    try {
      const out = await renewsAtT1(ns, "02:77:00:00:00:0a", [repoPath(`build/posix/wasmtcp-${engine}`), "tap", "--dev", ns.dev,
        "--ip", "dhcp", "--mac", "02:77:00:00:00:0a", "--serve", "http:80", "--for", "50000"], "tap: ", 10_000);
      assert.match(out.text(), /dhcp_renewals\s+[1-9]/, "the renewals counted, at exit");
    } finally { ns.destroy(); }
  });
}

for (const engine of ["wasm2c", "wasm3"] as const) {
  test(`qemuTapDhcp_${engine}_t1Passes_renewsWithTheServerAndStillServesHttp`, { skip: noQemu ?? false, timeout: 90_000 }, async () => {
    const ns = createNetns();
    try {
      const out = await renewsAtT1(ns, "02:77:00:00:00:0b", ["bash", repoPath("boards/qemu-mps2/run.sh"), "--engine", engine,
        "--dev", ns.dev, "--ip", "dhcp", "--mac", "02:77:00:00:00:0b", "--serve", "http:80"], "dhcp: ", 40_000);
      assert.doesNotMatch(out.text(), /panic/);
    } finally { ns.destroy(); }
  });
}

for (const engine of ["wasm2c", "wasm3"] as const) {
  test(`qemuTapDhcp_${engine}_dnsmasqLease_servesHttpAndAnswersNameLocal`, { skip: noQemu ?? false, timeout: 120_000 }, async () => {
    const ns = createNetns();
    try {
      const dns = await startDnsmasq(ns, { range: [ns.stackIp, ns.stackIp], leaseSeconds: 120 });
      const c = ns.spawn(["bash", repoPath("boards/qemu-mps2/run.sh"), "--engine", engine, "--dev", ns.dev, "--ip", "dhcp",
        "--name", "fw-3", "--mac", "02:77:00:00:00:03", "--serve", "echo:7,http:80"]);
      const out = output(c);
      try {
        await out.wait(/dhcp: waiting for a lease\n/);
        assert.deepEqual((await out.wait(/^dhcp: lease (\S+) netmask (\S+) gateway (\S+)$/m, 60_000)).slice(1), [ns.stackIp, "255.255.255.0", ns.linuxIp],
          "the lease printed: address, mask and router");
        await out.wait(new RegExp(`^ready ${ns.stackIp.replace(/\./g, "\\.")} echo:7,http:80$`, "m"));
        assert.ok(out.text().indexOf("dhcp: lease") < out.text().indexOf("ready "), "the services start after the lease");
        assert.match(await ns.run(["curl", "-sS", "-m", "30", `http://${ns.stackIp}/`]), new RegExp(`^wasmtcp ${engine}\n`), "HTTP on the leased address");
        assert.match(dns.leases()[0] ?? "", new RegExp(`02:77:00:00:00:03 ${ns.stackIp.replace(/\./g, "\\.")} fw-3 01:02:77:00:00:00:03`),
          "MAC, address, host name and client identifier");
        await out.wait(/^mdns fw-3\.local$/m);
        const answer = (await ns.run(["python3", mdnsQuery, "fw-3.local", ns.linuxIp, "legacy", "8"])).trim().split(" ");
        assert.deepEqual(answer, [ns.stackIp, "10", ns.stackIp], "NAME.local answered with the leased address");
        assert.doesNotMatch(out.text(), /panic/);
      } finally {
        c.kill("SIGTERM");
        dns.stop();
      }
    } finally { ns.destroy(); }
  });
}
