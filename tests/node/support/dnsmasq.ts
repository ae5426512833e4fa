// Debian's dnsmasq as the DHCP and DNS server of a namespace a test made (support/netns.ts), on its TAP
// device: a DHCP range with a short lease, router and DNS server options pointing at the Linux side, and
// static names for DNS. Started in the foreground, ready when it says its DHCP range is up; stop() ends
// it (Netns.destroy() would too).
import { execFileSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Netns } from "./netns.js";

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
  /** The lease file's lines: "expiry mac ip hostname client-id". */
  leases(): string[];
  stop(): void;
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
  let out = "";
  const { proc } = await ns.serve(args, /DHCP, IP range/);
  proc.stdout!.on("data", (d) => (out += d));
  proc.stderr!.on("data", (d) => (out += d));
  return {
    proc,
    log: () => out,
    leases: () => (existsSync(leaseFile) ? readFileSync(leaseFile, "utf8").split("\n").filter((l) => l) : []),
    stop() {
      if (proc.exitCode === null) proc.kill("SIGTERM");
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
