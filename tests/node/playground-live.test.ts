// The playground's live mode against Linux: `wasmtcp tap --serve http:80 --view` (and the posix board host's
// `tap --events -` piped into `wasmtcp view --events -`) runs on a TAP device in a namespace the test
// creates, curl inside the namespace fetches a page from it, and Debian's Chromium (playwright-core,
// headless, inside the same namespace, since the view listens on its 127.0.0.1 only) draws that
// connection's segments and states as they happen. Skips (or, with WASMTCP_REQUIRE_NETNS=1,
// fails) where namespaces cannot be made. Its screenshot goes to test-artifacts/playground/ (or
// $WASMTCP_PLAYGROUND_SHOTS).
import test from "node:test";
import assert from "node:assert/strict";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { ChildProcess } from "node:child_process";
import { chromium, type Browser, type Page } from "playwright-core";
import { createNetns, netnsUnavailable, type Netns } from "./support/netns.js";
import { buildPosix, repoPath } from "./support/replay.js";

const cli = new URL("../../host/node/cli.js", import.meta.url).pathname;
const CHROMIUM = "/usr/bin/chromium";
/** Screenshots: test artifacts, kept out of git (.gitignore's test-artifacts/). */
const shots = process.env.WASMTCP_PLAYGROUND_SHOTS ?? fileURLToPath(new URL("../../../test-artifacts/playground/", import.meta.url));
const why = netnsUnavailable();
if (why && process.env.WASMTCP_REQUIRE_NETNS === "1") throw new Error(`live view tests cannot run: ${why}`);
const skip = why ?? false;

/** Resolves with everything `c` printed once it prints `text`. */
function waitFor(c: ChildProcess, text: string, ms = 15_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = "";
    const t = setTimeout(() => reject(new Error(`no "${text}" within ${ms} ms: ${out}`)), ms);
    c.stdout!.on("data", (d) => { out += d; if (out.includes(text)) { clearTimeout(t); resolve(out); } });
    c.stderr!.on("data", (d) => { out += d; });
    c.on("exit", (code) => { clearTimeout(t); if (!out.includes(text)) reject(new Error(`exited ${code}: ${out}`)); });
  });
}
const exited = (c: ChildProcess) => new Promise<number>((r) => { if (c.exitCode !== null) r(c.exitCode); else c.on("exit", (code) => r(code ?? -1)); });

/** Runs `start`'s processes in a fresh namespace (the last one prints the view's address), opens the view in
 *  Chromium, has curl fetch a page from the stack, and checks the page drew that connection; `check` looks
 *  further. Every process and the namespace go at the end, also on failure. */
