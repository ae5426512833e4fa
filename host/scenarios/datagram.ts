// Ladder labels for UDP datagrams: a DNS message (RFC 1035 4.1) as its question or answers, anything else
// as its ports and length.
import { formatIp } from "../addr.js";
import type { Seen } from "../frame.js";

const RCODES: Record<number, string> = { 1: "FORMERR", 2: "SERVFAIL", 3: "NXDOMAIN", 5: "REFUSED" };

/** The dotted name at `off` (pointers followed, 16 at most) and the offset past it, or null. */
function name(m: Uint8Array, off: number): [string, number] | null {
  const labels: string[] = [];
  let end = -1;
  for (let hops = 0; off < m.length && hops < 16;) {
    const n = m[off];
    if ((n & 0xc0) === 0xc0) {
      if (off + 1 >= m.length) return null;
      if (end < 0) end = off + 2;
      off = ((n & 0x3f) << 8) | m[off + 1];
      hops++;
      continue;
    }
    if (n === 0) return [labels.join(".") || ".", end < 0 ? off + 1 : end];
    if (off + 1 + n > m.length) return null;
    labels.push(String.fromCharCode(...m.subarray(off + 1, off + 1 + n)));
    off += n + 1;
  }
  return null;
}

export function describeDatagram(s: Seen): string {
  const m = s.payload ?? new Uint8Array(0);
  const dns = s.sport === 53 || s.dport === 53;
  if (!dns || m.length < 12) return `UDP ${s.sport} > ${s.dport} (${m.length})`;
  const v = new DataView(m.buffer, m.byteOffset, m.byteLength);
  const id = `id ${v.getUint16(0).toString(16).padStart(4, "0")}`, flags = v.getUint16(2), qd = v.getUint16(4), an = v.getUint16(6);
  const q = qd ? name(m, 12) : null;
  if (!q || q[1] + 4 > m.length) return `DNS ${id} (${m.length})`;
  const type = v.getUint16(q[1]) === 1 ? "A" : `type ${v.getUint16(q[1])}`;
  if (!(flags & 0x8000)) return `DNS query ${type}? ${q[0]} ${id}`;
  const rcode = flags & 15;
  if (rcode) return `DNS ${RCODES[rcode] ?? `rcode ${rcode}`} ${q[0]} ${id}`;
  const out: string[] = [];
  let off = q[1] + 4;
  for (let i = 0; i < an; i++) {
    const r = name(m, off);
    if (!r || r[1] + 10 > m.length) break;
    const rtype = v.getUint16(r[1]), ttl = v.getUint32(r[1] + 4), len = v.getUint16(r[1] + 8);
    if (rtype === 1 && len === 4) out.push(`${formatIp(v.getUint32(r[1] + 10))} TTL ${ttl}`);
    off = r[1] + 10 + len;
  }
  return `DNS answer ${q[0]} A ${out.join(", ") || "none"} ${id}`;
}
