// `wasmtcp tap --ip dhcp` against Debian's dnsmasq in a namespace the test creates: the stack gets its
// lease (client identifier, host name), serves HTTP on the leased address to curl, renews at T1 (dnsmasq's
// shortest lease is two minutes, so it sends a T1 of 10 s: RFC 2131 4.4.5's timer, not a forced renewal)
// and again at once on SIGUSR1, and releases the lease at exit; with a remembered address
// (`--ip dhcp:A.B.C.D`), INIT-REBOOT: ACKed at once, or NAKed and followed by a DISCOVER.
// Skips (or, with WASMTCP_REQUIRE_NETNS=1, fails) where namespaces or dnsmasq are missing.
import test from "node:test";
import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { createNetns, netnsUnavailable, eventually } from "./support/netns.js";
import { startDnsmasq, dnsmasqUnavailable, nextRenewal } from "./support/dnsmasq.js";

const cli = new URL("../../host/node/cli.js", import.meta.url).pathname;
const why = netnsUnavailable() ?? dnsmasqUnavailable();
if (why && process.env.WASMTCP_REQUIRE_NETNS === "1") throw new Error(`DHCP interop tests cannot run: ${why}`);

function output(c: ChildProcess): { text: () => string; wait: (re: RegExp, ms?: number) => Promise<RegExpMatchArray> } {
  let out = "";
  c.stdout!.on("data", (d) => (out += d));
  c.stderr!.on("data", (d) => (out += d));
  return {
    text: () => out,
    wait: (re, ms = 30_000) => eventually(async () => { const m = re.exec(out); if (!m) throw new Error(`no ${re} in: ${out}`); return m; }, ms, 50),
  };
}

/** Longer than the ARP probe of the offered address (RFC 5227: up to 7 s) between the ACK and BOUND. */
const T1_SECONDS = 10;

test("tapDhcp_dnsmasqLease_servesHttpRenewsAtT1AndOnSignalAndReleases", { skip: why ?? false }, async () => {
  const ns = createNetns();
  try {
    const dns = await startDnsmasq(ns, { range: [ns.stackIp, ns.stackIp], leaseSeconds: 120, t1Seconds: T1_SECONDS });
    const c = ns.spawn(["node", cli, "tap", "--dev", ns.dev, "--ip", "dhcp", "--name", "board-7", "--serve", "http:80"]);
    const out = output(c);
    const lease = await out.wait(/^lease (\S+) netmask (\S+) gateway (\S+) dns (\S+)$/m);
    assert.deepEqual(lease.slice(1), [ns.stackIp, "255.255.255.0", ns.linuxIp, ns.linuxIp], "address, mask, router and DNS from the lease");
    await out.wait(/^ready$/m);
    assert.match(await ns.run(["curl", "-sS", "-m", "10", `http://${ns.stackIp}/`]), /^wasmtcp /, "HTTP on the leased address");
    const leases = dns.leases();
    assert.equal(leases.length, 1);
    assert.match(leases[0], new RegExp(`02:00:00:00:00:42 ${ns.stackIp.replace(/\./g, "\\.")} board-7 01:02:00:00:00:00:42`), "MAC, address, host name and client identifier");
    const after = await nextRenewal(dns, "02:00:00:00:00:42", (T1_SECONDS + 10) * 1000);
    assert.ok(after >= T1_SECONDS * 500, `the renewal's REQUEST ${after} ms after the ACK that bound the lease: not before T1 (half of it allowed for a loaded machine)`);
    // The next T1 is 10 s after the last ACK: a REQUEST before then is the forced renewal's.
    const signalled = dns.messages().length;
    c.kill("SIGUSR1");
    assert.ok(await nextRenewal(dns, "02:00:00:00:00:42", 5000, signalled) < T1_SECONDS * 1000, "the forced renewal");
    assert.match(await ns.run(["curl", "-sS", "-m", "10", `http://${ns.stackIp}/`]), /^wasmtcp /, "still serving after the renewals");
    c.kill("SIGTERM");
    const code = await new Promise<number>((r) => c.on("exit", (x) => r(x ?? -1)));
    assert.equal(code, 0);
    await eventually(async () => assert.match(dns.log(), /DHCPRELEASE\(tap0\)/), 5000, 50);
    assert.ok(Number(/"dhcp_renewals":(\d+)/.exec(out.text())?.[1]) >= 2, `the counters at exit: ${out.text()}`);
    dns.stop();
  } finally { ns.destroy(); }
});

/** `wasmtcp tap --ip dhcp:REMEMBERED` against dnsmasq until its lease line (the exit path is the first
 *  test's). Returns dnsmasq's log then and the lease. */
async function rebootAgainstDnsmasq(remembered: (ns: ReturnType<typeof createNetns>) => string): Promise<{ log: string; lease: string[]; stackIp: string }> {
  const ns = createNetns();
  try {
    const dns = await startDnsmasq(ns, { range: [ns.stackIp, ns.stackIp], leaseSeconds: 120 });
    const c = ns.spawn(["node", cli, "tap", "--dev", ns.dev, "--ip", `dhcp:${remembered(ns)}`, "--serve", "echo:7"]);
    const out = output(c);
    const lease = (await out.wait(/^lease (\S+) netmask (\S+) gateway (\S+) dns (\S+)$/m)).slice(1);
    await out.wait(/^ready$/m);
    const log = dns.log();
    const exited = new Promise((r) => c.on("exit", r));
    c.kill("SIGTERM");
    await exited;
    dns.stop();
    return { log, lease, stackIp: ns.stackIp };
  } finally { ns.destroy(); }
}

test("tapDhcp_rememberedAddress_initRebootAckedWithoutDiscover", { skip: why ?? false }, async () => {
  const { log, lease, stackIp } = await rebootAgainstDnsmasq((ns) => ns.stackIp);
  assert.equal(lease[0], stackIp);
  assert.match(log, new RegExp(`DHCPREQUEST\\(tap0\\) ${stackIp.replace(/\./g, "\\.")} 02:00:00:00:00:42`), "RFC 2131 3.2: a REQUEST for the remembered address");
  assert.match(log, /DHCPACK\(tap0\)/);
  assert.doesNotMatch(log, /DHCPDISCOVER/, "no DISCOVER: the server confirmed the address");
});

test("tapDhcp_rememberedAddressOfAnotherNetwork_nakThenDiscoverAndLease", { skip: why ?? false }, async () => {
  const { log, lease, stackIp } = await rebootAgainstDnsmasq(() => "192.168.77.5");
  assert.equal(lease[0], stackIp, "the lease from the DISCOVER that followed the NAK");
  assert.match(log, /DHCPNAK\(tap0\) 192\.168\.77\.5/, "RFC 2131 4.3.2: the server NAKs an address on the wrong network");
  assert.ok(log.indexOf("DHCPNAK") < log.indexOf("DHCPDISCOVER"), "then INIT: a DISCOVER");
});
