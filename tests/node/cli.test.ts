// The command line refuses what it does not understand: unknown verbs and options, options without their
// values, arguments too many and bad values exit 2 naming them, with the verb's usage; a user's mistake
// (a missing file, an unwritable path, a bad address or prefix, a device that does not exist) is one line,
// never a stack trace. --help, -h, help and --version work for every verb.
import test from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, readFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const cli = fileURLToPath(new URL("../../host/node/cli.js", import.meta.url));
const pkg = JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8")) as { version: string };

function wasmtcp(...args: string[]): { status: number; out: string; err: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: "utf8", cwd: tmpdir() });
  return { status: r.status ?? -1, out: r.stdout, err: r.stderr };
}

/** Refused: exit 2, a first line naming `what`, then the usage; no stack trace. */
function refused(args: string[], what: RegExp): void {
  const r = wasmtcp(...args);
  assert.equal(r.status, 2, `${args.join(" ")}: exit 2 (${r.err})`);
  assert.match(r.err.split("\n")[0], what, args.join(" "));
  assert.doesNotMatch(r.err, /^\s+at /m, `${args.join(" ")}: no stack trace`);
  assert.equal(r.out, "", `${args.join(" ")}: nothing on stdout`);
}

test("cli_unknownVerbOrOption_exit2NamingIt", () => {
  refused(["bogus"], /^wasmtcp: unknown command "bogus"$/);
  refused(["demo", "--bogus"], /^wasmtcp demo: Unknown option '--bogus'$/);
  refused(["scenario", "handshake", "--pcapp", "x"], /^wasmtcp scenario: Unknown option '--pcapp'$/);
  refused(["script", "a.pkt", "--svg", "x"], /^wasmtcp script: Unknown option '--svg'$/);
  refused(["tap", "--device", "tap0"], /^wasmtcp tap: Unknown option '--device'$/);
  refused(["help", "nope"], /^wasmtcp: help: unknown verb "nope"$/);
  const r = wasmtcp("demo", "--bogus");
  assert.match(r.err, /usage:\n {2}wasmtcp demo /, "the verb's usage follows");
});

test("cli_optionWithoutValueOrExtraArgument_exit2NamingIt", () => {
  refused(["scenario", "handshake", "--svg"], /^wasmtcp scenario: Option '--svg <value>' argument missing$/);
  refused(["script", "--pcap"], /^wasmtcp script: Option '--pcap <value>' argument missing$/);
  refused(["demo", "extra"], /^wasmtcp demo: unexpected argument "extra"$/);
  refused(["scenario", "handshake", "close"], /^wasmtcp scenario: unexpected argument "close"$/);
  refused(["script", "a.pkt", "b.pkt"], /^wasmtcp script: unexpected argument "b.pkt"$/);
  refused(["scenario", "--list", "handshake"], /^wasmtcp scenario: --list takes no scenario name \(got "handshake"\)$/);
  refused(["scenario"], /^wasmtcp scenario: a scenario name is required/);
  refused(["script"], /^wasmtcp script: a script file is required$/);
  refused(["scenario", "no-such"], /^wasmtcp scenario: no scenario "no-such"; try: wasmtcp scenario --list$/);
});

test("cli_badValues_exit2NamingTheOptionAndValue", () => {
  refused(["scenario", "handshake", "--drop", "0"], /^wasmtcp scenario: --drop: expected a whole number of at least 1, got "0"$/);
  refused(["scenario", "handshake", "--drop", "2x"], /--drop: expected a whole number of at least 1, got "2x"/);
  refused(["scenario", "handshake", "--latency", "-5"], /--latency/);
  refused(["scenario", "handshake", "--rto", "0"], /^wasmtcp scenario: --rto: expected a whole number from 1 to 60000, got "0"$/);
  refused(["scenario", "handshake", "--rto", "60001"], /--rto: expected a whole number from 1 to 60000, got "60001"/);
  refused(["scenario", "handshake", "--lang", "fr"], /^wasmtcp scenario: --lang: expected en or zh-CN, got "fr"$/);
  refused(["scenario", "--list", "--lang", "de"], /--lang: expected en or zh-CN, got "de"/);
  refused(["tap", "--dev", "tap0"], /^wasmtcp tap: --ip is required$/);
  refused(["tap", "--ip", "10.0.0.2/24"], /^wasmtcp tap: --dev is required$/);
  refused(["tap", "--dev", "tap0", "--ip", "10.0.0.2/33"], /^wasmtcp tap: --ip: bad prefix length in 10\.0\.0\.2\/33: expected \/0 to \/32$/);
  refused(["tap", "--dev", "tap0", "--ip", "10.0.0.2/"], /--ip: bad prefix length/);
  refused(["tap", "--dev", "tap0", "--ip", "10.0..2/24"], /^wasmtcp tap: --ip: bad IPv4 address: 10\.0\.\.2$/);
  refused(["tap", "--dev", "tap0", "--ip", "10.0.0.300"], /--ip: bad IPv4 address: 10\.0\.0\.300/);
  refused(["tap", "--dev", "tap0", "--ip", "dhcp:10.0.0"], /^wasmtcp tap: --ip: bad IPv4 address after dhcp: 10\.0\.0$/);
  refused(["tap", "--dev", "tap0", "--ip", "10.0.0.2", "--mac", "02:00:00:00:00:1g"], /^wasmtcp tap: --mac: bad MAC address: 02:00:00:00:00:1g$/);
  refused(["tap", "--dev", "tap0", "--ip", "10.0.0.2", "--gw", "10.0.0"], /^wasmtcp tap: --gw: bad IPv4 address: 10\.0\.0$/);
  refused(["tap", "--dev", "tap0", "--ip", "10.0.0.2", "--bytes", "5"], /^wasmtcp tap: --bytes goes with --send$/);
  refused(["tap", "--dev", "tap0", "--ip", "10.0.0.2", "--serve", "echo:x"], /^wasmtcp tap: --serve: expected kind:port/);
});

