// Sequence numbers relative to each side's ISN, as Wireshark shows them: the ladders (host/ladder.ts) and
// the scenario labels (host/scenarios/label.ts) number segments the same way.
import type { Seen } from "./frame.js";

export class RelativeSeq {
  private readonly isn = new Map<string, number>();
  /** `absolute`: keep the wire's numbers. */
  constructor(private readonly absolute = false) {}

  /** Notes a segment sent by `side`: the sequence number of its latest SYN is its ISN (a SYN with a new
   *  number starts a new connection). */
  see(side: string, s: Seen): void {
    if ((s.flags! & 0x02) && this.isn.get(side) !== s.seq) this.isn.set(side, s.seq!);
  }

  /** `n`, a sequence number of `side`'s, relative to its ISN. */
  rel(side: string, n: number): number {
    return this.absolute ? n >>> 0 : (n - (this.isn.get(side) ?? 0)) >>> 0;
  }
}
