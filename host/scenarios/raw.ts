// A port on the virtual link driven by a scenario's script rather than a stack: it sends raw frames (an
// attacker's forged SYNs, an old duplicate, a client speaking in crafted segments).
import { arpReply, decodeFrame, type Seen } from "../frame.js";

/** A port on the link that sends frames the script builds, answers ARP for the addresses it claims, and
 *  hands received TCP (UDP) frames addressed to those to `onTcp` (`onUdp`). */
export class RawPort {
  onTcp: ((s: Seen, frame: Uint8Array) => void) | null = null;
  onUdp: ((s: Seen, frame: Uint8Array) => void) | null = null;
  transmit: (f: Uint8Array) => void = () => {};
  constructor(readonly name: string, readonly mac: number[], readonly ips: number[]) {}
  receive(frame: Uint8Array): void {
    const s = decodeFrame(frame);
    if (s.arpOp === 1 && this.ips.includes(s.arpTarget!)) {
      const from = { mac: Array.from(frame.subarray(6, 12)), ip: s.arpSender! };
      this.transmit(arpReply({ mac: this.mac, ip: s.arpTarget! }, from));
    } else if (s.proto === 6 && this.ips.includes(s.dst!)) this.onTcp?.(s, frame);
    else if (s.proto === 17 && this.ips.includes(s.dst!)) this.onUdp?.(s, frame);
  }
}
