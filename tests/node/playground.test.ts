// The playground page in Debian's Chromium (playwright-core, headless, every request outside the page's
// own server refused): loaded from the built files that `wasmtcp playground` serves, it steps the real
// .wasm through the catalogue, loses a clicked segment and shows the stack recover, and exports a pcap
// tshark reads. Screenshots of these moments go to test-artifacts/playground/ ($WASMTCP_PLAYGROUND_SHOTS
// chooses another folder).
import test, { after, before } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Server } from "node:http";
import { chromium, type Browser, type Download, type Page } from "playwright-core";
import { playgroundDir, servePlayground } from "../../host/node/playground.js";
import { scenarios } from "../../host/scenarios/registry.js";
import { runScenario } from "../../host/scenarios/runner.js";
import { scenarioText } from "../../host/scenarios/lang.js";
import "../../host/node/wasm-files.js"; // builds read from build/

const CHROMIUM = "/usr/bin/chromium";
/** Screenshots: test artifacts, kept out of git (.gitignore's test-artifacts/). */
const shots = process.env.WASMTCP_PLAYGROUND_SHOTS ?? fileURLToPath(new URL("../../../test-artifacts/playground/", import.meta.url));
let server: Server, browser: Browser, base = "";

before(async () => {
  assert.ok(existsSync(CHROMIUM), `Chromium is not installed at ${CHROMIUM}: \`apt-get install -y chromium\``);
  assert.ok(existsSync(join(playgroundDir(), "index.html")), "the playground is not built: run `npm run build:playground`");
  mkdirSync(shots, { recursive: true });
  server = await servePlayground(0);
  const a = server.address();
  base = `http://127.0.0.1:${typeof a === "object" && a ? a.port : 0}/`;
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"] });
});
after(async () => { await browser?.close(); await new Promise((r) => server?.close(r)); });

/** A page at `hash`, offline but for the playground's server, once its first run is shown. */
async function open(hash = ""): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 }, acceptDownloads: true });
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.route("**/*", (r) => (r.request().url().startsWith(base) ? r.continue() : r.abort()));
  await page.goto(`${base}${hash}`);
  await page.waitForSelector("body[data-runs]", { timeout: 30_000 });
  assert.deepEqual(errors, [], "the page runs without errors");
  return page;
}
const runs = (p: Page) => p.evaluate(() => Number(document.body.dataset.runs));
/** Clicks an export button and returns its download. Headless Chromium now and then drops a click's
 *  download when several follow each other (about one run in four on this machine, no page error, no
 *  request): the click is tried again, three times at most. */
async function download(p: Page, selector: string): Promise<Download> {
  for (let attempt = 1; ; attempt++) {
    const dl = p.waitForEvent("download", { timeout: 5_000 }).catch((e: Error) => e);
    await p.click(selector);
    const got = await dl;
    if (!(got instanceof Error)) return got;
    if (attempt === 3) throw got;
  }
}
/** Waits until the page has shown a run after `n` runs. */
const rerunAfter = (p: Page, n: number) => p.waitForFunction((k) => Number(document.body.dataset.runs) > k, n, { timeout: 30_000 });
const clock = async (p: Page) => {
  const m = /event (\d+) of (\d+)/.exec((await p.textContent("#clock")) ?? "")!;
  return { shown: Number(m[1]), total: Number(m[2]), t: (await p.textContent("#clock"))!.split(" ")[2] };
};
/** The state of `party`'s connection(s), as its panel shows them. */
const states = (p: Page, party: string) => p.$$eval(`.party[data-party="${party}"] .conn .state`, (es) => es.map((e) => e.firstChild!.textContent!.trim()));
const ladderText = (p: Page) => p.$eval("#ladder svg", (s) => s.textContent ?? "");

