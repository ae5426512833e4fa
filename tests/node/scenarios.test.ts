// The scenario catalogue: every scenario runs on the real .wasm and its outcome is what the explanation
// says (states reached, the key segments and their virtual times); every pcap reads cleanly in tshark;
// the CLI lists them all and writes the files asked for.
import test from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, existsSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { scenarios, findScenario } from "../../host/scenarios/registry.js";
import { runScenario } from "../../host/scenarios/runner.js";
import type { ScenarioTrace } from "../../host/scenarios/types.js";
import { run, trace, segs, states, path, entered, timers, drops, app, times, rel } from "./support/trace-queries.js";

const REQUIRED = [
  "handshake", "close", "half-close", "simultaneous-open", "simultaneous-close", "time-wait", "syn-lost", "synack-lost",
  "ack-lost", "synack-retries-exhausted", "fin-lost", "fin-ack-lost", "last-fin-lost", "last-ack-lost", "old-duplicate-syn",
  "data-on-third-ack", "syn-with-data", "rst-closed-port", "keepalive-dead-peer", "keepalive-alive", "zero-window",
  "fast-retransmit", "tail-loss-probe", "spurious-retransmit", "sack-recovery", "backlog-full", "syn-flood", "syn-cookies",
];

// ---- opening ----

test("CLOSED_connect_threeSegmentsThenBothEstablished", async () => {
  const tr = await trace("handshake");
  assert.deepEqual(segs(tr).map((e) => `${e.from} ${e.flags} ${e.t}`), ["client S 0", "server S. 1", "client . 2"]);
  assert.deepEqual(path(tr, "client"), ["SYN_SENT", "ESTABLISHED"]);
  assert.deepEqual(path(tr, "server"), ["LISTEN", "SYN_RECEIVED", "ESTABLISHED"]);
  const [syn, synack, ack] = segs(tr);
  assert.equal(synack.ack, (syn.seq + 1) >>> 0, "the SYN-ACK acknowledges the client's ISN");
  assert.equal(ack.ack, (synack.seq + 1) >>> 0, "the ACK acknowledges the server's ISN");
  assert.match(syn.options, /mss 1460/);
  assert.equal(entered(tr, "server", "ESTABLISHED"), 3);
});

test("SYN_SENT_crossingSyns_bothSynReceivedThenEstablished", async () => {
  const tr = await trace("simultaneous-open");
  for (const p of ["A", "B"]) assert.deepEqual(path(tr, p), ["SYN_SENT", "SYN_RECEIVED", "ESTABLISHED"], p);
  assert.deepEqual(segs(tr).map((e) => e.flags).sort(), ["S", "S", "S.", "S."]);
  for (const p of ["A", "B"]) {
    const [syn, synack] = segs(tr, { from: p });
    assert.equal(synack.seq, syn.seq, `${p}'s SYN-ACK repeats its SYN's sequence number`);
    const peerSyn = segs(tr, { flags: "S" }).find((e) => e.from !== p)!;
    assert.equal(synack.ack, (peerSyn.seq + 1) >>> 0);
  }
});

test("SYN_SENT_dataWrittenBeforeSynAck_thirdSegmentCarriesAckAndData", async () => {
  const tr = await trace("data-on-third-ack");
  const client = segs(tr, { from: "client" });
  assert.equal(client.length, 2, "SYN, then one segment: no separate pure ACK");
  assert.equal(client[1].flags, "P.");
  assert.equal(client[1].len, 18);
  assert.equal(client[1].ack, (segs(tr, { flags: "S." })[0].seq + 1) >>> 0);
  assert.equal(entered(tr, "server", "ESTABLISHED"), client[1].arrive);
  assert.equal(tr.facts["server read"], JSON.stringify("GET / HTTP/1.0\r\n\r\n"));
});

test("LISTEN_synCarriesData_synAckAcksOnlySynDataAckedOnceEstablished", async () => {
  const tr = await trace("syn-with-data");
  const [syn] = segs(tr, { flags: "S" });
  assert.equal(syn.len, 5);
  const [synack] = segs(tr, { flags: "S." });
  assert.equal(synack.ack, syn.seq + 1, "the SYN-ACK acknowledges the SYN alone");
  const established = entered(tr, "server", "ESTABLISHED");
  const serverAcks = segs(tr, { from: "server", flags: "." });
  assert.deepEqual(serverAcks.map((e) => [e.t, e.ack]), [[established, syn.seq + 6]], "the queued text is acknowledged as the handshake completes");
  const accepted = app(tr, "server", /^accept\(\)$/)[0];
  assert.ok(accepted.t >= established, "accept (and the read) only after the handshake completed");
  assert.equal(tr.facts["server read"], JSON.stringify("hello"));
});

