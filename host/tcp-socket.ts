// One connection of a Stack as web streams (the same API in Node and browsers): `readable` gives the
// bytes received, `writable` takes the bytes to send; closing the writable sends FIN. Backpressure both
// ways: bytes not yet read stay in the core, so its receive window closes; a write resolves once the
// core's send buffer has taken all of it.
import { Ev, Opt, Shut, errCode } from "./abi.js";
import { formatIp } from "./addr.js";
import type { Stack } from "./stack.js";

/** An Error with Node's errno-style `code` ("ECONNREFUSED", "ECONNRESET", ...). */
export type TcpError = Error & { code: string };

export function tcpError(code: number, what: string): TcpError {
  const c = errCode(code);
  return Object.assign(new Error(`${what}: ${c}`), { code: c });
}

/** Bytes kept in the readable stream's queue before reading stops and the window starts to close. */
const READ_QUEUE = 65536;

export class TcpSocket {
  /** Bytes from the peer; ends at the peer's FIN. Cancelling it stops reading (shutdown SHUT_RD). */
  readonly readable: ReadableStream<Uint8Array>;
  /** Bytes to the peer; `close()` sends FIN once everything is sent, `abort()` resets. */
  readonly writable: WritableStream<Uint8Array>;
  /** Resolves when the connection is established; rejects with a TcpError if it fails. */
  readonly opened: Promise<void>;
  /** Resolves once the socket is closed both ways; rejects with a TcpError on reset or timeout. */
  readonly closed: Promise<void>;
  readonly listener = false;
  remoteAddress = "";
  remotePort = 0;
  localAddress: string;
  localPort = 0;

  private reader!: ReadableStreamDefaultController<Uint8Array>;
  private writer!: WritableStreamDefaultController;
  private readWaiter: (() => void) | null = null;
  private readDone = false;
  private pendingWrite: { data: Uint8Array; resolve: () => void; reject: (e: Error) => void } | null = null;
  private writeDone = false;
  private connected = false;
  private done = false;
  private refd = true;
  private workQueued = false;
  private settleOpened!: [() => void, (e: Error) => void];
  private settleClosed!: [() => void, (e: Error) => void];

  /** Made by Stack.connect() and TcpListener; `handle` is the core's connection. */
  constructor(readonly stack: Stack, readonly handle: number, what: { remoteAddress?: string; remotePort?: number; accepted?: boolean }) {
    this.localAddress = stack.ip;
    this.remoteAddress = what.remoteAddress ?? "";
    this.remotePort = what.remotePort ?? 0;
    this.opened = new Promise((res, rej) => { this.settleOpened = [res, rej]; });
    this.closed = new Promise((res, rej) => { this.settleClosed = [res, rej]; });
    // Whoever does not wait on these must not see an unhandled rejection.
    this.opened.catch(() => {});
    this.closed.catch(() => {});
    this.readable = new ReadableStream<Uint8Array>({
      start: (c) => { this.reader = c; },
      pull: () => this.pull(),
      cancel: () => { this.readDone = true; this.core.shutdown(handle, Shut.RD, stack.now()); this.afterIo(); },
    }, new ByteLengthQueuingStrategy({ highWaterMark: READ_QUEUE }));
    this.writable = new WritableStream<Uint8Array>({
      start: (c) => { this.writer = c; },
      write: (chunk) => new Promise<void>((resolve, reject) => {
        this.pendingWrite = { data: chunk, resolve, reject };
        this.flushWrite();
        stack.afterCall();
      }),
      close: () => { this.writeDone = true; this.shutdownWrite(); this.afterIo(); },
      abort: () => this.abort(),
    });
    stack.register(this);
    this.updateHold();
    if (what.accepted) this.markConnected();
  }

  private get core() { return this.stack.core; }

  /** Closes both ways: pending writes finish and FIN follows; unread bytes are dropped. */
  async close(): Promise<void> {
    if (!this.done) {
      if (!this.writeDone) await this.writable.close().catch(() => {});
      if (!this.readDone) await this.readable.cancel().catch(() => {});
      this.finish(null);
    }
    return this.closed;
  }

  /** Resets the connection (RST) and errors both streams. */
  abort(): void {
    if (this.done) return;
    this.core.abort(this.handle, this.stack.now());
    this.finish(tcpError(-14, "abort"));
  }

  setNoDelay(on = true): this { this.core.setopt(this.handle, Opt.NODELAY, on ? 1 : 0, this.stack.now()); this.stack.afterCall(); return this; }
  /** Keepalive probes after `idleMs` without traffic (RFC 1122 4.2.3.6). */
  setKeepAlive(on = true, idleMs = 0): this {
    if (idleMs > 0) this.core.setopt(this.handle, Opt.KEEPIDLE, Math.max(1, Math.round(idleMs / 1000)), this.stack.now());
    this.core.setopt(this.handle, Opt.KEEPALIVE, on ? 1 : 0, this.stack.now());
    this.stack.afterCall();
    return this;
  }
  /** As Node's socket.unref(): an open socket no longer keeps the process alive. */
  unref(): this { this.refd = false; this.updateHold(); return this; }
  ref(): this { this.refd = true; this.updateHold(); return this; }

