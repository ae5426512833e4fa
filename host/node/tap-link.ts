// A link to a Linux TAP device through build/native/tap-bridge (frames cross its pipes as a 2-byte
// length and the bytes). Use with a RealClock. Frames sent in one turn of the event loop (the ACKs for a
// burst of received frames, a window of data, what the sockets write once they have read) cross the pipe
// in one write, in the turn's check phase.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import type { Link } from "../stack.js";
import { releaseFrame } from "../frame-pool.js";

/** A batch buffer's size: a window of frames with their length prefixes. */
const BATCH_BYTES = 256 * 1024;

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
  /** Frames for the bridge, each behind its length, written in one go at the end of the turn. */
  private out = Buffer.allocUnsafe(BATCH_BYTES);
  private outLen = 0;
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
      if (this.outLen + 2 + f.length > this.out.length) this.flush();
      const o = this.out, at = this.outLen;
      o[at] = f.length >> 8;
      o[at + 1] = f.length & 255;
      o.set(f, at + 2);
      this.outLen = at + 2 + f.length;
      // Copied: the core's next frame can reuse its buffer (a wrapper that keeps frames copies them, as
      // the live recorder does), so a transfer allocates no buffer per frame.
      releaseFrame(f);
      if (!this.flushQueued) { this.flushQueued = true; setImmediate(() => this.flush()); }
    };
  }

  private flush(): void {
    this.flushQueued = false;
    const stdin = this.child.stdin!;
    if (!this.outLen || !stdin.writable) { this.outLen = 0; return; }
    stdin.write(this.out.subarray(0, this.outLen));
    this.outLen = 0;
    // Written at once (the usual case, the pipe having room): the buffer is free again. Otherwise the
    // pending write holds it, and the next batch takes a new one.
    if (stdin.writableLength > 0) this.out = Buffer.allocUnsafe(BATCH_BYTES);
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