test("cli_userMistakes_oneLineExit2NoStackTrace", () => {
  const missing = wasmtcp("script", "/nonexistent/x.pkt");
  assert.equal(missing.status, 2);
  assert.equal(missing.err, "wasmtcp: ENOENT: no such file or directory, open '/nonexistent/x.pkt'\n");
  const unwritable = wasmtcp("scenario", "handshake", "--svg", "/nonexistent/dir/h.svg");
  assert.equal(unwritable.status, 2);
  assert.equal(unwritable.err, "wasmtcp: ENOENT: no such file or directory, access '/nonexistent/dir'\n");
  assert.equal(unwritable.out, "", "refused before running");
  const nodev = wasmtcp("tap", "--dev", "wasmtcp-nosuch0", "--ip", "10.9.9.2/24");
  assert.equal(nodev.status, 2);
  assert.equal(nodev.err, "wasmtcp tap: tap-bridge wasmtcp-nosuch0 exited (1): tap-bridge: no device wasmtcp-nosuch0 " +
    "(make one first: ip tuntap add dev wasmtcp-nosuch0 mode tap)\n", "the bridge's own words, before any \"ready\"");
  assert.ok(!existsSync("/sys/class/net/wasmtcp-nosuch0"), "and none was created");
  const notTap = wasmtcp("tap", "--dev", "lo", "--ip", "10.9.9.2/24", "--serve", "echo:7");
  assert.equal(notTap.status, 2);
  assert.match(notTap.err, /^wasmtcp tap: tap-bridge lo exited \(1\): tap-bridge: cannot open lo: [^\n]+\n$/, "why, in the bridge's words");
  assert.doesNotMatch(notTap.out, /ready/);
});

test("cli_helpAndVersion_everyVerb", () => {
  for (const verb of ["demo", "script", "tap", "scenario"]) {
    for (const h of [["--help"], ["-h"]]) {
      const r = wasmtcp(verb, ...h);
      assert.equal(r.status, 0, `${verb} ${h}`);
      assert.match(r.out, new RegExp(`^usage:\\n {2}wasmtcp ${verb} `), `${verb} ${h}`);
    }
    const help = wasmtcp("help", verb);
    assert.equal(help.status, 0);
    assert.equal(help.out, wasmtcp(verb, "--help").out, `help ${verb} = ${verb} --help`);
    const v = wasmtcp(verb, "--version");
    assert.deepEqual([v.status, v.out], [0, `wasmtcp ${pkg.version}\n`], `${verb} --version`);
  }
  const all = wasmtcp("help");
  assert.equal(all.status, 0);
  for (const verb of ["demo", "script", "tap", "scenario"]) assert.match(all.out, new RegExp(`wasmtcp ${verb} `));
  assert.deepEqual([wasmtcp("--version").status, wasmtcp("--version").out], [0, `wasmtcp ${pkg.version}\n`]);
  assert.equal(wasmtcp("--help").out, all.out);
  const none = wasmtcp();
  assert.equal(none.status, 2, "no verb: usage on stderr, exit 2");
  assert.match(none.err, /^usage:/);
});

test("cli_scenarioOptions_dropLatencyAbsoluteChangeTheRun", () => {
  const dir = mkdtempSync(join(tmpdir(), "wasmtcp-cli-"));
  try {
    // --drop 2: the second TCP segment of the run is the SYN-ACK; it is resent after 1 s.
    const dropped = wasmtcp("scenario", "handshake", "--drop", "2", "--json", join(dir, "d.json"));
    assert.equal(dropped.status, 0, dropped.err);
    const tr = JSON.parse(readFileSync(join(dir, "d.json"), "utf8")) as { events: { kind: string; flags?: string; lost?: boolean; t: number; from?: string }[] };
    const segs = tr.events.filter((e) => e.kind === "segment");
    assert.deepEqual(segs.map((e) => `${e.from} ${e.flags}${e.lost ? " lost" : ""}`).slice(0, 2), ["client S", "server S. lost"]);
    assert.equal(segs.filter((e) => e.lost).length, 1, "only that one");
    assert.match(dropped.out, /\|\s+X-+ S\. 0 ack 1 .*\|\s+lost$/m, "drawn lost");
    const slow = wasmtcp("scenario", "handshake", "--latency", "50", "--json", join(dir, "l.json"));
    assert.equal(slow.status, 0, slow.err);
    const tl = JSON.parse(readFileSync(join(dir, "l.json"), "utf8")) as { latencyMs: number; events: { kind: string; t: number }[] };
    assert.equal(tl.latencyMs, 50);
    assert.deepEqual(tl.events.filter((e) => e.kind === "segment").map((e) => e.t), [0, 50, 100]);
    const abs = wasmtcp("scenario", "handshake", "--absolute");
    assert.equal(abs.status, 0);
    assert.match(abs.out, / S \d{6,} win /);
    assert.doesNotMatch(abs.out, / S 0 win /);
  } finally { rmSync(dir, { recursive: true, force: true }); }
});

test("cli_stdoutClosedEarly_noEpipeCrash", () => {
  const r = spawnSync("sh", ["-c", `"${process.execPath}" "${cli}" scenario keepalive-defaults | head -c 10`], { encoding: "utf8" });
  assert.equal(r.status, 0);
  assert.doesNotMatch(r.stderr, /EPIPE|Error/);
});
