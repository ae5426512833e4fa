// In-place ring access (tcp_send_reserve/commit, tcp_recv_peek/consume, ring_span): the host writes into
// the send ring and reads from the receive ring without io_buffer(); spans stop where the ring wraps.
import test from "node:test";
import assert from "node:assert/strict";
import { Peer, Err } from "./support/peer.js";

const text = (s: string) => new TextEncoder().encode(s);
const at = (p: Peer, n: number) => new Uint8Array(p.e.memory.buffer, p.e.ring_span(), n);
const pattern = (n: number, seed: number) => Uint8Array.from({ length: n }, (_, i) => (i * 7 + seed) & 255);

/** Takes `n` bytes of data segments from the stack, acknowledging each flight (the send window and
 *  congestion window let only part go at once); `seq` is the first byte's relative sequence number. */
function takeData(p: Peer, n: number, seq: number): number[] {
  const out: number[] = [];
  while (out.length < n) {
    const before = out.length;
    for (let s = p.next(); s; s = p.next()) out.push(...s.payload!);
    assert.ok(out.length > before, `the stack sent more after ${out.length} bytes`);
    p.in(".", 1, seq + out.length);
  }
  p.none();
  return out;
}

test("ESTABLISHED_sendReserveWriteCommit_segmentCarriesTheBytes", () => {
  const p = new Peer();
  const h = p.passiveOpen();
  assert.equal(p.e.tcp_send_reserve(h), 4096, "the whole empty send ring, from its start");
  at(p, 5).set(text("hello"));
  assert.equal(p.e.tcp_send_commit(h, 5, p.now), 5);
  p.out("P.", 1, 1, { data: "hello" });
  p.none();
});

test("ESTABLISHED_sendReserveNearRingEnd_spanStopsAtTheWrapThenRestarts", () => {
  const p = new Peer();
  const h = p.passiveOpen();
  const first = pattern(4000, 1);
  assert.equal(p.e.tcp_send_reserve(h), 4096);
  at(p, 4000).set(first);
  assert.equal(p.e.tcp_send_commit(h, 4000, p.now), 4000);
  assert.deepEqual(takeData(p, 4000, 1), [...first]);
  assert.equal(p.e.tcp_send_reserve(h), 96, "from offset 4000 to the ring's end");
  const tail = pattern(96, 2);
  at(p, 96).set(tail);
  assert.equal(p.e.tcp_send_commit(h, 96, p.now), 96);
  assert.equal(p.e.tcp_send_reserve(h), 4000, "then from the ring's start, up to what is free");
  const head = pattern(50, 3);
  at(p, 50).set(head);
  assert.equal(p.e.tcp_send_commit(h, 50, p.now), 50);
  assert.deepEqual(takeData(p, 146, 4001), [...tail, ...head], "the bytes in order across the wrap");
});

test("ESTABLISHED_recvPeekConsume_bytesReadInPlaceInParts", () => {
  const p = new Peer();
  const h = p.passiveOpen();
  p.in("P.", 1, 1, { data: "abcdef" });
  assert.equal(p.e.tcp_recv_peek(h), 6);
  assert.equal(new TextDecoder().decode(at(p, 6)), "abcdef");
  assert.equal(p.e.tcp_recv_consume(h, 2, p.now), 2);
  assert.equal(p.e.tcp_recv_peek(h), 4);
  assert.equal(new TextDecoder().decode(at(p, 4)), "cdef");
  assert.equal(p.e.tcp_recv_consume(h, 4, p.now), 4);
  assert.equal(p.e.tcp_recv_peek(h), Err.WOULDBLOCK, "nothing queued");
});

test("ESTABLISHED_recvPeekAcrossRingEnd_twoSpansInOrder", () => {
  const p = new Peer();
  const h = p.passiveOpen();
  const a = pattern(3000, 4), b = pattern(2000, 5);
  p.in(".", 1, 1, { data: a.subarray(0, 1460) });
  p.in(".", 1461, 1, { data: a.subarray(1460, 2920) });
  p.in("P.", 2921, 1, { data: a.subarray(2920) });
  assert.equal(p.e.tcp_recv_peek(h), 3000);
  assert.equal(p.e.tcp_recv_consume(h, 3000, p.now), 3000);
  p.in(".", 3001, 1, { data: b.subarray(0, 1460) });
  p.in("P.", 4461, 1, { data: b.subarray(1460) });
  assert.equal(p.e.tcp_recv_peek(h), 1096, "from offset 3000 to the ring's end");
  assert.deepEqual([...at(p, 1096)], [...b.subarray(0, 1096)]);
  assert.equal(p.e.tcp_recv_consume(h, 1096, p.now), 1096);
  assert.equal(p.e.tcp_recv_peek(h), 904, "the rest, from the ring's start");
  assert.deepEqual([...at(p, 904)], [...b.subarray(1096)]);
});

test("CLOSE_WAIT_recvPeekAfterDataAndFin_dataThenEndOfStream", () => {
  const p = new Peer();
  const h = p.passiveOpen();
  p.in("FP.", 1, 1, { data: "bye" });
  assert.equal(p.e.tcp_recv_peek(h), 3);
  assert.equal(p.e.tcp_recv_consume(h, 3, p.now), 3);
  assert.equal(p.e.tcp_recv_peek(h), 0, "end of stream");
});

test("ESTABLISHED_inPlaceMisuse_namedErrorsAndNothingSent", () => {
  const p = new Peer();
  const l = p.listen(81);
  const h = p.passiveOpen();
  p.in("P.", 1, 1, { data: "xy" });
  p.advance(200);
  p.out(".", 1, 3); // the delayed ACK
  assert.equal(p.e.tcp_recv_consume(h, 3, p.now), Err.INVAL, "more than is queued");
  assert.equal(p.e.tcp_send_reserve(h), 4096);
  assert.equal(p.e.tcp_send_commit(h, 4097, p.now), Err.INVAL, "more than the ring holds");
  assert.equal(p.e.tcp_send_commit(h, 0, p.now), 0);
  assert.equal(p.e.tcp_recv_peek(l), Err.OPNOTSUPP, "a listener has no rings");
  assert.equal(p.e.tcp_send_reserve(l), Err.OPNOTSUPP);
  assert.equal(p.e.tcp_recv_peek(12345), Err.BADF);
  assert.equal(p.e.tcp_send_commit(12345, 1, p.now), Err.BADF);
  p.none();
  p.shutdown(h);
  p.out("F.", 1, 3);
  assert.equal(p.e.tcp_send_reserve(h), Err.PIPE, "after our FIN");
  assert.equal(p.e.tcp_send_commit(h, 1, p.now), Err.PIPE);
  p.none();
});
