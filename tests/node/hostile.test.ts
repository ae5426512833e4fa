// Hostile peers: ghost connections through port 0 and impossible addresses, orphans held open by a
// peer that never reads, a table full of orphans, predictable ephemeral ports, API misuse.
import test from "node:test";
import assert from "node:assert/strict";
import { Peer, State, Err, Opt } from "./support/peer.js";
import { Core, loadModule } from "../../host/core.js";
import "../../host/node/wasm-files.js";
import { buildTcp, flagsToBits } from "../../host/frame.js";
import { parseIp } from "../../host/addr.js";

test("LISTEN_synToPortZero_droppedAndCounted", () => {
  const p = new Peer();
  p.listen();
  p.in("S", 0, 0, { dport: 0, mss: 1460 });
  p.none();
  assert.equal(p.stats().drop_tcp_port_zero, 1);
  assert.equal(p.e.tcp_in_use(), 0);
});

test("LISTEN_synFromPortZero_droppedAndCounted", () => {
  const p = new Peer();
  p.listen();
  p.in("S", 0, 0, { sport: 0, mss: 1460 });
  p.none();
  assert.equal(p.stats().drop_tcp_port_zero, 1);
});

test("CLOSED_listenerClosedThenHandshakesToPortZero_nothingKeptNothingAcceptedLater", () => {
  const p = new Peer();
  const l = p.listen();
  assert.equal(p.close(l), Err.OK);
  for (let i = 0; i < 4; i++) {
    p.in("S", 0, 0, { dport: 0, sport: 3000 + i });
    p.in(".", 1, 1, { dport: 0, sport: 3000 + i, data: "ghost" });
  }
  p.none();
  assert.equal(p.e.tcp_in_use(), 0);
  const l2 = p.listen();
  assert.equal(p.accept(l2), Err.WOULDBLOCK);
  // The table is whole: the application's own connect works.
  assert.ok(p.connect() >= 0);
});

test("LISTEN_closedWithHalfOpenAndQueued_everySlotFreed", () => {
  const p = new Peer();
  const l = p.listen();
  p.in("S", 0, 0, { sport: 1001 });
  p.out("S.", 0, 1);
  p.in(".", 1, 1, { sport: 1001 });
  p.stackIsn = null;
  p.in("S", 0, 0, { sport: 1002 });
  p.out("S.", 0, 1);
  p.none();
  assert.equal(p.e.tcp_in_use(), 2);
  p.close(l);
  // RFC 9293 3.10.4: both the queued connection and the half-open one are reset.
  const rsts = [p.next()!, p.next()!];
  assert.deepEqual(rsts.map((d) => [d.flags, d.dport]), [[0x04, 1001], [0x04, 1002]]);
  p.none();
  assert.equal(p.e.tcp_in_use(), 0);
});

function rawSyn(p: Peer, src: string, dst = "10.0.0.1"): number {
  return p.raw(buildTcp({ mac: p.peerMac, ip: parseIp(src), port: 4000 }, { mac: p.stackMac, ip: parseIp(dst), port: p.dport },
    1, 0, flagsToBits("S"), 65535, 0, [], new Uint8Array(0)));
}

test("LISTEN_synFromLoopbackOrOwnAddress_droppedAsBadSource", () => {
  const p = new Peer();
  p.listen();
  rawSyn(p, "127.0.0.1");
  rawSyn(p, "10.0.0.1");
  p.none();
  assert.equal(p.stats().drop_ip_bad_source, 2);
  assert.equal(p.e.tcp_in_use(), 0);
});

test("LISTEN_synToBroadcastOrMulticast_droppedNotForUs", () => {
  const p = new Peer();
  p.listen();
  rawSyn(p, "10.0.0.2", "10.0.0.255");
  rawSyn(p, "10.0.0.2", "224.0.0.1");
  p.none();
  assert.equal(p.stats().drop_ip_not_for_us, 2);
});

// ---- orphans are bounded (Linux tcp_orphan_retries = 8) ----

/** A connection whose peer shut its window and answers each probe with it still shut; the application
 *  wrote 100 bytes and closed: an orphan in FIN-WAIT-1. */
function zeroWindowOrphan(p: Peer, l: number, sport = 40000): void {
  p.sport = sport;
  p.stackIsn = null;
  p.in("S", 0, 0, { mss: 1460, win: 0 });
  p.out("S.", 0, 1);
  p.in(".", 1, 1, { win: 0 });
  const h = p.accept(l);
  assert.equal(p.send(h, 100), 100);
  assert.equal(p.close(h), Err.OK);
  p.none();
}

