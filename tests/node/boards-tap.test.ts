// The boards' own network paths against the Linux kernel's TCP, each on a TAP device in a namespace the
// test makes and deletes: the posix host in both variants (wasm3, wasm2c) through the interop set the Node
// stack passes (ping, 64 MiB through echo both as server and as client, echo under random loss, 64 MiB
// into discard, a 64 MiB HTTP download, 200 HTTP requests), and the QEMU Cortex-M3 firmware in both variants with its LAN9118 on the TAP device (ping,
// echo, HTTP). Skipped without root unless WASMTCP_REQUIRE_NETNS=1; the QEMU runs also skip without the
// Arm toolchain or QEMU unless WASMTCP_REQUIRE_BOARDS=1 (then the build installs them).
import test, { before } from "node:test";
import assert from "node:assert/strict";
import { type ChildProcess } from "node:child_process";
import { createNetns, netnsUnavailable, type Netns } from "./support/netns.js";
import { drainedPage } from "./support/statuspage.js";
import { buildPosix, buildQemu, qemuUnavailable, repoPath } from "./support/replay.js";
import { sha256Of } from "../../host/node/services.js";

const peer = repoPath("tests/node/linux/peer.py");
const load = repoPath("tests/node/linux/http_load.py");
const MiB = 1 << 20;
const why = netnsUnavailable();
if (why && process.env.WASMTCP_REQUIRE_NETNS === "1") throw new Error(`board TAP tests cannot run: ${why}`);
const noQemu = why ?? qemuUnavailable();

before(() => {
  if (why) return;
  buildPosix();
  if (!noQemu) buildQemu();
});

interface Board {
  ns: Netns;
  proc: ChildProcess;
  url: string;
  log(): string;
  /** Resolves when the board's console has printed a line matching re (after what it printed so far). */
  waitFor(re: RegExp, ms?: number): Promise<string>;
}

/** Starts a board in a fresh namespace (cmd may first start what the board needs there), waits for `ready` on its console, runs body, and always stops the
 *  board and deletes the namespace. stop() is given the process and its log to check how it ended. */
async function withBoard(cmd: (ns: Netns) => string[] | Promise<string[]>, console_: "stdout" | "stderr", ready: RegExp,
  body: (b: Board) => Promise<void>, stop: (p: ChildProcess, exited: Promise<number | null>, log: () => string) => Promise<void>): Promise<void> {
  const ns = createNetns();
  try {
    const proc = ns.spawn(await cmd(ns));
    let log = "";
    const waiters: { from: number; re: RegExp; resolve: (s: string) => void }[] = [];
    const exited = new Promise<number | null>((resolve) => proc.on("exit", (code) => resolve(code)));
    proc[console_]!.on("data", (d) => {
      log += String(d).replace(/\r/g, "");
      for (const w of [...waiters]) {
        const m = w.re.exec(log.slice(w.from));
        if (m) { waiters.splice(waiters.indexOf(w), 1); w.resolve(m[0]); }
      }
    });
    const waitFor = (re: RegExp, ms = 30_000) => new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${re} on the board's console: ${log}`)), ms);
      waiters.push({ from: log.length, re, resolve: (s) => { clearTimeout(timer); resolve(s); } });
      void exited.then((code) => { clearTimeout(timer); reject(new Error(`board exited ${code}: ${log}`)); });
    });
    const up = waitFor(ready);
    await up;
    const board = { ns, proc, url: `http://${ns.stackIp}`, log: () => log, waitFor };
    try { await body(board); } finally { await stop(proc, exited, () => log); }
  } finally {
    ns.destroy();
  }
}

/** Drops every nth IPv4 packet between Linux and the board, each way (nftables' numgen counters in the
 *  namespace's input and output hooks; a fixed pattern, so every run loses the same share): this kernel has
 *  no sch_netem, and the board opens the TAP device itself, so tap-bridge's impairment cannot sit in
 *  between. Loss only: no delay or reordering. */