test("SYN_SENT_synLost_sameSynResentAfter1sAndRtoFromTheEchoedTimestamp", async () => {
  const tr = await trace("syn-lost");
  const syns = segs(tr, { flags: "S" });
  assert.deepEqual(syns.map((e) => [e.t, e.lost, e.rexmt]), [[0, true, false], [1000, false, true]]);
  assert.equal(syns[1].seq, syns[0].seq, "same ISN");
  assert.deepEqual(timers(tr, "client", "REXMT"), [1000]);
  assert.equal(entered(tr, "client", "ESTABLISHED"), 1002);
  assert.equal(tr.facts["client RTO after the handshake (ms)"], 1000, "RFC 7323 4.1: a sample despite the retransmitted SYN");
});

test("SYN_RECEIVED_synAckLost_bothSidesRetransmitAt1sThenEstablished", async () => {
  const tr = await trace("synack-lost");
  const synacks = segs(tr, { flags: "S." });
  assert.equal(synacks[0].lost, true);
  assert.ok(synacks.slice(1).every((e) => !e.lost && e.rexmt && e.t === 1001), "resent at 1 s (timer, and answer to the repeated SYN)");
  assert.deepEqual(times(segs(tr, { flags: "S" })), [0, 1000]);
  assert.deepEqual(timers(tr, "server", "REXMT"), [1001]);
  assert.equal(entered(tr, "client", "ESTABLISHED"), 1002);
  assert.equal(entered(tr, "server", "ESTABLISHED"), 1003);
  assert.deepEqual(drops(tr, "client", "not_acceptable"), [1002], "the extra SYN-ACK copy is answered with an ACK");
});

test("SYN_RECEIVED_finalAckLost_firstDataSegmentCompletesHandshake", async () => {
  const tr = await trace("ack-lost");
  const [ack] = segs(tr, { from: "client", flags: "." });
  assert.equal(ack.lost, true);
  const [data] = segs(tr, { from: "client", data: true });
  assert.equal(entered(tr, "server", "ESTABLISHED"), data.arrive, "the data's ACK field completes the handshake");
  assert.equal(segs(tr, { flags: "S." }).length, 1, "no SYN-ACK retransmission");
  assert.deepEqual(timers(tr, "server", "REXMT"), []);
  assert.equal(tr.facts["server read"], JSON.stringify("hello"));
});

test("SYN_RECEIVED_finalAckNeverArrives_synAckAt1_3_7_15_31sThenDroppedSilently", async () => {
  const tr = await trace("synack-retries-exhausted");
  const synacks = times(segs(tr, { flags: "S." }));
  assert.deepEqual(rel(synacks), [0, 1000, 3000, 7000, 15000, 31000], "intervals double: 1, 2, 4, 8, 16 s");
  const dropped = states(tr, "server").find((e) => e.from === "SYN_RECEIVED" && e.to === "CLOSED")!;
  assert.equal(dropped.t, synacks[0] + 63_000, "dropped 32 s after the 5th retry");
  assert.equal(segs(tr, { from: "server", after: synacks[5] + 1 }).filter((e) => e.t < 70_000).length, 0, "silently: no RST");
  assert.ok(path(tr, "client").includes("ESTABLISHED"));
  const [rst] = segs(tr, { from: "server", flags: "R" });
  assert.equal(rst.t, 70_001, "data at 70 s meets no connection: RST");
  assert.equal(tr.facts["client error"], "ECONNRESET");
});

// ---- closing ----

test("ESTABLISHED_close_finAckFinAckThenTimeWaitFor60s", async () => {
  const tr = await trace("close");
  const closing = segs(tr, { after: 100 });
  assert.deepEqual(closing.map((e) => `${e.from} ${e.flags}`), ["client F.", "server .", "server F.", "client ."]);
  assert.deepEqual(path(tr, "client"), ["SYN_SENT", "ESTABLISHED", "FIN_WAIT_1", "FIN_WAIT_2", "TIME_WAIT", "CLOSED"]);
  assert.deepEqual(path(tr, "server"), ["LISTEN", "SYN_RECEIVED", "ESTABLISHED", "CLOSE_WAIT", "LAST_ACK", "CLOSED"]);
  const tw = entered(tr, "client", "TIME_WAIT");
  assert.equal(entered(tr, "client", "CLOSED"), tw + 60_000, "TIME_WAIT lasts 2*MSL");
  assert.deepEqual(timers(tr, "client", "TIME_WAIT"), [tw + 60_000]);
  assert.equal(entered(tr, "server", "CLOSED"), closing[3].arrive, "the server closes when its FIN is acknowledged");
});

