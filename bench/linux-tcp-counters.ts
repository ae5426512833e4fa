// The Linux kernel's TCP counters in one network namespace, under nstat's names (TcpRetransSegs,
// TcpExtTCPDSACKRecv, ...): /proc/net/snmp and /proc/net/netstat, which nstat reads, are per namespace,
// so in a namespace made for one transfer they count that transfer alone.
import type { Netns } from "../tests/node/support/netns.js";

/** Pairs of lines "Tcp: Name1 Name2 ..." / "Tcp: 1 2 ...", as nstat names them. */
export function parseSnmp(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  const lines = text.split("\n");
  for (let i = 0; i + 1 < lines.length; i += 2) {
    const [group, ...names] = lines[i].split(/\s+/).filter(Boolean);
    const values = lines[i + 1].split(/\s+/).filter(Boolean).slice(1);
    if (!group?.endsWith(":")) continue;
    names.forEach((n, k) => { out[group.slice(0, -1) + n] = Number(values[k]); });
  }
  return out;
}

export function linuxTcpCounters(ns: Netns): Record<string, number> {
  return parseSnmp(ns.exec(["cat", "/proc/net/snmp", "/proc/net/netstat"]).toString());
}