  /** The stack's call after every step of the core: this handle's event bits. */
  service(ev: number): void {
    if (this.done) return;
    if (!this.connected && (ev & Ev.CONNECTED)) this.markConnected();
    if (ev & Ev.ERROR) {
      const e = this.core.getopt(this.handle, Opt.SO_ERROR);
      if (e < 0) { this.finish(tcpError(e, this.connected ? "read" : `connect ${this.remoteAddress}:${this.remotePort}`)); return; }
    }
    // Reads and writes wait for the end of the current turn: a burst of frames (a window of data, its
    // ACKs) is then read with one recv and answered with one send, not one of each per frame.
    const read = (ev & (Ev.READABLE | Ev.EOF)) && !this.readDone && (this.reader.desiredSize ?? 0) > 0;
    if (read || (this.pendingWrite && (ev & Ev.WRITABLE))) this.queueWork();
    if (this.readDone && this.writeDone && (ev & Ev.CLOSED)) this.finish(null);
  }

  private queueWork(): void {
    if (this.workQueued) return;
    this.workQueued = true;
    queueMicrotask(this.workFn);
  }

  /** queueWork()'s task: a closure made once per socket that only calls the method, which all sockets
   *  share (and with it the code V8 optimises for it). */
  private readonly workFn = () => this.work();
  private work(): void {
    this.workQueued = false;
    if (this.done) return;
    this.fill();
    if (this.pendingWrite) this.flushWrite();
    this.stack.afterCall();
  }

  /** Tears the socket down now, without telling the peer (Stack.close() has reset it). */
  terminate(): void { this.finish(tcpError(-14, "stack closed")); }

  private markConnected(): void {
    this.connected = true;
    this.remoteAddress = formatIp(this.core.remoteIp(this.handle));
    this.remotePort = this.core.remotePort(this.handle);
    this.localPort = this.core.localPort(this.handle);
    this.settleOpened[0]();
  }

  private pull(): Promise<void> | void {
    if (this.fill() || this.readDone) return;
    return new Promise<void>((r) => { this.readWaiter = r; });
  }

  /** Moves received bytes into the stream while it wants more; returns whether anything happened. */
  private fill(): boolean {
    let moved = false;
    while (!this.readDone && this.connected && (this.reader.desiredSize ?? 0) > 0) {
      const r = this.core.recv(this.handle, 65536, this.stack.now());
      if (typeof r !== "number") { this.reader.enqueue(r); moved = true; continue; }
      if (r === 0) { this.readDone = true; this.reader.close(); moved = true; }
      break;
    }
    if (moved) {
      const w = this.readWaiter;
      this.readWaiter = null;
      w?.();
      this.afterIo();
    }
    return moved;
  }

  private flushWrite(): void {
    const w = this.pendingWrite;
    if (!w || !this.connected) return;
    const r = this.core.send(this.handle, w.data, this.stack.now());
    if (r === -1 || r === 0) return; // no room: WRITABLE brings us back
    if (r < 0) { this.pendingWrite = null; w.reject(tcpError(r, "write")); return; }
    if (r < w.data.length) { w.data = w.data.subarray(r); return; }
    this.pendingWrite = null;
    w.resolve();
  }

  private shutdownWrite(): void {
    const r = this.core.shutdown(this.handle, Shut.WR, this.stack.now());
    if (r < 0 && r !== -5) throw tcpError(r, "shutdown");
  }

  /** After reading or closing: both ways done means the handle goes back to the core. */
  private afterIo(): void {
    if (this.readDone && this.writeDone && !this.done) this.finish(null);
    else this.stack.afterCall();
  }

  private finish(err: TcpError | null): void {
    if (this.done) return;
    this.done = true;
    if (err) {
      try { this.reader.error(err); } catch { /* already closed */ }
      this.writer.error(err);
      this.pendingWrite?.reject(err);
      this.settleOpened[1](err);
      this.settleClosed[1](err);
    } else {
      if (!this.readDone) try { this.reader.close(); } catch { /* already closed */ }
      if (!this.writeDone) this.writer.error(new Error("socket closed"));
      this.settleClosed[0]();
    }
    this.pendingWrite = null;
    this.readWaiter?.();
    this.core.close(this.handle, this.stack.now()); // FIN and TIME-WAIT go on in the core
    this.stack.unregister(this);
    this.updateHold();
    this.stack.afterCall();
  }

  private updateHold(): void { this.stack.hold(this, this.refd && !this.done); }
}
