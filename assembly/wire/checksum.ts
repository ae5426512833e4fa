// The Internet checksum (RFC 1071): one's-complement sum of big-endian 16-bit words.
// The sum is byte-order independent (RFC 1071 2(B)): we add the bytes as little-endian words, eight
// bytes per load into a 64-bit accumulator (2(C), deferred carries), and swap once at the end. Every
// step is exact integer arithmetic, so V8, wasm3 and wasm2c give the same bits.

// @ts-ignore: decorator
@inline function fold64(s: u64): u32 {
  // Four 16-bit lanes of a 64-bit sum, then end-around carries: 1..0xffff for a nonzero sum, 0 for 0.
  let x = <u32>(s & 0xffff) + <u32>((s >> 16) & 0xffff) + <u32>((s >> 32) & 0xffff) + <u32>(s >> 48);
  x = (x & 0xffff) + (x >> 16);
  return (x & 0xffff) + (x >> 16);
}

/** Adds `a` and `b` with the end-around carry, keeping a 32-bit one's-complement running sum. */
// @ts-ignore: decorator
@inline function addCarry(a: u32, b: u32): u32 {
  const r = a + b;
  return r + <u32>(r < b);
}

/** Little-endian sum of `len` bytes at `p` into a 64-bit accumulator; a trailing odd byte is the low half
 *  of its (little-endian) word. Each 8-byte step adds two 32-bit halves, so the sum cannot overflow. */
// @ts-ignore: decorator
@inline function sumLE(p: usize, len: i32): u64 {
  let s: u64 = 0;
  const end = p + <usize>len;
  while (p + 32 <= end) {
    const a = load<u64>(p), b = load<u64>(p, 8), c = load<u64>(p, 16), d = load<u64>(p, 24);
    s += (a & 0xffffffff) + (a >> 32) + (b & 0xffffffff) + (b >> 32)
      + (c & 0xffffffff) + (c >> 32) + (d & 0xffffffff) + (d >> 32);
    p += 32;
  }
  while (p + 8 <= end) { const a = load<u64>(p); s += (a & 0xffffffff) + (a >> 32); p += 8; }
  if (p + 4 <= end) { s += <u64>load<u32>(p); p += 4; }
  if (p + 2 <= end) { s += <u64>load<u16>(p); p += 2; }
  if (p < end) s += <u64>load<u8>(p);
  return s;
}

/** Adds `len` bytes at `ptr` to a running 32-bit sum (even offsets assumed except for the tail). */
export function csumAdd(sum: u32, ptr: usize, len: i32): u32 {
  return addCarry(sum, <u32>bswap<u16>(<u16>fold64(sumLE(ptr, len))));
}

/** csumAdd of the 20 bytes of an IPv4 header without options at `p`: five loads, no loop. */
export function csumAdd20(sum: u32, p: usize): u32 {
  const s = <u64>load<u32>(p) + <u64>load<u32>(p, 4) + <u64>load<u32>(p, 8) + <u64>load<u32>(p, 12) + <u64>load<u32>(p, 16);
  return addCarry(sum, <u32>bswap<u16>(<u16>fold64(s)));
}

/** Folds a running sum into the 16-bit one's-complement checksum. */
export function csumFinish(sum: u32): u32 {
  let s = sum;
  while (s >> 16) s = (s & 0xffff) + (s >> 16);
  return ~s & 0xffff;
}

/** The checksum after a 16-bit word of the summed data changes from `old` to `now`, from the checksum
 *  `hc` alone (RFC 1624 3, eqn. 3: HC' = ~(~HC + ~m + m')). Eqn. 3 yields 0 where the data sums to +0
 *  (all zero bytes), for which a full sum gives 0xffff; callers that can meet that recompute on 0. */
export function csumUpdate16(hc: u32, old: u32, now: u32): u32 {
  let s = (~hc & 0xffff) + (~old & 0xffff) + (now & 0xffff);
  s = (s & 0xffff) + (s >> 16);
  s = (s & 0xffff) + (s >> 16);
  return ~s & 0xffff;
}

/** Sum of the TCP/UDP pseudo-header (RFC 9293 3.1). */
export function pseudoHeaderSum(src: u32, dst: u32, proto: u32, len: u32): u32 {
  return (src >>> 16) + (src & 0xffff) + (dst >>> 16) + (dst & 0xffff) + proto + len;
}

/** The checksum of a TCP or UDP segment of `len` bytes at `p` under its pseudo-header: 0 when a received
 *  one verifies; the value to store when the checksum field was zeroed first. */
export function transportChecksum(src: u32, dst: u32, proto: u32, p: usize, len: i32): u32 {
  return csumFinish(csumAdd(pseudoHeaderSum(src, dst, proto, <u32>len), p, len));
}
