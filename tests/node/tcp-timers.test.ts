// Timers in virtual time: retransmission (RFC 6298), SYN retries, persist (RFC 9293 3.8.6.1),
// keepalive (RFC 1122 4.2.3.6), delayed ACK (RFC 1122 4.2.3.2, RFC 5681 4.2).
import test from "node:test";
import assert from "node:assert/strict";
import { Peer, State, Err, Opt } from "./support/peer.js";
import { synSent, finWait2, timeWait } from "./support/states.js";
import { Trace, Timer } from "../../host/abi.js";

test("SYN_SENT_noAnswer_synResentAt1_2_4_8_16_32_60sThenTimedOutAfter3Minutes", () => {
  const p = new Peer();
  const h = synSent(p);
  for (const wait of [1000, 2000, 4000, 8000, 16000, 32000, 60000]) {
    p.advance(wait - 1);
    p.none();
    p.advance(1);
    p.out("S", 0, 0, { mss: 1460 });
  }
  // RTO is bounded at 60 s (RFC 6298 2.5); the attempt lasts 183 s, past RFC 1122 4.2.3.5's 3 minutes.
  p.advance(59_999);
  assert.equal(p.state(h), State.SYN_SENT);
  p.advance(1);
  assert.equal(p.state(h), State.CLOSED);
  assert.equal(p.getopt(h, Opt.SO_ERROR), Err.TIMEDOUT);
  p.none();
});

test("SYN_SENT_synRetransmitted_rtoStartsAt3sAfterHandshake", () => {
  const p = new Peer();
  const h = synSent(p);
  p.advance(1000);
  p.out("S", 0, 0);
  p.in("S.", 0, 1);
  p.out(".", 1, 1);
  assert.equal(p.getopt(h, Opt.RTO), 3000, "RFC 6298 5.7");
});

test("ESTABLISHED_dataUnacked_rtoDoublesEachTimeout", () => {
  const p = new Peer();
  const h = p.passiveOpen();
  p.send(h, "hello");
  p.out("P.", 1, 1, { data: "hello" });
  let rto = 1000;
  for (let i = 0; i < 5; i++) {
    p.advance(rto - 1);
    p.none();
    p.advance(1);
    p.out("P.", 1, 1, { data: "hello" });
    rto *= 2;
  }
  p.in(".", 1, 6);
  p.none();
  assert.equal(p.stats().tcp_rto_timeouts, 5);
});

test("ESTABLISHED_retriesExhausted_rstAndTimedOut", () => {
  const p = new Peer();
  const h = p.passiveOpen();
  p.send(h, "x");
  p.out("P.", 1, 1, { len: 1 });
  p.advance(30 * 60_000);
  for (let i = 0; i < 12; i++) p.out("P.", 1, 1, { len: 1 });
  p.out("R", 2, 0);
  p.none();
  assert.equal(p.state(h), State.CLOSED);
  assert.equal(p.getopt(h, Opt.SO_ERROR), Err.TIMEDOUT);
});

test("SYN_SENT_synAckAfter100ms_firstSampleSetsSrtt", () => {
  const p = new Peer();
  const h = synSent(p);
  p.advance(100);
  p.in("S.", 0, 1);
  p.out(".", 1, 1);
  assert.equal(p.getopt(h, Opt.SRTT), 100); // RFC 6298 2.2: SRTT <- R
  // RTO = SRTT + 4 * RTTVAR = 100 + 4 * 50 = 300, raised to the 1 s minimum (RFC 6298 2.4).
  assert.equal(p.getopt(h, Opt.RTO), 1000);
});

test("ESTABLISHED_secondSample_smoothedBy1_8", () => {
  const p = new Peer();
  const h = synSent(p);
  p.advance(100);
  p.in("S.", 0, 1);
  p.out(".", 1, 1);
  p.send(h, "ping");
  p.out("P.", 1, 1, { len: 4 });
  p.advance(180);
  p.in(".", 1, 5);
  assert.equal(p.getopt(h, Opt.SRTT), 110); // RFC 6298 2.3: 7/8 * 100 + 1/8 * 180
});

test("ESTABLISHED_singleSegment_delayedAckAfter200ms", () => {
  const p = new Peer();
  p.passiveOpen();
  p.in("P.", 1, 1, { data: "abc" });
  p.advance(199);
  p.none();
  p.advance(1);
  p.out(".", 1, 4);
  p.none();
});

test("ESTABLISHED_twoFullSegments_ackedAtOnce", () => {
  const p = new Peer();
  const h = p.passiveOpen();
  p.in(".", 1, 1, { data: 1460 });
  p.none();
  p.in(".", 1461, 1, { data: 1460 });
  p.out(".", 1, 2921, { win: 4096 - 2920 });
  p.none();
  assert.equal(typeof p.recv(h), "string");
});

