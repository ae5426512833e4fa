// Header prediction (assembly/tcp/predict.ts): the in-order data segments of a bulk receive take a short
// path; what they change (window, ACK clock, delivery) must be what the general path would change.
import test from "node:test";
import assert from "node:assert/strict";
import { Peer, State } from "./support/peer.js";
import { finWait2 } from "./support/states.js";

test("ESTABLISHED_peerWindowZeroThenInOrderDataOpensIt_queuedDataLeavesWithTheAck", () => {
  const p = new Peer();
  const h = p.passiveOpen({ win: 0 });
  assert.equal(p.send(h, "data"), 4);
  p.none(); // the peer's window is closed: the persist timer waits
  p.in("P.", 1, 1, { data: "hi", win: 1000 }); // SEG.ACK = SND.UNA, the window update rides on data
  p.out("P.", 1, 3, { data: "data" }); // sent at once, acknowledging the data: no 1 s probe
  p.none();
  assert.equal(p.recv(h), "hi");
  assert.equal(p.state(h), State.ESTABLISHED);
});

test("FIN_WAIT_2_twoFullSegmentsInOrder_ackedAtOnceAndDelivered", () => {
  const p = new Peer();
  const h = finWait2(p);
  p.in(".", 1, 2, { data: 1460 });
  p.none(); // the first waits for a second (RFC 5681 4.2)
  p.in(".", 1461, 2, { data: 1460 });
  p.out(".", 2, 2921);
  p.none();
  assert.equal(p.recv(h, 4096), "a".repeat(2920));
});
