// A network namespace made for one test: a TAP device inside it carrying the Linux side's address.
// The test's stack attaches to the device through build/native/tap-bridge run inside the namespace.
// Only addresses inside the namespace are used; it is deleted at the end, also on failure.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";

export interface Netns {
  name: string;
  dev: string;
  linuxIp: string; // the kernel's address on the TAP device
  stackIp: string; // the address the stack under test takes
  prefix: number;
  /** Runs a command inside the namespace; returns its stdout. */
  exec(cmd: string[], opts?: { timeoutMs?: number; input?: Buffer }): Buffer;
  /** Starts a long-running command inside the namespace. */
  spawn(cmd: string[]): ChildProcess;
  /** Runs a command inside the namespace without blocking the event loop (a stack in this process
   *  keeps working); resolves with its stdout, rejects on a nonzero exit. */
  run(cmd: string[]): Promise<string>;
  /** Starts a server inside the namespace and resolves once it prints a line matching `ready` (stdout or
   *  stderr): the server's own word that it listens, never a guess by time. `done` is its run(). */
  serve(cmd: string[], ready: RegExp, ms?: number): Promise<{ proc: ChildProcess; done: Promise<string> }>;
  destroy(): void;
}

/** Why namespaced TAP tests cannot run here, or null when they can. */
export function netnsUnavailable(): string | null {
  if (process.getuid && process.getuid() !== 0) return "needs root to create network namespaces";
  if (!existsSync("/dev/net/tun")) return "no /dev/net/tun";
  try { execFileSync("ip", ["-V"], { stdio: "ignore" }); } catch { return "iproute2 (ip) is not installed"; }
  return null;
}

let serial = 0;

export function createNetns(subnet = 200 + (process.pid % 50)): Netns {
  const name = `wasmtcp-${process.pid}-${serial++}`;
  const dev = "tap0";
  const linuxIp = `10.${subnet}.${serial}.1`;
  const stackIp = `10.${subnet}.${serial}.2`;
  const ipns = (...args: string[]) => execFileSync("ip", ["netns", "exec", name, ...args], { stdio: "pipe" });
  execFileSync("ip", ["netns", "add", name]);
  try {
    ipns("ip", "link", "set", "lo", "up");
    ipns("ip", "tuntap", "add", "dev", dev, "mode", "tap");
    ipns("ip", "addr", "add", `${linuxIp}/24`, "dev", dev);
    ipns("ip", "link", "set", dev, "up");
  } catch (e) {
    execFileSync("ip", ["netns", "del", name]);
    throw e;
  }
  const children: ChildProcess[] = [];
  return {
    name, dev, linuxIp, stackIp, prefix: 24,
    exec(cmd, opts = {}) {
      return execFileSync("ip", ["netns", "exec", name, ...cmd], { timeout: opts.timeoutMs ?? 30_000, input: opts.input, maxBuffer: 1 << 30 });
    },
    spawn(cmd) {
      const c = spawn("ip", ["netns", "exec", name, ...cmd], { stdio: ["pipe", "pipe", "pipe"] });
      children.push(c);
      return c;
    },
    run(cmd) {
      return collect(this.spawn(cmd), cmd).done;
    },
    async serve(cmd, ready, ms = 30_000) {
      const proc = this.spawn(cmd);
      const out = collect(proc, cmd);
      out.done.catch(() => {}); // a failure before `ready` rejects below; after it, the caller awaits done
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${cmd.join(" ")}: no ${ready} within ${ms} ms: ${out.text()}`)), ms);
        const check = () => { if (ready.test(out.text())) { clearTimeout(timer); resolve(); } };
        proc.stdout!.on("data", check);
        proc.stderr!.on("data", check);
        out.done.then(() => reject(new Error(`${cmd.join(" ")} exited before ${ready}: ${out.text()}`)),
          (e: Error) => { clearTimeout(timer); reject(e); });
      });
      return { proc, done: out.done };
    },
    destroy() {
      for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
      try { execFileSync("ip", ["netns", "del", name], { stdio: "ignore" }); } catch { /* already gone */ }
    },
  };
}

/** Gathers a child's output; done resolves with its stdout, or rejects on a nonzero exit. */
function collect(c: ChildProcess, cmd: string[]): { text: () => string; done: Promise<string> } {
  let out = "", err = "";
  c.stdout!.on("data", (d) => (out += d));
  c.stderr!.on("data", (d) => (err += d));
  // Settled at "close", when stdout has ended ("exit" can come before its last output), or 2 s after "exit"
  // where a grandchild keeps the pipe open.
  const done = new Promise<string>((resolve, reject) => {
    const settle = (code: number | null) => (code === 0 ? resolve(out) : reject(new Error(`${cmd.join(" ")} exited ${code}: ${err}${out}`)));
    c.on("exit", (code) => setTimeout(() => settle(code), 2000).unref());
    c.on("close", settle);
  });
  return { text: () => err + out, done };
}

/** Retries an async check until it passes or `ms` runs out, then throws its last failure: waiting for a
 *  state the test can observe (connections drained), bounded in time, instead of sleeping and hoping. */
export async function eventually<T>(check: () => Promise<T>, ms = 10_000, every = 100): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    try { return await check(); } catch (e) {
      if (Date.now() >= deadline) throw e;
      await new Promise((r) => setTimeout(r, every));
    }
  }
}
