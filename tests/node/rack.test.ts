// RACK-TLP (RFC 8985) beside timestamps: a retransmission the peer's echo shows was not needed widens the
// reordering window and undoes the window reduction (RFC 3522, RFC 4015); a needed one does not.
import test from "node:test";
import assert from "node:assert/strict";
import { Peer, Opt } from "./support/peer.js";

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
  assert.equal(p.getopt(h, Opt.REORDER_WINDOW), 50, "two quarters of the minimum RTT (RFC 8985 6.2 step 4)");
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
