// The catalogue in Simplified Chinese: every scenario has a title and explanation in Chinese that keeps the
// English text's RFC numbers and figures; the ladders' fixed words and the facts' labels follow the trace's
// language (captures stay English); --lang picks the language and refuses one it does not know.
import test from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { scenarios, findScenario } from "../../host/scenarios/registry.js";
import { LANGS, parseLang, scenarioText } from "../../host/scenarios/lang.js";
import { zhCN } from "../../host/scenarios/zh-CN.js";
import { runScenario } from "../../host/scenarios/runner.js";
import { wrap, displayWidth, renderText, renderReport } from "../../host/scenarios/text.js";
import { columnText, connectionTags } from "../../host/scenarios/describe.js";
import { ladderWords } from "../../host/scenarios/ladder-words.js";
import { renderSvg } from "../../host/svg.js";
import { trace } from "./support/trace-queries.js";
import "../../host/node/wasm-files.js"; // builds read from build/

const cli = new URL("../../host/node/cli.js", import.meta.url).pathname;
const CJK = /[\u4e00-\u9fff]/;
/** Every number as written (1, 3.10.7.4, 250,000, 65.5). */
const figures = (s: string) => new Set(s.match(/\d+(?:[.,]\d+)*/g) ?? []);

function wasmtcp(...args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: "utf8" });
  return { status: r.status, out: r.stdout, err: r.stderr };
}

test("catalogue_everyScenario_zhCNTitleAndExplanationInChinese", () => {
  for (const s of scenarios) {
    const t = zhCN[s.name];
    assert.ok(t, `${s.name}: a zh-CN entry`);
    assert.match(t.title, CJK, `${s.name}: title in Chinese`);
    assert.match(t.explanation, CJK, `${s.name}: explanation in Chinese`);
    assert.ok(t.explanation.length > s.explanation.length / 4, `${s.name}: the whole explanation`);
    assert.deepEqual(scenarioText(s, "zh-CN"), t);
    assert.deepEqual(scenarioText(s, "en"), { title: s.title, explanation: s.explanation });
  }
  for (const name of Object.keys(zhCN)) assert.ok(findScenario(name), `${name}: a zh-CN entry names a scenario`);
});

test("catalogue_everyScenario_zhCNKeepsEveryRfcNumberAndFigure", () => {
  for (const s of scenarios) {
    const t = zhCN[s.name];
    for (const rfc of s.explanation.match(/RFC \d+/g) ?? []) assert.ok(t.explanation.includes(rfc), `${s.name}: ${rfc}`);
    const zh = figures(t.explanation);
    for (const n of figures(s.explanation)) assert.ok(zh.has(n), `${s.name}: explanation figure ${n}`);
    const zt = figures(t.title);
    for (const n of figures(s.title)) assert.ok(zt.has(n), `${s.name}: title figure ${n}`);
  }
});

test("parseLang_tags_knownCaseInsensitiveUnknownUndefined", () => {
  assert.deepEqual(LANGS, ["en", "zh-CN"]);
  assert.equal(parseLang("en"), "en");
  assert.equal(parseLang("zh-CN"), "zh-CN");
  assert.equal(parseLang("zh-cn"), "zh-CN");
  assert.equal(parseLang("zh_CN"), "zh-CN");
  for (const bad of ["", "zh", "fr", "zh-TW", "english"]) assert.equal(parseLang(bad), undefined, bad);
});

test("runScenario_langZhCN_traceCarriesChineseTitleAndExplanation", async () => {
  const s = findScenario("handshake")!;
  const zh = (await runScenario(s, { lang: "zh-CN" })).trace;
  const en = (await runScenario(s)).trace;
  assert.deepEqual([zh.title, zh.explanation], [zhCN.handshake.title, zhCN.handshake.explanation]);
  assert.deepEqual([en.title, en.explanation], [s.title, s.explanation]);
  assert.deepEqual(zh.events, en.events, "the language changes words, not the run");
});

test("wrap_chineseParagraph_breaksBetweenCharactersWithinWidthKeepingRfcNumbers", () => {
  const text = zhCN["syn-lost"].explanation;
  const lines = wrap(text, 60).split("\n");
  assert.ok(lines.length > 3);
  // Closing punctuation may hang past the margin (two marks at most, 2 columns each), never open a line.
  for (const l of lines) assert.ok(displayWidth(l) <= 64, `${displayWidth(l)}: ${l}`);
  assert.ok(lines.slice(0, -1).every((l) => displayWidth(l) >= 50), "lines are filled");
  for (const l of lines.slice(1)) assert.doesNotMatch(l, /^[，。、；：）]/, "no line starts with closing punctuation");
  for (const l of lines) assert.doesNotMatch(l, /RFC$/, "RFC and its number stay together");
  assert.equal(lines.join("").replace(/\s+/g, ""), text.replace(/\s+/g, ""), "nothing lost");
  assert.equal(wrap("one two three four", 9), "one two\nthree\nfour");
});

