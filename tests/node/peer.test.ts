// host/peer.ts: the scripted peer itself (exact segments, relative numbering, send times, "nothing
// else sent", its own addresses). The state-machine suites build on it.
import test from "node:test";
import assert from "node:assert/strict";
import { Peer, State } from "../../host/node/peer.js";
import { parseIp } from "../../host/addr.js";

test("peer_passiveOpenDataClose_exactSegmentsAtTheirTimes", () => {
  const p = new Peer();
  const h = p.passiveOpen();
  p.in("P.", 1, 1, { data: "hello" });
  p.none(); // the ACK is delayed
  p.advance(300);
  p.out(".", 1, 6, { at: 200 });
  assert.equal(p.recv(h), "hello");
  p.send(h, "world");
  p.out("P.", 1, 6, { data: "world", at: 300 });
  p.close(h);
  p.out("F.", 6, 6, { at: 300 });
  p.in(".", 6, 7);
  p.in("F.", 6, 7);
  p.out(".", 7, 7);
  p.none();
  assert.equal(p.e.tcp_count_state(State.TIME_WAIT), 1);
});

test("peer_synUnanswered_retransmittedAtInitialRto", () => {
  const p = new Peer();
  p.connect();
  p.out("S", 0, 0, { at: 0, mss: 1460 });
  p.at(999);
  p.none();
  p.at(1000);
  p.out("S", 0, 0, { at: 1000 });
  p.none();
});

test("peer_unexpectedOrWrongSegment_assertionNamesIt", () => {
  const p = new Peer();
  p.connect();
  assert.throws(() => p.none(), /unexpected segment at 0 ms: S 0:0\(0\) win/);
  p.stackIsn = null;
  p.connect(40001, 8081);
  assert.throws(() => p.out("S", 1, 0), /flags seq:ack/);
  assert.throws(() => p.out("S", 0, 0), /sent nothing/);
});

test("peer_ownAddressesAndStartTime_usedOnTheWire", () => {
  const p = new Peer({ stackIp: "192.168.7.10", peerIp: "192.168.7.20", stackMac: "02:aa:00:00:00:01", peerMac: "02:aa:00:00:00:02", stackPort: 80, peerPort: 5000, start: 5000 });
  const h = p.passiveOpen();
  p.send(h, "x");
  const d = p.out("P.", 1, 1, { data: "x", at: 5000 });
  assert.deepEqual([d.src, d.dst, d.sport, d.dport], [parseIp("192.168.7.10"), parseIp("192.168.7.20"), 80, 5000]);
  assert.deepEqual(Array.from(d.frame.subarray(0, 12)), [2, 0xaa, 0, 0, 0, 2, 2, 0xaa, 0, 0, 0, 1], "Ethernet destination and source");
});

test("peer_timeRunsBackward_refused", () => {
  const p = new Peer({ start: 100 });
  assert.throws(() => p.at(50), /time runs forward/);
});
