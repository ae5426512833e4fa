// Every transition of the RFC 9293 state diagram (3.3.2, Figure 5), with the exact segments sent.
import test from "node:test";
import assert from "node:assert/strict";
import { Peer, State, Err, Ev } from "./support/peer.js";
import { synSent, synReceived, finWait1, finWait2, closing, timeWait, closeWait, lastAck } from "./support/states.js";

test("CLOSED_listen_LISTEN", () => {
  const p = new Peer();
  const l = p.listen();
  assert.equal(p.state(l), State.LISTEN);
  p.none();
});

test("LISTEN_rcvSyn_SYN_RECEIVED_sendsSynAckWithMss", () => {
  const p = new Peer();
  p.listen();
  assert.equal(p.in("S", 0, 0, { mss: 1000 }), 0);
  p.out("S.", 0, 1, { mss: 1460, win: 4096 });
  p.none();
  assert.equal(p.e.tcp_in_use(), 1);
});

test("LISTEN_close_CLOSED_laterSynGetsRst", () => {
  const p = new Peer();
  const l = p.listen();
  assert.equal(p.close(l), 0);
  assert.equal(p.state(l), Err.BADF);
  p.in("S", 0, 0);
  p.out("R.", 0, 1); // <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>
  p.none();
});

test("CLOSED_connect_SYN_SENT_sendsSyn", () => {
  const p = new Peer();
  const h = p.connect();
  assert.equal(p.state(h), State.SYN_SENT);
  p.out("S", 0, 0, { mss: 1460, win: 4096 });
  p.none();
});

test("SYN_SENT_rcvSynAck_ESTABLISHED_sendsAck", () => {
  const p = new Peer();
  const h = synSent(p);
  p.in("S.", 0, 1, { mss: 1200 });
  p.out(".", 1, 1);
  p.none();
  assert.equal(p.state(h), State.ESTABLISHED);
  assert.equal(p.getopt(h, 10), 1200, "the peer's MSS is honoured");
  assert.ok(p.events(h) & Ev.CONNECTED);
});

test("SYN_SENT_rcvSyn_SYN_RECEIVED_sendsSynAck", () => {
  const p = new Peer();
  const h = synSent(p);
  p.in("S", 0, 0);
  assert.equal(p.state(h), State.SYN_RECEIVED);
  p.out("S.", 0, 1, { mss: 1460 });
  p.none();
});

test("SYN_SENT_close_CLOSED_sendsNothing", () => {
  const p = new Peer();
  const h = synSent(p);
  assert.equal(p.close(h), 0);
  assert.equal(p.e.tcp_in_use(), 0);
  p.advance(10_000);
  p.none();
});

test("SYN_RECEIVED_rcvAck_ESTABLISHED_acceptReturnsIt", () => {
  const p = new Peer();
  const l = synReceived(p);
  assert.equal(p.accept(l), Err.WOULDBLOCK, "not before the handshake completes");
  p.in(".", 1, 1);
  p.none();
  const h = p.accept(l);
  assert.equal(p.state(h), State.ESTABLISHED);
});

test("SYN_RECEIVED_rcvRst_LISTEN_attemptForgotten", () => {
  const p = new Peer();
  const l = synReceived(p);
  p.in("R", 1, 0);
  p.none();
  assert.equal(p.e.tcp_in_use(), 0);
  assert.equal(p.state(l), State.LISTEN);
  p.advance(5_000);
  p.none();
});

test("SYN_RECEIVED_closeWithNothingQueued_FIN_WAIT_1_finAtOnce", () => {
  // Simultaneous open gives the application a handle in SYN-RECEIVED. RFC 9293 3.10.4: with nothing
  // to send, CLOSE forms a FIN at once; it follows our SYN.
  const p = new Peer();
  const h = synSent(p);
  p.in("S", 0, 0);
  p.out("S.", 0, 1);
  assert.equal(p.shutdown(h), 0);
  assert.equal(p.state(h), State.FIN_WAIT_1);
  p.out("F.", 1, 1);
  p.none();
  p.in(".", 1, 2); // acknowledges our SYN and our FIN
  assert.equal(p.state(h), State.FIN_WAIT_2);
  p.none();
});

test("SYN_RECEIVED_rcvSynAckInSimultaneousOpen_ESTABLISHED", () => {
  const p = new Peer();
  const h = synSent(p);
  p.in("S", 0, 0);
  p.out("S.", 0, 1);
  p.in("S.", 0, 1); // RFC 9293 Figure 8, line 6
  assert.equal(p.state(h), State.ESTABLISHED);
  p.none();
});

test("ESTABLISHED_close_FIN_WAIT_1_sendsFin", () => {
  const p = new Peer();
  const h = p.passiveOpen();
  assert.equal(p.close(h), 0);
  p.out("F.", 1, 1);
  p.none();
});

test("ESTABLISHED_rcvFin_CLOSE_WAIT_acksAtOnce", () => {
  const p = new Peer();
  const h = p.passiveOpen();
  p.in("F.", 1, 1);
  p.out(".", 1, 2);
  p.none();
  assert.equal(p.state(h), State.CLOSE_WAIT);
  assert.equal(p.recv(h), 0, "end of stream");
  assert.ok(p.events(h) & Ev.EOF);
});

test("FIN_WAIT_1_rcvAckOfFin_FIN_WAIT_2", () => {
  const p = new Peer();
  const h = finWait1(p);
  p.in(".", 1, 2);
  p.none();
  assert.equal(p.state(h), State.FIN_WAIT_2);
});

