// RST generation (RFC 9293 3.10.7.1, 3.10.5) and validation (RFC 5961), challenge ACKs, RFC 1337.
import test from "node:test";
import assert from "node:assert/strict";
import { Peer, State, Err, Opt } from "./support/peer.js";
import { synSent, synReceived, finWait2, timeWait } from "./support/states.js";

test("CLOSED_rcvSynToClosedPort_rstAckCoversSyn", () => {
  const p = new Peer();
  p.in("S", 0, 0, { dport: 9 });
  p.out("R.", 0, 1);
  p.none();
  assert.equal(p.stats().drop_tcp_no_socket, 1);
});

test("CLOSED_rcvAckToClosedPort_rstWithSeqFromAck", () => {
  const p = new Peer();
  p.stackIsn = 5000;
  p.in(".", 10, 77, { dport: 9 });
  p.out("R", 77, 0);
  p.none();
});

test("CLOSED_rcvDataWithoutAck_rstAckCoversData", () => {
  const p = new Peer();
  p.in("P", 0, 0, { dport: 9, data: 5 });
  p.out("R.", 0, 5);
  p.none();
});

test("CLOSED_rcvRst_ignored", () => {
  const p = new Peer();
  p.in("R", 0, 0, { dport: 9 });
  p.none();
});

test("LISTEN_rcvAck_rstWithSeqFromAck", () => {
  const p = new Peer();
  p.listen();
  p.stackIsn = 0;
  p.in(".", 0, 1234);
  p.out("R", 1234, 0);
  p.none();
});

test("LISTEN_rcvRst_ignored", () => {
  const p = new Peer();
  p.listen();
  p.in("R", 0, 0);
  p.none();
});

test("LISTEN_rcvSynFin_dropped", () => {
  const p = new Peer();
  p.listen();
  p.in("SF", 0, 0);
  p.none();
  assert.equal(p.e.tcp_in_use(), 0);
});

test("SYN_SENT_rcvRstAcceptableAck_CLOSEDwithConnRefused", () => {
  const p = new Peer();
  const h = synSent(p);
  p.in("R.", 0, 1);
  p.none();
  assert.equal(p.state(h), State.CLOSED);
  assert.equal(p.getopt(h, Opt.SO_ERROR), Err.CONNREFUSED);
});

test("SYN_SENT_rcvRstWithoutAck_ignored", () => {
  const p = new Peer();
  const h = synSent(p);
  p.in("R", 0, 0);
  p.none();
  assert.equal(p.state(h), State.SYN_SENT);
});

test("SYN_SENT_rcvBadAck_rstAndStillSynSent", () => {
  const p = new Peer();
  const h = synSent(p);
  p.in("S.", 0, 5);
  p.out("R", 5, 0); // <SEQ=SEG.ACK><CTL=RST>
  p.none();
  assert.equal(p.state(h), State.SYN_SENT);
});

test("SYN_RECEIVED_rcvBadAck_rst", () => {
  const p = new Peer();
  synReceived(p);
  p.in(".", 1, 9);
  p.out("R", 9, 0);
  p.none();
});

test("ESTABLISHED_rcvRstAtRcvNxt_CLOSEDwithConnReset", () => {
  const p = new Peer();
  const h = p.passiveOpen();
  p.in("R", 1, 0);
  p.none();
  assert.equal(p.state(h), State.CLOSED);
  assert.equal(p.recv(h), Err.CONNRESET);
  assert.equal(p.send(h, "x"), Err.CONNRESET);
});

test("ESTABLISHED_rcvRstInWindowNotAtRcvNxt_challengeAck", () => {
  const p = new Peer();
  const h = p.passiveOpen();
  p.in("R", 100, 0);
  p.out(".", 1, 1); // RFC 5961 3.2: <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>
  p.none();
  assert.equal(p.state(h), State.ESTABLISHED);
  assert.equal(p.stats().tcp_challenge_acks, 1);
});

test("ESTABLISHED_rcvRstOutsideWindow_droppedSilently", () => {
  const p = new Peer();
  const h = p.passiveOpen();
  p.in("R", 100000, 0);
  p.none();
  assert.equal(p.state(h), State.ESTABLISHED);
});

