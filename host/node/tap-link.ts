// A link to a Linux TAP device through build/native/tap-bridge (frames cross its pipes as a 2-byte
// length and the bytes). Use with a RealClock. Frames sent in one turn of the event loop (the ACKs for a
// burst of received frames, a window of data) cross the pipe in one write.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import type { Link } from "../stack.js";

export function bridgePath(): string { return fileURLToPath(new URL("../../../build/native/tap-bridge", import.meta.url)); }

/** The bridge, compiled from the package's C source with the system's cc on first use (an installed
 *  package ships the source, not a binary for one platform). */
export function ensureBridge(): string {
  const out = bridgePath();
  if (existsSync(out)) return out;
  const src = fileURLToPath(new URL("../../../native/tap-bridge/tap-bridge.c", import.meta.url));
  mkdirSync(dirname(out), { recursive: true });
  const r = spawnSync(process.env.CC ?? "cc", ["-O2", "-std=c11", "-D_DEFAULT_SOURCE", "-o", out, src], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`TapLink needs ${out}, built from ${src} with a C compiler: ${r.error?.message ?? r.stderr.trim()}`);
  return out;
}

export class TapLink implements Link {
  private readonly child: ChildProcess;
  private acc: Buffer = Buffer.alloc(0);
  private port: { receive(f: Uint8Array): void } | null = null;
  private out: Buffer[] = [];
  private flushQueued = false;
  /** Resolves when the device is open; rejects if the bridge fails. */
  readonly ready: Promise<void>;

  constructor(dev: string, opts: { netem?: string; seed?: number } = {}) {
    const args = [dev, ...(opts.netem ? ["--netem", opts.netem, "--seed", String(opts.seed ?? 1)] : [])];
    this.child = spawn(ensureBridge(), args, { stdio: ["pipe", "pipe", "pipe"] });
    // Frames written after the bridge has gone are lost, as on a cable pulled out: never an EPIPE crash.
    this.child.stdin!.on("error", () => {});
    let log = "";
    this.ready = new Promise((resolve, reject) => {
      // Exactly the bridge's "tap-bridge: DEV open" line: its "cannot open DEV: ..." is a failure.
      this.child.stderr!.on("data", (d: Buffer) => { log += d; if (log.split("\n").includes(`tap-bridge: ${dev} open`)) resolve(); });
      // The bridge's own words say why the device could not be opened (permission, busy, ...).
      this.child.on("exit", (code) => reject(new Error(`tap-bridge ${dev} exited (${code}): ${log.trim() || "no message"}`)));
      this.child.on("error", (e) => reject(new Error(`cannot start ${bridgePath()}: ${e.message} (npm run build:native builds it)`)));
    });
    this.child.stdout!.on("data", (d: Buffer) => this.receive(d));
  }

  attach(p: { name: string; receive(f: Uint8Array): void }): (f: Uint8Array) => void {
    this.port = p;
    return (f) => {
      if (!this.child.stdin!.writable) return;
      const b = Buffer.allocUnsafe(2 + f.length);
      b.writeUInt16BE(f.length, 0);
      b.set(f, 2);
      this.out.push(b);
      if (!this.flushQueued) { this.flushQueued = true; queueMicrotask(() => this.flush()); }
    };
  }

  private flush(): void {
    this.flushQueued = false;
    if (!this.out.length || !this.child.stdin!.writable) { this.out = []; return; }
    this.child.stdin!.write(this.out.length === 1 ? this.out[0] : Buffer.concat(this.out));
    this.out = [];
  }

  private receive(d: Buffer): void {
    this.acc = this.acc.length ? Buffer.concat([this.acc, d]) : d;
    let off = 0;
    while (this.acc.length - off >= 2) {
      const n = this.acc.readUInt16BE(off);
      if (this.acc.length - off < 2 + n) break;
      if (n <= 1514) this.port?.receive(this.acc.subarray(off + 2, off + 2 + n));
      off += 2 + n;
    }
    this.acc = this.acc.subarray(off);
  }

  close(): void {
    this.flush();
    this.child.stdin!.end();
    this.child.kill("SIGTERM");
  }
}
