// RACK-TLP (RFC 8985) beside timestamps: a retransmission the peer's echo shows was not needed widens the
// reordering window and undoes the window reduction (RFC 3522, RFC 4015); a needed one does not.
import test from "node:test";
import assert from "node:assert/strict";
import { Peer, Opt } from "./support/peer.js";
import { acceptedNoDelay } from "./support/accepted.js";

const SYN_OPTS = [2, 4, 0x03, 0xe8, 1, 1, 4, 2]; // mss 1000, sackOK
const u32 = (x: number) => [(x >>> 24) & 255, (x >>> 16) & 255, (x >>> 8) & 255, x & 255];
const ts = (val: number, ecr: number) => [1, 1, 8, 10, ...u32(val), ...u32(ecr)];
const tsOf = (d: { options?: { kind: string }[] }) => (d.options!.find((o) => o.kind === "TS") as unknown as { val: number }).val;

/** Three segments in flight; the peer SACKs the second, so RACK resends the first after its reordering
 *  window. Returns the TSvals of the original first segment and of its retransmission. */
function resentAfterReorderingWindow(p: Peer): { h: number; original: number; resent: number; cwndBefore: number } {
  const l = p.listen();
  p.in("S", 0, 0, { options: [...SYN_OPTS, ...ts(1000, 0)] });
  const sa = p.out("S.", 0, 1);
  p.advance(100);
  p.in(".", 1, 1, { options: ts(1100, tsOf(sa)) });
  const h = p.accept(l);
  p.setopt(h, Opt.NODELAY, 1);
  assert.equal(p.send(h, 1976), 1976);
  assert.equal(p.send(h, 988), 988);
  const s1 = p.out(".", 1, 1, { len: 988 });
  p.out("P.", 989, 1, { len: 988 });
  p.out("P.", 1977, 1, { len: 988 });
  p.none();
  const cwndBefore = p.getopt(h, Opt.CWND);
  p.advance(100);
  const isn = p.stackIsn!;
  p.in(".", 1, 1, { options: [...ts(1200, tsOf(s1)), 1, 1, 5, 10, ...u32(isn + 989), ...u32(isn + 1977)] });
  p.none();
  p.advance(25); // a quarter of the 100 ms minimum RTT
  const r = p.out(".", 1, 1, { len: 988 });
  p.none();
  assert.ok(p.getopt(h, Opt.CWND) < cwndBefore, "recovery halved the window");
  return { h, original: tsOf(s1), resent: tsOf(r), cwndBefore };
}

test("ESTABLISHED_ackEchoesOriginalNotRetransmission_spuriousCountedWindowRestoredReorderingWindowWidened", () => {
  const p = new Peer();
  const { h, original, cwndBefore } = resentAfterReorderingWindow(p);
  assert.equal(p.getopt(h, Opt.REORDER_WINDOW), 0, "in recovery, before any reordering was seen");
  p.advance(10);
  p.in(".", 1, 2965, { options: ts(1300, original) }); // the original arrived: its TSval is echoed
  p.none();
  assert.equal(p.getopt(h, Opt.SPURIOUS_RETRANSMITS), 1);
  assert.equal(p.getopt(h, Opt.UNDOS), 1);
  assert.equal(p.getopt(h, Opt.CWND), cwndBefore, "RFC 4015: the reduction is undone");
  assert.equal(p.getopt(h, Opt.SRTT), 104);
  assert.equal(p.getopt(h, Opt.REORDER_WINDOW), 52, "two quarters of SRTT (RFC 8985 6.2 step 4 takes the minimum RTT's: rack.ts says why not)");
  assert.equal(p.stats().tcp_undos, 1);
});

test("ESTABLISHED_ackEchoesRetransmission_noUndo", () => {
  const p = new Peer();
  const { h, resent, cwndBefore } = resentAfterReorderingWindow(p);
  p.advance(100);
  p.in(".", 1, 2965, { options: ts(1300, resent) }); // the retransmission repaired a real loss
  p.none();
  assert.equal(p.getopt(h, Opt.SPURIOUS_RETRANSMITS), 0);
  assert.equal(p.getopt(h, Opt.UNDOS), 0);
  assert.ok(p.getopt(h, Opt.CWND) < cwndBefore);
});

