// Helpers shared by the as-pect specs: bytes from hex strings into static buffers, and a reference
// Internet checksum written byte by byte (independent of assembly/wire/checksum.ts, which is under test).

/** Scratch buffers in static memory (like the stack's own rx buffer). */
export const BUF: usize = memory.data(2048);
export const BUF2: usize = memory.data(2048);

function nibble(c: i32): i32 {
  if (c >= 48 && c <= 57) return c - 48; // 0-9
  if (c >= 97 && c <= 102) return c - 87; // a-f
  if (c >= 65 && c <= 70) return c - 55; // A-F
  return -1;
}

/** Writes the bytes spelled by `s` (hex digits; spaces, ':' and '-' ignored) at `p`; returns how many. */
export function hex(p: usize, s: string): i32 {
  let n = 0;
  let hi = -1;
  for (let i = 0; i < s.length; i++) {
    const v = nibble(s.charCodeAt(i));
    if (v < 0) continue;
    if (hi < 0) hi = v;
    else {
      store<u8>(p + <usize>n, <u8>((hi << 4) | v));
      n++;
      hi = -1;
    }
  }
  assert(hi < 0, "odd number of hex digits");
  return n;
}

/** Fills `len` bytes at `p` with a pattern that starts at `seed` (so a corrupted byte always differs). */
export function pattern(p: usize, len: i32, seed: u32): void {
  for (let i = 0; i < len; i++) store<u8>(p + <usize>i, <u8>(seed + <u32>i * 7));
}

export function u8at(p: usize, off: i32): u32 { return load<u8>(p + <usize>off); }
/** Big-endian 16-bit read/write, byte by byte. */
export function be16(p: usize, off: i32): u32 { return (<u32>load<u8>(p + <usize>off) << 8) | load<u8>(p + <usize>off + 1); }
export function setBe16(p: usize, off: i32, v: u32): void {
  store<u8>(p + <usize>off, <u8>(v >> 8));
  store<u8>(p + <usize>off + 1, <u8>v);
}
export function setBe32(p: usize, off: i32, v: u32): void {
  setBe16(p, off, v >> 16);
  setBe16(p, off + 2, v & 0xffff);
}

/** Reference one's-complement sum of big-endian 16-bit words, an odd tail padded with a zero byte. */
export function refSum(initial: u64, p: usize, len: i32): u64 {
  let s = initial;
  for (let i = 0; i < len; i += 2) {
    const hi = <u64>load<u8>(p + <usize>i);
    const lo: u64 = i + 1 < len ? <u64>load<u8>(p + <usize>i + 1) : 0;
    s += (hi << 8) | lo;
  }
  return s;
}
/** Folds to 16 bits and complements: the checksum field value. */
export function refFinish(sum: u64): u32 {
  let s = sum;
  while (s > 0xffff) s = (s & 0xffff) + (s >> 16);
  return <u32>(~s & 0xffff);
}
export function refChecksum(p: usize, len: i32): u32 { return refFinish(refSum(0, p, len)); }

/** The TCP pseudo-header (RFC 9293 3.1) written out as 12 bytes, then summed by the reference. */
export function refPseudo(src: u32, dst: u32, proto: u32, len: u32): u64 {
  const ph = memory.data(12);
  setBe32(ph, 0, src);
  setBe32(ph, 4, dst);
  store<u8>(ph + 8, 0);
  store<u8>(ph + 9, <u8>proto);
  setBe16(ph, 10, len);
  return refSum(0, ph, 12);
}

// ---- IPv4 ----
export const SRC_IP: u32 = 0xc0a80002; // 192.168.0.2
export const DST_IP: u32 = 0xc0a80001; // 192.168.0.1

/** Recomputes the IPv4 header checksum (bytes 10-11) over `ihl * 4` bytes with the reference. */
export function ipFix(p: usize): void {
  const hlen = <i32>(u8at(p, 0) & 15) << 2;
  setBe16(p, 10, 0);
  setBe16(p, 10, refChecksum(p, hlen));
}

/** A valid datagram at `p`: 20-byte header (DF, TTL 64, TCP), 8 bytes of payload. Returns 28. */
export function ipValid(p: usize): i32 {
  hex(p, "45 00 00 1c 12 34 40 00 40 06 00 00 c0 a8 00 02 c0 a8 00 01");
  pattern(p + 20, 8, 0xa0);
  ipFix(p);
  return 28;
}

// ---- TCP ----
/** Recomputes the TCP checksum (bytes 16-17) of the `len`-byte segment at `p` with the reference. */
export function tcpFix(p: usize, len: i32, src: u32 = SRC_IP, dst: u32 = DST_IP): void {
  setBe16(p, 16, 0);
  setBe16(p, 16, refFinish(refSum(refPseudo(src, dst, 6, <u32>len), p, len)));
}

/**
 * A valid segment at `p`: ports 40000 -> 80, SEQ 0x01020304, ACK 0xa0b0c0d0, `flags`, window 0x1234,
 * the options spelled by `opts` (a multiple of 4 bytes), then `dataLen` bytes of data. Returns its length.
 */
export function tcpSeg(p: usize, opts: string, dataLen: i32, flags: u32): i32 {
  hex(p, "9c 40 00 50 01 02 03 04 a0 b0 c0 d0 00 00 12 34 00 00 00 00");
  const olen = hex(p + 20, opts);
  assert((olen & 3) == 0, "TCP options must fill whole words");
  const hlen = 20 + olen;
  store<u8>(p + 12, <u8>((hlen >> 2) << 4));
  store<u8>(p + 13, <u8>flags);
  pattern(p + <usize>hlen, dataLen, 0x31);
  const len = hlen + dataLen;
  tcpFix(p, len);
  return len;
}
