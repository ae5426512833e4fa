// The cases a TCP course teaches beyond the basic catalogue: a SYN that is never answered, keepalive with
// its real timers, the three-segment close, an orphaned FIN_WAIT_2, ISNs, blind RST/SYN injection. Each
// test asserts the exact segments and states of the run; segments a receiver discards but answers say so.
import test from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { scenarios } from "../../host/scenarios/registry.js";
import { run, trace, segs, states, path, entered, timers, app, times } from "./support/trace-queries.js";
import type { DropEvent, ScenarioTrace } from "../../host/scenarios/types.js";
import { renderText } from "../../host/scenarios/text.js";
import { segmentText, seconds } from "../../host/scenarios/describe.js";

const COURSE = ["syn-retries-exhausted", "keepalive-defaults", "fin-wait-1-to-time-wait", "fin-wait-2-timeout", "isn", "rst-attack"];
const answered = (tr: ScenarioTrace, party: string) => tr.events.filter((e): e is DropEvent => e.kind === "drop" && e.party === party);
/** Each segment as `from flags` (with `lost` when it was), in order. */
const wire = (tr: ScenarioTrace) => segs(tr).map((e) => `${e.from} ${e.flags}${e.lost ? " lost" : ""}`);

test("catalogue_courseCases_allPresent", () => {
  const names = scenarios.map((s) => s.name);
  for (const n of COURSE) assert.ok(names.includes(n), n);
});

test("SYN_SENT_everySynLost_sevenRetriesBackingOffTo60sThenETIMEDOUTAt183s", async () => {
  const tr = await trace("syn-retries-exhausted");
  assert.deepEqual(wire(tr), Array(8).fill("client S lost"), "the first SYN and 7 retransmissions, nothing else");
  const syns = segs(tr);
  assert.deepEqual(times(syns), [0, 1000, 3000, 7000, 15000, 31000, 63000, 123000], "1, 2, 4 ... 32 s, then capped at 60 s");
  assert.ok(syns.every((e, i) => e.seq === syns[0].seq && e.rexmt === i > 0), "the same SYN every time");
  assert.deepEqual(timers(tr, "client", "REXMT"), [1000, 3000, 7000, 15000, 31000, 63000, 123000, 183000]);
  assert.deepEqual(path(tr, "client"), ["SYN_SENT", "CLOSED"]);
  assert.equal(entered(tr, "client", "CLOSED"), 183_000);
  assert.equal(tr.facts["client error"], "ETIMEDOUT");
});

test("ESTABLISHED_peerUnpluggedDefaultKeepalive_9ProbesAfter2hEvery75sThenReset", async () => {
  const tr = await trace("keepalive-defaults");
  const on = app(tr, "client", /^keepalive on/)[0].t;
  const after = segs(tr, { after: on });
  assert.deepEqual(after.map((e) => `${e.flags}${e.lost ? " lost" : ""}`), [...Array(9).fill(". lost"), "R lost"]);
  const probes = after.slice(0, 9);
  // The first probe leaves 2 ms after its timer: after 2 h the ARP entry has aged out and is resolved again.
  assert.deepEqual(timers(tr, "client", "KEEPALIVE").map((t) => t - on), Array.from({ length: 10 }, (_, i) => 7_200_000 + 75_000 * i));
  assert.deepEqual(times(probes).map((t) => t - on), [7_200_002, ...Array.from({ length: 8 }, (_, i) => 7_275_000 + 75_000 * i)]);
  const [ack] = segs(tr, { from: "client", flags: "." });
  assert.ok(probes.every((p) => p.seq === (ack.seq - 1) >>> 0 && p.len === 0), "each probe is SND.NXT-1, no data");
  assert.equal(entered(tr, "client", "CLOSED") - on, 7_875_000, "2 h + 9 x 75 s after keepalive was turned on");
  assert.equal(tr.facts["client error"], "ETIMEDOUT");
});

test("FIN_WAIT_1_finCarriesAckOfOurs_threeSegmentCloseStraightToTimeWait", async () => {
  const tr = await trace("fin-wait-1-to-time-wait");
  assert.deepEqual(wire(tr), ["client S", "server S.", "client .", "client F.", "server F.", "client ."]);
  const [fin, peerFin] = segs(tr, { flags: "F." });
  assert.equal(peerFin.ack, (fin.seq + 1) >>> 0, "the peer's FIN acknowledges ours");
  assert.equal(peerFin.t - fin.arrive!, 100, "sent 100 ms after our FIN arrived: the delayed ACK rode on it");
  assert.deepEqual(path(tr, "client"), ["SYN_SENT", "ESTABLISHED", "FIN_WAIT_1", "FIN_WAIT_2", "TIME_WAIT", "CLOSED"]);
  assert.equal(entered(tr, "client", "FIN_WAIT_2"), peerFin.arrive, "the ACK field is processed first");
  assert.equal(entered(tr, "client", "TIME_WAIT"), peerFin.arrive, "then the FIN, in the same instant");
  const [last] = segs(tr, { from: "client", after: peerFin.arrive });
  assert.equal(last.ack, (peerFin.seq + 1) >>> 0);
  assert.equal(entered(tr, "client", "CLOSED") - peerFin.arrive!, 60_000);
});