test("playground_handshakeStepped_bothEndsEstablished", async () => {
  const page = await open();
  assert.equal(await page.inputValue("#scenario"), "handshake");
  assert.match((await page.textContent("#explanation"))!, /three segments/);
  const { total } = await clock(page);
  assert.equal(total, (await runScenario(scenarios[0])).trace.events.length, "the page's run has as many events as the CLI's");
  assert.equal((await clock(page)).shown, 0);
  // Step until the client's SYN is on the ladder: the client in SYN_SENT, the server still listening.
  while (!(await ladderText(page)).includes("S 0 win")) await page.click("#step");
  assert.deepEqual(await states(page, "client"), ["SYN_SENT"]);
  assert.deepEqual(await states(page, "server"), ["LISTEN"]);
  assert.equal(await page.getAttribute('.party[data-party="client"] .diagram g.current', "data-state"), "SYN_SENT");
  for (let i = (await clock(page)).shown; i < total; i++) await page.keyboard.press("ArrowRight");
  assert.equal((await clock(page)).shown, total);
  assert.deepEqual(await states(page, "client"), ["ESTABLISHED"]);
  assert.deepEqual(await states(page, "server"), ["LISTEN", "ESTABLISHED"]);
  assert.equal(await page.getAttribute('.party[data-party="server"] .diagram g.current', "data-state"), "ESTABLISHED");
  const tcb = (await page.textContent('.party[data-party="client"] table'))!;
  assert.match(tcb, /MSS1448/, "the server's 1460, less the 12 bytes of the timestamp option every segment carries (RFC 7323)");
  assert.match(tcb, /SRTT2 ms/, "one round trip measured: 2 ms on a link of 1 ms each way");
  await page.screenshot({ path: join(shots, "handshake-established.png") });
  // Back re-shows the previous event.
  await page.keyboard.press("ArrowLeft");
  assert.equal((await clock(page)).shown, total - 1);
  await page.close();
});