/** As resentAfterReorderingWindow, without timestamps: only a D-SACK can show the retransmission spurious. */
function resentWithoutTimestamps(p: Peer): { h: number; cwndBefore: number; ssthreshBefore: number } {
  const h = acceptedNoDelay(p, SYN_OPTS);
  assert.equal(p.send(h, 2000), 2000);
  assert.equal(p.send(h, 1000), 1000);
  p.out(".", 1, 1, { len: 1000 });
  p.out("P.", 1001, 1, { len: 1000 });
  p.out("P.", 2001, 1, { len: 1000 });
  p.none();
  const cwndBefore = p.getopt(h, Opt.CWND), ssthreshBefore = p.getopt(h, Opt.SSTHRESH);
  p.advance(100);
  const isn = p.stackIsn!;
  p.in(".", 1, 1, { options: [1, 1, 5, 10, ...u32(isn + 1001), ...u32(isn + 2001)] });
  p.none();
  assert.equal(p.getopt(h, Opt.REORDERING), 0);
  p.advance(25);
  p.out(".", 1, 1, { len: 1000 });
  p.none();
  assert.ok(p.getopt(h, Opt.CWND) < cwndBefore, "recovery reduced the window");
  return { h, cwndBefore, ssthreshBefore };
}

test("ESTABLISHED_dsackOfTheOnlyRetransmissionWithoutTimestamps_spuriousCountedWindowRestored", () => {
  const p = new Peer();
  const { h, cwndBefore, ssthreshBefore } = resentWithoutTimestamps(p);
  p.advance(10);
  p.in(".", 1, 3001); // the original arrived, then the ACK of everything
  p.none();
  assert.equal(p.getopt(h, Opt.UNDOS), 0, "no echo says which transmission arrived");
  assert.equal(p.getopt(h, Opt.REORDERING), 0, "a segment resent says nothing of reordering by itself");
  const isn = p.stackIsn!;
  p.in(".", 1, 3001, { options: [1, 1, 5, 10, ...u32(isn + 1), ...u32(isn + 1001)] }); // D-SACK: it came twice
  p.none();
  assert.equal(p.getopt(h, Opt.SPURIOUS_RETRANSMITS), 1);
  assert.equal(p.getopt(h, Opt.UNDOS), 1, "RFC 3708: every retransmission of the recovery was D-SACKed");
  assert.equal(p.getopt(h, Opt.CWND), cwndBefore);
  assert.equal(p.getopt(h, Opt.SSTHRESH), ssthreshBefore);
  assert.equal(p.getopt(h, Opt.REORDER_WINDOW), 50, "RFC 8985 6.2 step 4: reo_wnd_mult grew by one with the D-SACK (two quarters of SRTT)");
  assert.equal(p.getopt(h, Opt.REORDERING), 2, "(RACK.fack - its start) / SMSS, as Linux counts it");
  assert.equal(p.stats().tcp_dsacks_received, 1);
});

test("ESTABLISHED_dsackOfDataNeverRetransmitted_windowWidenedNoUndo", () => {
  const p = new Peer();
  const { h, cwndBefore } = resentWithoutTimestamps(p);
  p.advance(10);
  p.in(".", 1, 3001);
  const isn = p.stackIsn!;
  p.in(".", 1, 3001, { options: [1, 1, 5, 10, ...u32(isn + 2001), ...u32(isn + 3001)] }); // a duplicate the network made
  p.none();
  assert.equal(p.getopt(h, Opt.SPURIOUS_RETRANSMITS), 0);
  assert.equal(p.getopt(h, Opt.UNDOS), 0);
  assert.ok(p.getopt(h, Opt.CWND) < cwndBefore);
  assert.equal(p.getopt(h, Opt.REORDER_WINDOW), 50, "a D-SACK widens the window whatever it reports");
});

test("ESTABLISHED_sixteenRecoveriesWithoutDsack_widenedReorderingWindowDecays", () => {
  const p = new Peer();
  const { h } = resentWithoutTimestamps(p);
  p.advance(10);
  p.in(".", 1, 3001);
  const isn = p.stackIsn!;
  p.in(".", 1, 3001, { options: [1, 1, 5, 10, ...u32(isn + 1), ...u32(isn + 1001)] });
  p.none();
  let seq = 3001;
  for (let i = 0; i < 16; i++) {
    assert.equal(p.getopt(h, Opt.REORDER_WINDOW), 50, `still widened after ${i} recoveries (RACK.reo_wnd_persist)`);
    assert.equal(p.send(h, 2000), 2000);
    p.out(".", seq, 1, { len: 1000 });
    p.out("P.", seq + 1000, 1, { len: 1000 });
    p.none();
    p.advance(100);
    p.in(".", 1, seq, { options: [1, 1, 5, 10, ...u32(isn + seq + 1000), ...u32(isn + seq + 2000)] });
    p.none();
    p.advance(50); // SRTT and the widened window after it was sent: lost
    p.out(".", seq, 1, { len: 1000 });
    p.none();
    p.advance(100);
    p.in(".", 1, seq + 2000); // the recovery ends
    p.none();
    seq += 2000;
  }
  assert.equal(p.getopt(h, Opt.REORDER_WINDOW), 25, "RFC 8985 6.2 step 4: after 16 recoveries without a D-SACK, one quarter again");
});

// ---- proportional rate reduction (RFC 6937) ----

