// A Node net.Socket-compatible Duplex over one connection of a Stack, so code written for `net`
// (http, pipeline) runs unchanged. Backpressure both ways: writes wait for send-buffer room; reads stop
// when the consumer does, and the receive window closes with them.
import { Duplex } from "node:stream";
import { Ev, Opt, Shut, errCode, State } from "../abi.js";
import { formatIp, parseIp } from "../addr.js";
import type { Stack } from "../stack.js";

export interface SocketOptions { stack?: Stack; handle?: number; allowHalfOpen?: boolean }

export class Socket extends Duplex {
  stack: Stack;
  handle = -1;
  connecting = false;
  remoteAddress?: string;
  remotePort?: number;
  localAddress?: string;
  localPort?: number;
  remoteFamily = "IPv4";
  bytesRead = 0;
  private written = 0;
  private connected = false;
  private readEnded = false;
  private writes: { data: Uint8Array; cb: (e?: Error | null) => void }[] = [];
  private finalCb: ((e?: Error | null) => void) | null = null;
  private finalSent = false;
  private idleMs = 0;
  private lastActive = 0;
  private cancelIdle: (() => void) | null = null;
  private refd = true;
  /** The consumer wants more (push() has not said stop since the last _read). */
  private wanted = true;
  private workQueued = false;

  constructor(o: SocketOptions) {
    super({ allowHalfOpen: o.allowHalfOpen ?? false });
    if (!o.stack) throw new Error("Socket needs a stack");
    this.stack = o.stack;
    if (o.handle !== undefined) {
      this.handle = o.handle;
      this.stack.register(this);
      this.updateHold();
      this.markConnected();
    }
  }

  get bytesWritten(): number { return this.written; }
  get readyState(): string {
    if (this.connecting) return "opening";
    if (this.readable && this.writable) return "open";
    if (this.readable) return "readOnly";
    if (this.writable) return "writeOnly";
    return "closed";
  }

  connect(portOrOpts: number | { port: number; host?: string }, hostOrCb?: string | (() => void), cb?: () => void): this {
    const port = typeof portOrOpts === "number" ? portOrOpts : portOrOpts.port;
    const host = typeof portOrOpts === "object" ? portOrOpts.host ?? "127.0.0.1" : typeof hostOrCb === "string" ? hostOrCb : "127.0.0.1";
    const done = typeof hostOrCb === "function" ? hostOrCb : cb;
    if (done) this.once("connect", done);
    this.connecting = true;
    this.remotePort = port;
    try { parseIp(host); } catch { // a hostname: the stack's resolver, or a clear error (asynchronously, as net)
      this.stack.resolveHost(host).then((ip) => { if (!this.destroyed) this.open(ip, port); }, (e) => this.destroy(e));
      return this;
    }
    this.open(host, port);
    return this;
  }

  private open(host: string, port: number): void {
    const h = this.stack.core.connect(host, port, 0, this.stack.now());
    if (h < 0) {
      process.nextTick(() => this.destroy(this.error(h, `connect ${host}:${port}`)));
      return;
    }
    this.handle = h;
    this.remoteAddress = host;
    this.stack.register(this);
    this.updateHold();
    this.stack.afterCall();
  }

  private error(code: number, what: string): Error & { code: string } {
    const c = errCode(code);
    return Object.assign(new Error(`${what}: ${c}`), { code: c, errno: code, syscall: what.split(" ")[0] });
  }

  private markConnected(): void {
    const core = this.stack.core;
    this.connected = true;
    this.connecting = false;
    this.remoteAddress = formatIp(core.remoteIp(this.handle));
    this.remotePort = core.remotePort(this.handle);
    this.localAddress = this.stack.ip;
    this.localPort = core.localPort(this.handle);
  }

  address() { return { address: this.localAddress ?? this.stack.ip, port: this.localPort ?? 0, family: "IPv4" }; }

  /** Called by the stack with this handle's event bits after every core call. */
  service(ev: number): void {
    if (this.handle < 0 || this.destroyed) return;
    if (!this.connected && (ev & Ev.CONNECTED)) {
      this.markConnected();
      this.emit("connect");
      this.emit("ready");
    }
    if (ev & Ev.ERROR) {
      const e = this.stack.core.getopt(this.handle, Opt.SO_ERROR);
      if (e < 0) { this.destroy(this.error(e, this.connected ? "read" : `connect ${this.remoteAddress}:${this.remotePort}`)); return; }
    }
    // Reads and writes wait for the end of the current turn: a burst of frames (a window of data, its
    // ACKs) is then read with one recv and answered with one send, not one of each per frame.
    const read = (ev & Ev.READABLE) && this.wanted && !this.readEnded;
    const write = (this.writes.length && (ev & Ev.WRITABLE)) || (this.finalCb && !this.finalSent);
    if (read || write) this.queueWork();
    if ((ev & Ev.CLOSED) && this.readEnded && this.finalSent) this.destroy();
  }

  private queueWork(): void {
    if (this.workQueued) return;
    this.workQueued = true;
    process.nextTick(this.workFn); // cheaper in Node than queueMicrotask, which makes an AsyncResource per call
  }

