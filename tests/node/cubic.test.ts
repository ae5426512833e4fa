// The large build's congestion control, CUBIC (RFC 9438), through its segments: an initial window of ten
// (RFC 6928), beta 0.7 on a loss RACK finds, the reduction undone when a D-SACK shows it spurious, and no
// growth while the application, not the window, limits what is sent. tests/as/cubic.spec.ts checks the curve.
import test from "node:test";
import assert from "node:assert/strict";
import { Peer, Opt } from "./support/peer.js";
import { acceptedNoDelay } from "./support/accepted.js";

const SYN_OPTS = [2, 4, 0x03, 0xe8, 1, 1, 4, 2]; // mss 1000, sackOK
const u32 = (x: number) => [(x >>> 24) & 255, (x >>> 16) & 255, (x >>> 8) & 255, x & 255];
const sack = (p: Peer, s: number, e: number) => ({ options: [1, 1, 5, 10, ...u32(p.stackIsn! + s), ...u32(p.stackIsn! + e)] });

/** Ten segments sent at once (the initial window), then 100 ms later the peer SACKs the second to the
 *  fourth: RACK finds the first lost (three SACKed: no reordering window) and resends it. */
function firstOfTenLost(p: Peer): number {
  const h = acceptedNoDelay(p, SYN_OPTS);
  assert.equal(p.getopt(h, Opt.CWND), 10000, "RFC 6928: ten segments");
  assert.equal(p.send(h, 10000), 10000);
  for (let s = 1; s < 10001; s += 1000) p.out(s === 9001 ? "P." : ".", s, 1, { len: 1000 });
  p.none();
  p.advance(100);
  p.in(".", 1, 1, sack(p, 1001, 4001));
  p.out(".", 1, 1, { len: 1000 });
  p.none();
  return h;
}

test("ESTABLISHED_rackFindsOneOfTenLost_ssthreshSevenTenthsOfTheFlight", () => {
  const p = new Peer({ build: "wasmtcp-large.wasm" });
  const h = firstOfTenLost(p);
  assert.equal(p.getopt(h, Opt.SSTHRESH), 7000, "RFC 9438 4.6: beta_cubic 0.7 of the 10000 in flight (NewReno: 5000)");
  assert.equal(p.getopt(h, Opt.CWND), 7000, "RFC 6937: pipe 7000 is at ssthresh, nothing more may go");
});

test("ESTABLISHED_dsackOfTheOnlyRetransmission_cubicReductionUndone", () => {
  const p = new Peer({ build: "wasmtcp-large.wasm" });
  const h = firstOfTenLost(p);
  p.advance(10);
  p.in(".", 1, 10001); // the original arrived after all
  p.none();
  assert.equal(p.getopt(h, Opt.CWND), 2000, "RFC 6582 3.2 step 3: nothing in flight, ssthresh 7000");
  p.in(".", 1, 10001, sack(p, 1, 1001)); // D-SACK: it came twice
  p.none();
  assert.equal(p.getopt(h, Opt.UNDOS), 1);
  assert.equal(p.getopt(h, Opt.CWND), 10000, "RFC 3708 3.2, RFC 9438 4.9: back to the window before the loss");
});

test("ESTABLISHED_ackWhileTheApplicationLimitsTheFlight_windowNotGrown", () => {
  const p = new Peer({ build: "wasmtcp-large.wasm" });
  const h = acceptedNoDelay(p, SYN_OPTS);
  assert.equal(p.send(h, 2000), 2000);
  p.out(".", 1, 1, { len: 1000 });
  p.out("P.", 1001, 1, { len: 1000 });
  p.advance(100);
  p.in(".", 1, 2001);
  p.none();
  assert.equal(p.getopt(h, Opt.CWND), 10000, "RFC 7661: two segments in flight say nothing of a window of ten");
  assert.equal(p.send(h, 10000), 10000);
  for (let s = 2001; s < 12001; s += 1000) p.out(s === 11001 ? "P." : ".", s, 1, { len: 1000 });
  p.advance(100);
  p.in(".", 1, 4001);
  p.none();
  assert.equal(p.getopt(h, Opt.CWND), 12000, "slow start with the window full: 2*SMSS for an ACK of two (RFC 3465 2.2)");
});