test("ESTABLISHED_outOfOrderSegment_immediateDupAckThenAckWhenHoleFills", () => {
  const p = new Peer();
  const h = p.passiveOpen();
  p.in("P.", 11, 1, { data: "world" });
  p.out(".", 1, 1);
  p.none();
  p.in(".", 1, 1, { data: "hello, the" });
  p.out(".", 1, 16); // the gap is filled: ACK at once (RFC 5681 4.2)
  p.none();
  assert.equal(p.recv(h), "hello, theworld");
});

test("ESTABLISHED_peerWindowZero_persistProbesBackOff", () => {
  const p = new Peer();
  const h = p.passiveOpen({ win: 0 });
  assert.equal(p.send(h, "data"), 4);
  p.none();
  p.advance(1000);
  p.out(".", 1, 1, { len: 1 }); // one byte beyond the window
  p.in(".", 1, 1, { win: 0 });
  p.advance(1999);
  p.none();
  p.advance(1);
  p.out(".", 1, 1, { len: 1 });
  p.in(".", 1, 1, { win: 0 });
  p.advance(4000);
  p.out(".", 1, 1, { len: 1 });
  p.in(".", 1, 1, { win: 1000 }); // the window opens
  p.out("P.", 1, 1, { data: "data" });
  p.none();
  assert.equal(p.state(h), State.ESTABLISHED);
});

test("ESTABLISHED_ownWindowFull_advertisesZeroThenUpdatesAfterRead", () => {
  const p = new Peer();
  const h = p.passiveOpen();
  p.in(".", 1, 1, { data: 1460 });
  p.in(".", 1461, 1, { data: 1460 });
  p.out(".", 1, 2921, { win: 1176 });
  p.in("P.", 2921, 1, { data: 1176 });
  p.advance(200);
  p.out(".", 1, 4097, { win: 0 });
  p.in(".", 4097, 1, { data: 1 }); // a zero-window probe: not accepted, answered
  p.out(".", 1, 4097, { win: 0 });
  assert.equal((p.recv(h, 1000) as string).length, 1000);
  p.none(); // receiver SWS avoidance: 1000 bytes is less than one MSS
  assert.equal((p.recv(h, 2048) as string).length, 2048);
  p.out(".", 1, 4097, { win: 3048 });
  p.none();
});

test("ESTABLISHED_keepaliveOn_probesAfterIdleThenTimesOut", () => {
  const p = new Peer();
  const h = p.passiveOpen();
  p.setopt(h, Opt.KEEPALIVE, 1);
  p.setopt(h, Opt.KEEPIDLE, 60);
  p.setopt(h, Opt.KEEPINTVL, 10);
  p.setopt(h, Opt.KEEPCNT, 3);
  p.advance(59_999);
  p.none();
  p.advance(1);
  p.out(".", 0, 1); // <SEQ=SND.NXT-1><ACK=RCV.NXT>
  p.in(".", 1, 1); // alive: the idle timer starts again
  p.advance(60_000);
  p.out(".", 0, 1);
  p.advance(10_000);
  p.out(".", 0, 1);
  p.advance(10_000);
  p.out(".", 0, 1);
  p.advance(10_000);
  p.out("R", 1, 0);
  p.none();
  assert.equal(p.getopt(h, Opt.SO_ERROR), Err.TIMEDOUT);
});

test("ESTABLISHED_keepaliveTurnedOnAfterHoursIdle_firstProbeKeepidleAfterSetopt", () => {
  const p = new Peer();
  const h = p.passiveOpen();
  // Three hours with no call into the core: a host sleeps while poll() reports no deadline.
  p.now += 3 * 3600_000;
  p.setopt(h, Opt.KEEPIDLE, 7200);
  p.setopt(h, Opt.KEEPALIVE, 1); // RFC 1122 4.2.3.6: the idle interval counts from now, not the last call
  p.advance(7_200_000 - 1);
  p.none();
  p.advance(1);
  p.out(".", 0, 1);
  p.none();
});

test("ESTABLISHED_keepaliveOff_silentForHours", () => {
  const p = new Peer();
  p.passiveOpen();
  p.advance(10 * 3600_000);
  p.none();
});

test("ESTABLISHED_smallWritesWithDataInFlight_nagleHoldsThemUntilAck", () => {
  const p = new Peer();
  const h = p.passiveOpen();
  p.send(h, "a");
  p.out("P.", 1, 1, { data: "a" });
  p.send(h, "b");
  p.send(h, "c");
  p.none();
  p.in(".", 1, 2);
  p.out("P.", 2, 1, { data: "bc" });
  p.none();
});

test("ESTABLISHED_nodelay_smallWritesSentAtOnce", () => {
  const p = new Peer();
  const h = p.passiveOpen();
  p.setopt(h, Opt.NODELAY, 1);
  p.send(h, "a");
  p.out("P.", 1, 1, { data: "a" });
  p.send(h, "b");
  p.out("P.", 2, 1, { data: "b" });
  p.none();
});

