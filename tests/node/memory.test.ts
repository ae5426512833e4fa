// Zero allocation after init: the allocator pointer and linear memory stay put across a long transfer.
import test from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { Pair, transfer } from "./support/pair.js";
import { wasmPath } from "../../host/node/wasm-files.js";

const MiB = 1 << 20;

test("debugBuild_64MiBTransfer_heapTopAndMemorySizeUnchanged", () => {
  // The debug build exports the runtime: __new(0, 0) reveals where the bump allocator stands.
  const pair = new Pair({ loss: 0.01, seed: 9 }, "wasmtcp.debug.wasm");
  const e = pair.a.e, f = pair.b.e;
  const top = (x: typeof e) => x.__new(0, 0);
  // Two probes give the size of one probe block; afterwards the pointer must have moved by exactly that.
  const first = [top(e), top(f)];
  const before = [top(e), top(f)];
  const block = before.map((x, i) => x - first[i]);
  const pages = [e.memory.buffer.byteLength, f.memory.buffer.byteLength];
  const [ab, ba] = transfer(pair, 32 * MiB, 32 * MiB);
  assert.equal(ab.receivedHash, ab.sentHash);
  assert.equal(ba.receivedHash, ba.sentHash);
  const after = [top(e), top(f)];
  assert.deepEqual(after.map((x, i) => x - before[i]), block, "only the probe itself was allocated");
  assert.deepEqual([e.memory.buffer.byteLength, f.memory.buffer.byteLength], pages);
  assert.equal(pages[0], 65536, "the default configuration fits in one 64 KiB page");
});

test("builds_noCodePathAllocates", () => {
  // With --runtime stub, code that never allocates leaves the allocator out of the binary entirely.
  const wat = readFileSync(wasmPath("wasmtcp.debug.wat"), "utf8");
  const lines = wat.split("\n");
  assert.equal(lines.filter((l) => /call \$~lib\/rt\/stub\/__alloc\b/.test(l)).length, 1, "__alloc is called from the exported __new only");
  assert.equal(lines.filter((l) => /call \$~lib\/rt\/stub\/__new\b/.test(l)).length, 0, "no code path calls __new");
  const release = readFileSync(wasmPath("wasmtcp.wat"), "utf8");
  assert.ok(!/__alloc|__new/.test(release), "the release build has no allocator at all");
});
