// A virtual Ethernet switch: like VirtualLink (latency, fault rules, observers) but it learns which port
// each source MAC address lives behind (IEEE 802.1D 7.8) and sends a unicast frame only there, flooding
// broadcasts and frames for addresses it has not seen yet.
import { VirtualLink, type Port } from "./link.js";

export class VirtualSwitch extends VirtualLink {
  private readonly table = new Map<string, Port>();

  protected override destinations(src: Port, frame: Uint8Array): Port[] {
    if (frame.length >= 14 && !(frame[6] & 1)) this.table.set(macKey(frame, 6), src);
    const dst = frame.length >= 14 && !(frame[0] & 1) ? this.table.get(macKey(frame, 0)) : undefined;
    if (dst && dst !== src && this.ports.includes(dst)) return [dst];
    return super.destinations(src, frame);
  }

  override detach(p: Port): void {
    super.detach(p);
    for (const [mac, port] of this.table) if (port === p) this.table.delete(mac);
  }
}

function macKey(f: Uint8Array, at: number): string {
  let k = "";
  for (let i = at; i < at + 6; i++) k += f[i].toString(16).padStart(2, "0");
  return k;
}