test("FIN_WAIT_2_orphanPeerNeverCloses_resetAfter60s", async () => {
  const tr = await trace("fin-wait-2-timeout");
  assert.deepEqual(wire(tr), ["client S", "server S.", "client .", "client F.", "server .", "client R"]);
  const fw2 = entered(tr, "client", "FIN_WAIT_2");
  assert.deepEqual(timers(tr, "client", "FIN_WAIT_2"), [fw2 + 60_000], "the orphan's timer, not TIME_WAIT's");
  assert.deepEqual(timers(tr, "client", "TIME_WAIT"), []);
  assert.deepEqual(path(tr, "client").slice(-3), ["FIN_WAIT_1", "FIN_WAIT_2", "CLOSED"]);
  const [rst] = segs(tr, { flags: "R" });
  assert.equal(rst.t, fw2 + 60_000);
  assert.deepEqual(path(tr, "server").slice(-2), ["CLOSE_WAIT", "CLOSED"]);
  assert.equal(entered(tr, "server", "CLOSED"), rst.arrive);
  assert.equal(tr.facts["server error"], "ECONNRESET");
});

test("CLOSED_connectFromThreePortsThenSamePortAgain_isnsUnrelatedAndClockAdvances250PerMs", async () => {
  const tr = await trace("isn");
  const syns = segs(tr, { from: "client", flags: "S" });
  assert.deepEqual(syns.map((e) => e.src.split(":")[1]), ["40000", "40001", "40002", "40000"]);
  assert.ok(syns.every((e) => !e.lost && !e.rexmt));
  assert.equal(new Set(syns.map((e) => e.seq)).size, 4, "four different ISNs");
  assert.ok(syns.every((e) => e.seq > 1_000_000), "none near 0");
  assert.equal(syns[3].t - syns[0].t, 1000);
  assert.equal((syns[3].seq - syns[0].seq) >>> 0, 250_000, "same 4-tuple 1 s later: M advanced by 1 s / 4 us");
  const synacks = segs(tr, { flags: "S." });
  assert.equal((synacks[3].seq - synacks[0].seq) >>> 0, 250_000, "the server's ISN clock too");
  assert.ok(segs(tr).every((e) => e.label.includes(String(e.seq))), "labels show absolute sequence numbers");
  assert.equal(tr.facts["port 40000 again, 1 s later: ISN grew by"], 250_000);
});

test("ESTABLISHED_blindRstAndSynInjected_challengeAcksUntilExactRcvNxt", async () => {
  const tr = await trace("rst-attack");
  const forged = segs(tr, { from: "attacker" });
  assert.deepEqual(forged.map((e) => e.flags), ["R", "R", "S", "R"]);
  const [syn] = segs(tr, { from: "client", flags: "S" });
  const rcvNxt = (syn.seq + 1) >>> 0;
  assert.deepEqual(forged.map((e) => (e.seq - rcvNxt) | 0), [1000, 100_000, 2000, 0]);
  const challenges = segs(tr, { from: "server", to: "client", after: forged[0].t });
  assert.deepEqual(challenges.map((e) => [e.flags, e.t]), [[".", forged[0].arrive], [".", forged[2].arrive]], "challenge ACKs go to the real client");
  const [synack] = segs(tr, { flags: "S." });
  assert.ok(challenges.every((e) => e.seq === (synack.seq + 1) >>> 0 && e.ack === rcvNxt), "<SEQ=SND.NXT><ACK=RCV.NXT>");
  assert.deepEqual(answered(tr, "server").map((e) => [e.flags, e.reason, e.answer]),
    [["R", "rst_invalid", "challenge ACK"], ["R", "not_acceptable", undefined], ["S", "syn_invalid", "challenge ACK"]]);
  assert.equal(entered(tr, "server", "CLOSED"), forged[3].arrive, "only the exact guess resets");
  assert.equal(tr.facts["server error"], "ECONNRESET");
  assert.ok(!states(tr, "client").some((e) => e.t > forged[0].t), "the client never noticed");
});

test("TIME_WAIT_sameConnectAfter2Msl_newIsnShownAndFurtherAlongTheClock", async () => {
  const tr = await trace("time-wait");
  const [a, b] = segs(tr, { from: "client", flags: "S" });
  assert.equal(tr.facts["ISN of the first connection"], a.seq);
  assert.equal(tr.facts["ISN of the new connection"], b.seq);
  assert.equal((b.seq - a.seq) >>> 0, 250 * (b.t - a.t), "RFC 6528's 4 us clock");
  assert.equal(app(tr, "client", new RegExp(`^new ISN ${b.seq}, the old one was ${a.seq}$`))[0].t, b.t);
});

