// The application's UDP calls (udp_* exports). Data passes through io_buffer, as for TCP.
import { Err, Ev } from "../abi";
import { IO_BUFFER_SIZE } from "../config";
import { IO, setNow } from "../iface/netif";
import { udpOutput } from "./output";
import {
  endpoint, endpointBind, endpointFree, endpointDequeue, slotOfEndpoint, handleOfEndpoint, endpointsInUse,
} from "./endpoints";

export function bind(port: u32): i32 {
  const i = endpointBind(port);
  return i < 0 ? i : handleOfEndpoint(i);
}

/** Sends `len` bytes of io_buffer to ip:port. Returns len or a negative Err. */
export function sendto(h: i32, ip: u32, port: u32, len: u32, t0: u32): i32 {
  setNow(t0);
  const i = slotOfEndpoint(h);
  if (i < 0) return Err.BADF;
  if (len > <u32>IO_BUFFER_SIZE) return Err.INVAL;
  const e = endpoint(i);
  const r = udpOutput(e.port, ip, port, IO, len);
  if (r < 0) return r;
  e.dst_ip = ip;
  e.dst_port = port;
  return <i32>len;
}

/** Copies the oldest queued datagram (at most `len` bytes of it) into io_buffer; returns its full length
 *  (more than `len`: the rest was discarded), or Err.WOULDBLOCK when none waits. udp_from_ip/port tell
 *  where it came from. */
export function recvfrom(h: i32, len: u32): i32 {
  const i = slotOfEndpoint(h);
  if (i < 0) return Err.BADF;
  const n = endpointDequeue(i, IO, min(len, <u32>IO_BUFFER_SIZE));
  return n < 0 ? Err.WOULDBLOCK : n;
}

export function fromIp(h: i32): u32 { const i = slotOfEndpoint(h); return i < 0 ? 0 : endpoint(i).from_ip; }
export function fromPort(h: i32): i32 { const i = slotOfEndpoint(h); return i < 0 ? Err.BADF : <i32>endpoint(i).from_port; }
export function localPort(h: i32): i32 { const i = slotOfEndpoint(h); return i < 0 ? Err.BADF : <i32>endpoint(i).port; }

export function close(h: i32): i32 {
  const i = slotOfEndpoint(h);
  if (i < 0) return Err.BADF;
  endpointFree(i);
  return Err.OK;
}

/** Ev.READABLE while a datagram waits, WRITABLE always (datagrams are never queued for sending), ERROR
 *  while an ICMP error waits for udp_error. */
export function events(h: i32): i32 {
  const i = slotOfEndpoint(h);
  if (i < 0) return Err.BADF;
  const e = endpoint(i);
  return (e.q_count > 0 ? Ev.READABLE : 0) | Ev.WRITABLE | (e.error != 0 ? Ev.ERROR : 0);
}

/** The pending ICMP error (a negative Err), cleared by reading; 0 if none. */
export function takeError(h: i32): i32 {
  const i = slotOfEndpoint(h);
  if (i < 0) return Err.BADF;
  const e = endpoint(i);
  const r = e.error;
  e.error = 0;
  return r;
}

export function inUse(): i32 { return endpointsInUse(); }
