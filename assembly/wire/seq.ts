// 32-bit modular sequence-number comparisons (RFC 9293 3.4, "compare modulo 2**32").
// Also used for millisecond deadlines, which wrap the same way.

// @ts-ignore: decorator
@inline export function seqLt(a: u32, b: u32): bool { return <i32>(a - b) < 0; }
// @ts-ignore: decorator
@inline export function seqLeq(a: u32, b: u32): bool { return <i32>(a - b) <= 0; }
// @ts-ignore: decorator
@inline export function seqGt(a: u32, b: u32): bool { return <i32>(a - b) > 0; }
// @ts-ignore: decorator
@inline export function seqGeq(a: u32, b: u32): bool { return <i32>(a - b) >= 0; }
// @ts-ignore: decorator
@inline export function seqMax(a: u32, b: u32): u32 { return seqGt(a, b) ? a : b; }
// @ts-ignore: decorator
@inline export function seqMin(a: u32, b: u32): u32 { return seqLt(a, b) ? a : b; }
/** a <= x < b, modulo 2^32. */
// @ts-ignore: decorator
@inline export function seqInRange(x: u32, a: u32, b: u32): bool { return x - a < b - a; }