test("FIN_WAIT_2_peerKeepsSending_clientReadsDataAfterItsOwnFin", async () => {
  const tr = await trace("half-close");
  const [fin] = segs(tr, { from: "client", flags: "F." });
  const answer = segs(tr, { from: "server", data: true });
  assert.equal(answer.length, 2);
  const fw2 = entered(tr, "client", "FIN_WAIT_2");
  assert.ok(answer.every((e) => e.t > fin.t && e.arrive! > fw2), "the answer arrives while the client is in FIN_WAIT_2");
  assert.equal(tr.facts["client read in FIN_WAIT_2"], JSON.stringify("first part of the answersecond part"));
  assert.ok(entered(tr, "server", "LAST_ACK") > answer[1].t);
  assert.ok(path(tr, "client").includes("TIME_WAIT"));
});

test("FIN_WAIT_1_finsCross_bothClosingThenTimeWait", async () => {
  const tr = await trace("simultaneous-close");
  for (const p of ["client", "server"]) {
    assert.deepEqual(path(tr, p).slice(-4), ["FIN_WAIT_1", "CLOSING", "TIME_WAIT", "CLOSED"], p);
    assert.equal(entered(tr, p, "CLOSED", 10) - entered(tr, p, "TIME_WAIT"), 60_000, p);
  }
  const fins = segs(tr, { flags: "F." });
  assert.equal(fins.length, 2);
  assert.equal(fins[0].t, fins[1].t, "both FINs leave at once");
});

test("TIME_WAIT_connectFromSamePort_EADDRINUSEUntil2MslThenNewIsn", async () => {
  const tr = await trace("time-wait");
  assert.equal(tr.facts["connect from port 40000 during TIME_WAIT"], "EADDRINUSE");
  const tw = entered(tr, "client", "TIME_WAIT");
  const closed = entered(tr, "client", "CLOSED", tw);
  assert.equal(closed - tw, 60_000);
  const syns = segs(tr, { flags: "S" });
  assert.equal(syns.length, 2);
  assert.ok(syns.every((e) => e.src.endsWith(":40000")));
  assert.equal(syns[1].t, closed, "the same connect succeeds once TIME_WAIT is over");
  assert.notEqual(syns[1].seq, syns[0].seq, "a new ISN");
  assert.equal(app(tr, "client", /EADDRINUSE/)[0].t, tw + 30_000);
});

test("FIN_WAIT_1_finLost_finResentAfter1s", async () => {
  const tr = await trace("fin-lost");
  const fins = segs(tr, { from: "client", flags: "F." });
  assert.deepEqual(fins.map((e) => [e.lost, e.rexmt]), [[true, false], [false, true]]);
  assert.equal(fins[1].t - fins[0].t, 1000);
  assert.equal(entered(tr, "server", "CLOSE_WAIT"), fins[1].arrive);
  assert.ok(path(tr, "client").includes("TIME_WAIT"));
});

test("FIN_WAIT_1_ackOfFinLost_finResentAndAcknowledgedAgain", async () => {
  const tr = await trace("fin-ack-lost");
  const fins = segs(tr, { from: "client", flags: "F." });
  assert.equal(fins.length, 2);
  assert.equal(fins[1].t - fins[0].t, 1000);
  const acks = segs(tr, { from: "server", flags: ".", after: fins[0].t });
  assert.deepEqual(acks.map((e) => [e.lost, e.ack]), [[true, fins[0].seq + 1], [false, fins[0].seq + 1]]);
  assert.deepEqual(drops(tr, "server", "not_acceptable"), [fins[1].arrive], "the repeated FIN is a duplicate");
  assert.equal(app(tr, "server", /end of stream/).length, 1, "end of stream is delivered once");
  assert.equal(entered(tr, "client", "FIN_WAIT_2"), acks[1].arrive);
});

test("LAST_ACK_serverFinLost_finResentAfter1sAndClientEntersTimeWait", async () => {
  const tr = await trace("last-fin-lost");
  const fins = segs(tr, { from: "server", flags: "F." });
  assert.deepEqual(fins.map((e) => e.lost), [true, false]);
  assert.equal(fins[1].t - fins[0].t, 1000);
  assert.deepEqual(timers(tr, "server", "REXMT"), [fins[1].t]);
  assert.equal(entered(tr, "client", "TIME_WAIT"), fins[1].arrive);
  assert.ok(path(tr, "server").at(-1) === "CLOSED");
});