test("FIN_WAIT_1_orphanPeerKeepsWindowShut_eightProbesThenRst", () => {
  const p = new Peer();
  zeroWindowOrphan(p, p.listen());
  for (let i = 0; i < 8; i++) {
    p.advance(p.e.poll(p.now));
    p.out(".", 1, 1, { len: 1 }); // a one-byte window probe
    p.none();
    p.in(".", 1, 1, { win: 0 });
  }
  p.advance(p.e.poll(p.now));
  p.out("R", 1, 0);
  p.none();
  assert.equal(p.e.tcp_in_use(), 0);
  assert.equal(p.stats().tcp_orphans_dropped, 1);
});

/** Our FIN is sent, then retransmitted `times` times at each timeout, then the connection is reset. */
function finRetransmittedThenReset(p: Peer, times: number): void {
  p.out("F.", 1, 1);
  for (let i = 0; i < times; i++) {
    p.advance(p.e.poll(p.now));
    p.out("F.", 1, 1);
  }
  p.advance(p.e.poll(p.now));
  p.out("R", 2, 0);
  p.none();
}

test("FIN_WAIT_1_orphanFinNeverAcked_eightRetransmissionsThenRst", () => {
  const p = new Peer();
  p.close(p.passiveOpen());
  finRetransmittedThenReset(p, 8);
  assert.equal(p.e.tcp_in_use(), 0);
  assert.equal(p.stats().tcp_orphans_dropped, 1);
});

test("ESTABLISHED_ownedFinNeverAcked_twelveRetransmissions", () => {
  const p = new Peer();
  const h = p.passiveOpen();
  p.shutdown(h, 1); // the application keeps the handle: not an orphan
  finRetransmittedThenReset(p, 12);
  assert.equal(p.state(h), State.CLOSED);
  assert.equal(p.stats().tcp_orphans_dropped, 0);
});

test("CLOSED_tableFullOfOrphans_connectReclaimsTheOldest", () => {
  const p = new Peer();
  const l = p.listen();
  for (let i = 0; i < 4; i++) { zeroWindowOrphan(p, l, 40000 + i); p.advance(10); }
  p.core.sent.length = 0;
  assert.equal(p.e.tcp_in_use(), 4);
  p.sport = 40000;
  const h = p.connect(7, 5000);
  assert.ok(h >= 0, `connect: ${h}`);
  const rst = p.next()!;
  assert.equal(rst.flags, 0x04, "RST of the oldest orphan");
  assert.equal(rst.dport, 40000);
  p.stackIsn = null;
  p.sport = 7;
  p.out("S", 0, 0);
  p.none();
  assert.equal(p.stats().tcp_orphans_reclaimed, 1);
});

// ---- ephemeral ports (RFC 6056 3.3.3) and API misuse ----

test("CLOSED_backToBackConnectsToOneServer_differentPorts", () => {
  const p = new Peer();
  const ports = new Set<number>();
  for (let i = 0; i < 5; i++) {
    const h = p.e.tcp_connect(p.peerIp, 80, 0, p.now);
    ports.add(p.e.tcp_local_port(h));
    p.abort(h);
  }
  assert.equal(ports.size, 5);
});

test("CLOSED_connectBeforeInit_inval", () => {
  const core = new Core({ send: () => {}, trace: () => {} }, loadModule());
  assert.equal(core.e.tcp_connect(parseIp("10.0.0.2"), 80, 0, 0), Err.INVAL);
  assert.equal(core.e.tcp_in_use(), 0);
});

test("LISTEN_setoptOfConnectionOption_opnotsupp", () => {
  const p = new Peer();
  const l = p.listen();
  assert.equal(p.setopt(l, Opt.NODELAY, 1), Err.OPNOTSUPP);
  assert.equal(p.setopt(l, Opt.KEEPALIVE, 1), Err.OPNOTSUPP);
  assert.equal(p.setopt(l, Opt.REUSEADDR, 1), Err.OK);
  assert.equal(p.state(l), State.LISTEN);
});

// ---- found by the fuzzer ----

test("SYN_RECEIVED_ackOfOurSynOnAnOldSequenceNumber_synAckStillRetransmitted", () => {
  // The "valid ACK" allowance for unacceptable segments used to process this ACK in SYN-RECEIVED:
  // SND.UNA moved past our SYN, the retransmission timer stopped, and the slot was held for ever.
  const p = new Peer();
  p.listen();
  p.in("S", 0, 0, { mss: 1460 });
  p.out("S.", 0, 1);
  p.in(".", 0, 1); // SEG.SEQ = IRS: before RCV.NXT, not acceptable
  p.out(".", 1, 1);
  p.none();
  p.advance(1000);
  p.out("S.", 0, 1);
  p.none();
  assert.equal(p.e.tcp_check(), 0);
});
