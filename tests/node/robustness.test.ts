// Bad input gets a clear outcome: dropped and counted, never a trap, never harm to another connection.
import test from "node:test";
import assert from "node:assert/strict";
import { Peer, State, Err, Opt } from "./support/peer.js";
import { prng } from "./support/pair.js";
import { synSent, finWait1 } from "./support/states.js";
import { tcpFrame, ACK, PSH } from "./support/frames.js";
import { PEER_MAC, STACK_MAC, PEER_IP, STACK_IP, PEER_ISN } from "./support/peer.js";

test("anyState_100kMutatedFrames_noTrapAndConnectionIntact", () => {
  const p = new Peer();
  const h = p.passiveOpen();
  const rnd = prng(1234);
  const base = tcpFrame({ srcMac: PEER_MAC, dstMac: STACK_MAC, src: PEER_IP, dst: STACK_IP, sport: 40000, dport: 8080,
    seq: PEER_ISN + 1, ack: p.stackIsn! + 1, flags: ACK | PSH, win: 65535, options: [2, 4, 5, 180, 1, 3, 3, 7], data: new Uint8Array(40) });
  let dropped = 0;
  for (let i = 0; i < 100_000; i++) {
    const f = base.slice(0, rnd() < 0.1 ? Math.floor(rnd() * base.length) : base.length);
    const flips = 1 + Math.floor(rnd() * 4);
    for (let k = 0; k < flips; k++) f[Math.floor(rnd() * f.length)] = Math.floor(rnd() * 256);
    const r = p.raw(f);
    assert.ok(Number.isInteger(r) && r >= 0);
    if (r > 0) dropped++;
    p.core.sent.length = 0;
  }
  assert.ok(dropped > 90_000, "almost every mutation is caught");
  const s = p.stats();
  const drops = Object.entries(s).filter(([k]) => k.startsWith("drop_")).reduce((a, [, v]) => a + v, 0);
  assert.ok(drops >= dropped, "every drop is counted under a reason");
  assert.equal(p.state(h), State.ESTABLISHED, "no mutation hurt the connection");
});

test("ESTABLISHED_randomBytesAsFrames_noTrapOtherConnectionUndisturbed", () => {
  const p = new Peer();
  const h = p.passiveOpen();
  const rnd = prng(99);
  for (let i = 0; i < 20_000; i++) {
    const len = Math.floor(rnd() * 1600);
    const f = new Uint8Array(len);
    for (let k = 0; k < len; k++) f[k] = Math.floor(rnd() * 256);
    if (len > 14 && rnd() < 0.5) { f.set(STACK_MAC, 0); f[12] = 8; f[13] = rnd() < 0.5 ? 0 : 6; }
    if (len > 14) p.raw(f.subarray(0, Math.min(len, 1514)));
  }
  p.core.sent.length = 0;
  assert.equal(p.state(h), State.ESTABLISHED);
  p.in("P.", 1, 1, { data: "still here" });
  assert.equal(p.recv(h), "still here");
});