test("TIME_WAIT_lastAckLostFinRepeated_ackedAgainAndWaitRestarts", async () => {
  const tr = await trace("last-ack-lost");
  const fins = segs(tr, { from: "server", flags: "F." });
  assert.equal(fins.length, 2);
  const acks = segs(tr, { from: "client", flags: ".", after: fins[0].t });
  assert.deepEqual(acks.map((e) => e.lost), [true, false]);
  assert.equal(acks[1].t, fins[1].arrive, "TIME_WAIT answers the repeated FIN at once");
  assert.equal(entered(tr, "server", "CLOSED"), acks[1].arrive);
  const tw = entered(tr, "client", "TIME_WAIT");
  assert.equal(tw, fins[0].arrive);
  assert.equal(entered(tr, "client", "CLOSED", tw), fins[1].arrive! + 60_000, "the 2MSL wait restarts at the repeated FIN");
});

// ---- resets and old segments ----

test("SYN_SENT_synToClosedPort_rstAckAndECONNREFUSED", async () => {
  const tr = await trace("rst-closed-port");
  const [syn, rst] = segs(tr);
  assert.equal(rst.flags, "R.");
  assert.equal(rst.seq, 0);
  assert.equal(rst.ack, (syn.seq + 1) >>> 0);
  assert.deepEqual(drops(tr, "server", "no_socket"), [1]);
  assert.deepEqual(path(tr, "client"), ["SYN_SENT", "CLOSED"]);
  assert.equal(tr.facts["client error"], "ECONNREFUSED");
  assert.deepEqual(timers(tr, "client", "REXMT"), [], "no retry");
});

test("SYN_SENT_synAckForOldIsn_clientResetsAndRealHandshakeCompletes", async () => {
  const tr = await trace("old-duplicate-syn");
  const [old] = segs(tr, { from: "network" });
  assert.equal(old.seq, 90_000);
  const synacks = segs(tr, { flags: "S." });
  assert.equal(synacks[0].ack, 90_001, "the server acknowledges the old ISN");
  const [rst] = segs(tr, { from: "client", flags: "R" });
  assert.equal(rst.seq, 90_001, "<SEQ=SEG.ACK><CTL=RST>");
  assert.deepEqual(drops(tr, "client", "bad_ack"), [synacks[0].arrive]);
  assert.ok(states(tr, "server").some((e) => e.from === "SYN_RECEIVED" && e.to === "CLOSED" && e.t === rst.arrive), "half-open attempt dropped");
  const [syn] = segs(tr, { from: "client", flags: "S" });
  assert.equal(syn.arrive, 501, "the real SYN was delayed 500 ms");
  assert.equal(synacks[1].ack, (syn.seq + 1) >>> 0);
  assert.deepEqual(path(tr, "client"), ["SYN_SENT", "ESTABLISHED"]);
  assert.equal(path(tr, "server").at(-1), "ESTABLISHED");
  assert.equal(tr.facts["server accepted a connection from port"], 40000);
});

// ---- keepalive ----

test("ESTABLISHED_peerUnplugged_keepaliveProbesAt10_15_20sThenETIMEDOUT", async () => {
  const tr = await trace("keepalive-dead-peer");
  const on = app(tr, "client", /^keepalive/)[0].t;
  const probes = segs(tr, { from: "client", flags: ".", after: on });
  assert.deepEqual(probes.map((e) => e.t - on), [10_000, 15_000, 20_000]);
  assert.ok(probes.every((e) => e.lost && e.len === 0));
  const [ack] = segs(tr, { from: "client", flags: "." });
  assert.equal(probes[0].seq, (ack.seq - 1) >>> 0, "a probe is SND.NXT-1");
  assert.deepEqual(timers(tr, "client", "KEEPALIVE").map((t) => t - on), [10_000, 15_000, 20_000, 25_000]);
  assert.equal(entered(tr, "client", "CLOSED") - on, 25_000);
  assert.equal(segs(tr, { from: "client", flags: "R" })[0].t - on, 25_000, "the connection is reset");
  assert.equal(tr.facts["client error"], "ETIMEDOUT");
});