test("SYN_SENT_peerSendsNoMss_segmentsOf536", () => {
  const p = new Peer();
  const h = synSent(p);
  p.in("S.", 0, 1, { options: [] });
  p.out(".", 1, 1);
  p.send(h, 1000);
  p.out(".", 1, 1, { len: 536 });
  p.none(); // Nagle: the 464-byte tail waits for the ACK
  p.in(".", 1, 537);
  p.out("P.", 537, 1, { len: 464 });
  p.none();
});

test("ESTABLISHED_threeDupAcks_fastRetransmitThenNewRenoPartialAck", () => {
  const p = new Peer({ build: "wasmtcp-mps2.wasm" });
  const h = p.passiveOpen({ mss: 1000 });
  p.setopt(h, Opt.NODELAY, 1);
  // Grow cwnd past the initial window first.
  p.send(h, 2000); // the mps2 build's I/O buffer takes 2 KiB at a time
  p.send(h, 2000);
  for (let i = 0; i < 4; i++) p.out(i % 2 ? "P." : ".", 1 + i * 1000, 1, { len: 1000 });
  for (let i = 0; i < 3; i++) p.send(h, 2000); // the window is full: they wait
  p.none();
  p.in(".", 1, 4001);
  // One ACK of 4000 bytes grows cwnd by one SMSS (RFC 5681 3.1): 5 segments may be in flight.
  assert.equal(p.getopt(h, Opt.CWND), 5000);
  for (let i = 0; i < 5; i++) p.out(".", 4001 + i * 1000, 1, { len: 1000 });
  p.none();
  // Segments 4001 and 6001 are lost; 5001, 7001 and 8001 arrive: three duplicate ACKs for 4001.
  p.in(".", 1, 4001);
  p.out("P.", 9001, 1, { len: 1000 }); // Limited Transmit (RFC 3042): one new segment per early dup ACK
  p.in(".", 1, 4001);
  p.none(); // nothing left to send
  p.in(".", 1, 4001);
  p.out(".", 4001, 1, { len: 1000 }); // fast retransmit (RFC 5681 3.2)
  p.none();
  // ssthresh = FlightSize / 2 = 3000; cwnd = ssthresh + 3 * SMSS = 6000.
  assert.equal(p.getopt(h, Opt.CWND), 6000);
  p.in(".", 1, 6001); // partial ACK (RFC 6582 3.2 step 4): resend the next hole at once
  p.out(".", 6001, 1, { len: 1000 });
  assert.equal(p.getopt(h, Opt.CWND), 5000, "deflated by the 2000 acked, plus one SMSS");
  p.none();
  p.in(".", 1, 10001); // full ACK: recovery ends with cwnd = min(ssthresh, max(FlightSize, SMSS) + SMSS)
  assert.equal(p.getopt(h, Opt.CWND), 2000);
  assert.equal(p.stats().tcp_fast_retransmits, 1);
  assert.equal(p.stats().tcp_rto_timeouts, 0);
});

test("ESTABLISHED_windowShrinksToZeroWithDataInFlight_probesInsteadOfGivingUp", () => {
  const p = new Peer();
  const h = p.passiveOpen();
  p.send(h, "0123456789");
  p.out("P.", 1, 1, { len: 10 });
  p.in(".", 1, 1, { win: 0 }); // RFC 9293 3.8.6.1: the window shrank; we must keep probing
  p.advance(1000);
  p.out(".", 1, 1, { len: 1 }); // persist probe, one byte
  p.in(".", 1, 1, { win: 0 });
  p.advance(1999);
  p.none(); // persist backs off: 2 s
  p.advance(1);
  p.out(".", 1, 1, { len: 1 });
  p.in(".", 1, 1, { win: 1000 });
  p.out("P.", 1, 1, { len: 10 });
  p.none();
  p.advance(30 * 60_000 / 10);
  assert.equal(p.state(h), State.ESTABLISHED);
});

test("FIN_WAIT_2_orphanTimeout_tracedAsTheFinWait2TimerThenRst", () => {
  const p = new Peer();
  finWait2(p, "close");
  p.core.traces.length = 0;
  p.advance(60_000); // Linux tcp_fin_timeout: an orphan does not wait for the peer's FIN for ever
  p.out("R", 2, 0);
  p.none();
  const timers = p.core.traces.filter(([k]) => k === Trace.TIMER).map(([, , which]) => which);
  assert.deepEqual(timers, [Timer.FIN_WAIT_2]);
});

test("TIME_WAIT_2mslExpires_tracedAsTheTimeWaitTimer", () => {
  const p = new Peer();
  const h = timeWait(p);
  p.core.traces.length = 0;
  p.advance(120_000);
  p.none();
  assert.equal(p.state(h), State.CLOSED);
  const timers = p.core.traces.filter(([k]) => k === Trace.TIMER).map(([, , which]) => which);
  assert.deepEqual(timers, [Timer.TIME_WAIT]);
});
