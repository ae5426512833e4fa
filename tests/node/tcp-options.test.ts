// Options: MSS (RFC 9293 3.7.1), window scale (RFC 7323 2), SACK (RFC 2018), unknown options.
import test from "node:test";
import assert from "node:assert/strict";
import { Peer, PEER_ISN, Opt } from "./support/peer.js";

const WS = (s: number) => [1, 3, 3, s];
const SACK_OK = [1, 1, 4, 2];
const MSS = (m: number) => [2, 4, m >> 8, m & 255];

test("SYN_SENT_connect_offersMssWindowScaleAndSack", () => {
  const p = new Peer();
  p.connect();
  const syn = p.out("S", 0, 0, { mss: 1460 });
  assert.equal(syn.wscale, 0, "4 KiB of receive buffer needs no shift");
  assert.equal(syn.sackOk, true);
  p.none();
});

test("LISTEN_rcvSynWithoutOptions_synAckCarriesOnlyMss", () => {
  const p = new Peer();
  p.listen();
  p.in("S", 0, 0, { options: [] });
  const sa = p.out("S.", 0, 1, { mss: 1460 });
  assert.deepEqual(sa.optionKinds, [2], "no window scale or SACK-permitted unless offered");
});

test("LISTEN_rcvSynWithWscaleAndSackOk_synAckEchoesBoth", () => {
  const p = new Peer();
  p.listen();
  p.in("S", 0, 0, { options: [...MSS(1460), ...SACK_OK, ...WS(7)] });
  const sa = p.out("S.", 0, 1, { mss: 1460 });
  assert.equal(sa.wscale, 0);
  assert.equal(sa.sackOk, true);
});

test("ESTABLISHED_peerWindowScaled_windowShiftedBySeven", () => {
  const p = new Peer();
  const l = p.listen();
  p.in("S", 0, 0, { options: [...MSS(1460), ...WS(7)], win: 65535 });
  p.out("S.", 0, 1);
  p.in(".", 1, 1, { win: 20 }); // 20 << 7 = 2560 bytes; unscaled, 20 bytes would send nothing
  const h = p.accept(l);
  assert.equal(p.send(h, 2000), 2000);
  p.out(".", 1, 1, { len: 1460 });
  p.none(); // Nagle holds the 540-byte tail until the ACK
});

test("ESTABLISHED_noWindowScale_peerWindowUnshifted", () => {
  const p = new Peer();
  const h = p.passiveOpen({ win: 300 });
  p.send(h, 1000);
  p.out(".", 1, 1, { len: 300 });
  p.none();
});

test("ESTABLISHED_outOfOrderWithSack_dupAckCarriesBlocksNewestFirst", () => {
  const p = new Peer();
  const l = p.listen();
  p.in("S", 0, 0, { options: [...MSS(1460), ...SACK_OK] });
  p.out("S.", 0, 1);
  p.in(".", 1, 1);
  const h = p.accept(l);
  p.in(".", 101, 1, { data: 100 });
  const a1 = p.out(".", 1, 1);
  assert.deepEqual(a1.sack, [[PEER_ISN + 101, PEER_ISN + 201]]);
  p.in(".", 401, 1, { data: 100 });
  const a2 = p.out(".", 1, 1);
  assert.deepEqual(a2.sack, [[PEER_ISN + 401, PEER_ISN + 501], [PEER_ISN + 101, PEER_ISN + 201]], "RFC 2018 4: the newest first");
  p.in(".", 1, 1, { data: 100 }); // fills the first hole
  const a3 = p.out(".", 1, 201);
  assert.deepEqual(a3.sack, [[PEER_ISN + 401, PEER_ISN + 501]]);
  p.none();
  assert.equal((p.recv(h) as string).length, 200);
});

test("ESTABLISHED_outOfOrderWithoutSackPermitted_noSackBlocks", () => {
  const p = new Peer();
  p.passiveOpen();
  p.in(".", 101, 1, { data: 100 });
  const a = p.out(".", 1, 1);
  assert.equal(a.sack, undefined);
});

test("LISTEN_rcvSynWithTimestampsAndUnknownOptions_timestampEchoedUnknownSkipped", () => {
  const p = new Peer();
  p.listen();
  // MSS, SACK-permitted, timestamps (kind 8), NOP, window scale, and an unknown kind 99 of length 4.
  p.in("S", 0, 0, { options: [2, 4, 5, 180, 4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0, 1, 3, 3, 7, 99, 4, 0, 0] });
  const sa = p.out("S.", 0, 1, { mss: 1460 });
  assert.equal(sa.wscale, 0);
  assert.deepEqual(sa.optionKinds!.filter((k) => k === 8), [8], "timestamps echoed (RFC 7323 3.2); kind 99 skipped");
});

