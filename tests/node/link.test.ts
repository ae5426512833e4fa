// host/link.ts and host/clock.ts on their own: raw ports on a virtual hub, crafted frames, every fault
// rule checked frame by frame. Then corruption end to end: the receiving core's checksums catch it.
import test from "node:test";
import assert from "node:assert/strict";
import { VirtualClock } from "../../host/clock.js";
import { VirtualLink, type Faults, type Observation } from "../../host/link.js";
import { buildTcp, decodeFrame } from "../../host/frame.js";
import { Simulation } from "../../host/node/stack.js";
import { takeFrame, isPooled } from "../../host/frame-pool.js";

const A = { mac: [2, 0, 0, 0, 0, 1], ip: 0x0a000001, port: 1000 };
const B = { mac: [2, 0, 0, 0, 0, 2], ip: 0x0a000002, port: 80 };
/** A TCP segment from A to B whose seq tells the frames apart. */
const seg = (seq: number, len = 0, flags = 0x18) => buildTcp(A, B, seq, 0, flags, 1000, 0, [], new Uint8Array(len).fill(seq & 255));

interface Got { ms: number; port: string; seq: number; frame: Uint8Array }

/** A hub with ports a, b (and c): what each port receives, and every observation. */
function hub(o: { latencyMs?: number; seed?: number; ports?: string[] } = {}) {
  const clock = new VirtualClock();
  const link = new VirtualLink(clock, o);
  const got: Got[] = [];
  const seen: Observation[] = [];
  link.observe((x) => seen.push(x));
  const tx: Record<string, (f: Uint8Array) => void> = {};
  for (const name of o.ports ?? ["a", "b"]) tx[name] = link.attach({ name, receive: (f) => got.push({ ms: clock.now(), port: name, seq: decodeFrame(f).seq ?? -1, frame: f }) });
  const drain = () => { for (;;) { clock.fireDue(); if (!clock.advance()) return; } };
  return { clock, link, got, seen, tx, drain };
}

test("clock_timersAtSameTime_fireInOrderSetAndCancelWorks", () => {
  const c = new VirtualClock();
  const order: string[] = [];
  c.at(5, () => order.push("x"));
  const cancel = c.at(5, () => order.push("cancelled"));
  c.at(3, () => order.push("early"));
  c.at(5, () => order.push("y"));
  cancel();
  while (c.advance()) c.fireDue();
  assert.deepEqual(order, ["early", "x", "y"]);
  assert.equal(c.now(), 5);
});

test("link_alterNthRules_chosenFrameDelayedAnotherDuplicatedAsItsOwnFrame", () => {
  const h = hub();
  h.link.alter({ from: "a", to: "b", nth: 1, effect: "delay", delayMs: 50 });
  h.link.alter({ from: "a", to: "b", nth: 3, effect: "duplicate", delayMs: 5 });
  h.tx.a(seg(1));
  h.tx.a(seg(2));
  h.tx.a(seg(3));
  h.drain();
  assert.deepEqual(h.got.map((g) => `${g.seq}@${g.ms}`), ["2@1", "3@1", "3@6", "1@51"], "the first 50 ms late, the third twice, its copy 5 ms after it");
  assert.deepEqual(h.seen.map((o) => [decodeFrame(o.frame).seq, o.lost, o.copy ?? false]), [[1, false, false], [2, false, false], [3, false, false], [3, false, true]]);
  const [orig, copy] = h.got.filter((g) => g.seq === 3);
  assert.notEqual(orig.frame, copy.frame, "the copy is bytes of its own");
  assert.deepEqual(copy.frame, orig.frame, "with the same contents");
});

test("link_hubOfThree_everyFrameToEveryOtherPortAfterLatency", () => {
  const h = hub({ latencyMs: 2, ports: ["a", "b", "c"] });
  h.tx.a(seg(1));
  h.drain();
  assert.deepEqual(h.got.map((g) => `${g.port}@${g.ms}`), ["b@2", "c@2"]);
});

