// The application's UDP endpoints: a fixed table, each with a receive queue of whole datagrams.
// Handles are (generation << 8) | slot, so a handle kept after udp_close never reaches the slot's next owner.
import { UDP_ENDPOINTS, UDP_RCV_BUF, TCP_EPHEMERAL_FIRST, TCP_EPHEMERAL_LAST } from "../config";
import { Err } from "../abi";
import { udpServicePortInUse } from "./services";

// @ts-ignore: decorator
@unmanaged export class Endpoint {
  port: u32; // local port; 0: the slot is free
  gen: u32; // bumped when the slot is freed
  error: i32; // pending soft error (a negative Err) from an ICMP message, until udp_error reads it
  dst_ip: u32; // where the last datagram went: an ICMP error must quote it (RFC 5927 4.1)
  dst_port: u32;
  from_ip: u32; // the source of the datagram udp_recvfrom returned last
  from_port: u32;
  q_len: u32; // bytes queued (records of REC_HLEN + data)
  q_count: u32; // datagrams queued
}
const EP_SIZE: i32 = <i32>offsetof<Endpoint>();
const TABLE = memory.data(EP_SIZE * UDP_ENDPOINTS);
const QUEUES = memory.data(UDP_RCV_BUF * UDP_ENDPOINTS);
/** Each queued datagram: its length (u16), source port (u16), source address (u32), then the data. */
export const REC_HLEN: u32 = 8;
export const UDP_ENDPOINT_BYTES: i32 = EP_SIZE + UDP_RCV_BUF;

let next_port: u32 = 0;

// @ts-ignore: decorator
@inline export function endpoint(i: i32): Endpoint { return changetype<Endpoint>(TABLE + <usize>(i * EP_SIZE)); }
// @ts-ignore: decorator
@inline export function queueOf(i: i32): usize { return QUEUES + <usize>i * UDP_RCV_BUF; }

export function endpointsReset(seed: u32): void {
  memory.fill(TABLE, 0, EP_SIZE * UDP_ENDPOINTS);
  next_port = seed % <u32>(TCP_EPHEMERAL_LAST - TCP_EPHEMERAL_FIRST + 1);
}

export function handleOfEndpoint(i: i32): i32 { return <i32>((endpoint(i).gen & 0x7fffff) << 8) | i; }

/** The slot of a live handle, or -1. */
export function slotOfEndpoint(h: i32): i32 {
  if (h < 0) return -1;
  const i = h & 0xff;
  if (i >= UDP_ENDPOINTS || endpoint(i).port == 0 || handleOfEndpoint(i) != h) return -1;
  return i;
}

export function endpointFind(port: u32): i32 {
  if (port == 0) return -1;
  for (let i = 0; i < UDP_ENDPOINTS; i++) if (endpoint(i).port == port) return i;
  return -1;
}

/** Binds `port` (0: an ephemeral one, RFC 6056 3.3.1's simple sequential choice from a seeded start).
 *  Returns the slot or a negative Err. Ports the core's own protocols use are taken. */
export function endpointBind(port: u32): i32 {
  if (port > 0xffff) return Err.INVAL;
  let slot = -1;
  for (let i = 0; i < UDP_ENDPOINTS; i++) if (endpoint(i).port == 0) { slot = i; break; }
  if (slot < 0) return Err.NOBUFS;
  if (port == 0) {
    const n = <u32>(TCP_EPHEMERAL_LAST - TCP_EPHEMERAL_FIRST + 1);
    for (let k: u32 = 0; k < n && port == 0; k++) {
      const p = <u32>TCP_EPHEMERAL_FIRST + (next_port++ % n);
      if (endpointFind(p) < 0 && !udpServicePortInUse(p)) port = p;
    }
    if (port == 0) return Err.ADDRINUSE;
  } else if (endpointFind(port) >= 0 || udpServicePortInUse(port)) return Err.ADDRINUSE;
  const e = endpoint(slot);
  const gen = e.gen;
  memory.fill(changetype<usize>(e), 0, EP_SIZE);
  e.gen = gen;
  e.port = port;
  return slot;
}

export function endpointFree(i: i32): void {
  const e = endpoint(i);
  e.port = 0;
  e.gen = (e.gen + 1) & 0x7fffff;
  e.q_len = 0;
  e.q_count = 0;
}

/** Queues a datagram for slot `i`; false when the queue has no room for all of it. */
export function endpointQueue(i: i32, src: u32, sport: u32, data: usize, len: u32): bool {
  const e = endpoint(i);
  if (e.q_len + REC_HLEN + len > <u32>UDP_RCV_BUF) return false;
  const r = queueOf(i) + e.q_len;
  store<u16>(r, <u16>len);
  store<u16>(r + 2, <u16>sport);
  store<u32>(r + 4, src);
  memory.copy(r + REC_HLEN, data, len);
  e.q_len += REC_HLEN + len;
  e.q_count++;
  return true;
}

/** Takes the oldest datagram of slot `i`: copies at most `max` bytes of it to `out` (the rest of a longer
 *  one is discarded, as recvfrom without MSG_PEEK does) and returns its full length, or -1 when none. */
export function endpointDequeue(i: i32, out: usize, max: u32): i32 {
  const e = endpoint(i);
  if (e.q_count == 0) return -1;
  const q = queueOf(i);
  const len = <u32>load<u16>(q);
  e.from_port = load<u16>(q + 2);
  e.from_ip = load<u32>(q + 4);
  memory.copy(out, q + REC_HLEN, min(len, max));
  const used = REC_HLEN + len;
  memory.copy(q, q + used, e.q_len - used);
  e.q_len -= used;
  e.q_count--;
  return <i32>len;
}

export function endpointsInUse(): i32 {
  let n = 0;
  for (let i = 0; i < UDP_ENDPOINTS; i++) if (endpoint(i).port != 0) n++;
  return n;
}