test("LISTEN_rcvSynWithMssWrongLength_mssIgnoredDefault536", () => {
  const p = new Peer();
  const l = p.listen();
  p.in("S", 0, 0, { options: [2, 3, 5, 1] });
  p.out("S.", 0, 1);
  p.in(".", 1, 1);
  const h = p.accept(l);
  assert.equal(p.getopt(h, Opt.MSS), 536);
});

test("LISTEN_rcvSynWithZeroLengthOption_dropped", () => {
  const p = new Peer();
  p.listen();
  assert.ok(p.in("S", 0, 0, { options: [2, 0, 0, 0] }) > 0);
  p.none();
  assert.equal(p.stats().drop_tcp_options, 1);
});

test("largeBuild_receiveBufferAbove64KiB_windowScaleOffered", () => {
  const p = new Peer({ build: "wasmtcp-large.wasm" });
  p.connect();
  const syn = p.out("S", 0, 0);
  assert.equal(syn.wscale, 2, "128 KiB needs a shift of 2");
  p.in("S.", 0, 1, { options: [...MSS(1460), ...WS(7)] });
  const ack = p.out(".", 1, 1);
  assert.equal(ack.win, Math.ceil(131072 / 4) > 65535 ? 65535 : 131072 / 4, "advertised window shifted right by 2");
});

test("ESTABLISHED_sackedHolesInRecovery_rackResendsEachHoleAsPipeAllows", () => {
  const p = new Peer({ build: "wasmtcp-mps2.wasm" });
  const l = p.listen();
  p.in("S", 0, 0, { options: [...MSS(1000), ...SACK_OK] });
  p.out("S.", 0, 1);
  p.in(".", 1, 1);
  const h = p.accept(l);
  p.setopt(h, Opt.NODELAY, 1);
  p.send(h, 2000);
  p.send(h, 2000);
  p.out(".", 1, 1, { len: 1000 }); p.out("P.", 1001, 1, { len: 1000 });
  p.out(".", 2001, 1, { len: 1000 }); p.out("P.", 3001, 1, { len: 1000 });
  p.in(".", 1, 4001); // cwnd grows to 5000
  for (const n of [2000, 2000, 2000, 1000]) p.send(h, n);
  p.out(".", 4001, 1, { len: 1000 }); p.out("P.", 5001, 1, { len: 1000 });
  p.out(".", 6001, 1, { len: 1000 }); p.out("P.", 7001, 1, { len: 1000 });
  p.out(".", 8001, 1, { len: 1000 });
  p.none(); // cwnd is full; 2000 bytes wait
  const isn = p.stackIsn!;
  const sack = (...blocks: [number, number][]) => {
    const o = [1, 1, 5, 2 + 8 * blocks.length];
    for (const [a, b] of blocks) for (const x of [isn + a, isn + b]) o.push((x >>> 24) & 255, (x >>> 16) & 255, (x >>> 8) & 255, x & 255);
    return o;
  };
  // 4001 and 6001 are lost; the peer SACKs what arrives.
  p.in(".", 1, 4001, { options: sack([5001, 6001]) });
  p.out(".", 4001, 1, { len: 1000 }); // RACK: 5001, sent after it, arrived: 4001 is lost (RFC 8985 6.2)
  p.none(); // recovery: cwnd is half the flight (2500), pipe 4000
  p.in(".", 1, 4001, { options: sack([7001, 8001], [5001, 6001]) });
  p.none(); // 6001 is lost too, but cwnd - pipe is under one segment (RFC 6675 5)
  p.in(".", 1, 4001, { options: sack([7001, 9001], [5001, 6001]) });
  p.out(".", 6001, 1, { len: 1000 }); // the next hole, as soon as pipe allows, without waiting for a partial ACK
  p.none();
  p.in(".", 1, 9001); // the full ACK ends recovery: the 2000 bytes waiting go
  p.out(".", 9001, 1, { len: 1000 });
  p.out("P.", 10001, 1, { len: 1000 });
  p.none();
  assert.equal(p.stats().tcp_rto_timeouts, 0);
  assert.equal(p.stats().tcp_retransmits, 2);
});