test("ESTABLISHED_idlePeerAlive_probeEvery10sAnsweredByAck", async () => {
  const tr = await trace("keepalive-alive");
  const on = app(tr, "client", /^keepalive/)[0].t;
  const probes = segs(tr, { from: "client", flags: ".", after: on }).filter((e) => e.t < 35_000);
  assert.equal(probes.length, 3);
  assert.deepEqual(probes.map((e) => e.t - on), [10_000, 20_002, 30_004], "the idle timer restarts at each answer");
  for (const p of probes) {
    const answer = segs(tr, { from: "server", flags: ".", after: p.t })[0];
    assert.equal(answer.t, p.arrive, "answered at once");
  }
  assert.deepEqual(drops(tr, "server", "not_acceptable"), probes.map((p) => p.arrive), "a probe is below the window by design");
  assert.ok(!states(tr, "client").some((e) => e.t > on && e.t < 35_000), "still ESTABLISHED");
});

// ---- flow control and loss recovery ----

test("ESTABLISHED_receiverBufferFull_windowZeroAndProbesAt1_2_4s", async () => {
  const tr = await trace("zero-window");
  const zero = segs(tr, { from: "server", flags: "." }).find((e) => e.window === 0)!;
  assert.ok(zero, "the server advertises a zero window");
  const sent = app(tr, "client", /send\(1000 bytes\)/)[0].t;
  const probes = segs(tr, { from: "client", data: true, after: sent }).filter((e) => e.len === 1);
  assert.deepEqual(probes.map((e) => e.t - sent), [1000, 3000, 7000], "probe intervals 1, 2, 4 s");
  assert.deepEqual(timers(tr, "client", "PERSIST").map((t) => t - sent), [1000, 3000, 7000]);
  for (const p of probes) assert.equal(segs(tr, { from: "server", after: p.t })[0].window, 0, "each probe is answered: still 0");
  const read = app(tr, "server", /recv\(\) 4096 bytes/)[0].t;
  const update = segs(tr, { from: "server", after: read })[0];
  assert.ok(update.window > 0 && update.t === read, "the window update leaves as the application reads");
  const rest = segs(tr, { from: "client", after: read }).find((e) => e.len === 1000)!;
  assert.equal(rest.t, update.arrive, "the waiting data goes as soon as the update arrives");
  assert.equal(tr.facts["bytes still unacknowledged at the client"], 0);
});

test("ESTABLISHED_oneSegmentLost_resentOnTheFirstSackBeforeTheTimer", async () => {
  const tr = await trace("fast-retransmit");
  const [lost] = segs(tr, { from: "client", lost: true });
  assert.ok(lost.len > 0);
  const resent = segs(tr, { from: "client", after: lost.t }).find((e) => e.seq === lost.seq && !e.lost)!;
  assert.ok(resent.rexmt);
  const dupacks = segs(tr, { from: "server", flags: ".", after: lost.t }).filter((e) => e.ack === lost.seq && /sack/.test(e.options) && e.arrive! <= resent.t);
  assert.equal(dupacks.length, 1, "one duplicate ACK (with SACK) is enough for RACK (RFC 8985 6.2)");
  assert.equal(resent.t, dupacks[0].arrive, "resent when it arrives: the reordering window rounds to 0 ms");
  assert.deepEqual(timers(tr, "client", "REXMT"), [], "the retransmission timer never fired");
  assert.ok(resent.t - lost.t < 200, "well before the 200 ms minimum RTO of the large build");
  assert.equal(segs(tr, { from: "client", lost: true }).length, 1);
});

test("ESTABLISHED_lastSegmentLost_tailLossProbeResendsItAfterTwoSrttNotTheRto", async () => {
  const tr = await trace("tail-loss-probe");
  const [lost] = segs(tr, { from: "client", lost: true });
  assert.ok(lost.len > 0);
  const resent = segs(tr, { from: "client", after: lost.t }).find((e) => e.seq === lost.seq && !e.lost)!;
  assert.ok(resent.rexmt);
  assert.deepEqual(timers(tr, "client", "TLP"), [resent.t], "the probe timer sent it (RFC 8985 7.3)");
  assert.deepEqual(timers(tr, "client", "REXMT"), [], "the retransmission timer never fired");
  assert.equal(resent.t - lost.t, 4, "2*SRTT with two segments in flight (RFC 8985 7.2)");
  assert.equal(tr.facts["tail loss probes sent"], 1);
});

