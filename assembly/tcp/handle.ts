// Application handles: a slot (connections 0 .. TCP_CONNECTIONS-1, then the listeners) in the low bits and
// the slot's generation above it. The generation moves on each time a slot is released, so a handle kept
// after close() gets BADF instead of driving the connection that reuses its slot. A fresh stack hands out
// generation 0, i.e. handles equal to their slot numbers.
import { TCP_CONNECTIONS, TCP_LISTENERS } from "../config";

const SLOT_BITS: i32 = 12;
const SLOT_MASK: i32 = (1 << SLOT_BITS) - 1;
const GEN_MASK: u32 = 0x7ffff; // 19 bits: a handle stays a positive i32
const SLOTS: i32 = TCP_CONNECTIONS + TCP_LISTENERS;
// @ts-ignore: compile-time check
if (SLOTS > SLOT_MASK + 1) ERROR("TCP_CONNECTIONS + TCP_LISTENERS must fit in a handle's slot bits");

const GENS = memory.data(4 * SLOTS);
const REPORTED = memory.data(4 * SLOTS); // the Ev bits tcp_events() last returned, per slot

// @ts-ignore: decorator
@inline function gen(slot: i32): u32 { return load<u32>(GENS + (<usize>slot << 2)); }

/** The handle the application holds for `slot`. */
export function handleOf(slot: i32): i32 { return <i32>(gen(slot) << SLOT_BITS) | slot; }

/** The slot behind handle `h`, or -1 if it is malformed or stale (its slot was released since). */
export function slotOf(h: i32): i32 {
  if (h < 0) return -1;
  const slot = h & SLOT_MASK;
  return slot < SLOTS && <u32>h >> SLOT_BITS == gen(slot) ? slot : -1;
}

/** The first slot after handle `after` (-1: the first slot), for walks in handle order. */
export function slotAfter(after: i32): i32 { return after < 0 ? 0 : (after & SLOT_MASK) + 1; }

/** The slot is released: every handle issued for it so far is stale from now on. */
export function retire(slot: i32): void {
  store<u32>(GENS + (<usize>slot << 2), (gen(slot) + 1) & GEN_MASK);
  store<i32>(REPORTED + (<usize>slot << 2), 0);
}

/** Ev bits as the application last saw them through tcp_events(). */
export function reported(slot: i32): i32 { return load<i32>(REPORTED + (<usize>slot << 2)); }
export function setReported(slot: i32, ev: i32): void { store<i32>(REPORTED + (<usize>slot << 2), ev); }

export function handlesReset(): void {
  memory.fill(GENS, 0, 4 * SLOTS);
  memory.fill(REPORTED, 0, 4 * SLOTS);
}
