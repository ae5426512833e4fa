// The package as a user gets it: `npm pack`, then an empty project installs the tarball offline and runs
// the CLI's demo and a scenario, the README's examples as written (Node ones with node, the page in
// Debian's Chromium through playwright-core, the TAP one in a network namespace), and type-checks a
// TypeScript file against both entries.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, symlinkSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { netnsUnavailable } from "./support/netns.js";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const CHROMIUM = "/usr/bin/chromium";
let dir = "", app = "", files: string[] = [];

/** The README's examples: a code block right after `<!-- example: NAME -->`. */
function readmeExamples(): Map<string, string> {
  const md = readFileSync(join(root, "README.md"), "utf8");
  return new Map([...md.matchAll(/<!-- example: (\S+) -->\n```\w*\n([\s\S]*?)\n```/g)].map((m) => [m[1], m[2] + "\n"]));
}

/** Runs a command in the installed project; a process that does not exit by itself fails the test. */
function inApp(cmd: string, args: string[]): string {
  return execFileSync(cmd, args, { cwd: app, timeout: 60_000, encoding: "utf8", env: { ...process.env, npm_config_update_notifier: "false" } });
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), "wasmtcp-package-"));
  const packed = JSON.parse(execFileSync("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", dir], { cwd: root, encoding: "utf8" }));
  files = packed[0].files.map((f: { path: string }) => f.path);
  app = join(dir, "app");
  mkdirSync(app);
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "app", private: true, type: "module" }));
  inApp("npm", ["install", "--offline", "--no-audit", "--no-fund", join(dir, packed[0].filename)]);
  for (const [name, code] of readmeExamples()) writeFileSync(join(app, name), code);
});