test("api_misuse_namedErrors", () => {
  const p = new Peer();
  assert.equal(p.send(99, "x"), Err.BADF);
  assert.equal(p.recv(-1), Err.BADF);
  assert.equal(p.close(3), Err.BADF, "a slot not owned by the application");
  assert.equal(p.listen(0), Err.INVAL);
  assert.equal(p.listen(70000), Err.INVAL);
  const l = p.listen(8080);
  assert.equal(p.listen(8080), Err.ADDRINUSE);
  assert.equal(p.send(l, "x"), Err.OPNOTSUPP);
  assert.equal(p.e.tcp_connect(0, 80, 0, 0), Err.INVAL, "address 0");
  assert.equal(p.e.tcp_connect(0xffffffff, 80, 0, 0), Err.INVAL, "broadcast");
  assert.equal(p.e.tcp_connect(STACK_IP, 80, 0, 0), Err.INVAL, "ourselves");
  assert.equal(p.e.tcp_connect(PEER_IP, 0, 0, 0), Err.INVAL, "port 0");
  const h = synSent(p);
  assert.equal(p.accept(h), Err.OPNOTSUPP);
  assert.equal(p.setopt(h, Opt.KEEPIDLE, 0), Err.INVAL, "keepidle 0");
  assert.equal(p.setopt(h, 999, 1), Err.INVAL);
  assert.equal(p.getopt(h, 999), Err.INVAL);
  assert.equal(p.shutdown(h, 7), Err.INVAL);
  assert.equal(p.e.tcp_send(h, 1 << 20, 0), Err.INVAL, "more than the I/O buffer");
  assert.equal(p.recv(h), Err.WOULDBLOCK);
  p.close(h);
  assert.equal(p.close(h), Err.BADF, "closed twice");
  assert.equal(p.state(h), Err.BADF);
});

test("api_tableFull_connectReturnsNobufs", () => {
  const p = new Peer();
  const handles = [];
  for (let i = 0; i < 4; i++) handles.push(p.e.tcp_connect(PEER_IP, 80, 0, 0));
  assert.ok(handles.every((h) => h >= 0));
  assert.equal(p.e.tcp_connect(PEER_IP, 80, 0, 0), Err.NOBUFS);
  assert.equal(new Set(handles.map((h) => p.e.tcp_local_port(h))).size, 4, "distinct ephemeral ports");
});

test("api_shutdownThenSend_pipe", () => {
  const p = new Peer();
  const h = finWait1(p);
  assert.equal(p.send(h, "x"), Err.PIPE);
});

test("api_ephemeralPorts_inIanaRangeAndSeedDependent", () => {
  const a = new Peer({ seed: 1 }), b = new Peer({ seed: 2 });
  const pa = a.e.tcp_local_port(a.e.tcp_connect(PEER_IP, 80, 0, 0));
  const pb = b.e.tcp_local_port(b.e.tcp_connect(PEER_IP, 80, 0, 0));
  for (const x of [pa, pb]) assert.ok(x >= 49152 && x <= 65535);
  assert.notEqual(pa, pb);
});

test("api_isn_dependsOnSeedTupleAndClock", () => {
  const isn = (seed: number, port: number, now: number) => {
    const p = new Peer({ seed });
    p.now = now;
    p.connect(port);
    return p.out("S", 0, 0).seq!;
  };
  const base = isn(1, 40000, 0);
  assert.equal(isn(1, 40000, 0), base, "deterministic for the same inputs");
  assert.notEqual(isn(2, 40000, 0), base, "keyed by the seed");
  assert.notEqual(isn(1, 40001, 0), base, "keyed by the 4-tuple");
  assert.equal((isn(1, 40000, 1000) - base) >>> 0, 250_000, "plus a 4 us clock (RFC 6528)");
});

test("api_tableFullOfTimeWait_newConnectionReusesOldestTimeWaitSlot", () => {
  const p = new Peer();
  const l = p.listen();
  for (let i = 0; i < 4; i++) {
    p.stackIsn = null;
    p.in("S", 0, 0, { sport: 2000 + i });
    p.out("S.", 0, 1);
    p.in(".", 1, 1, { sport: 2000 + i });
    const h = p.accept(l);
    p.close(h);
    p.out("F.", 1, 1);
    p.in("F.", 1, 2, { sport: 2000 + i });
    p.out(".", 2, 2);
    p.advance(1000);
  }
  assert.equal(p.e.tcp_count_state(State.TIME_WAIT), 4, "every slot is in TIME-WAIT");
  p.stackIsn = null;
  p.in("S", 0, 0, { sport: 3000 });
  p.out("S.", 0, 1);
  assert.equal(p.e.tcp_count_state(State.TIME_WAIT), 3, "the oldest TIME-WAIT gave way");
  p.none();
});