test("link_dropNthRule_dropsExactlyThatFrame", () => {
  const h = hub();
  // The 2nd frame carrying data from a to b; the pure ACK in between does not count.
  h.link.drop({ from: "a", to: "b", match: (s) => (s.len ?? 0) > 0, nth: 2 });
  h.tx.a(seg(1, 10));
  h.tx.a(seg(2, 0, 0x10));
  h.tx.a(seg(3, 10));
  h.tx.a(seg(4, 10));
  h.drain();
  assert.deepEqual(h.got.map((g) => g.seq), [1, 2, 4]);
  assert.deepEqual(h.seen.map((o) => o.lost), [false, false, true, false], "the observer sees the dropped frame, marked");
});

test("link_dropRuleForOneDirection_otherDirectionUntouched", () => {
  const h = hub();
  h.link.drop({ from: "b" });
  h.tx.a(seg(1));
  h.tx.b(seg(2));
  h.drain();
  assert.deepEqual(h.got.map((g) => `${g.port}:${g.seq}`), ["b:1"]);
});

test("link_delayAndJitter_deliveryTimesWithinBounds", () => {
  const h = hub({ latencyMs: 1, seed: 3 });
  h.link.setFaults("a", "b", { delayMs: 10, jitterMs: 5 });
  for (let i = 0; i < 50; i++) h.tx.a(seg(i));
  h.drain();
  assert.equal(h.got.length, 50);
  for (const g of h.got) assert.ok(g.ms >= 11 && g.ms <= 16, `delivered at ${g.ms}`);
  assert.ok(new Set(h.got.map((g) => g.ms)).size > 1, "jitter varies the delay");
});

test("link_duplicate_everyFrameDeliveredTwice", () => {
  const h = hub();
  h.link.setFaults("*", "*", { duplicate: 1 });
  h.tx.a(seg(7));
  h.drain();
  assert.deepEqual(h.got.map((g) => `${g.seq}@${g.ms}`), ["7@1", "7@2"]);
});

test("link_reorder_heldFrameOvertakenByLaterOnes", () => {
  const h = hub();
  h.link.drop({ nth: 99 }); // a rule that never fires: rules and faults combine
  h.link.setFaults("a", "b", { reorder: 1 });
  h.tx.a(seg(1));
  h.link.setFaults("a", "b", {});
  h.tx.a(seg(2));
  h.tx.a(seg(3));
  h.drain();
  assert.deepEqual(h.got.map((g) => g.seq), [2, 3, 1]);
});

test("link_corrupt_flipsOneBitInsideTheIpDatagram", () => {
  const h = hub({ seed: 9 });
  h.link.setFaults("*", "*", { corrupt: 1 });
  for (let i = 0; i < 200; i++) h.tx.a(seg(i, i % 7));
  h.drain();
  for (const o of h.seen) {
    assert.ok(o.corrupted);
    const ipEnd = 14 + ((o.frame[16] << 8) | o.frame[17]);
    let bits = 0;
    for (let k = 0; k < o.frame.length; k++) {
      const x = o.frame[k] ^ o.delivered[k];
      if (x) { assert.ok(k >= 14 && k < ipEnd, `flipped byte ${k} lies in the IPv4 datagram (14..${ipEnd})`); bits += x.toString(2).replace(/0/g, "").length; }
    }
    assert.equal(bits, 1);
  }
});

test("link_sameSeed_sameDecisions_otherSeedOtherDecisions", () => {
  const run = (seed: number) => {
    const h = hub({ seed });
    const f: Faults = { loss: 0.2, duplicate: 0.1, reorder: 0.2, jitterMs: 4, corrupt: 0.1 };
    h.link.setFaults("*", "*", f);
    for (let i = 0; i < 300; i++) h.tx.a(seg(i, 4));
    h.drain();
    return h.got.map((g) => `${g.ms}:${g.seq}:${Buffer.from(g.frame).toString("hex")}`).join(",");
  };
  assert.equal(run(5), run(5));
  assert.notEqual(run(5), run(6));
});

