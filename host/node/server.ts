// A Node net.Server-compatible listener on a Stack: 'connection' for every accepted Socket.
import { EventEmitter } from "node:events";
import { Ev, errCode } from "../abi.js";
import { Socket } from "./socket.js";
import type { Stack } from "../stack.js";

export class Server extends EventEmitter {
  handle = -1;
  readonly listener = true;
  private port = 0;
  private refd = true;

  /** Accepted sockets get `allowHalfOpen` (default false, as net.createServer: the peer's FIN ends our side too). */
  readonly allowHalfOpen: boolean;

  constructor(readonly stack: Stack, listener?: (s: Socket) => void, opts: { allowHalfOpen?: boolean } = {}) {
    super();
    this.allowHalfOpen = opts.allowHalfOpen ?? false;
    if (listener) this.on("connection", listener);
  }

  get listening(): boolean { return this.handle >= 0; }

  /** listen(port[, host][, backlog][, cb]) or listen({ port, host, backlog }[, cb]), as net.Server. The
   *  stack has one address, so `host` is only checked against it. */
  listen(...args: unknown[]): this {
    const cb = typeof args[args.length - 1] === "function" ? args.pop() as () => void : undefined;
    let port: number, host: unknown, backlog: unknown;
    if (typeof args[0] === "object" && args[0] !== null) ({ port, host, backlog } = args[0] as { port: number; host?: string; backlog?: number });
    else { port = Number(args[0]); if (typeof args[1] === "number") backlog = args[1]; else { host = args[1]; backlog = args[2]; } }
    if (cb) this.once("listening", cb);
    const fail = (code: string, msg: string) => { process.nextTick(() => this.emit("error", Object.assign(new Error(msg), { code }))); return this; };
    if (typeof host === "string" && !["0.0.0.0", "::", this.stack.ip].includes(host)) return fail("EADDRNOTAVAIL", `listen EADDRNOTAVAIL: address ${host} is not ${this.stack.ip}`);
    const h = this.stack.core.listen(port, typeof backlog === "number" ? backlog : 511);
    if (h < 0) { const c = errCode(h); return fail(c, `listen ${c}: port ${port}`); }
    this.handle = h;
    this.port = port;
    this.stack.register(this);
    this.updateHold();
    process.nextTick(() => this.emit("listening"));
    return this;
  }

  address() { return { address: this.stack.ip, port: this.port, family: "IPv4" }; }

  service(ev: number): void {
    if (!(ev & Ev.ACCEPTABLE)) return;
    for (let h = this.stack.core.accept(this.handle); h >= 0; h = this.stack.core.accept(this.handle)) {
      this.emit("connection", new Socket({ stack: this.stack, handle: h, allowHalfOpen: this.allowHalfOpen }));
    }
  }

  close(cb?: (err?: Error) => void): this {
    if (this.handle >= 0) {
      this.stack.core.close(this.handle, this.stack.now());
      this.stack.unregister(this);
      this.handle = -1;
      this.updateHold();
      this.stack.afterCall();
    }
    process.nextTick(() => { this.emit("close"); cb?.(); });
    return this;
  }

  terminate(): void { this.close(); }

  /** As net.Server: a listening server keeps the process alive unless unref'd. */
  ref(): this { this.refd = true; this.updateHold(); return this; }
  unref(): this { this.refd = false; this.updateHold(); return this; }
  private updateHold(): void { this.stack.hold(this, this.refd && this.handle >= 0); }
}