function dropEveryNth(ns: Netns, n: number): void {
  const rules = `table ip impair {
  chain from_board { type filter hook input priority 0; ip saddr ${ns.stackIp} numgen inc mod ${n} == 0 counter drop; }
  chain to_board { type filter hook output priority 0; ip daddr ${ns.stackIp} numgen inc mod ${n} == 0 counter drop; }
}`;
  ns.exec(["nft", "-f", "-"], { input: Buffer.from(rules) });
}

/** The MAC a board takes when none is given: 02:77 and the four address bytes (common/args.c). */
const derivedMac = (ip: string) => ["02", "77", ...ip.split(".").map((n) => Number(n).toString(16).padStart(2, "0"))].join(":");

const curl = (b: Board, ...args: string[]) => b.ns.run(["curl", "-sS", "-m", "60", ...args]);
const curlSha256 = async (b: Board, path: string) => (await b.ns.run(["sh", "-c", `curl -sS -m 60 ${b.url}${path} | sha256sum`])).split(" ")[0];

async function linuxEchoes(b: Board, bytes: number): Promise<void> {
  const r = JSON.parse(await b.ns.run(["python3", peer, "client", b.ns.stackIp, "7", String(bytes)]));
  assert.equal(r.received, bytes, "every byte came back");
  assert.equal(r.receivedHash, r.sentHash, "the same bytes came back");
}

async function pingAnswersFromBoardMac(b: Board): Promise<void> {
  assert.match(await b.ns.run(["ping", "-c", "3", "-i", "0.2", "-W", "2", b.ns.stackIp]), /3 received/);
  assert.match(await b.ns.run(["ip", "neigh", "show", b.ns.stackIp]), new RegExp(`lladdr ${derivedMac(b.ns.stackIp)}`));
}

// ---- posix: build/posix/wasmtcp-{wasm3,wasm2c} tap ----

function withPosix(engine: string, serve: string, body: (b: Board) => Promise<void>, dropEvery = 0): Promise<void> {
  return withBoard((ns) => { if (dropEvery) dropEveryNth(ns, dropEvery); return [repoPath(`build/posix/wasmtcp-${engine}`), "--alloc-report", "tap", "--dev", ns.dev,
    "--ip", `${ns.stackIp}/${ns.prefix}`, "--serve", serve, "--for", "120000"]; }, "stderr", / up as /, body,
  async (p, exited, log) => {
    p.kill("SIGTERM");
    assert.equal(await exited, 0, `clean exit on SIGTERM: ${log()}`);
    assert.match(log(), /after start 0 calls/, "no allocation after start-up");
  });
}

let bytes64MiBSha256 = "";
const sha64 = () => (bytes64MiBSha256 ||= sha256Of(64 * MiB));

