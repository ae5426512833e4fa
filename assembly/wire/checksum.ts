// The Internet checksum (RFC 1071): one's-complement sum of big-endian 16-bit words.
import { get16 } from "./bytes";

/** Adds `len` bytes at `ptr` to a running 32-bit sum (even offsets assumed except for the tail). */
export function csumAdd(sum: u32, ptr: usize, len: i32): u32 {
  let s: u64 = sum;
  let i = 0;
  // Four bytes per step; carries accumulate in the upper half of the 64-bit sum.
  while (i + 3 < len) {
    const w = bswap<u32>(load<u32>(ptr + <usize>i));
    s += <u64>(w >>> 16) + <u64>(w & 0xffff);
    i += 4;
  }
  if (i + 1 < len) { s += get16(ptr + <usize>i); i += 2; }
  if (i < len) s += <u64>load<u8>(ptr + <usize>i) << 8;
  while (s >> 32) s = (s & 0xffffffff) + (s >> 32);
  return <u32>s;
}

/** Folds a running sum into the 16-bit one's-complement checksum. */
export function csumFinish(sum: u32): u32 {
  let s = sum;
  while (s >> 16) s = (s & 0xffff) + (s >> 16);
  return ~s & 0xffff;
}

/** Sum of the TCP/UDP pseudo-header (RFC 9293 3.1). */
export function pseudoHeaderSum(src: u32, dst: u32, proto: u32, len: u32): u32 {
  return (src >>> 16) + (src & 0xffff) + (dst >>> 16) + (dst & 0xffff) + proto + len;
}
