// A Link whose far end is a pair of web streams of Ethernet frames, TAP-style: read the frames the stack
// sends from `readable`, write the frames it should receive to `writable`. Pipe them to a WebSocket, a
// WebRTC data channel, a worker or a real NIC to join a stack to anything.
import type { Link, LinkPort } from "./stack.js";
import { LinkQueue } from "./link-queue.js";

/** Frames queued for a reader that does not keep up; past this, new ones are dropped, as a NIC's ring. */
const QUEUE_FRAMES = 256;

export class StreamLink implements Link {
  /** Frames the stack transmits. */
  readonly readable: ReadableStream<Uint8Array>;
  /** Frames for the stack. */
  readonly writable: WritableStream<Uint8Array>;
  private readonly out = new LinkQueue(QUEUE_FRAMES);
  private port: LinkPort | null = null;

  /** Frames dropped because the reader fell `QUEUE_FRAMES` behind. */
  get dropped(): number { return this.out.dropped; }

  constructor() {
    this.readable = this.out.readable;
    this.writable = new WritableStream<Uint8Array>({ write: (frame) => { this.port?.receive(frame); } });
  }

  attach(port: LinkPort): (frame: Uint8Array) => void {
    this.port = port;
    return (frame) => this.out.push(frame);
  }
  detach(port: LinkPort): void {
    if (this.port !== port) return;
    this.port = null;
    this.out.close();
  }
}