test("ESTABLISHED_lateSegmentResentByRack_echoAndDsackShowItSpuriousAndTheCutIsUndone", async () => {
  const tr = await trace("spurious-retransmit");
  const data = segs(tr, { from: "client", data: true });
  const resent = data.filter((e) => e.rexmt);
  assert.equal(resent.length, 1, "one retransmission");
  const [first, second, third] = data;
  assert.equal(second.seq, resent[0].seq);
  assert.deepEqual([first.t, second.t, third.t], [130, 130, 130]);
  assert.deepEqual([first.arrive, second.arrive, third.arrive], [140, 148, 140], "held 8 ms: the third overtakes the second");
  const sack = segs(tr, { from: "server", after: 140 })[0];
  assert.equal(sack.arrive, 150);
  assert.match(sack.label, /ack 1449 .*<TS,sack 2897:4345>/);
  assert.deepEqual(timers(tr, "client", "REORDER"), [155], "RACK's reordering window: a quarter of the 20 ms minimum RTT");
  assert.equal(resent[0].t, 155);
  const full = segs(tr, { from: "server", after: 148 })[0];
  assert.equal(full.ack, (second.seq + 2 * 1448) >>> 0, "the original arrived: everything is acknowledged");
  assert.ok(full.arrive! > resent[0].t, "after the retransmission left");
  const dsack = segs(tr, { from: "server", after: resent[0].arrive })[0];
  assert.equal(dsack.t, resent[0].arrive, "the duplicate is acknowledged at once");
  assert.match(dsack.label, /ack 4345 .*<TS,sack 1449:2897>$/, "a D-SACK block below the cumulative ACK (RFC 2883 4.1.1)");
  assert.deepEqual(timers(tr, "client", "REXMT"), []);
  assert.equal(tr.facts["spurious retransmissions"], 1);
  assert.equal(tr.facts["window reductions undone"], 1);
  assert.ok(Number(tr.facts["client congestion window after the undo (bytes)"]) > Number(tr.facts["client congestion window on the retransmission (bytes)"]));
  assert.equal(tr.facts["reordering window now (ms)"], 10, "widened once (RFC 8985 6.2 step 4)");
  assert.equal(tr.facts["reordering seen (segments)"], 2);
  assert.equal(tr.facts["D-SACK blocks sent by the server"], 1);
  assert.equal(segs(tr).filter((e) => e.from === "client" && e.t > 155 && e.len > 0).length, 0, "nothing else resent");
});

test("ESTABLISHED_threeLossesInOneWindow_allResentWithinOneRttOfTheFirstSack", async () => {
  const tr = await trace("sack-recovery");
  const lost = segs(tr, { from: "client", lost: true });
  assert.equal(lost.length, 3);
  assert.equal(new Set(lost.map((e) => e.seq)).size, 3, "three different segments");
  const resent = lost.map((l) => segs(tr, { from: "client", after: l.t }).find((e) => e.seq === l.seq && e.rexmt && !e.lost)!);
  const firstSack = segs(tr, { from: "server", after: lost[0].t }).find((e) => /sack/.test(e.label))!;
  const rtt = 2 * tr.latencyMs;
  for (const r of resent) assert.ok(r.t - firstSack.arrive! <= rtt, `resent at ${r.t}, the first SACK arrived at ${firstSack.arrive}`);
  assert.equal(segs(tr, { from: "client" }).filter((e) => e.rexmt).length, 3, "nothing but the holes resent");
  const end = Math.max(...lost.map((l) => l.seq + l.len));
  const closing = segs(tr, { from: "server", after: lost[0].t }).find((e) => ((e.ack - end) | 0) >= 0 && !/sack/.test(e.label))!;
  assert.ok(closing.arrive! - firstSack.arrive! <= 2 * rtt, "the cumulative ACK over every hole within two round trips of the first SACK");
  assert.deepEqual(timers(tr, "client", "REXMT"), [], "the retransmission timer never fired");
  assert.equal(tr.facts["retransmission timeouts"], 0);
});

// ---- listen queues ----

test("LISTEN_acceptQueueFull_synDroppedSilentlyUntilAccept", async () => {
  const tr = await trace("backlog-full");
  const second = segs(tr, { from: "client", flags: "S" }).slice(1);
  assert.deepEqual(second.map((e) => e.t), [102, 1102, 3102]);
  assert.deepEqual(drops(tr, "server", "backlog_full"), [103, 1103]);
  assert.equal(segs(tr, { from: "server", after: 103 }).filter((e) => e.t < 3103).length, 0, "no SYN-ACK, no RST while full");
  const accepted = app(tr, "server", /^accept\(\)$/)[0].t;
  assert.equal(accepted, 2502);
  assert.equal(segs(tr, { from: "server", flags: "S." })[1].t, 3103);
  assert.equal(path(tr, "client").filter((s) => s === "ESTABLISHED").length, 2);
});

