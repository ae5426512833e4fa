// SYN cookies (RFC 4987 3.6) and the half-open limits around them, segment by segment.
import test from "node:test";
import assert from "node:assert/strict";
import { Peer, State, Err } from "./support/peer.js";

const WSCALE_SACK = [2, 4, 0x05, 0xb4, 1, 3, 3, 7, 1, 1, 4, 2]; // mss 1460, wscale 7, sackOK
const mssOpt = (m: number) => [2, 4, m >> 8, m & 255];

/** A listener whose two half-open slots (TCP_HALF_OPEN_MAX) are taken by SYNs from ports 1001 and 1002. */
function halfOpenFull(p: Peer, backlog = 4): number {
  const l = p.listen(p.dport, backlog);
  for (const sport of [1001, 1002]) {
    p.stackIsn = null;
    p.in("S", 0, 0, { sport, mss: 1460 });
    p.out("S.", 0, 1, { mss: 1460 });
  }
  p.none();
  return l;
}

/** The peer's SYN from PEER_PORT, answered with a cookie: the stack's ISN is learned from it. */
function cookieSynAck(p: Peer, options = mssOpt(1460)) {
  p.stackIsn = null;
  p.in("S", 0, 0, { options });
  const d = p.out("S.", 0, 1, { mss: 1460, win: 4096 });
  p.none();
  return d;
}

test("LISTEN_halfOpenQueueFull_synAnsweredWithCookieKeepingNoState", () => {
  const p = new Peer();
  halfOpenFull(p);
  const d = cookieSynAck(p, WSCALE_SACK);
  // No window scale, no SACK-permitted: without timestamps the cookie cannot remember them.
  assert.equal(d.wscale, undefined);
  assert.equal(d.sackOk, false);
  assert.deepEqual(d.optionKinds, [2]);
  assert.equal(p.e.tcp_in_use(), 2);
  assert.equal(p.stats().tcp_syncookies_sent, 1);
  assert.equal(p.stats().drop_tcp_half_open_full, 0);
});

test("LISTEN_cookieAckWithData_establishedAcceptedAndReadable", () => {
  const p = new Peer();
  const l = halfOpenFull(p);
  cookieSynAck(p);
  p.in(".", 1, 1, { data: "hello", win: 8192 });
  p.none(); // the data is acknowledged after the delayed-ACK time
  const h = p.accept(l);
  assert.ok(h >= 0);
  assert.equal(p.state(h), State.ESTABLISHED);
  assert.equal(p.recv(h), "hello");
  p.advance(200);
  p.out(".", 1, 6);
  p.none();
  assert.equal(p.getopt(h, 10 /* MSS */), 1460);
  const s = p.stats();
  assert.equal(s.tcp_syncookies_validated, 1);
  assert.equal(s.tcp_syncookies_no_options, 1);
  assert.equal(s.tcp_syncookies_failed, 0);
  // The rebuilt connection sends with the peer's window unscaled.
  assert.equal(p.send(h, 100), 100);
  p.out("P.", 1, 6, { len: 100 });
  p.none();
});

/** TSopt bytes: NOP, NOP, kind 8, length 10, TSval, TSecr. */
const tsOpt = (val: number, ecr: number) => [1, 1, 8, 10, val >>> 24, (val >>> 16) & 255, (val >>> 8) & 255, val & 255, ecr >>> 24, (ecr >>> 16) & 255, (ecr >>> 8) & 255, ecr & 255];
const tsOf = (d: { options?: { kind: string }[] }) => d.options!.find((o) => o.kind === "TS") as { kind: "TS"; val: number; ecr: number } | undefined;

test("LISTEN_cookieForSynWithTimestamps_synAckOffersWscaleSackAndTsvalRemembersThem", () => {
  const p = new Peer();
  halfOpenFull(p);
  const d = cookieSynAck(p, [...WSCALE_SACK, ...tsOpt(100, 0)]);
  assert.deepEqual(d.optionKinds, [2, 1, 3, 1, 1, 4, 1, 1, 8], "MSS, window scale, SACK-permitted, timestamps");
  assert.equal(d.wscale, 0);
  const ts = tsOf(d)!;
  assert.equal(ts.ecr, 100, "the SYN's TSval echoed");
  assert.equal(ts.val & 63, 7 | 16, "the low bits of TSval: window shift 7 and SACK-permitted");
});

test("LISTEN_cookieAckEchoingTsval_connectionRebuiltWithWscaleSackAndTimestamps", () => {
  const p = new Peer();
  const l = halfOpenFull(p);
  const d = cookieSynAck(p, [...WSCALE_SACK, ...tsOpt(100, 0)]);
  p.in(".", 1, 1, { win: 8, options: tsOpt(200, tsOf(d)!.val) });
  const h = p.accept(l);
  assert.equal(p.state(h), State.ESTABLISHED);
  assert.equal(p.stats().tcp_syncookies_no_options, 0);
  assert.equal(p.getopt(h, 10 /* MSS */), 1448, "1460 less the 12 bytes of timestamps");
  // The peer's window of 8 is scaled by 7: 1024 bytes; each segment carries TSopt echoing TS.Recent.
  assert.equal(p.send(h, 2000), 2000);
  const s1 = p.out(".", 1, 1, { len: 1024 });
  assert.equal(tsOf(s1)!.ecr, 200, "TS.Recent from the cookie ACK");
  p.none();
  p.in(".", 1, 1025, { win: 8, options: tsOpt(300, tsOf(s1)!.val) });
  p.out("P.", 1025, 1, { len: 976 });
  p.none();
  // SACK-permitted came back too: out-of-order data is reported in SACK blocks.
  p.in(".", 101, 2001, { win: 8, data: 100, options: tsOpt(400, tsOf(s1)!.val) });
  const a = p.out(".", 2001, 1);
  assert.deepEqual(a.sack!.map(([x, y]) => [x - p.peerIsn, y - p.peerIsn]), [[101, 201]]);
  p.none();
});