test("FIN_WAIT_1_rcvFin_CLOSING_acksIt", () => {
  const p = new Peer();
  const h = finWait1(p);
  p.in("F.", 1, 1); // the peer's FIN crosses ours
  p.out(".", 2, 2);
  p.none();
  assert.equal(p.state(h), State.CLOSING);
});

test("FIN_WAIT_1_rcvFinAndAckOfFin_TIME_WAIT", () => {
  const p = new Peer();
  const h = finWait1(p);
  p.in("F.", 1, 2);
  p.out(".", 2, 2);
  p.none();
  assert.equal(p.state(h), State.TIME_WAIT);
});

test("FIN_WAIT_2_rcvFin_TIME_WAIT_acksIt", () => {
  const p = new Peer();
  const h = finWait2(p);
  p.in("F.", 1, 2);
  p.out(".", 2, 2);
  p.none();
  assert.equal(p.state(h), State.TIME_WAIT);
});

test("CLOSING_rcvAckOfFin_TIME_WAIT", () => {
  const p = new Peer();
  const h = closing(p);
  p.in(".", 2, 2);
  p.none();
  assert.equal(p.state(h), State.TIME_WAIT);
});

test("CLOSE_WAIT_close_LAST_ACK_sendsFin", () => {
  const p = new Peer();
  const h = closeWait(p);
  assert.equal(p.close(h), 0);
  p.out("F.", 1, 2);
  p.none();
});

test("LAST_ACK_rcvAckOfFin_CLOSED_slotFreed", () => {
  const p = new Peer();
  lastAck(p);
  p.in(".", 2, 2);
  p.none();
  assert.equal(p.e.tcp_in_use(), 0);
});

test("TIME_WAIT_2mslExpires_CLOSED", () => {
  const p = new Peer();
  timeWait(p, "close");
  p.advance(59_999);
  assert.equal(p.e.tcp_in_use(), 1, "still waiting just before 2*MSL");
  p.advance(1);
  assert.equal(p.e.tcp_in_use(), 0);
  p.none();
});

test("TIME_WAIT_rcvFinAgain_acksAndRestarts2msl", () => {
  const p = new Peer();
  timeWait(p, "close");
  p.advance(30_000);
  p.in("F.", 1, 2); // our ACK was lost: the peer repeats its FIN
  p.out(".", 2, 2);
  p.advance(59_999);
  assert.equal(p.e.tcp_in_use(), 1, "the 2*MSL wait restarted");
  p.advance(1);
  assert.equal(p.e.tcp_in_use(), 0);
  p.none();
});

test("ESTABLISHED_halfClose_dataKeepsFlowingInCLOSE_WAIT", () => {
  const p = new Peer();
  const h = closeWait(p);
  assert.equal(p.send(h, "late reply"), 10);
  p.out("P.", 1, 2, { data: "late reply" });
  p.in(".", 2, 11);
  p.close(h);
  p.out("F.", 11, 2);
  p.in(".", 2, 12);
  p.none();
  assert.equal(p.e.tcp_in_use(), 0);
});

test("FIN_WAIT_2_peerKeepsSending_dataDeliveredAfterShutdown", () => {
  const p = new Peer();
  const h = finWait2(p);
  p.in("P.", 1, 2, { data: "more" });
  p.advance(200);
  p.out(".", 2, 5); // delayed ACK
  assert.equal(p.recv(h), "more");
  p.none();
});

test("SYN_RECEIVED_rcvAckWithData_ESTABLISHEDandDataReadable", () => {
  const p = new Peer();
  const l = synReceived(p);
  p.in("P.", 1, 1, { data: "GET / HTTP/1.0\r\n\r\n" });
  const h = p.accept(l);
  assert.equal(p.state(h), State.ESTABLISHED);
  assert.equal(p.recv(h), "GET / HTTP/1.0\r\n\r\n");
  p.advance(200);
  p.out(".", 1, 19);
  p.none();
});

test("LISTEN_rcvSynWithData_synAckAcksSynAloneDataAckedOnceEstablished", () => {
  const p = new Peer();
  const l = p.listen();
  p.in("S", 0, 0, { data: "early" });
  p.out("S.", 0, 1); // RFC 9293 3.10.7.2: RCV.NXT = SEG.SEQ+1; the text is queued, not acknowledged
  assert.equal(p.accept(l), Err.WOULDBLOCK, "nothing reaches the application in SYN-RECEIVED");
  p.in(".", 1, 1);
  p.out(".", 1, 6); // ESTABLISHED: the queued text is taken in and acknowledged at once
  const h = p.accept(l);
  assert.equal(p.recv(h), "early");
  p.none();
});

test("SYN_RECEIVED_synAckLost_retransmittedSynGetsSynAckAgain", () => {
  const p = new Peer();
  synReceived(p);
  p.in("S", 0, 0); // the client never saw our SYN-ACK and repeats its SYN
  p.out("S.", 0, 1);
  p.none();
  assert.equal(p.e.tcp_in_use(), 1, "still one half-open connection");
});

test("SYN_SENT_rcvSynAckWithDataAndFin_textAtIrsPlusOneThenCLOSE_WAIT", () => {
  const p = new Peer();
  const h = synSent(p);
  p.in("SF.", 0, 1, { data: "hello" }); // RFC 9293 3.10.7.3: text and FIN continue at the sixth step
  p.out(".", 1, 7);
  assert.equal(p.state(h), State.CLOSE_WAIT);
  assert.equal(p.recv(h), "hello");
  assert.equal(p.recv(h), 0);
  p.none();
});