test("ESTABLISHED_rcvSyn_challengeAckAndStillEstablished", () => {
  const p = new Peer();
  const h = p.passiveOpen();
  p.in("S", 0, 0); // RFC 5961 4.2: whatever its sequence number
  p.out(".", 1, 1);
  p.none();
  assert.equal(p.state(h), State.ESTABLISHED);
});

test("ESTABLISHED_rcvAckOfUnsentData_challengeAckAndDropped", () => {
  const p = new Peer();
  const h = p.passiveOpen();
  p.in("P.", 1, 500, { data: "zz" });
  p.out(".", 1, 1); // RFC 5961 5.2
  p.none();
  assert.equal(p.recv(h), Err.WOULDBLOCK, "the segment's data is dropped with it");
});

test("ESTABLISHED_manyInvalidRsts_challengeAcksRateLimited", () => {
  const p = new Peer();
  p.passiveOpen();
  for (let i = 0; i < 15; i++) p.in("R", 100 + i, 0);
  for (let i = 0; i < 10; i++) p.out(".", 1, 1);
  p.none();
  assert.equal(p.stats().tcp_challenge_acks_limited, 5);
  p.advance(1000);
  p.in("R", 200, 0);
  p.out(".", 1, 1);
  p.none();
});

test("ESTABLISHED_rcvOutOfWindowData_ackAndDrop", () => {
  const p = new Peer();
  const h = p.passiveOpen();
  p.in("P.", 70000, 1, { data: "far" });
  p.out(".", 1, 1);
  p.none();
  assert.equal(p.recv(h), Err.WOULDBLOCK);
});

test("ESTABLISHED_abort_sendsRstAtSndNxt", () => {
  const p = new Peer();
  const h = p.passiveOpen();
  p.send(h, "abc");
  p.out("P.", 1, 1, { data: "abc" });
  assert.equal(p.abort(h), 0);
  p.out("R", 4, 0);
  p.none();
  assert.equal(p.e.tcp_in_use(), 0);
});

test("ESTABLISHED_closeWithUnreadData_resetsInsteadOfFin", () => {
  const p = new Peer();
  const h = p.passiveOpen();
  p.in("P.", 1, 1, { data: "unread" });
  assert.equal(p.close(h), 0);
  p.out("R", 1, 0);
  p.none();
});

test("ESTABLISHED_closeWithLingerZero_sendsRst", () => {
  const p = new Peer();
  const h = p.passiveOpen();
  p.setopt(h, Opt.LINGER_ZERO, 1);
  p.close(h);
  p.out("R", 1, 0);
  p.none();
});

test("FIN_WAIT_2_dataAfterClose_rst", () => {
  const p = new Peer();
  finWait2(p, "close");
  p.in("P.", 1, 2, { data: "nobody reads this" });
  p.out("R", 2, 0);
  p.none();
  assert.equal(p.e.tcp_in_use(), 0);
});

test("TIME_WAIT_rcvRst_ignoredPerRfc1337", () => {
  const p = new Peer();
  timeWait(p, "close");
  p.in("R", 2, 0);
  p.none();
  assert.equal(p.e.tcp_in_use(), 1, "still in TIME-WAIT");
});

test("TIME_WAIT_rcvNewSynAboveRcvNxt_reopens", () => {
  const p = new Peer();
  timeWait(p, "close");
  p.stackIsn = null;
  p.in("S", 1000, 0);
  const synack = p.out("S.", 0, 1001, { mss: 1460 });
  assert.ok(synack);
  p.none();
});

test("SYN_RECEIVED_synAckRetriesExhausted_halfOpenDropped", () => {
  const p = new Peer();
  synReceived(p);
  for (const wait of [1000, 2000, 4000, 8000, 16000]) {
    p.advance(wait - 1);
    p.none();
    p.advance(1);
    p.out("S.", 0, 1);
  }
  p.advance(32000);
  p.none();
  assert.equal(p.e.tcp_in_use(), 0);
});