test("LISTEN_cookieAckWithoutTimestamps_noOptionsCounted", () => {
  const p = new Peer();
  const l = halfOpenFull(p);
  cookieSynAck(p, [...WSCALE_SACK, ...tsOpt(100, 0)]);
  p.in(".", 1, 1, { win: 8192 });
  const h = p.accept(l);
  assert.equal(p.state(h), State.ESTABLISHED);
  assert.equal(p.stats().tcp_syncookies_no_options, 1);
  assert.equal(p.getopt(h, 10 /* MSS */), 1460);
});

test("LISTEN_cookieFromSynWithMss1400_connectionUsesTableMss1300", () => {
  const p = new Peer();
  const l = halfOpenFull(p);
  cookieSynAck(p, mssOpt(1400));
  p.in(".", 1, 1);
  const h = p.accept(l);
  assert.equal(p.getopt(h, 10 /* MSS */), 1300);
  p.none();
});

test("LISTEN_ackWithWrongCookie_resetAndCountedFailed", () => {
  const p = new Peer();
  const l = halfOpenFull(p);
  cookieSynAck(p);
  p.in(".", 1, 2); // SEG.ACK one above the cookie + 1
  p.out("R", 2, 0);
  p.none();
  assert.equal(p.accept(l), Err.WOULDBLOCK);
  assert.equal(p.stats().tcp_syncookies_failed, 1);
  assert.equal(p.e.tcp_in_use(), 2);
});

test("LISTEN_cookieAckInNextTimeWindow_accepted", () => {
  const p = new Peer();
  const l = halfOpenFull(p);
  cookieSynAck(p);
  p.now += 65_536; // the counter has advanced once: the previous window is still good
  p.in(".", 1, 1);
  assert.ok(p.accept(l) >= 0);
});

test("LISTEN_cookieAckTwoTimeWindowsLater_reset", () => {
  const p = new Peer();
  const l = halfOpenFull(p);
  cookieSynAck(p);
  p.advance(2 * 65_536);
  p.core.sent.length = 0; // the half-open SYN-ACK retransmissions are not this test's business
  p.in(".", 1, 1);
  p.out("R", 1, 0);
  p.none();
  assert.equal(p.accept(l), Err.WOULDBLOCK);
});

test("LISTEN_cookieAckWithAcceptQueueFull_droppedSilently", () => {
  const p = new Peer();
  const l = halfOpenFull(p, 1);
  cookieSynAck(p);
  const cookieIsn = p.stackIsn;
  // One half-open connection completes and fills the accept queue of 1.
  p.stackIsn = null;
  p.in("S", 0, 0, { sport: 1001, mss: 1460 }); // its SYN again: the SYN-ACK is resent, ISN learned
  p.out("S.", 0, 1);
  p.in(".", 1, 1, { sport: 1001 });
  p.none();
  p.stackIsn = cookieIsn;
  p.in(".", 1, 1);
  p.none();
  assert.equal(p.stats().drop_tcp_backlog_full, 1);
  assert.ok(p.accept(l) >= 0);
  assert.equal(p.accept(l), Err.WOULDBLOCK);
});

test("LISTEN_ackWithoutRecentCookies_resetWithoutCookieCheck", () => {
  const p = new Peer();
  p.listen();
  p.in(".", 1, 1);
  p.out("R", 1, 0);
  p.none();
  assert.equal(p.stats().tcp_syncookies_failed, 0);
});

// ---- cookies off: RFC 4987 3.4, the oldest half-open entry gives way ----

test("LISTEN_halfOpenQueueFullCookiesOff_oldestEntryEvicted", () => {
  const p = new Peer({ build: "wasmtcp-nocookies.wasm" });
  halfOpenFull(p);
  p.advance(10);
  p.stackIsn = null;
  p.in("S", 0, 0, { mss: 1460, options: WSCALE_SACK });
  const d = p.out("S.", 0, 1, { mss: 1460 });
  assert.equal(d.wscale, 0); // a kept connection keeps its options
  p.none();
  assert.equal(p.stats().tcp_half_open_evicted, 1);
  assert.equal(p.e.tcp_in_use(), 2);
  // The evicted entry (port 1001, the oldest) is gone: its ACK finds only the listener.
  p.in(".", 1, 1, { sport: 1001 });
  p.out("R", 1, 0);
  p.none();
});

// ---- the half-open share of the table (large build: 64 slots) ----

test("LISTEN_floodOnOnePortLargeBuild_halfOpenCappedConnectStillWorks", () => {
  const p = new Peer({ build: "wasmtcp-large.wasm" });
  p.listen(p.dport, 64);
  for (let i = 0; i < 200; i++) p.in("S", i * 1000, 0, { sport: 2000 + i, mss: 1460 });
  p.core.sent.length = 0;
  assert.equal(p.e.tcp_in_use(), 32); // TCP_HALF_OPEN_TOTAL: half the table
  assert.equal(p.stats().tcp_syncookies_sent, 168);
  const h = p.connect(50000, 5555);
  assert.ok(h >= 0, `connect: ${h}`);
  p.out("S", 0, 0);
  p.none();
});
