// host/core.ts, host/abi.ts, host/frame.ts and host/pcap.ts: the typed wrapper's guards and copies,
// name lookups, frame decoding of anything, and the pcap layout.
import test from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import { Core } from "../../host/core.js";
import { Ev, State, Err, evNames, stateName, errName, errCode, traceName, timerName, optName } from "../../host/abi.js";
import { buildIcmpEcho, buildTcp, decodeFrame, describeFrame } from "../../host/frame.js";
import { PcapWriter } from "../../host/pcap.js";
import { Peer, PEER_IP, PEER_MAC, STACK_IP, STACK_MAC } from "../../host/node/peer.js";

test("abi_nameLookups_enumNamesBothWays", () => {
  assert.equal(stateName(State.SYN_RECEIVED), "SYN_RECEIVED");
  assert.equal(stateName(99), "99");
  assert.equal(errName(Err.CONNREFUSED), "CONNREFUSED");
  assert.equal(errCode(Err.CONNREFUSED), "ECONNREFUSED");
  assert.equal(errCode(Err.WOULDBLOCK), "EAGAIN");
  assert.equal(evNames(Ev.READABLE | Ev.CONNECTED | Ev.EOF), "READABLE|CONNECTED|EOF");
  assert.equal(evNames(0), "");
  assert.deepEqual([traceName(1), timerName(5), optName(7)], ["STATE", "TIME_WAIT", "SO_ERROR"]);
});

test("core_hookCallsBackIntoCore_refusedWithClearError", () => {
  const core: Core = new Core({ send: () => { core.poll(0); } });
  // init() sends a gratuitous ARP; the hook's poll() must not run inside it.
  assert.throws(() => core.init({ mac: "02:00:00:00:00:01", ip: "10.0.0.1", seed: 1 }, 0), /poll\(\) called from inside a link_send\/trace hook/);
});

test("core_frameLongerThanFrameMax_rangeErrorNothingWritten", () => {
  const sent: Uint8Array[] = [];
  const core = new Core({ send: (f) => sent.push(f) });
  core.init({ mac: "02:00:00:00:00:01", ip: "10.0.0.1", seed: 1n }, 0);
  assert.throws(() => core.input(new Uint8Array(core.e.frame_max() + 1), 0), RangeError);
  assert.equal(core.stats().eth_in, 0);
});

test("core_sendMoreThanIoBuffer_copiedInChunksUpToSendBuffer", () => {
  const p = new Peer();
  const h = p.passiveOpen();
  const io = p.e.io_buffer_size(), snd = p.getopt(h, 8 /* SNDBUF */);
  assert.ok(snd > io, "the test needs a send buffer larger than the I/O buffer");
  const data = new Uint8Array(snd + 1000).map((_, i) => i & 255);
  assert.equal(p.wasm.send(h, data, p.now), snd, "takes what fits, one io_buffer at a time");
  assert.equal(p.wasm.send(h, data, p.now), Err.WOULDBLOCK);
  const seg = p.next()!;
  assert.deepEqual(seg.data, data.subarray(0, seg.len), "bytes arrive in order");
});

test("core_recv_copyOrEofOrError", () => {
  const p = new Peer();
  const h = p.passiveOpen();
  assert.equal(p.wasm.recv(h, 100, 0), Err.WOULDBLOCK);
  p.in("P.", 1, 1, { data: "abc" });
  const r = p.wasm.recv(h, 100, 0) as Uint8Array;
  assert.deepEqual(Buffer.from(r).toString(), "abc");
  p.in("F.", 4, 1);
  assert.equal(p.wasm.recv(h, 100, 0), 0, "end of stream");
  assert.equal(p.wasm.recv(99, 100, 0), Err.BADF);
  assert.equal(r.buffer === p.e.memory.buffer, false, "a copy, not a view of wasm memory");
});

test("core_abortFromModule_errorCarriesMessageAndFile", () => {
  // A hand-assembled module: `boom` calls env.abort("hi", "x.ts", 7, 3) with AssemblyScript strings
  // (UTF-16, byte length in the u32 before the pointer).
  const str = (s: string) => [...s].flatMap((c) => [c.charCodeAt(0), 0]);
  const u32 = (n: number) => [n & 255, (n >> 8) & 255, (n >> 16) & 255, n >>> 24];
  const sec = (id: number, body: number[]) => [id, body.length, ...body];
  const name = (s: string) => [s.length, ...[...s].map((c) => c.charCodeAt(0))];
  const data = [...u32(4), ...str("hi"), ...u32(8), ...str("x.ts")]; // at 8: len, "hi" at 12; len at 16, "x.ts" at 20
  const bytes = new Uint8Array([
    0, 0x61, 0x73, 0x6d, 1, 0, 0, 0,
    ...sec(1, [2, 0x60, 4, 0x7f, 0x7f, 0x7f, 0x7f, 0, 0x60, 0, 0]),
    ...sec(2, [1, ...name("env"), ...name("abort"), 0, 0]),
    ...sec(3, [1, 1]),
    ...sec(5, [1, 0, 1]),
    ...sec(7, [2, ...name("memory"), 2, 0, ...name("boom"), 0, 1]),
    ...sec(10, [1, 12, 0, 0x41, 12, 0x41, 20, 0x41, 7, 0x41, 3, 0x10, 0, 0x0b]),
    ...sec(11, [1, 0, 0x41, 8, 0x0b, data.length, ...data]),
  ]);
  const core = new Core({ send() {} }, new WebAssembly.Module(bytes));
  assert.throws(() => core.e.boom(), { message: "wasmtcp core abort: hi at x.ts:7:3" });
});

