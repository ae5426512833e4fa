// Debian's dnsmasq as the DHCP and DNS server of a namespace a test made (support/netns.ts), on its TAP
// device: a DHCP range with a short lease, router and DNS server options pointing at the Linux side, and
// static names for DNS. Started in the foreground, ready when it says its DHCP range is up; stop() ends
// it (Netns.destroy() would too).
import { execFileSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eventually, type Netns } from "./netns.js";

export interface DnsmasqOptions {
  /** First and last address handed out (inside the namespace's /24). */
  range: [string, string];
  /** Lease time in seconds (dnsmasq's minimum is 120). */
  leaseSeconds?: number;
  /** T1 and T2 in seconds, sent as options 58 and 59 (RFC 2132 9.11, 9.12) instead of dnsmasq's half and
   *  seven eighths of the lease: a short T1 makes the client renew within a test. */
  t1Seconds?: number;
  t2Seconds?: number;
  /** Names DNS answers with an A record: name -> address (dnsmasq's --host-record). */
  hosts?: Record<string, string>;
  /** Extra dnsmasq arguments. */
  extra?: string[];
}

export interface Dnsmasq {
  proc: ChildProcess;
  /** Everything dnsmasq logged so far (its DHCP exchanges with --log-dhcp). */
  log(): string;
  /** The DHCP messages it logged so far, in order, each with the time its line reached this process. */
  messages(): DhcpMessage[];
  /** The lease file's lines: "expiry mac ip hostname client-id". */
  leases(): string[];
  stop(): void;
}

export interface DhcpMessage {
  type: string; // DHCPDISCOVER, DHCPOFFER, DHCPREQUEST, DHCPACK, DHCPNAK, DHCPRELEASE ...
  mac: string;
  at: number; // Date.now() when the line arrived
}

/** Why dnsmasq tests cannot run here, or null. */
export function dnsmasqUnavailable(): string | null {
  try { execFileSync("dnsmasq", ["--version"], { stdio: "ignore" }); return null; } catch { return "dnsmasq is not installed"; }
}

export async function startDnsmasq(ns: Netns, o: DnsmasqOptions): Promise<Dnsmasq> {
  const dir = mkdtempSync(join(tmpdir(), "wasmtcp-dnsmasq-"));
  const leaseFile = join(dir, "leases");
  const args = [
    "dnsmasq", "--keep-in-foreground", "--log-facility=-", "--log-dhcp", "--conf-file=/dev/null", "--pid-file=",
    "--user=root", "--group=root", `--interface=${ns.dev}`, "--bind-interfaces", "--except-interface=lo",
    "--no-resolv", "--no-hosts", "--dhcp-authoritative", `--dhcp-leasefile=${leaseFile}`,
    `--dhcp-range=${o.range[0]},${o.range[1]},255.255.255.0,${o.leaseSeconds ?? 120}`,
    `--dhcp-option=option:router,${ns.linuxIp}`, `--dhcp-option=option:dns-server,${ns.linuxIp}`,
    ...(o.t1Seconds ? [`--dhcp-option=option:T1,${o.t1Seconds}`] : []),
    ...(o.t2Seconds ? [`--dhcp-option=option:T2,${o.t2Seconds}`] : []),
    ...Object.entries(o.hosts ?? {}).map(([name, ip]) => `--host-record=${name},${ip}`),
    ...(o.extra ?? []),
  ];
  let out = "", partial = "";
  const messages: DhcpMessage[] = [];
  const { proc } = await ns.serve(args, /DHCP, IP range/);
  const add = (d: Buffer) => {
    out += d;
    const lines = (partial + d).split("\n");
    partial = lines.pop()!;
    for (const line of lines) {
      const m = /(DHCP[A-Z]+)\(\S+\) (?:\S+ )?([0-9a-f]{2}(?::[0-9a-f]{2}){5})/.exec(line);
      if (m) messages.push({ type: m[1], mac: m[2], at: Date.now() });
    }
  };
  proc.stdout!.on("data", add);
  proc.stderr!.on("data", add);
  return {
    proc,
    log: () => out,
    messages: () => messages.slice(),
    leases: () => (existsSync(leaseFile) ? readFileSync(leaseFile, "utf8").split("\n").filter((l) => l) : []),
    stop() {
      if (proc.exitCode === null) proc.kill("SIGTERM");
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** For a client already bound: waits for its next DHCPREQUEST and the DHCPACK after it (a renewal, RFC 2131
 *  4.4.5) and returns how long after the ACK that bound it the REQUEST came, as the lines arrived here.
 *  Without `since` the renewal is the first after the client's first ACK (it may have come and gone while a
 *  loaded test was still on its way here); with it, the first among the messages from `since` on. */
export async function nextRenewal(dns: Dnsmasq, mac: string, timeoutMs: number, since?: number): Promise<number> {
  return eventually(async () => {
    const all = dns.messages();
    const acks = all.map((m, i) => (m.mac === mac && m.type === "DHCPACK" ? i : -1)).filter((i) => i >= 0);
    const boundAt = since === undefined ? acks[0] : acks.filter((i) => i < since).at(-1);
    if (boundAt === undefined) throw new Error(`no DHCPACK for ${mac} yet: ${dns.log()}`);
    const later = all.slice(since ?? boundAt + 1).filter((m) => m.mac === mac);
    const request = later.findIndex((m) => m.type === "DHCPREQUEST");
    if (request < 0 || !later.slice(request + 1).some((m) => m.type === "DHCPACK")) throw new Error(`no renewal by ${mac}: ${dns.log()}`);
    return later[request].at - all[boundAt].at;
  }, timeoutMs, 20);
}
