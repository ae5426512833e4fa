// Handles carry their slot's generation (a handle kept after close never reaches the slot's next
// connection), and tcp_pending() names the handles whose events changed since the host last read them.
import test from "node:test";
import assert from "node:assert/strict";
import { Peer, State, Err, Opt } from "./support/peer.js";
import { Ev } from "../../host/abi.js";

test("CLOSED_handleKeptAfterAbort_slotReusedByNextConnect_oldHandleGetsBadf", () => {
  const p = new Peer();
  const old = p.connect();
  p.out("S", 0, 0);
  assert.equal(p.abort(old), Err.OK);
  const h = p.connect(p.sport, p.dport + 1);
  p.stackIsn = null; // a new connection: a new ISN
  p.out("S", 0, 0);
  assert.notEqual(h, old);
  for (const r of [p.state(old), p.events(old), p.send(old, "x"), p.recv(old), p.shutdown(old), p.close(old), p.abort(old)]) assert.equal(r, Err.BADF);
  assert.equal(p.setopt(old, Opt.NODELAY, 1), Err.BADF);
  p.none();
  assert.equal(p.state(h), State.SYN_SENT);
});

test("LISTEN_handleKeptAfterClose_nextListenerOnSameSlot_oldHandleGetsBadf", () => {
  const p = new Peer();
  const old = p.listen();
  assert.equal(p.close(old), Err.OK);
  const l = p.listen();
  assert.notEqual(l, old);
  assert.equal(p.state(old), Err.BADF);
  assert.equal(p.accept(old), Err.BADF);
  assert.equal(p.close(old), Err.BADF);
  assert.equal(p.state(l), State.LISTEN);
});

test("ESTABLISHED_eventsChange_pendingNamesOnlyHandlesNotYetRead", () => {
  const p = new Peer();
  const l = p.listen();
  assert.deepEqual(p.wasm.pending(), []); // a listener with nothing queued has nothing to report
  p.in("S", 0, 0, { mss: 1460 });
  p.out("S.", 0, 1, { mss: 1460 });
  p.in(".", 1, 1);
  assert.deepEqual(p.wasm.pending(), [l]);
  assert.equal(p.events(l), Ev.ACCEPTABLE);
  assert.deepEqual(p.wasm.pending(), []);
  const h = p.accept(l);
  assert.deepEqual(p.wasm.pending(), [h, l]); // slot order: connections, then listeners
  p.events(l);
  p.events(h);
  assert.deepEqual(p.wasm.pending(), []);
  p.in("P.", 1, 1, { data: "hi" });
  assert.deepEqual(p.wasm.pending(), [h]);
  assert.ok(p.events(h) & Ev.READABLE);
  assert.deepEqual(p.wasm.pending(), []);
});