test("core_defaultWasmPath_resolvedFromPackageNotCwd", () => {
  const coreJs = fileURLToPath(new URL("../../host/core.js", import.meta.url));
  const filesJs = fileURLToPath(new URL("../../host/node/wasm-files.js", import.meta.url));
  const out = execFileSync(process.execPath, ["--input-type=module", "-e",
    `await import(${JSON.stringify(filesJs)}); const { Core } = await import(${JSON.stringify(coreJs)}); console.log(new Core({ send() {} }).e.frame_max());`], { cwd: tmpdir() }).toString();
  assert.equal(out.trim(), "1514");
});

test("core_noModuleSourceInstalled_loadModuleNamesFetchModule", () => {
  // The platform-neutral core reads no files: without the Node layer a build must be fetched first.
  const coreJs = fileURLToPath(new URL("../../host/core.js", import.meta.url));
  const out = execFileSync(process.execPath, ["--input-type=module", "-e",
    `const { loadModule } = await import(${JSON.stringify(coreJs)}); try { loadModule(); } catch (e) { console.log(e.message); }`], { cwd: tmpdir() }).toString();
  assert.equal(out.trim(), `wasmtcp: build wasmtcp.wasm is not loaded; in a browser, await fetchModule(url, "wasmtcp.wasm") first`);
});

test("frame_truncatedOrGarbage_decodesWhatIsIntactNeverThrows", () => {
  const full = buildTcp({ mac: PEER_MAC, ip: PEER_IP, port: 1 }, { mac: STACK_MAC, ip: STACK_IP, port: 2 }, 5, 6, 0x12, 100, 0, [2, 4, 5, 180], new Uint8Array(10));
  for (let n = 0; n <= full.length; n++) decodeFrame(full.subarray(0, n));
  assert.deepEqual(decodeFrame(full.subarray(0, 40)), { ethertype: 0x0800, proto: 6, src: PEER_IP, dst: STACK_IP, ttl: 64 }, "IPv4 intact, TCP header cut");
  const d = decodeFrame(full);
  assert.deepEqual([d.sport, d.dport, d.seq, d.ack, d.flags, d.win, d.len], [1, 2, 5, 6, 0x12, 100, 10]);
  assert.deepEqual(d.options, [{ kind: "mss", value: 1460 }]);
  assert.equal(describeFrame(full), "10.0.0.2:1 > 10.0.0.1:2 S. 5:15(10) ack 6 win 100 <mss 1460>");
});

test("frame_icmpEchoBuilt_stackRepliesWithSameIdSeqAndData", () => {
  const p = new Peer();
  const payload = new Uint8Array([1, 2, 3, 4, 5]);
  assert.equal(p.raw(buildIcmpEcho({ mac: PEER_MAC, ip: PEER_IP }, { mac: STACK_MAC, ip: STACK_IP }, 8, 0x1234, 9, payload)), 0);
  const r = p.next()!;
  assert.equal(r.type, "icmp");
  assert.deepEqual([r.icmpType, r.icmpCode, r.icmpId, r.icmpSeq, r.src, r.dst], [0, 0, 0x1234, 9, STACK_IP, PEER_IP]);
  assert.deepEqual(r.payload, payload);
});

test("pcap_headerAndRecords_microsecondTimestampsEthernet", () => {
  const w = new PcapWriter();
  w.add(1234.5, new Uint8Array([1, 2, 3]));
  const b = Buffer.from(w.bytes());
  assert.equal(b.readUInt32LE(0), 0xa1b2c3d4);
  assert.deepEqual([b.readUInt16LE(4), b.readUInt16LE(6), b.readUInt32LE(20)], [2, 4, 1], "version 2.4, LINKTYPE_ETHERNET");
  assert.deepEqual([b.readUInt32LE(24), b.readUInt32LE(28), b.readUInt32LE(32), b.readUInt32LE(36)], [1, 234500, 3, 3]);
  assert.deepEqual([...b.subarray(40)], [1, 2, 3]);
});
