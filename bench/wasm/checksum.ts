// The core's checksum alone, built into build/bench/checksum.wasm for `npm run bench`: the figure that
// input() of a full segment is held against.
import { csumAdd, csumFinish } from "../../assembly/wire/checksum";

const SCRATCH: usize = memory.data(4096);

export function scratch(): usize { return SCRATCH; }

/** The checksum of `len` bytes at the scratch area, `rounds` times (the result of the last). */
export function checksum(len: i32, rounds: i32): u32 {
  let r: u32 = 0;
  for (let i = 0; i < rounds; i++) r = csumFinish(csumAdd(<u32>i & 1, SCRATCH, len));
  return r;
}
