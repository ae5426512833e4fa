// Counters, readable by the host through stats(). The counters and their names are defined in
// assembly/abi.ts (Stat); input() returns the index of the drop reason it counted.
import { Stat, Trace } from "../abi";
import { trace } from "../host";
export { Stat } from "../abi";

export const STATS_COUNT: i32 = Stat.COUNT;
const STATS = memory.data(Stat.COUNT * 4);

// @ts-ignore: decorator
@inline export function count(s: Stat): void { store<u32>(STATS + (<usize>s << 2), load<u32>(STATS + (<usize>s << 2)) + 1); }
// @ts-ignore: decorator
@inline export function countN(s: Stat, n: u32): void { store<u32>(STATS + (<usize>s << 2), load<u32>(STATS + (<usize>s << 2)) + n); }
export function statsPtr(): usize { return STATS; }
export function statsReset(): void { memory.fill(STATS, 0, Stat.COUNT * 4); }

/** A drop: counted, traced, and `reason` returned so callers can `return drop(...)`. */
export function drop(reason: Stat): i32 {
  count(reason);
  trace(Trace.DROP, reason, -1, 0);
  return reason;
}
