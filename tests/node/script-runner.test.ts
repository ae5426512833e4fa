// The script runner as packetdrill runs scripts: nothing is checked after the last line unless asked
// (--strict-end), header options from the script or the command line, and %{ }% assertions that fail by
// line with the values they saw. The vectors (tests/vectors) cover each feature against the stack.
import test from "node:test";
import assert from "node:assert/strict";
import { runScript } from "../../host/script/run.js";
import { decodeFrame } from "../../host/frame.js";
import "../../host/node/wasm-files.js"; // builds read from build/

const OPEN = `0   socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
+0  setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0
+0  bind(3, ..., ...) = 0
+0  listen(3, 1) = 0
+0  < S 0:0(0) win 8192 <mss 1460>
+0  > S. 0:0(0) ack 1 win 4096 <mss 1460>
+.1 < . 1:1(0) ack 1 win 8192
+0  accept(3, ..., ...) = 4
`;
// close() sends a FIN the script does not list.
const CLOSE_LAST = `${OPEN}+0  close(4) = 0\n`;

test("scriptEnd_segmentAfterLastLine_passesByDefault", () => {
  const r = runScript(CLOSE_LAST);
  const last = decodeFrame(r.frames[r.frames.length - 1].bytes);
  assert.equal(last.flags, 0x11, "the FIN went out, unchecked");
});

test("scriptEnd_segmentAfterLastLineWithStrictEnd_failsNamingIt", () => {
  assert.throws(() => runScript(CLOSE_LAST, { strictEnd: true }), /unexpected outbound segment F\. 1:1\(0\) ack 1 .* before the end of the script/);
  assert.throws(() => runScript(`--strict-end\n${CLOSE_LAST}`), /before the end of the script/);
});

test("scriptEnd_blockingCallNeverReturned_failsEvenWhenLenient", () => {
  assert.throws(() => runScript(`${OPEN}+0  read(4, ..., 10) = 10\n`), /line 9: read\(\) never returned/);
});

test("header_localAndRemoteIp_framesUseThem", () => {
  const src = `--local_ip=10.1.0.5\n--gateway_ip=10.1.0.1\n--netmask_ip=255.255.255.0\n--remote_ip=198.51.100.7\n${OPEN}`;
  const out = runScript(src).frames.filter((f) => f.direction === "out").map((f) => decodeFrame(f.bytes));
  assert.ok(out.length > 0);
  for (const s of out) { assert.equal(s.src, 0x0a010005); assert.equal(s.dst, 0xc6336407); }
});

test("header_commandLineOption_overridesScript", () => {
  const late = `--tolerance_usecs=1000\n${OPEN}+0  write(4, ..., 10) = 10\n+.01 > P. 1:11(10) ack 1 win 4096\n`;
  assert.throws(() => runScript(late), /line 11: outbound segment differs[\s\S]*time: expected/);
  runScript(late, { options: { tolerance_usecs: "20000" } });
});

test("header_mtuOfTheStack_accepted", () => {
  runScript(`--mtu=1500\n${OPEN}`);
  assert.throws(() => runScript(`${OPEN}`, { options: { mtu: "9000" } }), /line 0: unsupported --mtu=9000: the stack's MTU is 1500/);
});

test("header_optionWithoutEffectHere_accepted_unknownOption_fails", () => {
  runScript(`--speed=10000\n--tcp_ts_tick_usecs=1000\n--verbose\n${OPEN}`);
  assert.throws(() => runScript(`--wire_client\n${OPEN}`), /line 1: unsupported option --wire_client/);
});

test("code_failedAssertion_namesLineAndValues", () => {
  assert.throws(() => runScript(`${OPEN}+0  %{ assert tcpi_snd_cwnd == 10, tcpi_snd_cwnd }%\n`),
    /line 9: assertion failed \(tcpi_snd_cwnd\): tcpi_snd_cwnd = 3$/);
});

test("code_pythonExpressions_evaluatedAsPython", () => {
  runScript(`${OPEN}+0  %{ assert 3 <= tcpi_snd_cwnd < 4 and not tcpi_retransmits; assert tcpi_rto // 1000 == 1000 # ms }%\n`);
  assert.throws(() => runScript(`${OPEN}+0  %{ assert tcpi_rto / 1000 == 1000 }%\n`), /line 9: cannot run this code: '\/' gives a float/);
});

test("code_beforeAnySocket_failsNamingLine", () => {
  assert.throws(() => runScript(`0 %{ assert tcpi_state == TCP_LISTEN }%\n`), /line 1: no socket to use for code/);
});

test("shellCommand_skipShell_reportedNotRun_otherwiseFailsByLine", () => {
  const src = `\`../common/defaults.sh\`\n${OPEN}`;
  assert.throws(() => runScript(src), /line 1: cannot execute shell command/);
  const skipped: [number, string][] = [];
  runScript(src, { skipShell: (line, what) => skipped.push([line, what]) });
  assert.deepEqual(skipped, [[1, "shell command `../common/defaults.sh`"]]);
});

test("syscall_minusOneWithoutErrno_anyErrnoAccepted", () => {
  runScript(`${OPEN}+0  fcntl(4, F_SETFL, O_RDWR|O_NONBLOCK) = 0\n+0  read(4, ..., 10) = -1\n`);
});

test("betweenLines_segmentBeforeSyscallLine_matchedByLaterOutboundLine_unlessStrict", () => {
  // packetdrill's tcp/inq/client.pkt: a system call between connect() and the "> S" line.
  const src = `0   socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
+0  fcntl(3, F_SETFL, O_RDWR|O_NONBLOCK) = 0
+0  connect(3, ..., ...) = -1 EINPROGRESS (Operation now in progress)
+0  setsockopt(3, SOL_TCP, TCP_NODELAY, [1], 4) = 0
+0  > S 0:0(0) <...>
`;
  runScript(src);
  assert.throws(() => runScript(src, { strictEnd: true }), /line 4: unexpected outbound segment S \d+:\d+\(0\)/);
});