for (const engine of ["wasm3", "wasm2c"] as const) {
  const opts = { skip: why ?? false, timeout: 180_000 };

  test(`posixTap_${engine}_ping_answersFromTheBoardsMac`, opts, () =>
    withPosix(engine, "echo:7", pingAnswersFromBoardMac));

  test(`posixTap_${engine}_linuxSends64MiBToEcho_byteIdenticalBothWays`, opts, () =>
    withPosix(engine, "echo:7", (b) => linuxEchoes(b, 64 * MiB)));

  test(`posixTap_${engine}_linuxSends256KiBToEchoEvery33rdPacketDroppedEachWay_byteIdentical`, opts, async () => {
    let board: Board | undefined;
    await withPosix(engine, "echo:7", async (b) => {
      board = b;
      await linuxEchoes(b, 256 * 1024);
      const dropped = [...(await b.ns.run(["nft", "list", "table", "ip", "impair"])).matchAll(/packets (\d+)/g)].map((m) => Number(m[1]));
      assert.ok(dropped.length === 2 && dropped.every((d) => d >= 3), `packets dropped each way: ${dropped}`);
    }, 33);
    assert.match(board!.log(), /tcp_retransmits\s+[1-9]/, "the board recovered the losses of its segments");
  });

  // Linux's pure ACKs to the board are dropped, so everything the board sends stays unacknowledged: 1500
  // bytes echoed go as a full segment and a short tail, which Nagle (RFC 1122 4.2.3.4) would hold until an
  // ACK; the echo service turns Nagle off, so the tail follows at once.
  test(`posixTap_${engine}_echoReplyTailWhileLinuxAcksAreLost_sentWithoutWaitingForAnAck`, opts, () =>
    withPosix(engine, "echo:7", async (b) => {
      b.ns.exec(["nft", "-f", "-"], { input: Buffer.from(`table ip noack {
  chain to_board { type filter hook output priority 0; ip daddr ${b.ns.stackIp} tcp dport 7 tcp flags == ack ip length < 100 counter drop; }
}`) });
      const py = `
import socket
s = socket.create_connection(("${b.ns.stackIp}", 7)); s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
s.sendall(bytes(i % 251 for i in range(1500))); s.settimeout(5)
got = b""
try:
    while len(got) < 1500:
        d = s.recv(4096)
        if not d: break
        got += d
except socket.timeout: pass
print(len(got), got == bytes(i % 251 for i in range(1500)))`;
      const out = (await b.ns.run(["python3", "-c", py])).trim();
      const dropped = Number(/packets (\d+)/.exec(await b.ns.run(["nft", "list", "table", "ip", "noack"]))?.[1]);
      b.ns.exec(["nft", "delete", "table", "ip", "noack"]);
      assert.ok(dropped >= 1, `Linux's ACKs dropped: ${dropped}`);
      assert.equal(out, "1500 True", "the whole echo, its short tail included, without an ACK from Linux");
    }));

  test(`posixTap_${engine}_linuxSends64MiBToDiscard_boardTakesEveryByteAndCloses`, opts, async () => {
    let board: Board | undefined;
    await withPosix(engine, "discard:9", async (b) => {
      board = b;
      const py = `
import socket
s = socket.create_connection(("${b.ns.stackIp}", 9), timeout=60)
block = bytes(range(256)) * 256
for _ in range(${64 * MiB} // len(block)): s.sendall(block)
s.shutdown(socket.SHUT_WR)
print(len(s.recv(10)))`;
      assert.equal((await b.ns.run(["python3", "-c", py])).trim(), "0", "discard answers nothing and closes");
    });
    assert.match(board!.log(), new RegExp(`tcp_rx_bytes\\s+${64 * MiB}\\n`), "the board's counter of bytes taken");
  });

  /** The posix host as an echo client of ns.linuxIp:7007 (--echo-to), its stderr on stdout. */
  const echoClient = (ns: Netns, bytes: number) => ["sh", "-c", `${repoPath(`build/posix/wasmtcp-${engine}`)} --alloc-report tap ` +
    `--dev ${ns.dev} --ip ${ns.stackIp}/${ns.prefix} --serve '' --echo-to ${ns.linuxIp}:7007:${bytes} --for 120000 2>&1`];

  test(`posixTap_${engine}_boardSends64MiBToLinuxEcho_byteIdenticalBothWays`, opts, async () => {
    // The Linux side says it listens (peer.py echo), then the board connects as a client (--echo-to).
    const ns = createNetns();
    try {
      const server = await ns.serve(["python3", peer, "echo", "7007"], /listening 7007/);
      const log = await ns.run(echoClient(ns, 64 * MiB)); // exits 0 only if every byte came back equal
      await server.done;
      assert.match(log, new RegExp(`echo-to: sent ${64 * MiB}, received ${64 * MiB}, identical, error 0`));
      assert.doesNotMatch(log, /refused/, "the server listened before the board connected");
      assert.match(log, /after start 0 calls/, "no allocation after start-up");
    } finally {
      ns.destroy();
    }
  });

  test(`posixTap_${engine}_boardConnectsBeforeLinuxEchoListens_retriesAfterRefusalAndSucceeds`, opts, async () => {
    // A board that boots before its server: the first SYN meets a RST (nothing listens), the client waits
    // and connects again, as a device would, and the exchange then completes.
    const ns = createNetns();
    try {
      const board = await ns.serve(echoClient(ns, MiB), /echo-to: connection refused, retrying/);
      const server = await ns.serve(["python3", peer, "echo", "7007"], /listening 7007/);
      const log = await board.done;
      await server.done;
      assert.match(log, new RegExp(`echo-to: sent ${MiB}, received ${MiB}, identical, error 0`));
    } finally {
      ns.destroy();
    }
  });

  test(`posixTap_${engine}_curlGets64MiB_sameBytesAsTheNodeService`, opts, () =>
    withPosix(engine, "http:80", async (b) => {
      assert.equal(await curlSha256(b, `/bytes/${64 * MiB}`), sha64());
    }));

  test(`posixTap_${engine}_httpRootMissingHeadAndPost_answeredAsSpecified`, opts, () =>
    withPosix(engine, "http:80", async (b) => {
      const root = await curl(b, "-i", `${b.url}/`);
      assert.match(root, /^HTTP\/1\.1 200 OK\r\nContent-Type: text\/plain; charset=utf-8\r\nContent-Length: \d+\r\nConnection: close\r\n\r\n/);
      assert.match(root, new RegExp(`\\r\\n\\r\\nwasmtcp ${engine}\\nconnections \\{"SYN_SENT":0,"SYN_RECEIVED":0,"ESTABLISHED":1,`));
      assert.match(root, /^tcp_passive_opens 1$/m);
      assert.equal(Number(/Content-Length: (\d+)/.exec(root)![1]), root.split("\r\n\r\n")[1].length);
      assert.equal(await curl(b, "-i", `${b.url}/nope`), "HTTP/1.1 404 Not Found\r\nContent-Type: text/plain; charset=utf-8\r\n" +
        "Content-Length: 10\r\nConnection: close\r\n\r\nnot found\n");
      assert.equal(await curl(b, "-I", `${b.url}/bytes/100`), "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n" +
        "Content-Length: 100\r\nConnection: close\r\n\r\n");
      assert.match(await curl(b, "-i", "-X", "POST", `${b.url}/`), /^HTTP\/1\.1 405 Method Not Allowed\r\nAllow: GET, HEAD\r\n/);
      assert.equal(await curlSha256(b, "/bytes/0"), sha256Of(0));
      assert.equal(await curlSha256(b, "/bytes/1000003"), sha256Of(1000003));
    }));

  test(`posixTap_${engine}_httpHostileRequests_answeredOrClosedAndServiceSurvives`, opts, () =>
    withPosix(engine, "http:80", async (b) => {
      // Each case on its own connection: what the board answers (status line), or "closed" if nothing.
      const py = `
import socket, time
def ask(data, read=True):
    s = socket.create_connection(("${b.ns.stackIp}", 80), timeout=20)
    s.sendall(data)
    if not read:
        return s
    got = b""
    while True:
        d = s.recv(65536)
        if not d: break
        got += d
    s.close()
    return got.split(b"\\r\\n")[0].decode("latin-1") if got else "closed"
print(ask(b"GET /x HTTP/1.1\\r\\nX-Long: " + b"a" * 10000 + b"\\r\\n\\r\\n"))
print(ask(bytes(range(256)) * 4 + b"\\r\\n\\r\\n"))
print(ask(b"GET /bytes/99999999999 HTTP/1.1\\r\\n\\r\\n"))
print(ask(b"GET /bytes/12x HTTP/1.1\\r\\n\\r\\n"))
print(ask(b"GET / HTTP/1.1\\r\\n\\r\\nGET / HTTP/1.1\\r\\n\\r\\n").split(" ")[1])
s = ask(b"GET /bytes/67108864 HTTP/1.1\\r\\n\\r\\n", read=False)
s.recv(100000)
s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\\x01\\x00\\x00\\x00\\x00\\x00\\x00\\x00")
s.close()  # a reset in the middle of the body
print(ask(b"GET / HTTP/1.1\\r\\n\\r\\n"))
`;
      const lines = (await b.ns.run(["python3", "-c", py])).trim().split("\n");
      assert.deepEqual(lines, ["HTTP/1.1 431 Request Header Fields Too Large", "HTTP/1.1 405 Method Not Allowed",
        "HTTP/1.1 404 Not Found", "HTTP/1.1 404 Not Found", "200", "HTTP/1.1 200 OK"]);
      await drainedPage(() => curl(b, `${b.url}/`)); // the reset and the last closes may still be on their way
    }));

  test(`posixTap_${engine}_200HttpRequests4AtATime_noneFailAndTableDrains`, opts, () =>
    withPosix(engine, "http:80", async (b) => {
      assert.deepEqual(JSON.parse(await b.ns.run(["python3", load, `${b.url}/bytes/1000`, "200", "4"])), { 200: 200 });
      const { page, asked } = await drainedPage(() => curl(b, `${b.url}/`));
      assert.match(page, new RegExp(`^tcp_passive_opens ${200 + asked}$`, "m"));
    }));
}

