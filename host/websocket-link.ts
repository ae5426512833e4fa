// A Link over a WebSocket: every binary message is one Ethernet frame, both ways. In a browser it joins
// a stack to a relay (examples/websocket-relay.mjs puts one in front of a stack in Node); it takes any
// object with the standard WebSocket interface (the browser's, Node 22's, or the ws package's).
import type { Link, LinkPort } from "./stack.js";

/** The part of the standard WebSocket interface the link uses. */
export interface WebSocketLike {
  binaryType: string;
  readyState: number;
  send(data: Uint8Array): void;
  close(): void;
  addEventListener(type: "open" | "close" | "error", fn: () => void): void;
  addEventListener(type: "message", fn: (ev: { data: unknown }) => void): void;
}

export class WebSocketLink implements Link {
  readonly ws: WebSocketLike;
  /** Resolves when the socket is open; rejects if it fails first. */
  readonly ready: Promise<void>;
  private port: LinkPort | null = null;

  /** `ws`: a URL (the global WebSocket connects to it) or an open or opening WebSocket. */
  constructor(ws: string | URL | WebSocketLike) {
    this.ws = typeof ws === "string" || ws instanceof URL ? new WebSocket(ws) as unknown as WebSocketLike : ws;
    this.ws.binaryType = "arraybuffer";
    this.ready = this.ws.readyState === 1 ? Promise.resolve() : new Promise<void>((resolve, reject) => {
      this.ws.addEventListener("open", () => resolve());
      this.ws.addEventListener("error", () => reject(new Error("WebSocket link failed to open")));
    });
    this.ready.catch(() => {});
    this.ws.addEventListener("message", (ev) => {
      if (ev.data instanceof ArrayBuffer) this.port?.receive(new Uint8Array(ev.data));
      else if (ArrayBuffer.isView(ev.data)) this.port?.receive(new Uint8Array(ev.data.buffer, ev.data.byteOffset, ev.data.byteLength));
    });
  }

  attach(port: LinkPort): (frame: Uint8Array) => void {
    this.port = port;
    return (frame) => { if (this.ws.readyState === 1) this.ws.send(frame); };
  }
  detach(port: LinkPort): void { if (this.port === port) this.port = null; }
  close(): void { this.ws.close(); }
}