async function watchCurl(start: (ns: Netns) => ChildProcess[], shot: string, check: (page: Page, ns: Netns) => Promise<void>): Promise<void> {
  mkdirSync(shots, { recursive: true });
  const ns = createNetns();
  const dir = mkdtempSync(join(tmpdir(), "wasmtcp-live-"));
  let browser: Browser | undefined;
  let procs: ChildProcess[] = [];
  try {
    procs = start(ns);
    const view = procs[procs.length - 1];
    const out = await waitFor(view, "ready");
    const url = /^view: (http:\/\/127\.0\.0\.1:\d+\/#live=1)$/m.exec(out)?.[1];
    assert.ok(url, `the view's address is printed:\n${out}`);
    // Debian's Chromium, started inside the namespace so that the view's loopback address is its own.
    const inNs = join(dir, "chromium-in-netns");
    writeFileSync(inNs, `#!/bin/sh\nexec ip netns exec ${ns.name} ${CHROMIUM} "$@"\n`);
    chmodSync(inNs, 0o755);
    browser = await chromium.launch({ executablePath: inNs, headless: true, args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"] });
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.route("**/*", (r) => (r.request().url().startsWith(url.replace(/#.*/, "")) ? r.continue() : r.abort()));
    await page.goto(url);
    await page.waitForSelector("body[data-runs]", { timeout: 15_000 });
    const ladder = () => page.$eval("#ladder svg", (s) => s.textContent ?? "");
    assert.equal(await page.isVisible("#scenario"), false, "no scenario to choose in the live mode");

    const body = await ns.run(["curl", "-sS", "-m", "10", `http://${ns.stackIp}/`]);
    assert.match(body, /^wasmtcp /);
    // The whole connection: Linux's SYN to the last ACK of the close, and the stack's states on the way.
    const shown = (f: () => boolean, what: string) => page.waitForFunction(f, null, { timeout: 15_000 })
      .catch(async (e: Error) => { throw new Error(`${what}: ${e.message}\nthe ladder:\n${await ladder()}\n${await page.textContent("#status")}`); });
    await shown(() => /TIME_WAIT|CLOSED/.test(document.querySelector("#ladder svg")?.textContent ?? ""), "the connection's end");
    await shown(() => document.querySelectorAll("#ladder g.segment").length >= 7, "seven segments or more");
    const arrows = await page.$$eval("#ladder g.segment text", (ts) => ts.map((t) => t.textContent ?? ""));
    assert.match(arrows[0], /^S 0 win \d+ <mss 1460/, "Linux's SYN first");
    assert.match(arrows[1], /^S\. 0 ack 1 win \d+ <mss/, "the stack's SYN-ACK");
    assert.ok(arrows.some((a) => /^P?\. 1:\d+\(\d+\) ack 1/.test(a)), `curl's request:\n${arrows.join("\n")}`);
    assert.ok(arrows.some((a) => a.startsWith("F")), "a FIN");
    const text = await ladder();
    for (const st of ["SYN_RECEIVED", "ESTABLISHED"]) assert.match(text, new RegExp(st), `the stack's ${st}`);
    assert.match((await page.textContent("#clock"))!, /event (\d+) of \1$/, "the page follows the newest event");
    // A segment's header in the inspector, from the live run.
    await (await page.$$("#ladder g.segment"))[0].dispatchEvent("click");
    assert.match((await page.textContent("#segment"))!, new RegExp(`dest\\.${ns.stackIp.replace(/\./g, "\\.")}:80`));
    await check(page, ns);
    await page.screenshot({ path: join(shots, shot) });
    assert.deepEqual(errors, []);
    for (const p of [...procs].reverse()) {
      p.kill("SIGTERM");
      assert.equal(await exited(p), 0, "a clean stop on SIGTERM, view and all");
    }
  } finally {
    await browser?.close();
    for (const p of procs) if (p.exitCode === null && p.signalCode === null) { p.kill("SIGKILL"); await exited(p); }
    ns.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

test("liveView_linuxCurlsTheNodeStack_pageDrawsTheConnectionAsItHappens", { skip }, async () => {
  await watchCurl((ns) => [ns.spawn(["node", cli, "tap", "--dev", ns.dev, "--ip", `${ns.stackIp}/24`, "--serve", "http:80", "--view", "--port", "0"])], "live.png", async (page) => {
    assert.match(await page.$eval("#ladder svg", (s) => s.textContent ?? ""), /serving http on port 80/, "what happened before the page connected is shown too");
    // Back into the connection: the TCB of a stack in the same process is shown.
    for (let i = 0; i < 10 && !/SND\.UNA/.test((await page.textContent('.party[data-party="wasmtcp"]'))!); i++) await page.keyboard.press("ArrowLeft");
    assert.match((await page.textContent('.party[data-party="wasmtcp"]'))!, /SND\.UNA\d+SND\.NXT\d+/, "the TCB, read after each burst");
    await page.keyboard.press("End");
  });
});

test("liveView_linuxCurlsThePosixBoardHost_itsEventsStreamDrawnByWasmtcpView", { skip }, async () => {
  buildPosix();
  await watchCurl((ns) => {
    const board = ns.spawn([repoPath("build/posix/wasmtcp-wasm2c"), "tap", "--dev", ns.dev, "--ip", `${ns.stackIp}/24`, "--serve", "http:80", "--events", "-"]);
    const view = ns.spawn(["node", cli, "view", "--events", "-", "--port", "0"]);
    board.stdout!.pipe(view.stdin!);
    return [board, view];
  }, "live-posix.png", async (page) => {
    assert.deepEqual(await page.$$eval(".party h2", (hs) => hs.map((h) => h.firstChild!.textContent!.trim())), ["wasmtcp (wasm2c)", "peer"]);
  });
});