  /** queueWork()'s task: a closure made once per socket that only calls the method, which all sockets
   *  share (and with it the code V8 optimises for it). */
  private readonly workFn = () => this.work();
  private work(): void {
    this.workQueued = false;
    if (this.handle < 0 || this.destroyed) return;
    this.readAvailable();
    if (this.writes.length || this.finalCb) this.flushWrites();
    this.stack.afterCall();
  }

  private touch(): void { this.lastActive = this.stack.clock.now(); }

  /** Pushes what has arrived; returns whether anything was taken from the core (bytes or the end). */
  private readAvailable(): boolean {
    const core = this.stack.core;
    let moved = false;
    while (!this.readEnded && !this.destroyed) {
      const r = core.recv(this.handle, 65536, this.stack.now(), Buffer.allocUnsafe) as Buffer | number;
      if (typeof r !== "number") {
        moved = true;
        this.bytesRead += r.length;
        this.touch();
        if (!this.push(r)) { this.wanted = false; break; }
        continue;
      }
      if (r === 0) { moved = true; this.readEnded = true; this.push(null); }
      break;
    }
    return moved;
  }

  override _read(): void {
    this.wanted = true;
    // Node asks again after each chunk it hands on; finding nothing changes nothing in the core.
    if (this.handle >= 0 && this.connected && this.readAvailable()) this.stack.afterCall();
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (e?: Error | null) => void): void {
    this.writes.push({ data: new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length), cb });
    this.flushWrites();
    this.stack.afterCall();
  }

  override _final(cb: (e?: Error | null) => void): void {
    this.finalCb = cb;
    this.flushWrites();
    this.stack.afterCall();
  }

  private flushWrites(): void {
    const core = this.stack.core;
    if (this.handle < 0) return;
    while (this.writes.length) {
      const w = this.writes[0];
      if (w.data.length === 0) { this.writes.shift(); w.cb(); continue; } // http ends messages so
      const r = core.send(this.handle, w.data, this.stack.now());
      if (r === -1 || r === 0) return; // no room now: WRITABLE will bring us back
      if (r < 0) { this.writes = []; w.cb(this.error(r, "write")); return; }
      this.written += r;
      this.touch();
      if (r < w.data.length) { w.data = w.data.subarray(r); return; }
      this.writes.shift();
      w.cb();
    }
    if (this.finalCb && !this.finalSent) {
      this.finalSent = true;
      const r = core.shutdown(this.handle, Shut.WR, this.stack.now());
      const cb = this.finalCb;
      this.finalCb = null;
      cb(r < 0 && r !== -5 ? this.error(r, "shutdown") : null);
    }
  }

  override _destroy(err: Error | null, cb: (e?: Error | null) => void): void {
    this.cancelIdle?.();
    if (this.handle >= 0) {
      const core = this.stack.core;
      // An error (or an abandoned connection) resets; otherwise close lets the FIN and TIME-WAIT finish.
      if (err && core.state(this.handle) !== State.CLOSED) core.abort(this.handle, this.stack.now());
      else core.close(this.handle, this.stack.now());
      this.stack.unregister(this);
      this.stack.afterCall();
    }
    this.updateHold();
    cb(err);
  }

  /** Stack.close(): the connection is reset already; the socket just goes. */
  terminate(): void { this.destroy(); }

  /** net.Socket#destroySoon: end, and destroy once everything is written. */
  destroySoon(): void {
    if (this.writable) this.end();
    if (this.writableFinished) this.destroy(); else this.once("finish", () => this.destroy());
  }

  setNoDelay(noDelay = true): this {
    if (this.handle >= 0) { this.stack.core.setopt(this.handle, Opt.NODELAY, noDelay ? 1 : 0, this.stack.now()); this.stack.afterCall(); }
    return this;
  }

  setKeepAlive(enable = false, initialDelayMs = 0): this {
    if (this.handle >= 0) {
      const core = this.stack.core;
      if (initialDelayMs > 0) core.setopt(this.handle, Opt.KEEPIDLE, Math.max(1, Math.round(initialDelayMs / 1000)), this.stack.now());
      core.setopt(this.handle, Opt.KEEPALIVE, enable ? 1 : 0, this.stack.now());
      this.stack.afterCall();
    }
    return this;
  }

  /** net.Socket#setTimeout: 'timeout' after `ms` without activity (the socket stays open). */
  setTimeout(ms: number, cb?: () => void): this {
    this.idleMs = ms;
    if (cb) this.once("timeout", cb);
    this.cancelIdle?.();
    this.cancelIdle = null;
    if (ms > 0) { this.touch(); this.armIdle(); }
    return this;
  }

  private armIdle(): void {
    const clock = this.stack.clock;
    this.cancelIdle = clock.at(this.lastActive + this.idleMs, () => {
      if (this.destroyed || this.idleMs === 0) return;
      if (clock.now() - this.lastActive >= this.idleMs) { this.lastActive = clock.now(); this.emit("timeout"); }
      this.armIdle();
    });
  }

  /** As net.Socket: an open socket keeps the process alive unless unref'd. */
  ref(): this { this.refd = true; this.updateHold(); return this; }
  unref(): this { this.refd = false; this.updateHold(); return this; }
  private updateHold(): void { this.stack.hold(this, this.refd && this.handle >= 0 && !this.destroyed); }
}
