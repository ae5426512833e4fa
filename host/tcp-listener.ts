// A listening port of a Stack: accepted connections arrive as TcpSockets, through `accept()`, `for await`
// or the `connections` stream. Connections nobody takes yet wait in the core's accept queue (its backlog
// bounds them, RFC 9293 3.10.1), not in JavaScript.
import { Ev } from "./abi.js";
import type { Stack } from "./stack.js";
import { TcpSocket, tcpError } from "./tcp-socket.js";

export class TcpListener implements AsyncIterable<TcpSocket> {
  readonly listener = true;
  /** Accepted connections, in order; ends when the listener closes. */
  readonly connections: ReadableStream<TcpSocket>;
  private ctl!: ReadableStreamDefaultController<TcpSocket>;
  private waiter: (() => void) | null = null;
  private done = false;
  private refd = true;

  /** Made by Stack.listen(); `handle` is the core's listener. */
  constructor(readonly stack: Stack, readonly handle: number, readonly port: number) {
    this.connections = new ReadableStream<TcpSocket>({
      start: (c) => { this.ctl = c; },
      pull: () => (this.takeOne() || this.done ? undefined : new Promise<void>((r) => { this.waiter = r; })),
      cancel: () => this.close(),
    }, { highWaterMark: 0 });
    stack.register(this);
    this.updateHold();
  }

  /** The next connection (waits for one). */
  async accept(): Promise<TcpSocket> {
    const reader = this.connections.getReader();
    try {
      const r = await reader.read();
      if (r.done) throw tcpError(-5, `accept on port ${this.port}`);
      return r.value;
    } finally { reader.releaseLock(); }
  }

  async *[Symbol.asyncIterator](): AsyncIterator<TcpSocket> {
    const reader = this.connections.getReader();
    try {
      for (let r = await reader.read(); !r.done; r = await reader.read()) yield r.value;
    } finally { reader.releaseLock(); }
  }

  /** Stops listening; connections already accepted go on. */
  close(): void {
    if (this.done) return;
    this.done = true;
    this.stack.core.close(this.handle, this.stack.now());
    this.stack.unregister(this);
    try { this.ctl.close(); } catch { /* cancelled */ }
    this.waiter?.();
    this.updateHold();
    this.stack.afterCall();
  }
  terminate(): void { this.close(); }

  /** As Node's server.unref(): listening alone no longer keeps the process alive. */
  unref(): this { this.refd = false; this.updateHold(); return this; }
  ref(): this { this.refd = true; this.updateHold(); return this; }

  service(ev: number): void {
    if (!(ev & Ev.ACCEPTABLE) || !this.waiter || !this.takeOne()) return;
    const w = this.waiter;
    this.waiter = null;
    w();
  }

  /** Accepts one connection into the stream if the core has one ready. */
  private takeOne(): boolean {
    if (this.done) return false;
    const h = this.stack.core.accept(this.handle);
    if (h < 0) return false;
    this.ctl.enqueue(new TcpSocket(this.stack, h, { accepted: true }));
    return true;
  }

  private updateHold(): void { this.stack.hold(this, this.refd && !this.done); }
}
