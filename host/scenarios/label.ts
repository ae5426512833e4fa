// How a segment is written in the ladders: flags, sequence numbers relative to each side's ISN (as
// Wireshark shows them), ack, window in bytes, and the options worth reading.
import { bitsToFlags, optionsToString, optionsLabel, type Seen } from "../frame.js";
import { formatIp } from "../addr.js";
import type { SegmentEvent } from "./types.js";

export class SegmentLabeller {
  private readonly isn = new Map<string, number>();
  private readonly wscale = new Map<string, number>();
  /** Per direction: the last ACK (number and window), how many duplicates of it followed, and the
   *  highest sequence number sent. */
  private readonly lastAck = new Map<string, { ack: number; win: number; dups: number }>();
  private readonly sent = new Map<string, number>();
  constructor(private readonly absolute: boolean) {}

  /** The trace event of a segment seen on the link; `speaker` prefixes the label with that address. */
  describe(ms: number, from: string, to: string, s: Seen, lost: boolean, speaker?: number, forged = false): SegmentEvent {
    const src = `${formatIp(s.src!)}:${s.sport}`, dst = `${formatIp(s.dst!)}:${s.dport}`;
    const key = `${src}>${dst}`, back = `${dst}>${src}`;
    const syn = (s.flags! & 0x02) !== 0, hasAck = (s.flags! & 0x10) !== 0;
    // A side's ISN: the sequence number of its latest SYN on this 4-tuple (a new SYN starts a new connection).
    // A forged SYN (from a party that does not own the address) on a real connection's 4-tuple starts nothing:
    // numbers stay relative to the real ISN. On a 4-tuple of its own it opens a half-open connection.
    if (syn && (!forged || !this.isn.has(key)) && this.isn.get(key) !== s.seq) this.isn.set(key, s.seq!);
    const base = this.absolute ? 0 : this.isn.get(key) ?? 0, peer = this.absolute ? 0 : this.isn.get(back) ?? 0;
    const len = s.payload!.length;
    const seq = (s.seq! - base) >>> 0;
    const opts = s.options!.filter((x) => x.kind !== "nop" && x.kind !== "eol")
      .map((x) => x.kind === "sack" ? { ...x, blocks: x.blocks.map(([a, b]) => [(a - peer) >>> 0, (b - peer) >>> 0] as [number, number]) } : x);
    const flags = bitsToFlags(s.flags!);
    // RFC 7323: a shift applies to later segments only if both SYNs offered one.
    const ws = s.options!.find((x) => x.kind === "wscale");
    if (syn) this.wscale.set(key, ws && ws.kind === "wscale" ? ws.value : -1);
    const shift = !syn && (this.wscale.get(key) ?? -1) >= 0 && (this.wscale.get(back) ?? -1) >= 0 ? this.wscale.get(key)! : 0;
    const window = s.win! << shift;
    // As tcpdump: seq:end(len) for data, the bare sequence number otherwise.
    let label = len ? `${flags} ${seq}:${(seq + len) >>> 0}(${len})` : `${flags} ${seq}`;
    if (hasAck) label += ` ack ${(s.ack! - peer) >>> 0}`;
    label += ` win ${window}`;
    const options = opts.length ? optionsToString(opts) : "";
    if (options && (syn || opts.some((x) => x.kind === "sack"))) label += ` ${optionsLabel(opts)}`;
    const dup = forged ? 0 : this.duplicateAck(key, back, s, window);
    if (dup) label += ` (dup ACK #${dup})`;
    if (speaker !== undefined) label = `${formatIp(speaker)}: ${label}`;
    return { t: ms, kind: "segment", from, to, lost, rexmt: false, src, dst, flags, seq: s.seq!, ack: s.ack!, len, win: s.win!, window, options, label };
  }

  /** Numbers duplicate ACKs as Wireshark does (#1, #2, ...): RFC 5681 2's definition (no data, no SYN or
   *  FIN, same acknowledgment and window as the last ACK, data outstanding), with a closed window excluded
   *  (the answers to zero-window probes are not a sign of loss). Returns 0 for any other segment. */
  private duplicateAck(key: string, back: string, s: Seen, window: number): number {
    const f = s.flags!, end = (s.seq! + s.payload!.length + (f & 0x03 ? 1 : 0)) >>> 0;
    const high = this.sent.get(key);
    if (high === undefined || ((end - high) | 0) > 0) this.sent.set(key, end);
    if (!(f & 0x10) || (f & 0x07)) return 0;
    const last = this.lastAck.get(key);
    const outstanding = this.sent.has(back) && ((this.sent.get(back)! - s.ack!) | 0) > 0;
    if (last && s.payload!.length === 0 && last.ack === s.ack && last.win === window && window > 0 && outstanding) return ++last.dups;
    this.lastAck.set(key, { ack: s.ack!, win: window, dups: 0 });
    return 0;
  }
}