test("link_corruptedSegmentsBetweenStacks_checksumsCatchThemAndDataIntact", async () => {
  const sim = new Simulation({ seed: 4 });
  const a = sim.addStack({ name: "a", mac: "02:00:00:00:00:01", ip: "10.0.0.1", seed: 1 });
  const b = sim.addStack({ name: "b", mac: "02:00:00:00:00:02", ip: "10.0.0.2", seed: 2 });
  // Every corrupted copy that reaches b must be refused by b's core (input() returns a drop reason).
  const corrupted = new Set<Uint8Array>();
  sim.link.observe((o) => { if (o.corrupted && !o.lost) corrupted.add(o.delivered); });
  const refused: number[] = [];
  const input = b.core.input.bind(b.core);
  b.core.input = (f, now) => { const r = input(f, now); if (corrupted.has(f)) refused.push(r); return r; };
  sim.faults("a", "b", { corrupt: 0.1 });
  const data = Buffer.alloc(200_000);
  for (let i = 0; i < data.length; i++) data[i] = (i * 7) & 255;
  const chunks: Buffer[] = [];
  let ended = false;
  b.createServer((s) => { s.on("data", (d) => chunks.push(d)); s.on("end", () => { ended = true; }); }).listen(80);
  a.createConnection(80, "10.0.0.2").end(data);
  await sim.run({ until: () => ended, maxMs: 300_000 });
  assert.ok(Buffer.concat(chunks).equals(data));
  assert.ok(refused.length > 5, `corrupted frames delivered: ${refused.length}`);
  assert.ok(refused.every((r) => r > 0), "every corrupted frame was dropped");
  const s = b.core.stats();
  assert.ok(s.drop_tcp_checksum > 0, "most by the TCP checksum (the payload is most of the datagram)");
});

/** Two ports on a bare hub, b copying what it receives (as a Stack's port does when `copies` is set). */
function copyingHub(bCopies: boolean, after: () => void = () => {}) {
  const clock = new VirtualClock();
  const link = new VirtualLink(clock);
  const got: Uint8Array[] = [];
  const tx = link.attach({ name: "a", receive: () => {} });
  link.attach({ name: "b", copies: bCopies, receive: (f) => { got.push(f.slice()); after(); } });
  const drain = () => { for (;;) { clock.fireDue(); if (!clock.advance()) return; } };
  return { link, got, tx, drain };
}

test("framePool_deliveredToCopyingPortsUnobserved_bufferReusedForTheNextFrame", () => {
  const { got, tx, drain } = copyingHub(true);
  const f = takeFrame(seg(1, 100));
  tx(f);
  drain();
  assert.deepEqual(got, [seg(1, 100)]);
  assert.equal(isPooled(f), false, "given back once delivered");
  const next = takeFrame(seg(2));
  assert.equal(next.buffer, f.buffer, "the next frame reuses the buffer");
  assert.deepEqual(next, seg(2));
});

test("framePool_observedOrReceiverKeepsFrames_bufferNeverReused", () => {
  const observed = copyingHub(true);
  const kept: Uint8Array[] = [];
  observed.link.observe((o) => kept.push(o.frame));
  const f = takeFrame(seg(3));
  observed.tx(f);
  observed.drain();
  assert.equal(isPooled(f), true, "an observer may hold the frame");
  const keeping = copyingHub(false);
  const g = takeFrame(seg(4));
  keeping.tx(g);
  keeping.drain();
  assert.equal(isPooled(g), true, "a receiver that does not say it copies may hold the frame");
  assert.notEqual(takeFrame(seg(5)).buffer, f.buffer);
  assert.deepEqual(kept[0], seg(3));
});

test("framePool_duplicatedByFaults_bufferGivenBackAfterTheLastDelivery", () => {
  // Each receipt takes a frame of its own: had the first delivery given the buffer back, the second
  // would find these bytes in it.
  const { link, got, tx, drain } = copyingHub(true, () => { takeFrame(seg(99)); });
  link.setFaults("a", "b", { duplicate: 1 });
  const f = takeFrame(seg(6));
  tx(f);
  drain();
  assert.deepEqual(got, [seg(6), seg(6)]);
  assert.equal(isPooled(f), false);
});
