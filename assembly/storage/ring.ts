// Byte rings over static memory. Capacities are powers of two, so offsets wrap with a mask.
// Callers never move more than `cap` bytes at once (len <= cap), so a copy wraps at most once.

/** Copies `len` bytes from `src` into the ring at logical offset `off` (wrapping). */
export function ringWrite(ring: usize, cap: u32, off: u32, src: usize, len: u32): void {
  const start = off & (cap - 1);
  const first = min(len, cap - start);
  memory.copy(ring + start, src, first);
  if (first < len) memory.copy(ring, src + first, len - first);
}

/** Copies `len` bytes out of the ring from logical offset `off` (wrapping) to `dst`. */
export function ringRead(ring: usize, cap: u32, off: u32, dst: usize, len: u32): void {
  const start = off & (cap - 1);
  const first = min(len, cap - start);
  memory.copy(dst, ring + start, first);
  if (first < len) memory.copy(dst + first, ring, len - first);
}
