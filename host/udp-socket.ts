// A UDP endpoint of a Stack, in the manner of Node's dgram: send(data, port, address), "message" events
// with the source, "error" events for ICMP errors about what was sent. Datagrams wait in the core's queue
// until the stack's pump delivers them.
import { Ev, errCode } from "./abi.js";
import { formatIp } from "./addr.js";
import { Emitter } from "./emitter.js";
import type { Stack } from "./stack.js";
import { tcpError } from "./tcp-socket.js";

export interface RemoteInfo { address: string; port: number; size: number }

export class UdpSocket extends Emitter {
  private closed = false;

  /** Made by Stack.udp(); `handle` is the core's endpoint. */
  constructor(readonly stack: Stack, readonly handle: number) {
    super();
    stack.registerUdp(this);
    stack.hold(this, true);
  }

  /** The local port (an ephemeral one when bound to 0). */
  get port(): number { return this.stack.core.udpLocalPort(this.handle); }

  /** Sends one datagram; throws an Error with `code` (EMSGSIZE, EADDRNOTAVAIL, ...) if the core refuses. */
  send(data: Uint8Array | string, port: number, address: string): void {
    if (this.closed) throw Object.assign(new Error("send on a closed UDP socket"), { code: "EBADF" });
    const b = typeof data === "string" ? new TextEncoder().encode(data) : data;
    const r = this.stack.core.udpSend(this.handle, b, address, port, this.stack.now());
    this.stack.afterCall();
    if (r < 0) throw tcpError(r, `send to ${address}:${port}`);
  }

  /** Called by the stack after every call into the core: delivers queued datagrams and errors. */
  service(ev: number): void {
    if (this.closed || ev < 0) return;
    if (ev & Ev.ERROR) {
      const err = this.stack.core.udpError(this.handle);
      if (err < 0) this.emit("error", Object.assign(new Error(`ICMP: ${errCode(err)}`), { code: errCode(err) }));
    }
    if (!(ev & Ev.READABLE)) return;
    for (let m = this.stack.core.udpRecv(this.handle); typeof m !== "number" && !this.closed; m = this.stack.core.udpRecv(this.handle)) {
      const info: RemoteInfo = { address: formatIp(m.address), port: m.port, size: m.data.length };
      this.emit("message", m.data, info);
    }
  }

  /** Releases the endpoint; queued datagrams are dropped. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (!this.stack.isClosed) this.stack.core.udpClose(this.handle);
    this.stack.unregisterUdp(this);
    this.stack.hold(this, false);
    this.emit("close");
  }

  /** As Node's: the socket no longer keeps the process alive. */
  unref(): this { this.stack.hold(this, false); return this; }
  ref(): this { if (!this.closed) this.stack.hold(this, true); return this; }
}