const SYN_MSS500 = [2, 4, 0x01, 0xf4, 1, 1, 4, 2]; // mss 500, sackOK

/** The mps2 build (32 KiB to send, NewReno's halving), no timestamps: eight 500-byte segments in flight
 *  from relative sequence 2001 (the congestion window grown to 4000 by acknowledging the first four),
 *  4000 more bytes waiting. */
function eightInFlight(p: Peer): number {
  const h = acceptedNoDelay(p, SYN_MSS500);
  assert.equal(p.send(h, 2000), 2000);
  for (const s of [1, 501, 1001, 1501]) p.out(s === 1501 ? "P." : ".", s, 1, { len: 500 });
  p.none();
  for (let i = 0; i < 4; i++) assert.equal(p.send(h, 2000), 2000); // one I/O buffer at a time; the window is full
  p.none();
  p.advance(100);
  for (const a of [501, 1001, 1501, 2001]) p.in(".", 1, a);
  assert.equal(p.getopt(h, Opt.CWND), 4000);
  for (let s = 2001; s < 6001; s += 500) p.out(".", s, 1, { len: 500 });
  p.none();
  return h;
}

const sackFrom = (p: Peer, s: number, e: number) => ({ options: [1, 1, 5, 10, ...u32(p.stackIsn! + s), ...u32(p.stackIsn! + e)] });

test("ESTABLISHED_fiveLossesFoundAtOnce_prrSsrbResendsOneSegmentBeyondWhatWasDeliveredPerAck", () => {
  const p = new Peer({ build: "wasmtcp-mps2.wasm" });
  const h = eightInFlight(p);
  p.advance(100);
  p.in(".", 1, 2001, sackFrom(p, 4501, 5001)); // the first five are lost
  p.out(".", 6001, 1, { len: 500 }); // Limited Transmit (RFC 3042) on the first two duplicate ACKs
  p.none();
  p.in(".", 1, 2001, sackFrom(p, 4501, 5501));
  p.out(".", 6501, 1, { len: 500 });
  p.none();
  p.in(".", 1, 2001, sackFrom(p, 4501, 6001)); // three SACKed: no reordering window (RFC 8985 6.2 step 4)
  // ssthresh 2500 (half of 5000 in flight); pipe 1000 is below it: PRR-SSRB lets out what this ACK
  // delivered (500) and one segment more, not the 1500 that would take pipe to ssthresh at once.
  p.out(".", 2001, 1, { len: 500 });
  p.out(".", 2501, 1, { len: 500 });
  p.none();
  assert.equal(p.getopt(h, Opt.SSTHRESH), 2500);
  assert.equal(p.getopt(h, Opt.CWND), 2000, "RFC 6937: cwnd = pipe + sndcnt");
  p.in(".", 1, 2001, sackFrom(p, 4501, 6501));
  p.out(".", 3001, 1, { len: 500 });
  p.out(".", 3501, 1, { len: 500 });
  p.none();
  p.in(".", 1, 2001, sackFrom(p, 4501, 7001)); // pipe 2000: half a segment to ssthresh... and one is due
  p.out(".", 4001, 1, { len: 500 });
  p.none();
  p.advance(100);
  p.in(".", 1, 7001); // all five repaired: recovery ends (RFC 6582 3.2 step 3's deflation)
  assert.equal(p.getopt(h, Opt.CWND), 1000);
  p.out(".", 7001, 1, { len: 500 });
  p.out(".", 7501, 1, { len: 500 });
  p.none();
});

test("ESTABLISHED_oneLossFoundByTheReorderingTimer_prrSendsNothingWhilePipeExceedsSsthresh", () => {
  const p = new Peer({ build: "wasmtcp-mps2.wasm" });
  const h = eightInFlight(p);
  p.advance(100);
  p.in(".", 1, 2001, sackFrom(p, 2501, 3001));
  p.out(".", 6001, 1, { len: 500 }); // Limited Transmit
  p.none();
  p.advance(25); // a quarter of the minimum RTT: the first is lost; pipe 3500 exceeds ssthresh 2250
  p.out(".", 2001, 1, { len: 500 }); // the fast retransmission, whatever PRR allows
  p.none();
  // sndcnt = ceil(prr_delivered * ssthresh / RecoverFS) - prr_out stays below a segment while pipe
  // exceeds ssthresh; below it, what was delivered goes out again, up to ssthresh.
  for (const e of [3501, 4001, 4501, 5001]) { p.in(".", 1, 2001, sackFrom(p, 2501, e)); p.none(); }
  assert.equal(p.getopt(h, Opt.CWND), 2250);
  p.in(".", 1, 2001, sackFrom(p, 2501, 5501));
  p.out(".", 6501, 1, { len: 500 });
  p.none();
  p.in(".", 1, 2001, sackFrom(p, 2501, 6001));
  p.out(".", 7001, 1, { len: 500 });
  p.none();
});
