// A Node net.Server-compatible listener on a Stack: 'connection' for every accepted Socket.
import { EventEmitter } from "node:events";
import { Ev, errCode } from "./abi.js";
import { Socket } from "./socket.js";
import type { Stack } from "./stack.js";

export class Server extends EventEmitter {
  handle = -1;
  private port = 0;

  constructor(readonly stack: Stack, listener?: (s: Socket) => void) {
    super();
    if (listener) this.on("connection", listener);
  }

  get listening(): boolean { return this.handle >= 0; }

  listen(port: number, backlogOrCb?: number | (() => void), cb?: () => void): this {
    const backlog = typeof backlogOrCb === "number" ? backlogOrCb : 511;
    const done = typeof backlogOrCb === "function" ? backlogOrCb : cb;
    const h = this.stack.core.listen(port, backlog);
    if (h < 0) {
      const c = errCode(h);
      process.nextTick(() => this.emit("error", Object.assign(new Error(`listen ${c}: port ${port}`), { code: c })));
      return this;
    }
    this.handle = h;
    this.port = port;
    this.stack.register(this);
    if (done) this.once("listening", done);
    process.nextTick(() => this.emit("listening"));
    return this;
  }

  address() { return { address: this.stack.ip, port: this.port, family: "IPv4" }; }

  service(ev: number): void {
    if (!(ev & Ev.ACCEPTABLE)) return;
    for (let h = this.stack.core.accept(this.handle); h >= 0; h = this.stack.core.accept(this.handle)) {
      this.emit("connection", new Socket({ stack: this.stack, handle: h }));
    }
  }

  close(cb?: (err?: Error) => void): this {
    if (this.handle >= 0) {
      this.stack.core.close(this.handle, this.stack.now());
      this.stack.unregister(this);
      this.handle = -1;
      this.stack.afterCall();
    }
    process.nextTick(() => { this.emit("close"); cb?.(); });
    return this;
  }

  ref(): this { return this; }
  unref(): this { return this; }
}
