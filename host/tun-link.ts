// A Link whose far end speaks IPv4 packets, TUN-style (layer 3): `readable` gives the packets the stack
// sends, `writable` takes packets for it. The link plays the one neighbour behind which every address
// lies: it answers the stack's ARP requests with its own MAC (RFC 826) and wraps and unwraps Ethernet
// headers, so a stack joins anything that carries bare IP (a VPN tunnel, another stack's TunLink).
import { arpReply } from "./frame.js";
import { parseMac } from "./addr.js";
import type { Link, LinkPort } from "./stack.js";
import { LinkQueue } from "./link-queue.js";

const QUEUE_PACKETS = 256;

export class TunLink implements Link {
  /** IPv4 packets the stack transmits. */
  readonly readable: ReadableStream<Uint8Array>;
  /** IPv4 packets for the stack. */
  readonly writable: WritableStream<Uint8Array>;
  private readonly out = new LinkQueue(QUEUE_PACKETS);
  /** Inbound packets that arrived before the stack's MAC was known. */
  private early = 0;
  private port: LinkPort | null = null;
  private stackMac: Uint8Array | null = null;
  private readonly mac: number[];

  /** Packets dropped because the reader fell behind, or that arrived before the stack's MAC was known. */
  get dropped(): number { return this.out.dropped + this.early; }

  /** `mac`: the address the link answers ARP with (default 02:00:00:00:00:fe). */
  constructor(o: { mac?: string } = {}) {
    this.mac = parseMac(o.mac ?? "02:00:00:00:00:fe");
    this.readable = this.out.readable;
    this.writable = new WritableStream<Uint8Array>({ write: (packet) => this.inbound(packet) });
  }

  attach(port: LinkPort): (frame: Uint8Array) => void {
    this.port = port;
    return (f) => this.outbound(f);
  }
  detach(port: LinkPort): void {
    if (this.port !== port) return;
    this.port = null;
    this.out.close();
  }

  private outbound(f: Uint8Array): void {
    if (f.length < 14) return;
    this.stackMac ??= f.slice(6, 12);
    const v = new DataView(f.buffer, f.byteOffset, f.byteLength);
    const type = v.getUint16(12);
    if (type === 0x0806 && f.length >= 42 && v.getUint16(20) === 1) {
      const sender = v.getUint32(28), target = v.getUint32(38);
      if (target !== sender) this.port?.receive(arpReply({ mac: this.mac, ip: target }, { mac: [...this.stackMac], ip: sender }));
      return;
    }
    if (type !== 0x0800 || f.length < 34) return;
    const total = v.getUint16(16);
    this.out.push(f.slice(14, 14 + Math.min(total, f.length - 14)));
  }

  private inbound(packet: Uint8Array): void {
    if (!this.port || !this.stackMac) { this.early++; return; }
    const f = new Uint8Array(Math.max(60, 14 + packet.length));
    f.set(this.stackMac, 0);
    f.set(this.mac, 6);
    f[12] = 0x08; // IPv4
    f.set(packet, 14);
    this.port.receive(f);
  }
}
