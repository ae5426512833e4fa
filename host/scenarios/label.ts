// How a segment is written in the ladders: flags, sequence numbers relative to each side's ISN (as
// Wireshark shows them), ack, window in bytes, and the options worth reading.
import { bitsToFlags, optionsToString, type Seen } from "../frame.js";
import { formatIp } from "../addr.js";
import type { SegmentEvent } from "./types.js";
import { RelativeSeq } from "../relative-seq.js";

export class SegmentLabeller {
  private readonly rs: RelativeSeq;
  private readonly wscale = new Map<string, number>();
  constructor(absolute: boolean) { this.rs = new RelativeSeq(absolute); }

  /** The trace event of a segment seen on the link; `speaker` prefixes the label with that address. */
  describe(ms: number, from: string, to: string, s: Seen, lost: boolean, speaker?: number): SegmentEvent {
    const src = `${formatIp(s.src!)}:${s.sport}`, dst = `${formatIp(s.dst!)}:${s.dport}`;
    const key = `${src}>${dst}`, back = `${dst}>${src}`;
    const syn = (s.flags! & 0x02) !== 0, hasAck = (s.flags! & 0x10) !== 0;
    this.rs.see(key, s); // each direction of the 4-tuple is a side
    const len = s.payload!.length;
    const seq = this.rs.rel(key, s.seq!);
    const opts = s.options!.filter((x) => x.kind !== "nop" && x.kind !== "eol")
      .map((x) => x.kind === "sack" ? { ...x, blocks: x.blocks.map(([a, b]) => [this.rs.rel(back, a), this.rs.rel(back, b)] as [number, number]) } : x);
    const flags = bitsToFlags(s.flags!);
    // RFC 7323: a shift applies to later segments only if both SYNs offered one.
    const ws = s.options!.find((x) => x.kind === "wscale");
    if (syn) this.wscale.set(key, ws && ws.kind === "wscale" ? ws.value : -1);
    const shift = !syn && (this.wscale.get(key) ?? -1) >= 0 && (this.wscale.get(back) ?? -1) >= 0 ? this.wscale.get(key)! : 0;
    const window = s.win! << shift;
    // As tcpdump: seq:end(len) for data, the bare sequence number otherwise.
    let label = len ? `${flags} ${seq}:${(seq + len) >>> 0}(${len})` : `${flags} ${seq}`;
    if (hasAck) label += ` ack ${this.rs.rel(back, s.ack!)}`;
    label += ` win ${window}`;
    const options = opts.length ? optionsToString(opts) : "";
    if (options && (syn || opts.some((x) => x.kind === "sack"))) label += ` ${options}`;
    if (speaker !== undefined) label = `${formatIp(speaker)}: ${label}`;
    return { t: ms, kind: "segment", from, to, lost, rexmt: false, src, dst, flags, seq: s.seq!, ack: s.ack!, len, win: s.win!, window, options, label };
  }
}