test("cli_scenarioLangZhCN_printsChineseTitleAndExplanation", () => {
  const r = wasmtcp("scenario", "close", "--lang", "zh-CN");
  assert.equal(r.status, 0, r.err);
  assert.equal(r.out.split("\n")[0], `close: ${zhCN.close.title}`);
  assert.ok(r.out.replace(/\s+/g, "").includes(zhCN.close.explanation.replace(/\s+/g, "")), "the Chinese explanation");
  assert.ok(!r.out.includes(findScenario("close")!.explanation.slice(0, 40)), "not the English one");
  const list = wasmtcp("scenario", "--list", "--lang", "zh-CN");
  assert.equal(list.status, 0);
  assert.match(list.out, new RegExp(`^handshake\\s+${zhCN.handshake.title}$`, "m"));
});

test("cli_scenarioLangUnknownOrMissing_exit2WithUsage", () => {
  for (const args of [["--lang", "fr"], ["--lang", "zh"], ["--lang"]]) {
    const r = wasmtcp("scenario", "handshake", ...args);
    assert.equal(r.status, 2, args.join(" "));
    assert.match(r.err, /^wasmtcp scenario: .*--lang/);
    assert.match(r.err, /\nusage:\n/);
    assert.equal(r.out, "");
  }
});

// ---- the ladders' words ----

const SOCKET_CALL = /^[a-z_]+\([^)]*\)( = E[A-Z]+)?$/;

test("ladder_zhCNEveryScenario_timersDropsErrorsNotesAndFactsInChineseRowsAligned", async () => {
  for (const s of scenarios) {
    const en = await trace(s.name);
    const tr = { ...en, lang: "zh-CN" as const };
    const tag = connectionTags(tr.events);
    for (const e of tr.events) {
      if (e.kind === "segment" || e.kind === "state") continue;
      const said = columnText(e, tag.get(e.party), "zh-CN");
      // A socket call stays as written; its words (bytes, from port) are translated.
      if (e.kind === "app" && said === e.text) { assert.match(e.text, SOCKET_CALL, `${s.name}: "${e.text}" is a socket call`); continue; }
      assert.match(said, CJK, `${s.name}: "${columnText(e, tag.get(e.party))}" in Chinese`);
    }
    for (const k of Object.keys(tr.facts)) if (k !== "cookie") assert.match(ladderWords("zh-CN").fact(k), CJK, `${s.name}: fact "${k}"`);
    const lines = renderText(tr).split("\n");
    const width = displayWidth(lines[1]);
    assert.match(lines[1], /^-+$/);
    for (const l of lines) assert.ok(displayWidth(l) <= width + 8, `${s.name}: "${l}" within the ladder (${displayWidth(l)} > ${width})`);
    // Every row's lane lines stand where the heading's rule says: the columns of "|" agree across rows.
    const bars = (l: string) => { const at: number[] = []; let c = 0; for (const ch of l) { if (ch === "|") at.push(c); c += displayWidth(ch); } return at; };
    const lanes = new Set(lines.slice(2).flatMap(bars));
    assert.ok(lanes.size <= tr.parties.length, `${s.name}: lane lines at ${[...lanes]} only`);
  }
});

test("renderReport_zhCN_chineseWordsFactsAndLossInTheLadder", async () => {
  const en = await trace("fin-lost");
  const out = renderReport({ ...en, title: zhCN["fin-lost"].title, explanation: zhCN["fin-lost"].explanation, lang: "zh-CN" });
  assert.match(out, /\| 重传定时器 +\|/);
  assert.match(out, /F\. 1 ack 1 win 4096（重传） -+>\|/);
  assert.match(out, /-X +\| +丢失$/m);
  assert.match(out, /~ 59\.999 s 后/);
  assert.match(out, /2MSL 定时器到期，TIME_WAIT 结束/);
  assert.match(out, /recv\(\) = 0（流结束）/);
  const svg = renderSvg({ ...en, lang: "zh-CN" });
  for (const s of ["重传定时器", ">丢失<", "1.000 s 后", "场景 fin-lost", "（重传）"]) assert.ok(svg.includes(s), s);
  assert.ok(!/>lost</.test(svg) && !svg.includes("retransmission timer"), "no English ladder words left");
  const english = renderReport(en);
  assert.match(english, /retransmission timer/);
  assert.match(english, /-X +\| +lost$/m);
});

test("captures_zhCNRun_packetCommentsStayInEnglish", async () => {
  const { pcap } = await runScenario(findScenario("fin-lost")!, { lang: "zh-CN" });
  const text = Buffer.from(pcap.bytes()).toString("utf8");
  assert.ok(text.includes("lost on the link: never reached server"));
  assert.ok(text.includes("client: retransmission timer"));
  assert.ok(!CJK.test(text), "tshark's comments read the same whatever the ladder's language");
});
