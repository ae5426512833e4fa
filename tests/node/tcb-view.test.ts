// The read-only options a teaching view shows: the TCB's sequence variables (RFC 9293 3.3.1), windows,
// ssthresh, and the running timers with their deadlines, each checked against the segments exchanged.
import test from "node:test";
import assert from "node:assert/strict";
import { Peer, PEER_ISN, Opt } from "./support/peer.js";
import { Timer } from "../../host/abi.js";

const u32 = (p: Peer, h: number, o: number) => p.getopt(h, o) >>> 0;

test("ESTABLISHED_dataSentUnacked_sequenceVariablesAndRexmtDeadlineAsSent", () => {
  const p = new Peer();
  const h = p.activeOpen({ win: 30000 });
  const iss = p.stackIsn!;
  p.send(h, 100);
  p.out("P.", 1, 1, { len: 100, win: 4096 });
  p.none();
  assert.equal(u32(p, h, Opt.ISS), iss);
  assert.equal(u32(p, h, Opt.IRS), PEER_ISN);
  assert.equal(u32(p, h, Opt.SND_UNA), (iss + 1) >>> 0, "the 100 bytes are unacknowledged");
  assert.equal(u32(p, h, Opt.SND_NXT), (iss + 101) >>> 0);
  assert.equal(p.getopt(h, Opt.SND_WND), 30000, "the peer's window from its SYN-ACK");
  assert.equal(u32(p, h, Opt.RCV_NXT), PEER_ISN + 1);
  assert.equal(p.getopt(h, Opt.RCV_WND), 4096, "the window last advertised");
  assert.equal(p.getopt(h, Opt.TIMERS), 1 << Timer.REXMT, "only the retransmission timer runs");
  assert.equal(p.getopt(h, Opt.REXMT_AT), p.now + 1000, "RFC 6298 2.1: the first RTO is 1 s");
});

test("ESTABLISHED_dataAcked_snaAdvancesAndRexmtStops", () => {
  const p = new Peer();
  const h = p.activeOpen();
  const iss = p.stackIsn!;
  p.send(h, 100);
  p.out("P.", 1, 1, { len: 100 });
  p.advance(10);
  p.in(".", 1, 101, { win: 20000 });
  p.none();
  assert.equal(u32(p, h, Opt.SND_UNA), (iss + 101) >>> 0);
  assert.equal(u32(p, h, Opt.SND_NXT), (iss + 101) >>> 0);
  assert.equal(p.getopt(h, Opt.SND_WND), 20000, "the window of the latest acceptable ACK (RFC 9293 3.10.7.4)");
  assert.equal(p.getopt(h, Opt.TIMERS), 0);
});

test("ESTABLISHED_rexmtTimeout_ssthreshHalvedToTwoSegments", () => {
  const p = new Peer();
  const h = p.activeOpen();
  p.send(h, 100);
  p.out("P.", 1, 1, { len: 100 });
  p.advance(1000);
  p.out("P.", 1, 1, { len: 100 });
  p.none();
  assert.equal(p.getopt(h, Opt.SSTHRESH), 2 * 1460, "RFC 5681 eq. (4): max(FlightSize / 2, 2*SMSS)");
  assert.equal(p.getopt(h, Opt.REXMT_AT), p.now + 2000, "RFC 6298 5.5: the RTO doubled");
});

test("TIME_WAIT_enteredAfterShutdown_msl2DeadlineTwoMslAway", () => {
  const p = new Peer();
  const h = p.activeOpen();
  p.shutdown(h); // unlike close(), keeps the handle, so the TCB stays readable
  p.out("F.", 1, 1);
  p.in("F.", 1, 2);
  p.out(".", 2, 2);
  p.none();
  assert.equal(p.getopt(h, Opt.TIMERS), 1 << Timer.TIME_WAIT, "only the 2MSL timer runs");
  assert.equal(p.getopt(h, Opt.MSL2_AT), p.now + 60000, "RFC 9293 3.10.7.4: TIME_WAIT lasts 2*MSL");
});
