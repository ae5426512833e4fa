// One stack attached to a TAP device through build/native/tap-bridge, in real time: frames cross the
// bridge's pipes as 2-byte length + frame; poll() runs at the deadlines it returns.
import { createHash } from "node:crypto";
import { loadCore, ip4, statsOf, type Loaded } from "./wasm.js";
import type { Netns } from "./netns.js";
import { Ev, Opt, Shut } from "../../../host/abi.js";

const bridgePath = new URL("../../../../build/native/tap-bridge", import.meta.url).pathname;

export class TapStack {
  readonly core: Loaded;
  private readonly bridge;
  private acc: Buffer = Buffer.alloc(0);
  private timer: NodeJS.Timeout | null = null;
  private readonly t0 = Date.now();
  private services: (() => void)[] = [];
  closed = false;
  /** Resolves once the bridge has the device open (frames sent before that are lost). */
  readonly ready: Promise<void>;

  constructor(ns: Netns, opts: { build?: string; mac?: number; netem?: string; seed?: number } = {}) {
    const mac = opts.mac ?? 0x42;
    this.core = loadCore(opts.build ?? "wasmtcp-large.wasm");
    const impair = opts.netem ? ["--netem", opts.netem, "--seed", String(opts.seed ?? 1)] : [];
    this.bridge = ns.spawn([bridgePath, ns.dev, ...impair]);
    this.bridge.stdout!.on("data", (d: Buffer) => this.receive(d));
    let log = "";
    this.ready = new Promise((resolve, reject) => {
      this.bridge.stderr!.on("data", (d: Buffer) => { log += d; if (log.includes(" open")) resolve(); });
      this.bridge.on("exit", (code) => reject(new Error(`tap-bridge exited ${code}: ${log}`)));
    });
    this.ready.catch(() => {});
    this.core.e.init(0x0200, mac, ip4(ns.stackIp), ip4("255.255.255.0"), ip4(ns.linuxIp), 0, 7, this.now());
    this.flush();
    this.schedule(0);
  }

  get e() { return this.core.e; }
  now(): number { return (Date.now() - this.t0) >>> 0; }
  stats() { return statsOf(this.e); }

  private flush(): void {
    for (const f of this.core.sent.splice(0)) {
      const h = Buffer.alloc(2);
      h.writeUInt16BE(f.length);
      this.bridge.stdin!.write(Buffer.concat([h, f]));
    }
  }

  private receive(d: Buffer): void {
    this.acc = this.acc.length ? Buffer.concat([this.acc, d]) : d;
    while (this.acc.length >= 2) {
      const n = this.acc.readUInt16BE(0);
      if (this.acc.length < 2 + n) break;
      if (n <= 1514) {
        new Uint8Array(this.e.memory.buffer, this.e.rx_buffer(), n).set(this.acc.subarray(2, 2 + n));
        this.e.input(n, this.now());
      }
      this.acc = this.acc.subarray(2 + n);
    }
    this.run();
  }

  /** Lets the services move data, then sends what the core produced. */
  run(): void {
    for (const s of this.services) s();
    this.flush();
  }

  private schedule(ms: number): void {
    if (this.closed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      const d = this.e.poll(this.now());
      this.run();
      this.schedule(d < 0 ? 50 : Math.min(d, 50));
    }, ms);
  }

  addService(s: () => void): void { this.services.push(s); }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.bridge.stdin!.end();
    this.bridge.kill("SIGKILL");
  }
}

/** Copies bytes through a connection: what arrives is written back (echo). */
export function echoService(s: TapStack, port: number): { connections: number } {
  const l = s.e.tcp_listen(port, 16);
  const conns = new Map<number, Buffer>();
  const info = { connections: 0 };
  s.addService(() => {
    for (let h = s.e.tcp_accept(l); h >= 0; h = s.e.tcp_accept(l)) { conns.set(h, Buffer.alloc(0)); info.connections++; }
    for (const [h, q0] of conns) {
      let q: Buffer = q0;
      for (;;) {
        while (q.length) {
          const k = Math.min(q.length, s.e.io_buffer_size());
          new Uint8Array(s.e.memory.buffer, s.e.io_buffer(), k).set(q.subarray(0, k));
          const w = s.e.tcp_send(h, k, s.now());
          if (w <= 0) break;
          q = q.subarray(w);
        }
        if (q.length) break;
        const n = s.e.tcp_recv(h, s.e.io_buffer_size(), s.now());
        if (n > 0) { q = Buffer.from(new Uint8Array(s.e.memory.buffer, s.e.io_buffer(), n)); continue; }
        if (n === 0) { s.e.tcp_close(h, s.now()); conns.delete(h); q = Buffer.alloc(0); }
        else if (n !== -1) { s.e.tcp_close(h, s.now()); conns.delete(h); }
        break;
      }
      if (conns.has(h)) conns.set(h, q);
    }
  });
  return info;
}

/** Deterministic bytes: block i of a stream (64 KiB) from a hash chain, so both ends can make them. */
export function streamBytes(total: number): Buffer {
  const out = Buffer.alloc(total);
  let x = 0x12345678;
  for (let i = 0; i < total; i++) { x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0; out[i] = x & 255; }
  return out;
}

export function sha256(b: Uint8Array): string { return createHash("sha256").update(b).digest("hex"); }

/** Active open from the stack: sends `data`, half-closes, collects what comes back until the peer closes. */
export function clientTransfer(s: TapStack, ip: number, port: number, data: Buffer): Promise<{ received: Buffer; error?: number }> {
  return new Promise((resolve) => {
    const h = s.e.tcp_connect(ip, port, 0, s.now());
    let sent = 0;
    let shut = false;
    const parts: Buffer[] = [];
    let done = false;
    s.addService(() => {
      if (done) return;
      const ev = s.e.tcp_events(h);
      if (ev & Ev.ERROR) { done = true; resolve({ received: Buffer.concat(parts), error: s.e.tcp_getopt(h, Opt.SO_ERROR) }); return; }
      if (!(ev & Ev.CONNECTED)) return;
      while (sent < data.length) {
        const k = Math.min(data.length - sent, s.e.io_buffer_size());
        new Uint8Array(s.e.memory.buffer, s.e.io_buffer(), k).set(data.subarray(sent, sent + k));
        const w = s.e.tcp_send(h, k, s.now());
        if (w <= 0) break;
        sent += w;
      }
      if (sent === data.length && !shut) { s.e.tcp_shutdown(h, Shut.WR, s.now()); shut = true; }
      for (;;) {
        const n = s.e.tcp_recv(h, s.e.io_buffer_size(), s.now());
        if (n > 0) { parts.push(Buffer.from(new Uint8Array(s.e.memory.buffer, s.e.io_buffer(), n))); continue; }
        if (n === 0) { done = true; s.e.tcp_close(h, s.now()); resolve({ received: Buffer.concat(parts) }); }
        break;
      }
    });
    s.run();
  });
}