test("LISTEN_halfOpenSlotsHeldByForgedSyns_realClientConnectsAtOnceWithCookie", async () => {
  const tr = await trace("syn-flood");
  assert.deepEqual(tr.parties.map((p) => [p.name, p.ip, p.note]), [["client", "10.0.0.1", undefined], ["server", "10.0.0.2", undefined],
    ["forged sources", "10.0.0.66,10.0.0.67", "10.0.0.66, 10.0.0.67: no answer"], ["attacker", "-", undefined]]);
  const forged = segs(tr, { from: "attacker" });
  assert.deepEqual(forged.map((e) => [e.src.split(":")[0], e.to, e.label]),
    [["10.0.0.66", "server", "10.0.0.66: S 0 win 4096 <mss 1460>"], ["10.0.0.67", "server", "10.0.0.67: S 0 win 4096 <mss 1460>"]]);
  assert.deepEqual(segs(tr, { to: "attacker" }), [], "the SYN-ACKs go to the forged addresses, not to the attacker");
  assert.deepEqual(segs(tr, { from: "forged sources" }), [], "nobody answers from the forged addresses");
  for (const ip of ["10.0.0.66", "10.0.0.67"]) {
    const synacks = segs(tr, { from: "server", to: "forged sources", flags: "S." }).filter((e) => e.dst.startsWith(`${ip}:`));
    assert.deepEqual(rel(times(synacks)), [0, 1000, 3000, 7000, 15000, 31000], ip);
    assert.ok(synacks.every((e) => e.label.startsWith(`${ip}: S. 0 ack 1 win 4096`)), "relative to the forged SYN's ISN");
  }
  const syns = segs(tr, { from: "client", flags: "S" });
  assert.equal(syns.length, 1, "the first SYN gets in");
  const cookie = segs(tr, { from: "server", to: "client", flags: "S." });
  assert.equal(cookie.length, 1);
  assert.match(cookie[0].options, /^<mss 1460,wscale 0,sackOK,TS val \d+ ecr \d+>$/, "the client's SYN had timestamps: the cookie's TSval remembers its options");
  const ack = segs(tr, { from: "client", to: "server", flags: "." })[0];
  assert.equal(ack.ack, (cookie[0].seq + 1) >>> 0, "the ACK returns the cookie plus one");
  assert.deepEqual(drops(tr, "server", "half_open_full"), []);
  assert.equal(entered(tr, "client", "ESTABLISHED"), syns[0].t + 2);
  const freed = states(tr, "server").filter((e) => e.from === "SYN_RECEIVED" && e.to === "CLOSED");
  assert.deepEqual(freed.map((e) => e.remote?.split(":")[0]), ["10.0.0.66", "10.0.0.67"]);
  assert.ok(freed.every((e) => e.t === forged[0].arrive! + 63_000));
});

test("LISTEN_synCookieDecodedFromClientAck_mssAndCounterRecovered", async () => {
  const tr = await trace("syn-cookies");
  const synack = segs(tr, { from: "server", to: "client", flags: "S." });
  assert.equal(synack.length, 1);
  assert.equal(tr.facts["cookie"], `0x${synack[0].seq.toString(16).padStart(8, "0")}`, "the ISN of the SYN-ACK is the cookie");
  assert.equal(tr.facts["MSS index"], 3);
  assert.equal(tr.facts["MSS from the cookie"], 1460);
  assert.equal(tr.facts["time counter"], 0);
  assert.equal(tr.facts["accepted"], true);
  const notes = app(tr, "server", /^ACK 0x/);
  assert.equal(notes.length, 1);
  assert.equal(notes[0].t, segs(tr, { from: "client", to: "server", flags: "." })[0].arrive, "decoded as the ACK arrives");
});

// ---- the catalogue as a whole ----

test("catalogue_everyRequiredScenario_presentWithExplanation", () => {
  const names = scenarios.map((s) => s.name);
  for (const n of REQUIRED) assert.ok(names.includes(n), n);
  assert.equal(new Set(names).size, names.length, "unique names");
  for (const s of scenarios) {
    const sentences = s.explanation.split(/(?<=[.!?)])\s+(?=[A-Z(])/).length;
    assert.ok(sentences >= 2 && sentences <= 5, `${s.name}: ${sentences} sentences`);
  }
});