after(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

test("package_packed_holdsBothBuildsDeclarationsAndEntriesOnly", () => {
  for (const f of ["build/wasmtcp.wasm", "build/wasmtcp-large.wasm", "dist/host/index.js", "dist/host/index.d.ts",
    "dist/host/node/index.js", "dist/host/node/index.d.ts", "dist/host/node/cli.js", "native/tap-bridge/tap-bridge.c",
    "examples/websocket-relay.mjs", "examples/websocket.html", "package.json", "README.md"]) {
    assert.ok(files.includes(f), `${f} is in the package`);
  }
  assert.deepEqual(files.filter((f) => /^(dist\/(tests|bench)|tests|assembly|boards)\//.test(f)), [], "no tests, sources or boards");
  const pkg = JSON.parse(readFileSync(join(app, "node_modules/wasmtcp/package.json"), "utf8"));
  assert.equal(pkg.private, undefined);
  // The .wasm in the package is the one the tests (and the boards) run, byte for byte.
  assert.deepEqual(readFileSync(join(app, "node_modules/wasmtcp/build/wasmtcp.wasm")), readFileSync(join(root, "build/wasmtcp.wasm")));
});

test("package_installedOffline_cliDemoRuns", () => {
  const out = inApp("npx", ["--offline", "wasmtcp", "demo", "--pcap", "demo.pcapng"]);
  assert.match(out, /client read: "hello, client!\\n"/);
  assert.match(out, /connections left: client 0, server 0/);
  assert.ok(existsSync(join(app, "demo.pcapng")), "the capture, where asked");
});

test("package_installedOffline_cliScenarioHandshakeRuns", () => {
  const out = inApp("npx", ["--offline", "wasmtcp", "scenario", "handshake"]);
  assert.match(out, /^handshake: The three-way handshake/);
  assert.match(out, /ESTABLISHED/);
  assert.match(out, /The client sends a SYN carrying its initial sequence number/);
});

test("package_installedOffline_cliPlaygroundServesThePageOnLoopback", async () => {
  for (const f of ["index.html", "app.js", "style.css", "wasmtcp.wasm", "wasmtcp-large.wasm"]) assert.ok(files.includes(`dist/playground/${f}`), `dist/playground/${f} is in the package`);
  // Its own process group: npx runs the bin in a child that SIGTERM to npx alone would leave serving
  // (holding this test's pipe, so the test process never ended).
  const cli = spawn("npx", ["--offline", "wasmtcp", "playground", "--port", "0"], { cwd: app, stdio: ["ignore", "pipe", "inherit"], detached: true });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = "";
      cli.stdout.on("data", (d) => { out += d; const m = /http:\/\/127\.0\.0\.1:\d+\//.exec(out); if (m) resolve(m[0]); });
      cli.once("exit", (c) => reject(new Error(`wasmtcp playground exited (${c}) before printing its address: ${out}`)));
    });
    const page = await fetch(url);
    assert.match(await page.text(), /<title>wasmtcp playground<\/title>/);
    const wasm = await fetch(`${url}wasmtcp.wasm`);
    assert.equal(wasm.headers.get("content-type"), "application/wasm");
    assert.deepEqual(new Uint8Array(await wasm.arrayBuffer()), new Uint8Array(readFileSync(join(root, "build/wasmtcp.wasm"))));
  } finally { process.kill(-cli.pid!, "SIGTERM"); }
});

test("package_installedOffline_readmeEchoExampleRunsAndExits", () => {
  assert.equal(inApp("node", ["echo.mjs"]), "hello over wasmtcp\n");
});

test("package_installedOffline_readmeHttpExampleRunsAndExits", () => {
  assert.equal(inApp("node", ["http.mjs"]), "200 GET /hello served by 10.0.0.1\n");
});

test("package_installedOffline_declarationsTypeCheckBothEntries", () => {
  writeFileSync(join(app, "check.ts"), `import { createStack, VirtualSwitch, type TcpSocket, NodeStack, TapLink } from "wasmtcp";
import * as web from "wasmtcp/browser";
const lan = new VirtualSwitch();
const a: NodeStack = await createStack({ ip: "10.0.0.1/24", link: lan });
const b: web.Stack = await web.createStack({ ip: "10.0.0.2/24", link: lan, wasm: new URL("https://example.invalid/wasmtcp.wasm") });
const s: TcpSocket = await a.connect("10.0.0.2", 7);
const r: ReadableStream<Uint8Array> = s.readable;
a.createConnection(7, "10.0.0.2").end("x");
void [b, r, TapLink];
`);
  writeFileSync(join(app, "tsconfig.json"), JSON.stringify({ compilerOptions: { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", strict: true, noEmit: true, types: ["node"], typeRoots: [join(root, "node_modules/@types")] }, files: ["check.ts"] }));
  // Node's types come from this repository's @types/node (the app installs nothing but the package).
  inApp(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", "."]);
});

const mime: Record<string, string> = { ".html": "text/html", ".js": "text/javascript", ".wasm": "application/wasm" };

/** A static server for the project's files on 127.0.0.1. */
async function serve(base: string): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const p = normalize(join(base, decodeURIComponent(new URL(req.url!, "http://x").pathname)));
    if (!p.startsWith(base) || !existsSync(p)) { res.statusCode = 404; res.end(); return; }
    res.setHeader("content-type", mime[extname(p)] ?? "application/octet-stream");
    res.end(readFileSync(p));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}/` };
}

test("package_browserEntry_readmePageAndScenarioRunInChromium", async () => {
  assert.ok(existsSync(CHROMIUM), `Chromium is not installed at ${CHROMIUM}: install Debian's package with ` +
    "`apt-get update && apt-get install -y chromium` (CI: .ci/run installs it)");
  const { server, url } = await serve(app);
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox", "--disable-gpu"] });
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    const offsite: string[] = [];
    page.on("request", (r) => { if (!r.url().startsWith(url)) offsite.push(r.url()); });
    await page.goto(url + "index.html");
    await page.waitForFunction(() => document.getElementById("out")?.textContent !== "running...", null, { timeout: 20_000 });
    assert.deepEqual(errors, []);
    assert.equal(await page.textContent("#out"), "hello from a page");
    // The scenario catalogue runs in the page too (virtual time, the simulation's turns by message).
    const run = await page.evaluate(async () => {
      const w = await import("wasmtcp" as string);
      const r = await w.runScenario(w.findScenario("handshake"));
      const states = r.trace.events.filter((e: { kind: string }) => e.kind === "state").map((e: { party: string; to: string }) => `${e.party} ${e.to}`);
      return { states, svg: w.renderSvg(r.trace).startsWith("<svg"), pcap: r.pcap.bytes().length };
    });
    assert.deepEqual(run.states, ["server LISTEN", "client SYN_SENT", "server SYN_RECEIVED", "client ESTABLISHED", "server ESTABLISHED"]);
    assert.ok(run.svg && run.pcap > 24);
    assert.deepEqual(offsite, [], "nothing fetched from elsewhere");
  } finally {
    await browser.close();
    server.close();
  }
});

test("package_websocketExample_pageStackFetchesFromNodeStackThroughRelay", async () => {
  // The relay needs ws, which the package does not depend on: the app gets this repository's copy.
  symlinkSync(join(root, "node_modules/ws"), join(app, "node_modules/ws"));
  const relay = spawn(process.execPath, ["node_modules/wasmtcp/examples/websocket-relay.mjs", "0"], { cwd: app, stdio: ["ignore", "pipe", "pipe"] });
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox", "--disable-gpu"] });
  try {
    let log = "";
    const url = await new Promise<string>((resolve, reject) => {
      relay.stdout.on("data", (d) => { log += d; const m = /open (http:\S+)/.exec(log); if (m) resolve(m[1]); });
      relay.stderr.on("data", (d) => { log += d; });
      relay.on("exit", (c) => reject(new Error(`relay exited ${c}: ${log}`)));
    });
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(url);
    await page.waitForFunction(() => document.getElementById("out")?.textContent !== "connecting...", null, { timeout: 20_000 });
    assert.deepEqual(errors, []);
    assert.equal(await page.textContent("#out"), "hello 10.0.0.2, from a stack in Node\n");
  } finally {
    await browser.close();
    relay.kill();
  }
});

test("package_readmeTapExample_echoesToLinuxInANamespace", async (t) => {
  const why = netnsUnavailable();
  if (why) {
    if (process.env.WASMTCP_REQUIRE_NETNS) assert.fail(why);
    t.skip(why);
    return;
  }
  const ex = readmeExamples();
  const ns = `wasmtcp-readme-${process.pid}`;
  execFileSync("ip", ["netns", "add", ns]);
  try {
    // The README's commands as written (as root, sudo is not needed), inside the namespace.
    execFileSync("ip", ["netns", "exec", ns, "sh", "-c", ex.get("tap.sh")!.replaceAll("sudo ", "")]);
    const stack = spawn("ip", ["netns", "exec", ns, process.execPath, "tap.mjs"], { cwd: app, stdio: ["ignore", "pipe", "pipe"] });
    try {
      let out = "";
      await new Promise<void>((resolve, reject) => {
        stack.stdout.on("data", (d) => { out += d; if (out.includes("echo on 10.9.0.2:7")) resolve(); });
        stack.stderr.on("data", (d) => { out += d; });
        stack.on("exit", (c) => reject(new Error(`tap.mjs exited ${c}: ${out}`)));
      });
      const reply = execFileSync("ip", ["netns", "exec", ns, "python3", "-c",
        "import socket; s = socket.create_connection(('10.9.0.2', 7), timeout=10); s.sendall(b'hi over tap'); s.shutdown(socket.SHUT_WR); " +
        "d = b''\nwhile True:\n    c = s.recv(100)\n    if not c: break\n    d += c\nprint(d.decode())"], { timeout: 30_000, encoding: "utf8" });
      assert.equal(reply, "hi over tap\n");
    } finally { stack.kill("SIGKILL"); }
  } finally {
    execFileSync("ip", ["netns", "del", ns]);
  }
});
