// Bulk transfers between two stacks on a faulty virtual link: every byte arrives, in order, once.
import test from "node:test";
import assert from "node:assert/strict";
import { Pair, transfer } from "./support/pair.js";

const MiB = 1 << 20;

test("ESTABLISHED_16MiBEachWayWith5pctLoss5pctReorder1pctDup_byteIdentical", () => {
  const pair = new Pair({ loss: 0.05, reorder: 0.05, duplicate: 0.01, seed: 7 });
  const [ab, ba] = transfer(pair, 16 * MiB, 16 * MiB);
  assert.equal(ab.bytes, 16 * MiB);
  assert.equal(ab.receivedHash, ab.sentHash);
  assert.equal(ba.bytes, 16 * MiB);
  assert.equal(ba.receivedHash, ba.sentHash);
  assert.ok(pair.statsA().tcp_retransmits > 0 && pair.statsB().tcp_retransmits > 0, "the faults really happened");
  assert.equal(pair.a.e.tcp_in_use(), 0, "closed and out of TIME-WAIT");
  assert.equal(pair.b.e.tcp_in_use(), 0);
});

test("ESTABLISHED_corruptedFrames_droppedByChecksumAndRecovered", () => {
  const pair = new Pair({ corrupt: 0.05, seed: 3 });
  const [ab] = transfer(pair, 2 * MiB, 0);
  assert.equal(ab.receivedHash, ab.sentHash);
  const s = pair.statsB();
  assert.ok(s.drop_tcp_checksum + s.drop_ip_checksum > 0, "corruption was caught by checksums");
});

test("ESTABLISHED_largeBuild20pctLoss_byteIdentical", () => {
  const pair = new Pair({ loss: 0.2, reorder: 0.1, duplicate: 0.01, seed: 11 }, "wasmtcp-large.wasm");
  const [ab, ba] = transfer(pair, 4 * MiB, 1 * MiB);
  assert.equal(ab.receivedHash, ab.sentHash);
  assert.equal(ba.receivedHash, ba.sentHash);
});

test("sameSeed_sameRun_deterministic", () => {
  const run = () => { const p = new Pair({ loss: 0.05, reorder: 0.05, seed: 5 }); const [r] = transfer(p, 256 * 1024, 0); return [r.virtualMs, r.steps, JSON.stringify(p.statsA())]; };
  assert.deepEqual(run(), run());
});