test("catalogue_everyScenario_traceOrderedAndComplete", async () => {
  for (const s of scenarios) {
    const tr = await trace(s.name);
    const names = tr.parties.map((p) => p.name);
    let t = 0;
    for (const e of tr.events) {
      assert.ok(e.t >= t, `${s.name}: events in time order`);
      t = e.t;
      if (e.kind === "segment") assert.ok(names.includes(e.from) && names.includes(e.to), `${s.name}: segment between parties`);
      if (e.kind === "segment" && !e.lost) assert.ok(e.arrive !== undefined && e.arrive >= e.t, `${s.name}: delivered segments have an arrival`);
    }
    assert.ok(tr.events.some((e) => e.kind === "state"), s.name);
    assert.ok(JSON.parse(JSON.stringify(tr)).events.length === tr.events.length);
  }
});

test("pcapng_everyScenario_tsharkReadsWithoutMalformedOrBadChecksums", async () => {
  const dir = mkdtempSync(join(tmpdir(), "wasmtcp-scn-"));
  try {
    for (const s of scenarios) {
      const file = join(dir, `${s.name}.pcapng`);
      writeFileSync(file, (await run(s.name)).pcap.bytes());
      const out = execFileSync("tshark", ["-r", file, "-V", "-o", "tcp.check_checksum:TRUE", "-o", "ip.check_checksum:TRUE"], { stdio: ["ignore", "pipe", "pipe"], maxBuffer: 1 << 28 }).toString();
      assert.ok(out.includes("Transmission Control Protocol"), `${s.name}: tshark decoded TCP`);
      for (const bad of ["Malformed", "[incorrect", "Bad checksum", "checksum_bad"]) assert.ok(!out.includes(bad), `${s.name}: tshark reported "${bad}"`);
    }
  } finally { rmSync(dir, { recursive: true, force: true }); }
});

test("catalogue_sameScenarioTwice_identicalTraceAndPcap", async () => {
  for (const name of ["old-duplicate-syn", "syn-flood"]) {
    const [a, b] = [await runScenario(findScenario(name)!), await runScenario(findScenario(name)!)];
    assert.equal(JSON.stringify(a.trace), JSON.stringify(b.trace), name);
    assert.ok(Buffer.from(a.pcap.bytes()).equals(b.pcap.bytes()), name);
  }
});

const cli = new URL("../../host/node/cli.js", import.meta.url).pathname;

test("cli_scenarioList_namesEveryScenario", () => {
  const out = execFileSync(process.execPath, [cli, "scenario", "--list"]).toString();
  const listed = out.trim().split("\n").map((l) => l.split(/\s+/)[0]);
  assert.deepEqual(listed, scenarios.map((s) => s.name));
  for (const n of REQUIRED) assert.ok(listed.includes(n), n);
});

test("cli_scenarioWithFiles_printsLadderAndExplanationAndWritesSvgPcapJson", () => {
  const dir = mkdtempSync(join(tmpdir(), "wasmtcp-scn-"));
  try {
    const f = (x: string) => join(dir, `last-ack-lost.${x}`);
    const out = execFileSync(process.execPath, [cli, "scenario", "last-ack-lost", "--svg", f("svg"), "--pcap", f("pcap"), "--json", f("json")]).toString();
    assert.match(out, /TIME_WAIT/);
    assert.match(out, /-X\s+\|\s+lost$/m, "the lost ACK is marked");
    assert.match(out, /2MSL timer ends TIME_WAIT/);
    assert.ok(out.replace(/\s+/g, " ").includes(findScenario("last-ack-lost")!.explanation), "the explanation is printed");
    for (const x of ["svg", "pcap", "json"]) assert.ok(existsSync(f(x)), x);
    const tr = JSON.parse(readFileSync(f("json"), "utf8")) as ScenarioTrace;
    assert.equal(tr.scenario, "last-ack-lost");
    assert.ok(tr.events.some((e) => e.kind === "segment" && e.lost));
    assert.ok(tr.events.some((e) => e.kind === "timer" && e.timer === "TIME_WAIT"));
    assert.match(readFileSync(f("svg"), "utf8"), /^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    const bad = (() => { try { execFileSync(process.execPath, [cli, "scenario", "no-such"], { stdio: "pipe" }); return 0; } catch (e) { return (e as { status: number }).status; } })();
    assert.equal(bad, 2);
  } finally { rmSync(dir, { recursive: true, force: true }); }
});