// ---- qemu-mps2: the Cortex-M3 firmware, its NIC on the namespace's TAP device ----

for (const engine of ["wasm3", "wasm2c"] as const) {
  let server: { done: Promise<string> } | undefined;
  test(`qemuTap_${engine}_pingEchoHttpAndClientWithLinux_noPanicAndMemoryReported`, { skip: noQemu ?? false, timeout: 180_000 }, (t) =>
    withBoard(async (ns) => {
      server = await ns.serve(["python3", peer, "echo", "7007"], /listening 7007/); // for the firmware's client, which connects at boot
      return ["bash", repoPath("boards/qemu-mps2/run.sh"), "--engine", engine, "--dev", ns.dev, "--ip", `${ns.stackIp}/${ns.prefix}`,
        "--serve", "echo:7,http:80", "--echo-to", `${ns.linuxIp}:7007:${MiB}`];
    }, "stdout", /ready \S+ echo:7,http:80\n/,
    async (b) => {
      assert.match(b.log(), new RegExp(`ready ${b.ns.stackIp.replace(/\./g, "\\.")} `), "the address from the command line");
      assert.match(b.log(), /eth: chip 0x0118\neth: link up, full duplex\n/, "QEMU's LAN9118, auto-negotiated to full duplex");
      await pingAnswersFromBoardMac(b);
      await linuxEchoes(b, 4 * MiB);
      assert.equal(await curlSha256(b, `/bytes/${4 * MiB}`), sha256Of(4 * MiB));
      assert.match(await curl(b, `${b.url}/`), new RegExp(`^wasmtcp ${engine}\\n`));
      const clientDone = new RegExp(`echo-to: sent ${MiB}, received ${MiB}, identical, error 0\\n`);
      if (!clientDone.test(b.log())) await b.waitFor(clientDone, 60_000); // the firmware as a client
      await server!.done;
      const report = b.waitFor(/heap \d+ bytes, stack peak (\d+) bytes, rx ring drops \d+\n[^]*?end of report\n/);
      b.proc.stdin!.write("r");
      const r = await report;
      t.diagnostic(`${engine} firmware: ${/heap \d+ bytes, stack peak \d+ bytes/.exec(r)![0]}`);
      assert.ok(Number(/stack peak (\d+)/.exec(r)![1]) < 64 * 1024, "within the firmware's 64 KiB stack");
      assert.match(r, /tcp_passive_opens 3\n/, "echo, and two HTTP requests");
      assert.match(r, /tcp_active_opens 1\n/, "the client");
    },
    async (p, exited, log) => {
      assert.doesNotMatch(log(), /panic/);
      p.kill("SIGTERM");
      await exited;
    }));
}
