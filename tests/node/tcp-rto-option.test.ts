// The stack's RTO bounds set at run time (tcp_setopt on Handle.STACK): RFC 6298 2.1's initial RTO for
// connections opened afterwards, 2.4's lower bound for every sample; exact segment timing, range checks
// (INVAL, nothing changed), OPNOTSUPP on a socket, and init() restoring the build's values.
import test from "node:test";
import assert from "node:assert/strict";
import { Peer, State, Err, Opt } from "./support/peer.js";
import { synSent, synReceived } from "./support/states.js";
import { Handle } from "../../host/abi.js";

const S = Handle.STACK;

/** Expects the last segment again exactly `wait` ms later, and nothing before. */
function resentAfter(p: Peer, wait: number, flags: string, seq: number, ack: number, data?: string): void {
  p.advance(wait - 1);
  p.none();
  p.advance(1);
  p.out(flags, seq, ack, data === undefined ? {} : { data });
}

test("STACK_rtoInitial3000_synResentAt3_6_12sAsRfc1122", () => {
  const p = new Peer();
  assert.equal(p.setopt(S, Opt.RTO_INITIAL, 3000), Err.OK);
  assert.equal(p.getopt(S, Opt.RTO_INITIAL), 3000);
  const h = synSent(p);
  assert.equal(p.getopt(h, Opt.RTO), 3000);
  for (const wait of [3000, 6000, 12000]) resentAfter(p, wait, "S", 0, 0);
  p.none();
});

test("STACK_rtoInitial200_synAckResentAt200_400msByTheListener", () => {
  const p = new Peer();
  assert.equal(p.setopt(S, Opt.RTO_INITIAL, 200), Err.OK);
  synReceived(p);
  resentAfter(p, 200, "S.", 0, 1);
  resentAfter(p, 400, "S.", 0, 1);
  p.none();
});

test("STACK_rtoInitialSetAfterConnect_existingConnectionKeepsItsRto", () => {
  const p = new Peer();
  const h = synSent(p);
  assert.equal(p.setopt(S, Opt.RTO_INITIAL, 5000), Err.OK);
  assert.equal(p.getopt(h, Opt.RTO), 1000);
  resentAfter(p, 1000, "S", 0, 0);
  p.none();
});

test("SYN_SENT_rtoInitial500SynRetransmitted_dataStartsAt3sPerRfc6298_5_7", () => {
  const p = new Peer();
  p.setopt(S, Opt.RTO_INITIAL, 500);
  const h = synSent(p);
  resentAfter(p, 500, "S", 0, 0);
  p.in("S.", 0, 1);
  p.out(".", 1, 1);
  assert.equal(p.getopt(h, Opt.RTO), 3000);
});

test("ESTABLISHED_rtoMin200_sampleOf100msGivesRto300NotTheDefaultSecond", () => {
  const p = new Peer();
  assert.equal(p.setopt(S, Opt.RTO_MIN, 200), Err.OK);
  const h = synSent(p);
  p.advance(100);
  p.in("S.", 0, 1);
  p.out(".", 1, 1);
  // RFC 6298 2.2-2.3: SRTT 100, RTTVAR 50, RTO = 100 + max(200, 4 * 50) = 300 (above the 200 ms floor).
  assert.equal(p.getopt(h, Opt.RTO), 300);
  p.send(h, "hi");
  p.out("P.", 1, 1, { data: "hi" });
  resentAfter(p, 300, "P.", 1, 1, "hi");
  p.none();
});

test("ESTABLISHED_rtoMin3000_sampleOf100msRaisedTo3s", () => {
  const p = new Peer();
  p.setopt(S, Opt.RTO_MIN, 3000);
  const h = synSent(p);
  p.advance(100);
  p.in("S.", 0, 1);
  p.out(".", 1, 1);
  assert.equal(p.getopt(h, Opt.RTO), 3000);
});

test("STACK_rtoOutOfRange_INVALAndValueUnchanged", () => {
  const p = new Peer();
  for (const opt of [Opt.RTO_INITIAL, Opt.RTO_MIN]) {
    const before = p.getopt(S, opt);
    assert.equal(before, 1000);
    for (const bad of [0, -1, 60_001, 0x7fffffff]) {
      assert.equal(p.setopt(S, opt, bad), Err.INVAL, `${opt} ${bad}`);
      assert.equal(p.getopt(S, opt), before);
    }
    assert.equal(p.setopt(S, opt, 60_000), Err.OK, "RFC 6298 2.5's 60 s is the largest");
    assert.equal(p.setopt(S, opt, 1), Err.OK);
  }
  p.none();
});

test("SOCKET_stackOption_OPNOTSUPPAndStackHandleRefusesSocketOptions", () => {
  const p = new Peer();
  const l = p.listen();
  const h = synSent(p);
  for (const x of [l, h]) {
    assert.equal(p.setopt(x, Opt.RTO_INITIAL, 2000), Err.OPNOTSUPP);
    assert.equal(p.setopt(x, Opt.RTO_MIN, 2000), Err.OPNOTSUPP);
  }
  assert.equal(p.getopt(h, Opt.RTO_MIN), Err.OPNOTSUPP);
  assert.equal(p.setopt(S, Opt.NODELAY, 1), Err.OPNOTSUPP);
  assert.equal(p.getopt(S, Opt.RTO), Err.OPNOTSUPP);
  assert.equal(p.getopt(S, Opt.RTO_INITIAL), 1000, "nothing changed");
  assert.equal(p.setopt(-2, Opt.RTO_INITIAL, 2000), Err.BADF, "only -1 names the stack");
  assert.equal(p.state(h), State.SYN_SENT);
});

test("STACK_init_restoresTheBuildsRtoBounds", () => {
  const p = new Peer();
  p.setopt(S, Opt.RTO_INITIAL, 3000);
  p.setopt(S, Opt.RTO_MIN, 200);
  p.e.init(0x0200, 1, p.stackIp, 0xffffff00, 0, 0, 42, p.now >>> 0);
  assert.equal(p.getopt(S, Opt.RTO_INITIAL), 1000);
  assert.equal(p.getopt(S, Opt.RTO_MIN), 1000);
});
