// Real-time stacks and the life of a Node process, as with net: open sockets and listeners keep it alive
// (unless unref'd); protocol timers (TIME-WAIT's 60 s among them) never do; Stack.close() lets it go.
// Each case runs in a child process and prints what happened; "late" prints only if the process is still
// alive when an unref'd timer fires 200 ms after the case's code has run.
import test from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const entry = fileURLToPath(new URL("../../host/node/index.js", import.meta.url));

function run(body: string): string {
  const src = `import { createStack, VirtualSwitch, State } from ${JSON.stringify(entry)};
const net = new VirtualSwitch();
const a = await createStack({ ip: "10.0.0.1/24", link: net, seed: 1 });
const b = await createStack({ ip: "10.0.0.2/24", link: net, seed: 2 });
const log = (s) => process.stdout.write(s + "\\n");
${body}
setTimeout(() => log("late"), 200).unref();`;
  // A process that hangs is killed after 20 s (TIME-WAIT alone would hold it for 60 s).
  return execFileSync(process.execPath, ["--input-type=module", "-e", src], { timeout: 20_000 }).toString().trim();
}

const echo = `const server = b.listen(7);
void (async () => { for await (const s of server) void s.readable.pipeTo(s.writable); })();
const c = await a.connect("10.0.0.2", 7);
const w = c.writable.getWriter();
await w.write(new TextEncoder().encode("ping"));
await w.close();
for await (const x of c.readable) log("echo " + new TextDecoder().decode(x));
await c.closed;`;

test("realTime_lastConnectionClosedInTimeWait_processExitsAtOnce", () => {
  assert.equal(run(`${echo}
server.close();
log("client connections in TIME_WAIT: " + a.core.countState(State.TIME_WAIT));`), "echo ping\nclient connections in TIME_WAIT: 1");
});

test("realTime_listenerOpen_keepsProcessAliveUntilStackClose", () => {
  assert.equal(run(`${echo}
setTimeout(() => { log("still listening"); b.close(); }, 300).unref();`), "echo ping\nlate\nstill listening");
});

test("realTime_listenerUnref_processExits", () => {
  assert.equal(run(`${echo}
server.unref();`), "echo ping");
});

test("realTime_stackUnref_openConnectionDoesNotHoldProcess", () => {
  assert.equal(run(`const server = b.listen(7);
const c = await a.connect("10.0.0.2", 7);
log("connected");
a.unref(); b.unref();`), "connected");
});

test("realTime_stackCloseWithOpenConnections_processExitsAtOnce", () => {
  assert.equal(run(`const server = b.listen(7);
const c = await a.connect("10.0.0.2", 7);
const s = await server.accept();
c.closed.catch((e) => log("client " + e.code));
a.close(); b.close();
await new Promise((r) => setImmediate(r));
log("both closed");`), "client ECONNABORTED\nboth closed");
});

test("realTime_netServerAndSocket_holdLikeNetUntilClosed", () => {
  assert.equal(run(`const server = b.createServer((s) => s.pipe(s)).listen(7);
const c = a.createConnection(7, "10.0.0.2", () => c.end("net"));
c.on("data", (d) => log("echo " + d));
await new Promise((r) => c.on("close", r));
log("socket closed");
server.close();`), "echo net\nsocket closed");
});
