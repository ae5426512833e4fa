// Names the first difference between two replay outputs: the line, and for frames the first field
// (Ethernet, ARP, IPv4, ICMP, TCP header fields, TCP options, payload byte) whose bytes differ.

interface Field { name: string; at: number; len: number }

function fields(f: Uint8Array): Field[] {
  const out: Field[] = [
    { name: "eth.dst", at: 0, len: 6 }, { name: "eth.src", at: 6, len: 6 }, { name: "eth.type", at: 12, len: 2 },
  ];
  const type = f.length >= 14 ? (f[12] << 8) | f[13] : 0;
  if (type === 0x0806) {
    out.push({ name: "arp.htype", at: 14, len: 2 }, { name: "arp.ptype", at: 16, len: 2 }, { name: "arp.hlen", at: 18, len: 1 },
      { name: "arp.plen", at: 19, len: 1 }, { name: "arp.op", at: 20, len: 2 }, { name: "arp.sha", at: 22, len: 6 },
      { name: "arp.spa", at: 28, len: 4 }, { name: "arp.tha", at: 32, len: 6 }, { name: "arp.tpa", at: 38, len: 4 });
    return out;
  }
  if (type !== 0x0800 || f.length < 34) return out;
  out.push({ name: "ip.version_ihl", at: 14, len: 1 }, { name: "ip.tos", at: 15, len: 1 }, { name: "ip.total_length", at: 16, len: 2 },
    { name: "ip.id", at: 18, len: 2 }, { name: "ip.flags_fragment", at: 20, len: 2 }, { name: "ip.ttl", at: 22, len: 1 },
    { name: "ip.protocol", at: 23, len: 1 }, { name: "ip.checksum", at: 24, len: 2 }, { name: "ip.src", at: 26, len: 4 },
    { name: "ip.dst", at: 30, len: 4 });
  const t = 14 + (f[14] & 15) * 4;
  if (f[23] === 1) {
    out.push({ name: "icmp.type", at: t, len: 1 }, { name: "icmp.code", at: t + 1, len: 1 }, { name: "icmp.checksum", at: t + 2, len: 2 },
      { name: "icmp.id", at: t + 4, len: 2 }, { name: "icmp.seq", at: t + 6, len: 2 });
  } else if (f[23] === 6 && f.length >= t + 20) {
    const hl = (f[t + 12] >> 4) * 4;
    out.push({ name: "tcp.sport", at: t, len: 2 }, { name: "tcp.dport", at: t + 2, len: 2 }, { name: "tcp.seq", at: t + 4, len: 4 },
      { name: "tcp.ack", at: t + 8, len: 4 }, { name: "tcp.data_offset", at: t + 12, len: 1 }, { name: "tcp.flags", at: t + 13, len: 1 },
      { name: "tcp.window", at: t + 14, len: 2 }, { name: "tcp.checksum", at: t + 16, len: 2 }, { name: "tcp.urgent", at: t + 18, len: 2 },
      { name: "tcp.options", at: t + 20, len: Math.max(0, hl - 20) });
  }
  return out;
}

const hexOf = (b: Uint8Array, at: number, len: number) => Buffer.from(b.subarray(at, at + len)).toString("hex") || "(absent)";

/** The first differing field of two frames (given in hex), e.g. "tcp.seq: 0a0b0c0d vs 0a0b0c0e". */
export function frameDiff(ahex: string, bhex: string): string {
  const a = new Uint8Array(Buffer.from(ahex, "hex")), b = new Uint8Array(Buffer.from(bhex, "hex"));
  let first = 0;
  while (first < a.length && first < b.length && a[first] === b[first]) first++;
  for (const f of fields(a)) {
    if (first >= f.at && first < f.at + f.len) return `${f.name}: ${hexOf(a, f.at, f.len)} vs ${hexOf(b, f.at, f.len)}`;
  }
  if (first === a.length || first === b.length) return `length: ${a.length} vs ${b.length} bytes`;
  const last = fields(a).at(-1)!;
  return `payload byte ${first - (last.at + last.len)} (frame byte ${first}): ${hexOf(a, first, 1)} vs ${hexOf(b, first, 1)}`;
}

/** null if the outputs are identical, else a message naming the first difference. */
export function firstDifference(aName: string, a: string[], bName: string, b: string[]): string | null {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a[i] === b[i]) continue;
    const cut = (s: string | undefined) => (s === undefined ? "(end of output)" : s.length > 160 ? s.slice(0, 160) + "..." : s);
    let msg = `output line ${i + 1} differs\n  ${aName}: ${cut(a[i])}\n  ${bName}: ${cut(b[i])}`;
    const ma = /^(\d+) tx ([0-9a-f]+)$/.exec(a[i] ?? ""), mb = /^(\d+) tx ([0-9a-f]+)$/.exec(b[i] ?? "");
    if (ma && mb) {
      const frames = a.slice(0, i).filter((l) => / tx /.test(l)).length;
      msg += `\n  frame #${frames + 1}` + (ma[1] !== mb[1] ? ` sent at ${ma[1]} ms vs ${mb[1]} ms` : ` at ${ma[1]} ms`);
      if (ma[2] !== mb[2]) msg += `: first differing field ${frameDiff(ma[2], mb[2])}`;
    }
    return msg;
  }
  return null;
}
