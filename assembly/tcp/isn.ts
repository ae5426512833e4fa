// Initial sequence numbers (RFC 6528) and ephemeral ports (RFC 6056), both keyed from the init seed.
// The only randomness in the core: everything here is a function of (seed, inputs, now).
import { now } from "../iface/netif";

let isn_k0: u64 = 0;
let isn_k1: u64 = 0;
let port_k0: u64 = 0;
let port_k1: u64 = 0;
let cookie_k0: u64 = 0;
let cookie_k1: u64 = 0;
let rand_k0: u64 = 0;
let rand_k1: u64 = 0;
let rand_n: u64 = 0;
/** RFC 6056 3.3.3: next_ephemeral, advanced on every port tried, so that back-to-back connections to
 *  one destination never reuse a port. */
let next_ephemeral: u32 = 0;

/** SplitMix64: expands the 64-bit seed into independent keys. */
export function splitmix(x: u64): u64 {
  let z = x + 0x9e3779b97f4a7c15;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9;
  z = (z ^ (z >> 27)) * 0x94d049bb133111eb;
  return z ^ (z >> 31);
}

export function seedKeys(seed: u64): void {
  isn_k0 = splitmix(seed);
  isn_k1 = splitmix(isn_k0);
  port_k0 = splitmix(isn_k1);
  port_k1 = splitmix(port_k0);
  cookie_k0 = splitmix(port_k1);
  cookie_k1 = splitmix(cookie_k0);
  rand_k0 = splitmix(cookie_k1);
  rand_k1 = splitmix(rand_k0);
  rand_n = 0;
  next_ephemeral = 0;
}

/** SipHash-2-4 of two 64-bit words: the keyed pseudorandom function F of RFC 6528 3. */
function siphash(k0: u64, k1: u64, m0: u64, m1: u64): u64 {
  let v0: u64 = k0 ^ 0x736f6d6570736575;
  let v1: u64 = k1 ^ 0x646f72616e646f6d;
  let v2: u64 = k0 ^ 0x6c7967656e657261;
  let v3: u64 = k1 ^ 0x7465646279746573;
  for (let w = 0; w < 3; w++) {
    const m: u64 = w == 0 ? m0 : (w == 1 ? m1 : (<u64>16 << 56));
    v3 ^= m;
    for (let r = 0; r < 2; r++) {
      v0 += v1; v1 = rotl<u64>(v1, 13); v1 ^= v0; v0 = rotl<u64>(v0, 32);
      v2 += v3; v3 = rotl<u64>(v3, 16); v3 ^= v2;
      v0 += v3; v3 = rotl<u64>(v3, 21); v3 ^= v0;
      v2 += v1; v1 = rotl<u64>(v1, 17); v1 ^= v2; v2 = rotl<u64>(v2, 32);
    }
    v0 ^= m;
  }
  v2 ^= 0xff;
  for (let r = 0; r < 4; r++) {
    v0 += v1; v1 = rotl<u64>(v1, 13); v1 ^= v0; v0 = rotl<u64>(v0, 32);
    v2 += v3; v3 = rotl<u64>(v3, 16); v3 ^= v2;
    v0 += v3; v3 = rotl<u64>(v3, 21); v3 ^= v0;
    v2 += v1; v1 = rotl<u64>(v1, 17); v1 ^= v2; v2 = rotl<u64>(v2, 32);
  }
  return v0 ^ v1 ^ v2 ^ v3;
}

/** RFC 6528 3: ISN = M + F(localip, localport, remoteip, remoteport, secretkey), M a 4 us clock. */
export function isnFor(local_ip: u32, local_port: u32, remote_ip: u32, remote_port: u32): u32 {
  const f = siphash(isn_k0, isn_k1, (<u64>local_ip << 32) | <u64>remote_ip, (<u64>local_port << 16) | <u64>remote_port);
  return <u32>f + now * 250;
}

/** RFC 4987 3.6: the keyed hash of a SYN cookie, under its own key. */
export function cookieHash(m0: u64, m1: u64): u32 { return <u32>siphash(cookie_k0, cookie_k1, m0, m1); }

/** RFC 6056 3.3.3: the counter to add to the offset for the next port tried; it advances. */
export function nextEphemeral(): u32 { return next_ephemeral++; }

/** RFC 6056 3.3.3 (Algorithm 3): offset = F(local IP, remote IP, remote port, secret key). */
export function portOffset(local_ip: u32, remote_ip: u32, remote_port: u32): u32 {
  return <u32>siphash(port_k0, port_k1, (<u64>local_ip << 32) | <u64>remote_ip, <u64>remote_port);
}

/** RFC 7323 5.4: each connection's timestamp clock starts at a keyed hash of its 4-tuple (the upper half
 *  of the hash whose lower half is the ISN's offset, so it reveals nothing of the ISN). */
export function tsOffsetFor(local_ip: u32, local_port: u32, remote_ip: u32, remote_port: u32): u32 {
  return <u32>(siphash(isn_k0, isn_k1, (<u64>local_ip << 32) | <u64>remote_ip, (<u64>local_port << 16) | <u64>remote_port) >> 32);
}

/** The next value of a keyed stream (SipHash of a counter under its own key): DNS query IDs and ports,
 *  mDNS probe delays. Unpredictable without the seed (RFC 5452 9.2), the same on every engine. */
export function randomU32(): u32 { return <u32>siphash(rand_k0, rand_k1, rand_n++, 0); }
