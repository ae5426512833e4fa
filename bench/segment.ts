// The cost of input() for one full in-order data segment, beside the core's checksum of the same bytes:
// the segments of a recorded bulk transfer are replayed, in batches, into a fresh copy of the receiver.
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { Pair, transfer } from "../tests/node/support/pair.js";
import type { Loaded } from "../tests/node/support/wasm.js";

const MSS_FRAME = 14 + 20 + 20 + 1460;

interface Recorded { frame: Uint8Array; now: number }

/** Runs a transfer of `bytes` and records every frame a sends to b with the time it was delivered. */
function record(build: string, bytes: number): Recorded[] {
  const pair = new Pair({}, build);
  const log: Recorded[] = [];
  const e = pair.b.e;
  pair.b.e = { ...e, input(len: number, now: number) {
    log.push({ frame: new Uint8Array(e.memory.buffer, e.rx_buffer(), len).slice(), now });
    return e.input(len, now);
  } };
  transfer(pair, bytes, 0);
  return log;
}

/** Nanoseconds per input() of a full segment: each batch times the copies into the rx buffer plus
 *  input(), minus the same copies alone; the receiver's application drains its ring between batches. */
export function inputNsPerSegment(build: string, bytes = 4 << 20): number {
  const log = record(build, bytes);
  const b: Loaded = new Pair({}, build).b;
  const rx = new Uint8Array(b.e.memory.buffer, b.e.rx_buffer(), MSS_FRAME);
  const l = b.e.tcp_listen(80, 4);
  let h = -1, spent = 0, segments = 0;
  const batch = 32;
  for (let i = 0; i < log.length;) {
    const end = Math.min(log.length, i + batch);
    const full = log.slice(i, end).every((r) => r.frame.length === MSS_FRAME);
    const t0 = performance.now();
    for (let k = i; k < end; k++) { rx.set(log[k].frame); b.e.input(log[k].frame.length, log[k].now >>> 0); }
    const t1 = performance.now();
    for (let k = i; k < end; k++) rx.set(log[k].frame);
    const t2 = performance.now();
    if (full) { spent += (t1 - t0) - (t2 - t1); segments += end - i; }
    b.sent.length = 0;
    if (h < 0) h = b.e.tcp_accept(l);
    while (h >= 0 && b.e.tcp_recv(h, b.e.io_buffer_size(), log[end - 1].now >>> 0) > 0);
    i = end;
  }
  return spent * 1e6 / segments;
}

/** Nanoseconds per checksum of 1460 bytes by the core's own csumAdd (bench/wasm/checksum.ts). */
export function checksumNs(len = 1460, rounds = 200_000): number {
  const url = new URL("../../build/bench/checksum.wasm", import.meta.url);
  const m = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(url)), {}).exports as Record<string, any>;
  const u = new Uint8Array(m.memory.buffer, m.scratch(), len);
  for (let i = 0; i < len; i++) u[i] = (i * 31 + 7) & 255;
  m.checksum(len, rounds / 10);
  const t0 = performance.now();
  m.checksum(len, rounds);
  return (performance.now() - t0) * 1e6 / rounds;
}
