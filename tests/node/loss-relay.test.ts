// tap-bridge's relay mode, which carries Linux to Linux through the impairment a stack on a TAP device meets
// (bench/loss-tap.ts compares the two), and one short transfer of each kind through the same profile.
// Skips (or, with WASMTCP_REQUIRE_NETNS=1, fails) where namespaces cannot be made.
import test from "node:test";
import assert from "node:assert/strict";
import { netnsUnavailable } from "./support/netns.js";
import { createRelay } from "./support/relay.js";
import { Bodies, linuxRun, stackRun } from "../../bench/loss-tap.js";

const peerPy = new URL("../../../tests/node/linux/peer.py", import.meta.url).pathname;
const why = netnsUnavailable();
if (why && process.env.WASMTCP_REQUIRE_NETNS === "1") throw new Error(`relay tests cannot run: ${why}`);
const skip = why ?? false;

test("relay_noImpairment_pingCrossesAndEveryFrameCountedNoneLost", { skip }, async () => {
  const relay = await createRelay(undefined);
  try {
    assert.match(await relay.client.run(["ping", "-c", "3", "-i", "0.2", "-W", "2", relay.serverIp]), /3 received/);
    const c = await relay.stop();
    for (const [way, k] of Object.entries(c)) {
      assert.ok(k.frames >= 3, `${way}: 3 pings (the neighbours are fixed: no ARP), ${k.frames} frames`);
      assert.deepEqual({ lost: k.lost, duplicated: k.duplicated, reordered: k.reordered, delayed: k.delayed },
        { lost: 0, duplicated: 0, reordered: 0, delayed: 0 }, way);
    }
  } finally { relay.destroy(); }
});

test("relay_loss20_linuxEchoOf256KiBByteIdenticalAndAFifthOfFramesDropped", { skip }, async () => {
  const relay = await createRelay("loss 20%", 7);
  try {
    const echo = await relay.server.serve(["python3", peerPy, "echo", "7007"], /listening 7007/);
    const r = JSON.parse(await relay.client.run(["python3", peerPy, "client", relay.serverIp, "7007", String(256 << 10)]));
    assert.equal(r.received, 256 << 10);
    assert.equal(r.receivedHash, r.sentHash);
    await echo.done;
    const c = await relay.stop();
    for (const [way, k] of Object.entries(c)) {
      assert.ok(k.frames >= 180, `${way}: 256 KiB is at least 180 full frames, counted ${k.frames}`);
      assert.ok(k.lost > 0.1 * k.frames && k.lost < 0.3 * k.frames, `${way}: ${k.lost} of ${k.frames} lost, expected about a fifth`);
      assert.deepEqual({ duplicated: k.duplicated, reordered: k.reordered, delayed: k.delayed }, { duplicated: 0, reordered: 0, delayed: 0 }, way);
    }
  } finally { relay.destroy(); }
});

test("stackAndLinux_get256KiBThroughLoss5Delay5_bothCompleteAndSendersRetransmit", { skip }, async () => {
  const p = { spec: "loss 5% delay 5ms", bytes: 256 << 10 };
  const bodies = new Bodies();
  try {
    const stack = await stackRun("wasmtcp-large.wasm", p, "GET", 1, 30, bodies);
    const linux = await linuxRun(p, "GET", 1, 30, bodies);
    for (const r of [stack, linux]) {
      assert.equal(r.moved, p.bytes, `${r.peer}: every byte`);
      assert.ok(r.complete && r.miBs > 0, r.peer);
      assert.ok(r.retransmits > 0 && r.retransmits < r.segments, `${r.peer}: retransmitted ${r.retransmits} of ${r.segments}`);
    }
    assert.ok(linux.lost! > 0, "the relay dropped frames");
    assert.equal(typeof stack.spurious, "number", "the stack's spurious count comes from its counters");
  } finally { bodies.remove(); }
});
