// The cost of input() for one full in-order data segment, beside the core's checksum of the same bytes:
// the segments of a recorded bulk transfer are replayed, in batches, into fresh copies of the receiver.
// The figure is the core's work: parsing, the checksum, the copy into the receive ring, the ACK it builds
// every second segment (RFC 5681 4.2) and the call into the host that sends it (a no-op here); not the
// host's copy of the frame into rx_buffer() (timed alone and subtracted), nor any JavaScript wrapper.
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { Pair, transfer } from "../tests/node/support/pair.js";
import { loadModule } from "../host/core.js";
import { Shut, Stat } from "../host/abi.js";

const TCP_FULL = 20 + 12 + 1448; // header, timestamps, the data of a full segment (1460 less TSopt)
const MSS_FRAME = 14 + 20 + TCP_FULL;

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

type Raw = Record<string, (...a: number[]) => number> & { memory: WebAssembly.Memory };

/** A receiver as Pair's b, on the raw exports, whose frames go nowhere. */
function receiver(build: string): Raw {
  const inst = new WebAssembly.Instance(loadModule(build), { env: {
    link_send: () => {}, trace: () => {}, abort: () => { throw new Error("wasmtcp core abort"); },
  } });
  return inst.exports as unknown as Raw;
}

/** Brings `e` up afresh as tests/node/support/pair.ts's b (init resets everything). */
function reset(e: Raw): void { e.init(0x0200, 2, 0x0a000002, 0xffffff00, 0, 0, 2, 0); }

/** One replay of `log` into the receiver, reset: milliseconds spent in the batches of full segments, copies
 *  into rx_buffer() included. The receiver's application acts as transfer()'s: it shuts its side down
 *  when it accepts (it sends nothing) and drains the ring between batches. Every data segment must be taken
 *  and every byte delivered, or the figure would time drops. */
function replay(e: Raw, log: Recorded[], bytes: number): { ms: number, batches: [number, number, boolean][] } {
  reset(e);
  const rx = new Uint8Array(e.memory.buffer, e.rx_buffer(), MSS_FRAME);
  const l = e.tcp_listen(80, 4);
  let h = -1, spent = 0, got = 0, bad = 0, i = 0;
  // The handshake, one frame at a time: the connection is accepted and shut down as soon as it exists.
  for (; i < log.length && h < 0; i++) {
    rx.set(log[i].frame);
    e.input(log[i].frame.length, log[i].now >>> 0); // the peer's gratuitous ARP is counted as not for us
    if ((h = e.tcp_accept(l)) >= 0) e.tcp_shutdown(h, Shut.WR, log[i].now >>> 0);
  }
  const b = batches(log, i);
  for (const [start, end, full] of b) {
    const t0 = performance.now();
    for (let k = start; k < end; k++) { rx.set(log[k].frame); bad |= e.input(log[k].frame.length, log[k].now >>> 0); }
    if (full) spent += performance.now() - t0;
    const now = log[end - 1].now >>> 0;
    for (let k; (k = e.tcp_recv(h, e.io_buffer_size(), now)) > 0;) got += k;
  }
  const rxBytes = new DataView(e.memory.buffer).getUint32(e.stats() + Stat.TCP_RX_BYTES * 4, true);
  if (bad || got !== bytes || rxBytes !== bytes) throw new Error(`replay dropped frames: ${got} of ${bytes} bytes`);
  return { ms: spent, batches: b };
}

/** The batches of 32 frames from `from` on ([start, end) indices, and whether all are full segments);
 *  the application drains the ring after each batch. */
function batches(log: Recorded[], from: number): [number, number, boolean][] {
  const out: [number, number, boolean][] = [];
  for (let i = from; i < log.length; i += 32) {
    const end = Math.min(log.length, i + 32);
    let full = true;
    for (let k = i; k < end; k++) if (log[k].frame.length !== MSS_FRAME) full = false;
    out.push([i, end, full]);
  }
  return out;
}

/** Milliseconds the same batches spend on their copies into rx_buffer() alone. */
function copies(log: Recorded[], b: [number, number, boolean][], rx: Uint8Array): number {
  let spent = 0;
  for (const [start, end, full] of b) {
    if (!full) continue;
    const t0 = performance.now();
    for (let k = start; k < end; k++) rx.set(log[k].frame);
    spent += performance.now() - t0;
  }
  return spent;
}

/** Nanoseconds per input() of a full in-order segment: the fastest of `replays` replays less the fastest
 *  of as many passes of the copies alone (on a shared machine the least disturbed runs; the checksum
 *  figure is taken the same way). */
export function inputNsPerSegment(build: string, bytes = 4 << 20, replays = 21): number {
  const log = record(build, bytes);
  // One instance for every replay, as a host keeps one: its exports' call paths are warm.
  const e = receiver(build);
  const rx = new Uint8Array(e.memory.buffer, 0, MSS_FRAME);
  const first = replay(e, log, bytes);
  let copy = Infinity, withCopy = first.ms;
  const full = first.batches.reduce((n, [s, e, f]) => n + (f ? e - s : 0), 0);
  for (let r = 0; r < replays; r++) {
    withCopy = Math.min(withCopy, replay(e, log, bytes).ms);
    copy = Math.min(copy, copies(log, first.batches, rx));
  }
  return (withCopy - copy) * 1e6 / full;
}

/** Nanoseconds per checksum by the core's own csumAdd (bench/wasm/checksum.ts) of the bytes a full
 *  segment's checksum covers (its TCP header, options and data): the fastest of `repeats` timings. */
export function checksumNs(len = TCP_FULL, rounds = 200_000, repeats = 50): number {
  const url = new URL("../../build/bench/checksum.wasm", import.meta.url);
  const m = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(url)), {}).exports as Record<string, any>;
  const u = new Uint8Array(m.memory.buffer, m.scratch(), len);
  for (let i = 0; i < len; i++) u[i] = (i * 31 + 7) & 255;
  m.checksum(len, rounds / 10);
  const ns: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    m.checksum(len, rounds / repeats);
    ns.push((performance.now() - t0) * 1e6 / (rounds / repeats));
  }
  return ns.sort((x, y) => x - y)[0];
}