test("playground_synClicked_lostAndRetransmittedAfterRto", async () => {
  const page = await open();
  while ((await page.$$("#ladder g.segment")).length === 0) await page.click("#step");
  const syn = await page.$("#ladder g.segment");
  assert.match((await syn!.textContent())!, /^S 0 win/);
  const n = await runs(page);
  await syn!.click();
  await rerunAfter(page, n);
  assert.match((await ladderText(page)), /lost/, "the SYN is drawn lost");
  assert.match((await page.textContent("#losses"))!, /client → server segment #1/);
  assert.equal(await page.textContent('.party[data-party="client"] .timers'), "retransmission in 1.000 s", "the RTO counts down from the SYN");
  await page.screenshot({ path: join(shots, "syn-lost.png") });
  // Step on: the retransmission timer fires after the initial RTO of 1 s and the SYN goes again.
  while (!(await ladderText(page)).includes("(rexmt)")) await page.keyboard.press("ArrowRight");
  assert.equal((await clock(page)).t, "1.000s", "the retransmission leaves when the 1 s RTO expires (RFC 6298 2.1)");
  assert.match(await ladderText(page), /retransmission timer/);
  assert.deepEqual(await states(page, "client"), ["SYN_SENT"]);
  await page.keyboard.press("End");
  assert.deepEqual(await states(page, "client"), ["ESTABLISHED"]);
  assert.deepEqual(await states(page, "server"), ["LISTEN", "ESTABLISHED"]);
  assert.match((await page.textContent('.party[data-party="client"] table'))!, /SRTT2 ms/, "the SYN-ACK's timestamp echo times the retransmitted SYN (RFC 7323 4.1), which Karn's rule alone could not");
  await page.screenshot({ path: join(shots, "syn-retransmitted.png") });

  // The pcap of what is shown, read cleanly by tshark: the lost SYN never crossed the link, so it holds the second.
  const dir = mkdtempSync(join(tmpdir(), "wasmtcp-pg-"));
  try {
    const dl = await download(page, "#dl-pcap");
    const file = join(dir, "run.pcap");
    await dl.saveAs(file);
    const out = execFileSync("tshark", ["-r", file, "-V", "-o", "tcp.check_checksum:TRUE", "-o", "ip.check_checksum:TRUE"], { stdio: ["ignore", "pipe", "pipe"] }).toString();
    for (const bad of ["Malformed", "[incorrect", "Bad checksum", "checksum_bad"]) assert.ok(!out.includes(bad), `tshark reported "${bad}"`);
    const lines = execFileSync("tshark", ["-r", file, "-Y", "tcp", "-T", "fields", "-e", "frame.time_relative", "-e", "tcp.flags.str"]).toString().trim().split("\n");
    assert.equal(lines.length, 3, `one SYN, the SYN-ACK and the ACK:\n${lines.join("\n")}`);
    assert.match(lines[0], /^1\.000000000\s.*S/, "the SYN that crossed left at 1 s");
    // The pcapng holds the lost SYN too, with a comment that says so (as the command line's captures do).
    const ng = join(dir, "run.pcapng");
    await (await download(page, "#dl-pcapng")).saveAs(ng);
    const all = execFileSync("tshark", ["-r", ng, "-V", "-o", "tcp.check_checksum:TRUE", "-o", "ip.check_checksum:TRUE"], { stdio: ["ignore", "pipe", "pipe"] }).toString();
    for (const bad of ["Malformed", "[incorrect", "Bad checksum", "checksum_bad"]) assert.ok(!all.includes(bad), `tshark reported "${bad}" in the pcapng`);
    const rows = execFileSync("tshark", ["-r", ng, "-Y", "tcp", "-T", "fields", "-e", "frame.time_relative", "-e", "tcp.flags.str", "-e", "frame.comment"]).toString().trim().split("\n");
    assert.equal(rows.length, 4, `both SYNs, the SYN-ACK and the ACK:\n${rows.join("\n")}`);
    assert.match(rows[0], /^0\.000000000\s.*S.*\slost on the link: never reached server$/, "the lost SYN, commented");
    assert.match(rows[1], /^1\.000000000\s.*S/);
    assert.ok(rows.slice(1).every((l) => !l.includes("lost")), "no other frame is marked lost");
  } finally { rmSync(dir, { recursive: true, force: true }); }

  // The link reproduces the situation: the same lost SYN, at the same event.
  const again = await open(new URL(page.url()).hash);
  assert.deepEqual(await clock(again), await clock(page));
  assert.equal(await ladderText(again), await ladderText(page));
  await again.close();
  await page.close();
});

test("playground_everyScenario_loadsWithExplanationAndMatchesTheCliRun", async () => {
  const page = await open();
  for (const s of scenarios) {
    const n = await runs(page);
    if ((await page.inputValue("#scenario")) !== s.name) { await page.selectOption("#scenario", s.name); await rerunAfter(page, n); }
    assert.equal(await page.textContent("#explanation"), s.explanation, `${s.name}: its explanation`);
    await page.keyboard.press("End");
    assert.equal(await page.textContent("#status"), "", `${s.name}: the script ran to its end`);
    const dl = await download(page, "#dl-json");
    const got = JSON.parse(readFileSync((await dl.path())!, "utf8"));
    const want = (await runScenario(s)).trace;
    // Arrival times past the last event shown are not known yet on the page: compare without them.
    const events = (evs: object[]) => JSON.parse(JSON.stringify(evs, (k, v) => (k === "arrive" ? undefined : v)));
    assert.deepEqual(events(got.events), events(want.events), `${s.name}: the browser's run is the CLI's, event for event`);
    assert.deepEqual([got.title, got.parties, got.facts], [want.title, want.parties, want.facts], s.name);
    if (s.name === "syn-flood") await page.screenshot({ path: join(shots, "syn-flood.png") });
  }
  await page.close();
});

test("playground_freeModeCalls_connectionOpensAndCarriesData", async () => {
  const page = await open("#s=free");
  const call = async (what: string) => { const n = await runs(page); await page.click(`button[data-call="${what}"]`); await rerunAfter(page, n); };
  await call("server-listen");
  await call("client-connect");
  await page.keyboard.press("End");
  assert.deepEqual(await states(page, "client"), ["ESTABLISHED"]);
  assert.deepEqual(await states(page, "server"), ["LISTEN", "ESTABLISHED"]);
  await call("client-send");
  await page.keyboard.press("End");
  assert.match(await ladderText(page), /P\. 1:101\(100\) ack 1/, "the 100 bytes leave in one segment");
  assert.match((await page.textContent('.party[data-party="server"] .conn table'))!, /unread100 B/);
  await call("client-close");
  await page.keyboard.press("End");
  assert.match(await ladderText(page), /FIN_WAIT_2/);
  await page.screenshot({ path: join(shots, "free-mode.png") });
  await page.close();
});

test("playground_chineseChosen_interfaceAndExplanationInChinese", async () => {
  const page = await open();
  const cjk = /[\u4e00-\u9fff]/;
  const handshake = scenarios.find((s) => s.name === "handshake")!;
  assert.equal(await page.textContent("#step"), "Step ▶");
  let n = await runs(page);
  await page.selectOption("#lang", "zh-CN");
  await rerunAfter(page, n);
  assert.equal(await page.getAttribute("html", "lang"), "zh-CN");
  assert.equal(await page.textContent("#step"), "单步 ▶");
  assert.equal(await page.textContent("#play"), "▶ 播放");
  assert.equal(await page.textContent("#click-mode h3"), "故障");
  assert.match((await page.textContent("#clock"))!, /第 0 个事件，共 \d+ 个/);
  assert.equal(await page.textContent("#explanation"), scenarioText(handshake, "zh-CN").explanation, "the catalogue's Chinese explanation");
  assert.match((await page.textContent("#explanation"))!, cjk);
  assert.equal(await page.$eval("#scenario option:checked", (o) => o.textContent), `handshake — ${scenarioText(handshake, "zh-CN").title}`);
  await page.keyboard.press("End");
  assert.match((await page.textContent('.party[data-party="client"]'))!, /没有运行中的定时器/, "the TCB panel speaks Chinese too");
  assert.match(await ladderText(page), /三次握手/, "the ladder's title in Chinese");
  assert.match(page.url(), /lang=zh-CN/, "the link remembers the language");
  await page.screenshot({ path: join(shots, "chinese.png") });
  // The link opens in Chinese; the free mode's explanation is the page's own.
  const again = await open(new URL(page.url()).hash);
  assert.equal(await again.textContent("#step"), "单步 ▶");
  assert.equal(await again.inputValue("#lang"), "zh-CN");
  assert.equal(await again.textContent("#explanation"), await page.textContent("#explanation"));
  n = await runs(again);
  await again.selectOption("#scenario", "free");
  await rerunAfter(again, n);
  assert.match((await again.textContent("#explanation"))!, /^每个按钮在该端的协议栈上/);
  await again.close();
  // And back to English.
  n = await runs(page);
  await page.selectOption("#lang", "en");
  await rerunAfter(page, n);
  assert.equal(await page.textContent("#step"), "Step ▶");
  assert.equal(await page.textContent("#explanation"), handshake.explanation);
  await page.close();
});

/** Clicks `selector` and waits for the run it causes. */
async function clickAndRerun(p: Page, selector: string): Promise<void> {
  const n = await runs(p);
  await p.click(selector);
  await rerunAfter(p, n);
}
/** Clicks the ladder's `k`th segment arrow (where a late arrow's label may lie across it) and waits for
 *  the run it causes. */
async function clickSegment(p: Page, k: number): Promise<void> {
  const n = await runs(p);
  await (await p.$$("#ladder g.segment"))[k].dispatchEvent("click");
  await rerunAfter(p, n);
}
/** Sets a number field, and waits for the run its change causes; the focus goes back to the page. */
async function setField(p: Page, selector: string, value: number): Promise<void> {
  const n = await runs(p);
  await p.fill(selector, String(value));
  await p.dispatchEvent(selector, "change");
  await rerunAfter(p, n);
  await p.click("#explanation");
}
const count = (text: string, part: string) => text.split(part).length - 1;
/** The same link opened in a new page shows the same ladder at the same event. */
async function linkReproduces(p: Page): Promise<void> {
  const again = await open(new URL(p.url()).hash);
  assert.deepEqual(await clock(again), await clock(p));
  assert.equal(await ladderText(again), await ladderText(p));
  await again.close();
}

test("playground_synDelayedThenSynAckDuplicated_lateArrowTwinArrowAndDupAnswered", async () => {
  const page = await open();
  await page.check("#click-delay");
  await page.fill("#delay-ms", "500");
  await page.click("#explanation");
  await page.keyboard.press("End");
  await clickSegment(page, 0);
  await page.keyboard.press("End");
  assert.match(await ladderText(page), /S 0 win 4096 <[^>]*> \(arrives 0\.501s\)/, "the SYN arrives 500 ms late");
  assert.match((await page.textContent('.party[data-party="client"] table'))!, /SRTT502 ms/, "the client measures the longer round trip");
  assert.match(page.url(), /delay=client%3Eserver%3E1%3E500/);
  assert.match((await page.textContent("#losses"))!, /undo: delay client → server segment #1 by 500 ms/);
  await linkReproduces(page);

  await page.check('input[name="click"][value="duplicate"]');
  await page.click("#explanation");
  await clickSegment(page, 1);
  await page.keyboard.press("End");
  const ladder = await ladderText(page);
  assert.equal(count(ladder, "S. 0 ack 1 win 4096"), 2, "the SYN-ACK and its copy");
  assert.match(ladder, /S\. not acceptable: answers with ACK/, "the copy reaches an ESTABLISHED client, which answers it with an ACK (RFC 9293 3.10.7.4)");
  assert.match(page.url(), /dup=server%3Eclient%3E1%3E5/);
  await page.screenshot({ path: join(shots, "delayed-and-duplicated.png") });
  // The copy is not a segment of its own to choose.
  const n = await runs(page);
  await (await page.$$("#ladder g.segment"))[2].dispatchEvent("click");
  assert.equal(await runs(page), n);
  assert.match((await page.textContent("#status"))!, /a copy the link made/);
  await linkReproduces(page);
  // Back shows the same run; Reset forgets every choice.
  const end = await clock(page);
  for (let i = 0; i < 4; i++) await page.keyboard.press("ArrowLeft");
  for (let i = 0; i < 4; i++) await page.keyboard.press("ArrowRight");
  assert.deepEqual(await clock(page), end);
  assert.equal(await ladderText(page), ladder);
  await clickAndRerun(page, "#reset");
  await page.keyboard.press("End");
  assert.equal(count(await ladderText(page), "S. 0 ack 1"), 1);
  assert.match((await page.textContent('.party[data-party="client"] table'))!, /SRTT2 ms/);
  await page.close();
});

test("playground_netFaultsPerDirection_delayLossAndReorderSeededAndLinked", async () => {
  const page = await open();
  await setField(page, 'input[data-net="client>server>delayMs"]', 200);
  await page.keyboard.press("End");
  assert.match(await ladderText(page), /S 0 win 4096 <[^>]*> \(arrives 0\.201s\)/, "every segment from the client 200 ms late");
  assert.match((await page.textContent('.party[data-party="client"] table'))!, /SRTT202 ms/);
  assert.match(page.url(), /net=client%3Eserver%3E0%3E200%3E0/);
  // Every SYN-ACK lost: the client retries its SYN until it gives up, the server its SYN-ACK.
  await setField(page, 'input[data-net="server>client>loss"]', 100);
  await page.keyboard.press("End");
  const lost = await ladderText(page);
  assert.ok(count(lost, "lost") >= 6, "the SYN-ACK and its retransmissions are lost");
  assert.doesNotMatch(lost, /ESTABLISHED/);
  assert.match((await page.textContent("#status"))!, /script stopped/);
  await linkReproduces(page);
  // Half of them lost and half reordered: seeded, so the same run every time.
  await setField(page, 'input[data-net="server>client>loss"]', 50);
  await setField(page, 'input[data-net="server>client>reorder"]', 50);
  await page.keyboard.press("End");
  const seeded = await ladderText(page);
  await linkReproduces(page);
  await setField(page, 'input[data-net="server>client>reorder"]', 0);
  await setField(page, 'input[data-net="server>client>reorder"]', 50);
  await page.keyboard.press("End");
  assert.equal(await ladderText(page), seeded, "a run again with the same faults is the same run");
  await page.close();
});

test("playground_attackerLane_forgedSynHalfOpenAndBlindRstsAnsweredPerRfc5961", async () => {
  const page = await open();
  await page.keyboard.press("End");
  assert.equal(await page.inputValue("#attack-target"), "server");
  await clickAndRerun(page, 'button[data-attack="syn"]');
  assert.match(await ladderText(page), /SYN forged from 10\.0\.0\.99\s*$/, "the page shows the attack as it starts");
  assert.deepEqual(await page.$$eval(".party h2", (hs) => hs.map((h) => h.firstChild!.textContent!.trim())), ["client", "server", "attacker"], "a third lane");
  await page.keyboard.press("End");
  let ladder = await ladderText(page);
  assert.match(ladder, /SYN forged from 10\.0\.0\.99/);
  assert.match(ladder, /SYN_RECEIVED \(10\.0\.0\.99\)/, "the server holds a half-open connection for the forged address");
  assert.equal(count(ladder, "S. 0 ack 1 win 4096 <mss 1460> (rexmt)"), 5, "its SYN-ACK goes unanswered and is retried five times");
  assert.match(ladder, /CLOSED \(10\.0\.0\.99\)/);
  await clickAndRerun(page, 'button[data-attack="rst-window"]');
  await page.keyboard.press("End");
  assert.match(await ladderText(page), /R rst invalid: answers with challenge ACK/, "in the window but not at RCV.NXT: a challenge ACK to the real client (RFC 5961 3.2)");
  await clickAndRerun(page, 'button[data-attack="rst-outside"]');
  await page.keyboard.press("End");
  assert.match(await ladderText(page), /drops R: not acceptable/, "outside the window: dropped");
  assert.deepEqual(await states(page, "server"), ["LISTEN", "ESTABLISHED", "CLOSED"]);
  await clickAndRerun(page, 'button[data-attack="rst-exact"]');
  await page.keyboard.press("End");
  ladder = await ladderText(page);
  assert.match(ladder, /error ECONNRESET/, "at RCV.NXT exactly: the connection is reset");
  assert.deepEqual(await states(page, "server"), ["LISTEN", "CLOSED", "CLOSED"]);
  assert.deepEqual(await states(page, "client"), ["ESTABLISHED"], "the client never learns of it");
  assert.match(page.url(), /atk=/);
  await page.screenshot({ path: join(shots, "attacker.png") });
  await linkReproduces(page);
  await page.close();
});

/** Every piece of the page's own text that is shown, whose contrast with the background behind it is
 *  below `min` (WCAG 2 relative luminance; 7:1 is level AAA, what a washed-out projector needs). */
const lowContrast = (p: Page, min: number) => p.evaluate((m) => {
  const rgb = (c: string) => (c.match(/[\d.]+/g) ?? []).map(Number);
  const lum = (c: number[]) => {
    const [r, g, b] = c.slice(0, 3).map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const behind = (el: Element | null) => {
    for (let e = el; e; e = e.parentElement) { const c = rgb(getComputedStyle(e).backgroundColor); if (c.length === 3 || c[3] > 0) return c; }
    return [255, 255, 255];
  };
  const bad: string[] = [];
  const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walk.nextNode(); n; n = walk.nextNode()) {
    const el = n.parentElement!;
    // SVG text is drawn in the ladder's and diagram's own colours (fill), not CSS colour.
    if (!n.textContent!.trim() || el.closest("svg, option, script, template")) continue;
    const box = el.getBoundingClientRect();
    if (!box.width || !box.height) continue;
    const a = lum(rgb(getComputedStyle(el).color)), b = lum(behind(el));
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    if (ratio < m) bad.push(`${el.tagName.toLowerCase()}#${el.id}.${el.className} "${n.textContent!.trim().slice(0, 40)}": ${ratio.toFixed(2)}:1`);
  }
  return bad;
}, min);
const fontPx = (p: Page, selector: string) => p.$eval(selector, (e) => parseFloat(getComputedStyle(e).fontSize));

test("playground_keyboardOnly_stepSelectLoseLargeTypeAndAaaContrast", async () => {
  const page = await open();
  await page.keyboard.press("?");
  assert.equal(await page.isVisible("#keys"), true, "? shows the keys");
  assert.match((await page.textContent("#keys"))!, /Enter \/ X\s*lose/);
  await page.keyboard.press("Escape");
  assert.equal(await page.isVisible("#keys"), false);
  while (!(await ladderText(page)).includes("S 0 win")) await page.keyboard.press("ArrowRight");
  await page.keyboard.press("]");
  assert.match((await page.textContent("#segment"))!, /flagsSYN/, "] selects the SYN: the inspector shows it");
  const n = await runs(page);
  await page.keyboard.press("Enter");
  await rerunAfter(page, n);
  assert.match(await ladderText(page), /lost/, "Enter loses the selected segment");
  assert.match((await page.textContent("#losses"))!, /client → server segment #1/);
  await page.keyboard.press("End");
  assert.match(await ladderText(page), /\(rexmt\)/);

  // Projector: every text on the page at 7:1 or better, in normal and in large type.
  assert.deepEqual(await lowContrast(page, 7), [], "contrast at normal size");
  const normal = { explanation: await fontPx(page, "#explanation"), state: await fontPx(page, ".party .state"), tcb: await fontPx(page, ".party table") };
  await page.keyboard.press("+");
  assert.equal(await page.evaluate(() => document.body.classList.contains("big")), true);
  assert.match(page.url(), /big=1/, "the link keeps the large type");
  assert.ok(await fontPx(page, "#explanation") >= 23, "the explanation in large type: 17 px × 1.4");
  assert.ok(await fontPx(page, ".party .state") >= 32, "the states: 23 px × 1.4");
  assert.ok(await fontPx(page, ".party table") >= 20, "the TCB: 14.5 px × 1.4");
  assert.ok(normal.explanation < 18 && normal.state < 24 && normal.tcb < 15);
  assert.deepEqual(await lowContrast(page, 7), [], "contrast in large type");
  await page.screenshot({ path: join(shots, "large-type.png") });
  const again = await open(new URL(page.url()).hash);
  assert.equal(await again.evaluate(() => document.body.classList.contains("big")), true);
  await again.close();
  await page.keyboard.press("-");
  assert.equal(await fontPx(page, "#explanation"), normal.explanation);
  // L: the next language.
  const k = await runs(page);
  await page.keyboard.press("l");
  await rerunAfter(page, k);
  assert.equal(await page.textContent("#step"), "单步 ▶");
  assert.deepEqual(await lowContrast(page, 7), [], "contrast in Chinese");
  await page.close();
});