test("ESTABLISHED_keepaliveProbeBelowWindow_droppedButAnsweredWithAck", async () => {
  const tr = await trace("keepalive-alive");
  const d = answered(tr, "server");
  assert.ok(d.length >= 3 && d.every((e) => e.reason === "not_acceptable" && e.answer === "ACK"), JSON.stringify(d));
});

test("LISTEN_acceptQueueFull_synDroppedWithoutAnswer", async () => {
  const tr = await trace("backlog-full");
  assert.ok(answered(tr, "server").every((e) => e.reason === "backlog_full" && e.answer === undefined));
});

test("pcapng_synRetriesExhausted_everyLostSynCapturedWithCommentAndStatesNoted", async () => {
  const dir = mkdtempSync(join(tmpdir(), "wasmtcp-course-"));
  try {
    const file = join(dir, "syn-retries-exhausted.pcapng");
    writeFileSync(file, (await run("syn-retries-exhausted")).pcap.bytes());
    const rows = execFileSync("tshark", ["-r", file, "-Y", "tcp", "-T", "fields", "-E", "separator=|", "-e", "frame.time_relative", "-e", "tcp.flags.str", "-e", "frame.comment"],
      { stdio: ["ignore", "pipe", "pipe"] }).toString().trim().split("\n").map((l) => l.split("|"));
    assert.deepEqual(rows.map((r) => Math.round(Number(r[0]))), [0, 1, 3, 7, 15, 31, 63, 123], "every lost SYN is in the capture");
    assert.ok(rows.every((r) => r[1].includes("S") && r[2].includes("lost on the link: never reached server")), "each marked lost");
    assert.match(rows[0][2], /0\.000s client: SYN_SENT/);
    assert.match(rows[7][2], /183\.000s client: error ETIMEDOUT,183\.000s client: CLOSED/, "what followed the last SYN");
  } finally { rmSync(dir, { recursive: true, force: true }); }
});

test("pcapng_everyNewScenario_tsharkShowsEverySegmentLossMarkAndStateChangeAsComments", async () => {
  const dir = mkdtempSync(join(tmpdir(), "wasmtcp-course-"));
  try {
    for (const name of [...COURSE, "syn-cookies", "syn-flood"]) {
      const file = join(dir, `${name}.pcapng`);
      writeFileSync(file, (await run(name)).pcap.bytes());
      const rows = execFileSync("tshark", ["-r", file, "-Y", "tcp", "-T", "fields", "-E", "separator=|", "-e", "frame.comment"],
        { stdio: ["ignore", "pipe", "pipe"], maxBuffer: 1 << 26 }).toString().trim().split("\n");
      const tr = await trace(name);
      assert.equal(rows.length, segs(tr).length, `${name}: every segment of the ladder is in the capture`);
      assert.equal(rows.filter((r) => r.includes("lost on the link")).length, segs(tr, { lost: true }).length, `${name}: each lost one marked`);
      const comments = rows.join("\n");
      for (const e of tr.events) {
        if (e.kind !== "state") continue;
        const said = `${seconds(e.t)} ${e.party}: ${e.to}`;
        assert.ok(comments.includes(said), `${name}: "${said}" is a packet comment`);
      }
    }
  } finally { rmSync(dir, { recursive: true, force: true }); }
});

test("ESTABLISHED_segmentLostThenDupAcks_laddersNumberDupAcksAndResendAfterTheFirst", async () => {
  const tr = await trace("fast-retransmit");
  const [lost] = segs(tr, { from: "client", lost: true });
  const resent = segs(tr, { from: "client", after: lost.t }).find((e) => e.seq === lost.seq && !e.lost)!;
  const dups = segs(tr, { from: "server", flags: "." }).filter((e) => / \(dup ACK #\d+\)$/.test(e.label));
  assert.deepEqual(dups.map((e) => e.label.match(/#(\d+)/)![1]), dups.map((_, i) => String(i + 1)), "numbered in order");
  assert.ok(dups.every((e) => e.ack === lost.seq), "each repeats the ACK of the byte before the hole");
  assert.equal(resent.t, dups[0].arrive, "the retransmission leaves when #1 arrives (RACK)");
  const text = renderText(tr);
  for (const i of [1, 2, 3]) assert.match(text, new RegExp(`<-+ \\. 1 ack \\d+ win \\d+ <(TS,)?sack [^>]+> \\(dup ACK #${i}\\) -+\\|`));
});

test("ladder_everyScenario_everySegmentLabelWholeInTheTerminal", async () => {
  for (const s of scenarios) {
    const tr = await trace(s.name);
    const text = renderText(tr);
    for (const e of segs(tr)) assert.ok(text.includes(segmentText(e, tr.latencyMs)), `${s.name}: "${segmentText(e, tr.latencyMs)}" is whole`);
  }
});

test("ladder_keepaliveDefaults_idleGapsSayHowLongTheyLasted", async () => {
  const text = renderText(await trace("keepalive-defaults"));
  assert.match(text, /~ 2 h later/);
  assert.equal(text.match(/~ 1 min 15 s later/g)?.length, 8);
});
